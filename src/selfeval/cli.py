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
COMMANDS = ("new", "edit", "check", "render", "export", "review", "presets", "doctor")

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

    new = sub.add_parser(
        "new",
        help="新建一份空白草稿，或由上年草稿生成本年草稿",
        description=(
            "新建一份各节齐全、内容为空的草稿；加 --from 上年草稿.toml 则由上年草稿生成下一年度的草稿："
            "保留单位信息、职能职责、机构和人员结构、指标，上年数移入本年的“上年”栏，本年数字清空（未填），"
            "上年问题带入“上年问题整改情况”，沿用的文字标为待确认。上年草稿不会被改动。"
        ),
    )
    new.add_argument("file", type=Path, help="草稿文件路径（.toml）")
    new.add_argument("--department", help="单位全称，如 衡阳市科学技术协会（用 --from 时取自上年草稿）")
    new.add_argument("--year", type=int, help="评价年度，如 2024（用 --from 时默认为上年草稿的下一年度）")
    new.add_argument("--from", dest="from_file", type=Path, metavar="上年草稿", help="由这份上年草稿生成本年草稿")
    new.add_argument(
        "--targets", type=Path, metavar="目标表", help="与 --from 同用：本年批复的绩效目标表（TOML，格式见 README）"
    )
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
        help="导出报告文件（Markdown、Word、PDF）或表格（Excel）",
        description="导出报告文件，默认放在草稿旁边。",
    )
    export.add_argument("file", type=Path, help="草稿文件路径")
    export.add_argument(
        "--format",
        choices=("md", "docx", "pdf", "xlsx"),
        default="md",
        help="导出格式（pdf 需要 LibreOffice；xlsx 为 Excel 工作簿：各自评表、基础数据表、评分明细表）",
    )
    export.add_argument("-o", "--output", type=Path, help="输出文件")
    export.add_argument("--templates", type=Path, help="自定义模板文件夹")
    export.add_argument("--force", action="store_true", help="草稿有错误时仍然导出")

    review = sub.add_parser(
        "review",
        help="汇总多份草稿（评审用）：预算、执行率、得分、等级、预警",
        description=(
            "汇总多个单位的草稿：每份一行（单位、年度、全年预算数、全年执行数、执行率、自评得分、等级、预警、"
            "错误和警告数、文件），并按执行率和得分排名，列出红灯单位。无法读取的草稿单列一行并写明原因。"
            "加 --compare 上年.toml 本年.toml 则对比同一单位的两个年度。"
        ),
    )
    review.add_argument("paths", type=Path, nargs="*", metavar="草稿或文件夹", help="草稿文件或存放草稿的文件夹")
    review.add_argument(
        "--format", choices=("text", "md", "xlsx", "json"), default="text", help="输出格式（xlsx 需用 -o 指定文件）"
    )
    review.add_argument("-o", "--output", type=Path, help="输出文件（默认打印到屏幕）")
    review.add_argument("--width", type=int, help="text 格式的行宽（默认为终端宽度）")
    review.add_argument("--top", type=int, help="排名只列前几名（text 格式）")
    review.add_argument("--compare", action="store_true", help="对比同一单位两个年度的草稿（给两个文件）")

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
    if args.from_file is not None:
        return _new_from(args)
    if args.targets is not None:
        raise UsageError("参数 --targets 只能与 --from 一起使用")
    if args.department is None or args.year is None:
        missing = "、".join(o for o, v in (("--department", args.department), ("--year", args.year)) if v is None)
        raise UsageError(f"缺少参数：{missing}（或用 --from 上年草稿.toml 由上年草稿生成）")
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


def _new_from(args: argparse.Namespace) -> int:
    """``new FILE --from LAST.toml``: next year's draft; LAST is only read."""
    from selfeval import draft, rollover
    from selfeval.draft import real_path

    path: Path = args.file
    last: Path = args.from_file
    if path.exists() and real_path(path) == real_path(last):
        raise UsageError(f"新草稿 {path} 与上年草稿是同一个文件：请换一个文件名，上年草稿不会被改动")
    for option in ("department", "short_name", "preset"):
        if getattr(args, option):
            raise UsageError(f"参数 --{option.replace('_', '-')} 不能与 --from 同用：单位信息和指标体系取自上年草稿")
    old = _load(last)
    targets = rollover.load_targets(args.targets) if args.targets is not None else None
    try:
        report = rollover.roll_forward(old, args.year, targets=targets, from_file=last.name)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    preset = report.meta.preset
    if ("/" in preset or preset.endswith(".toml")) and not Path(preset).is_absolute():
        # a preset file next to last year's draft: the same file, seen from the new draft's folder
        import os

        target = (last.parent / preset).resolve()
        report.meta.preset = os.path.relpath(target, path.parent.resolve())
    try:
        draft.save(report, path)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None
    pending = len(rollover.pending(report))
    print(
        f"已由 {last} 生成 {path}（{report.meta.department} {report.meta.year} 年度）："
        f"{pending} 处沿用的文字待确认，{len(report.rectifications)} 个上年问题待填写整改情况；"
        f"用 selfeval check {path} 查看还要填写的内容"
    )
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


def _cmd_review(args: argparse.Namespace) -> int:
    from selfeval import review
    from selfeval.export import check_output

    if not args.paths:
        raise UsageError("请给出要汇总的草稿文件或文件夹")
    if args.output is not None:
        for p in review.collect(args.paths):
            check_output(args.output, p)
    if args.format == "xlsx" and args.output is None:
        raise UsageError("xlsx 格式要用 -o 指定输出文件，如 -o 汇总.xlsx")
    width = args.width
    if width is None:
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 100
    if width < 40:
        raise UsageError(f"行宽 {width} 太窄，至少 40")
    if args.compare:
        if len(args.paths) != 2 or not all(p.is_file() for p in args.paths):
            raise UsageError("--compare 需要两个草稿文件：上年的和本年的")
        if args.format == "xlsx":
            raise UsageError("--compare 的输出格式可选 text、md、json")
        c = review.compare(*args.paths)
        text = {"text": lambda: review.compare_text(c, width), "md": lambda: review.compare_markdown(c), "json": lambda: review.compare_json(c)}[args.format]()
    else:
        rv = review.review(args.paths)
        if not rv.rows:
            raise UsageError("没有找到草稿（文件夹中的 .toml 文件）")
        if args.format == "xlsx":
            try:
                review.write_xlsx(rv, args.output)
            except OSError as exc:
                raise UsageError(f"无法写入 {args.output}：{exc.strerror or exc}") from None
            print(f"已生成 {args.output}（{len(rv.rows)} 份草稿）")
            return EXIT_OK
        text = {"text": lambda: review.to_text(rv, width, args.top), "md": lambda: review.to_markdown(rv), "json": lambda: review.to_json(rv) + "\n"}[args.format]()
    if args.output is None:
        sys.stdout.write(text)
    else:
        _write_text(args.output, text)
        print(f"已生成 {args.output}")
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
        "review": _cmd_review,
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
