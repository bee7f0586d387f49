"""What F1 and the wide help panel say: the keys, and what the focused field is.

Its own module so that the help screen and the help panel (inside the editor)
both use it without the editor and the help screen importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widget import Widget

from selfeval.model import paths

__all__ = ["key_rows", "describe", "legend_rows", "legend_text", "STEP_LIST_TITLE"]

#: what F1 and the help panel call the step list
STEP_LIST_TITLE = "左侧目录（报告的各节）"


def legend_rows() -> list[tuple[str, str]]:
    """(mark, what it means) for the marks and counts of the step list and the findings bar."""
    from selfeval.checks import SEVERITY_MARKS
    from selfeval.tui.status import MARKS

    return [
        (MARKS["complete"], "本节已填完，没有发现问题"),
        (MARKS["progress"], "本节还有没填完的内容"),
        (MARKS["empty"], "本节还没有填写"),
        (MARKS["warning"], "本节有警告，请核对"),
        (MARKS["error"], "本节有错误（包括没有存进草稿的无效输入）"),
        ("节名后的数字", "本节错误和警告共几处；“检查与导出”后是整个报告的"),
        (
            f"{SEVERITY_MARKS['error']}2 {SEVERITY_MARKS['warning']}8 {SEVERITY_MARKS['notice']}3",
            "底部一行：整个报告有几处错误、警告、提示；竖线后是本节的第一个问题，F3 逐个查看",
        ),
    ]


def legend_text() -> str:
    return "\n".join(f"{mark}  {what}" for mark, what in legend_rows())


_MORE_KEYS = [
    ("Tab / Shift+Tab", "下一项 / 上一项"),
    ("↑↓ / 回车", "在左侧目录中选节 / 进入该节"),
    ("空格 / 回车", "勾选、展开、按按钮"),
    ("Ctrl+Z / Ctrl+Y", "文字框中撤销 / 重做"),
]


#: what a key does, where the key bar's short label is not enough
_LONGER = {
    "editor.external_editor": "在外部编辑器（$EDITOR）中编辑当前文字框",
    "expenditure.project_evaluation": "在“支出”的项目行上：打开该项目的项目支出绩效自评表",
}


def key_rows(app: App, sources: Iterable[Iterable[BindingType]]) -> list[tuple[str, str]]:
    """(keys, what they do) for the bindings of ``sources`` (the app's, the editor's,
    the lists'), as this app displays the keys, then the keys every widget knows."""
    rows: list[tuple[str, str]] = []
    for source in sources:
        for b in source:
            if not isinstance(b, Binding) or not b.description:
                continue
            keys = " / ".join(app.get_key_display(Binding(k.strip(), b.action)) for k in b.key.split(","))
            rows.append((keys, _LONGER.get(b.id or "", b.description)))
    return rows + _MORE_KEYS


def describe(widget: Widget | None) -> tuple[str, str]:
    """(title, help text) of the field ``widget`` edits, from the model's metadata;
    for an indicator of the preset, its 评分标准."""
    from selfeval.tui.widgets.step_list import StepList

    if isinstance(widget, StepList):
        return STEP_LIST_TITLE, "↑↓ 选节，回车进入该节。各节前的标记和数字：\n" + legend_text()
    node = widget
    while node is not None:
        indicator = getattr(node, "indicator", None)
        if indicator is not None:
            return (
                f"{indicator.level1} › {indicator.level2} › {indicator.level3}（分值 {indicator.points}）",
                indicator.standard or "（指标体系未写评分标准）",
            )
        path = getattr(node, "path", None)
        if isinstance(path, str) and paths.field_info(path) is not None:
            extra = ""
            extra_node = node.parent
            while extra_node is not None and getattr(extra_node, "indicator", None) is None:
                extra_node = extra_node.parent
            if extra_node is not None:
                ind = extra_node.indicator  # type: ignore[attr-defined]
                extra = f"\n\n评分标准（{ind.level3}）：{ind.standard}"
            return paths.title_of(path), (paths.help_of(path) or "（没有说明）") + extra
        node = node.parent
    return "", ""
