"""Jamo confusions learnt from real OCR (data/noise/hangul_ocr_confusions.tsv, built by tools/learn_jamo_confusions.py).

The hand list of data/noise/hangul_confusions.tsv holds the classic look-alikes (ㅁ/ㅂ, ㅓ/ㅕ); tesseract also reads
ㅔ for ㅖ, ㅜ for ㅗ, ㅌ for ㄷ. This table says, for each jamo read, which jamo was meant and how often.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from mlkit.korean.jamo import FINALS, INITIALS, VOWELS, compose, decompose
from mlkit.resources import data_path, read_tsv

TABLE = "noise/hangul_ocr_confusions.tsv"
MAX_PER_JAMO = 4  # the most frequent meanings of each jamo read; rarer ones cost analyses and find little


@cache
def learnt() -> dict[tuple[str, str], tuple[str, ...]]:
    """(position, jamo read) → jamo meant, most frequent first; empty when the table is absent."""
    if not data_path(TABLE).exists():
        return {}
    rows: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for position, read, meant, count, *_ in read_tsv(TABLE):
        rows.setdefault((position, read), []).append((int(count), meant))
    return {k: tuple(m for _, m in sorted(v, key=lambda r: (-r[0], r[1]))[:MAX_PER_JAMO]) for k, v in rows.items()}


def _index(table: str, jamo: str) -> int:
    return 0 if jamo == "-" else table.index(jamo)


def learnt_variants(ch: str) -> Iterator[str]:
    """Syllables that `ch` may have been before tesseract misread one of its jamo."""
    table = learnt()
    if not table:
        return
    lead, vowel, tail = decompose(ch)
    for meant in table.get(("initial", INITIALS[lead]), ()):
        yield compose(_index(INITIALS, meant), vowel, tail)
    for meant in table.get(("medial", VOWELS[vowel]), ()):
        yield compose(lead, _index(VOWELS, meant), tail)
    for meant in table.get(("final", FINALS[tail].strip() or "-"), ()):
        yield compose(lead, vowel, _index(FINALS, meant))
