"""Sentence alignment by dynamic programming: 1–1, 2–1, 1–2, 1–0 and 0–1 beads over two unit lists.

Each candidate bead is described by features (embedding similarity from two encoders, USE and e5, merged units
embedded as one text; a margin against each unit's similarity to everything; anchors: shared numbers, shared
Latin words, the length ratio; word coverage, from mlkit.align.lexical) and valued by a weighted sum; the
weights are learnt on kpc-nk dev with a structured perceptron (`python tools/train_alignment_weights.py`) and kept in
`data/align/parallel.toml`.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from mlkit.align.anchors import (
    latin_agreement,
    latin_words,
    length_fit,
    number_agreement,
    numbers,
    text_length,
)
from mlkit.align.embed import embed, embed_e5
from mlkit.align.lexical import coverages
from mlkit.errors import InvalidInputError
from mlkit.resources import data_path

Embedder = Callable[[Sequence[str]], np.ndarray]

# Bead shapes (source units, target units) the programme may use.
SHAPES = ((1, 1), (2, 1), (1, 2), (1, 0), (0, 1))
# Above this many cells the programme only looks at a band around the diagonal.
FULL_GRID_CELLS = 400_000
# Features are kept for every cell: beyond this the memory needed is too large, and the input is refused.
MAX_CELLS = 1_000_000


@dataclass(frozen=True, slots=True)
class Bead:
    """Source unit indices aligned with target unit indices (one side empty for a unit left unpaired)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def shape(self) -> str:
        """E.g. "1-1", "2-1", "0-1"."""
        return f"{len(self.src)}-{len(self.tgt)}"


# What the programme knows about a candidate bead; its value is the dot product with the learnt weights.
FEATURES = (
    "pair",  # 1 for a bead with both sides
    "similarity",  # cosine of the two sides' embeddings (merged units embedded as one text)
    "merge",  # 1 for a 2–1 or 1–2 bead
    "merge_similarity",  # the similarity again, for merges only: their scale differs
    "low_similarity",  # how far the similarity falls below LOW_SIMILARITY (a hinge: weak pairs drop off faster)
    "merge_gain",  # for merges: the similarity minus the better part's alone (a dropped unit absorbed lowers it)
    "margin",  # similarity minus the mean similarity of both sides to everything on the other side
    "knn_margin",  # similarity minus the mean of each side's k best similarities (ratio margin of bitext mining)
    "numbers",  # share of digit numbers in common
    "latin",  # Latin-letter words in common ("플랫츠(Platts)" ↔ "Platts")
    "length",  # fit of the length ratio (a log-likelihood, ≤ 0)
    "row_best",  # the target side is the source side's most similar candidate
    "col_best",  # and the other way round
    "skip",  # 1 for a unit left unpaired (1–0 or 0–1)
    # The same from the second encoder (e5), whose cosines are compressed (true pairs ~0.83, others ~0.73): its
    # similarities are z-scores against the document's 1–1 similarities, and its margins are in those units.
    "similarity_e5",
    "merge_similarity_e5",
    "merge_gain_e5",
    "margin_e5",
    "knn_margin_e5",
    "best_e5",  # 1 when the bead is both its source side's and its target side's best by e5
    # Both encoders together: the sum of their z-scored similarities (USE's against the document the same way).
    "knn_margin_sum",  # the sum minus the mean of each side's k best sums
    "row_best_sum",  # the target side is the source side's best candidate by the sum
    "col_best_sum",  # and the other way round
    "skip_margin_sum",  # for an unpaired unit: the best k-NN margin of the sum among the candidates in its band
    # 1 for a 1–1 bead read as its two units left unpaired, side by side: a loose translation is far likelier
    # than a unit missing on each side at the same place. With a non-zero weight, a 1–1 bead is worth the
    # better of its two readings (paired, or the two units' unpaired values plus this weight).
    "loose",
    # Word coverage (mlkit.align.lexical): how much of each side's content words the other side's words match,
    # as the harmonic mean of the two directions; for merges, the coverage of the weaker merged part alone.
    "coverage",
    "merge_part_coverage",
    "coverage_margin",  # the coverage minus the mean of each side's k best coverages (as knn_margin)
    "merge_coverage_gain",  # for merges: the coverage minus the better part's alone
    "skip_coverage",  # for an unpaired unit: the best coverage of any candidate bead in its band
)
WORD_FEATURES = ("coverage", "merge_part_coverage", "coverage_margin", "merge_coverage_gain", "skip_coverage")
E5_FEATURES = tuple(name for name in FEATURES if name.endswith(("_e5", "_sum")))
# Below this cosine similarity a pair's value falls off with its own weight (`low_similarity`).
LOW_SIMILARITY = 0.35
# How many nearest neighbours on the other side the k-NN margin averages over.
KNN = 4
# Half-width of the band (in units, around the diagonal) where a unit's counterpart is looked for by skip features.
SKIP_BAND = 6
# Per-document e5 statistics are pulled towards these (mean and spread of e5 cosines between sentences of one
# kpc-nk dev document) with this many cells' weight, so that a short text still gets a sensible scale.
E5_MEAN, E5_SD, E5_PRIOR_CELLS = 0.75, 0.033, 40
USE_MEAN, USE_SD = 0.127, 0.148
_INDEX = {name: i for i, name in enumerate(FEATURES)}


