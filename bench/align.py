"""Sentence alignment on kpc-nk (North Korean ↔ English news): mlkit next to Gale–Church, Vecalign and hunalign.

Documents of 20–40 consecutive sentence pairs are made harder by merging two adjacent sentences on one side
(→ 1–2 / 2–1 beads) and dropping sentences on one side (→ 1–0 / 0–1 beads), with a seeded generator; the gold
beads follow. Strict bead F1 counts a predicted bead only when its source and target index sets both equal a
gold bead's. Gale–Church gets its length ratio and variance fitted on dev, to give it a fair chance.

    python bench/align.py                 # report on test
    python bench/align.py --split dev     # the tuning split
    python bench/align.py --train         # learn mlkit's weights on dev, print them for parallel.toml
    python bench/align.py --cv            # learn on one half of dev, score on the other (seeds 100–102), both ways
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.align.anchors import text_length  # noqa: E402
from mlkit.align.beads import (  # noqa: E402
    E5_FEATURES,
    FEATURES,
    WORD_FEATURES,
    Bead,
    Weights,
    align_units,
    bead_features,
    best_path,
    load_weights,
)
from mlkit.align.embed import embed, embed_e5  # noqa: E402

# Features the learnt weights use (names, weaker_part, marks, skip_best and skip_margin gave no gain on held-out
# dev halves and were dropped: see data/align/parallel.toml).
LEARNT = ("pair", "similarity", "low_similarity", "merge", "merge_similarity", "merge_gain", "skip", "numbers",
          "latin", "margin", "knn_margin", "row_best", "col_best", "length",
          "similarity_e5", "merge_similarity_e5", "merge_gain_e5", "margin_e5", "knn_margin_e5", "best_e5",
          "knn_margin_sum", "row_best_sum", "col_best_sum", "skip_margin_sum", "loose", *WORD_FEATURES)
# `--fast` (mlkit align parallel): the same without the second encoder, so e5 is never run, and without the
# loose reading, which USE alone cannot tell from two drops (held-out dev halves: 0.880 with it, 0.910 without).
# Both use the word coverage features (mlkit.align.lexical): held-out dev quarters 0.936 → 0.938 with both encoders
# and 0.916 → 0.920 with USE alone; test 0.903 → 0.907 and 0.884 → 0.893.
USE_ONLY = tuple(name for name in LEARNT if name not in E5_FEATURES and name != "loose")
# The baseline without anchors: both encoders' similarities, merges and skips.
EMBEDDINGS_ONLY = ("pair", "similarity", "merge", "merge_similarity", "skip", "similarity_e5", "merge_similarity_e5")
# Training documents: the dev pairs cut and disturbed with this many seeds, and perceptron passes over them.
TRAIN_SEEDS = 10
EPOCHS = 30
# The learnt weights are the mean of this many perceptron runs, each visiting the documents in its own order: with
# the `loose` reading of 1–1 beads the outcome of one run depends on that order.
RUNS = 3
SHARED = ROOT.parent / "shared" / "data" / "kpc-nk"
# Embeddings of earlier runs, by text (bench/out/ is not committed): trials on features then take seconds.
EMBED_CACHE = ROOT / "bench" / "out" / "align_embeddings.npz"
EMBED_CACHE_E5 = ROOT / "bench" / "out" / "align_embeddings_e5.npz"
BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Case:
    """One benchmark document: Korean units, English units, and the gold beads."""

    src: list[str]
    tgt: list[str]
    gold: list[BeadKey]


def read_pairs(split: str) -> list[tuple[str, str]]:
    """Sentence pairs (Korean, English) of a kpc-nk split."""
    ko = (SHARED / f"northkorean-english.{split}.nk").read_text(encoding="utf-8").splitlines()
    en = (SHARED / f"northkorean-english.{split}.en").read_text(encoding="utf-8").splitlines()
    return [(k.strip(), e.strip()) for k, e in zip(ko, en, strict=True) if k.strip() and e.strip()]


def make_cases(pairs: Sequence[tuple[str, str]], seed: int = 15, merge: float = 0.08, drop: float = 0.04) -> list[Case]:
    """Cut pairs into documents of 20–40 pairs, then merge and drop sentences at random (seeded)."""
    rng = random.Random(seed)
    cases, pos = [], 0
    while pos + 20 <= len(pairs):
        size = rng.randint(20, 40)
        chunk = pairs[pos : pos + size]
        pos += size
        src: list[str] = []
        tgt: list[str] = []
        gold: list[BeadKey] = []
        k = 0
        while k < len(chunk):
            r = rng.random()
            ko, en = chunk[k]
            if r < merge and k + 1 < len(chunk):  # two Korean sentences written as one → 1–2
                ko2, en2 = chunk[k + 1]
                gold.append(((len(src),), (len(tgt), len(tgt) + 1)))
                src.append(f"{ko} {ko2}")
                tgt.extend([en, en2])
                k += 2
                continue
            if r < 2 * merge and k + 1 < len(chunk):  # two English sentences written as one → 2–1
                ko2, en2 = chunk[k + 1]
                gold.append(((len(src), len(src) + 1), (len(tgt),)))
                src.extend([ko, ko2])
                tgt.append(f"{en} {en2}")
                k += 2
                continue
            if r < 2 * merge + drop:  # English sentence missing → 1–0
                gold.append(((len(src),), ()))
                src.append(ko)
            elif r < 2 * merge + 2 * drop:  # Korean sentence missing → 0–1
                gold.append(((), (len(tgt),)))
                tgt.append(en)
            else:
                gold.append(((len(src),), (len(tgt),)))
                src.append(ko)
                tgt.append(en)
            k += 1
        cases.append(Case(src, tgt, gold))
    return cases


def bead_f1(predicted: Sequence[BeadKey], gold: Sequence[BeadKey]) -> tuple[int, int, int]:
    """(exactly matching beads, predicted beads, gold beads)."""
    return len(set(predicted) & set(gold)), len(predicted), len(gold)


def f1_of(counts: Sequence[tuple[int, int, int]]) -> float:
    """Micro F1 over documents."""
    hit = sum(c[0] for c in counts)
    pred = sum(c[1] for c in counts)
    gold = sum(c[2] for c in counts)
    if not hit:
        return 0.0
    p, r = hit / pred, hit / gold
    return 2 * p * r / (p + r)


def beads_from_pairs(pairs: Sequence[tuple[int, int]], n: int, m: int) -> list[BeadKey]:
    """Turn (i, j) sentence links into beads: connected components, unlinked units as 1–0 / 0–1."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(("s", i))] = find(("t", j))
    groups: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for i in range(n):
        groups.setdefault(find(("s", i)), (set(), set()))[0].add(i)
    for j in range(m):
        groups.setdefault(find(("t", j)), (set(), set()))[1].add(j)
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups.values()]


