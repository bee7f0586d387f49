"""`selfeval --version` and `selfeval doctor`: one Chinese screen for support."""

from __future__ import annotations

import fcntl
import io
import os
import platform
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from selfeval import __version__, doctor
from selfeval.cli import main


def rows_by_label(rows):
    return {r.label: r for r in rows}


def text_stream(encoding: str = "utf-8") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


def which_only(**found: str):
    return lambda name: found.get(name)


BASE_ENV = {"TERM": "xterm-256color", "LANG": "zh_CN.UTF-8", "HOME": "/nonexistent-home"}


def test_version_names_selfeval_and_python():
    # one line, however narrow the terminal (argparse's own action wraps it)
    env = {**os.environ, "COLUMNS": "40"}
    out = subprocess.run(
        [sys.executable, "-m", "selfeval", "--version"], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert out.count("\n") == 1
    assert out.startswith(f"selfeval {__version__}（Python {platform.python_version()}，")
    assert sys.executable in out


def test_a_terminal_that_cannot_show_chinese_is_a_problem_to_fix():
    rows = rows_by_label(doctor.collect(env={**BASE_ENV, "LANG": "C"}, stream=text_stream("ascii")))
    row = rows["中文显示"]
    assert row.mark == doctor.BAD
    assert "输出编码 ascii" in row.value and "LANG=zh_CN.UTF-8" in row.value
    assert rows["区域设置"].value == "LANG=C"


def test_utf8_and_gb18030_terminals_can_show_chinese():
    for enc in ("utf-8", "gb18030"):
        row = rows_by_label(doctor.collect(env=BASE_ENV, stream=text_stream(enc)))["中文显示"]
        assert row.mark == doctor.OK, (enc, row)
        rows = rows_by_label(doctor.collect(env=BASE_ENV, stream=text_stream(enc)))
        assert f"输出 {enc}" in rows["字符编码"].value


def test_editor_found_missing_or_unset():
    which = which_only(nano="/usr/bin/nano", vi="/usr/bin/vi")
    row = rows_by_label(doctor.collect(env={**BASE_ENV, "EDITOR": "nano -w"}, which=which))["外部编辑器"]
    assert row.mark == doctor.OK and "$EDITOR=nano -w" in row.value and "/usr/bin/nano" in row.value
    # $VISUAL wins, as in the editor's Ctrl+O
    row = rows_by_label(doctor.collect(env={**BASE_ENV, "EDITOR": "nano", "VISUAL": "emacs"}, which=which))[
        "外部编辑器"
    ]
    assert row.mark == doctor.BAD and "$VISUAL=emacs" in row.value and "找不到" in row.value
    row = rows_by_label(doctor.collect(env=BASE_ENV, which=which))["外部编辑器"]
    assert row.mark == doctor.NOTE and "/usr/bin/vi" in row.value
    row = rows_by_label(doctor.collect(env=BASE_ENV, which=which_only()))["外部编辑器"]
    assert row.mark == doctor.NOTE and "没有 vi" in row.value


def test_soffice_or_libreoffice():
    rows = rows_by_label(doctor.collect(env=BASE_ENV, which=which_only(libreoffice="/opt/lo/libreoffice")))
    assert rows["LibreOffice"].mark == doctor.OK and "/opt/lo/libreoffice" in rows["LibreOffice"].value
    rows = rows_by_label(doctor.collect(env=BASE_ENV, which=which_only()))
    assert rows["LibreOffice"].mark == doctor.NOTE and "未安装" in rows["LibreOffice"].value
    # SELFEVAL_SOFFICE names the program, as for the PDF export
    which = which_only(soffice="/usr/bin/soffice", lo7="/opt/lo7/soffice")
    rows = rows_by_label(doctor.collect(env={**BASE_ENV, "SELFEVAL_SOFFICE": "lo7"}, which=which))
    assert rows["LibreOffice"].mark == doctor.OK and "/opt/lo7/soffice" in rows["LibreOffice"].value
    rows = rows_by_label(doctor.collect(env={**BASE_ENV, "SELFEVAL_SOFFICE": "lo9"}, which=which))
    assert rows["LibreOffice"].mark == doctor.BAD and "找不到" in rows["LibreOffice"].value


def test_colours_from_the_environment():
    def colours(**env):
        return rows_by_label(doctor.collect(env={**BASE_ENV, **env}))["颜色"].value

    assert colours(COLORTERM="truecolor").startswith("真彩色")
    assert colours() == "256 色"
    assert colours(TERM="xterm").startswith("16 色")
    assert "NO_COLOR" in colours(NO_COLOR="1")
    assert colours(TERM="dumb").startswith("无")


def test_state_folder_follows_xdg_rules(tmp_path: Path):
    assert doctor.state_dir({"XDG_STATE_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path / "selfeval"
    # a relative XDG_STATE_HOME is ignored (XDG Base Directory specification)
    assert doctor.state_dir({"XDG_STATE_HOME": "rel", "HOME": "/h"}) == Path("/h/.local/state/selfeval")
    assert doctor.state_dir({"HOME": "/h"}) == Path("/h/.local/state/selfeval")
    rows = rows_by_label(doctor.collect(env={**BASE_ENV, "XDG_STATE_HOME": str(tmp_path)}))
    assert rows["备用恢复文件夹"].value == f"{tmp_path / 'selfeval'}（尚未创建，可以创建）"
    (tmp_path / "selfeval").mkdir()
    rows = rows_by_label(doctor.collect(env={**BASE_ENV, "XDG_STATE_HOME": str(tmp_path)}))
    assert rows["备用恢复文件夹"].value.endswith("（可写）")
    assert ".recover" in rows["未保存的内容"].value


def test_a_missing_library_is_named(monkeypatch):
    monkeypatch.setattr(doctor, "LIBRARIES", ("textual", "no-such-distribution-xyz"))
    row = rows_by_label(doctor.collect(env=BASE_ENV))["依赖库"]
    assert row.mark == doctor.BAD and "缺少 no-such-distribution-xyz" in row.value and "textual 8.2.8" in row.value


def _pty_stream(columns: int, lines: int):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    return master, open(slave, "w", encoding="utf-8", closefd=True)


@pytest.mark.parametrize(("columns", "lines", "mark"), [(120, 40, doctor.OK), (60, 20, doctor.NOTE)])
def test_terminal_size_is_measured(columns, lines, mark):
    master, stream = _pty_stream(columns, lines)
    try:
        row = rows_by_label(doctor.collect(env=BASE_ENV, stream=stream))["窗口大小"]
    finally:
        stream.close()
        os.close(master)
    assert row.value.startswith(f"{columns} 列 × {lines} 行") and row.mark == mark
    if mark == doctor.NOTE:
        assert "小于 80×24" in row.value
    row = rows_by_label(doctor.collect(env=BASE_ENV, stream=text_stream()))["窗口大小"]
    assert row.mark == doctor.NOTE and "不是终端" in row.value


def test_report_fits_80_columns_and_sums_up():
    rows = doctor.collect(env={**BASE_ENV, "EDITOR": "no-such-editor-xyz"}, stream=text_stream())
    text = doctor.format_rows(rows)
    lines = text.splitlines()
    assert max(doctor._width(line) for line in lines) <= 80
    assert lines[0].startswith("selfeval 运行环境检查")
    # wrapped values keep nothing back: the whole value is in the text
    joined = "".join(line.strip() for line in lines)
    for r in rows:
        assert r.value.replace(" ", "") in joined.replace(" ", "")
    assert lines[-1].startswith("有 1 项需要处理（✗）")


def test_doctor_command_exit_code_and_no_textual(tmp_path: Path):
    code = (
        "import sys\n"
        "from selfeval.cli import main\n"
        "rc = main(['doctor'])\n"
        "assert not any(m.startswith('textual') for m in sys.modules), 'textual imported'\n"
        "sys.exit(rc)\n"
    )
    env = {**os.environ, "EDITOR": "no-such-editor-xyz", "XDG_STATE_HOME": str(tmp_path), "LC_ALL": "C.UTF-8"}
    env.pop("VISUAL", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 1, out.stderr
    assert "✗ 外部编辑器" in out.stdout and "no-such-editor-xyz" in out.stdout
    env["EDITOR"] = sys.executable  # a program that exists
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "✓ 外部编辑器" in out.stdout and "✓ 中文显示" in out.stdout


def test_doctor_is_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["-h"])
    assert "doctor" in capsys.readouterr().out


def test_a_terminal_without_chinese_gets_an_ascii_report_with_the_fix():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = subprocess.run([sys.executable, "-m", "selfeval", "doctor"], capture_output=True, env=env)
    assert out.returncode == 1
    text = out.stdout.decode("ascii")  # nothing else reached the terminal
    assert "cannot show Chinese (output encoding ascii)" in text
    assert "export LANG=zh_CN.UTF-8" in text and f"selfeval {__version__}" in text
    assert out.stderr == b""