@dataclass(frozen=True, slots=True)
class Weights:
    """Feature weights of the programme and the length model; defaults from `data/align/parallel.toml`."""

    values: tuple[float, ...]
    length_mean: float = 0.754
    length_sd: float = 0.313

    def vector(self) -> np.ndarray:
        """The weights as an array in FEATURES order."""
        return np.asarray(self.values, dtype=np.float64)


@cache
def default_weights() -> Weights:
    """The weights learnt on kpc-nk dev, from `data/align/parallel.toml`."""
    return load_weights("weights")


@cache
def load_weights(table_name: str) -> Weights:
    """A named weight table of `data/align/parallel.toml` (e.g. "weights", "embeddings_only")."""
    with data_path("align/parallel.toml").open("rb") as fh:
        data = tomllib.load(fh)
    table = data[table_name]
    values = tuple(float(table.get(name, 0.0)) for name in FEATURES)
    return Weights(values, float(data.get("length_mean", 0.754)), float(data.get("length_sd", 0.313)))


def align_units(
    src: Sequence[str],
    tgt: Sequence[str],
    weights: Weights | None = None,
    embedder: Embedder = embed,
    embedder_e5: Embedder | None = embed_e5,
) -> list[Bead]:
    """Align source units with target units (each a sentence or line), in order, returning beads.

    Every unit appears in exactly one bead; beads are in text order on both sides.
    """
    w = weights or default_weights()
    n, m = len(src), len(tgt)
    if n * m > MAX_CELLS:
        raise InvalidInputError(
            f"{n} source units × {m} target units is too many pairs to align at once (limit {MAX_CELLS:,}); "
            "split the texts into passages of at most about 1,000 units each"
        )
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    features = bead_features(src, tgt, w, embedder, embedder_e5)
    return best_path(features, w.vector())