def mlkit_aligner(weights: Weights | None = None) -> Callable[[Case], list[BeadKey]]:
    """mlkit's aligner, with its learnt weights unless others are given."""

    def run(case: Case) -> list[BeadKey]:
        return [(b.src, b.tgt) for b in align_units(case.src, case.tgt, weights)]

    return run


def gale_church_aligner(dev: Sequence[tuple[str, str]]) -> Callable[[Case], list[BeadKey]]:
    """nltk's Gale–Church over character lengths, with the English/Korean ratio and variance fitted on dev."""
    from nltk.translate import gale_church

    ratios = [text_length(e) / max(1, text_length(k)) for k, e in dev]
    c = statistics.mean(ratios)
    # Gale & Church's s²: variance of (l_t - c·l_s) per unit of source length.
    s2 = statistics.mean((text_length(e) - c * text_length(k)) ** 2 / max(1, text_length(k)) for k, e in dev)

    class Params(gale_church.LanguageIndependent):
        AVERAGE_CHARACTERS = c
        VARIANCE_CHARACTERS = s2

    def run(case: Case) -> list[BeadKey]:
        src = [max(1, text_length(s)) for s in case.src]
        tgt = [max(1, text_length(t)) for t in case.tgt]
        links = gale_church.align_blocks(src, tgt, Params)
        return beads_from_pairs(links, len(src), len(tgt))

    run.params = (c, s2)  # type: ignore[attr-defined]
    return run


