"""Cold segmentation speed of two checkouts side by side, by CPU time: this one and another (e.g. `main`).

The corpus is bench/segment_cold.py's (lines that never repeat). Each checkout runs in its own new process,
the two taking turns and swapping order every round, so load from other jobs falls on both alike; CPU time
(time.process_time) rather than wall time, for the same reason. Each checkout builds its table cache first,
in its own folder.

    git worktree add /tmp/mlkit-main main && cp mlkit/segment/_scan*.so /tmp/mlkit-main/mlkit/segment/
    python bench/segment_cold_ab.py --base /tmp/mlkit-main --mb 1 --rounds 6
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import segment_cold

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
docs = json.load(open(sys.argv[1], encoding="utf-8"))
t0 = time.process_time()
from mlkit.segment import segment
segment("The delegation met in Pyongyang on Tuesday. 평양")
start = time.process_time() - t0
times = []
for _ in range(2):
    t = time.process_time()
    for d in docs:
        segment(d)
    times.append(time.process_time() - t)
print(json.dumps({"start": start, "first": times[0], "second": times[1]}))
"""


def run(root: Path, path: Path, cache: str) -> dict[str, float]:
    """One checkout's start-up and pass CPU seconds, in a new process with its own table cache."""
    env = {**os.environ, "MLKIT_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(root)], capture_output=True, text=True,
                         check=True, env=env)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> int:
    """Time both checkouts in turns and print one row per run and the mean ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True, help="the other checkout (with its compiled extensions)")
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    docs = segment_cold.corpus(args.mb)
    size = sum(len(d.encode()) for d in docs) / 1e6
    roots = {"base": args.base.resolve(), "this": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.json"
        path.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        caches = {name: str(Path(tmp) / f"cache-{name}") for name in roots}
        for name, root in roots.items():  # build each table cache (not timed)
            run(root, path, caches[name])
        sums = {name: [0.0, 0.0] for name in roots}
        print(f"{len(docs)} documents, {size:.2f} MB\n")
        print("| round | checkout | start-up CPU s | first pass MB/s (CPU) | second pass MB/s (CPU) |")
        print("|---|---|---|---|---|")
        for r in range(args.rounds):
            for name in (list(roots) if r % 2 == 0 else list(roots)[::-1]):
                res = run(roots[name], path, caches[name])
                sums[name][0] += res["first"]
                sums[name][1] += res["second"]
                print(f"| {r} | {name} | {res['start']:.2f} | {size / res['first']:.2f} | {size / res['second']:.2f} |",
                      flush=True)
    first = sums["base"][0] / sums["this"][0]
    second = sums["base"][1] / sums["this"][1]
    print(f"\nthis ÷ base, CPU over all rounds: first pass {first:.3f}×, second pass {second:.3f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
