"""English words out of vocabulary, or one OCR confusion away from a far more common word.

wordfreq's English list is the lexicon; DPRK names and terms (data/noise/dprk_terms.txt, the gazetteer, and the
romanised-Korean syllable pattern) are accepted, so Jong, Il, WPK, Juche, Hwanghae are never flagged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache

import regex

from mlkit.document import Document, Flag
from mlkit.korean.names import gazetteer
from mlkit.noise.base import lang_runs, main_runs
from mlkit.resources import read_lines, read_tsv
from mlkit.segment.lexicon import known_names, korean_name_pattern

_WORD = regex.compile(r"(?<![\p{L}\d])\p{L}+(?:['’]\p{L}+)*(?![\p{L}\d])")
RARE_ZIPF = 4.6  # a known word this rare may be a misread common word ("tbe", "aud", "ls")
GAIN_ZIPF = 2.5  # ... when one confusion away lies a word this much more common


@cache
def english_freq() -> dict[str, float]:
    """Lowercased English word → zipf frequency (wordfreq's large list)."""
    import math

    from wordfreq import get_frequency_dict

    return {w: math.log10(f) + 9 for w, f in get_frequency_dict("en", "best").items()}


@cache
def accepted_terms() -> frozenset[str]:
    """Lowercased DPRK names and terms, segment names, and every word of the gazetteer's English spellings."""
    words = {w.lower() for w in read_lines("noise/dprk_terms.txt")} | set(known_names())
    for _, spellings in gazetteer().values():
        for spelling in spellings:
            words.update(p.lower() for p in regex.split(r"[\s\-]+", spelling) if p)
    return frozenset(words)


@cache
def confusions() -> tuple[tuple[str, str], ...]:
    """Pairs of letter groups OCR confuses (both directions), from data/noise/latin_confusions.tsv."""
    pairs = []
    for a, b, *_ in read_tsv("noise/latin_confusions.tsv"):
        pairs += [(a, b), (b, a)]
    return tuple(pairs)


def zipf(word: str) -> float:
    """Zipf frequency of a word (0 when unknown); also tries it without a possessive 's."""
    freq = english_freq()
    lower = word.lower().replace("’", "'")
    if lower in freq:
        return freq[lower]
    if lower.endswith("'s"):
        return freq.get(lower[:-2], 0.0)
    return 0.0


def best_correction(word: str, edits: bool = True) -> tuple[str, float] | None:
    """The most common word one OCR confusion (or, with `edits`, one letter dropped or added) away, with its zipf."""
    lower = word.lower()
    seen: set[str] = set()
    cands: list[str] = []
    for a, b in confusions():
        if not b.isalpha():
            continue
        start = lower.find(a.lower())
        while start >= 0:
            cands.append(lower[:start] + b.lower() + lower[start + len(a) :])
            start = lower.find(a.lower(), start + 1)
    for i in range(len(lower) + 1 if edits else 0):
        cands.append(lower[:i] + lower[i + 1 :])
        if 0 < i < len(lower) and lower[i] == lower[i - 1]:
            continue
        for c in "abcdefghijklmnopqrstuvwxyz":
            cands.append(lower[:i] + c + lower[i:])
    best: tuple[str, float] | None = None
    freq = english_freq()
    for c in cands:
        if c in seen or c == lower or len(c) < 2:
            continue
        seen.add(c)
        z = freq.get(c, 0.0)
        if z and (best is None or z > best[1]):
            best = (c, z)
    if best is None:
        return None
    fixed = best[0]
    if word[:1].isupper():
        fixed = fixed[:1].upper() + fixed[1:]
    return fixed, best[1]


def is_accepted(word: str) -> bool:
    """True for a DPRK name or term, or a capitalised word of romanised Korean syllables (Kwangmyongsong).

    A pattern-shaped word one glyph confusion from a common English word (Uuited → United) is not accepted.
    """
    lower = word.lower().replace("’", "'")
    base = lower[:-2] if lower.endswith("'s") else lower
    if base in accepted_terms():
        return True
    if not word[:1].isupper() or korean_name_pattern().fullmatch(base) is None:
        return False
    fix = best_correction(base, edits=False)
    return fix is None or fix[1] < 5.0


def judge(word: str, repeated: bool = False) -> Flag | None:
    """An English-lexicon flag for one word (offsets 0-based within the word), or None when it looks right.

    `repeated`: the document uses the word elsewhere too, so a rare but real word (theses) is not a misreading.
    """
    if len(word) < 2 or is_accepted(word):
        return None
    z = zipf(word)
    capital = word[:1].isupper()
    if z == 0.0:
        fix = best_correction(word)
        if capital and not word.isupper():
            if fix is None or fix[1] < 3.0:
                return None  # an unknown capitalised word is most often a name
            return Flag(0, len(word), "english-ocr", 0.55, f"unknown name-like word {word}; {fix[0]} is common", fix[0])
        if word.isupper() and len(word) <= 6:
            return None  # acronyms
        if fix is not None and fix[1] >= 2.0:
            return Flag(
                0, len(word), "english-ocr", 0.8,
                f"{word} is not an English word; {fix[0]} is one OCR confusion away", fix[0],
            )  # fmt: skip
        return Flag(0, len(word), "english-unknown", 0.6, f"{word} is not in the English word list", None)
    if z < RARE_ZIPF and not word.isupper() and not (repeated and len(word) >= 5):
        need = GAIN_ZIPF + (1.0 if capital else 0.0)
        glyph = best_correction(word, edits=False)
        edit = best_correction(word)  # a dropped or added letter is weaker evidence (fare/are): ask for more
        fix = glyph if glyph is not None and glyph[1] - z >= need else None
        if fix is None and edit is not None and edit[1] - z >= need + 0.5:
            fix = edit
        if fix is not None and fix[1] >= 5.0:
            return Flag(
                0, len(word), "english-ocr", 0.5,
                f"{word} is a rare word; the common {fix[0]} is one OCR confusion away", fix[0],
            )  # fmt: skip
    return None


def find_english_lexicon(doc: Document) -> Iterator[Flag]:
    """Flags for English words out of vocabulary (not DPRK names or terms) or likely misread common words."""
    text = doc.text
    if doc.meta.get("main_lang", "en") == "en":
        runs = list(main_runs(doc, known=lambda w: zipf(w) > 0 or is_accepted(w)))
    else:
        runs = list(lang_runs(doc, "en"))
    matches = [m for run in runs for m in _WORD.finditer(text, run.start, run.end)]
    counts = Counter(m.group().lower() for m in matches)
    for m in matches:
        for part in regex.finditer(r"[^\-]+", m.group()):
            flag = judge(part.group(), repeated=counts[m.group().lower()] > 1)
            if flag is not None:
                s = m.start() + part.start()
                yield Flag(s + flag.start, s + flag.end, flag.kind, flag.score, flag.reason, flag.suggestion)