def vecalign_aligner() -> Callable[[Case], list[BeadKey]] | None:
    """Vecalign's dynamic programme (the `sentalign` package) over the same USE embeddings as mlkit, beads of up to
    three units as mlkit's; None when sentalign is not installed (it is in the bench extras)."""
    try:
        from sentalign import sentalign
    except ImportError:
        return None

    class Encoder:
        def encode(self, texts: Sequence[str], **_: object) -> object:
            return embed(list(texts))

    def run(case: Case) -> list[BeadKey]:
        result = sentalign(case.src, case.tgt, encoder=Encoder(), alignment_max_size=3)
        return [(tuple(a.src_indices), tuple(a.tgt_indices)) for a in result.alignments]

    return run


def hunalign_aligner() -> Callable[[Case], list[BeadKey]] | None:
    """hunalign when a `hunalign` binary is on PATH (it is not packaged in Debian or on PyPI)."""
    binary = shutil.which("hunalign")
    if not binary:
        return None

    def run(case: Case) -> list[BeadKey]:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp)
            (d / "dict").write_text("", encoding="utf-8")
            (d / "src").write_text("\n".join(case.src) + "\n", encoding="utf-8")
            (d / "tgt").write_text("\n".join(case.tgt) + "\n", encoding="utf-8")
            out = subprocess.run(
                [binary, str(d / "dict"), str(d / "src"), str(d / "tgt")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        ladder = [tuple(int(x) for x in line.split("\t")[:2]) for line in out.splitlines() if line.strip()]
        beads: list[BeadKey] = []
        for (i0, j0), (i1, j1) in itertools.pairwise(ladder):
            beads.append((tuple(range(i0, i1)), tuple(range(j0, j1))))
        return [b for b in beads if b[0] or b[1]]

    return run


def evaluate(cases: Sequence[Case], aligner: Callable[[Case], list[BeadKey]]) -> tuple[float, float]:
    """(strict bead F1, seconds)."""
    start = time.perf_counter()
    counts = [bead_f1(aligner(case), case.gold) for case in cases]
    return f1_of(counts), time.perf_counter() - start


def train(
    cases: Sequence[Case],
    start: Weights,
    epochs: int = EPOCHS,
    seed: int = 15,
    only: Sequence[str] | None = None,
    loss: float = 0.0,
) -> Weights:
    """Averaged structured perceptron: move the weights towards the gold path's features and away from the
    predicted path's until the programme reproduces the gold beads (features outside `only` stay 0). A 1–1 bead
    counts with the features of its better reading under the current weights (see `loose` in FEATURES).

    With `loss`, decoding while learning favours beads that are not gold by that much (a margin)."""
    import numpy as np

    mask = np.array([1.0 if only is None or name in only else 0.0 for name in FEATURES])
    features = [bead_features(c.src, c.tgt, start, with_e5=True, with_words=True) for c in cases]
    w = start.vector() * mask
    total = np.zeros_like(w)
    steps = 0
    rng = random.Random(seed)
    order = list(range(len(cases)))
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            f = features[k]
            gold = cases[k].gold
            extra = None
            if loss:
                extra = {shape: np.full(v.shape[:2], loss) for shape, v in f.paired.items()}
                for s, t in gold:
                    if s and t:
                        extra[(len(s), len(t))][s[0], t[0]] = 0.0
            predicted = [(b.src, b.tgt) for b in best_path(f, w, extra, loss / 2)]
            if set(predicted) != set(gold):
                delta = sum(f.of(*b, w) for b in gold) - sum(f.of(*b, w) for b in predicted)
                w = w + 0.1 * delta * mask
            total += w
            steps += 1
    return Weights(tuple(float(x) for x in total / steps), start.length_mean, start.length_sd)


def train_runs(cases: Sequence[Case], start: Weights, only: Sequence[str], runs: int = RUNS, seed: int = 15) -> Weights:
    """The mean of the weights of `runs` perceptron runs (`train`) with document orders seeded seed, seed + 1, …"""
    import numpy as np

    vectors = [train(cases, start, seed=seed + k, only=only).vector() for k in range(runs)]
    mean = np.mean(vectors, axis=0)
    return Weights(tuple(float(x) for x in mean), start.length_mean, start.length_sd)


def cross_validate(dev: Sequence[tuple[str, str]], seed: int) -> None:
    """Learn the weights on each half of dev and score them on the other half, disturbed with unseen seeds."""
    halves = (dev[: len(dev) // 2], dev[len(dev) // 2 :])
    scores = []
    for k in (0, 1):
        train_cases = [c for s in range(seed, seed + TRAIN_SEEDS) for c in make_cases(halves[k], seed=s)]
        test_cases = [c for s in range(100, 103) for c in make_cases(halves[1 - k], seed=s)]
        embed_all([t for c in (*train_cases, *test_cases) for t in _texts_to_embed(c)])
        weights = train_runs(train_cases, load_weights("start"), only=LEARNT)
        scores.append(evaluate(test_cases, mlkit_aligner(weights))[0])
        print(f"learnt on dev half {k + 1}, scored on half {2 - k}: strict bead F1 {scores[-1]:.4f}")
        print_shapes(test_cases, mlkit_aligner(weights))
    print(f"mean {sum(scores) / 2:.4f}")


def write_weights(full: Weights, baseline: Weights, use_only: Weights) -> None:
    """Print the learnt tables in the layout of data/align/parallel.toml."""
    for name, weights in (("weights", full), ("embeddings_only", baseline), ("use_only", use_only)):
        print(f"[{name}]")
        for feature, value in zip(FEATURES, weights.values, strict=True):
            if value:
                print(f"{feature} = {value:.4f}")
        print()


def embed_all(texts: Sequence[str]) -> tuple[float, float]:
    """Embed texts with both encoders (filling their caches); seconds spent by USE and by e5."""
    start = time.perf_counter()
    embed(texts)
    middle = time.perf_counter()
    embed_e5(texts)
    return middle - start, time.perf_counter() - middle


def _caches() -> list[tuple[Path, dict]]:
    from mlkit.align import embed as embed_module

    return [(EMBED_CACHE, embed_module._CACHE), (EMBED_CACHE_E5, embed_module._CACHE_E5)]


def load_embedding_cache() -> None:
    """Fill the encoders' per-text caches from an earlier run's files, when there are some."""
    import numpy as np

    for path, store in _caches():
        if path.is_file():
            with np.load(path, allow_pickle=False) as data:
                store.update(zip(data["texts"].tolist(), data["vectors"], strict=True))


def save_embedding_cache() -> None:
    """Write the encoders' per-text caches to files for the next run."""
    import numpy as np

    for path, store in _caches():
        texts = sorted(store)
        if not texts:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        vectors = np.stack([store[t] for t in texts])
        np.savez(path, texts=np.array(texts), vectors=vectors)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print F1 and speed for each aligner."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--train", action="store_true", help="learn mlkit's weights on dev and print them")
    parser.add_argument("--cv", action="store_true", help="cross-validate the learning on halves of dev")
    parser.add_argument("--no-cache", action="store_true", help=f"embed everything afresh, ignoring {EMBED_CACHE}")
    args = parser.parse_args(argv)
    if not args.no_cache:
        load_embedding_cache()
    if not SHARED.is_dir():
        print(f"kpc-nk not found at {SHARED}: the shared data sets live beside the project", file=sys.stderr)
        return 2
    dev = read_pairs("dev")
    if args.cv:
        cross_validate(dev, args.seed)
        if not args.no_cache:
            save_embedding_cache()
        return 0
    if args.train:
        cases = [c for seed in range(args.seed, args.seed + TRAIN_SEEDS) for c in make_cases(dev, seed=seed)]
        embed_all([t for c in cases for t in _texts_to_embed(c)])
        if not args.no_cache:
            save_embedding_cache()
        start = load_weights("start")
        full = train_runs(cases, start, only=LEARNT)
        baseline = train(cases, start, only=EMBEDDINGS_ONLY)
        use_only = train_runs(cases, start, only=USE_ONLY)
        write_weights(full, baseline, use_only)
        print(
            f"dev F1 with these: {evaluate(make_cases(dev, seed=args.seed), mlkit_aligner(full))[0]:.4f}, "
            f"embeddings only {evaluate(make_cases(dev, seed=args.seed), mlkit_aligner(baseline))[0]:.4f}"
        )
        return 0
    cases = make_cases(read_pairs(args.split), seed=args.seed)
    shapes: dict[str, int] = {}
    for case in cases:
        for s, t in case.gold:
            key = f"{len(s)}-{len(t)}"
            shapes[key] = shapes.get(key, 0) + 1
    print(
        f"kpc-nk {args.split}: {len(cases)} documents, {sum(shapes.values())} gold beads "
        + ", ".join(f"{k}: {v}" for k, v in sorted(shapes.items()))
    )
    texts = [t for c in cases for t in _texts_to_embed(c)]
    secs_use, secs_e5 = embed_all(texts)
    if not args.no_cache:
        save_embedding_cache()
    unique = len(set(texts))
    print(f"embedding {unique} distinct texts (units and adjacent pairs): USE {secs_use:.1f} s, e5 {secs_e5:.1f} s "
          f"({_rate(unique, secs_use)}, {_rate(unique, secs_e5)}; 0 s when cached); the times below exclude it")
    rows = []
    f1, secs = evaluate(cases, mlkit_aligner())
    rows.append(("mlkit (embeddings + anchors, DP)", f1, secs))
    f1_emb, secs_emb = evaluate(cases, mlkit_aligner(load_weights("embeddings_only")))
    rows.append(("mlkit, embeddings only", f1_emb, secs_emb))
    f1_fast, secs_fast = evaluate(cases, mlkit_aligner(load_weights("use_only")))
    rows.append(("mlkit --fast (USE + word coverage + anchors, no e5)", f1_fast, secs_fast))
    gc = gale_church_aligner(dev)
    f1_gc, secs_gc = evaluate(cases, gc)
    c, s2 = gc.params  # type: ignore[attr-defined]
    rows.append((f"Gale–Church (nltk, c={c:.2f}, s²={s2:.1f} fitted on dev)", f1_gc, secs_gc))
    f1_gcd, secs_gcd = evaluate(cases, _nltk_default())
    rows.append(("Gale–Church (nltk defaults)", f1_gcd, secs_gcd))
    vec = vecalign_aligner()
    if vec is not None:
        f1_vec, secs_vec = evaluate(cases, vec)
        rows.append(("Vecalign (sentalign, on mlkit's USE embeddings)", f1_vec, secs_vec))
    print_shapes(cases, mlkit_aligner())
    hun = hunalign_aligner()
    print()
    print(f"{'aligner':<58} {'strict bead F1':>14} {'seconds':>8}")
    for name, f1v, s in rows:
        print(f"{name:<58} {f1v:>14.4f} {s:>8.2f}")
    if hun is None:
        print("hunalign: not available (not in Debian or on PyPI; no hunalign binary on PATH)")
    else:
        f1_h, secs_h = evaluate(cases, hun)
        print(f"{'hunalign (no dictionary)':<58} {f1_h:>14.4f} {secs_h:>8.2f}")
    return 0


def print_shapes(cases: Sequence[Case], aligner: Callable[[Case], list[BeadKey]]) -> None:
    """Recall of mlkit by gold bead shape."""
    found: dict[str, list[int]] = {}
    for case in cases:
        predicted = set(aligner(case))
        for bead in case.gold:
            key = f"{len(bead[0])}-{len(bead[1])}"
            found.setdefault(key, [0, 0])[0] += bead in predicted
            found[key][1] += 1
    print("mlkit recall by gold shape: " + ", ".join(f"{k} {h / t:.3f}" for k, (h, t) in sorted(found.items())))


def _rate(count: int, secs: float) -> str:
    return f"{count / secs:.0f} texts/s" if secs > 0.5 else "cached"


def _texts_to_embed(case: Case) -> list[str]:
    """Every text the aligner embeds for a case: the units and each pair of adjacent units, merged."""
    merged = [f"{a} {b}" for side in (case.src, case.tgt) for a, b in itertools.pairwise(side)]
    return [*case.src, *case.tgt, *merged]


def _nltk_default() -> Callable[[Case], list[BeadKey]]:
    from nltk.translate import gale_church

    def run(case: Case) -> list[BeadKey]:
        src = [max(1, text_length(s)) for s in case.src]
        tgt = [max(1, text_length(t)) for t in case.tgt]
        return beads_from_pairs(gale_church.align_blocks(src, tgt), len(src), len(tgt))

    return run


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Bead", "Case", "bead_f1", "make_cases"]
