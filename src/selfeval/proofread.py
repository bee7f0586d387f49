"""Proofreader (文字检查): cheap, pure checks over the report's narrative.

``proofread(entries, year)`` takes the narrative as ``(path, text, is_heading)``
entries and the evaluated year, and returns ``Proof`` findings with a stable
code, the entry's path, a Chinese message and the offending excerpt. It knows
nothing about the report model; ``proofread_report(report)`` is a thin adapter
that collects the entries from a ``selfeval.model.Report``.

Every rule aims at slips that survive copy-editing in these reports and is
tuned against false alarms (a finding the clerk must dismiss costs trust):

TEXT-HEADING-PERIOD
    A heading or title whose last character is sentence punctuation
    (。．！？；，、：and their half-width forms). Headings never end that way.

TEXT-REPEAT
    Accidental repetition, the kind a cut-and-paste or a stuck key leaves
    (the contents of 《》 are ignored):
    * a run of 2–6 CJK characters written twice in a row (``开展开展``,
      ``管理办法管理办法``); reduplication of one character (``常常``,
      ``方方面面``) is not a run of 2 and never matches;
    * a clause of 4–30 CJK characters after ，、；(or , ;) that repeats the
      end of the clause before it (``加强预算管理，加强预算管理。``,
      ``全面加强预算管理，加强预算管理``), the trace of a clause pasted
      twice. When the second clause goes on (``推进科普信息化，科普信息化
      建设取得成效``, a topic chain), follows a colon (``预算完成率：预算完成率
      为98%``, a label) or a full stop, it is normal prose and not reported.
    Two mentions of the same word a few characters apart are normal prose in
    these reports (``支出按支出``, ``预算或预算``, ``学习中心组学习``,
    ``重点项目支出占项目支出的比例``) and cannot be told from a slip without
    understanding the words, so they are not reported.

TEXT-TITLE-VARIANT
    The contents of 《》 and “” compared across the whole draft after removing
    spaces and punctuation (and folding full-width letters and digits and
    letter case): two contents that become equal but were written
    differently (``祝融探火·逐梦星河`` / ``祝融探火 逐梦星河``) are one title
    spelt two ways. Every occurrence that differs from the first spelling is
    reported, naming the first spelling.

TEXT-FUTURE-TENSE
    A sentence that dates something in the evaluated year (``2024年11月``,
    or a bare ``11月7日`` which in this report means the evaluated year) and
    uses a future/planning marker: 拟 (not 拟定/拟订/草拟/模拟/虚拟/比拟,
    nor "proposed" before a list of people or items, ``公示拟录用人员名单``),
    将于/将在/将会/将要/即将, or 计划/准备 followed by 于/在/将/要 or by a
    month (not 按计划/原计划…, "as planned", nor 年度计划/工作计划…于, the
    plan as a noun). A plan's name or content (``三年培训行动计划``,
    ``计划三年培养``) is not a marker: 计划 counts only when it introduces a
    dated action. A sentence that names a later year (``2025年3月将…``) or
    says the future part is a later step (下一步, 今后, 明年, 后续…) is
    skipped. The report is written after the year, so its own dated events
    are past.

TEXT-OLD-YEAR
    A year written ``NNNN年`` that lies 2 to 5 years before the evaluated
    year — the years a text copied from an earlier report carries. The
    evaluated year and the one before are normal; older years are history
    (a founding date) and later years are targets, neither a leftover. Not
    reported: years inside 《》 titles and document numbers (``〔2018〕``,
    ``[2018]``), the start of a period (``2020年以来/起/至今/开始``) and the
    start of a range that reaches the year before or later
    (``2020—2024年``).

TEXT-MIXED-PUNCT
    A sentence (up to 。！？；or a line end) that uses full-width punctuation
    and also a half-width ``, ; : ? ! ( )`` next to a Chinese character or
    a full-width mark (``185.46万元,各项目``, ``(一）``). Half-width marks
    between digits (``1,000``, ``9:30``), inside Latin text, and a pair of
    half-width brackets around Latin words (``WPS(Kingsoft)``) are fine;
    ``(1)加强学习；`` is not.

TEXT-MEASURE-WORD
    The IME slip 个 → 所 (adjacent candidates in pinyin input). 所 is a
    measure word only for schools, hospitals, institutes and houses, so:
    * a numeral (Arabic, 一…十/百/千/万/两/几/多, optionally with 余/多;
      not 数, which mostly ends a word: ``人数所占比例``),
      第N or 首 followed by 所 is reported when the noun it counts is not of
      that kind. The noun is looked for in the rest of the clause after 所
      (first 20 characters, quotes ignored); if nothing follows (``7所。``,
      ``3所以上``), in the clause before the numeral (``新建学校3所``). A
      noun "of that kind" is one with an institution head: 校, 大学/中学/小学,
      院 (not 院士), 医 (医疗机构), 幼儿园, 托儿所/研究所…, 房, 屋, 宅, 寓, 舍,
      狱; 机构, 馆, 站 and the like take 个/家/座 and are reported. 所 followed
      by a verb as the structural particle (``统一所有``, ``唯一所需``,
      ``之一所在``) is not
      a measure word and is skipped after a Chinese numeral;
    * 所 where only 个 makes a word: 所人 (个人; not 所人员/人民/人事…, as in
      ``研究所人员``, ``派出所人民警察``) and 所性 (个性; not 所性质/性能/性别/性格).
    The message suggests 个 (or 条/项/家, which 个 often stands for).
"""

