"""Comments survive a save, where the user put them, and belong to list items (issue 15)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from selfeval import draft
from selfeval.model import Report
from selfeval.model.base import TextItem

HEADER = re.compile(r"^\[\[?")
KEY = re.compile(r"^[a-z_]+ = ")
ELEMENT = re.compile(r'^    "')


def test_the_comments_of_the_issue_survive():
    text = '''# 我的草稿

schema_version = 1

[meta]
department = "测试单位" # 全称以封面为准
year = 2025
preamble = """
第一行 \\\\
第二行""" # 多行文本之后
preparer = "张三" # 多行文本后面的注释

[overview]
duties = [
    # 第一条职责的说明
    "职责甲", # 甲
    "职责乙", # 乙
]

# 目标一的说明
[[overview.goals]]
title = "目标一"
text = "甲"

# 目标二的说明
[[overview.goals]]
title = "目标二" # 二
text = "乙"
# 文件末尾的注释
'''
    report = draft.loads(text)
    same = draft.dumps(report, previous=text)
    for comment in re.findall(r"#[^\n]*", text):
        assert comment in same, comment
    assert draft.loads(same) == report
    # delete the first goal and the first duty: their comments go, the others stay with their items
    del report.overview.goals[0]
    del report.overview.duties[0]
    out = draft.dumps(report, previous=text)
    assert "目标一的说明" not in out and "第一条职责的说明" not in out and "# 甲" not in out
    assert re.search(r'# 目标二的说明\n\[\[overview.goals\]\]\ntitle = "目标二"  # 二', out)
    assert '"职责乙",  # 乙' in out
    assert out.rstrip().endswith("# 文件末尾的注释")
    assert '第二行"""  # 多行文本之后' in out and 'preparer = "张三"  # 多行文本后面的注释' in out


# ---- the property ----------------------------------------------------------------------

_text_line = st.text(alphabet="文本\\ a行", min_size=1, max_size=6).filter(lambda s: s.strip() and not s.startswith(" "))


@st.composite
def drafts(draw):
    n_goals = draw(st.integers(0, 5))
    goals = []
    for k in range(n_goals):
        lines = draw(st.lists(_text_line, min_size=1, max_size=3))
        goals.append(TextItem(title=f"G{k}", text="\n".join(lines)))
    duties = [f"职责{k}" for k in range(draw(st.integers(0, 5)))]
    report = Report(meta={"department": "测试单位", "year": 2025})
    report.overview.goals = goals
    report.overview.duties = duties
    return report


def _owners(lines: list[str]) -> list[str | None]:
    """Who each content line belongs to: a goal (its title), a duty (its text), or nothing."""
    owners: list[str | None] = [None] * len(lines)
    in_string = False
    block: list[int] = []
    goal_title = None

    def close() -> None:
        for i in block:
            owners[i] = goal_title
        block.clear()

    for i, line in enumerate(lines):
        code = re.sub(r"\s+# c\d+\b.*$", "", line)  # the test's own comments only
        if in_string:
            block.append(i) if goal_title is not None or block else None
            if code.rstrip().endswith('"""'):
                in_string = False
            continue
        if line.lstrip().startswith("#"):
            continue
        if not line.strip() or HEADER.match(line):
            close()
            goal_title = None
            if line.startswith("[[overview.goals]]"):
                goal_title = ""
                block.append(i)
            continue
        if goal_title is not None:
            block.append(i)
            m = re.match(r'title = "(G\d+)"', line)
            if m:
                goal_title = m.group(1)
        elif ELEMENT.match(line):
            owners[i] = line.strip().split('"')[1]
        if re.search(r'= """$', code.rstrip()):
            in_string = True
    close()
    return owners


def _comment_owners(text: str) -> dict[str, str | None]:
    lines = text.split("\n")
    owners = _owners(lines)
    found: dict[str, str | None] = {}
    for i, line in enumerate(lines):
        for token in re.findall(r"# (c\d+)\b", line):
            assert token not in found, f"{token} twice"
            if line.lstrip().startswith("#"):
                j = i + 1
                while j < len(lines) and lines[j].lstrip().startswith("#"):
                    j += 1
                found[token] = owners[j] if j < len(lines) else None
            else:
                found[token] = owners[i]
    return found


def _legal_places(lines: list[str]) -> tuple[list[int], list[int]]:
    """Lines a comment may go above, and lines a comment may trail."""
    above, trail = [], []
    in_string = False
    for i, line in enumerate(lines):
        if in_string:
            if line.endswith('"""'):
                in_string = False
                trail.append(i)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if HEADER.match(line) or KEY.match(line) or ELEMENT.match(line):
            above.append(i)
        if line.endswith('= """'):
            in_string = True
        elif not line.endswith("= ["):
            trail.append(i)
    return above, trail


@given(
    report=drafts(),
    places=st.lists(st.tuples(st.booleans(), st.integers(0, 10_000)), min_size=1, max_size=12),
    end_comment=st.booleans(),
    edits=st.data(),
)
def test_every_comment_survives_attached_to_its_item(report: Report, places, end_comment: bool, edits):
    text = draft.dumps(report)
    lines = text.split("\n")
    start = lines.index("") + 1  # after the head
    above, trail = _legal_places(lines)
    above = [i for i in above if i > start]
    trail = [i for i in trail if i >= start]
    inserts_above: dict[int, list[str]] = {}
    trailing: dict[int, list[str]] = {}
    for n, (is_above, pick) in enumerate(places):
        pool = above if is_above else trail
        if not pool:
            continue
        line = pool[pick % len(pool)]
        (inserts_above if is_above else trailing).setdefault(line, []).append(f"# c{n}")
    out_lines: list[str] = []
    for i, line in enumerate(lines):
        out_lines.extend(inserts_above.get(i, []))
        out_lines.append(line + "".join(f" {c}" for c in trailing.get(i, [])))
    if end_comment:
        out_lines.append("# c999")
    commented = "\n".join(out_lines)
    assert draft.loads(commented) == report  # the comments are legal TOML
    expected = _comment_owners(commented)

    # edit, reorder and delete list items
    goals = list(report.overview.goals)
    duties = list(report.overview.duties)
    goals = edits.draw(st.permutations(goals))
    keep = edits.draw(st.lists(st.booleans(), min_size=len(goals), max_size=len(goals)))
    goals = [g for g, k in zip(goals, keep) if k]
    for g in goals:
        if edits.draw(st.booleans()):
            g.text = g.text + "改"
    duties = edits.draw(st.permutations(duties))
    keep = edits.draw(st.lists(st.booleans(), min_size=len(duties), max_size=len(duties)))
    duties = [d for d, k in zip(duties, keep) if k]
    if edits.draw(st.booleans()):
        goals.append(TextItem(title="G-new", text="新"))
    report.overview.goals = goals
    report.overview.duties = duties
    alive = {g.title for g in goals} | set(duties)

    saved = draft.dumps(report, previous=commented)
    assert draft.loads(saved) == report
    got = _comment_owners(saved)
    for token, owner in expected.items():
        if owner is None or owner in alive:
            assert token in got, f"{token} ({owner}) lost:\n{commented}\n---\n{saved}"
            assert got[token] == owner, f"{token} moved from {owner} to {got[token]}:\n{commented}\n---\n{saved}"
        else:
            assert token not in got, f"{token} of deleted {owner} kept"
