"""Small text helpers for showing Chinese in a terminal."""

from __future__ import annotations

import re

__all__ = ["tighten"]

# a space between two non-ASCII characters (Chinese text, ›, “”)
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


def tighten(text: str) -> str:
    """Drop spaces between Chinese characters.

    Textual wraps lines at spaces; a long Chinese sentence with one stray space
    then breaks early at that space instead of at the edge of the screen.
    """
    return _CJK_SPACE.sub("", text)
