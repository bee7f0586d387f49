"""Chinese line breaking for everything the editor wraps: text areas, the preview, labels.

Textual wraps only at spaces and folds a run without spaces at the edge of the
box, so a Chinese line may start with "。" or "）", a number breaks as
"执行率仅为3" / "8.2%", and one space inside a sentence breaks the line early
there. :func:`break_offsets` follows the usual rules (GB/T 15834's 标点
placement, as word processors do):

* a line may break between any two Chinese characters, and after a space;
* no line starts with closing punctuation (。，、；：？！）」』】》” … and the
  ASCII ones) and none ends with opening punctuation (（「『【《“ …);
* ——, …… and a number with its decimals, thousands separators and % stay whole
  (a break is never made inside a run of Latin letters and digits);
* the text is not changed: spaces the report keeps stay in it.

When the closing mark does not fit, the character before it goes to the next
line with it (no hanging punctuation: a terminal has no margin to hang it in).

:func:`install` puts this rule in Textual's two wrapping functions (the one
behind ``Static``/``Label``/``Markdown`` and the one of ``TextArea``) for text
that holds a wide character; other text is wrapped by Textual as before.
Like :mod:`selfeval.tui.cjk_overlay` it patches Textual 8.2.8 only.
:func:`wrap` gives the lines for a width, for a widget that lays out text itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import textual
from rich.cells import cell_len, get_character_cell_size

__all__ = ["break_offsets", "wrap", "install", "for_terminal", "NO_LINE_START", "NO_LINE_END", "PATCHED_VERSION"]

PATCHED_VERSION = "8.2.8"

#: characters a line must not start with (closing punctuation, and marks that follow a word)
NO_LINE_START = frozenset(
    "。．，、；：？！）］｝〕〉》」』】〗〙〛”’～·・ー％‰℃"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻"
    ".,;:?!)]}%"
)
#: characters a line must not end with (opening punctuation)
NO_LINE_END = frozenset("（［｛〔〈《「『【〖〘〚“‘([{￥＄$")
#: characters kept together when two of them meet (——, ……)
_PAIRED = frozenset("—…")
#: full-width digits and the signs that belong to a number (１２．５％)
_NUMERIC = frozenset("０１２３４５６７８９．％")


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def needs_cjk_rules(text: str) -> bool:
    """True when ``text`` holds a character these rules are for (Chinese, full-width punctuation)."""
    return any(ord(ch) >= 0x2000 and (_is_wide(ch) or ch in NO_LINE_START or ch in NO_LINE_END) for ch in text)


def _can_break_before(text: str, i: int) -> bool:
    """May a line end between ``text[i - 1]`` and ``text[i]``?"""
    prev, cur = text[i - 1], text[i]
    if cur.isspace():
        return False  # spaces stay at the end of the line they follow
    if prev.isspace():
        return cur not in NO_LINE_START
    if cur in NO_LINE_START or prev in NO_LINE_END:
        return False
    if prev in _PAIRED and cur in _PAIRED:
        return False
    if prev in _NUMERIC and cur in _NUMERIC:
        return False  # a full-width number stays whole, as an ASCII one does
    return _is_wide(prev) or _is_wide(cur)


def _units(text: str) -> list[tuple[int, int]]:
    """The pieces no line break may split, as (start, end) with trailing spaces included."""
    units: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text)):
        if _can_break_before(text, i):
            units.append((start, i))
            start = i
    if text:
        units.append((start, len(text)))
    return units


def _fold(text: str, start: int, end: int, width: int) -> list[int]:
    """Offsets that cut ``text[start:end]`` (wider than ``width``) into lines of ``width`` cells."""
    cuts: list[int] = []
    used = 0
    for i in range(start, end):
        w = get_character_cell_size(text[i])
        if used + w > width and used:
            cuts.append(i)
            used = 0
        used += w
    return cuts


def break_offsets(text: str, width: int, *, fold: bool = True, count_trailing_spaces: bool = False) -> list[int]:
    """Where to break ``text`` (one paragraph, no line breaks) into lines of ``width``
    cells: the character offsets each new line starts at.

    ``count_trailing_spaces``: a space at the end of a line takes room (Textual's
    ``TextArea``); otherwise it may run past the edge and is trimmed (``Content``).
    A piece wider than the line is cut at the edge when ``fold``, else left to be cropped.
    """
    if width <= 0:
        return []
    offsets: list[int] = []
    used = 0
    for start, end in _units(text):
        piece = text[start:end]
        full = cell_len(piece)
        needed = full if count_trailing_spaces else cell_len(piece.rstrip())
        if used + needed <= width:
            used += full
            continue
        if needed > width:
            if start and used:
                offsets.append(start)
            if fold:
                cuts = _fold(text, start, end, width)
                offsets.extend(cuts)
                last = cuts[-1] if cuts else start
                used = cell_len(text[last:end])
            else:
                used = full
            continue
        if start and used:
            offsets.append(start)
        used = full
    return offsets


def wrap(text: str, width: int) -> list[str]:
    """``text`` as the lines it takes at ``width`` cells (each paragraph broken by these
    rules; spaces at a break are dropped from the end of the line)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *break_offsets(paragraph, width), len(paragraph)]
        lines.extend(paragraph[a:b].rstrip(" ") if b < len(paragraph) else paragraph[a:b] for a, b in zip(cuts, cuts[1:]))
    return lines


# ---- Textual's wrapping -------------------------------------------------------------


def _content_divide_line(original: Callable[..., list[int]]) -> Callable[..., list[int]]:
    def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
        if not needs_cjk_rules(text):
            return original(text, width, fold=fold)
        return break_offsets(text, width, fold=fold)

    divide_line.__wrapped__ = original  # type: ignore[attr-defined]
    return divide_line


def _text_area_wrap_offsets(original: Callable[..., list[int]]) -> Callable[..., list[int]]:
    def compute_wrap_offsets(
        text: str,
        width: int,
        tab_size: int,
        fold: bool = True,
        precomputed_tab_sections: list[tuple[str, int]] | None = None,
    ) -> list[int]:
        if "\t" in text or not needs_cjk_rules(text):
            return original(text, width, tab_size, fold=fold, precomputed_tab_sections=precomputed_tab_sections)
        return break_offsets(text, width, fold=fold, count_trailing_spaces=True)

    compute_wrap_offsets.__wrapped__ = original  # type: ignore[attr-defined]
    return compute_wrap_offsets


def install() -> bool:
    """Wrap Chinese text by these rules in every Textual widget and in rich's Text (once). ``False`` on a
    Textual other than the one patched (its own wrapping is then used)."""
    if textual.__version__ != PATCHED_VERSION:
        return False
    from textual import content
    from textual.document import _wrapped_document

    if not hasattr(content.divide_line, "__wrapped__"):
        content.divide_line = _content_divide_line(content.divide_line)
    # the preview lays the report out with rich (off the UI thread): rich's Text wraps
    # with the same function, imported into rich.text
    import rich.text

    if not hasattr(rich.text.divide_line, "__wrapped__"):
        rich.text.divide_line = _content_divide_line(rich.text.divide_line)
    if not hasattr(_wrapped_document.compute_wrap_offsets, "__wrapped__"):
        _wrapped_document.compute_wrap_offsets = _text_area_wrap_offsets(_wrapped_document.compute_wrap_offsets)
    return True


def for_terminal(markdown: str) -> str:
    """The report's Markdown as the preview shows it: as the report prints it, spaces
    and all (the preview used to drop spaces between Chinese characters so that
    Textual would not break lines at them; with :func:`install` it need not)."""
    install()
    return markdown