class BeadFeatures:
    """Feature vectors of every candidate bead: `paired[shape][i, j]` for the bead whose source units start
    at i and target units at j, and the raw similarity of each for reporting."""

    def __init__(self, n: int, m: int) -> None:
        self.n, self.m = n, m
        self.paired: dict[tuple[int, int], np.ndarray] = {}
        self.raw: dict[tuple[int, int], np.ndarray] = {}
        self.skip_src = np.zeros((n, len(FEATURES)), dtype=np.float32)
        self.skip_tgt = np.zeros((m, len(FEATURES)), dtype=np.float32)
        self.skip_src[:, _INDEX["skip"]] = 1.0
        self.skip_tgt[:, _INDEX["skip"]] = 1.0

    def of(self, src: tuple[int, ...], tgt: tuple[int, ...], weights: np.ndarray | None = None) -> np.ndarray:
        """The feature vector of one bead; with `weights` that give `loose` a value, a 1–1 bead's is that of
        its better reading under them (paired, or loose: see FEATURES)."""
        if not tgt:
            return self.skip_src[src[0]]
        if not src:
            return self.skip_tgt[tgt[0]]
        paired = self.paired[(len(src), len(tgt))][src[0], tgt[0]]
        if weights is None or len(src) + len(tgt) > 2 or not weights[_INDEX["loose"]]:
            return paired
        loose = self.skip_src[src[0]] + self.skip_tgt[tgt[0]]
        loose[_INDEX["loose"]] = 1.0
        return loose if loose @ weights > paired @ weights else paired


def _similarities(
    src: Sequence[str], tgt: Sequence[str], embedder: Embedder
) -> dict[tuple[int, int], np.ndarray]:
    """Cosine similarities of every 1–1, 2–1 and 1–2 candidate, merged units embedded as one text."""
    src2 = [f"{a} {b}" for a, b in itertools.pairwise(src)]
    tgt2 = [f"{a} {b}" for a, b in itertools.pairwise(tgt)]
    vectors = embedder([*src, *src2, *tgt, *tgt2])
    n, m = len(src), len(tgt)
    es, es2 = vectors[:n], vectors[n : 2 * n - 1]
    et, et2 = vectors[2 * n - 1 : 2 * n - 1 + m], vectors[2 * n - 1 + m :]
    return {(1, 1): es @ et.T, (2, 1): es2 @ et.T, (1, 2): es @ et2.T}


def bead_features(
    src: Sequence[str],
    tgt: Sequence[str],
    w: Weights,
    embedder: Embedder = embed,
    embedder_e5: Embedder | None = embed_e5,
    with_e5: bool | None = None,
    with_words: bool | None = None,
) -> BeadFeatures:
    """Features of every 1–1, 2–1 and 1–2 candidate bead between two unit lists.

    The e5 features are left at 0 without `embedder_e5`, and by default when the weights give them no weight
    (`with_e5` True computes them anyway, for learning the weights); so are the word coverage features
    (`with_words`)."""
    n, m = len(src), len(tgt)
    out = BeadFeatures(n, m)
    out.raw = _similarities(src, tgt, embedder)
    base = out.raw[(1, 1)]
    src_mean, tgt_mean = base.mean(axis=1), base.mean(axis=0)
    sn = [numbers(s) for s in src]
    tn = [numbers(t) for t in tgt]
    sa, ta = [latin_words(s) for s in src], [latin_words(t) for t in tgt]
    sl = np.array([text_length(s) for s in src], dtype=np.float32)
    tl = np.array([text_length(t) for t in tgt], dtype=np.float32)

    sides = {
        (1, 1): (src_mean, tgt_mean, sn, tn, sa, ta, sl, tl),
        (2, 1): (_pairwise_mean(src_mean), tgt_mean, _unions(sn), tn, _unions(sa), ta, sl[:-1] + sl[1:], tl),
        (1, 2): (src_mean, _pairwise_mean(tgt_mean), sn, _unions(tn), sa, _unions(ta), sl, tl[:-1] + tl[1:]),
    }
    knn_margins = _knn_margins(out.raw)
    for shape, (ms, mt, ns, nt, la, lb, ls, lt) in sides.items():
        raw = out.raw[shape]
        f = np.zeros((*raw.shape, len(FEATURES)), dtype=np.float32)
        if raw.size:
            merge = 1.0 if sum(shape) > 2 else 0.0
            f[..., _INDEX["pair"]] = 1.0
            f[..., _INDEX["similarity"]] = raw
            f[..., _INDEX["merge"]] = merge
            f[..., _INDEX["low_similarity"]] = np.maximum(0.0, LOW_SIMILARITY - raw)
            f[..., _INDEX["merge_similarity"]] = raw * merge
            if merge:
                f[..., _INDEX["merge_gain"]] = raw - _better_part(shape, base)
            f[..., _INDEX["margin"]] = raw - 0.5 * (ms[:, None] + mt[None, :])
            f[..., _INDEX["knn_margin"]] = knn_margins[shape]
            f[..., _INDEX["numbers"]] = number_agreement(ns, nt)
            f[..., _INDEX["latin"]] = latin_agreement(la, lb)
            f[..., _INDEX["length"]] = length_fit(ls, lt, w.length_mean, w.length_sd)
            f[..., _INDEX["row_best"]] = raw >= raw.max(axis=1, keepdims=True)
            f[..., _INDEX["col_best"]] = raw >= raw.max(axis=0, keepdims=True)
        out.paired[shape] = f
    if with_words is None:
        with_words = any(w.values[_INDEX[name]] for name in WORD_FEATURES)
    if with_words:
        _word_features(out, coverages(src, tgt, embedder))
    if with_e5 is None:
        with_e5 = any(w.values[_INDEX[name]] for name in E5_FEATURES)
    if embedder_e5 is not None and with_e5:
        _e5_features(out, _similarities(src, tgt, embedder_e5))
    _skip_features(out)
    return out


