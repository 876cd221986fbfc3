"""How often a reviewer would confirm each kind of noise flag, by raw score, on the real-OCR benchmark's tuning half.

    python tools/calibrate_noise.py [--lines 400] [--seeds 16[,17]] [--write]

A flag is confirmed when a token it touches is an OCR error by the benchmark's gold (bench/ocr_build.py). The
table printed (and, with --write, data/noise/calibration.tsv with its inputs in the header) gives, per kind and
band of raw score, the flags, the confirmed ones and the confirmed share with a Beta(1, 1) prior, made monotone
in the raw score (pool-adjacent-violators), so that a calibrated score of 0.5 means one flag in two is confirmed.
Each seed is one rendering of the benchmark (other lines, fonts and degradations); only the tuning half of the dev
lines of each is read, so the held-out half stays unseen.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import ocr_build  # noqa: E402
import ocr_eval  # noqa: E402

from mlkit.noise import find_noise  # noqa: E402

OUT = ROOT / "data" / "noise" / "calibration.tsv"
EDGES = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def observe(samples: list[ocr_build.Sample]) -> dict[str, list[tuple[float, bool]]]:
    """(raw score, confirmed) of every flag find_noise raises on the samples' OCR text, by kind."""
    text, offsets = ocr_eval.joined([s.ocr for s in samples])
    pairs = zip(samples, offsets, strict=True)
    errors = [(off + t.start, off + t.end) for s, off in pairs for t in s.tokens if t.error]
    errors.sort()
    out: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for f in find_noise(text, calibrated=False).flags:
        confirmed = any(s < f.end and f.start < e for s, e in errors)
        out[f.kind].append((f.score, confirmed))
    return out


def pav(rows: list[list[float]]) -> list[float]:
    """Pool-adjacent-violators: the rows' (confirmed + 1) / (n + 2) made non-decreasing, weighted by n."""
    blocks = [[r[1] + 1.0, r[0] + 2.0, 1] for r in rows]  # confirmed+1, n+2, rows pooled
    i = 0
    while i < len(blocks) - 1:
        if blocks[i][0] / blocks[i][1] > blocks[i + 1][0] / blocks[i + 1][1]:
            a, b = blocks[i], blocks.pop(i + 1)
            blocks[i] = [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
            i = max(i - 1, 0)
        else:
            i += 1
    out: list[float] = []
    for c, n, k in blocks:
        out += [c / n] * k
    return out


def main() -> int:
    """Print the table; write it with --write."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=400)
    ap.add_argument("--seeds", default="16", help="renderings of the benchmark to pool (bench/ocr_build.py seeds)")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    obs: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for seed in seeds:
        built = ocr_build.build(("ko", "en"), args.lines, seed, quiet=True)
        for lang in ("ko", "en"):
            for kind, rows in observe(ocr_eval.part(built[lang], "tune")).items():
                obs[kind] += rows
    lines = []
    for kind in sorted(obs):
        bands = []
        for lo, hi in zip(EDGES, EDGES[1:], strict=False):
            inside = [c for s, c in obs[kind] if lo <= s < hi]
            if inside:
                bands.append([float(len(inside)), float(sum(inside)), lo, hi])
        for (n, c, lo, hi), p in zip(bands, pav(bands), strict=True):
            lines.append(f"{kind}\t{lo:.2f}\t{min(hi, 1.0):.2f}\t{int(n)}\t{int(c)}\t{p:.3f}")
    print("kind\traw from\traw to\tflags\tconfirmed\tP(confirmed)")
    print("\n".join(lines))
    if args.write:
        header = [
            "# Share of noise flags a reviewer confirms, by kind and raw score, on real OCR (bench/ocr_build.py).",
            f"# Built by tools/calibrate_noise.py on {date.today().isoformat()}: kpc-nk dev, tuning half only,"
            f" --lines {args.lines}, benchmark seeds {args.seeds}, tesseract {ocr_build.tesseract_version()}.",
            "# Columns: kind, raw score from, to (exclusive), flags, confirmed, P(confirmed) (Beta(1,1) prior,"
            " monotone in the raw score).",
        ]
        OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
        print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
