"""OCR confusions between Hangul jamo (ㅁ/ㅂ, ㅓ/ㅕ, final ㅇ/ㄹ as in 방/발), from data/noise/hangul_confusions.tsv."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from mlkit.korean.jamo import FINALS, INITIALS, VOWELS, compose, decompose
from mlkit.resources import read_tsv


@cache
def confusions() -> dict[tuple[str, str], tuple[str, ...]]:
    """(position, jamo) → jamo it is confused with, from data/noise/hangul_confusions.tsv."""
    out: dict[tuple[str, str], list[str]] = {}
    for position, pair, *_ in read_tsv("noise/hangul_confusions.tsv"):
        a, b = pair
        out.setdefault((position, a), []).append(b)
        out.setdefault((position, b), []).append(a)
    return {k: tuple(v) for k, v in out.items()}


def syllable_variants(ch: str) -> Iterator[str]:
    """Every syllable one OCR jamo confusion away from `ch` (ㅁ/ㅂ, ㅓ/ㅕ, final ㅇ/ㄹ as in 방/발, ...)."""
    lead, vowel, tail = decompose(ch)
    table = confusions()
    for other in table.get(("initial", INITIALS[lead]), ()):
        yield compose(INITIALS.index(other), vowel, tail)
    for other in table.get(("medial", VOWELS[vowel]), ()):
        yield compose(lead, VOWELS.index(other), tail)
    if tail:
        for other in table.get(("final", FINALS[tail]), ()):
            yield compose(lead, vowel, FINALS.index(other))
