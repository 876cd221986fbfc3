"""Word coverage between units: how much of a unit's content the other side's words carry.

Each unit's content words (Korean: Kiwi's nouns, verb and adjective stems, roots, adverbs, foreign letters and
numbers; other text: its words less the function words of `data/align/stopwords_en.txt`) are embedded one by
one with the sentence encoder, whose single-word vectors land close to their translations (경찰 ↔ police,
테이프 ↔ tape). A word's match in a unit is its best cosine with that unit's words, and a unit's coverage by
another is the mean match of its words, weighted by their rarity in the document (a name repeated in every
sentence says little). A dropped sentence absorbed into a merge leaves its own words unmatched, which the
sentence similarity of the merge hides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import numpy as np
import regex

from mlkit.korean import kiwi
from mlkit.resources import read_lines

Embedder = Callable[[Sequence[str]], np.ndarray]

# Kiwi tags kept as content: common and proper nouns, numerals, foreign letters, digits, Han, roots, verb and
# adjective stems (given as their dictionary form, stem + 다), general adverbs.
KOREAN_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "SL", "SN", "SH", "XR", "VV", "VA", "MAG"})
_HANGUL = regex.compile(r"\p{Hangul}")
_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’-]*|\d[\d,.]*")
# Only this many characters of a unit are read for its content words: a sentence is far shorter, and Kiwi takes
# about a second per 16,000 characters, so a unit that is a whole unsplit text costs no more than that.
MAX_UNIT_CHARS = 10_000
# Word pairs are compared in blocks of at most this many cosines, so long texts stay within memory.
BLOCK_CELLS = 4_000_000


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(read_lines("align/stopwords_en.txt"))


@lru_cache(maxsize=100_000)
def content_words(text: str) -> tuple[str, ...]:
    """The distinct content words of one unit (its first MAX_UNIT_CHARS characters), in order of appearance."""
    text = text[:MAX_UNIT_CHARS]
    words: list[str] = []
    # Kiwi without its typo and multi-word dictionaries; without kiwipiepy, Korean is cut like other text.
    analyzer = kiwi.analyzer() if _HANGUL.search(text) else None
    if analyzer is not None:
        for token in analyzer.tokenize(text):
            if token.tag in KOREAN_CONTENT_TAGS:
                words.append(token.form + "다" if token.tag in ("VV", "VA") else token.form)
    else:
        stop = _stopwords()
        words = [w for w in (m.lower().strip("'’-") for m in _WORD.findall(text)) if w and w not in stop]
    return tuple(dict.fromkeys(words))


class _Side:
    """The content words of one side's units, their vectors, units and rarity weights."""

    def __init__(self, units: Sequence[str], embedder: Embedder) -> None:
        lists = [content_words(u) for u in units]
        self.n = len(units)
        df = Counter(w for ws in lists for w in ws)
        self.unit = np.array([i for i, ws in enumerate(lists) for _ in ws], dtype=np.int64)
        words = [w for ws in lists for w in ws]
        self.weight = np.array([math.log((self.n + 1) / (df[w] + 0.5)) for w in words], dtype=np.float64)
        self.vectors = embedder(words) if words else np.zeros((0, 1), dtype=np.float32)
        self.totals = np.bincount(self.unit, weights=self.weight, minlength=self.n)
        self.starts = np.flatnonzero(np.r_[True, self.unit[1:] != self.unit[:-1]]) if words else np.zeros(0, int)
        self.present = self.unit[self.starts] if words else np.zeros(0, int)


def _best_matches(a: _Side, b: _Side) -> np.ndarray:
    """best[x, j]: the best cosine of a's word x with any word of b's unit j (0 for a unit with no words)."""
    best = np.zeros((len(a.unit), b.n), dtype=np.float64)
    if not len(a.unit) or not len(b.unit):
        return best
    step = max(1, BLOCK_CELLS // len(b.unit))
    for lo in range(0, len(a.unit), step):
        sims = a.vectors[lo : lo + step] @ b.vectors.T
        best[lo : lo + step, b.present] = np.maximum.reduceat(sims, b.starts, axis=1)
    return best


def _sums(side: _Side, best: np.ndarray) -> np.ndarray:
    """Per unit of `side`, the weighted sum of its words' best matches in each unit of the other side."""
    out = np.zeros((side.n, best.shape[1]), dtype=np.float64)
    if len(side.unit):  # words are in unit order: sum each unit's run of rows
        out[side.present] = np.add.reduceat(best * side.weight[:, None], side.starts, axis=0)
    return out


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def coverages(
    src: Sequence[str], tgt: Sequence[str], embedder: Embedder
) -> dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each bead shape, (source coverage, target coverage, weaker merged part's coverage) of every candidate
    bead, indexed like the similarity matrices (the third is 0 for 1–1 beads)."""
    s, t = _Side(src, embedder), _Side(tgt, embedder)
    bs, bt = _best_matches(s, t), _best_matches(t, s)  # (src words × tgt units), (tgt words × src units)
    num_s, num_t = _sums(s, bs), _sums(t, bt)  # (n × m), (m × n)
    ws, wt = s.totals[:, None], t.totals[:, None]
    cov_s, cov_t = _ratio(num_s, ws), _ratio(num_t, wt)  # each unit's coverage by each single unit
    out = {(1, 1): (cov_s, cov_t.T, np.zeros_like(cov_s))}
    if s.n > 1:  # two source units against one target unit
        merged_s = _ratio(num_s[:-1] + num_s[1:], ws[:-1] + ws[1:])
        pair_t = _ratio(_sums(t, np.maximum(bt[:, :-1], bt[:, 1:])), wt).T
        out[(2, 1)] = (merged_s, pair_t, np.minimum(cov_s[:-1], cov_s[1:]))
    else:
        out[(2, 1)] = (np.zeros((0, t.n)),) * 3
    if t.n > 1:  # one source unit against two target units
        pair_s = _ratio(_sums(s, np.maximum(bs[:, :-1], bs[:, 1:])), ws)
        merged_t = _ratio(num_t[:-1] + num_t[1:], wt[:-1] + wt[1:]).T
        out[(1, 2)] = (pair_s, merged_t, np.minimum(cov_t[:-1], cov_t[1:]).T)
    else:
        out[(1, 2)] = (np.zeros((s.n, 0)),) * 3
    return out
