"""Render a report to Markdown with Jinja2 templates.

The templates (``templates/`` at the top of the repository, shipped inside the
wheel) print every number, unit, heading number and serial number; users type
none of them. Users' text is passed in as data — never compiled as a template —
and escaped for Markdown, so ``{{ 1+1 }}``, ``|`` or ``# x`` come out literally.
A user's own template folder overrides any partial and, like the shipped
templates, runs in a locked-down sandbox (:class:`ReportEnvironment`):

- the templates see plain read-only data only (``selfeval.render_context``:
  mappings, tuples, strings, ``Decimal``, ints, bools, ``None``, dates), never a
  model object, and may call only the filters and globals registered here, a
  few non-growing ``str`` methods, and Jinja's own loop/namespace/macro objects;
- a rendering runs under limits — wall-clock time (:data:`TIME_LIMIT`), output
  size, the length of any string or list it makes, ``range``, ``*``, ``**``,
  widths and paddings, nesting of calls — and each refusal is a
  :class:`RenderError` with one Chinese line (``selfeval render`` exits 2).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
import operator
import os
import re
import threading
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import jinja2
import jinja2.filters
import jinja2.utils
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.environment import TemplateModule
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from selfeval.amounts import HUNDRED, fmt_money, fmt_pct
from selfeval.errors import RenderError
from selfeval.evaluation import all_tables
from selfeval.framework import Preset, Scorecard, evaluate, load_preset
from selfeval.model import FIGURES, Report, paragraphs
from selfeval.render_context import plain
from selfeval.titles import cn_number

__all__ = [
    "RenderError",
    "ReportEnvironment",
    "TIME_LIMIT",
    "template_dir",
    "environment",
    "markdown",
    "context",
    "cn_number",
]


def template_dir() -> Path:
    """The shipped templates: inside the installed package, or the repository's ``templates/``."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


# ---- filters -------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def _escape_start(m: re.Match) -> str:
    if m.group(2):  # "# x" → "\# x"
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)  # "1. x" → "1\. x"


_LEAD_BLANKS = re.compile(r"^[ \t]+")


def _lead_blanks(m: re.Match) -> str:
    # as character references: shown as typed, never an indented code block
    return m.group().replace(" ", "&#32;").replace("\t", "&#9;")


#: A web address in user text: a scheme or www., then URL characters (no Chinese,
#: no full-width punctuation); trailing sentence punctuation is not part of it.
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_URL_TAIL = ".,;:!?'\")]"


def _escape_text(s: str) -> str:
    return _INLINE.sub(r"\\\1", s)


def md_escape(text: object) -> str:
    """One line of user text as literal Markdown.

    A web address is written as an autolink (``<http://…>``), whose text
    Markdown takes literally, so no backslash shows in it on renderers that
    link bare addresses (GitHub's); an address without a scheme (``www.…``) is
    a link whose text is the address as typed.
    """
    s = str(text)
    out, pos = [], 0
    for m in _URL.finditer(s):
        url = m.group(0)
        while url and url[-1] in _URL_TAIL and not (url[-1] == ")" and url.count("(") >= url.count(")")):
            url = url[:-1]
        if not url or "." not in url.split("//")[-1]:
            continue
        start = m.start()
        out.append(_escape_text(s[pos:start]))
        if url.startswith("www."):
            out.append(f"[{_escape_text(url)}](<http://{url}>)")
        else:
            out.append(f"<{url}>")
        pos = start + len(url)
    out.append(_escape_text(s[pos:]))
    s = _LINE_START.sub(_escape_start, "".join(out))
    return _LEAD_BLANKS.sub(_lead_blanks, s)


def md_cell(text: object) -> str:
    """User text for a table cell: escaped, on one line."""
    return md_escape(" ".join(str(text).split()))


def md_paragraphs(text: str, empty: str = "无") -> str:
    """Narrative as Markdown paragraphs (one per line of the text); ``empty`` when blank."""
    paras = paragraphs(text or "")
    if not paras:
        return empty
    return "\n\n".join(md_escape(p) for p in paras)


def md_title(text: object, department: object = "") -> str:
    """A title as the text of a setext heading: broken after the department's
    name where it is too long for one line (:func:`selfeval.titles.break_title`),
    each line escaped, lines joined by a hard break (``\\`` at the end of a line).

    The template writes the underline (``===`` for the title, ``---`` for 附件)."""
    from selfeval.titles import break_title

    lines = break_title(" ".join(str(text).split()), str(department))
    return "\\\n".join(md_escape(line) for line in lines)


