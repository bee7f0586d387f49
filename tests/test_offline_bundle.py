"""The offline bundle installs with no network, on the lowest and the newest
supported Python, and the installed selfeval checks and renders the example.

Builds the bundle with scripts/build-offline-bundle (needs PyPI, once per run;
pip's cache makes it quick after that) for the two interpreters and this
machine's architecture, then runs its install.sh inside a network namespace
with no network (``unshare -n``, as root) — or, where that is not possible,
with pip's index switched off (the install script passes --no-index anyway).

The interpreters come from pyenv (~/.pyenv/versions/X.Y.*) or pythonX.Y on
PATH; a missing one skips its case, unless SELFEVAL_REQUIRE_PYTHONS=1 (CI),
where it fails.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from support import ROOT

pytestmark = pytest.mark.slow

VERSION = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)[1]
PYTHONS = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', (ROOT / "pyproject.toml").read_text("utf-8"))
LOWEST, NEWEST = PYTHONS[0], PYTHONS[-1]


def interpreter(version: str) -> str | None:
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(
        pyenv.glob(f"{version}.*/bin/python"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)],
    )
    if found:
        return str(found[-1])
    return shutil.which(f"python{version}")


def no_network_prefix() -> list[str]:
    """``unshare -n`` when it works here (root, namespaces allowed), else nothing."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n"]
    return []


def clean_env(home: Path) -> dict[str, str]:
    """No pip configuration from this machine (its find-links and local indexes)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", LC_ALL="C.UTF-8")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return env


def title_of(report: str) -> str:
    """The report's title: a setext heading, possibly broken by hard line breaks."""
    head, sep, _ = report.partition("\n===\n")
    assert sep, report[:200]
    return head.replace("\\\n", "")


def unpack(bundle: Path, dest: Path) -> None:
    with tarfile.open(bundle) as tar:
        tar.extractall(dest, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    arch = platform.machine()
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-offline-bundle"),
         "--python", LOWEST, NEWEST, "--arch", arch, "-o", str(out), "--zipapps",
         # a store of its own: test processes may build at the same time (pip's cache still helps)
         "--store", str(tmp_path_factory.mktemp("wheels"))],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    path = Path(result.stdout.strip().splitlines()[-1])
    assert path == out / f"selfeval-{VERSION}-offline.tar.gz"
    print(f"\nbundle for {LOWEST}+{NEWEST} {arch}: {path.stat().st_size / 2**20:.1f} MiB, "
          f"built in {time.monotonic() - start:.0f} s")
    return path


def test_bundle_contents(bundle: Path):
    with tarfile.open(bundle) as tar:
        names = tar.getnames()
        install = tar.extractfile(f"selfeval-{VERSION}-offline/install.sh").read().decode("utf-8")
        sums = tar.extractfile(f"selfeval-{VERSION}-offline/SHA256SUMS").read().decode("ascii")
    top = f"selfeval-{VERSION}-offline/"
    assert all(n.startswith(top) for n in names)
    wheels = [n[len(top) + len("wheels/"):] for n in names if n.startswith(top + "wheels/")]
    assert f"selfeval-{VERSION}-py3-none-any.whl" in wheels
    # the compiled libraries, for each Python in the bundle
    for lib in ("pydantic_core", "lxml", "markupsafe"):
        for py in (LOWEST, NEWEST):
            tag = "cp" + py.replace(".", "")
            assert any(w.startswith(lib + "-") and f"-{tag}-" in w for w in wheels), (lib, py)
    # what only old Pythons need, which `pip download --python-version` alone leaves out
    assert any(w.startswith("tomli-") for w in wheels)
    assert any(w.startswith("eval_type_backport-") for w in wheels) == (LOWEST == "3.9")
    assert not re.search(r"@[A-Z]+@", install), "a placeholder left in install.sh"
    assert f'version="{VERSION}"' in install
    assert len(sums.splitlines()) == len(names) - 1


