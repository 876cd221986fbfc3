"""What one `segment()` call costs at the least, next to pycld2: per call on one English sentence, and per
document on the held-out manual pages of bench/manpages.py (first and second pass), in one process, CPU time.

The one-sentence figure is the floor of a call (the Document, the steps that look at the runs): set beside
pycld2's time for a whole document, it bounds how fast the segmenter can be against it.

    python bench/segment_floor.py            # 400 documents
    python bench/segment_floor.py -n 200
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import manpages  # noqa: E402

SENTENCE = "The kernel keeps a table of open files for every process."


def per_call(run: Callable[[str], object], text: str, repeat: int) -> float:
    """Seconds per call on `text`, the best of three rounds of `repeat` calls."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for _ in range(repeat):
            run(text)
        best = min(best, (time.process_time() - t) / repeat)
    return best


def passes(run: Callable[[str], object], texts: list[str]) -> tuple[float, float]:
    """CPU seconds per document of a first and a second pass over `texts` (the second with words remembered)."""
    out = []
    for _ in range(2):
        t = time.process_time()
        for text in texts:
            run(text)
        out.append((time.process_time() - t) / len(texts))
    return out[0], out[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=400, help="held-out documents")
    args = ap.parse_args()
    import pycld2

    from mlkit.segment import segment

    def cld2(text: str) -> object:
        try:
            return pycld2.detect(text, returnVectors=True)
        except pycld2.error:
            return ()

    tools = {"mlkit": lambda text: segment(text).spans, "pycld2": cld2}
    texts = [d.text for d in manpages.generate(args.n, "heldout", 0)]
    print(f"{len(texts)} documents, {statistics.mean(len(t) for t in texts):.0f} characters on average\n")
    print("| tool | one sentence µs | per document µs, first pass | per document µs, second pass |")
    print("|---|---|---|---|")
    for name, run in tools.items():
        first, second = passes(run, texts)
        one = per_call(run, SENTENCE, 2000)
        print(f"| {name} | {one * 1e6:.1f} | {first * 1e6:.1f} | {second * 1e6:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