from __future__ import annotations

import re
import sys
import typing
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Proof", "CODES", "ADVICE", "proofread", "proofread_report", "report_entries"]


@dataclass(frozen=True, **({"slots": True} if sys.version_info >= (3, 10) else {}))
class Proof:
    """One proofreading finding: stable code, where, what, and the text itself."""

    code: str
    path: str
    message: str
    excerpt: str


#: code → short Chinese name of the rule (for tables and legends)
CODES: dict[str, str] = {
    "TEXT-HEADING-PERIOD": "标题末尾有标点",
    "TEXT-REPEAT": "字词重复",
    "TEXT-TITLE-VARIANT": "同一名称两种写法",
    "TEXT-FUTURE-TENSE": "已发生的事用了将来时",
    "TEXT-OLD-YEAR": "疑似沿用往年文字的年份",
    "TEXT-MIXED-PUNCT": "半角全角标点混用",
    "TEXT-MEASURE-WORD": "量词误用（“个”误为“所”）",
}

#: code → what the clerk should do (for the table of finding codes)
ADVICE: dict[str, str] = {
    "TEXT-HEADING-PERIOD": "删去标题末尾的标点",
    "TEXT-REPEAT": "删去多打的一处；确属有意重复的可不改",
    "TEXT-TITLE-VARIANT": "按文件或活动的正式名称统一写法",
    "TEXT-FUTURE-TENSE": "已经发生的事改写为完成的情况（如删去“拟”，写明结果）",
    "TEXT-OLD-YEAR": "核对是否沿用了往年报告的文字，改为本年度的情况",
    "TEXT-MIXED-PUNCT": "中文句子中的标点一律改为全角",
    "TEXT-MEASURE-WORD": "把“所”改为“个”（或“项、条、家”）；确指学校、医院等的可不改",
}

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLAUSE_END = "，、；：。！？,;:!?\n"
_SENTENCE_END = "。！？；!?;\n"

# The whole draft is scanned as one string (entries joined by a line break),
# one regex pass per rule; most patterns start with a literal or a small
# character class so that the engine skips ahead quickly, and the context of
# the few hits is checked in Python.

_HEADING_END = frozenset("。．！？；，、：.!?;,:")
_BOOK_TITLE = re.compile(r"《[^《》\n]*》")
_DOC_NUMBER = re.compile(r"[〔［\[（(](?:19|20)\d\d[〕］\]）)]")
_QUOTED = re.compile(r"《([^《》\n]{2,80})》|“([^“”\n]{2,80})”")
_NOT_WORD = re.compile(rf"[^{_HAN}0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+")

