"""The `selfeval` command: new, render, check, export, presets; one-line Chinese errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from selfeval import draft
from selfeval.cli import main

from support import AS_WRITTEN, EXAMPLE


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "selfeval", *args], capture_output=True, text=True, cwd=cwd
    )


def test_new_creates_every_section_and_renders(tmp_path: Path, capsys):
    path = tmp_path / "x.toml"
    assert main(["new", str(path), "--department", "测试单位", "--year", "2025"]) == 0
    report = draft.load(path)
    assert report.meta.department == "测试单位" and report.meta.year == 2025
    text = path.read_text(encoding="utf-8")
    for table in ("[meta]", "[overview]", "[overview.organisation]", "[overview.staffing]", "[overall]",
                  "[general_budget]", "[general_budget.basic]", "[general_budget.project]",
                  "[base_data.", "[performance]", "[scoring]"):
        assert table in text
    # the preset's 一级 indicators and hand-scored indicators are listed, ready to fill
    assert [a.level1 for a in report.performance.analysis] == ["投入", "过程", "产出", "效果"]
    assert "input.goal.reasonable" in {s.id for s in report.scoring.scores}
    assert main(["render", str(path)]) == 0
    assert "测试单位2025年度部门整体支出绩效自评报告\n===" in capsys.readouterr().out
    # refuses to overwrite without --force
    assert main(["new", str(path), "--department", "x", "--year", "2025"]) == 2


def test_render_to_file(tmp_path: Path):
    out = tmp_path / "r.md"
    assert main(["render", str(EXAMPLE), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("衡阳市科学技术协会\\\n2024年度部门整体支出绩效自评报告\n===")


def test_export_md_next_to_draft(example_path: Path):
    assert main(["export", str(example_path)]) == 0
    assert example_path.with_suffix(".md").read_text(encoding="utf-8").startswith("衡阳市")


def test_export_refuses_a_draft_with_errors_unless_forced(tmp_path: Path, capsys):
    import shutil

    path = tmp_path / "as-written.toml"
    shutil.copy(AS_WRITTEN, path)
    assert main(["export", str(path)]) == 1
    err = capsys.readouterr().err
    assert "草稿有 24 个错误" in err and "--force" in err
    assert not path.with_suffix(".md").exists()
    assert main(["export", str(path), "--force"]) == 0
    assert path.with_suffix(".md").exists()
    assert "有 24 个错误" in capsys.readouterr().out


def test_exported_file_gets_the_usual_mode(example_path: Path):
    import os

    old = os.umask(0o022)
    try:
        assert main(["export", str(example_path)]) == 0
    finally:
        os.umask(old)
    assert example_path.with_suffix(".md").stat().st_mode & 0o777 == 0o644


def test_check_exit_codes_and_json(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    assert "没有" in capsys.readouterr().out
    assert main(["check", str(AS_WRITTEN), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"findings", "evaluation"}
    assert set(out["evaluation"]) == {"department", "projects"}
    assert out["evaluation"]["department"]["kind"] == "department"
    findings = out["findings"]
    assert findings and all(
        set(f) == {"code", "severity", "section", "section_label", "path", "message", "numbers"} for f in findings
    )
    assert any(f["severity"] == "error" for f in findings)


def test_bare_file_argument_means_edit(tmp_path: Path):
    missing = tmp_path / "nope.toml"
    result = run(str(missing))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("selfeval：草稿")
    assert "selfeval new" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_are_chinese_one_line(tmp_path: Path):
    result = run("new", str(tmp_path / "a.toml"))
    assert result.returncode == 2
    assert "缺少参数" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run("check", str(EXAMPLE), "--format", "xml")
    assert result.returncode == 2 and "无效" in result.stderr


def test_unknown_preset_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "x.toml"
    result = run("new", str(path), "--department", "甲", "--year", "2024", "--preset", "no-such")
    assert result.returncode == 2
    assert "没有名为“no-such”的指标体系" in result.stderr
    assert not path.exists()


def test_presets_lists_shipped(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for name in ("hengyang-2024", "hunan-style", "national-2013"):
        assert name in out


def test_render_from_another_folder_uses_packaged_templates(tmp_path: Path):
    result = run("render", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "## 九、下一步改进措施" in result.stdout
