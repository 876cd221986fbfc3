"""RR transliteration mode (spelling-based) in both directions, so that it round-trips back to Hangul.

>>> to_hangul("eobs-eoss-seubnida")
'없었습니다'
"""

from __future__ import annotations

from functools import cache, lru_cache

from mlkit.korean.jamo import compose
from mlkit.romanize import tables


@cache
def _inverse() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    table = tables.letters("rr-translit")
    onsets = {s: i for i, s in enumerate(table.onset) if s}
    vowels = {s: i for i, s in enumerate(table.vowel)}
    codas = {s: i for i, s in enumerate(table.coda) if s}
    return onsets, vowels, codas


def _longest(text: str, i: int, options: dict[str, int]) -> list[str]:
    return sorted((s for s in options if text.startswith(s, i)), key=len, reverse=True)


def _syllables(text: str) -> list[str] | None:
    """Parse one hyphen-free stretch of letters into syllables, or None when it is not transliteration."""
    onsets, vowels, codas = _inverse()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        lead = 11  # ㅇ
        for cand in _longest(text, i, onsets):
            if _longest(text, i + len(cand), vowels):
                lead, i = onsets[cand], i + len(cand)
                break
        found = _longest(text, i, vowels)
        if not found:
            return None
        vowel, i = vowels[found[0]], i + len(found[0])
        final = 0
        for cand in _longest(text, i, codas):
            j = i + len(cand)
            if j == n or not _longest(text, j, vowels):
                final, i = codas[cand], j
                break
        out.append(compose(lead, vowel, final))
    return out


def to_hangul(text: str) -> str:
    """Hangul for RR transliteration (`gud-i` → 굳이); stretches that do not parse are kept as they are."""
    out = []
    for token in text.split("-"):
        syl = _syllables(token)
        out.append("".join(syl) if syl is not None else token)
    return "".join(out)


@lru_cache(maxsize=1 << 16)  # per pair of syllables (millions possible): bounded
def needs_hyphen(prev: str, nxt: str, prev_syllable: str, next_syllable: str) -> bool:
    """Whether two transliterated syllables need a hyphen to read back unambiguously (or to mark silent ㅇ)."""
    if not nxt or not prev:
        return False
    if next_syllable and (ord(next_syllable) - 0xAC00) // 588 == 11 and (ord(prev_syllable) - 0xAC00) % 28:
        return True  # a consonant before silent ㅇ: 굳이 gud-i
    if prev[-2:] == nxt[0] * 2 and prev[-1] not in "aeiouwy":
        return True  # three letters alike: eoss-seub (but an-nyeong reads back as it is)
    return _syllables(prev + nxt) != [prev_syllable, next_syllable]