# TEXT-REPEAT
# AB then AB (ABAB), C then ABC (ABCABC), or CD, up to two more, then ABCD;
# the exact length is settled by _doubled_at
_REPEAT_CANDIDATE = re.compile(rf"([{_HAN}]{{2}})(?:\1|([{_HAN}])\1\2|([{_HAN}]{{2}})[{_HAN}]{{0,2}}\1\3)")
# a clause of CJK characters only; a slip when the clause before ends with it
_PASTED = re.compile(rf"[，、；,;][ \u3000]?([{_HAN}]{{4,30}})(?=[{_CLAUSE_END}]|$)")
_HAN_ONLY = re.compile(rf"[{_HAN}]+")

# TEXT-FUTURE-TENSE
_FUTURE = re.compile(r"拟|即将|将[于在会要]|计划|准备")
_FUTURE_NOT = frozenset(("草拟", "模拟", "虚拟", "比拟"))
_PROPOSED = re.compile(r"拟[^，。；：、！？\s]{1,4}?(?:名单|人员|人选|对象|单位|项目|企业|干部|事项)")
_AS_PLANNED = frozenset("按依如原照")
_PLAN_NOUN = frozenset(("年度", "工作", "采购", "实施", "行动", "培训", "发展", "建设", "项目", "预算", "用款"))
_LATER = re.compile(r"下一步|下阶段|下一阶段|今后|明年|来年|后续|接下来")
_PLAN_NEXT = re.compile(r"[于在将要]|\d{1,2}月")
_BARE_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
_YEAR_WORD = re.compile(r"(?:19|20)\d\d\s*年")

# TEXT-OLD-YEAR
_YEAR_START = re.compile(r"\s*年度?\s*(?:以来|起|至今|开始)")
_RANGE_END = re.compile(r"\s*年?\s*[—–\-~～至到]+\s*((?:19|20)\d\d)")

# TEXT-MIXED-PUNCT
_HALF = re.compile(r"[,;:?!()]")
_FULL = frozenset("，。；：！？、（）“”《》")
_LATIN = re.compile(r"[A-Za-z]")

# TEXT-MEASURE-WORD
_CN_NUM = "一二两三四五六七八九十百千万几"
_NUMERAL_TAIL = re.compile(rf"(?:[0-9０-９]+|第[{_CN_NUM}0-9]+|[{_CN_NUM}]+|首)[余多]?\Z")
_SUO_WORD = re.compile(r"所(?:人(?![员才数口群士次流均民事力身心文工类])|性(?![质能别格]))")
_INSTITUTION = re.compile(r"校|[大中小]学|院(?!士)|医|幼儿园|托儿|所|房|屋|宅|寓|舍|狱")
_PARTICLE_VERB = frozenset("有需谓属得在以述示列涉获取做作为用说知能要处提承包含辖致长占开带产生发起付遇实建从想盼求指见闻学造期依")
_ELIDED = re.compile(r"以上|以下|以内|左右")
_QUOTE_MARKS = re.compile(r"[“”‘’「」『』\"'《》]")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _bounds(text: str, pos: int, stops: str) -> tuple[int, int]:
    """Start and end of the sentence or clause around ``pos``."""
    a = pos
    while a > 0 and text[a - 1] not in stops:
        a -= 1
    b = pos
    n = len(text)
    while b < n and text[b] not in stops:
        b += 1
    if b < n and text[b] != "\n":
        b += 1  # keep the closing mark
    return a, b


