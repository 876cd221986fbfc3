"""English words out of vocabulary, or one OCR confusion away from a far more common word.

wordfreq's English list is the lexicon; DPRK names and terms (data/noise/dprk_terms.txt, the gazetteer, and the
romanised-Korean syllable pattern) are accepted, so Jong, Il, WPK, Juche, Hwanghae are never flagged.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import accumulate, compress, islice
from operator import and_, itemgetter, not_
from pathlib import Path
from typing import Any

import regex

from mlkit.document import Document, Flag, Span
from mlkit.korean.names import gazetteer
from mlkit.noise.base import kept, lang_runs, main_runs
from mlkit.noise.lexindex import NearIndex, deletes, insert_index, near_index
from mlkit.noise.punctuation import function_words
from mlkit.noise.stats import DocumentStats, count
from mlkit.resources import read_lines, read_tsv
from mlkit.segment.lexicon import known_names, korean_name_pattern

_WORD = regex.compile(r"(?<![\p{L}\d])\p{L}+(?:['’]\p{L}+)*(?![\p{L}\d])")
_HANGUL = regex.compile(r"\p{Hangul}")
_WORD_SPLIT = regex.compile(f"({_WORD.pattern})")  # (split keeps the words: gap, word, gap, word, ..., gap)
_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\d]")
# `_WORD_SPLIT` on text whose letters and digits are ASCII (its other characters may be curly quotes, dashes),
# where \p{L} is [A-Za-z] and \d is [0-9]: the standard library's engine is faster.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_WORD_SPLIT = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]+(?:['’][A-Za-z]+)*)(?![A-Za-z0-9])")
_OTHER_WORD_CHAR = regex.compile(r"[\p{L}\d]")  # (searched in the characters outside ASCII)
_PARTS = regex.compile(r"[^\-]+")
_OTHER_SCRIPT_LETTER = regex.compile(r"(?=\p{L})\P{Latin}")
_NEWLINE = regex.compile(r"\n")
_ENTITY = regex.compile(r"&#?\w+;")
_ENTITY_BEFORE = regex.compile(r"&#?\w+;$")
RARE_ZIPF = 4.6  # a known word this rare may be a misread common word ("tbe", "aud", "ls")
GAIN_ZIPF = 2.5  # ... when one confusion away lies a word this much more common
# An unknown capitalised word said once: on real OCR of news it is a garbled word far more often than a name.
NAME_SCORE = 0.5
SHORT_ZIPF = 3.5  # a lowercase word of 2-4 letters rarer than this (li, ro, tw, cle) is mostly a misreading
TWO_LETTER_ZIPF = 4.3  # ... and one of two letters rarer than this (om, ro, li, fo), even when said twice
ACCENT_ZIPF = 3.0  # a word with an accent that is this common an English word without it (closé) is misread
COMMON_ZIPF = 5.5  # both halves of a run-together pair (inthe, tobe) are at least this common
NEAR_ZIPF = 4.0  # the readings a garbled word is matched against, at most two edits away, are at least this common
PATTERN_NEAR_LENGTH = 7  # a long word of romanised-Korean shape ...
PATTERN_NEAR_ZIPF = 4.5  # ... two edits from a word this common is a misreading of it, not a Korean name
NEAR_GAIN = 5.0  # ... and a rare known word is taken for a misreading of one only when that one is this common
# A "word" longer than this is not judged: no English word is that long, and its candidate corrections (every
# letter dropped, every letter added) grow with the square of its length.
MAX_WORD = 40
MISLABELLED_WORDS = 5  # a Latin run of another language this short, with a letter outside ASCII, is checked as English
TABLE_ZIPF = 2.0  # the corrections of listed words from this common up to RARE_ZIPF are precomputed
TITLE_SHARE = 0.6  # a line where this share of the words other than function words is capitalised is a title
GIVEN_SYLLABLE = 5  # letters of the longest syllable of a hyphened given name after its first (hwang, myung: 5)


class _Zipf:
    """Lowercased English word → zipf frequency, read off the segmenter's English list (wordfreq's large list):
    its compiled sorted list, which the segmenter holds anyway, rather than the list's dict (some 35 MB more)."""

    def __init__(self, freq: Any) -> None:
        self.freq = freq  # answers `get(word)` (None when not listed) and `word in`

    def __contains__(self, word: str) -> bool:
        return word in self.freq

    def __getitem__(self, word: str) -> float:
        f = self.freq.get(word)
        if f is None:
            raise KeyError(word)
        return math.log10(f) + 9

    def items(self) -> Iterator[tuple[str, float]]:
        """(word, zipf frequency) of every listed word, in the list's order (from its dict: for building tables)."""
        from mlkit.segment.lexicon import frequencies

        return ((w, math.log10(f) + 9) for w, f in frequencies("en").items())

    def get(self, word: str, default: float = 0.0) -> float:
        """The word's zipf frequency, or `default` when it is not listed."""
        f = self.freq.get(word)
        return default if f is None else math.log10(f) + 9


