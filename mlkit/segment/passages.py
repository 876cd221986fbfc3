"""Grouping runs into passages: same language across line breaks, numbering and short main-language words."""

from __future__ import annotations

from typing import NamedTuple

from mlkit.segment import native
from mlkit.segment.runs import Run

MAX_BLANK_LINES = 2  # a passage goes on across at most this many empty lines
MAX_ABSORBED_WORDS = 3  # main-language words inside one line of a passage ("GS", "WPK") stay in it
MAX_ABSORBED_CHARS = 24
PROSE_CHARS = 40  # across an empty line, a passage goes on only when one side is prose, not a short label


class Passage(NamedTuple):
    """A group of runs in one language."""

    start: int
    end: int
    lang: str
    script: str
    confidence: float


def group_passages(text: str, runs: list[Run], main: str) -> list[Passage]:
    """Passages of every language other than `main`, in text order (grouped by the compiled core)."""
    # runs of one language join across neutral characters and at most MAX_BLANK_LINES empty lines (there only
    # when one side is prose, PROSE_CHARS or more, not two short labels in a list); up to MAX_ABSORBED_WORDS
    # words of other languages on one line between two runs of a passage's language stay in it, and of the
    # main language only within MAX_ABSORBED_CHARS; the passage takes the language and script with the most
    # characters and the size-weighted confidence of its runs in that language
    rows = native.core.group_passages(text, runs if isinstance(runs, list) else list(runs), main, MAX_BLANK_LINES,
                                      MAX_ABSORBED_WORDS, MAX_ABSORBED_CHARS, PROSE_CHARS)
    return list(map(Passage._make, rows))