#: what a table prints for a figure not entered (never 0.00)
NOT_ENTERED = "—"


def money(value: Decimal | None) -> str:
    """An amount with two decimals; ``—`` when it was not entered."""
    return NOT_ENTERED if value is None else fmt_money(value)


@jinja2.pass_context
def amount(ctx: jinja2.runtime.Context, value: Decimal | None) -> str:
    """An amount in a sentence, with its unit (``14.40万元``); ``未填`` when not entered."""
    return "未填" if value is None else f"{fmt_money(value)}{ctx.get('unit', '')}"


def count(value: int | None) -> str:
    """A head count or number of posts; ``—`` when it was not entered."""
    return NOT_ENTERED if value is None else str(value)


def pct(value: Decimal | None) -> str:
    return fmt_pct(value)


def share(part: Decimal | None, whole: Decimal | None) -> str:
    """``part`` as a percentage of ``whole`` (``—`` when whole is zero or either is not entered)."""
    if part is None or not whole:
        return "—"
    return fmt_pct(part / whole)


def score(value: Decimal | None) -> str:
    return "" if value is None else fmt_money(value)


def points(value: Decimal | None) -> str:
    """分值 with two decimals, like 得分 beside it: 10.00, 2.50."""
    if value is None:
        return "—"
    return fmt_money(value)


def cn_date(value: dt.date | None) -> str:
    return "" if value is None else f"{value.year}年{value.month}月{value.day}日"