@cache
def english_freq() -> _Zipf:
    """Lowercased English word → zipf frequency (wordfreq's large list)."""
    from mlkit.segment.lexicon import lookup

    return _Zipf(lookup("en"))


@cache
def accepted_terms() -> frozenset[str]:
    """Lowercased DPRK names and terms, segment names, and every word of the gazetteer's English spellings."""
    words = {w.lower() for w in read_lines("noise/dprk_terms.txt")} | set(known_names())
    for _, spellings in gazetteer().values():
        for spelling in spellings:
            words.update(p.lower() for p in regex.split(r"[\s\-]+", spelling) if p)
    return frozenset(words)


@cache
def dprk_terms() -> frozenset[str]:
    """DPRK terms as written in data/noise/dprk_terms.txt (case kept: juche is a word, ro is not)."""
    return frozenset(read_lines("noise/dprk_terms.txt"))


@cache
def _letter_confusions() -> tuple[tuple[str, str], ...]:
    """The confusion pairs whose replacement is letters, lower-cased (what best_correction tries)."""
    return tuple((a.lower(), b.lower()) for a, b in confusions() if b.isalpha())


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
    f = freq.freq.get(lower)
    if f is not None:
        return math.log10(f) + 9  # (as freq[lower])
    if lower.endswith("'s"):
        return freq.get(lower[:-2], 0.0)
    return 0.0


@cache
def _confusions_by_first() -> dict[str, tuple[tuple[int, str, str], ...]]:
    """The letter confusions by the first character of what they replace: (order in the table, from, to)."""
    out: dict[str, list[tuple[int, str, str]]] = {}
    for k, (a, b) in enumerate(_letter_confusions()):
        out.setdefault(a[0], []).append((k, a, b))
    return {ch: tuple(v) for ch, v in out.items()}


def _pick(
    best: tuple[float, int, str] | None, cands: list[str], ranks: list[int], lower: str
) -> tuple[float, int, str] | None:
    """The commonest listed candidate (the lowest rank among equals), or `best` when none beats it."""
    freq = english_freq().freq
    for candidate, f, rank in zip(cands, map(freq.get, cands), ranks, strict=True):
        if f is not None and candidate != lower and len(candidate) >= 2:
            z = math.log10(f) + 9
            if best is None or z > best[0] or (z == best[0] and rank < best[1]):
                best = (z, rank, candidate)
    return best


@lru_cache(maxsize=100_000)
def _best_confusion(lower: str) -> tuple[float, int, str] | None:
    """(zipf, rank, word) of the commonest listed word one letter confusion from `lower`; a confusion's rank is its
    order in the table, then its position (the first of the commonest wins)."""
    by_first = _confusions_by_first()
    cands: list[str] = []
    ranks: list[int] = []
    width = len(lower) + 1
    for start, ch in enumerate(lower):
        for k, a, b in by_first.get(ch, ()):
            if lower.startswith(a, start):
                cands.append(lower[:start] + b + lower[start + len(a) :])
                ranks.append(k * width + start)
    return _pick(None, cands, ranks, lower)


@lru_cache(maxsize=100_000)
def best_correction(word: str, edits: bool = True) -> tuple[str, float] | None:
    """The most common word one OCR confusion (or, with `edits`, one letter dropped or added) away, with its zipf.

    Candidates count in the order: confusions (table order, left to right), then for each position the letter
    dropped there and the letters a-z added there (not between two equal letters); the first of the commonest
    wins. Added letters are looked up in mlkit.noise.lexindex rather than tried one by one (26 per position).
    The answers for the listed words that `judge` asks about most are read from `_corrections`.
    """
    lower = word.lower()
    known = _LOADED.get(lower)
    found = _correction(lower, edits) if known is None else known[edits]
    if found is None:
        return None
    return (found[0][:1].upper() + found[0][1:] if word[:1].isupper() else found[0]), found[1]


def _correction(lower: str, edits: bool) -> tuple[str, float] | None:
    """`best_correction` of a lowercase word, as (word, zipf)."""
    best = _best_confusion(lower)
    if edits:  # after every confusion, position i ranks 27 i for the letter dropped there, 27 i + 1 + (a..z) added
        n = len(lower)
        base = len(_letter_confusions()) * (n + 1)
        cands = [lower[:i] + lower[i + 1 :] for i in range(n)]
        ranks = list(range(base, base + 27 * n, 27))
        for j, w in insert_index().inserted(lower):
            if not (0 < j < n and lower[j] == lower[j - 1]):
                cands.append(w)
                ranks.append(base + 27 * j + ord(w[j]) - 96)
        best = _pick(best, cands, ranks, lower)
    if best is None or best[0] <= 0.0:
        return None
    return best[2], best[0]


Near = tuple[str, float, int]
# best_correction without and with edits, near_one, near_common (False: not kept; look it up), romanised-Korean shape
Corrections = tuple["tuple[str, float] | None", "tuple[str, float] | None", "Near | None", "Near | bool | None", bool]


# The corrections table once a text with at least TABLE_WORDS English words has asked for it (`want_corrections`);
# until then words are searched one by one (a text with a few English words does not pay for reading the table).
_LOADED: dict[str, Corrections] = {}
TABLE_WORDS = 2000