def _excerpt(text: str, start: int, end: int, width: int = 14) -> str:
    """The hit with up to ``width`` characters either side, within its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end < 0:
        line_end = len(text)
    end = min(end, line_end)
    a = max(line_start, start - width)
    b = min(line_end, end + width)
    return ("…" if a > line_start else "") + text[a:b].strip() + ("…" if b < line_end else "")


def _mask_titles(text: str) -> str:
    """``text`` with the contents of 《》 and document numbers blanked (same length)."""
    text = _BOOK_TITLE.sub(lambda m: "《" + "\u3000" * (len(m.group()) - 2) + "》", text)
    return _DOC_NUMBER.sub(lambda m: "\u3000" * len(m.group()), text)


# ---------------------------------------------------------------------------
# rules over the whole draft; each yields (position, code, message, excerpt)

Hit = tuple[int, str, str, str]


def _repeats(text: str, masked: str) -> Iterator[Hit]:
    # one regex pass finds the few places where a unit of two or more CJK
    # characters may be written twice in a row; each is then settled exactly
    pos = 0
    while m := _REPEAT_CANDIDATE.search(masked, pos):
        i = m.start()
        k = _doubled_at(masked, i)
        if not k:
            pos = i + 1
            continue
        pos = i + 2 * k
        yield (
            i,
            "TEXT-REPEAT",
            f"“{masked[i : i + k]}”连写了两遍，疑为多打，请删去一处",
            _excerpt(text, i, pos, 6),
        )
    for m in _PASTED.finditer(masked):
        clause = m.group(1)
        if masked.endswith(clause, 0, m.start()):
            i = m.start() - len(clause)
            yield (
                i,
                "TEXT-REPEAT",
                f"“{clause}”紧挨着写了两遍，疑为重复，请删去一处",
                _excerpt(text, i, m.end(), 6),
            )


def _doubled_at(text: str, i: int) -> int:
    """Length of the longest unit of 2–6 CJK characters written twice from ``i`` (0: none)."""
    for k in range(6, 1, -1):
        unit = text[i : i + k]
        if (
            len(unit) == k
            and len(set(unit)) > 1
            and _HAN_ONLY.fullmatch(unit)
            and text.startswith(unit, i + k)
        ):
            return k
    return 0


def _future(text: str, year: int) -> Iterator[Hit]:
    dated = re.compile(rf"{year}\s*年\s*\d{{1,2}}\s*月")
    done: set[int] = set()
    for m in _FUTURE.finditer(text):
        word, i = m.group(), m.start()
        if word == "拟":
            if text[i - 1 : i + 1] in _FUTURE_NOT or text[i + 1 : i + 2] in ("定", "订"):
                continue
            if _PROPOSED.match(text, i):
                continue  # 公示拟录用人员: "proposed", said of a past step
        elif word in ("计划", "准备"):
            if text[i - 1 : i] in _AS_PLANNED or text[max(0, i - 2) : i] in _PLAN_NOUN:
                continue  # 按计划于6月完成: as planned; 年度计划于3月印发: the plan itself
            plan = _PLAN_NEXT.match(text, m.end())
            if not plan:
                continue
            if not plan.group().endswith("月"):
                word += plan.group()
        a, b = _bounds(text, i, _SENTENCE_END)
        if a in done:
            continue
        sentence = text[a:b]
        date = dated.search(sentence)
        if not date:
            date = next((d for d in _BARE_DATE.finditer(sentence) if not _after_year(sentence, d.start())), None)
        if not date:
            continue
        if any(int(y.group()[:4]) > year for y in _YEAR_WORD.finditer(sentence)):
            continue
        if _LATER.search(sentence):
            continue  # 9月5日召开现场会，下一步将在全市推广
        done.add(a)
        yield (
            i,
            "TEXT-FUTURE-TENSE",
            f"这句写的是{year}年的事（{date.group()}），却用了“{word}”这类将来时说法，"
            "像是沿用了计划时的文字；事情已经发生的，请改写为已完成的情况",
            _excerpt(text, i, m.end(), 20),
        )


def _after_year(text: str, pos: int) -> bool:
    """Whether the month at ``pos`` follows a year or another digit (``2025年3月``)."""
    return pos > 0 and (text[pos - 1] == "年" or text[pos - 1].isdigit())


def _old_years(text: str, masked: str, year: int) -> Iterator[Hit]:
    for m in _YEAR_WORD.finditer(masked):
        y = int(m.group()[:4])
        if not year - 5 <= y <= year - 2:
            continue
        i = m.start()
        if i > 0 and (masked[i - 1].isdigit() or masked[i - 1] == "."):
            continue
        if _YEAR_START.match(masked, i + 4):
            continue
        r = _RANGE_END.match(masked, i + 4)
        if r and int(r.group(1)) >= year - 1:
            continue  # 2020—2024年: a period reaching this year
        yield (
            i,
            "TEXT-OLD-YEAR",
            f"文中出现“{y}年”，本报告评价的是{year}年度；若是沿用往年报告的文字，请改为当年的情况",
            _excerpt(text, i, m.end()),
        )


def _mixed_punct(text: str) -> Iterator[Hit]:
    done: set[int] = set()
    for h in _HALF.finditer(text):
        i = h.start()
        mark = h.group()
        a, b = _bounds(text, i, _SENTENCE_END)
        if a in done:
            continue
        if mark in "()" and _latin_parenthetical(text, i, a, b):
            continue
        before = text[a:i].rstrip()[-1:]
        after = text[i + 1 : b].lstrip()[:1]
        if mark in ",:" and before.isdigit() and after.isdigit():
            continue
        if not any(_is_han(c) or c in _FULL for c in before + after):
            continue
        if not any(c in _FULL for c in text[a:b]):
            continue
        done.add(a)
        yield (
            i,
            "TEXT-MIXED-PUNCT",
            f"这句用的是全角（中文）标点，其中的“{mark}”却是半角（英文）标点，请改为全角",
            _excerpt(text, i, i + 1),
        )


def _latin_parenthetical(text: str, i: int, a: int, b: int) -> bool:
    """Whether the half-width bracket at ``i`` pairs with a half-width one around Latin words."""
    if text[i] == "(":
        close = min((j for j in (text.find(")", i, b), text.find("）", i, b)) if j >= 0), default=-1)
        if close < 0 or text[close] != ")":
            return False
        inner = text[i + 1 : close]
    else:
        opening = max(text.rfind("(", a, i), text.rfind("（", a, i))
        if opening < 0 or text[opening] != "(":
            return False
        inner = text[opening + 1 : i]
    return _LATIN.search(inner) is not None and not any(_is_han(c) for c in inner)


def _measure_words(text: str) -> Iterator[Hit]:
    start = 0
    while (i := text.find("所", start)) >= 0:
        start = i + 1
        num = _NUMERAL_TAIL.search(text, max(0, i - 8), i)
        if not num:
            continue
        numeral = num.group()
        if numeral[0] in _CN_NUM and text[i + 1 : i + 2] in _PARTICLE_VERB:
            continue  # 统一所有, 唯一所需: 所 is the particle
        a, b = _bounds(text, i, _CLAUSE_END + "（(")
        following = text[i + 1 : b].rstrip(_CLAUSE_END + "（(")
        following = _QUOTE_MARKS.sub("", following)
        if _ELIDED.match(following):
            following = following[2:]
        if following.strip():
            if _INSTITUTION.search(following[:20]):
                continue
        elif _INSTITUTION.search(text, a, num.start()):
            continue  # 新建学校3所
        yield (
            num.start(),
            "TEXT-MEASURE-WORD",
            f"“{numeral}所”：量词“所”只用于学校、医院、研究所、房屋等，"
            "这里疑为“个”（或“项、条、家”）打错，请核对",
            _excerpt(text, num.start(), i + 9, 10),
        )
    for m in _SUO_WORD.finditer(text):
        word = m.group()
        yield (
            m.start(),
            "TEXT-MEASURE-WORD",
            f"“{word}”疑为“个{word[1]}”打错（“个”误为“所”），请核对",
            _excerpt(text, m.start(), m.end()),
        )


@lru_cache(maxsize=4096)
def _title_key(raw: str) -> str:
    """A title's contents without spaces and punctuation, width and case folded."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", raw)).casefold()


