"""Paths and small helpers shared by the tests (importable: pytest puts tests/ on sys.path)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "drafts" / "example-2024.toml"
#: the old stand-in example (schema 1, migrated on load): scored by 三级 indicators, dated,
#: so its report has the landscape 附件1, 附件2 and a dated 落款
LEVEL3_EXAMPLE = ROOT / "tests" / "fixtures" / "example-2024-v1.toml"
AS_WRITTEN = ROOT / "tests" / "fixtures" / "seed-2024-as-written.toml"
#: the example as it was in draft format 1 (three-level scoring, base data filled in):
#: kept to test migration, and as a full draft for tests of scoring mechanics
EXAMPLE_V1 = ROOT / "tests" / "fixtures" / "example-2024-v1.toml"

#: the top-level sections of the example's report, in order: the hengyang-2024 outline leaves
#: out the 政府性基金 / 国有资本经营 chapters the example has no fund for (as the seed does)
OUTLINE = [
    "一、部门概况",
    "二、部门整体收支情况",
    "三、一般公共预算收支情况",
    "四、其他资金收支情况",
    "五、部门整体履职情况",
    "六、部门整体绩效评价情况分析",
    "七、综合评价结论",
    "八、存在的主要问题",
    "九、下一步改进措施",
]

#: every chapter, as an outline with no optional chapter prints them (domain.md §1)
FULL_OUTLINE = [
    "一、部门概况",
    "二、部门整体收支情况",
    "三、一般公共预算收支情况",
    "四、政府性基金预算收支情况",
    "五、国有资本经营预算收支情况",
    "六、其他资金收支情况",
    "七、部门整体履职情况",
    "八、部门整体绩效评价情况分析",
    "九、综合评价结论",
    "十、存在的主要问题",
    "十一、下一步改进措施",
]