def _word_features(out: BeadFeatures, cover: dict[tuple[int, int], tuple[np.ndarray, ...]]) -> None:
    """Fill the word coverage features of every candidate bead."""
    fm = {}
    for shape, (cs, ct, _) in cover.items():
        fm[shape] = np.where(cs + ct > 0, 2 * cs * ct / np.maximum(cs + ct, 1e-9), 0.0)
    base = fm[(1, 1)]
    margins = _knn_margins(fm)
    for shape, f in out.paired.items():
        if not f.size:
            continue
        f[..., _INDEX["coverage"]] = fm[shape]
        f[..., _INDEX["coverage_margin"]] = margins[shape]
        if sum(shape) > 2:
            f[..., _INDEX["merge_part_coverage"]] = cover[shape][2]
            f[..., _INDEX["merge_coverage_gain"]] = fm[shape] - _better_part(shape, base)


def _z_scores(
    sims: dict[tuple[int, int], np.ndarray], prior_mean: float, prior_sd: float
) -> dict[tuple[int, int], np.ndarray]:
    """Similarities as z-scores against the document's 1–1 similarities, their mean and spread pulled towards
    the priors with the weight of E5_PRIOR_CELLS cells."""
    base = sims[(1, 1)]
    cells = base.size
    mean = (float(base.sum()) + E5_PRIOR_CELLS * prior_mean) / (cells + E5_PRIOR_CELLS)
    var = (float(((base - mean) ** 2).sum()) + E5_PRIOR_CELLS * prior_sd**2) / (cells + E5_PRIOR_CELLS)
    sd = max(var**0.5, 1e-3)
    return {shape: (sim - mean) / sd for shape, sim in sims.items()}


