"""DPRK and ROK spelling of the same word: the initial-sound rule (두음법칙) that ROK applies and DPRK does not.

DPRK keeps a word-initial ㄹ/ㄴ where ROK spelling writes ㄴ/ㅇ (로동 = 노동, 력사 = 역사, 리해 = 이해, 녀성 = 여성).

>>> rok_initial("력"), rok_forms("로동")
('역', ['로동', '노동'])
"""

from __future__ import annotations

from functools import cache

from mlkit.korean.jamo import INITIALS, VOWELS, compose, decompose, is_syllable
from mlkit.resources import read_lines

# Vowels before which ROK spelling drops a word-initial ㄹ/ㄴ to ㅇ (리→이, 녀→여); before the others ㄹ→ㄴ.
_Y_VOWELS = frozenset("ㅑㅕㅖㅛㅠㅣ")
_RIEUL, _NIEUN, _IEUNG = INITIALS.index("ㄹ"), INITIALS.index("ㄴ"), INITIALS.index("ㅇ")


def rok_initial(ch: str) -> str:
    """The ROK spelling of a syllable written with the DPRK initial ㄹ/ㄴ (로→노, 력→역, 리→이, 녀→여)."""
    if not is_syllable(ch):
        return ch
    lead, vowel, tail = decompose(ch)
    y = VOWELS[vowel] in _Y_VOWELS
    if lead == _RIEUL:
        return compose(_IEUNG if y else _NIEUN, vowel, tail)
    if lead == _NIEUN and y:
        return compose(_IEUNG, vowel, tail)
    return ch


def rok_forms(word: str) -> list[str]:
    """The word, plus each form with one DPRK initial ㄹ/ㄴ written as in ROK spelling (력사 → 역사)."""
    forms = [word]
    for i, ch in enumerate(word):
        rok = rok_initial(ch)
        if rok != ch:
            forms.append(word[:i] + rok + word[i + 1 :])
    return forms


@cache
def dprk_stems() -> tuple[str, ...]:
    """DPRK spellings accepted as correct (data/korean/dprk_spellings.txt), longest first."""
    return tuple(sorted(read_lines("korean/dprk_spellings.txt"), key=len, reverse=True))
