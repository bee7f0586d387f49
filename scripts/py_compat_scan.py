#!/usr/bin/env python3
"""List the constructs in src/ that the lowest supported Python cannot run.

Two passes, because neither alone gives a usable list:

1. `vermin` (installed on demand into build/compat/tools) for the standard
   library and syntax: ``tomllib``, ``match``, ``zip(strict=)``,
   ``dataclass(slots=)``, ``types.UnionType``, ``except*``, ... Its PEP 604
   detection is left off: it also flags annotations, which
   ``from __future__ import annotations`` keeps as strings (and pydantic
   evaluates through ``eval_type_backport`` on 3.9).
2. An AST scan for ``X | Y`` between types *evaluated at run time*: module
   and class level aliases (``Part = str | int``), generic arguments
   (``ModalScreen[str | None]``), ``isinstance(x, A | B)``, and any annotation
   in a module without the ``__future__`` import. These raise TypeError on
   import under 3.9.

Usage: scripts/py_compat_scan.py [--min 3.9] [PATH ...]   (default: src)
Exit 0 when nothing is found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "build" / "compat" / "tools"

_BUILTIN_TYPES = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)}
_CAMEL = re.compile(r"^_?[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")  # Decimal, BaseModel; not O_CREAT


def lowest_python() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'^requires-python\s*=\s*">=\s*(3\.\d+)', text, re.M)
    if not m:
        raise SystemExit("pyproject.toml: no requires-python = \">=3.X\"")
    return m.group(1)


def _type_like(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value is None or isinstance(node.value, str)  # None, "Forward"
    if isinstance(node, ast.Name):
        return node.id in _BUILTIN_TYPES or bool(_CAMEL.match(node.id))
    if isinstance(node, ast.Attribute):
        return bool(_CAMEL.match(node.attr))
    if isinstance(node, ast.Subscript):
        return _type_like(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _type_like(node.left) or _type_like(node.right)
    return False


class _RuntimeUnions(ast.NodeVisitor):
    def __init__(self, lazy_annotations: bool) -> None:
        self.lazy = lazy_annotations
        self.found: list[tuple[int, str]] = []

    def _annotation(self, node: ast.AST | None) -> None:
        if node is not None and not self.lazy:
            self.visit(node)

    def visit_arg(self, node: ast.arg) -> None:
        self._annotation(node.annotation)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for d in node.decorator_list:
            self.visit(d)
        self.visit(node.args)
        self._annotation(node.returns)
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_arguments(self, node: ast.arguments) -> None:
        for a in [*node.posonlyargs, *node.args, *node.kwonlyargs, node.vararg, node.kwarg]:
            if a is not None:
                self.visit_arg(a)
        for d in [*node.defaults, *node.kw_defaults]:
            if d is not None:
                self.visit(d)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.target)
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.BitOr) and _type_like(node.left) and _type_like(node.right):
            self.found.append((node.lineno, ast.unparse(node)))
            return  # one finding for A | B | C
        self.generic_visit(node)


def runtime_unions(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    lazy = any(
        isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
        for n in tree.body
    )
    v = _RuntimeUnions(lazy)
    v.visit(tree)
    return v.found


def _vermin() -> Path:
    exe = TOOLS / "bin" / "vermin"
    if not exe.exists():
        venv.create(TOOLS, with_pip=True)
        subprocess.run([str(TOOLS / "bin" / "pip"), "install", "-q", "vermin>=1.6"], check=True)
    return exe


def vermin_findings(paths: list[Path], minimum: str) -> list[str]:
    out = subprocess.run(
        [str(_vermin()), f"-t={minimum}-", "--violations", "--no-tips", "--no-parse-comments",
         "--format", "parsable",
         "--backport", "typing", "--backport", "dataclasses", "--backport", "argparse",
         "--backport", "asyncio", "--backport", "importlib", *map(str, paths)],
        capture_output=True, text=True,
    ).stdout
    findings = []
    for line in out.splitlines():
        # "/path/file.py:20:7:!2:3.11:'tomllib' module"; summary lines have no line number
        m = re.match(r"^(.+?\.py):(\d+):\d*:[^:]*:([\d.]+):(.+)$", line)
        if m:
            path, lineno, version, what = m.groups()
            findings.append(f"{Path(path).resolve().relative_to(ROOT)}:{lineno}: {what} requires {version}")
    return findings


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--min", default=None, help="lowest Python (default: pyproject's requires-python)")
    p.add_argument("paths", nargs="*", type=Path, default=[ROOT / "src"])
    args = p.parse_args()
    minimum = args.min or lowest_python()
    files = sorted(f for path in args.paths for f in ([path] if path.is_file() else path.rglob("*.py")))
    problems = vermin_findings(args.paths, minimum)
    for f in files:
        for line, text in runtime_unions(f):
            rel = f.resolve().relative_to(ROOT)
            problems.append(f"{rel}:{line}: `{text}` is evaluated at run time; PEP 604 unions need 3.10 "
                            "(use Optional[...]/Union[...] there)")
    print(f"Constructs newer than Python {minimum} in {', '.join(str(p) for p in args.paths)}: {len(problems)}")
    for line in problems:
        print("  " + line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
