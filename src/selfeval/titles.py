"""Breaking a long report title into lines, as GB/T 9704-2012 7.3.1 asks.

"标题……回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用
梯形或菱形。" A report title is the department's name, the year and the kind of
report: ``衡阳市科学技术协会2024年度部门整体支出绩效自评报告``. It breaks after
the department's name (as the reports on paper do), or — when the name alone
is longer than a line — at a word boundary inside the name, never inside a
word, never leaving ``绩效自评报告`` alone on a line, and with lines of balanced
length (正梯形, 倒梯形 or 菱形, not an hourglass).

Pure Python; the Markdown renderer and the Word writer both use it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

__all__ = ["cn_number", "text_width", "break_title", "name_boundaries", "TITLE_CHARS_PORTRAIT", "TITLE_CHARS_LANDSCAPE"]

#: 二号 (22 pt) characters in a line of the type area: 156 mm portrait, 225 mm landscape.
TITLE_CHARS_PORTRAIT = 20
TITLE_CHARS_LANDSCAPE = 28


def _char_width(c: str) -> float:
    return 1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5


def text_width(text: str) -> float:
    """Width in full-width characters: CJK and full-width punctuation 1, the rest ½."""
    return sum(map(_char_width, text))


# Words a department's name is made of end with these: a break may follow them.
_PLACE_ENDS = ("自治区", "自治州", "自治县", "地区", "街道", "省", "市", "县", "区", "州", "盟", "旗", "镇", "乡")
_ORG_ENDS = (
    "人民政府", "人民法院", "人民检察院", "委员会", "联合会", "办公室", "办事处", "管理处", "管理局",
    "管理所", "服务中心", "中心", "协会", "学会", "总会", "分局", "支队", "大队", "中队", "党校",
    "政府", "市委", "县委", "区委", "局", "厅", "委", "办", "院", "所", "站", "馆", "部", "社", "队", "团",
)
# …unless the character is part of a longer word: 城市, 市场, 社区, 部门, 社会 …
_NOT_AFTER = {"市": "城都超门", "区": "社园辖景小城郊山", "县": "", "部": "", "委": "党", "局": "", "所": "场"}
_NOT_BEFORE = {
    "市": "场政民容貌", "区": "域划", "县": "域城", "局": "面势", "部": "门分署", "委": "托员",
    "所": "属有以得", "社": "会区", "办": "理法公事", "院": "校士系", "站": "立", "队": "伍列员",
    "团": "体结队", "州": "", "省": "级委直", "镇": "政", "乡": "村镇", "馆": "长", "委员会": "",
}


def name_boundaries(name: str) -> list[int]:
    """Positions inside ``name`` after which a line may break (a word ends there)."""
    out: set[int] = set()
    for i in range(1, len(name)):
        head, tail = name[:i], name[i:]
        for end in _PLACE_ENDS + _ORG_ENDS:
            if not head.endswith(end):
                continue
            before = head[-len(end) - 1 : -len(end)] if len(head) > len(end) else ""
            if before and before in _NOT_AFTER.get(end, ""):
                continue
            if tail[:1] and tail[:1] in _NOT_BEFORE.get(end, ""):
                continue
            out.add(i)
            break
    return sorted(out)


_YEAR = re.compile(r"\d{4}年度?")


def _candidates(title: str, department: str) -> dict[int, int]:
    """Break positions in ``title`` → how much less good a break there is (0 best)."""
    cands: dict[int, int] = {}
    dept = department if department and title.startswith(department) else ""
    if dept:
        cands[len(dept)] = 0
        for b in name_boundaries(dept):
            cands[b] = 1
    rest_start = len(dept)
    m = _YEAR.search(title, rest_start)
    if m:
        cands.setdefault(m.start(), 1)
        cands.setdefault(m.end(), 2)
    # before the kind of report: …部门整体支出 | 绩效自评报告 — allowed, but the worst
    for word in ("绩效", "部门整体"):
        k = title.find(word, rest_start)
        if k > 0:
            cands.setdefault(k, 5)
    cands.pop(0, None)
    cands.pop(len(title), None)
    return cands


def _shape_penalty(widths: list[float]) -> float:
    """0 for a balanced trapezoid or diamond; more the more uneven the lines."""
    longest, shortest = max(widths), min(widths)
    penalty = (longest - shortest) / longest
    if len(widths) >= 3:
        middle = widths[1:-1]
        if min(middle) < min(widths[0], widths[-1]) - 1:  # an hourglass
            penalty += 5
    return penalty


def break_title(title: str, department: str = "", max_chars: float = TITLE_CHARS_PORTRAIT) -> list[str]:
    """The lines of ``title``: one if it fits in ``max_chars``, else broken at the best place.

    ``department`` is the name the title starts with, which the break follows.
    When no set of word boundaries makes every line fit, the name is broken
    where it must be, still choosing the most balanced lines.
    """
    title = title.strip()
    if text_width(title) <= max_chars or len(title) < 2:
        return [title]
    cands = _candidates(title, department)
    # the width of title[a:b] is at[b] - at[a]: each candidate set of breaks costs no rescan
    at = [0.0, *itertools.accumulate(map(_char_width, title))]
    for pool, fallback in ((cands, 0), ({i: 6 for i in range(1, len(title))} | cands, 1)):
        positions = sorted(pool)
        for count in range(1, min(len(positions), 4) + 1):
            best: tuple[float, list[str]] | None = None
            for cut in itertools.combinations(positions, count):
                bounds = (0, *cut, len(title))
                lines = [title[a:b] for a, b in zip(bounds, bounds[1:])]  # itertools.pairwise is 3.10+
                widths = [at[b] - at[a] for a, b in zip(bounds, bounds[1:])]
                if max(widths) > max_chars:
                    continue
                score = sum(pool[c] for c in cut) * 3 + _shape_penalty(widths) * 10 + fallback
                if best is None or score < best[0]:
                    best = (score, lines)
            if best is not None:
                return best[1]
    return [title]  # pragma: no cover - one character a line always fits


# ---- heading numbers ---------------------------------------------------------

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