def _title_variants(text: str) -> Iterator[Hit]:
    first: dict[str, str] = {}
    for m in _QUOTED.finditer(text):
        book = m.group(1) is not None
        raw = m.group(1) if book else m.group(2)
        key = _title_key(raw)
        if len(key) < 2:
            continue
        known = first.setdefault(key, raw)
        if known == raw:
            continue
        o, c = ("《", "》") if book else ("“", "”")
        yield (
            m.start(),
            "TEXT-TITLE-VARIANT",
            f"{o}{raw}{c}在前文写作{o}{known}{c}，同一名称写法不一致，请统一",
            _excerpt(text, m.start(), m.end(), 4),
        )


# ---------------------------------------------------------------------------


def proofread(entries: Iterable[tuple[str, str, bool]], year: int) -> list[Proof]:
    """Proofread narrative ``(path, text, is_heading)`` entries of a report on ``year``.

    Findings come in entry order, then by position in the text; one finding per
    path, code and excerpt.
    """
    paths: list[str] = []
    starts: list[int] = []
    parts: list[str] = []
    hits: list[Hit] = []
    offset = 0
    for path, text, is_heading in entries:
        end = text.rstrip()
        if not end:
            continue
        if is_heading:
            if end[-1] in _HEADING_END:
                hits.append(
                    (
                        offset + len(end) - 1,
                        "TEXT-HEADING-PERIOD",
                        f"标题末尾不应有标点“{end[-1]}”，请删去",
                        ("…" if len(end) > 24 else "") + end[-24:],
                    )
                )
        paths.append(path)
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    text = "\n".join(parts)
    masked = _mask_titles(text)
    hits.extend(_repeats(text, masked))
    hits.extend(_future(text, year))
    hits.extend(_old_years(text, masked, year))
    hits.extend(_mixed_punct(text))
    hits.extend(_measure_words(text))
    hits.extend(_title_variants(text))
    hits.sort(key=lambda h: h[0])
    out: list[Proof] = []
    seen: set[tuple[str, str, str]] = set()
    for pos, code, message, excerpt in hits:
        path = paths[bisect_right(starts, pos) - 1]
        # a title variant once per field; other slips once per place
        key = (path, code, message if code == "TEXT-TITLE-VARIANT" else excerpt)
        if key in seen:
            continue
        seen.add(key)
        out.append(Proof(code, path, message, excerpt))
    return out


