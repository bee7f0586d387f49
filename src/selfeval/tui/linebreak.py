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
from bisect import bisect_left, bisect_right
from itertools import accumulate

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
    return _may_break(_kind(text[i - 1]), _kind(text[i]))


# The rule above depends only on what kind of character each side is. A text area
# wraps its edited line again on every key (a paragraph of 500 characters is 500
# pairs), so each character's kind is looked up once and each pair of kinds is
# decided once.
_SPACE, _OPENS_NOT_LINE, _CLOSES_NOT_LINE, _PAIR, _NUMBER, _WIDE, _ANY = 1, 2, 4, 8, 16, 32, 64
_KINDS: dict[str, int] = {}
_PAIRS: dict[int, bool] = {}


def _kind(ch: str) -> int:
    kind = _KINDS.get(ch)
    if kind is None:
        kind = _ANY
        if ch.isspace():
            kind |= _SPACE
        if ch in NO_LINE_START:
            kind |= _OPENS_NOT_LINE
        if ch in NO_LINE_END:
            kind |= _CLOSES_NOT_LINE
        if ch in _PAIRED:
            kind |= _PAIR
        if ch in _NUMERIC:
            kind |= _NUMBER
        if _is_wide(ch):
            kind |= _WIDE
        _KINDS[ch] = kind
    return kind


def _may_break(prev: int, cur: int) -> bool:
    if cur & _SPACE:
        return False  # spaces stay at the end of the line they follow
    if prev & _SPACE:
        return not cur & _OPENS_NOT_LINE
    if cur & _OPENS_NOT_LINE or prev & _CLOSES_NOT_LINE:
        return False
    if prev & cur & _PAIR:
        return False
    if prev & cur & _NUMBER:
        return False  # a full-width number stays whole, as an ASCII one does
    return bool((prev | cur) & _WIDE)


def _unit_starts(kinds: list[int]) -> list[int]:
    """The offsets (after 0) where a piece no line break may split begins."""
    pairs = _PAIRS
    keys = [prev << 8 | cur for prev, cur in zip(kinds, kinds[1:])]
    for key in set(keys).difference(pairs):
        pairs[key] = _may_break(key >> 8, key & 0xFF)
    return [i for i, key in enumerate(keys, 1) if pairs[key]]


def _units(text: str) -> list[tuple[int, int]]:
    """The pieces no line break may split, as (start, end) with trailing spaces included."""
    if not text:
        return []
    kinds = [_KINDS.get(ch) or _kind(ch) for ch in text]
    starts = _unit_starts(kinds)
    return list(zip([0, *starts], [*starts, len(text)]))


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
    if width <= 0 or not text:
        return []
    kinds = [_KINDS.get(ch) or _kind(ch) for ch in text]
    starts = _unit_starts(kinds)
    if "\u200d" in text or "\ufe0f" in text:
        # joined emoji: their width is the whole sequence's, as rich measures it
        def cells(a: int, b: int) -> int:
            return cell_len(text[a:b])
    else:
        at = [0, *accumulate(get_character_cell_size(ch) for ch in text)]

        def cells(a: int, b: int) -> int:
            return at[b] - at[a]

    offsets: list[int] = []
    used = 0
    for start, end in zip([0, *starts], [*starts, len(text)]):
        full = cells(start, end)
        needed = full
        if not count_trailing_spaces and kinds[end - 1] & _SPACE:
            stop = end - 1
            while stop > start and kinds[stop - 1] & _SPACE:
                stop -= 1
            needed = cells(start, stop)
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
                used = cells(last, end)
            else:
                used = full
            continue
        if start and used:
            offsets.append(start)
        used = full
    return offsets


# ---- a paragraph typed into ---------------------------------------------------------


