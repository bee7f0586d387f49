"""The report as plain text for a terminal: ``selfeval render --format text``.

Made from the Markdown that :func:`selfeval.render.markdown` returns (parsed
with markdown-it-py, so escapes are undone and the report's markers dropped).
Tables are laid out in columns that line up in a terminal: Chinese characters
take two columns there, which :func:`rich.cells.cell_len` counts; a table wider
than the line gets its longest columns wrapped inside their cells. Frames are
ASCII (``+ - |``), whose width no terminal disputes (box-drawing characters
are two columns wide in some Chinese terminals).
"""

from __future__ import annotations

__all__ = ["to_text", "layout_table", "DEFAULT_WIDTH"]

#: Line width when the terminal's is unknown (output to a file or a pipe).
DEFAULT_WIDTH = 100


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


_NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:?!)]")


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (Chinese text breaks anywhere;
    a run of Latin letters and digits is kept whole when it fits on a line)."""
    if width <= 0:
        return [text]
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0
        i = 0
        while i < len(para):
            # a Latin word or number moves to the next line whole, if it fits on one
            j = i
            while j < len(para) and para[j].isascii() and not para[j].isspace():
                j += 1
            piece = para[i:j] if j > i else para[i]
            w = _cell_len(piece)
            if used + w > width and line:
                if w <= width or j == i:
                    carry = ""
                    # no line starts with a closing mark: the character before it goes along
                    if piece in _NO_LINE_START and len(line) > 1:
                        line, carry = line[:-1], line[-1]
                    lines.append(line.rstrip())
                    line, used = carry, _cell_len(carry)
                    if piece.isspace():
                        i += len(piece)
                        continue
            if w > width:  # a word longer than the line: cut it
                for ch in piece:
                    cw = _cell_len(ch)
                    if used + cw > width and line:
                        lines.append(line)
                        line, used = "", 0
                    line += ch
                    used += cw
            else:
                line += piece
                used += w
            i += len(piece)
        lines.append(line.rstrip())
    return lines


def layout_table(header: list[str], rows: list[list[str]], aligns: list[str], width: int) -> list[str]:
    """A table as lines no wider than ``width`` (when the columns allow it)."""
    n = max([len(header)] + [len(r) for r in rows]) if header or rows else 0
    if n == 0:
        return []
    grid = [list(header) + [""] * (n - len(header))] + [list(r) + [""] * (n - len(r)) for r in rows]
    aligns = list(aligns) + ["left"] * (n - len(aligns))
    natural = [max(_cell_len(row[c]) for row in grid) for c in range(n)]
    frame = 3 * n + 1  # "| " before each cell, " " after, and the last "|"
    room = width - frame

    def least_with(chars: int) -> list[int]:
        # the narrowest a column may get: a number whole, text ``chars`` columns
        return [
            max([min(natural[c], chars)] + [_cell_len(row[c]) for row in grid[1:] if aligns[c] == "right"])
            for c in range(n)
        ]

    least = least_with(8)  # a four-character label on one line
    if sum(least) > room:
        least = least_with(4)
    if sum(least) > room:
        least = least_with(2)  # a wide form (a 自评表 on a narrow terminal): one character a line
    widths = list(natural)
    if sum(widths) > room:
        # short columns (labels, numbers) whole if the long ones keep room to wrap in
        long_cols = [c for c in range(n) if natural[c] > 16]
        if long_cols and sum(natural) - sum(natural[c] - 12 for c in long_cols) <= room:
            least = [max(least[c], 12) if c in long_cols else natural[c] for c in range(n)]
        # every column its least, the rest shared by how much more each would take
        widths = list(least)
        spare = room - sum(widths)
        want = [natural[c] - least[c] for c in range(n)]
        if spare > 0 and sum(want):
            widths = [least[c] + int(spare * want[c] / sum(want)) for c in range(n)]
            for c in sorted(range(n), key=lambda k: -want[k])[: room - sum(widths)]:
                widths[c] += 1

    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule]
    for r, row in enumerate(grid):
        cells = [_wrap(row[c], widths[c]) for c in range(n)]
        height = max(len(c) for c in cells)
        for k in range(height):
            parts = []
            for c in range(n):
                text = cells[c][k] if k < len(cells[c]) else ""
                pad = widths[c] - _cell_len(text)
                if r == 0:
                    left = pad // 2
                    parts.append(" " * left + text + " " * (pad - left))
                elif aligns[c] == "right":
                    parts.append(" " * pad + text)
                else:
                    parts.append(text + " " * pad)
            out.append("| " + " | ".join(parts) + " |")
        if r == 0 or r == len(grid) - 1:
            out.append(rule)
    return out


def to_text(markdown: str, width: int = DEFAULT_WIDTH) -> str:
    """Rendered report Markdown as plain text with tables for a terminal ``width`` columns wide."""
    from markdown_it import MarkdownIt

    from selfeval.docx.parse import cell_align, inline_text

    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks: list[str] = []
    i = 0
    list_stack: list[dict] = []
    prefix = ""
    while i < len(tokens):
        t = tokens[i]
        kind = t.type
        if kind == "heading_open":
            text = inline_text(tokens[i + 1]).strip()
            if t.tag == "h1":
                lines = [line.strip() for line in text.split("\n")]
                span = max(_cell_len(line) for line in lines)
                pad = max((min(width, 80) - span) // 2, 0)
                blocks.append("\n".join(" " * pad + line for line in lines))
            else:
                blocks.append(text.replace("\n", ""))
            i += 3
            continue
        if kind == "paragraph_open":
            text = inline_text(tokens[i + 1])
            if prefix:
                text, prefix = prefix + text, ""
            blocks.append(text)
            i += 3
            continue
        if kind == "table_open":
            header: list[str] = []
            rows: list[list[str]] = []
            aligns: list[str] = []
            row: list[str] = []
            in_head = False
            while tokens[i].type != "table_close":
                tt = tokens[i]
                if tt.type == "thead_open":
                    in_head = True
                elif tt.type == "thead_close":
                    in_head = False
                elif tt.type == "tr_open":
                    row = []
                elif tt.type == "tr_close":
                    if in_head:
                        header = row
                    else:
                        rows.append(row)
                elif tt.type in ("th_open", "td_open"):
                    if in_head:
                        aligns.append(cell_align(tt))
                    row.append(inline_text(tokens[i + 1]).strip())
                i += 1
            blocks.append("\n".join(layout_table(header, rows, aligns, width)))
            i += 1
            continue
        if kind in ("fence", "code_block"):
            blocks.append(t.content.rstrip("\n"))
        elif kind == "html_block":
            stripped = t.content.strip()
            if stripped and not stripped.startswith("<!--"):
                blocks.append(stripped)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(t.attrGet("start") or 1) if kind == "ordered_list_open" else None
            list_stack.append({"n": start, "mark": t.markup})
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif kind == "list_item_open":
            top = list_stack[-1]
            if top["n"] is None:
                prefix = "· "
            else:
                prefix = f"{top['n']}{top['mark']} "
                top["n"] += 1
        i += 1
    return "\n\n".join(blocks).rstrip() + "\n"