# judge's verdicts of the words of the corrections table, once loaded with it (`_verdicts`).
_VERDICTS: dict[str, tuple[Flag | None, ...]] = {}


# The words `_never_flagged` lets pass, once the verdicts are loaded (`_quiet_forms`).
_QUIET_FORMS: frozenset[str] = frozenset()


def want_corrections() -> None:
    """Read the corrections table (`_corrections`) for the searches from now on: the same answers, looked up; and
    the verdicts of `judge` on its words (`_verdicts`), with the words they let pass (`_quiet_forms`)."""
    global _LOADED, _VERDICTS, _QUIET_FORMS
    _LOADED = _corrections()
    _VERDICTS = _verdicts()
    _QUIET_FORMS = _quiet_forms()


@cache
def _quiet_forms() -> frozenset[str]:
    """The words `_never_flagged` says `judge` flags in no context, in lower case and capitalised (what running
    text has: nine in ten of its rare words), so that the lexicon sets them aside by one set lookup each. (Made
    once a process reads the verdicts, in some 50 ms: a capitalised form is kept when it is not a word of the table
    itself and lowers to the word again, which is `_never_flagged`'s rule; any other is asked of it.)"""
    verdicts = _verdicts()
    out = []
    for lower, known in verdicts.items():
        if known == _NO_FLAGS:
            out.append(lower)
            cap = lower[:1].upper() + lower[1:]
            if (cap not in verdicts and cap.lower() == lower) or _never_flagged(cap, cap.lower()):
                out.append(cap)
    return frozenset(out)


@cache
def _common_forms() -> frozenset[str]:
    """The words of `_common_words` in lower case, capitalised and in capitals, where their lower case is the
    common word again: a word spelt so is common without lowering it (one set lookup)."""
    return frozenset(f for w in _common_words() for f in _forms(w) if f.lower() in _common_words())


_NO_FLAGS: tuple[Flag | None, ...] = (None,) * 12


def _never_flagged(word: str, lower: str) -> bool:
    """Whether `_verdicts` says `judge` flags the word (`lower` in lower case) in no context, as `judge` reads it."""
    known = _VERDICTS.get(word)
    if known is not None:
        return known == _NO_FLAGS
    known = _VERDICTS.get(lower)
    return known == _NO_FLAGS and (word == lower[:1].upper() + lower[1:] or word == lower.upper())


def _forms(lower: str) -> tuple[str, str, str]:
    """The spellings of a listed word `_verdicts` holds verdicts for: lower case, capitalised, upper case."""
    return lower, lower[:1].upper() + lower[1:], lower.upper()


@cache
def _verdicts() -> dict[str, tuple[Flag | None, ...]]:
    """For every word of `_corrections` (listed, from TABLE_ZIPF up to RARE_ZIPF, without a curly apostrophe):
    `judge`'s verdict on it in lower case, capitalised and upper case, each not repeated and repeated, each whole
    and a piece (`names_likely` counts only for unlisted words): what a first reading of a text asks `judge` most.
    Built once into the table cache (after `_corrections`, whose answers it reads), keyed on every file the rules
    read (word lists, DPRK terms, the gazetteer, the romanised-Korean table, the confusions)."""
    from mlkit.resources import data_path
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import fingerprint, stored

    def build() -> dict[str, tuple[Flag | None, ...]]:
        global _LOADED
        _LOADED = _corrections()
        none = _NO_FLAGS
        out: dict[str, tuple[Flag | None, ...]] = {}
        for lower in _LOADED:
            if "’" in lower:
                continue
            found = tuple(
                _judge(form, repeated, False, piece)
                for form in _forms(lower)
                for repeated in (False, True)
                for piece in (False, True)
            )
            out[lower] = none if found == none else found
        return out

    here = Path(__file__).resolve()
    files = (
        here,
        here.with_name("lexindex.py"),
        here.parents[1] / "document.py",
        here.parents[1] / "korean" / "names.py",
        data_path("noise/latin_confusions.tsv"),
        data_path("noise/dprk_terms.txt"),
        data_path("korean/gazetteer.tsv"),
    )  # (the segmenter's lists, names.txt and korean_romanized.tsv among them, are in table_key)
    key = table_key() + fingerprint(files, ()) + f"|{TABLE_ZIPF}|{RARE_ZIPF}|{NEAR_ZIPF}"
    return stored("noise-verdicts", key, build)


