#!/bin/sh
# selfeval @VERSION@ — offline install (no network needed).
#
#   sh install.sh [--python PYTHON] [--dir DIR]
#
# Creates a virtual environment with the server's own Python (default:
# python3), installs selfeval and its libraries from the wheels/ folder beside
# this script with pip's --no-index, links the command into ~/.local/bin and
# runs `selfeval --version`. Running it again upgrades in place; drafts are
# never touched. Wheels are here for CPython @PYTHONS@ on Linux @ARCHES@
# (glibc 2.17 or newer: CentOS/RHEL 7 and later, Kylin, UOS, openEuler).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version="@VERSION@"
python=python3
dir="${SELFEVAL_HOME:-$HOME/.local/share/selfeval}/venv"
bindir="$HOME/.local/bin"

say() { printf '%s\n' "$*"; }
die() { printf 'selfeval 安装：%s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --python) [ $# -ge 2 ] || die "--python 需要一个值（如 --python /usr/bin/python3.9）"; python=$2; shift 2 ;;
    --dir) [ $# -ge 2 ] || die "--dir 需要一个值（安装目录）"; dir=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "不认识的参数：$1（用法：sh install.sh [--python PYTHON] [--dir 安装目录]）" ;;
  esac
done

command -v "$python" >/dev/null 2>&1 || die "找不到 Python：$python。请用 --python 指定，如 --python /usr/bin/python3.9"
pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
  || die "无法运行 $python"
case " @PYTHONS@ " in
  *" $pyver "*) ;;
  *) die "$python 是 Python $pyver；本安装包只支持 Python @PYTHONS@。请用 --python 指定其他版本（如 python3.9、python3.11）" ;;
esac
machine=$(uname -m)
case " @ARCHES@ " in
  *" $machine "*) ;;
  *) die "本安装包只含 @ARCHES@ 的程序文件，这台服务器是 $machine" ;;
esac

# only this bundle's wheels: no pip.conf, no index or extra folders from the environment
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_CONFIG_FILE PIP_NO_INDEX PIP_DISABLE_PIP_VERSION_CHECK
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_CONSTRAINT PIP_REQUIREMENT PIP_TARGET PIP_PREFIX PIP_USER 2>/dev/null || true

say "用 $python（Python $pyver）安装 selfeval $version 到 $dir"
if [ ! -x "$dir/bin/python" ]; then
  mkdir -p "$(dirname "$dir")"
  # --without-pip: works where ensurepip is missing (Debian without python3-venv);
  # pip itself comes from the bundle
  "$python" -m venv --without-pip "$dir" || die "无法创建虚拟环境 $dir（$python -m venv 失败）"
fi
# the bundle has a pip for each Python version: take one that runs on this one
pip_wheel=
for w in "$here"/wheels/pip-*.whl; do
  if [ -f "$w" ] && "$dir/bin/python" "$w/pip" --version >/dev/null 2>&1; then pip_wheel=$w; break; fi
done
[ -n "$pip_wheel" ] || die "安装包不完整：wheels/ 中没有能在 Python $pyver 上运行的 pip"
# pip runs from its own wheel to install itself into the new environment
"$dir/bin/python" "$pip_wheel/pip" install -q --no-index --find-links "$here/wheels" --upgrade pip \
  || die "安装 pip 失败"
"$dir/bin/python" -m pip install -q --no-index --find-links "$here/wheels" --upgrade "selfeval==$version" \
  || die "安装 selfeval 失败（见上面 pip 的提示）"

"$dir/bin/selfeval" --version || die "selfeval 装好了但无法运行；请把上面的提示发给技术支持"

mkdir -p "$bindir"
link="$bindir/selfeval"
if [ -L "$link" ] || [ ! -e "$link" ]; then
  ln -sf "$dir/bin/selfeval" "$link"
  say "命令已放在 $link"
else
  say "注意：$link 已存在且不是本程序的链接，未改动；可直接运行 $dir/bin/selfeval"
  link="$dir/bin/selfeval"
fi
case ":$PATH:" in
  *":$bindir:"*) run=selfeval ;;
  *) run=$link; say "提示：$bindir 不在 PATH 中，可在 ~/.bashrc 中加一行 export PATH=\"\$HOME/.local/bin:\$PATH\"" ;;
esac
say ""
say "安装完成。"
say "检查终端和中文显示："
say "  $run doctor"
say "打开示例草稿："
say "  $run $here/example-2024.toml"
say "新建自己的草稿："
say "  $run new 我的草稿.toml --department 单位全称 --year 2025"
