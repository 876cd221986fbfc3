"""How much a Hangul word looks like a transliterated name: a syllable-pair model of proper names.

OCR garbles Korean into words the analyser does not know (이머깐깥, 폭단데너메서); foreign names written in
Hangul are unknown to it too (올메르트, 이타르타스, 음베키). The two differ in shape: names are strings of the
syllables transliteration uses, in the orders it uses them. data/noise/hangul_name_bigrams.tsv counts syllable
pairs over some 240,000 proper-name parts of kiwipiepy_model's own dictionaries (tools/build_name_shape.py; no
OCR text), and `name_shape` gives a word's mean log-probability per syllable pair under that model (Witten-Bell
interpolation with the single-syllable counts): about -4 for a name, below -5 for most garbled words.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

from mlkit.resources import data_path, iter_tsv

TABLE = "noise/hangul_name_bigrams.tsv"
NAME_LIKE = -5.0  # a mean log-probability at least this high reads as a name (fitted on the tuning half)
_UNSEEN = 0.5  # pseudo-count of a syllable the names never use


@cache
def _model() -> tuple[dict[str, int], dict[int, int], dict[str, int], int] | None:
    """Single-syllable counts, pair counts (keyed by `_pair`: a tuple of two one-syllable strings takes some five
    times the memory), how many kinds of syllable follow each one, and the total."""
    if not data_path(TABLE).exists():
        return None
    uni: dict[str, int] = {}
    bi: dict[int, int] = {}
    follow: dict[str, int] = {}
    for row in iter_tsv(TABLE):  # read once, not kept as rows
        if row[0] == "uni":
            uni[row[1]] = int(row[2])
        else:
            bi[_pair(row[1], row[2])] = int(row[3])
            follow[row[1]] = follow.get(row[1], 0) + 1
    return uni, bi, follow, sum(uni.values())


def _pair(a: str, b: str) -> int:
    """Two syllables (or ^ and $) as one number."""
    return ord(a) << 21 | ord(b)


@lru_cache(maxsize=50_000)
def name_shape(word: str) -> float | None:
    """Mean log-probability per syllable pair of `word` under the names model (None without the table)."""
    model = _model()
    if model is None or not word:
        return None
    uni, bi, follow, total = model
    kinds = len(uni) + 1
    s = f"^{word}$"
    logp = 0.0
    for a, b in zip(s, s[1:], strict=False):
        count_a = uni.get("$" if a == "^" else a, 0)  # every word starts once and ends once
        pair = bi.get(_pair(a, b), 0)
        unigram = (uni.get(b, 0) + _UNSEEN) / (total + _UNSEEN * kinds)
        types = follow.get(a, 0) + 1  # (+1: the pairs seen once, left out of the table)
        weight = count_a / (count_a + types) if count_a else 0.0
        p = weight * (pair / count_a if count_a else 0.0) + (1 - weight) * unigram
        logp += math.log(p)
    return logp / (len(word) + 1)


def looks_like_name(word: str) -> bool:
    """True when `word` has the shape of a transliterated name (False without the table)."""
    shape = name_shape(word)
    return shape is not None and shape >= NAME_LIKE
