"""The proofreader (文字检查): each rule on its own, then the seed report as written and corrected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from selfeval import draft
from selfeval.model import Report, TextItem, TextSection
from selfeval.proofread import ADVICE, CODES, Proof, proofread, proofread_report, report_entries

from support import AS_WRITTEN, EXAMPLE, ROOT

SEED = ROOT / "tests" / "fixtures" / "seed-2024-original.txt"


def codes(text: str, *, year: int = 2024, heading: bool = False) -> list[str]:
    return [p.code for p in proofread([("x", text, heading)], year)]


def only(text: str, code: str, *, year: int = 2024, heading: bool = False) -> Proof:
    found = [p for p in proofread([("x", text, heading)], year) if p.code == code]
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------
# TEXT-HEADING-PERIOD


@pytest.mark.parametrize("title", ["加强资产管理。", "压实绩效管理责任；", "经费保障情况：", "严控一般性支出，"])
def test_heading_ending_in_sentence_punctuation(title):
    proof = only(title, "TEXT-HEADING-PERIOD", heading=True)
    assert proof.path == "x"
    assert title[-1] in proof.message
    assert proof.excerpt.endswith(title[-1])


@pytest.mark.parametrize("title", ["加强资产管理", "（二）落实“过紧日子”要求", "政府采购执行率（%）"])
def test_heading_without_final_punctuation(title):
    assert "TEXT-HEADING-PERIOD" not in codes(title, heading=True)


def test_body_text_may_end_in_a_period():
    assert "TEXT-HEADING-PERIOD" not in codes("全年召开党组会议12次。")


# ---------------------------------------------------------------------------
# TEXT-REPEAT


@pytest.mark.parametrize(
    "text, unit",
    [
        ("全年组织组织专题培训6期。", "组织"),
        ("严格落实落实中央八项规定精神。", "落实"),
        ("修订完善了财务管理办法财务管理办法。", "财务管理办法"),
        ("严格执行预算，严格执行预算，杜绝无预算支出。", "严格执行预算"),
        ("规范公务接待管理；规范公务接待管理。", "规范公务接待管理"),
    ],
)
def test_repeat_found(text, unit):
    assert unit in only(text, "TEXT-REPEAT").message


@pytest.mark.parametrize(
    "text",
    [
        "一般公共预算支出按支出功能分类如下。",  # a word used twice, a preposition between
        "重点项目支出占项目支出的比例为80%。",  # a ratio of a thing to itself
        "人才一批又一批地成长起来。",  # 一X又一X
        "方方面面、常常、天天、人人都要讲安全。",  # reduplication
        "加强预算管理和加强资产管理并重。",
        "推进科普信息化，科普信息化建设取得新成效。",  # a topic chain (顶真)
        "预算完成率：预算完成率为98.43%。",  # a label, then the sentence
        "科技工作者之家建设和科技工作者权益维护同步推进。",  # parallel with a coordinator
        "学习贯彻《关于加强和改进加强财会监督工作的意见》。",  # inside 《》 is not ours to judge
    ],
)
def test_repeat_not_found(text):
    assert "TEXT-REPEAT" not in codes(text)


# ---------------------------------------------------------------------------
# TEXT-TITLE-VARIANT


def test_title_written_two_ways_across_entries():
    entries = [
        ("a", "根据《预算法实施条例》和“科技活动周·科普进社区”方案", False),
        ("b", "严格执行《预算法 实施条例》。", False),
        ("c", "“科技活动周 科普进社区”吸引群众参加。", False),
    ]
    found = [p for p in proofread(entries, 2024) if p.code == "TEXT-TITLE-VARIANT"]
    assert [p.path for p in found] == ["b", "c"]
    assert "《预算法实施条例》" in found[0].message and "《预算法 实施条例》" in found[0].message
    assert "科技活动周·科普进社区" in found[1].message


def test_title_variant_in_width_and_case():
    entries = [("a", "开展“ＡＩ＋科普２０２４”活动", False), ("b", "“AI+科普2024”活动圆满结束。", False)]
    found = [p for p in proofread(entries, 2024) if p.code == "TEXT-TITLE-VARIANT"]
    assert [p.path for p in found] == ["b"]


def test_title_written_the_same_way_is_fine():
    entries = [
        ("a", "根据《湖南省预算绩效管理办法》开展自评。", False),
        ("b", "对照《湖南省预算绩效管理办法》逐项打分，“优秀”等级。", False),
        ("c", "评为“优秀”。", False),
    ]
    assert not [p for p in proofread(entries, 2024) if p.code == "TEXT-TITLE-VARIANT"]


def test_different_titles_are_not_variants():
    text = "《市级预算管理办法》与《市级预算绩效管理办法》并行，“科普日”和“科普周”。"
    assert "TEXT-TITLE-VARIANT" not in codes(text)


def test_each_variant_reported_once_per_field():
    entries = [("a", "“科技·创新”", False), ("b", "“科技 创新”，又是“科技 创新”。", False)]
    found = [p for p in proofread(entries, 2024) if p.code == "TEXT-TITLE-VARIANT"]
    assert len(found) == 1


# ---------------------------------------------------------------------------
# TEXT-FUTURE-TENSE


@pytest.mark.parametrize(
    "text, marker",
    [
        ("6月12日，市财政局拟组织开展预算绩效培训。", "拟"),
        ("2024年9月，单位将于中旬召开职工代表大会。", "将于"),
        ("我单位计划于2024年10月完成资产清查。", "计划于"),
        ("10月8日至9日，准备在南岳区举办科普讲座。", "准备在"),
    ],
)
def test_future_wording_about_a_dated_event_of_the_year(text, marker):
    proof = only(text, "TEXT-FUTURE-TENSE")
    assert f"“{marker}”" in proof.message
    assert "2024年" in proof.message


@pytest.mark.parametrize(
    "text",
    [
        "6月12日，市财政局组织开展了预算绩效培训。",  # done
        "实施“三年行动计划”，计划三年培养500名科普志愿者。",  # the plan's content, undated
        "3月5日，印发了由办公室拟定的实施方案。",  # 拟定 is drafting, not intent
        "2025年3月前将完成整改。",  # a later year: genuinely future
        "下一步将加强绩效目标管理。",  # future, but no date of the year
        "6月3日，公示了拟录用人员名单。",  # 拟 = proposed, said of a past step
        "按计划于9月10日完成了设备验收。",  # as planned, done
        "年度工作计划于3月5日印发。",  # the plan as a noun
        "9月5日召开现场会，下一步将在全市推广。",  # the future part is a later step
    ],
)
def test_no_future_finding(text):
    assert "TEXT-FUTURE-TENSE" not in codes(text)


def test_future_in_another_year_report():
    # the same wording in a report on 2023 names 2024, a later year
    assert "TEXT-FUTURE-TENSE" not in codes("2024年5月将于下旬开展审计。", year=2023)
    assert "TEXT-FUTURE-TENSE" in codes("2023年5月将于下旬开展审计。", year=2023)


def test_one_future_finding_per_sentence():
    found = codes("5月6日，拟召开会议，拟印发通知。")
    assert found.count("TEXT-FUTURE-TENSE") == 1


# ---------------------------------------------------------------------------
# TEXT-OLD-YEAR


@pytest.mark.parametrize("text, y", [("2022年共开展检查5次。", 2022), ("截至2021年底资产总额100万元。", 2021)])
def test_old_year_found(text, y):
    proof = only(text, "TEXT-OLD-YEAR")
    assert f"{y}年" in proof.message and "2024年度" in proof.message


@pytest.mark.parametrize(
    "text",
    [
        "2024年支出较2023年下降5%。",  # the year and the one before
        "单位成立于1985年3月。",  # history
        "根据《2022年度市直单位绩效评价办法》开展。",  # a title
        "依据湘财绩〔2022〕6号文件。",  # a document number
        "依据湘财绩[2021]6号和（2022）3号文件。",
        "自2020年以来累计投入300万元。",  # the start of a period
        "2021年起实行政府采购意向公开。",
        "《2021—2025年科普规划》和2021—2024年累计投入。",  # a range reaching the year
        "到2027年建成一批科普基地。",  # a target
    ],
)
def test_old_year_not_found(text):
    assert "TEXT-OLD-YEAR" not in codes(text)


def test_old_year_is_relative_to_the_evaluated_year():
    assert "TEXT-OLD-YEAR" in codes("2022年共开展检查5次。", year=2024)
    assert "TEXT-OLD-YEAR" not in codes("2022年共开展检查5次。", year=2023)


# ---------------------------------------------------------------------------
# TEXT-MIXED-PUNCT


@pytest.mark.parametrize(
    "text, mark",
    [
        ("全年支出100万元,其中基本支出60万元。", ","),
        ("主要原因如下:一是人员增加。", ":"),
        ("项目支出(含结转)共计50万元。", "("),
        ("设立办公室（含财务股)和业务科。", ")"),
        ("(1)加强学习；(2)完善制度。", ")"),
    ],
)
def test_mixed_punctuation(text, mark):
    assert f"“{mark}”" in only(text, "TEXT-MIXED-PUNCT").message


@pytest.mark.parametrize(
    "text",
    [
        "全年接待1,200人次，活动于9:30开始。",  # separators between digits
        "市科协联合WPS(Kingsoft)开展培训，效果良好。",  # inside Latin text
        "全年支出100万元，其中基本支出60万元。",
        "See Table 1(a), p. 3.",  # no Chinese at all
    ],
)
def test_no_mixed_punctuation(text):
    assert "TEXT-MIXED-PUNCT" not in codes(text)


def test_one_mixed_punctuation_finding_per_sentence():
    assert codes("一是加强学习,二是完善制度,三是强化监督。").count("TEXT-MIXED-PUNCT") == 1


# ---------------------------------------------------------------------------
# TEXT-MEASURE-WORD


@pytest.mark.parametrize(
    "text, shown",
    [
        ("全年共完成绩效目标12所。", "12所"),  # nothing follows: the noun before is not a school
        ("新建三所科普示范基地，", "三所"),
        ("分为申报、评审两所环节。", "两所"),
        ("打造全省第一所“科普+旅游”线路。", "第一所"),
        ("这是全市首所面向老年人的服务项目。", "首所"),
        ("共收集意见30余所，", "30余所"),
        ("对所人账户进行了核查。", "所人"),
        ("满足所性化需求。", "所性"),
    ],
)
def test_suo_where_ge_was_meant(text, shown):
    proof = only(text, "TEXT-MEASURE-WORD")
    assert f"“{shown}" in proof.message
    assert "个" in proof.message


@pytest.mark.parametrize(
    "text",
    [
        "科普进校园活动覆盖126所中小学。",
        "全市有两所高校、3所医院和一所研究所参加。",
        "对口帮扶1所乡镇卫生院、2所幼儿园。",
        "新建农村学校3所，改造校舍2所。",  # noun before the numeral
        "建成学校5所以上。",
        "全市首所以人工智能为特色的职业学院揭牌。",
        "统一所有单位的核算口径，唯一所需的是时间。",  # 所 as a particle
        "研究所人员12人，研究所性质为公益一类。",  # 研究所 + 人员 / 性质
        "所属单位3个，所有资金均纳入预算。",
        "这些科普作品为群众所喜爱。",
        "3名院士专家所在单位为南华大学。",  # 所在 after a noun, not a numeral
        "辖区3所医疗机构参与义诊，派出所人民警察参与宣传。",
        "参训人数所占比例为30%，原因之一所在是宣传不足。",
    ],
)
def test_suo_used_correctly(text):
    assert "TEXT-MEASURE-WORD" not in codes(text)


def test_academician_is_not_an_institution():
    # 院士 contains 院 but is a person
    assert "TEXT-MEASURE-WORD" in codes("新增2所院士专家工作站。")


def test_measure_word_does_not_join_two_fields():
    # a 自评表 row's target "800" and its unit "所" are two fields, not the text "800所"
    entries = [("evaluation.indicators[0].target", "800", False), ("evaluation.indicators[0].unit", "所", False)]
    assert proofread(entries, 2024) == []


# ---------------------------------------------------------------------------
# the whole pipeline


def test_codes_are_documented():
    found = {p.code for p in proofread(load_seed(SEED.read_text(encoding="utf-8")), 2024)}
    found |= {p.code for p in proofread([("x", "2022年检查检查5次。", False)], 2024)}
    assert found == set(CODES)
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in CODES.values())
    assert set(ADVICE) == set(CODES)


def test_order_and_paths():
    entries = [("b", "全年组织组织培训。", False), ("a", "加强管理。", True), ("c", "", False)]
    found = proofread(entries, 2024)
    assert [(p.path, p.code) for p in found] == [("b", "TEXT-REPEAT"), ("a", "TEXT-HEADING-PERIOD")]


def test_empty_input():
    assert proofread([], 2024) == []
    assert proofread([("x", "   \n", True)], 2024) == []


# ---------------------------------------------------------------------------
# the seed report


_HEADING = re.compile(r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+、)")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def load_seed(text: str) -> list[tuple[str, str, bool]]:
    """The seed as proofreader entries: one per non-empty line, path ``第N行``.

    Headings are the report's two title lines and the lines numbered
    一、/（一）/1、. Word's bookmark markers are dropped.
    """
    entries = []
    for number, line in enumerate(_BOOKMARK.sub("", text).split("\n"), start=1):
        line = line.strip()
        if line:
            heading = len(entries) < 2 or bool(_HEADING.match(line))
            entries.append((f"第{number}行", line, heading))
    return entries


#: the obvious fixes for every slip the seed shows (each must occur exactly as often as said)
CORRECTIONS = [
    ("下设两所二级机构", "下设两个二级机构", 1),
    ("对所人及家庭补助", "对个人和家庭补助", 2),
    ("185.46万元,各项目", "185.46万元，各项目", 1),
    ("的引领文章。\n", "的引领文章\n", 1),
    ("提交金点子7所", "提交金点子7条", 1),
    ("评审出20所", "评审出20个", 1),
    ("所性化", "个性化", 1),
    ("2024年新春走访市科协走访慰问", "2024年新春市科协走访慰问", 1),
    ("服务团拟莅衡", "服务团莅衡", 1),
    ("拟推进衡阳市", "推进衡阳市", 1),
    ("“祝融探火 逐梦星河”", "“祝融探火·逐梦星河”", 1),
    ("国内首所以", "国内首个以", 1),
    ("两所阶段", "两个阶段", 1),
    ("《中共中央国务院关于", "《中共中央 国务院关于", 1),
]


def corrected_seed() -> str:
    text = SEED.read_text(encoding="utf-8")
    for wrong, right, times in CORRECTIONS:
        assert text.count(wrong) == times, wrong
        text = text.replace(wrong, right)
    return text


def test_seed_as_written():
    found = proofread(load_seed(SEED.read_text(encoding="utf-8")), 2024)
    got = [(p.code, p.path, p.excerpt) for p in found]
    # every one is a real slip; what the seed also has but is not found: the
    # repeated 走访 in “2024年新春走访市科协走访慰问了” (see TEXT-REPEAT)
    assert got == [
        ("TEXT-MEASURE-WORD", "第18行", "…技术部和办公室。下设两所二级机构，即衡阳市科技馆（加挂衡阳市…"),
        ("TEXT-MEASURE-WORD", "第29行", "…服务支出251.54万元、对所人及家庭补助支出81.47万元…"),
        ("TEXT-MEASURE-WORD", "第67行", "…和服务支出237.07元、对所人及家庭补助支出84.15万元…"),
        ("TEXT-MIXED-PUNCT", "第71行", "…出中项目支出185.46万元,各项目明细如下："),
        ("TEXT-HEADING-PERIOD", "第99行", "一、强化政治建设，做好“凝心铸魂”的引领文章。"),
        ("TEXT-MEASURE-WORD", "第100行", "…息12条，提交金点子7所。"),
        ("TEXT-MEASURE-WORD", "第105行", "…卓越工程师”、评审出20所“小荷”科技人才专项，切实增强了科技…"),
        ("TEXT-MEASURE-WORD", "第105行", "…训班，进一步满足青年科技人才所性化、多元化的发展需求。三是走…"),
        ("TEXT-FUTURE-TENSE", "第106行", "…日，“科创中国”核技术应用产业科技服务团拟莅衡开展调研交流活动，活动聚焦举办202…"),
        ("TEXT-TITLE-VARIANT", "第108行", "…府承办的“祝融探火 逐梦星河”2024…"),
        ("TEXT-MEASURE-WORD", "第108行", "…·太空体验馆”是国内首所以火星文化IP为主题的室内场馆，集文…"),
        ("TEXT-MEASURE-WORD", "第109行", "…动仪式和科普展览宣传两所阶段，市政府副市长刘平讲话并宣布活动…"),
        ("TEXT-TITLE-VARIANT", "第160行", "…认真学习《中共中央国务院关于全面实施预算绩效管理的意见》《中共湖…"),
    ]
    variants = [p.message for p in found if p.code == "TEXT-TITLE-VARIANT"]
    assert "在前文写作“祝融探火·逐梦星河”" in variants[0]
    assert "在前文写作《中共中央 国务院关于全面实施预算绩效管理的意见》" in variants[1]
    assert all(re.search(r"[\u4e00-\u9fff]", p.message) for p in found)


def test_seed_corrected_has_no_findings():
    assert proofread(load_seed(corrected_seed()), 2024) == []


# ---------------------------------------------------------------------------
# the adapter for the report model


def test_report_entries_walk_every_text_field(example: Report):
    entries = report_entries(example)
    paths = {path for path, _, _ in entries}
    assert "meta.preamble" in paths
    assert "overview.duties[0]" in paths
    assert "performance.duty[0].title" in paths
    assert "performance.duty[0].items[0].text" in paths
    headings = {path for path, _, heading in entries if heading}
    assert "performance.duty[0].title" in headings
    assert "performance.duty[0].items[0].text" not in headings
    assert "meta.year" not in paths  # not text
    texts = dict((p, t) for p, t, _ in entries)
    assert texts["meta.preamble"] == example.meta.preamble


def test_report_paths_point_at_the_field(example: Report):
    example.performance.duty = [
        TextSection(title="加强科普阵地建设。", items=[TextItem(title="科普基地", text="新建科普基地3所。")])
    ]
    found = {(p.code, p.path) for p in proofread_report(example)}
    assert ("TEXT-HEADING-PERIOD", "performance.duty[0].title") in found
    assert ("TEXT-MEASURE-WORD", "performance.duty[0].items[0].text") in found


def test_example_draft_has_no_findings():
    assert proofread_report(draft.load(EXAMPLE)) == []


def test_as_written_fixture_findings():
    # the fixture carries the seed's own wording: what the proofreader finds in it
    found = sorted((p.code, p.path, p.excerpt) for p in proofread_report(draft.load(AS_WRITTEN)))
    codes = [(c, path) for c, path, _ in found]
    assert codes == sorted(
        [
            ("TEXT-HEADING-PERIOD", "performance.duty[0].title"),  # 做好“凝心铸魂”的引领文章。
            ("TEXT-MEASURE-WORD", "performance.duty[0].items[0].text"),  # 提交金点子7所
            ("TEXT-MEASURE-WORD", "performance.duty[1].items[1].text"),  # 评审出20所“小荷”
            ("TEXT-MEASURE-WORD", "performance.duty[1].items[1].text"),  # 所性化
            ("TEXT-FUTURE-TENSE", "performance.duty[1].items[2].text"),  # 11月7日—8日……拟莅衡
            ("TEXT-TITLE-VARIANT", "performance.duty[2].items[0].text"),  # “祝融探火 逐梦星河”
            ("TEXT-MEASURE-WORD", "performance.duty[2].items[0].text"),  # 国内首所以火星文化
            ("TEXT-MEASURE-WORD", "performance.duty[2].items[1].text"),  # 两所阶段
            ("TEXT-TITLE-VARIANT", "measures[0].items[2]"),  # 《中共中央国务院关于……》
        ]
    )
    excerpts = " ".join(e for *_, e in found)
    for piece in ("7所", "20所", "所性化", "首所", "两所", "拟", "祝融探火 逐梦星河", "中共中央国务院"):
        assert piece in excerpts


def test_core_does_not_need_the_model():
    import ast

    source = Path(__file__).resolve().parents[1] / "src" / "selfeval" / "proofread.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    modules = {getattr(n, "module", None) or n.names[0].name for n in top_level}
    assert not any(m.startswith(("selfeval", "textual", "pydantic")) for m in modules), modules
