"""Render a report to Markdown with Jinja2 templates.

The templates (``templates/`` at the top of the repository, shipped inside the
wheel) print every number, unit, heading number and serial number; users type
none of them. Users' text is passed in as data — never compiled as a template —
and escaped for Markdown, so ``{{ 1+1 }}``, ``|`` or ``# x`` come out literally.
A user's own template folder overrides any partial and, like the shipped
templates, runs in Jinja2's sandbox.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from decimal import Decimal
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from selfeval.amounts import HUNDRED, fmt_money, fmt_pct
from selfeval.errors import RenderError
from selfeval.framework import Preset, Scorecard, evaluate, load_preset
from selfeval.model import FIGURES, Report, paragraphs

__all__ = ["RenderError", "template_dir", "environment", "markdown", "context", "cn_number"]


def template_dir() -> Path:
    """The shipped templates: inside the installed package, or the repository's ``templates/``."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


# ---- filters -------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for headings)."""
    if n <= 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def _escape_start(m: re.Match) -> str:
    if m.group(2):  # "# x" → "\# x"
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)  # "1. x" → "1\. x"


#: A web address in user text: a scheme or www., then URL characters (no Chinese,
#: no full-width punctuation); trailing sentence punctuation is not part of it.
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TAIL = ".,;:!?'\")]"


def _escape_text(s: str) -> str:
    return _INLINE.sub(r"\\\1", s)


def md_escape(text: object) -> str:
    """One line of user text as literal Markdown.

    A web address is written as an autolink (``<http://…>``), whose text
    Markdown takes literally, so no backslash shows in it on renderers that
    link bare addresses (GitHub's); an address without a scheme (``www.…``) is
    a link whose text is the address as typed.
    """
    s = str(text)
    out, pos = [], 0
    for m in _URL.finditer(s):
        url = m.group(0)
        while url and url[-1] in _URL_TAIL and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        if not url or "." not in url.split("//")[-1]:
            continue
        start = m.start()
        out.append(_escape_text(s[pos:start]))
        if url.startswith("www."):
            out.append(f"[{_escape_text(url)}](<http://{url}>)")
        else:
            out.append(f"<{url}>")
        pos = start + len(url)
    out.append(_escape_text(s[pos:]))
    return _LINE_START.sub(_escape_start, "".join(out))


def md_cell(text: object) -> str:
    """User text for a table cell: escaped, on one line."""
    return md_escape(" ".join(str(text).split()))


def md_paragraphs(text: str, empty: str = "无") -> str:
    """Narrative as Markdown paragraphs (one per line of the text); ``empty`` when blank."""
    paras = paragraphs(text or "")
    if not paras:
        return empty
    return "\n\n".join(md_escape(p) for p in paras)


def md_title(text: object, department: object = "") -> str:
    """A title as the text of a setext heading: broken after the department's
    name where it is too long for one line (:func:`selfeval.titles.break_title`),
    each line escaped, lines joined by a hard break (``\\`` at the end of a line).

    The template writes the underline (``===`` for the title, ``---`` for 附件)."""
    from selfeval.titles import break_title

    lines = break_title(" ".join(str(text).split()), str(department))
    return "\\\n".join(md_escape(line) for line in lines)


def money(value: Decimal | None) -> str:
    return fmt_money(value)


def pct(value: Decimal | None) -> str:
    return fmt_pct(value)


def share(part: Decimal, whole: Decimal) -> str:
    """``part`` as a percentage of ``whole`` (``—`` when whole is zero)."""
    if not whole:
        return "—"
    return fmt_pct(part / whole)


def score(value: Decimal | None) -> str:
    return "" if value is None else fmt_money(value)


def points(value: Decimal | None) -> str:
    """分值 with two decimals, like 得分 beside it: 10.00, 2.50."""
    if value is None:
        return "—"
    return fmt_money(value)


def cn_date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


class Numbering:
    """Heading numbers 一、 → （一） → 1. → （1）, generated as the template goes."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def _next(self, level: int) -> int:
        self.counts[level] += 1
        for deeper in range(level + 1, len(self.counts)):
            self.counts[deeper] = 0
        return self.counts[level]

    def h1(self, title: str) -> str:
        return f"{cn_number(self._next(0))}、{title}"

    def h2(self, title: str) -> str:
        return f"（{cn_number(self._next(1))}）{title}"

    def h3(self, title: str) -> str:
        return f"{self._next(2)}. {title}"

    def h4(self, title: str) -> str:
        return f"（{self._next(3)}）{title}"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder: compiling them costs
    more than the rest of ``selfeval render``. No cache when it cannot be written."""
    from selfeval import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "selfeval" / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=8)
def environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """The sandboxed Jinja2 environment (shipped templates, a user's folder first)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FileSystemLoader(str(template_dir())))
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
        auto_reload=True,
    )
    env.filters.update(
        money=money,
        pct=pct,
        share=share,
        score=score,
        points=points,
        md=md_escape,
        title_md=md_title,
        cell=md_cell,
        paras=md_paragraphs,
        cn=cn_number,
        cn_date=cn_date,
    )
    env.globals.update(cn_number=cn_number)
    return env


def preset_for(report: Report, base_dir: Path | None = None) -> Preset:
    return load_preset(report.meta.preset, base_dir)


def context(report: Report, card: Scorecard) -> dict:
    gb = report.general_budget
    indicators = [
        (FIGURES[r.indicator.figure], r) for r in card.results if r.indicator.figure is not None
    ]
    return {
        "r": report,
        "meta": report.meta,
        "gb": gb,
        "card": card,
        "preset": card.preset,
        "num": Numbering(),
        "title": f"{report.meta.department}{report.meta.year}年度部门整体支出绩效自评报告",
        "unit": report.meta.unit,
        "name": report.display_name,
        "indicators": indicators,
        "figures": FIGURES,
        "hundred": HUNDRED,
    }


def markdown(
    report: Report,
    *,
    templates: Path | None = None,
    base_dir: Path | None = None,
    card: Scorecard | None = None,
) -> str:
    """The finished report as Markdown. Raises :class:`RenderError` for a bad template."""
    if card is None:
        card = evaluate(report, preset_for(report, base_dir))
    env = environment(templates)
    try:
        template = env.get_template("report.md.j2")
        text = template.render(context(report, card))
    except SecurityError as exc:
        raise RenderError(f"模板试图访问不安全的内容，已拒绝（{exc}）") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"找不到模板 {exc.name}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"模板 {exc.filename or exc.name} 第 {exc.lineno} 行语法错误：{exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"模板引用了不存在的内容：{exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"模板出错：{exc}") from None
    # at most one blank line between blocks, one newline at the end
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"