@cache
def _corrections() -> dict[str, Corrections]:
    """For every listed word from TABLE_ZIPF up to RARE_ZIPF (the rare words of running text, which `judge` looks
    at most): its `best_correction` without and with edits, its `near_one`, whether it is of romanised-Korean shape,
    and for a long word of that shape its `near_common` (what `is_accepted` asks), in lower case. Built once from
    the word list into the table cache (some 93,000 words, about 5 s), so a first reading of a text looks them up
    instead of searching; a word outside the table is searched as before."""
    from mlkit.resources import data_path
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import fingerprint, stored

    def build() -> dict[str, Corrections]:
        words = [w for w, z in english_freq().items() if TABLE_ZIPF <= z < RARE_ZIPF]
        pattern = korean_name_pattern()
        same: dict[Any, Any] = {}  # equal answers as one object (the pickle keeps them shared): a third the memory
        out: dict[str, Corrections] = {}
        for w in words:
            shaped = pattern.fullmatch(w) is not None  # is_accepted asks near_common of long ones of this shape
            near = _near_common(w) if shaped and len(w) >= PATTERN_NEAR_LENGTH else False
            found = (_correction(w, False), _correction(w, True), _near_one(w), near)
            found = tuple(x if x is None or x is False else same.setdefault(x, x) for x in found)
            out[w] = same.setdefault((*found, shaped), (*found, shaped))
        return out

    here = Path(__file__).resolve()
    files = (here, here.with_name("lexindex.py"), data_path("noise/latin_confusions.tsv"))
    key = table_key() + fingerprint(files, ()) + f"|{TABLE_ZIPF}|{RARE_ZIPF}|{NEAR_ZIPF}"
    return stored("noise-corrections", key, build)


@cache
def _near_index() -> NearIndex:
    """The common words (zipf ≥ NEAR_ZIPF) under every form of them with up to two letters deleted, each with
    the number deleted, as SymSpell's symmetric-delete index: two words at most two edits apart share a key
    (mlkit.noise.lexindex, kept in the table cache)."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import fingerprint

    def common() -> list[str]:
        return [w for w, z in english_freq().items() if z >= NEAR_ZIPF and w.isalpha()]

    key = table_key() + fingerprint((Path(__file__).resolve(),), ()) + f"|{NEAR_ZIPF}"
    return near_index(common, key)


def edit_distance(a: str, b: str, limit: int = 2) -> int | None:
    """Levenshtein distance of two words when at most `limit`, else None (a band of the dynamic programme)."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None


def _distance(word: str, other: str, dropped: int, theirs: int) -> int:
    """The edit distance two different words sharing a key have, when the letters each dropped to reach it
    decide it (0 + 1 or 1 + 0: one; 0 + 2 or 2 + 0: two; 1 + 1: one substitution or two edits), else 3:
    not known without the dynamic programme."""
    if dropped + theirs == 1:
        return 1
    if dropped == theirs == 1:
        return 1 if sum(a != b for a, b in zip(word, other, strict=True)) == 1 else 2
    return 2 if dropped + theirs == 2 else 3


def _one_edit(lower: str, index: NearIndex) -> list[str]:
    """The common words exactly one edit from `lower`: through the keys `lower` and `lower` less one letter, each
    matched with the keys of words less at most one letter (a letter added, dropped, or changed)."""
    out = []
    keys = [lower, *(lower[:i] + lower[i + 1 :] for i in range(len(lower)))]
    found = index.lookup(keys)
    for c, theirs in found[0]:
        if theirs == 1:
            out.append(c)  # lower is c less one letter
    for hits in found[1:]:
        for c, theirs in hits:
            if theirs == 0 or (theirs == 1 and c != lower and sum(a != b for a, b in zip(lower, c, strict=True)) == 1):
                out.append(c)
    return out


@lru_cache(maxsize=50_000)
def near_one(word: str) -> tuple[str, float, int] | None:
    """`near_common` when its answer is one edit away, else None: what a caller that only acts on words one edit
    away asks, without the costlier search of words two edits away."""
    lower = word.lower()
    known = _LOADED.get(lower)
    found = _near_one(lower) if known is None else known[2]
    if found is None:
        return None
    return (found[0][:1].upper() + found[0][1:] if word[:1].isupper() else found[0]), found[1], 1


def _near_one(lower: str) -> tuple[str, float, int] | None:
    """`near_one` of a lowercase word."""
    if not lower.isalpha() or len(lower) < 3:
        return None
    one = _one_edit(lower, _near_index())
    if not one:  # the keys with one letter or none deleted find every word one edit away
        return None
    freq = english_freq()
    c = min(one, key=lambda c: (-freq[c], c))
    return c, freq[c], 1


@lru_cache(maxsize=50_000)
def near_common(word: str) -> tuple[str, float, int] | None:
    """The common word (zipf ≥ NEAR_ZIPF) fewest edits from `word` (two only with the same first letter), the
    commoner on a tie, then the first in alphabetical order: its spelling in the word's case, its zipf and the
    number of edits. Found through `_near_index`; the distance is read off the shared key where it can be, and
    the dynamic programme runs only for a candidate that could still win. Read from `_corrections` where it
    holds the answer."""
    lower = word.lower()
    known = _LOADED.get(lower)
    found = _near_common(lower) if known is None or known[3] is False else known[3]
    if found is None:
        return None
    return (found[0][:1].upper() + found[0][1:] if word[:1].isupper() else found[0]), found[1], found[2]


