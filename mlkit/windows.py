"""Cutting a long text into windows a stage can take one at a time, at the least harmful places.

Stages that treat lines independently give the same output on windows cut at line ends; a line longer than a
window is cut after a sentence end and a space if there is one, else at a space, else (one enormous word) where
the window ends. Memory then grows with the window, not with the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

WINDOW = 1 << 20  # characters
_SENTENCE_SPACE = re.compile(r"[.!?。][ \t]+(?=\S)")
_SPACE = re.compile(r"[ \t]+(?=\S)")


def cut_points(text: str, size: int = WINDOW) -> Iterator[tuple[int, int]]:
    """(start, end) windows covering `text` in order, each at most `size` characters (cut as said above)."""
    n = len(text)
    start = 0
    while n - start > size:
        end = _cut(text, start, start + size)
        yield start, end
        start = end
    if start < n or n == 0:
        yield start, n


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to end a window that starts at `start` and may reach `limit` (exclusive)."""
    half = start + (limit - start) // 2
    newline = text.rfind("\n", half, limit)
    if newline >= 0:
        return newline + 1
    for pattern in (_SENTENCE_SPACE, _SPACE):
        last = None
        for last in pattern.finditer(text, half, limit):  # noqa: B007 (the last match is the one wanted)
            pass
        if last is not None:
            return last.end()
    return limit


def windows(text: str, size: int = WINDOW) -> Iterator[str]:
    """The windows of `text` as strings (see `cut_points`)."""
    for start, end in cut_points(text, size):
        yield text[start:end]
