"""Hangul syllables as jamo: splitting, joining, OCR confusion variants and DPRK→ROK initial-sound variants."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from mlkit.resources import read_tsv

SBASE, LCOUNT, VCOUNT, TCOUNT = 0xAC00, 19, 21, 28
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
# Vowels before which ROK spelling drops a word-initial ㄹ/ㄴ to ㅇ (리→이, 녀→여); before the others ㄹ→ㄴ.
_Y_VOWELS = frozenset("ㅑㅕㅖㅛㅠㅣ")


def is_syllable(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가–힣)."""
    return "\uac00" <= ch <= "\ud7a3"


def split(ch: str) -> tuple[int, int, int]:
    """Initial, medial and final indices of a precomposed syllable."""
    code = ord(ch) - SBASE
    return code // (VCOUNT * TCOUNT), code % (VCOUNT * TCOUNT) // TCOUNT, code % TCOUNT


def join(lead: int, vowel: int, tail: int) -> str:
    """The syllable with these jamo indices."""
    return chr(SBASE + (lead * VCOUNT + vowel) * TCOUNT + tail)


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
    lead, vowel, tail = split(ch)
    table = confusions()
    for other in table.get(("initial", INITIALS[lead]), ()):
        yield join(INITIALS.index(other), vowel, tail)
    for other in table.get(("medial", MEDIALS[vowel]), ()):
        yield join(lead, MEDIALS.index(other), tail)
    if tail:
        for other in table.get(("final", FINALS[tail]), ()):
            yield join(lead, vowel, FINALS.index(other))


def rok_initial(ch: str) -> str:
    """The ROK spelling of a syllable written with the DPRK initial ㄹ/ㄴ (로→노, 력→역, 리→이, 녀→여)."""
    if not is_syllable(ch):
        return ch
    lead, vowel, tail = split(ch)
    y = MEDIALS[vowel] in _Y_VOWELS
    if INITIALS[lead] == "ㄹ":
        return join(INITIALS.index("ㅇ" if y else "ㄴ"), vowel, tail)
    if INITIALS[lead] == "ㄴ" and y:
        return join(INITIALS.index("ㅇ"), vowel, tail)
    return ch
