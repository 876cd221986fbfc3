"""Sino-Korean readings: which Hangul syllables read some Han character (data/korean/sino_readings.txt).

A word whose syllables all read Han characters may be Sino-Korean (a place name, a word in an older or North Korean
spelling); one with a syllable that reads none is native or a loanword (라디오: 디 reads no Han character).

>>> "력" in sino_readings(), "디" in sino_readings()
(True, False)
"""

from __future__ import annotations

from functools import cache

from mlkit.resources import read_words


@cache
def sino_readings() -> frozenset[str]:
    """Hangul syllables that read at least one Han character of the CJK Unified Ideographs block."""
    return frozenset(read_words("korean/sino_readings.txt"))