class Rewrap:
    """:func:`break_offsets` for the next version of the last paragraph broken.

    A text area breaks the paragraph being typed in again on every key. Lines are
    filled one after another, so the lines before the one edited break where they
    did, and once a new line starts in the unchanged tail at a place where one
    started before, every later line breaks as before too (shifted by the length
    of the edit). Only the lines in between are broken again: one or two for a key,
    whatever the paragraph's length. The offsets are exactly :func:`break_offsets`'.
    """

    def __init__(self) -> None:
        # (width, fold, count_trailing_spaces) -> (text, offsets, where lines start at a piece)
        self._last: dict[tuple[int, bool, bool], tuple[str, list[int], list[int]]] = {}

    def __call__(self, text: str, width: int, *, fold: bool = True, count_trailing_spaces: bool = False) -> list[int]:
        if width <= 0 or not text or "\u200d" in text or "\ufe0f" in text:
            return break_offsets(text, width, fold=fold, count_trailing_spaces=count_trailing_spaces)
        key = (width, fold, count_trailing_spaces)
        last = self._last.get(key)
        if last is not None and last[0] == text:
            return list(last[1])
        offsets, fresh = _rebreak(text, width, fold, count_trailing_spaces, last)
        self._last[key] = (text, offsets, fresh)
        return list(offsets)


def _common_prefix(a: str, b: str) -> int:
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    low, high = 0, limit
    la, lb = len(a), len(b)
    while low < high:
        mid = (low + high + 1) // 2
        if a[la - mid : la - low] == b[lb - mid : lb - low]:
            low = mid
        else:
            high = mid - 1
    return low


def _rebreak(
    text: str, width: int, fold: bool, count_trailing_spaces: bool, last: tuple[str, list[int], list[int]] | None
) -> tuple[list[int], list[int]]:
    """``break_offsets(text, ...)`` and the offsets among them where a line starts at a
    piece (not inside a folded one), reusing ``last`` (an earlier text's) where it holds."""
    n = len(text)
    offsets: list[int] = []
    fresh: list[int] = []
    i = 0
    tail = n + 1  # no break at or after this can be taken over from ``last``
    old: list[int] = []
    old_starts: list[int] = []
    old_fresh: set[int] = set()
    delta = 0
    if last is not None:
        old_text, old_offsets, old_starts = last
        same = _common_prefix(old_text, text)
        tail = n - _common_suffix(old_text, text, min(len(old_text), n) - same)
        delta = n - len(old_text)
        # start again at a line that started at a piece before the edit and whose
        # first piece ends before it: the line before the last such start (a line
        # starts where its first piece does not fit, and the last line's first piece
        # may run into the edit: '1　　11' → '1　　1　　11' at 6 cells no longer
        # breaks at 3). Its piece ends at or before the next line's start, so all
        # that decides that break is unchanged.
        k = bisect_left(old_starts, same) - 2
        if k >= 0:
            i = old_starts[k]
            offsets = old_offsets[: bisect_left(old_offsets, i) + 1]
            fresh = old_starts[: k + 1]
        old, old_fresh = old_offsets, set(old_starts)
    kinds, widths, pairs = _KINDS, _WIDTHS, _PAIRS
    used = 0
    while i < n:
        # the piece [i, j): its cells, and its cells without its trailing spaces
        ch = text[i]
        prev = kinds.get(ch) or _kind(ch)
        full = widths.get(ch)
        if full is None:
            full = widths[ch] = get_character_cell_size(ch)
        spaces = full if prev & _SPACE else 0
        j = i + 1
        while j < n:
            ch = text[j]
            cur = kinds.get(ch) or _kind(ch)
            pair = prev << 8 | cur
            may = pairs.get(pair)
            if may is None:
                may = pairs[pair] = _may_break(prev, cur)
            if may:
                break
            w = widths.get(ch)
            if w is None:
                w = widths[ch] = get_character_cell_size(ch)
            full += w
            spaces = spaces + w if cur & _SPACE else 0
            prev = cur
            j += 1
        needed = full if count_trailing_spaces else full - spaces
        if used + needed <= width:
            used += full
            i = j
            continue
        if i and used:
            offsets.append(i)
            fresh.append(i)
            if i >= tail and i - delta in old_fresh:
                # a line starts here as it did before, and all after is unchanged
                offsets.extend(o + delta for o in old[bisect_right(old, i - delta) :])
                fresh.extend(o + delta for o in old_starts[bisect_right(old_starts, i - delta) :])
                return offsets, fresh
        if needed > width:
            if fold:
                cuts = _fold(text, i, j, width)
                offsets.extend(cuts)
                used = cell_len(text[(cuts[-1] if cuts else i) : j])
            else:
                used = full
        else:
            used = full
        i = j
    return offsets, fresh


_WIDTHS: dict[str, int] = {}


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
        return rewrap(text, width, fold=fold, count_trailing_spaces=True)

    rewrap = Rewrap()  # the text area's edited line, broken again from the edit on
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