class Numbering:
    """Heading numbers 一、 → （一） → 1. → （1）, generated as the template goes."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0, 0]

    def _next(self, level: int) -> int:
        self.counts[level] += 1
        for deeper in range(level + 1, len(self.counts)):
            self.counts[deeper] = 0
        return self.counts[level]

    def h1(self, title: str) -> str:
        return f"{cn_number(self._next(0))}、{title}"

    def h2(self, title: str) -> str:
        return f"（{cn_number(self._next(1))}）{title}"

    def h3(self, title: str) -> str:
        return f"{self._next(2)}. {title}"

    def h4(self, title: str) -> str:
        return f"（{self._next(3)}）{title}"


# ---- limits ----------------------------------------------------------------
#
# A template — a user's own included — is a program. It gets plain data only
# (``selfeval.render_context``), may call only the filters and globals below,
# and runs under these limits; each refusal is a RenderError with one Chinese
# line. The limits are far above what a report needs (the example renders in
# milliseconds, some 30 000 characters).

#: wall-clock seconds for one rendering
TIME_LIMIT = 10.0
#: characters of the finished report
MAX_OUTPUT = 10_000_000
#: characters (or items) of any one string or list a template makes
MAX_STRING = MAX_OUTPUT
#: items of any one list a template makes
MAX_ITEMS = 100_000
#: characters a template may make in all (strings from operators, filters, calls)
MAX_MADE = 5 * MAX_OUTPUT
#: items of all ``range(…)`` of one rendering together
MAX_RANGE = 100_000
#: widths and paddings (``center``, ``indent``, ``%10s``)
MAX_WIDTH = 1_000
#: digits of a number a template computes
MAX_DIGITS = 1_000
#: nested calls (macros calling macros, ``caller()``)
MAX_DEPTH = 50
#: attribute look-ups and calls of one rendering
MAX_STEPS = 5_000_000

_STR_METHODS = frozenset(
    {
        # none makes a list, none makes more than a copy
        "strip", "lstrip", "rstrip", "startswith", "endswith", "lower", "upper",
        "title", "capitalize", "count", "find", "rfind", "isdigit", "isspace",
        "isalpha", "isalnum",
    }
)


class _Timeout(BaseException):
    """Raised into the rendering thread when the time is up (a BaseException so
    that no ``except Exception`` on the way swallows it)."""


class _Budget:
    """What one rendering has used so far."""

    def __init__(self, time_limit: float) -> None:
        self.deadline = time.monotonic() + time_limit
        self.time_limit = time_limit
        self.range_left = MAX_RANGE
        self.made_left = MAX_MADE
        self.steps_left = MAX_STEPS
        self.depth = 0


_local = threading.local()


def _budget() -> _Budget:
    budget = getattr(_local, "budget", None)
    if budget is None:  # outside markdown(): a filter called directly
        return _Budget(TIME_LIMIT)
    return budget


def _step() -> None:
    b = _budget()
    b.steps_left -= 1
    if b.steps_left < 0:
        raise RenderError("模板运算次数过多，已停止（可能含有死循环）")
    if b.steps_left % 64 == 0 and time.monotonic() > b.deadline:
        raise _Timeout


def _made(size: int, items: bool = False) -> None:
    """Account for a string (or a list of ``items``) of ``size`` about to be made (or just made)."""
    if items and size > MAX_ITEMS:
        raise RenderError(f"模板生成的列表过长（超过 {MAX_ITEMS} 项），已拒绝")
    if size > MAX_STRING:
        raise RenderError(f"模板生成的文字或列表过长（超过 {MAX_STRING} 字），已拒绝")
    b = _budget()
    b.made_left -= size
    if b.made_left < 0:
        raise RenderError(f"模板生成的文字总量过大（超过 {MAX_MADE} 字），已停止")


def _made_value(value: object) -> None:
    if isinstance(value, str):
        _made(len(value))
    elif isinstance(value, (list, tuple, dict)):
        _made(len(value), items=True)


def _items(value: object) -> object:
    """A filter's input as a list of at most :data:`MAX_ITEMS` (a string as it is,
    if it is not longer), so that no filter makes a huge list of it."""
    if isinstance(value, str) or hasattr(value, "__len__"):
        if len(value) > MAX_ITEMS:  # type: ignore[arg-type]
            raise RenderError(f"模板生成的列表过长（超过 {MAX_ITEMS} 项），已拒绝")
        return value if isinstance(value, (str, Mapping)) else list(value)  # type: ignore[call-overload]
    out = []
    for item in value:  # type: ignore[attr-defined]
        out.append(item)
        if len(out) > MAX_ITEMS:
            raise RenderError(f"模板生成的列表过长（超过 {MAX_ITEMS} 项），已拒绝")
    return out


def _width(value: object) -> None:
    if isinstance(value, str):
        value = len(value)
    if isinstance(value, (int, Decimal)) and abs(value) > MAX_WIDTH:
        raise RenderError(f"模板中的宽度或填充过大（超过 {MAX_WIDTH}），已拒绝")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _percent(fmt: str, args: object) -> str:
    """``fmt % args`` with bounded widths and precisions."""
    for m in _PERCENT_SPEC.finditer(fmt):
        for part in m.groups():
            if part == "*":
                raise RenderError("模板中的格式宽度不能由参数给出，已拒绝")
            if part is not None and (len(part) > 4 or int(part) > MAX_WIDTH):
                raise RenderError(f"模板中的宽度或填充过大（超过 {MAX_WIDTH}），已拒绝")
    bound = len(fmt) + MAX_WIDTH * len(_PERCENT_SPEC.findall(fmt))
    for arg in args if isinstance(args, tuple) else (args,):
        bound += len(str(arg)) if isinstance(arg, str) else 0
    _made(bound)
    return fmt % args


def _digits(value: int) -> int:
    return value.bit_length() * 30103 // 100000 + 1  # log10(2) ≈ 0.30103


def _number_ok(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and _digits(abs(value)) > MAX_DIGITS:
        raise RenderError(f"模板中的数字过大（超过 {MAX_DIGITS} 位），已拒绝")


def _binop(op: str, left: object, right: object) -> object:
    """The arithmetic of templates, refusing what would take unbounded time or memory."""
    _step()
    seq = (str, list, tuple)
    if op == "*":
        if isinstance(left, seq) and isinstance(right, int) or isinstance(right, seq) and isinstance(left, int):
            n, s = (right, left) if isinstance(left, seq) else (left, right)
            _made(max(n, 0) * len(s), items=not isinstance(s, str))  # type: ignore[arg-type]
            return left * right  # type: ignore[operator]
        if isinstance(left, int) and isinstance(right, int):
            if _digits(abs(left)) + _digits(abs(right)) > MAX_DIGITS:
                raise RenderError(f"模板中的数字过大（超过 {MAX_DIGITS} 位），已拒绝")
        return left * right  # type: ignore[operator]
    if op == "**":
        if isinstance(left, (int, Decimal)) and isinstance(right, (int, Decimal)):
            if abs(right) > MAX_DIGITS or (
                abs(left) > 1 and _digits(int(abs(left)) + 1) * abs(right) > MAX_DIGITS
            ):
                raise RenderError(f"模板中的乘方过大（结果超过 {MAX_DIGITS} 位），已拒绝")
        return left**right  # type: ignore[operator]
    if op == "+":
        if isinstance(left, seq) and isinstance(right, seq):
            _made(len(left) + len(right), items=not isinstance(left, str))
        out = left + right  # type: ignore[operator]
        _number_ok(out)
        return out
    if op == "%":
        if isinstance(left, str):
            return _percent(left, right)
        return left % right  # type: ignore[operator]
    out = {"-": operator.sub, "/": operator.truediv, "//": operator.floordiv}[op](left, right)
    _number_ok(out)
    return out


def _range(*args: int) -> range:
    """``range`` with all ranges of a rendering together bounded."""
    rng = range(*args)
    b = _budget()
    b.range_left -= len(rng)
    if b.range_left < 0:
        raise RenderError(f"模板中的 range 过大（合计超过 {MAX_RANGE} 项），已拒绝")
    return rng


# ---- the filters a template may use ------------------------------------------

#: Jinja's own filters that are plain data in, bounded data out.
_JINJA_FILTERS = (
    "abs", "attr", "batch", "capitalize", "count", "d", "default", "dictsort",
    "first", "groupby", "int", "items", "last", "length", "list", "lower", "map",
    "max", "min", "reject", "rejectattr", "reverse", "round", "select",
    "selectattr", "slice", "sort", "string", "sum", "title", "trim", "truncate",
    "unique", "upper", "wordcount", "wordwrap",
)


def _checked(fn):
    """A filter whose result is accounted for."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        _step()
        out = fn(*args, **kwargs)
        _made_value(out)
        return out

    return run