def _e5_features(out: BeadFeatures, sims: dict[tuple[int, int], np.ndarray]) -> None:
    """Fill the second encoder's features and those of the two encoders' z-scores summed."""
    z = _z_scores(sims, E5_MEAN, E5_SD)
    zu = _z_scores(out.raw, USE_MEAN, USE_SD)
    total = {shape: z[shape] + zu[shape] for shape in z}
    knn_total = _knn_margins(total)
    zb = z[(1, 1)]
    src_mean, tgt_mean = zb.mean(axis=1), zb.mean(axis=0)
    means = {
        (1, 1): (src_mean, tgt_mean),
        (2, 1): (_pairwise_mean(src_mean), tgt_mean),
        (1, 2): (src_mean, _pairwise_mean(tgt_mean)),
    }
    knn = _knn_margins(z)
    for shape, f in out.paired.items():
        zs = z[shape]
        if not zs.size:
            continue
        merge = 1.0 if sum(shape) > 2 else 0.0
        f[..., _INDEX["similarity_e5"]] = zs
        f[..., _INDEX["merge_similarity_e5"]] = zs * merge
        if merge:
            f[..., _INDEX["merge_gain_e5"]] = zs - _better_part(shape, zb)
        ms, mt = means[shape]
        f[..., _INDEX["margin_e5"]] = zs - 0.5 * (ms[:, None] + mt[None, :])
        f[..., _INDEX["knn_margin_e5"]] = knn[shape]
        f[..., _INDEX["best_e5"]] = (zs >= zs.max(axis=1, keepdims=True)) & (zs >= zs.max(axis=0, keepdims=True))
        ts = total[shape]
        f[..., _INDEX["knn_margin_sum"]] = knn_total[shape]
        f[..., _INDEX["row_best_sum"]] = ts >= ts.max(axis=1, keepdims=True)
        f[..., _INDEX["col_best_sum"]] = ts >= ts.max(axis=0, keepdims=True)


def _skip_features(out: BeadFeatures) -> None:
    """Fill the features of leaving each unit unpaired from its best candidate bead inside its band."""
    n, m = out.n, out.m
    sources = {
        "skip_margin_sum": _INDEX["knn_margin_sum"],
        "skip_coverage": _INDEX["coverage"],
    }
    best_src = {k: np.full(n, -1.0, dtype=np.float32) for k in sources}
    best_tgt = {k: np.full(m, -1.0, dtype=np.float32) for k in sources}
    for shape, f in out.paired.items():
        if not f.size:
            continue
        rows, cols = f.shape[:2]
        # Where bead (i, j) of this shape sits relative to the diagonal, in target units.
        i_mid = np.arange(rows)[:, None] + (shape[0] - 1) / 2
        j_mid = np.arange(cols)[None, :] + (shape[1] - 1) / 2
        inside = np.abs(j_mid - i_mid * (m - 1) / max(1, n - 1)) <= SKIP_BAND + abs(n - m)
        for feature, index in sources.items():
            values = np.where(inside, f[..., index], -1.0)
            for part in range(shape[0]):  # every source unit the bead covers
                seg = best_src[feature][part : part + rows]
                np.maximum(seg, values.max(axis=1), out=seg)
            for part in range(shape[1]):
                seg = best_tgt[feature][part : part + cols]
                np.maximum(seg, values.max(axis=0), out=seg)
    for feature in sources:
        out.skip_src[:, _INDEX[feature]] = np.maximum(best_src[feature], 0.0)
        out.skip_tgt[:, _INDEX[feature]] = np.maximum(best_tgt[feature], 0.0)


