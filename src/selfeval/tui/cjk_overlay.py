"""Work around Textual issue #6357: overlays (toasts, dialogs, menus) lose Chinese characters.

The compositor cuts every screen line at the edges of every widget, the
covered ones included, and splits each widget's line at those cuts; a
double-width character that straddles a cut is replaced by two spaces. So a
toast over the form read "要  出吗？". Upstream issue:
https://github.com/Textualize/textual/issues/6357 (open for Textual 8.x).

The patch below is Textual 8.2.8's ``Compositor._render_chops`` with two
changes. A widget's line is not split at a cut where that widget wins the
buckets on both sides (nothing behind it shows there); the piece goes on whole
and the skipped bucket is held with an empty strip, so nothing behind claims
it. Lines are still the same cells, only no longer cut inside a character.

And it renders only the widgets whose visible part meets the area being
updated (Textual's ``_get_renders`` asks every widget whose *clip*, its
container's visible area, meets it: a key typed in a text area re-rendered
the title bar, the step list, the findings bar and the key bar on every
frame). A widget outside the update cannot change a cell of it; its buckets
on the lines updated are held with an empty strip, as a widget in front
would hold them, so that no piece of a widget behind runs into them.

``apply()`` is idempotent; it is a no-op on another Textual version (the test
``tests/tui/test_snapshots.py::test_toast_over_chinese_text`` shows whether the
bug is back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import cast

import textual
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

__all__ = ["apply", "PATCHED_VERSION"]

PATCHED_VERSION = "8.2.8"
_EMPTY = Strip([], 0)


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip]]:
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    intersection = Region.intersection
    overlaps = crop.overlaps
    for widget, (region, clip) in self.visible_widgets.items():
        render_region = intersection(region, clip)
        if not (render_region.width and render_region.height):
            continue
        first_cut, last_cut = render_region.column_span
        if not overlaps(render_region):
            # outside the update: not rendered, but its buckets are held (with nothing)
            # so that a widget behind it cannot run a piece into them
            for y in render_region.line_range:
                if is_rendered_line(y):
                    chops_line = chops[y]
                    for cut in cuts[y]:
                        if first_cut <= cut < last_cut and chops_line.get(cut, 0) is None:
                            chops_line[cut] = _EMPTY
            continue
        x, y0, width, height = render_region
        strips = widget.render_lines(Region(x - region.x, y0 - region.y, width, height))
        render_x = render_region.x
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            # where this widget shows: the buckets nothing in front of it has taken
            free = [chops_line.get(cut, 0) is None for cut in final_cuts]
            # cut only where what shows changes (an internal cut would split characters);
            # the last cut is the end of the widget's line
            last = len(final_cuts) - 1
            ends = [
                i
                for i in range(1, len(final_cuts))
                if i == last or not (free[i] and free[i - 1] and final_cuts[i] in chops_line)
            ]
            start = 0
            for piece, end in zip(strip.divide([final_cuts[i] - render_x for i in ends]), ends):
                for i in range(start, end):
                    if free[i]:
                        chops_line[final_cuts[i]] = piece if i == start else _EMPTY
                start = end
    return cast("Sequence[Mapping[int, Strip]]", chops)


def apply() -> bool:
    """Patch the compositor (once); ``False`` when Textual is another version than patched."""
    if textual.__version__ != PATCHED_VERSION:
        return False
    if getattr(Compositor._render_chops, "__name__", "") != "_render_chops" or Compositor._render_chops is _render_chops:
        return True
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    return True