#: Jinja filters that make a list of their input
_LISTING = ("batch", "groupby", "list", "slice", "sort", "unique", "reverse")


def _bounded_input(fn):
    """A filter whose input is first taken as at most :data:`MAX_ITEMS` items."""
    at = 1 if getattr(fn, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(fn)
    def run(*args, **kwargs):
        args = (*args[:at], _items(args[at]), *args[at + 1 :])
        return fn(*args, **kwargs)

    return run


def _center(value: object, width: int = 80) -> str:
    _width(width)
    return str(value).center(width)


def _indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    _width(width)
    text = str(s)
    _made(len(text) + (text.count("\n") + 1) * (len(width) if isinstance(width, str) else width))
    return jinja2.filters.do_indent(text, width, first, blank)


def _format(value: str, *args: object, **kwargs: object) -> str:
    if args and kwargs:
        raise RenderError("format 过滤器不能同时使用位置参数和命名参数")
    return _percent(str(value), kwargs or args)


@jinja2.pass_environment
def _join(env: jinja2.Environment, value, d: str = "", attribute: str | int | None = None) -> str:
    if isinstance(value, str):
        _made(len(value) * (1 + len(str(d))))
    items = _items(value)
    if attribute is not None:
        get = jinja2.filters.make_attrgetter(env, attribute)
        items = [get(x) for x in items]
    parts = [str(x) for x in items]
    _made(sum(map(len, parts)) + len(str(d)) * max(len(parts) - 1, 0))
    return str(d).join(parts)


def _replace(s: str, old: str, new: str, count: int | None = None) -> str:
    s, old, new = str(s), str(old), str(new)
    hits = s.count(old) if old else len(s) + 1
    if count is not None and count >= 0:
        hits = min(hits, count)
    _made(len(s) + hits * len(new))
    return s.replace(old, new, -1 if count is None else count)


def _slice(value, slices: int, fill_with: object = None):
    _width(slices)
    return jinja2.filters.do_slice(value, slices, fill_with)


def _batch(value, linecount: int, fill_with: object = None):
    _width(linecount)
    return jinja2.filters.do_batch(value, linecount, fill_with)


def _filters() -> dict[str, object]:
    builtin = jinja2.filters.FILTERS
    out: dict[str, object] = {name: builtin[name] for name in _JINJA_FILTERS}
    out.update(center=_center, indent=_indent, format=_format, join=_join, replace=_replace)
    out.update(slice=_slice, batch=_batch)
    for name in _LISTING:
        out[name] = _bounded_input(out[name])
    out.update(
        money=money,
        amount=amount,
        count=count,
        pct=pct,
        share=share,
        score=score,
        points=points,
        md=md_escape,
        title_md=md_title,
        cell=md_cell,
        paras=md_paragraphs,
        cn=cn_number,
        cn_date=cn_date,
    )
    return {name: _checked(fn) for name, fn in out.items()}


class _CodeGenerator(CodeGenerator):
    """Jinja's compiler with ``a ~ b`` going through the limits."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concat_checked((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class ReportEnvironment(SandboxedEnvironment):
    """The sandbox the report templates run in: plain data, the registered
    filters and globals, Jinja's own loop/namespace/macro objects — nothing else."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "-", "/", "//", "%"})

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.filters = _filters()
        self.globals.clear()
        self.globals.update(
            range=_range,
            dict=dict,
            namespace=jinja2.utils.Namespace,
            cycler=jinja2.utils.Cycler,
            joiner=jinja2.utils.Joiner,
            cn_number=cn_number,
        )
        self._callables = tuple(self.globals.values())

    # ---- what a template may reach --------------------------------------

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        if attr.startswith("_"):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, Numbering):
            return attr in ("h1", "h2", "h3", "h4")
        if isinstance(obj, dt.date):
            return attr in ("year", "month", "day")
        if isinstance(obj, (LoopContext, Namespace, TemplateModule, TemplateReference)):
            return True
        if isinstance(obj, jinja2.utils.Cycler):
            return attr in ("current", "next", "reset")
        return False

    def is_safe_callable(self, obj: object) -> bool:
        if isinstance(obj, (Macro, LoopContext, BlockReference, jinja2.utils.Joiner)):
            return True
        if any(obj is c for c in self._callables):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _STR_METHODS
        if isinstance(owner, Numbering):
            return name in ("h1", "h2", "h3", "h4")
        if isinstance(owner, LoopContext):
            return name in ("cycle", "changed")
        if isinstance(owner, jinja2.utils.Cycler):
            return name in ("next", "reset")
        return False

    def unsafe_undefined(self, obj: object, attribute: str) -> jinja2.Undefined:
        what = str(attribute)[:40].replace("\n", " ")
        return self.undefined(
            f"模板试图访问不安全的内容（{type(obj).__name__} 的 {what}），已拒绝",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def getattr(self, obj: object, attribute: str) -> object:
        _step()
        if isinstance(obj, Mapping):
            # data first: a field called ``items`` is the field, never the method
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                what = str(attribute)[:40].replace("\n", " ")
                return self.undefined(f"没有名为“{what}”的数据", obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: object, argument: object) -> object:
        _step()
        return super().getitem(obj, argument)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: object, right: object) -> object:
        return _binop(operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: object, *args: object, **kwargs: object) -> object:  # noqa: N805
        _step()
        if isinstance(__obj, jinja2.Undefined):
            __obj()  # raises: says what is missing or refused
        if not __self.is_safe_callable(__obj):
            what = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"模板试图调用不安全的内容（{str(what)[:40]}），已拒绝")
        b = _budget()
        b.depth += 1
        try:
            if b.depth > MAX_DEPTH:
                raise RenderError(f"模板嵌套调用过深（超过 {MAX_DEPTH} 层），已拒绝")
            out = __context.call(__obj, *args, **kwargs)
        finally:
            b.depth -= 1
        _made_value(out)
        return out

    def concat_checked(self, parts: tuple) -> str:
        strs = [str(p) for p in parts]
        _made(sum(map(len, strs)))
        return "".join(strs)


