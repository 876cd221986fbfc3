"""Real-word OCR errors: a listed English word that its neighbours make improbable when a word one OCR confusion
or one edit away is far more probable there (`wall` for `will`, `hot` for `not`, `aid` for `said`).

Each lowercase word of the English runs is weighed against its neighbours (data/noise/realword_words.tsv,
built by tools/build_realword_bigrams.py) with word-pair counts of published English (realword_bigrams.tsv,
from symspellpy's Google Books Ngram tables): the word x between `a` and `b` scores
log count(a x) + log count(x b) − log count(x) (so P(x | a, b) up to a constant), a pair the table lacks
counting as a rare one. A flag needs the neighbour to win by at least MARGIN (log10) over the word as read,
after paying for the misreading it needs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path

import regex

from mlkit.document import Document, Flag
from mlkit.noise.packed import PackedCounts
from mlkit.noise.stats import DocumentStats

KIND = "real-word"
# log10 cost of a misreading: one pair of the OCR confusion table is cheap, any other one-letter edit dearer.
CONFUSION_COST = 1.5
EDIT_COST = 2.5
NUMBER_COST = 4.0  # a plural s gained or lost, or a British for an American spelling, is the writer's choice
_VARIANTS = (("ce", "se"), ("ise", "ize"), ("our", "or"), ("re", "er"), ("ll", "l"))  # defence/defense, ...
COMMONER = 1.0  # a near word is weighed only when this much (log10) commoner: misreadings make rarer words
MARGIN = 1.0  # the neighbour must be this much (log10) more probable in context than the word as read
UNSEEN = 6.5  # log10 count of a pair the table lacks is at most this (its rarest listed pairs count 6.8) ...
CHANCE = 8.0  # ... and at most the sum of the two words' log10 counts (zipf for the neighbour) less this
SCORES = ((1.5, 0.9), (MARGIN, 0.8))  # (margin from, score): the share confirmed on real OCR
# `an` before a lowercase word opening with a consonant (pressure an crude prices): English writes a there, so the
# an is a misread on, and or a; a common word after it is no letter name or symbol (an s, an mp3).
ARTICLE_SCORE = 0.8
ARTICLE_ZIPF = 3.0
_AN = re.compile(r"an ([bcdfgjklmnpqrstvwyz][a-z]+)(?![A-Za-z'’-])")  # (a literal start: searched fast)
_NOT_BEFORE_AN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'’-")
_SPLIT = re.compile(r"([A-Za-z]+(?:['’][A-Za-z]+)*)")  # words (judged words are ASCII; neighbours any case)
_GAP = re.compile(r"[ \t]+|[ \t]*\n[ \t]*")  # words are neighbours across spaces and one line break
_SPACES = frozenset(" \t\n")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# A word of `_SPLIT` ending where a match (searched backwards) is anchored: no letter, nor a letter and an
# apostrophe, before it (then it would be part of a longer word).
_CHAIN_BEFORE = regex.compile(r"(?r)(?<![A-Za-z])(?<![A-Za-z]['’])[A-Za-z]+(?:['’][A-Za-z]+)*")


@cache
def _words() -> dict[str, tuple[float, tuple[tuple[str, float, float], ...]]]:
    """Word → (log10 count, the words one OCR confusion or one edit away that are COMMONER more common, each with
    its log10 count and the cost of misreading it as the word), built once into the table cache."""
    from mlkit.resources import data_path, iter_tsv
    from mlkit.tablecache import fingerprint, stored

    def build() -> dict[str, tuple[float, tuple[tuple[str, float, float], ...]]]:
        rows = [(w, float(z), n.split(",") if n else []) for w, z, n in iter_tsv("noise/realword_words.tsv")]
        count = {w: z for w, z, _ in rows}
        return {w: (z, tuple((c, count[c], _cost(w, c)) for c in near if count[c] >= z + COMMONER))
                for w, z, near in rows}

    paths = (data_path("noise/realword_words.tsv"), data_path("noise/latin_confusions.tsv"), Path(__file__).resolve())
    return stored("noise-realword-words", fingerprint(paths, ()), build)


@cache
def _judged() -> frozenset[str]:
    """The words that have a near word to weigh them against (most of the commonest have none), of the shape
    `_SPLIT` finds (all of the table's: lowercase letters)."""
    return frozenset(w for w, (_, near) in _words().items() if near and _SPLIT.fullmatch(w))


@cache
def _pairs() -> PackedCounts:
    """'a b' → log10 count of the word pair: sorted keys and counts mapped from the table cache
    (mlkit.noise.packed; a dict of the pairs held 22 MB in every process that reads English)."""
    from mlkit.noise.packed import pack
    from mlkit.resources import data_path, iter_tsv
    from mlkit.tablecache import fingerprint, stored_buffers

    def build() -> tuple[bytes, bytes]:
        return pack((f"{a} {b}", float(z)) for a, b, z in iter_tsv("noise/realword_bigrams.tsv"))

    path = data_path("noise/realword_bigrams.tsv")
    files = (path, Path(__file__).resolve(), Path(__file__).with_name("packed.py").resolve())
    return PackedCounts(*stored_buffers("noise-realword-pairs", fingerprint(files, ("numpy",)), build))


@lru_cache(maxsize=1 << 16)
def _pair(text: str) -> float | None:
    """The log10 count of the word pair 'a b', None when the table lacks it; kept, as the same pairs come back."""
    return _pairs().get(text)


@cache
def _confusions() -> frozenset[tuple[str, str]]:
    """Lowercase letter groups OCR confuses, both ways (data/noise/latin_confusions.tsv)."""
    from mlkit.noise.english import confusions

    return frozenset((a.lower(), b.lower()) for a, b in confusions())


def _cost(read: str, meant: str) -> float:
    """log10 cost of reading `meant` as `read`: cheap when one pair of the confusion table explains it."""
    if read == meant + "s" or meant == read + "s" or _variant(read, meant):
        return NUMBER_COST
    return CONFUSION_COST if _one_confusion(read, meant) else EDIT_COST


def _one_confusion(read: str, meant: str) -> bool:
    """Whether replacing one letter group of `meant` by its pair in the confusion table gives `read`: the group
    starts at most the longest group's length before the first letter that differs, and what follows it is
    what follows in `read` (a few set lookups, not a search for every pair)."""
    pairs, longest = _confusions(), _longest()
    same = next((i for i, (x, y) in enumerate(zip(read, meant, strict=False)) if x != y), min(len(read), len(meant)))
    for at in range(max(0, same - longest + 1), same + 1):
        for size in range(1, min(longest, len(meant) - at) + 1):
            tail = len(meant) - at - size
            if tail > len(read) - at or (tail and read[len(read) - tail :] != meant[at + size :]):
                continue
            if (meant[at : at + size], read[at : len(read) - tail]) in pairs:
                return True
    return False


@cache
def _longest() -> int:
    """The longest letter group of the confusion table."""
    return max(len(a) for a, _ in _confusions())


def _variant(read: str, meant: str) -> bool:
    """Whether two words are one word in British and American spelling (defence/defense, centre/center)."""
    for a, b in _VARIANTS:
        for x, y in ((a, b), (b, a)):
            at = read.find(x)
            while at >= 0:
                if read[:at] + y + read[at + len(x) :] == meant:
                    return True
                at = read.find(x, at + 1)
    return False


def _fit(
    word: str,
    before: tuple[str, float] | None,
    after: tuple[str, float] | None,
    z: float,
    known: tuple[float | None, float | None] | None = None,
) -> float:
    """log10 P(word | neighbours) up to a constant shared by every word compared in the same place; a pair the
    table lacks counts as rarer than its rarest pair, and no more than the two words' counts make it by chance.
    `known`: the counts of the word's two pairs (None when not in the table), when already looked up."""
    score = 0.0
    sides = 0
    if before is not None:
        count = known[0] if known is not None else _pair(f"{before[0]} {word}")
        score += count or min(UNSEEN, z + before[1] - CHANCE)
        sides += 1
    if after is not None:
        count = known[1] if known is not None else _pair(f"{word} {after[0]}")
        score += count or min(UNSEEN, z + after[1] - CHANCE)
        sides += 1
    return score - (sides - 1) * z


@lru_cache(maxsize=1 << 16)
def _zipf(word: str) -> float:
    """The neighbour's zipf frequency (0 when unknown), kept: the same neighbours (the, of, and) come back."""
    from mlkit.noise.english import zipf

    return zipf(word)


def judge(word: str, before: str | None, after: str | None) -> tuple[str, float] | None:
    """(the likelier word, margin in log10) when the neighbours make `word` improbable next to a near word."""
    zipf = _zipf
    words = _words()
    entry = words.get(word)
    if entry is None:
        return None
    left_pair = _pair(f"{before} {word}") if before is not None else None  # (each pair looked up once)
    right_pair = _pair(f"{word} {after}") if after is not None else None
    left_count = (left_pair or 0.0) if before is not None else None
    right_count = (right_pair or 0.0) if after is not None else None
    if (left_count is None or left_count) and (right_count is None or right_count):
        return None  # every side of the word is a listed pair (or none is a word): it reads well where it stands
    left = (before, zipf(before)) if before is not None else None
    right = (after, zipf(after)) if after is not None else None
    left = left if left is not None and left[1] > 0 else None  # an unknown neighbour says nothing
    right = right if right is not None and right[1] > 0 else None
    if left is None and right is None:
        return None
    if (left is None or left_pair is not None) and (right is None or right_pair is not None):
        return None
    own = _fit(word, left, right, entry[0], (left_pair, right_pair))
    best: tuple[str, float] | None = None
    for other, count, cost in entry[1]:
        gain = _fit(other, left, right, count) - own - cost
        if gain >= MARGIN and (best is None or gain > best[1]):
            best = (other, gain)
    return best


def _before(text: str, at: int, lo: int) -> str | None:
    """The lowercased word of `_SPLIT` that ends where only spaces (or one line break) separate it from `at`,
    when it starts at `lo` or later: the word before the one at `at` in a split of the whole text, found from the
    text around it (the word before a split word is the longest chain of letters and apostrophes ending there)."""
    q = at
    while q and text[q - 1] in _SPACES:
        q -= 1
    if q == at or not q or text[q - 1] not in _LETTERS:  # (a mark or the text's start before the word)
        return None
    gap = text[q:at]
    if gap != " " and not _GAP.fullmatch(gap):
        return None
    m = _CHAIN_BEFORE.match(text, 0, q)
    return None if m is None or m.start() < lo else m.group().lower()


def _after(text: str, end: int, hi: int) -> str | None:
    """The lowercased word of `_SPLIT` that starts where only spaces (or one line break) separate it from `end`,
    when it ends at `hi` or earlier (the word after the one ending at `end` in a split of the whole text)."""
    r = end
    n = len(text)
    while r < n and text[r] in _SPACES:
        r += 1
    if r == end or r == n or text[r] not in _LETTERS:
        return None
    gap = text[end:r]
    if gap != " " and not _GAP.fullmatch(gap):
        return None
    m = _SPLIT.match(text, r)  # (a word starts at r: a space is before it)
    return None if m is None or m.end() > hi else m.group().lower()


def _english_runs(doc: Document) -> tuple[list[int], list[int]]:
    """Starts and ends of the English runs (main-language Latin runs when English is the main language)."""
    from mlkit.noise.base import lang_runs, main_runs

    runs = main_runs(doc) if doc.meta.get("main_lang", "en") == "en" else lang_runs(doc, "en")
    spans = sorted((s.start, s.end) for s in runs)
    return [a for a, _ in spans], [b for _, b in spans]


def find_real_words(doc: Document, stats: DocumentStats | None = None) -> Iterator[Flag]:
    """Flags for English words that read as a misreading of a near word their neighbours make far likelier."""
    yield from _articles(doc)
    for at, end, word, before, after in weighed(doc):
        found = judge(word, before, after)
        if found is None:
            continue
        other, gain = found
        score = next(s for lo, s in SCORES if gain >= lo)
        context = " … ".join(x for x in (before and f"{before} {other}", after and f"{other} {after}") if x)
        yield Flag(
            at, end, KIND, score,
            f"{word} reads as a misreading of {other}: '{context}' is about {10**gain:.0f} times likelier here",
            other,
        )  # fmt: skip


def _articles(doc: Document) -> Iterator[Flag]:
    """Flags for `an` before a lowercase word that opens with a consonant sound (pressure an crude prices): a
    consonant letter other than h (an hour) and x (an x-ray), in a listed word of two letters or more that no
    hyphen or apostrophe carries on (an f-stop), in an English run."""
    text = doc.text
    if " an " not in text:
        return
    starts, ends = _english_runs(doc)
    for m in _AN.finditer(text):
        after = m.group(1)
        if m.start() and text[m.start() - 1] in _NOT_BEFORE_AN:
            continue  # (part of a longer word: plan, Sudan)
        run = bisect_right(starts, m.start()) - 1
        if run < 0 or m.end() > ends[run] or _zipf(after) < ARTICLE_ZIPF:
            continue
        yield Flag(
            m.start(), m.start() + 2, KIND, ARTICLE_SCORE,
            f"an before a consonant ({after}), which takes a: a misreading of on, and or a", "on",
        )  # fmt: skip


def weighed(doc: Document) -> Iterator[tuple[int, int, str, str | None, str | None]]:
    """(start, end, word, the lowercased word before, the one after) of every word to weigh: the words of a split
    of the text by `_SPLIT` that lie in an English run, have a near word to weigh them against, are not accepted
    terms and are not glued to a letter, digit, hyphen or apostrophe; a neighbour is the word of that split next
    to it in the same run when only spaces (or one line break) separate them, else None.

    Those words are exactly the words of the English lexicon's split (`english_word_starts`, which this reads
    rather than splitting the text again) that have a near word, found by set lookups (most words are not judged
    at all: the detector must cost little next to the lexicon's checks); their neighbours are read from the text
    around them (`_before`, `_after`)."""
    from mlkit.noise.english import accepted_terms, english_word_starts

    text = doc.text
    starts, ends = _english_runs(doc)
    if not starts:
        return
    words, at_word = english_word_starts(doc)  # (its runs hold these runs; a word of _SPLIT not glued is one)
    accepted = accepted_terms()
    last = len(words) - 1
    for k in compress(range(len(words)), map(_judged().__contains__, words)):
        word = words[k]
        at = at_word[k]
        end = at + len(word)
        run = bisect_right(starts, at) - 1
        if run < 0 or end > ends[run] or word in accepted or _glued(text, at, end):
            continue
        lo, hi = starts[run], ends[run]
        # Most neighbours are the lexicon's words one space away, and then the same words (ASCII, no longer chain
        # of letters and apostrophes through the space's other side): read from its list, else from the text.
        prev, s = (words[k - 1], at_word[k - 1]) if k else ("", -2)
        if s + len(prev) == at - 1 and s >= lo and text[at - 1] == " " and prev.isascii() and not _chained(text, s - 1):
            before = prev.lower()
        else:
            before = _before(text, at, lo)
        nxt, s = (words[k + 1], at_word[k + 1]) if k < last else ("", -2)
        e = s + len(nxt)
        if s == end + 1 and e <= hi and text[end] == " " and nxt.isascii() and not _chained(text, e, 1):
            after = nxt.lower()
        else:
            after = _after(text, end, hi)
        yield at, end, word, before, after


def _chained(text: str, mark: int, side: int = -1) -> bool:
    """Whether an apostrophe at `mark` with a letter beside it (before it, or after it with `side` 1) carries a word
    of `_SPLIT` on past a word of the lexicon's split (9x'ab, ab'c9: their words are ab, `_SPLIT`'s x'ab, ab'c)."""
    return 0 <= mark + side < len(text) and 0 <= mark and text[mark] in "'’" and text[mark + side] in _LETTERS


def _glued(text: str, start: int, end: int) -> bool:
    """Whether the word touches a letter, digit or hyphen (a piece of a longer token: a9, co-operate, naïve)."""
    return (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’")) or (
        end < len(text) and (text[end].isalnum() or text[end] in "-'’")
    )
