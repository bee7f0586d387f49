"""docs/findings.md lists every finding code the checks (and the proofreader) can emit."""

from __future__ import annotations

import re

from selfeval import checks
from selfeval.proofread import CODES

from support import ROOT

TABLE = ROOT / "docs" / "findings.md"


def _rows() -> dict[str, str]:
    rows = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| ([A-Z0-9-]+) \| ([^|]+) \|", line)
        if m:
            rows[m.group(1)] = m.group(2).strip()
    return rows


def _emitted() -> set[str]:
    source = (ROOT / "src" / "selfeval" / "checks.py").read_text(encoding="utf-8")
    found = set(re.findall(r'"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)"', source))
    # SECTION-EMPTY-<field> is built from the required sections' paths
    found.discard("SECTION-EMPTY-")
    for path, *_ in checks._REQUIRED_TEXT:
        found.add("SECTION-EMPTY-" + path.split(".")[-1].upper().replace("_", "-"))
    return found | set(CODES)


def test_every_code_has_a_row():
    rows = _rows()
    missing = _emitted() - set(rows)
    assert not missing, f"not in docs/findings.md: {sorted(missing)}"


def test_no_row_for_a_code_that_no_longer_exists():
    stale = set(_rows()) - _emitted()
    assert not stale, f"docs/findings.md lists codes nothing emits: {sorted(stale)}"


def test_severities_are_the_ones_emitted():
    labels = {"错误": "error", "警告": "warning", "提示": "notice"}
    for code, severity in _rows().items():
        for part in severity.split("/"):
            assert part in labels, (code, severity)
    rows = _rows()
    # the proofreader's findings are notices; the tolerance rule's codes are warning/error
    assert all(rows[c] == "提示" for c in CODES)
    for code in ("ECON-GB", "FUND-SPLIT", "PERSONNEL-VS-ECON"):
        assert rows[code] == "警告/错误"


def test_findings_of_the_drafts_have_the_tables_severity():
    from selfeval import draft

    from support import AS_WRITTEN, EXAMPLE, EXAMPLE_V1

    labels = {"error": "错误", "warning": "警告", "notice": "提示"}
    rows = _rows()
    seen = 0
    for path in (AS_WRITTEN, EXAMPLE, EXAMPLE_V1):
        for f in checks.run(draft.load(path)):
            assert labels[f.severity] in rows[f.code].split("/"), (f.code, f.severity)
            seen += 1
    assert seen >= 50