#: bumped whenever the compiled form of templates changes (the bytecode cache
#: keys on the template's source only)
_COMPILER_VERSION = "sandbox-2"


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the user's cache folder: compiling them costs
    more than the rest of ``selfeval render``. No cache when it cannot be written."""
    from selfeval import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "selfeval" / f"templates-{__version__}-{_COMPILER_VERSION}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.lru_cache(maxsize=8)
def environment(user_dir: Path | None = None) -> ReportEnvironment:
    """The sandboxed Jinja2 environment (shipped templates, a user's folder first)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders.append(jinja2.FileSystemLoader(str(template_dir())))
    return ReportEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
        auto_reload=True,
    )


class _Watchdog:
    """Stops a rendering that runs past its deadline, even in a loop that calls
    nothing: the timeout is raised into the rendering thread between two
    bytecodes (CPython's ``PyThreadState_SetAsyncExc``)."""

    def __init__(self, seconds: float) -> None:
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.done = False
        self.fired = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.lock:
            if not self.done:
                self.fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self.thread_id), ctypes.py_object(_Timeout)
                )

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True
            fired = self.fired
        if fired and exc_type is not _Timeout:
            # The timeout was sent just as the rendering ended: let it arrive
            # here, where markdown() turns it into a RenderError, not later in
            # the caller's code. (Clearing it with SetAsyncExc(id, NULL) instead
            # leaves CPython's eval breaker set for good, slowing everything.)
            until = time.monotonic() + 1
            while time.monotonic() < until:
                time.sleep(0.001)