def _near_common(lower: str) -> tuple[str, float, int] | None:
    """`near_common` of a lowercase word."""
    if not lower.isalpha() or len(lower) < 3:
        return None
    one = _near_one(lower)
    if one is not None:  # a word one edit away beats any two away
        return one
    index, freq = _near_index(), english_freq()
    found: dict[str, int] = {}
    first = lower[0]  # none is one edit away, so only words with the same first letter can count
    forms = deletes(lower)
    for dropped, hits in zip(forms.values(), index.lookup(forms), strict=True):
        for c, theirs in hits:
            if c[0] == first and c != lower:
                d = _distance(lower, c, dropped, theirs)
                if d < found.get(c, 4):
                    found[c] = d
    ranked = sorted((d, -freq[c], c) for c, d in found.items() if d < 3 and (d == 1 or c[0] == lower[0]))
    best = ranked[0] if ranked else None
    if best is None or best[0] == 2:  # a word that only the programme can place may still be nearer or commoner
        for _, minus_z, c in sorted((3, -freq[c], c) for c, d in found.items() if d == 3 and c[0] == lower[0]):
            if best is not None and (minus_z, c) > (best[1], best[2]):
                break
            if edit_distance(lower, c) == 2:
                best = (2, minus_z, c)
                break
    if best is None:
        return None
    return best[2], -best[1], best[0]


def _korean_shaped(lower: str) -> bool:
    """Whether a lowercase word is made of romanised Korean syllables (read from `_corrections` where it can be)."""
    known = _LOADED.get(lower)
    return korean_name_pattern().fullmatch(lower) is not None if known is None else known[4]