def _unions(sets: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    """The union of each set with the next: the anchors of two merged units."""
    return [a | b for a, b in itertools.pairwise(sets)]


def _knn_margins(sims: dict[tuple[int, int], np.ndarray]) -> dict[tuple[int, int], np.ndarray]:
    """Each candidate's score minus the mean of its two sides' KNN best scores (the ratio margin of bitext
    mining); a merged side's neighbours are the other merged candidates, a single side's the 1–1 ones."""
    base = sims[(1, 1)]
    row, col = _top_mean(base, 1), _top_mean(base, 0)
    sides = {(1, 1): (row, col), (2, 1): (_top_mean(sims[(2, 1)], 1), col), (1, 2): (row, _top_mean(sims[(1, 2)], 0))}
    return {shape: sims[shape] - 0.5 * (ks[:, None] + kt[None, :]) for shape, (ks, kt) in sides.items()}


def _top_mean(sim: np.ndarray, axis: int) -> np.ndarray:
    """Mean of the KNN highest similarities along `axis` (rows: axis 1), for each unit of the other axis."""
    if not sim.size:
        return np.zeros(sim.shape[1 - axis], dtype=np.float32)
    k = min(KNN, sim.shape[axis])
    return -np.sort(-sim, axis=axis).take(range(k), axis=axis).mean(axis=axis)


def _pairwise_mean(values: np.ndarray) -> np.ndarray:
    return (values[:-1] + values[1:]) / 2


def _better_part(shape: tuple[int, int], base: np.ndarray) -> np.ndarray:
    if shape == (2, 1):
        return np.maximum(base[:-1, :], base[1:, :])
    return np.maximum(base[:, :-1], base[:, 1:])


def best_path(
    features: BeadFeatures,
    weights: np.ndarray,
    extra: dict[tuple[int, int], np.ndarray] | None = None,
    extra_skip: float = 0.0,
) -> list[Bead]:
    """The highest-valued monotone sequence of beads covering every unit (dynamic programming).

    `extra` and `extra_skip` are added to the bead values (loss-augmented decoding while learning the weights).
    A 1–1 bead read as loose (see FEATURES) is still returned as a 1–1 bead.
    """
    n, m = features.n, features.m
    skip_src = features.skip_src @ weights
    skip_tgt = features.skip_tgt @ weights
    loose = weights[_INDEX["loose"]]
    values = {}
    for shape, f in features.paired.items():
        v = f @ weights if f.size else np.zeros(0)
        if shape == (1, 1) and f.size and loose:  # the better of a 1–1 bead's two readings
            v = np.maximum(v, skip_src[:, None] + skip_tgt[None, :] + loose)
        if extra is not None and f.size:
            v = v + extra[shape]
        values[shape] = v.tolist()
    return _best_path(n, m, values, (skip_src + extra_skip).tolist(), (skip_tgt + extra_skip).tolist(), features.raw)


def _best_path(
    n: int,
    m: int,
    values: dict[tuple[int, int], list[list[float]]],
    skip_src: list[float],
    skip_tgt: list[float],
    raw: dict[tuple[int, int], np.ndarray],
) -> list[Bead]:
    band = None
    if n * m > FULL_GRID_CELLS:
        band = max(60, abs(n - m) + 60)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    v11, v21, v12 = values[(1, 1)], values[(2, 1)], values[(1, 2)]
    for i in range(n + 1):
        lo, hi = 0, m
        if band is not None:
            centre = round(i * m / n)
            lo, hi = max(0, centre - band), min(m, centre + band)
        row = best[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            top, step = neg, None
            if i and j and best[i - 1][j - 1] > neg:
                cand = best[i - 1][j - 1] + v11[i - 1][j - 1]
                if cand > top:
                    top, step = cand, (1, 1)
            if i > 1 and j and best[i - 2][j - 1] > neg:
                cand = best[i - 2][j - 1] + v21[i - 2][j - 1]
                if cand > top:
                    top, step = cand, (2, 1)
            if i and j > 1 and best[i - 1][j - 2] > neg:
                cand = best[i - 1][j - 2] + v12[i - 1][j - 2]
                if cand > top:
                    top, step = cand, (1, 2)
            if i and best[i - 1][j] + skip_src[i - 1] > top:
                top, step = best[i - 1][j] + skip_src[i - 1], (1, 0)
            if j and row[j - 1] + skip_tgt[j - 1] > top:
                top, step = row[j - 1] + skip_tgt[j - 1], (0, 1)
            row[j] = top
            back[i][j] = step
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        if step is None:  # outside the band: fall back to leaving units unpaired
            step = (1, 0) if i else (0, 1)
        a, b = step
        src, tgt = tuple(range(i - a, i)), tuple(range(j - b, j))
        score = float(raw[step][i - a, j - b]) if a and b else 0.0
        beads.append(Bead(src, tgt, round(max(0.0, score), 4)))
        i, j = i - a, j - b
    beads.reverse()
    return beads