def _generate(template: jinja2.Template, ctx: dict) -> str:
    """The template's output, stopped at :data:`MAX_OUTPUT` characters."""
    chunks: list[str] = []
    size = 0
    for chunk in template.generate(ctx):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise RenderError(f"生成的报告超过 {MAX_OUTPUT} 字，已停止")
        chunks.append(chunk)
    return "".join(chunks)


def preset_for(report: Report, base_dir: Path | None = None) -> Preset:
    return load_preset(report.meta.preset, base_dir)


#: FIGURES and presets as plain data, converted once (both never change)
_static_memo: dict = {}
_static_lock = threading.Lock()


def _memo_with_static(preset: Preset) -> dict:
    with _static_lock:
        if id(FIGURES) not in _static_memo or id(preset) not in _static_memo:
            if len(_static_memo) > 20_000:  # many presets loaded and reloaded
                _static_memo.clear()
            plain(FIGURES, _static_memo)
            plain(preset, _static_memo)
        return dict(_static_memo)


def context(report: Report, card: Scorecard) -> dict:
    """What the templates see: plain read-only data (``selfeval.render_context``),
    plus the heading numbering of this rendering."""
    memo = _memo_with_static(card.preset)
    r = plain(report, memo)
    tables = plain(tuple(all_tables(report, card.preset)), memo)
    c = plain(card, memo)
    indicators = tuple(
        (plain(FIGURES[res.indicator.figure], memo), plain(res, memo))
        for res in card.results
        if res.indicator.figure is not None
    )
    return {
        "r": r,
        "meta": r.meta,
        "gb": r.general_budget,
        "card": c,
        "preset": c.preset,
        "num": Numbering(),
        "title": f"{report.meta.department}{report.meta.year}年度部门整体支出绩效自评报告",
        "unit": report.meta.unit,
        "name": report.display_name,
        "indicators": indicators,
        "figures": plain(FIGURES, memo),
        "hundred": HUNDRED,
        # the 自评表s, department first; printed as 附件 once any of them is filled in
        "tables": tables,
        "tables_used": any(not t.empty for t in tables),
    }


def markdown(
    report: Report,
    *,
    templates: Path | None = None,
    base_dir: Path | None = None,
    card: Scorecard | None = None,
    time_limit: float = TIME_LIMIT,
) -> str:
    """The finished report as Markdown. Raises :class:`RenderError` (one Chinese
    line) for a bad template or one that exceeds a limit."""
    if card is None:
        card = evaluate(report, preset_for(report, base_dir))
    env = environment(templates)
    ctx = context(report, card)
    outer = getattr(_local, "budget", None)
    _local.budget = _Budget(time_limit)
    try:
        try:
            with _Watchdog(time_limit):
                template = env.get_template("report.md.j2")
                text = _generate(template, ctx)
        finally:
            _local.budget = outer
    except _Timeout:
        raise RenderError(f"模板运行超过 {time_limit:g} 秒，已停止（可能含有死循环）") from None
    except RenderError:
        raise
    except SecurityError as exc:
        message = str(exc)
        if "不安全" not in message:
            message = f"模板试图访问不安全的内容，已拒绝（{message}）"
        raise RenderError(_one_line(message)) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(_one_line(f"找不到模板 {exc.name}")) from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            _one_line(f"模板 {exc.filename or exc.name} 第 {exc.lineno} 行语法错误：{exc.message}")
        ) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(_one_line(f"模板引用了不存在的内容：{exc.message}")) from None
    except jinja2.TemplateError as exc:
        raise RenderError(_one_line(f"模板出错：{exc}")) from None
    except RecursionError:
        raise RenderError("模板嵌套过深（如模板包含自身），已停止") from None
    except MemoryError:
        raise RenderError("模板占用内存过多，已停止") from None
    except Exception as exc:  # a template is a program: any error of it is the template's
        raise RenderError(_one_line(f"模板运行出错：{type(exc).__name__}: {exc}")) from None
    # at most one blank line between blocks, one newline at the end
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def _one_line(message: str, limit: int = 300) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
