"""Word evidence for language identification: word frequencies per language, alphabets, and name shapes.

Frequencies come from wordfreq's small lists (about 30k words per language, bundled, offline, loaded once).
A word's log-probability under a language is what the segmentation HMM uses as emission score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import regex
from wordfreq import get_frequency_dict

from mlkit.resources import read_lines, read_tsv

LOG_OOV = math.log(5e-8)  # a word missing from a list is rarer than its rarest entry (about 1e-6)
LOG_FOREIGN_LETTER = math.log(1e-5)  # the word has a letter the language does not write
LOG_NAME = math.log(2e-5)  # chance that a capitalised word inside a sentence is a name, in any language
LOG_EVEN = 0.0

# Han characters alone do not decide between Chinese, Japanese and Korean (Hanja); context does.
HAN_PRIOR = {"zh": math.log(0.6), "ja": math.log(0.3), "ko": math.log(0.1)}


@cache
def wordfreq_codes() -> dict[str, str]:
    """mlkit language code → wordfreq language code."""
    return {row[0]: row[1] for row in read_tsv("segment/languages.tsv")}


@cache
def frequencies(lang: str) -> dict[str, float]:
    """Word → frequency for one language (empty when wordfreq has no list for it)."""
    code = wordfreq_codes().get(lang, lang)
    try:
        return get_frequency_dict(code, "small")
    except (LookupError, ValueError, OSError):
        return {}


@cache
def alphabets() -> dict[str, frozenset[str]]:
    """Letters each Latin-script language writes natively (a–z plus its own)."""
    base = set("abcdefghijklmnopqrstuvwxyz'’-")
    out = {}
    for row in read_tsv("segment/alphabets.tsv"):
        out[row[0]] = frozenset(base | set(row[1] if len(row) > 1 else ""))
    return out


@cache
def korean_name_pattern() -> regex.Pattern[str]:
    """Matches a word made only of romanised Korean syllables (Kwangmyongsong, Phyongan, Jong)."""
    parts = {row[0]: row[1].split() for row in read_tsv("segment/korean_romanized.tsv")}

    def alt(xs: list[str]) -> str:
        return "|".join(sorted(xs, key=len, reverse=True))

    syl = rf"(?:{alt(parts['initial'])})?(?:{alt(parts['medial'])})(?:{alt(parts['final'])})?"
    return regex.compile(rf"(?:{syl}){{1,4}}", regex.IGNORECASE)


@cache
def known_names() -> frozenset[str]:
    """Lowercased names and terms (data/segment/names.txt) that are neutral in English text."""
    return frozenset(w.lower() for w in read_lines("segment/names.txt"))


@dataclass(frozen=True, slots=True)
class WordShape:
    """What the spelling of a word says before any lexicon: name-like, acronym, sentence-initial."""

    lower: str
    capitalised: bool
    acronym: bool
    korean_name: bool


def shape(word: str) -> WordShape:
    """Classify a word's spelling (see WordShape)."""
    lower = word.lower().replace("’", "'")
    acronym = len(word) >= 2 and word.isupper()
    capitalised = word[:1].isupper()
    korean = capitalised and (lower in known_names() or korean_name_pattern().fullmatch(lower) is not None)
    return WordShape(lower, capitalised, acronym, korean)


def word_log_prob(lower: str, lang: str) -> float:
    """Log frequency of a lowercased word in `lang`, with the OOV floor and the alphabet check."""
    freq = frequencies(lang)
    f = freq.get(lower)
    if f is None and ("-" in lower or "'" in lower):
        parts = [p for p in regex.split(r"['\-]", lower) if p]
        logs = [math.log(freq[p]) if p in freq else LOG_OOV for p in parts]
        score = sum(logs) / len(logs) if logs else LOG_OOV
    else:
        score = math.log(f) if f else LOG_OOV
    alphabet = alphabets().get(lang)
    if alphabet is not None and not lower.isascii() and any(c not in alphabet for c in lower):
        score += LOG_FOREIGN_LETTER
    return score