@cache
def _very_common() -> dict[str, float]:
    """Listed word → zipf frequency of the words at least COMMON_ZIPF common (what split_merged joins), from the
    table cache."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import fingerprint, stored

    def build() -> dict[str, float]:
        return {w: z for w, z in english_freq().items() if z >= COMMON_ZIPF}

    key = table_key() + fingerprint((Path(__file__).resolve(),), ()) + f"|{COMMON_ZIPF}"
    return stored("noise-very-common", key, build)


def split_merged(word: str) -> str | None:
    """`in the` for `inthe`: an unknown lowercase word that is two very common words with the space lost."""
    if not word.islower() or len(word) < 4:
        return None
    very = _very_common()  # (both halves at least COMMON_ZIPF common)
    best: tuple[float, str] | None = None
    for i in range(1, len(word)):
        a, b = word[:i], word[i:]
        if len(a) + len(b) >= 4 and min(len(a), len(b)) >= 1 and a not in ("s",) and b not in ("s",):
            za, zb = very.get(a), very.get(b)
            if za is not None and zb is not None and (best is None or za + zb > best[0]):
                best = (za + zb, f"{a} {b}")
    return best[1] if best else None


def is_accepted(word: str) -> bool:
    """True for a DPRK name or term, or a capitalised word of romanised Korean syllables (Kwangmyongsong).

    A pattern-shaped word one glyph confusion from a common English word (Uuited → United) is not accepted.
    """
    lower = word.lower().replace("’", "'")
    base = lower[:-2] if lower.endswith("'s") else lower
    if base in accepted_terms():
        return True
    if not word[:1].isupper() or not _korean_shaped(base):
        return False
    fix = best_correction(base, edits=False)
    if fix is not None and fix[1] >= 5.0:
        return False
    near = near_common(base) if len(base) >= PATTERN_NEAR_LENGTH else None
    return near is None or near[1] < PATTERN_NEAR_ZIPF  # Japansise is Japanese misread, not a Korean name


@lru_cache(maxsize=1 << 16)
def judge(word: str, repeated: bool = False, names_likely: bool = False, piece: bool = False) -> Flag | None:
    """An English-lexicon flag for one word (offsets 0-based within the word), or None when it looks right: see
    `_judge`; read from `_verdicts` for a listed rare word in lower case, capitalised or upper case once the table
    is loaded. Pure, so its verdicts are kept (a bounded cache: running text repeats its words)."""
    if _VERDICTS:
        known = _VERDICTS.get(word)
        if known is None:
            lower = word.lower()
            known = _VERDICTS.get(lower)
            if known is not None:
                form = 1 if word == lower[:1].upper() + lower[1:] else 2 if word == lower.upper() else -1
                if form >= 0:
                    return known[form * 4 + 2 * bool(repeated) + bool(piece)]
        else:
            return known[2 * bool(repeated) + bool(piece)]
    return _judge(word, repeated, names_likely, piece)


def _judge(word: str, repeated: bool = False, names_likely: bool = False, piece: bool = False) -> Flag | None:
    """An English-lexicon flag for one word (offsets 0-based within the word), or None when it looks right.

    `repeated`: the document uses the word elsewhere too, so a rare but real word (theses) is not a misreading;
    `names_likely`: the word stands where names are (a title-case line, a possessive), which counts only for an
    unlisted capitalised word (`_names_matter` says which: keep the two in step); `piece`: it is part of a word
    broken by a line-end hyphen (tion), so its rarity says nothing.
    """
    z = zipf(word)
    if len(word) < 2 or len(word) > MAX_WORD or z >= RARE_ZIPF:  # (`_common`, with the zipf looked up once)
        return None  # (a common word: no rule below flags it; they all need z below RARE_ZIPF or SHORT_ZIPF)
    if not word.isascii() and _HANGUL.search(word):
        return None  # a Korean word the segmenter left in an English run (죽은 시인의 사회 in a list of titles)
    short = len(word) <= 4 and word.islower()
    if is_accepted(word) and not (short and word not in dprk_terms()):
        return None  # names are accepted in any case, but lowercase ro, li in running text are not the names Ro, Li
    capital = word[:1].isupper()
    plain = _unaccented(word)
    if z == 0.0 and plain != word and zipf(plain) >= ACCENT_ZIPF:
        return Flag(0, len(word), "english-ocr", 0.8, f"{word} is the English word {plain} with a stray accent", plain)
    merged = split_merged(word) if z < 3.0 else None
    if merged is not None:
        return Flag(0, len(word), "merged-words", 0.7, f"{word} reads as two words run together: {merged}", merged)
    if z == 0.0:
        fix = best_correction(word)
        if capital and not word.isupper():
            if fix is None or fix[1] < 3.0:
                near = near_common(word) if not repeated and len(word) >= 4 else None
                if near is not None and (near[2] == 1 or not names_likely):  # names stand in titles (Hantec)
                    return Flag(
                        0, len(word), "english-ocr", 0.55,
                        f"{word} is neither an English word nor a known name; {near[0]} is {near[2]} letters away",
                        near[0],
                    )  # fmt: skip
                if repeated or names_likely or len(word) < 4:
                    return None  # a capitalised word the text repeats, or in a title or a possessive, is a name
                return Flag(
                    0, len(word), "english-unknown", NAME_SCORE,
                    f"{word} is neither an English word nor a name known or repeated in this text",
                )  # fmt: skip
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
        fix = glyph if glyph is not None and glyph[1] - z >= need else None
        edit = best_correction(word) if fix is None else None  # a dropped or added letter is weaker evidence
        if edit is not None and edit[1] - z >= need + 0.5:  # (fare/are): ask for more
            fix = edit
        near = near_one(word) if fix is None and not capital else None  # capitalised: often a name (Thuy)
        if near is not None and near[2] == 1 and near[1] >= NEAR_GAIN and near[1] - z >= need + 0.5:
            fix = near[:2]  # one letter misread (stata → state), not in the confusion list
        if fix is not None and fix[1] >= 4.5:
            return Flag(
                0, len(word), "english-ocr", 0.5,
                f"{word} is a rare word; the common {fix[0]} is one OCR confusion away", fix[0],
            )  # fmt: skip
    two = len(word) == 2 and word.islower() and z < TWO_LETTER_ZIPF
    if short and (two or (z < SHORT_ZIPF and not repeated)) and not piece:
        fix = best_correction(word)
        hint = f"; {fix[0]} is one edit away" if fix is not None and fix[1] >= 5.0 else ""
        return Flag(
            0, len(word), "english-rare", 0.6 if z < 3.0 else 0.4,
            f"{word} is a very rare short word in running English (OCR makes them of common ones){hint}",
            fix[0] if hint and fix is not None else None,
        )  # fmt: skip
    return None


def _names_matter(word: str) -> bool:
    """Whether `judge`'s verdict on the word (or on a part of it between hyphens) may depend on `names_likely`:
    only for a capitalised word that is not all capitals and not listed (see `_judge`), so the title lines are
    looked at for such words only."""
    return any(
        part[:1].isupper() and not part.isupper() and zipf(part) == 0.0
        for part in (_PARTS.findall(word) if "-" in word else (word,))
    )


def _common(word: str) -> bool:
    """Whether `judge` lets the word pass before it looks at its context: too short, too long, or common."""
    return len(word) < 2 or len(word) > MAX_WORD or zipf(word) >= RARE_ZIPF


def _unaccented(word: str) -> str:
    """The word with the accents of its letters dropped (closé → close)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _accented_english(text: str, span: Span) -> bool:
    """A one-word Latin run labelled with another language that is an English word with a stray accent (closé in
    English text reads as French): English misread, to be checked with the rest."""
    if span.kind != "run" or span.script != "Latin" or span.lang == "en":
        return False
    words = _WORD.findall(text, span.start, span.end)
    return len(words) == 1 and not words[0].isascii() and zipf(_unaccented(words[0])) >= ACCENT_ZIPF + 1.0


def _mislabelled(text: str, span: Span) -> bool:
    """A short Latin run (at most MISLABELLED_WORDS words) with letters outside ASCII labelled with another language
    in English text: OCR's stray accents and garbled letters make the language guesser call English words French
    or Portuguese (gréatest'of Ronie's, inuidatéd, éxchange-ini), so its words are checked as English. (Short ASCII
    runs are `main_runs`' already; clean English has almost no such runs: none in kpc-nk's English.)"""
    if span.kind != "run" or span.script != "Latin" or span.lang == "en":
        return False
    stretch = text[span.start : span.end]
    if stretch.isascii() or _OTHER_SCRIPT_LETTER.search(stretch):  # (Pyongyаng with a Cyrillic а: mixed script)
        return False
    return 0 < len(_WORD.findall(stretch)) <= MISLABELLED_WORDS


