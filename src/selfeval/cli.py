"""The ``selfeval`` command.

Headless subcommands (new, check, render, export, presets, doctor) import
nothing from Textual, so they start fast; ``selfeval FILE`` and
``selfeval edit FILE`` open the TUI.
Errors (every :class:`selfeval.errors.SelfevalError`) print one Chinese line
and exit 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from selfeval.errors import SelfevalError, UsageError

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
COMMANDS = ("new", "edit", "check", "render", "export", "presets", "doctor")

_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"不认识的参数：\1"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)", r"参数 \1 的值“\2”无效（可选：\3）"),
    (r"argument (\S+): invalid (\w+) value: '?([^']*)'?", r"参数 \1 的值“\3”无效"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
]


#: The command line's own error (a file exists, a folder is missing); exit code 2.
CliError = UsageError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        for pattern, chinese in _ARGPARSE_MESSAGES:
            message = re.sub(pattern, chinese, message)
        self.exit(EXIT_UNUSABLE, f"selfeval：{message}（用 selfeval -h 查看用法）\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="selfeval",
        description="部门整体支出绩效自评报告：逐节填写、自动核对、生成报告。",
        epilog="直接运行 `selfeval 草稿.toml` 即打开编辑界面。",
    )
    p.add_argument("--version", action=_VersionAction, help="显示版本和所用的 Python，然后退出")
    sub = p.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    new = sub.add_parser("new", help="新建一份空白草稿", description="新建一份各节齐全、内容为空的草稿。")
    new.add_argument("file", type=Path, help="草稿文件路径（.toml）")
    new.add_argument("--department", required=True, help="单位全称，如 衡阳市科学技术协会")
    new.add_argument("--year", required=True, type=int, help="评价年度，如 2024")
    new.add_argument("--short-name", default="", help="单位简称，如 市科协")
    new.add_argument("--preset", default=None, help="评分指标体系（默认 hengyang-2024）")
    new.add_argument("--force", action="store_true", help="文件已存在时覆盖（原文件保留为 .bak）")

    edit = sub.add_parser("edit", help="打开编辑界面", description="在终端界面中逐节编辑草稿。")
    edit.add_argument("file", type=Path, help="草稿文件路径")
    edit.add_argument("--read-only", action="store_true", help="只读打开，不保存")

    check = sub.add_parser(
        "check",
        help="检查草稿中的矛盾和遗漏",
        description="检查草稿：合计、勾稽关系、核对数、必填内容、评分。有错误时退出码为 1。",
    )
    check.add_argument("file", type=Path, help="草稿文件路径")
    check.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")

    render = sub.add_parser("render", help="生成 Markdown 报告", description="把草稿生成为 Markdown 报告。")
    render.add_argument("file", type=Path, help="草稿文件路径")
    render.add_argument("-o", "--output", type=Path, help="输出文件（默认打印到屏幕）")
    render.add_argument("--templates", type=Path, help="自定义模板文件夹（可覆盖任一部分模板）")
    render.add_argument(
        "--format",
        choices=("md", "text"),
        default="md",
        help="输出格式：md 为 Markdown；text 为纯文本，表格按终端宽度对齐",
    )
    render.add_argument("--width", type=int, help="text 格式的行宽（默认为终端宽度）")

    export = sub.add_parser(
        "export",
        help="导出报告文件（Markdown、Word 或 PDF）",
        description="导出报告文件，默认放在草稿旁边。",
    )
    export.add_argument("file", type=Path, help="草稿文件路径")
    export.add_argument(
        "--format", choices=("md", "docx", "pdf"), default="md", help="导出格式（pdf 需要 LibreOffice）"
    )
    export.add_argument("-o", "--output", type=Path, help="输出文件")
    export.add_argument("--templates", type=Path, help="自定义模板文件夹")
    export.add_argument("--force", action="store_true", help="草稿有错误时仍然导出")

    sub.add_parser("presets", help="列出内置的评分指标体系")
    sub.add_parser(
        "doctor",
        help="检查运行环境（版本、终端、中文显示、编辑器），供技术支持",
        description="检查运行环境：版本、Python、终端、中文显示、外部编辑器、未保存内容的位置。有需要处理的问题时退出码为 1。",
    )
    return p


class _VersionAction(argparse.Action):
    """``--version`` printed as is: argparse's own wraps it at the terminal's
    width, splitting the interpreter's path (support copies that line)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from selfeval.doctor import version_line

        print(version_line())
        parser.exit()


def _load(path: Path):
    from selfeval import draft

    notes: list[str] = []
    report = draft.loads(draft.read_text(path), file=path, notes=notes)
    for note in notes:
        print(f"selfeval：{note}", file=sys.stderr)
    return report


