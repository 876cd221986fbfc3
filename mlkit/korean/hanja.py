"""Hanja read in Korean: Han characters in Korean text take their Sino-Korean readings (韓國 → 한국, 勞動 → 로동).

Each character has its commonest reading (data/korean/hanja.tsv, Unicode Unihan kHangul). ROK spelling applies the
initial-sound rule to the first character of a word (勞動 → 노동, 李 → 이), DPRK spelling does not (로동, 리). The
surname 金 reads 김, not 금, where the word is a person the gazetteer knows or a three-character name whose given
name is made of given-name syllables and that is no place (金日成 → 김일성, but 金剛山 → 금강산).

>>> read("韓國"), read("勞動新聞"), read("勞動新聞", initial_rule=False), read("金日成")
('한국', '노동신문', '로동신문', '김일성')
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache, lru_cache
from itertools import accumulate

from mlkit.korean.names import gazetteer, given_syllables
from mlkit.korean.spelling import rok_initial
from mlkit.resources import read_tsv

_GOLD, _KIM = "금", "김"


@cache
def _table() -> tuple[str, tuple[int, ...], tuple[str, ...]]:
    """Every character of the table in one string, where each reading's characters end, and the readings: read in
    a millisecond (a dict of its 27,497 characters takes several)."""
    rows = read_tsv("korean/hanja.tsv")
    return "".join(chars for _, chars in rows), tuple(accumulate(len(c) for _, c in rows)), tuple(r for r, _ in rows)


@lru_cache(maxsize=1 << 14)
def reading_of(ch: str) -> str | None:
    """The Hangul reading of one Han character, None when the table has none (a search of its characters, kept)."""
    chars, ends, readings = _table()
    at = chars.find(ch) if len(ch) == 1 else -1
    return None if at < 0 else readings[bisect_right(ends, at)]


def is_hanja(ch: str) -> bool:
    """Whether the table reads `ch`."""
    return reading_of(ch) is not None


def read(word: str, initial_rule: bool = True) -> str:
    """The Hangul reading of a run of Han characters (other characters kept as they are), with the ROK
    initial-sound rule on its first syllable when `initial_rule`."""
    out = [reading_of(ch) or ch for ch in word]
    if out and word[0] == "金" and _surname(out):
        out[0] = _KIM
    if out and initial_rule:
        out[0] = rok_initial(out[0])
    return "".join(out)


def _surname(syllables: list[str]) -> bool:
    """Whether 金 (read 금) opens a personal name here: the gazetteer has the word read with 김 as a person, or it is
    three syllables whose last two are given-name syllables and the word read with 금 is no place it lists."""
    places = gazetteer()
    name = _KIM + "".join(syllables[1:])
    if places.get(name, ("",))[0] == "person":
        return True
    given = given_syllables()
    return len(syllables) == 3 and all(s in given for s in syllables[1:]) and _GOLD + name[1:] not in places