def find_english_lexicon(doc: Document, stats: DocumentStats | None = None) -> Iterator[Flag]:
    """Flags for English words out of vocabulary (not DPRK names or terms) or likely misread common words.

    `stats` holds the word counts over the whole document when `doc` is one window of it. Most words are common
    ones that `judge` lets pass whatever their context: they are set aside first, by set lookups (`_common_words`),
    and the lines, titles and counts are only looked at for the others.
    """
    text = doc.text
    words, starts = english_word_starts(doc)
    if len(words) >= TABLE_WORDS:
        want_corrections()
    common = _common_words()
    quiet: dict[str, bool] = {}  # words that no rule of `judge` flags, whatever the context (common words)
    titles: _Titles | None = None
    entities, hyphens = "&" in text, "-\n" in text  # (an entity's name and a line-end hyphen need them)
    # The rare words: those whose lowercase form is not in `common` (a word in it, listed and at least RARE_ZIPF
    # common, passes: `_common`); the words spelt as a common word is in lower case, capitalised or in capitals
    # are set aside first, without lowering them (`_common_forms`).
    rare = list(compress(range(len(words)), map(not_, map(_common_forms().__contains__, words))))
    lowers = list(map(str.lower, map(words.__getitem__, rare)))
    keep = list(map(not_, map(common.__contains__, lowers)))
    rare, lowers = list(compress(rare, keep)), list(compress(lowers, keep))
    # (a word's count: every word with its lowercase form is rare too, so counting the rare ones is enough)
    counts = Counter(lowers) if stats is None else stats.english
    if _QUIET_FORMS:  # the words `_never_flagged` lets pass, by one lookup in the large set per distinct word
        passing = _QUIET_FORMS & set(map(words.__getitem__, rare))  # (`_quiet_forms`; & looks up the smaller)
        keep = list(map(not_, map(passing.__contains__, map(words.__getitem__, rare))))
        rare, lowers = list(compress(rare, keep)), list(compress(lowers, keep))
    for k, lower in zip(rare, lowers, strict=True):
        word = words[k]
        silent = quiet.get(word)
        if silent is None:
            if "'" in lower or "’" in lower or "-" in lower:
                silent = all(_common(part.group()) for part in _PARTS.finditer(word))
            else:  # not in `common`, so unlisted or rarer than RARE_ZIPF: `_common` looks at its length only
                silent = len(word) < 2 or len(word) > MAX_WORD
            quiet[word] = silent = silent or (bool(_VERDICTS) and _never_flagged(word, lower))
        if silent:
            continue
        start = starts[k]
        end = start + len(word)
        if text[start - 1 : start] == "-" and _given_syllable(words, starts, k):
            continue  # the second syllable of a hyphened given name (Myung-bak, Geun-hye): a name, not a misreading
        if entities and (text[end : end + 1] == "&" or text[start - 1 : start] in ("&", ";")):  # (_by_entity needs
            if _by_entity(text, start, end):  # an & after the word, or an & or ; before it)
                continue  # a word cut by an HTML entity (jalape&ntilde;o): the markup flag says what is wrong
        piece = hyphens and text[max(0, start - 2) : start] == "-\n"
        names = word.endswith(("'s", "’s"))
        if not names and _names_matter(word):
            titles = titles or _Titles(text, starts, words)
            names = titles.of(start)
        repeated = counts[lower] > 1
        for part in _PARTS.finditer(word) if "-" in word else (None,):
            flag = judge(word if part is None else part.group(), repeated, names, piece)
            if flag is not None:
                s = start + (0 if part is None else part.start())
                yield Flag(s + flag.start, s + flag.end, flag.kind, flag.score, flag.reason, flag.suggestion)


def _given_syllable(words: list[str], starts: list[int], k: int) -> bool:
    """Whether word `k`, after a hyphen, is a syllable of a romanised given name (Lee Myung-bak, Park Geun-hye, Hwang
    Woo-suk): lowercase, of GIVEN_SYLLABLE letters at most, after a capitalised syllable joined by the hyphen,
    both of the shape of romanised Korean syllables."""
    if not k or starts[k - 1] + len(words[k - 1]) != starts[k] - 1:
        return False
    first, second = words[k - 1], words[k]
    return (
        len(second) <= GIVEN_SYLLABLE
        and len(first) <= GIVEN_SYLLABLE + 1
        and second.isascii()
        and second.islower()
        and first[:1].isupper()
        and first[1:].islower()
        and _korean_shaped(first.lower())
        and _korean_shaped(second)
    )


@cache
def _common_words() -> frozenset[str]:
    """The listed words at least RARE_ZIPF common (without a curly apostrophe, which `zipf` would straighten): the
    words `_common` lets pass, found by one set lookup of the lowercased word (from the table cache)."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import fingerprint, stored

    def build() -> frozenset[str]:
        return frozenset(w for w, z in english_freq().items() if z >= RARE_ZIPF and "’" not in w)

    key = table_key() + fingerprint((Path(__file__).resolve(),), ()) + f"|{RARE_ZIPF}"
    return stored("noise-common-words", key, build)


def _by_entity(text: str, start: int, end: int) -> bool:
    """Whether the word at [start, end) is an HTML entity's name or touches one (jalape&ntilde;os)."""
    if _ENTITY.match(text, end) or (text[start - 1 : start] == "&" and text[end : end + 1] == ";"):
        return True
    return text[start - 1 : start] == ";" and _ENTITY_BEFORE.search(text, max(0, start - 12), start) is not None