def _cmd_new(args: argparse.Namespace) -> int:
    from selfeval import draft
    from selfeval.framework import load_preset
    from selfeval.model import DEFAULT_PRESET, Meta, Report
    from selfeval.skeleton import prefill

    from pydantic import ValidationError

    from selfeval.model import paths
    from selfeval.model.errors import message_of

    path: Path = args.file
    if path.exists() and not args.force:
        raise UsageError(f"{path} 已存在；如要覆盖请加 --force")
    if not args.department.strip():
        raise UsageError("参数 --department（单位全称）不能为空")
    options = {"department": "--department", "short_name": "--short-name", "year": "--year", "preset": "--preset"}
    try:
        meta = Meta(
            department=args.department,
            short_name=args.short_name,
            year=args.year,
            preset=args.preset or DEFAULT_PRESET,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        option = options.get(field, field)
        title = paths.title_path(("meta", field)) if field else ""
        raise UsageError(f"参数 {option}{f'（{title}）' if title else ''}：{message_of(first)}") from None
    report = Report(meta=meta)
    prefill(report, load_preset(meta.preset, path.parent))
    try:
        draft.save(report, path)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None
    print(f"已新建草稿 {path}（{meta.department} {meta.year} 年度）")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from selfeval import checks

    from selfeval.evaluation import all_tables
    from selfeval.framework import PresetError, load_preset

    report = _load(args.file)
    try:
        preset = load_preset(report.meta.preset, args.file.parent)
    except PresetError:
        preset = None  # the findings say why (PRESET-UNUSABLE)
    findings = checks.run(report, base_dir=args.file.parent, preset=preset)
    if args.format == "json":
        print(checks.to_json(findings, all_tables(report, preset) if preset is not None else None))
    else:
        print(checks.to_text(findings))
    return EXIT_FINDINGS if any(f.severity == "error" for f in findings) else EXIT_OK


def _render(args: argparse.Namespace) -> str:
    from selfeval import render

    report = _load(args.file)
    if args.templates is not None and not args.templates.is_dir():
        raise UsageError(f"模板文件夹 {args.templates} 不存在")
    return render.markdown(report, templates=args.templates, base_dir=args.file.parent)


def _write_text(path: Path, text: str) -> None:
    from selfeval.draft import atomic_write

    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None


def _cmd_render(args: argparse.Namespace) -> int:
    from selfeval.export import check_output

    if args.output is not None:
        check_output(args.output, args.file)
    text = _render(args)
    if args.format == "text":
        import shutil

        from selfeval.plaintext import DEFAULT_WIDTH, to_text

        width = args.width
        if width is None:
            width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns if sys.stdout.isatty() else DEFAULT_WIDTH
        if width < 20:
            raise UsageError(f"行宽 {width} 太窄，至少 20")
        text = to_text(text, width=width)
    if args.output is None:
        sys.stdout.write(text)
    else:
        _write_text(args.output, text)
        print(f"已生成 {args.output}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    """The final report. A draft with errors (the report would state something
    false) is exported only with --force, as in the editor."""
    from selfeval import checks, export

    out: Path = args.output or export.default_output(args.file, args.format)
    report = _load(args.file)
    findings = checks.run(report, base_dir=args.file.parent)
    errors = [f for f in findings if f.severity == "error"]
    # unfinished scoring is never exported as if it were final
    unfinished = [f for f in findings if f.code == "SCORE-INCOMPLETE"]
    if (errors or unfinished) and not args.force:
        if errors:
            print(f"selfeval：草稿有 {len(errors)} 个错误，报告会写出互相矛盾的数字，未导出。", file=sys.stderr)
            for f in errors[:5]:
                print(f"  ✗ {f.message}", file=sys.stderr)
        for f in unfinished:
            print(f"selfeval：{f.message.split('：总分')[0]}，未导出。", file=sys.stderr)
        print("用 selfeval check 查看全部；确需导出请加 --force。", file=sys.stderr)
        return EXIT_FINDINGS
    export.write(report, args.format, out, templates=args.templates, base_dir=args.file.parent, draft_path=args.file)
    notes = []
    if errors:
        notes.append(f"有 {len(errors)} 个错误")
    if unfinished:
        notes.append("评分未完成")
    print(f"已导出 {out}" + (f"（{'，'.join(notes)}）" if notes else ""))
    return EXIT_OK


def _cmd_presets(args: argparse.Namespace) -> int:
    from selfeval.framework import load_preset, shipped_presets

    for name in shipped_presets():
        preset = load_preset(name)
        print(f"{name}\t{preset.name}")
    return EXIT_OK


def _cmd_doctor(args: argparse.Namespace) -> int:
    from selfeval import doctor

    return doctor.main()


def _cmd_edit(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.exists():
        raise UsageError(f"草稿 {path} 不存在；可用 selfeval new {path} --department 单位 --year 年度 新建")
    from selfeval.tui import run  # Textual is imported only here

    return run(path, read_only=args.read_only)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `selfeval FILE` is `selfeval edit FILE`
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        argv.insert(0, "edit")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_UNUSABLE
    handler = {
        "new": _cmd_new,
        "edit": _cmd_edit,
        "check": _cmd_check,
        "render": _cmd_render,
        "export": _cmd_export,
        "presets": _cmd_presets,
        "doctor": _cmd_doctor,
    }[args.command]
    try:
        return handler(args)
    except SelfevalError as exc:
        print(f"selfeval：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("selfeval：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `selfeval render x | head`
        return EXIT_OK