# ---------------------------------------------------------------------------
# adapter for the report model


def report_entries(report) -> list[tuple[str, str, bool]]:
    """Every ``Line``/``Text`` string of ``report`` as ``(path, text, is_heading)``.

    Walks the pydantic model generically; fields named ``title`` are headings.
    Paths use the same form as ``checks`` (``performance.duty[0].items[1].text``).
    """
    out: list[tuple[str, str, bool]] = []
    _walk(report, "", out)
    return out


# per model class: (field name, kind) with kind one of "model", "text", "texts"
# (a list of Line/Text) or "items" (a list that may hold models)
_PLANS: dict[type, list[tuple[str, str]]] = {}


def _plan(cls: type) -> list[tuple[str, str]]:
    plan = _PLANS.get(cls)
    if plan is None:
        from pydantic import BaseModel

        from selfeval.model.base import Line, Text, inner_model

        narrative = (Line, Text)
        validators = [typing.get_args(t)[1] for t in narrative]
        plan = []
        for name, field in cls.model_fields.items():
            annotation = field.annotation
            args = typing.get_args(annotation)
            if typing.get_origin(annotation) is list:
                if args and args[0] in narrative:
                    plan.append((name, "texts"))
                elif inner_model(annotation) is not None:
                    plan.append((name, "items"))
            elif any(any(m is v for v in validators) for m in field.metadata):
                plan.append((name, "text"))
            elif inner_model(annotation) is not None or (
                isinstance(annotation, type) and issubclass(annotation, BaseModel)
            ):
                plan.append((name, "model"))
        _PLANS[cls] = plan
    return plan


def _walk(model, prefix: str, out: list[tuple[str, str, bool]]) -> None:
    for name, kind in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        path = prefix + name
        if kind == "text":
            out.append((path, value, name == "title"))
        elif kind == "model":
            _walk(value, path + ".", out)
        elif kind == "texts":
            out.extend((f"{path}[{i}]", item, False) for i, item in enumerate(value))
        else:
            for i, item in enumerate(value):
                if hasattr(type(item), "model_fields"):
                    _walk(item, f"{path}[{i}].", out)


def proofread_report(report) -> list[Proof]:
    """``proofread`` over every narrative field of a ``selfeval.model.Report``."""
    return proofread(report_entries(report), report.meta.year)
