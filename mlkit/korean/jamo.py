"""Hangul syllables as (initial, vowel, final) jamo indices, and the jamo names the rules speak of.

>>> decompose("각"), compose(0, 0, 1)
((0, 0, 1), '각')
"""

from __future__ import annotations

import re

SBASE, LCOUNT, VCOUNT, TCOUNT = 0xAC00, 19, 21, 28
NCOUNT = VCOUNT * TCOUNT

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # index 0 = no final

# Initial indices by name.
G, GG, N, D, DD, R, M, B, BB, S, SS, NG, J, JJ, CH, K, T, P, H = range(19)
# Vowel indices used by the rules.
V_I, V_YA, V_YEO, V_YO, V_YU, V_WI = 20, 2, 6, 12, 17, 16
# Final indices by jamo letter.
F = {c: i for i, c in enumerate(FINALS) if i}

# Conjoining jamo (NFD Hangul): a syllable is L V [T] from these blocks.
L_CONJ = (0x1100, 0x1112)
V_CONJ = (0x1161, 0x1175)
T_CONJ = (0x11A8, 0x11C2)

# (the standard library's engine: these classes need no Unicode properties, and a one-line romanise imports no regex)
_UNIT_RE = re.compile(r"[\uAC00-\uD7A3]|[\u1100-\u1112][\u1161-\u1175][\u11A8-\u11C2]?")


def is_syllable(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가–힣)."""
    return "\uac00" <= ch <= "\ud7a3"


def decompose(ch: str) -> tuple[int, int, int]:
    """(initial, vowel, final) indices of one precomposed syllable: 각 → (0, 0, 1)."""
    s = ord(ch) - SBASE
    return s // NCOUNT, (s % NCOUNT) // TCOUNT, s % TCOUNT


def compose(lead: int, vowel: int, final: int = 0) -> str:
    """The precomposed syllable of the given jamo indices."""
    return chr(SBASE + (lead * VCOUNT + vowel) * TCOUNT + final)


def units(word: str) -> list[tuple[int, int, tuple[int, int, int]]]:
    """Syllables of a word as (offset, length, jamo): precomposed syllables or L V [T] conjoining sequences."""
    if all("\uac00" <= c <= "\ud7a3" for c in word):
        return [(i, 1, decompose(c)) for i, c in enumerate(word)]
    out = []
    for m in _UNIT_RE.finditer(word):
        u = m.group()
        if len(u) == 1:
            out.append((m.start(), 1, decompose(u)))
        else:
            t = ord(u[2]) - T_CONJ[0] + 1 if len(u) == 3 else 0
            out.append((m.start(), len(u), (ord(u[0]) - L_CONJ[0], ord(u[1]) - V_CONJ[0], t)))
    return out


def precomposed(word: str) -> str:
    """The word with conjoining-jamo syllables composed (a cache key and lookup form)."""
    if all("\uac00" <= c <= "\ud7a3" for c in word):
        return word
    return "".join(compose(*j) for _, _, j in units(word))
