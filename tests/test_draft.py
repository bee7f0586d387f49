"""Drafts: exact round trips, atomic saves with a backup, clear Chinese errors, files never touched."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from selfeval import draft, tomlmap
from selfeval.cli import main
from selfeval.model import Project, Report

from support import EXAMPLE


def test_example_round_trip_is_equal_and_byte_identical(example_path: Path):
    before = example_path.read_bytes()
    report, text = draft.read(example_path)
    draft.save(report, example_path)
    assert example_path.read_bytes() == before
    assert draft.load(example_path) == report
    # saving to a new file keeps the comments of the text the report was read from
    other = example_path.with_name("copy.toml")
    draft.save(report, other, source=text)
    assert other.read_bytes() == before
    # without the source text, a new file gets the default header, not the comments
    bare = example_path.with_name("bare.toml")
    draft.save(report, bare)
    assert bare.read_bytes() != before
    assert bare.read_text(encoding="utf-8").startswith(draft.DEFAULT_HEADER[0])


def test_new_draft_round_trip(tmp_path: Path):
    path = tmp_path / "x.toml"
    assert main(["new", str(path), "--department", "测试单位", "--year", "2025"]) == 0
    before = path.read_bytes()
    report = draft.load(path)
    draft.save(report, path)
    assert path.read_bytes() == before
    assert draft.load(path) == report


def test_amounts_are_decimal_and_keep_their_digits(tmp_path: Path, blank: Report):
    blank.general_budget.personnel = "12.50"
    blank.general_budget.projects.append(Project(name="甲", amount="7"))
    path = draft.save(blank, tmp_path / "d.toml")
    text = path.read_text(encoding="utf-8")
    assert "personnel = 12.50" in text
    again = draft.load(path)
    assert isinstance(again.general_budget.personnel, Decimal)
    assert str(again.general_budget.personnel) == "12.50"
    assert again.general_budget.projects[0].amount == Decimal(7)


def test_keys_follow_report_order(example_v1: Report):
    text = draft.dumps(example_v1)
    order = [text.index(f"[{t}]") for t in ("meta", "overview", "overall", "general_budget", "base_data", "performance", "scoring")]
    assert order == sorted(order)


def test_save_keeps_backup_of_previous_version(tmp_path: Path, blank: Report):
    path = tmp_path / "d.toml"
    draft.save(blank, path)
    first = path.read_bytes()
    blank.meta.preparer = "张三"
    draft.save(blank, path)
    assert draft.backup_path(path).read_bytes() == first
    assert draft.load(path).meta.preparer == "张三"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_save_keeps_hand_written_comments(tmp_path: Path):
    path = tmp_path / "d.toml"
    shutil.copy(EXAMPLE, path)
    text = path.read_text(encoding="utf-8").replace(
        "preparer = ", "# 我的批注：下周请科长复核\npreparer = ", 1
    )
    path.write_text(text, encoding="utf-8")
    report = draft.load(path)
    report.meta.preparer = "李四"
    draft.save(report, path)
    saved = path.read_text(encoding="utf-8")
    assert "# 我的批注：下周请科长复核\npreparer = \"李四\"" in saved


def test_save_into_removed_folder_raises_and_keeps_report(tmp_path: Path, blank: Report):
    folder = tmp_path / "gone"
    folder.mkdir()
    path = draft.save(blank, folder / "d.toml")
    shutil.rmtree(folder)
    blank.meta.preparer = "赵六"
    with pytest.raises(OSError):
        draft.save(blank, path)
    assert blank.meta.preparer == "赵六"
    draft.save(blank, tmp_path / "elsewhere.toml")  # save-as works
    assert draft.load(tmp_path / "elsewhere.toml").meta.preparer == "赵六"


def test_failed_save_leaves_file_untouched(tmp_path: Path, blank: Report):
    path = tmp_path / "d.toml"
    draft.save(blank, path)
    before = path.read_bytes()
    os.chmod(tmp_path, 0o500)
    try:
        if os.access(tmp_path, os.W_OK):  # running as root: permissions are not enforced
            pytest.skip("cannot make a read-only folder as this user")
        blank.meta.preparer = "王五"
        with pytest.raises(OSError):
            draft.save(blank, path)
    finally:
        os.chmod(tmp_path, 0o700)
    assert path.read_bytes() == before
    assert blank.meta.preparer == "王五"


# ---- bad files: a Chinese message with file, line and field; the bytes never change ----

BAD = {
    "syntax": ("[meta]\ndepartment = \"x\nyear = 2024\n", ["TOML 格式错误", "第 2 行"]),
    "text_for_amount": (
        "[meta]\ndepartment = \"x\"\nyear = 2024\n\n[general_budget]\npersonnel = \"很多\"\n",
        ["第 6 行", "general_budget.personnel", "人员经费", "不是有效金额"],
    ),
    "too_many_decimals": (
        "[meta]\ndepartment = \"x\"\nyear = 2024\n\n[general_budget.basic]\ninitial = 12.345\n",
        ["第 6 行", "general_budget.basic.initial", "年初预算", "小数位过多"],
    ),
    "exponent": (
        "[meta]\ndepartment = \"x\"\nyear = 2024\n\n[general_budget]\npersonnel = 1e5\n",
        ["第 6 行", "科学计数法"],
    ),
    "nan": (
        "[meta]\ndepartment = \"x\"\nyear = 2024\n\n[general_budget]\npublic_expense = nan\n",
        ["第 6 行", "不是数字"],
    ),
    "unknown_key": (
        "[meta]\ndepartment = \"x\"\nyear = 2024\ncolour = \"red\"\n",
        ["第 4 行", "meta.colour", "程序不认识这一项"],
    ),
    "missing_required": ("[meta]\ndepartment = \"x\"\n", ["第 1 行", "meta.year", "评价年度", "缺少必填项"]),
    "wrong_type": (
        "[meta]\ndepartment = \"x\"\nyear = \"二〇二四\"\n",
        ["第 3 行", "meta.year", "整数"],
    ),
    "newer_schema": ("schema_version = 99\n[meta]\ndepartment = \"x\"\nyear = 2024\n", ["第 1 行", "版本 99", "升级"]),
    "empty": ("", ["文件是空的"]),
    "negative": (
        "[meta]\ndepartment = \"x\"\nyear = 2024\n\n[[general_budget.projects]]\nname = \"甲\"\namount = -3\n",
        ["第 7 行", "general_budget.projects[0].amount", "项目明细 › 第 1 项 › 年度决算数", "不能为负数"],
    ),
    "control_char": ("[meta]\ndepartment = \"x\\u0007\"\nyear = 2024\n", ["第 2 行", "控制字符"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_message_and_untouched(tmp_path: Path, case: str, capsys):
    text, fragments = BAD[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(draft.DraftError) as err:
        draft.load(path)
    message = str(err.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    # the CLI says the same in one line and exits 2
    assert main(["check", str(path)]) == 2
    assert main(["render", str(path)]) == 2
    err_out = capsys.readouterr().err.strip().splitlines()
    assert len(err_out) == 2 and all(line.startswith("selfeval：") for line in err_out)
    assert "Traceback" not in "".join(err_out)
    assert path.read_bytes() == before


def test_not_utf8_directory_and_huge_file(tmp_path: Path):
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes("[meta]\ndepartment = \"衡阳\"\nyear = 2024\n".encode("gbk"))
    before = gbk.read_bytes()
    with pytest.raises(draft.DraftError, match="UTF-8"):
        draft.load(gbk)
    assert gbk.read_bytes() == before
    with pytest.raises(draft.DraftError, match="文件夹"):
        draft.load(tmp_path)
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as f:
        f.truncate(draft.MAX_BYTES + 1)
    with pytest.raises(draft.DraftError, match="文件太大"):
        draft.load(huge)
    with pytest.raises(draft.DraftError, match="不存在"):
        draft.load(tmp_path / "nope.toml")


def test_tomlmap_finds_lines_in_arrays_of_tables():
    text = draft.dumps(draft.load(EXAMPLE))
    m = tomlmap.scan(text)
    line = m.line_of(("general_budget", "projects", 2, "amount"))
    assert text.split("\n")[line - 1].startswith("amount = 1.05")
    line = m.line_of(("performance", "duty", 1, "items", 1, "text"))
    assert "陈立丰入选第十届中国科协青年人才托举工程" in text.split("\n")[line - 1]


def test_every_field_has_a_chinese_title_and_help():
    from selfeval.model.base import inner_model

    seen: set[type] = set()
    missing: list[str] = []

    def walk(model: type) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if not info.title or not info.description:
                missing.append(f"{model.__name__}.{name}")
            inner = inner_model(info.annotation)
            if inner is not None:
                walk(inner)

    walk(Report)
    assert missing == []


def test_disk_full_during_save_keeps_draft_and_report(tmp_path: Path, blank: Report, monkeypatch):
    import errno

    path = draft.save(blank, tmp_path / "d.toml")
    before = path.read_bytes()
    blank.meta.preparer = "磁盘满"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(draft.os, "replace", full)
    with pytest.raises(OSError):
        draft.save(blank, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert blank.meta.preparer == "磁盘满"
    other = draft.save(blank, tmp_path / "另存.toml")
    assert draft.load(other).meta.preparer == "磁盘满"
