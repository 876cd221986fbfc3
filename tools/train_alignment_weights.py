"""Learn the weights of the sentence aligner (mlkit/align/beads.py) on kpc-nk dev and write data/align/parallel.toml.

    python tools/train_alignment_weights.py                # learn [weights], [embeddings_only], [use_only]; write
    python tools/train_alignment_weights.py --out x.toml   # write elsewhere

The learning is bench/align.py's (averaged structured perceptron from [start] over dev documents disturbed with
seeds 15.., the mean of several runs); this script runs it and writes the tables with a header that records the
command, the commit, the seeds and the SHA-256 of the dev files, so the file says how it was made. It embeds
every dev sentence with both encoders (USE and e5): expect tens of minutes on a laptop without the embedding
cache that bench/align.py leaves in bench/out/.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import align as bench  # noqa: E402

from mlkit.align.beads import FEATURES, Weights, load_weights  # noqa: E402

OUT = ROOT / "data" / "align" / "parallel.toml"


def git(*args: str) -> str:
    """The output of a git command in the project ("" when git is unavailable)."""
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def header(argv: Sequence[str], seed: int) -> list[str]:
    """Comment lines saying how the tables below were made."""
    commit = git("rev-parse", "HEAD")
    if commit and git("status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    dev = sorted(bench.SHARED.glob("northkorean-english.dev.*"))
    return [
        "# Weights of the sentence-alignment dynamic programme (mlkit.align.beads): a bead's value is the dot product",
        "# of its features with a weight table, learnt by an averaged structured perceptron from [start].",
        f"# Written by: python tools/train_alignment_weights.py {' '.join(argv)}".rstrip(),
        f"# Commit: {commit}; date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d}",
        "# Data: kpc-nk dev (../shared/data/kpc-nk), SHA-256:",
        *(f"#   {p.name} {hashlib.sha256(p.read_bytes()).hexdigest()}" for p in dev),
        f"# cut into documents and disturbed with seeds {seed}..{seed + bench.TRAIN_SEEDS - 1}; {bench.EPOCHS} epochs;"
        f" [weights] and [use_only] the mean of {bench.RUNS} runs (document orders seeded {seed}..),",
        "# [embeddings_only] one run (the bench's baseline without anchors).",
    ]


def table(name: str, weights: Weights) -> list[str]:
    """A TOML table of the non-zero weights."""
    return [f"[{name}]", *(f"{f} = {v:.4f}" for f, v in zip(FEATURES, weights.values, strict=True) if v), ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--out", type=Path, default=OUT)
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if not bench.SHARED.is_dir():
        print(f"kpc-nk not found at {bench.SHARED}", file=sys.stderr)
        return 2
    bench.load_embedding_cache()
    dev = bench.read_pairs("dev")
    cases = [c for s in range(args.seed, args.seed + bench.TRAIN_SEEDS) for c in bench.make_cases(dev, seed=s)]
    bench.embed_all([t for c in cases for t in bench._texts_to_embed(c)])
    bench.save_embedding_cache()
    start = load_weights("start")
    full = bench.train_runs(cases, start, only=bench.LEARNT, seed=args.seed)
    baseline = bench.train(cases, start, only=bench.EMBEDDINGS_ONLY, seed=args.seed)
    use_only = bench.train_runs(cases, start, only=bench.USE_ONLY, seed=args.seed)
    lines = [
        *header(argv, args.seed),
        "",
        "# log(English length / Korean length) over true pairs, in non-space characters, and its spread (kpc-nk dev).",
        f"length_mean = {start.length_mean}",
        f"length_sd = {start.length_sd}",
        "",
        *table("weights", full),
        *table("embeddings_only", baseline),
        *table("use_only", use_only),
        "[start]",
        *(f"{f} = {v:g}" for f, v in zip(FEATURES, start.values, strict=True) if v),
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