@pytest.mark.parametrize("version", [LOWEST, NEWEST])
def test_install_offline_then_check_and_render(bundle: Path, version: str, tmp_path: Path):
    python = interpreter(version)
    if python is None:
        message = f"no Python {version} on this machine"
        if os.environ.get("SELFEVAL_REQUIRE_PYTHONS"):
            pytest.fail(message)
        pytest.skip(message)
    unpack(bundle, tmp_path)
    folder = tmp_path / f"selfeval-{VERSION}-offline"
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    prefix = no_network_prefix()
    if prefix:  # really no network in there
        probe = subprocess.run(
            [*prefix, python, "-c", "import socket; socket.create_connection(('pypi.org', 443), timeout=3)"],
            capture_output=True, text=True,
        )
        assert probe.returncode != 0
    start = time.monotonic()
    result = subprocess.run(
        [*prefix, "sh", str(folder / "install.sh"), "--python", python],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    seconds = time.monotonic() - start
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\nPython {version}: installed offline ({'unshare -n' if prefix else '--no-index'}) in {seconds:.1f} s")
    assert re.search(rf"^selfeval {re.escape(VERSION)}（Python {re.escape(version)}\.\d+，", result.stdout, re.M)
    assert "安装完成" in result.stdout

    venv = home / ".local" / "share" / "selfeval" / "venv"
    link = home / ".local" / "bin" / "selfeval"
    assert link.is_symlink() and link.resolve() == (venv / "bin" / "selfeval").resolve()
    example = folder / "example-2024.toml"
    check = subprocess.run([*prefix, str(link), "check", str(example)], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "没有错误" in check.stdout
    out = tmp_path / "r.md"
    render = subprocess.run(
        [*prefix, str(link), "render", str(example), "-o", str(out)], capture_output=True, text=True, env=env
    )
    assert render.returncode == 0, render.stderr
    report = out.read_text(encoding="utf-8")
    assert title_of(report) == "衡阳市科学技术协会2024年度部门整体支出绩效自评报告"
    assert "## 九、下一步改进措施" in report

    # running it again upgrades in place and keeps working
    again = subprocess.run(
        [*prefix, "sh", str(folder / "install.sh"), "--python", python],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert again.returncode == 0, again.stdout + again.stderr


@pytest.mark.parametrize("version", [LOWEST, NEWEST])
def test_zipapp_runs_without_installing(bundle: Path, version: str, tmp_path: Path):
    python = interpreter(version)
    if python is None:
        message = f"no Python {version} on this machine"
        if os.environ.get("SELFEVAL_REQUIRE_PYTHONS"):
            pytest.fail(message)
        pytest.skip(message)
    tag = "cp" + version.replace(".", "")
    pyz = bundle.parent / f"selfeval-{VERSION}-{tag}-{platform.machine()}.pyz"
    env = {**clean_env(tmp_path), "SHIV_ROOT": str(tmp_path / "shiv")}
    prefix = no_network_prefix()
    example = ROOT / "drafts" / "example-2024.toml"
    check = subprocess.run([*prefix, python, str(pyz), "check", str(example)], capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "没有错误" in check.stdout
    out = tmp_path / "r.md"
    render = subprocess.run(
        [*prefix, python, str(pyz), "render", str(example), "-o", str(out)], capture_output=True, text=True, env=env
    )
    assert render.returncode == 0, render.stderr
    report = out.read_text(encoding="utf-8")
    assert title_of(report) == "衡阳市科学技术协会2024年度部门整体支出绩效自评报告"
    assert "## 九、下一步改进措施" in report
    # under another Python: a Chinese message, not an ImportError
    other = interpreter(NEWEST if version == LOWEST else LOWEST)
    if other is not None:
        wrong = subprocess.run([other, str(pyz), "--version"], capture_output=True, text=True, env=env)
        assert wrong.returncode == 2
        assert f"这个文件只能用 Python {version}" in wrong.stderr and "Traceback" not in wrong.stderr


def test_install_refuses_an_unsupported_python(bundle: Path, tmp_path: Path):
    unpack(bundle, tmp_path)
    folder = tmp_path / f"selfeval-{VERSION}-offline"
    fake = tmp_path / "python-old"
    fake.write_text('#!/bin/sh\necho 3.6\n', encoding="utf-8")
    fake.chmod(0o755)
    result = subprocess.run(
        ["sh", str(folder / "install.sh"), "--python", str(fake)],
        capture_output=True, text=True, env=clean_env(tmp_path),
    )
    assert result.returncode == 1
    assert f"是 Python 3.6；本安装包只支持 Python {LOWEST} {NEWEST}" in result.stderr
    assert not (tmp_path / ".local" / "share" / "selfeval").exists()
