"""One export path (selfeval.export) and one error family (selfeval.errors)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from selfeval import cli, draft, errors, export, framework, lock, render
from selfeval.cli import main

from support import EXAMPLE


# ---- the error family ----------------------------------------------------------


def test_every_user_facing_error_is_a_selfeval_error_and_importable_where_it_was():
    family = {
        draft.DraftError: errors.DraftError,
        framework.PresetError: errors.PresetError,
        render.RenderError: errors.RenderError,
        export.ExportError: errors.ExportError,
        lock.DraftLocked: errors.DraftLocked,
        cli.CliError: errors.UsageError,
    }
    for old_home, cls in family.items():
        assert old_home is cls
        assert issubclass(cls, errors.SelfevalError)
    assert issubclass(errors.SelfevalError, Exception)
    err = draft.DraftError("数字无效", file="a.toml", line=3, path="支出 › 人员经费")
    assert str(err) == "草稿 a.toml 第 3 行 支出 › 人员经费：数字无效"
    assert str(lock.DraftLocked(Path("a.toml"), None)).startswith("草稿 a.toml 正由 另一个程序 编辑")


@pytest.mark.parametrize(
    "raised",
    [
        errors.ExportError("无法写入 x：没有权限"),
        errors.RenderError("找不到模板 x"),
        errors.PresetError("找不到评分指标体系 x"),
        errors.DraftError("文件不存在", file="x.toml"),
        errors.DraftLocked(Path("x.toml"), None),
        errors.UsageError("x 已存在"),
    ],
)
def test_the_cli_prints_any_selfeval_error_as_one_line_and_exits_2(raised, monkeypatch, capsys):
    def fail(*args, **kwargs):
        raise raised

    monkeypatch.setattr(export, "write", fail)
    assert main(["export", str(EXAMPLE), "-o", os.devnull]) == 2
    err = capsys.readouterr().err
    assert err == f"selfeval：{raised}\n"


def test_the_cli_does_not_hide_a_bug(monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(export, "write", bug)
    with pytest.raises(ZeroDivisionError):
        main(["export", str(EXAMPLE), "-o", os.devnull])


def test_a_missing_template_folder_or_preset_is_one_line(example_path: Path, capsys):
    assert main(["export", str(example_path), "--templates", str(example_path.parent / "无")]) == 2
    assert capsys.readouterr().err == f"selfeval：模板文件夹 {example_path.parent / '无'} 不存在\n"
    text = example_path.read_text(encoding="utf-8").replace('preset = "hengyang-2024"', 'preset = "没有这套"')
    example_path.write_text(text, encoding="utf-8")
    assert main(["export", str(example_path), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("selfeval：") and "没有这套" in err and err.count("\n") == 1
    assert not example_path.with_suffix(".md").exists()


# ---- export.write ------------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return draft.load(EXAMPLE)


def test_default_output_is_beside_the_draft():
    assert export.default_output(Path("/a/报告.toml"), "md") == Path("/a/报告.md")
    assert export.default_output("草稿.toml", "docx") == Path("草稿.docx")
    assert export.default_output("草稿.toml", "pdf") == Path("草稿.pdf")
    assert export.default_output("草稿.toml", "xlsx") == Path("草稿.xlsx")
    assert export.FORMATS == ("md", "docx", "pdf", "xlsx")
    with pytest.raises(errors.ExportError, match="不支持的导出格式"):
        export.default_output("草稿.toml", "odt")


def test_markdown_is_exactly_what_render_prints(tmp_path: Path, report):
    out = tmp_path / "r.md"
    assert export.write(report, "md", out, base_dir=EXAMPLE.parent) == out
    expected = render.markdown(report, base_dir=EXAMPLE.parent).encode("utf-8")
    assert out.read_bytes() == expected
    # with the preset or the scores given, the same bytes
    preset = render.preset_for(report, EXAMPLE.parent)
    export.write(report, "md", tmp_path / "p.md", base_dir=EXAMPLE.parent, preset=preset)
    card = framework.evaluate(report, preset)
    export.write(report, "md", tmp_path / "c.md", base_dir=EXAMPLE.parent, card=card)
    assert (tmp_path / "p.md").read_bytes() == expected
    assert (tmp_path / "c.md").read_bytes() == expected


def test_word_is_made_from_the_same_markdown(tmp_path: Path, report):
    docx = pytest.importorskip("docx")
    out = export.write(report, "docx", tmp_path / "r.docx", base_dir=EXAMPLE.parent)
    doc = docx.Document(str(out))
    text = render.markdown(report, base_dir=EXAMPLE.parent)
    # the title: its two lines in the Markdown (a hard break), one paragraph in Word
    assert doc.paragraphs[0].text == "\n".join(line.removesuffix("\\") for line in text.split("\n===")[0].splitlines())
    assert "一、部门概况" in [p.text for p in doc.paragraphs]


def test_an_unwritable_output_raises_export_error_and_leaves_the_old_file(tmp_path: Path, report):
    with pytest.raises(errors.ExportError, match=r"^无法写入 .*missing"):
        export.write(report, "md", tmp_path / "missing" / "r.md", base_dir=EXAMPLE.parent)
    folder = tmp_path / "ro"
    folder.mkdir()
    old = folder / "r.docx"
    old.write_bytes(b"old")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(errors.ExportError, match="无法写入"):
            export.write(report, "docx", old, base_dir=EXAMPLE.parent)
    finally:
        folder.chmod(0o700)
    assert old.read_bytes() == b"old"
    assert sorted(p.name for p in folder.iterdir()) == ["r.docx"]


def test_unknown_format_and_missing_templates(tmp_path: Path, report):
    with pytest.raises(errors.ExportError, match="不支持的导出格式“odt”"):
        export.write(report, "odt", tmp_path / "r.odt", base_dir=EXAMPLE.parent)
    with pytest.raises(errors.ExportError, match="模板文件夹 .* 不存在"):
        export.write(report, "md", tmp_path / "r.md", base_dir=EXAMPLE.parent, templates=tmp_path / "无")
    assert list(tmp_path.iterdir()) == []