def english_words(doc: Document) -> list[regex.Match[str]]:
    """The words of the document's English runs (main-language Latin runs when English is the main language)."""
    return [m for run in _english_runs(doc) for m in _WORD.finditer(doc.text, run.start, run.end)]


def _english_runs(doc: Document) -> list[Span]:
    """The document's English runs, in text order (main-language Latin runs when English is the main language)."""
    if doc.meta.get("main_lang", "en") == "en":
        runs = list(main_runs(doc, known=lambda w: zipf(w) > 0 or is_accepted(w)))
        if not doc.text.isascii():  # (the runs of both checks hold a letter outside ASCII)
            taken = {(s.start, s.end) for s in runs}
            runs += [
                s for s in doc.spans
                if (s.start, s.end) not in taken and (_accented_english(doc.text, s) or _mislabelled(doc.text, s))
            ]  # fmt: skip
        runs.sort(key=lambda s: s.start)
        return runs
    return list(lang_runs(doc, "en"))


def english_word_starts(doc: Document) -> tuple[list[str], list[int]]:
    """The words of `english_words` and their start offsets, without a match object for each: the runs split by
    the word pattern (words at the odd places), the offsets summed from the lengths of the pieces. Found once per
    document while the detectors read it (`kept`: the lexicon and the real-word detector both read them; the
    same lists again, which callers do not change)."""
    return kept("english-words", doc, lambda: _english_word_starts(doc))


def _english_word_starts(doc: Document) -> tuple[list[str], list[int]]:
    """`english_word_starts`, found."""
    text = doc.text
    words: list[str] = []
    starts: list[int] = []
    for run in _english_runs(doc):
        a, b = run.start, run.end
        if a > 0 and _LETTER_OR_DIGIT.match(text, a - 1):  # (a word at the run's start would need what is before)
            found = list(_WORD.finditer(text, a, b))
            words += [m.group() for m in found]
            starts += [m.start() for m in found]
            continue
        for at, chunk in _ascii_chunks(text[a:b]):
            plain = chunk.isascii() or _OTHER_WORD_CHAR.search("".join(_NON_ASCII.findall(chunk))) is None
            pieces = (_ASCII_WORD_SPLIT if plain else _WORD_SPLIT).split(chunk)
            words += pieces[1::2]
            starts += islice(accumulate(map(len, pieces), initial=a + at), 1, len(pieces), 2)
    return words, starts


def _ascii_chunks(stretch: str) -> list[tuple[int, str]]:
    """The stretch cut at line starts into (offset, piece): runs of whole ASCII lines, and the lines holding other
    characters, so that most of it is split by the faster engine (a word never spans a line break)."""
    if stretch.isascii():
        return [(0, stretch)]
    lines = stretch.split("\n")
    at_line = list(accumulate(map((1).__add__, map(len, lines)), initial=0))  # (where each line starts)
    out: list[tuple[int, str]] = []
    at = 0
    for k in compress(range(len(lines)), map(not_, map(str.isascii, lines))):  # (the lines with other characters)
        start, end = at_line[k], min(at_line[k + 1], len(stretch))
        if start > at:
            out.append((at, stretch[at:start]))
        out.append((start, stretch[start:end]))
        at = end
    if at < len(stretch):
        out.append((at, stretch[at:]))
    return out


def count_english(doc: Document, stats: DocumentStats) -> None:
    """Add the English words of `doc` that start in the window's own stretch to the document's counts."""
    for m in english_words(doc):
        if stats.lo <= m.start() < stats.hi:
            count(stats.english, m.group().lower())


class _Titles:
    """Which lines are titles: lines where most words are capitalised (titles, link lists: names abound there)."""

    def __init__(self, text: str, starts: list[int], words: list[str]) -> None:
        self.words, self.starts = words, starts
        self.breaks = [b.start() for b in _NEWLINE.finditer(text)]
        self.known: dict[int, bool] = {}

    def of(self, at: int) -> bool:
        """Whether the line holding offset `at` is a title."""
        line = bisect.bisect_left(self.breaks, at)
        found = self.known.get(line)
        if found is None:
            breaks, starts = self.breaks, self.starts
            lo = bisect.bisect_right(starts, breaks[line - 1]) if line > 0 else 0
            hi = bisect.bisect_right(starts, breaks[line]) if line < len(breaks) else len(starts)
            in_small = list(map(function_words().__contains__, map(str.lower, self.words[lo:hi])))  # (of, the)
            total = hi - lo - sum(in_small)
            caps = sum(map(and_, map(str.isupper, map(itemgetter(0), self.words[lo:hi])), map(not_, in_small)))
            found = self.known[line] = total >= 3 and caps >= TITLE_SHARE * total
        return found
