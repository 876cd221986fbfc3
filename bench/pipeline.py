r"""Throughput of `mlkit process` per engine and worker count, against a plain in-process loop over the same
stages, on a corpus built from real documents that does not repeat; peak memory of the driver and workers.

    .venv/bin/python bench/pipeline.py --size 200 --repeat 1     # every engine, 1 and 2 workers, plain loop
    # driver memory on 1 GB:
    .venv/bin/python bench/pipeline.py --size 1000 --engines processes --workers 2 --no-plain --repeat 1 \
        --stages segment
    .venv/bin/python bench/pipeline.py --worker-memory 20,100      # worker memory as the corpus grows
    .venv/bin/python bench/pipeline.py --new-words 2               # worst case: every word new, budget off/on

The corpus (JSONL, written once to bench/out/pipeline/) is made of documents whose English lines join random
sentences of the seeds and of kpc-nk's English side, with Korean passages of random kpc-nk Korean sentences:
real text, but lines hardly ever come back (at 1 GB, 6 of 1.6 million English lines and 278 of 208,000 Korean
lines; the corpus's `*.lines.json` counts them), so no stage's cache can answer from an earlier document. Every run is a
separate process (`mlkit process ...`), timed from outside; the figures come from its stats.json. Outputs are
compared byte for byte. Print-only: a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KPC = ROOT.parent / "shared" / "data" / "kpc-nk"
OUT = ROOT / "bench" / "out" / "pipeline"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def _sentences() -> tuple[list[str], list[str]]:
    """English sentences (seeds and kpc-nk) and Korean sentences (kpc-nk), each once."""
    english: set[str] = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and line.isascii():
                english.update(s.strip() for s in SENTENCE_END.split(line) if len(s.strip()) > 20)
    korean: set[str] = set()
    for split in ("dev", "test"):
        english.update(x.strip() for x in (KPC / f"northkorean-english.{split}.en").read_text("utf-8").splitlines())
        korean.update(x.strip() for x in (KPC / f"northkorean-english.{split}.nk").read_text("utf-8").splitlines())
    return sorted(s for s in english if s), sorted(s for s in korean if s)


def build_corpus(megabytes: float, seed: int = 17) -> Path:
    """A JSONL corpus of about `megabytes` MB (cached by size and seed), with a sidecar counting its lines.

    English lines join 3-5 random sentences (of about 3,400: some 10^10 combinations per length), Korean
    passages are 1-3 lines of 2-4 random kpc-nk sentences (of about 3,000), so lines do not come back even at
    1 GB: the sidecar `*.lines.json` says how many lines of each kind there are and how many are distinct."""
    target = OUT / f"corpus-v2-{megabytes:g}MB-{seed}.jsonl"
    if target.exists():
        return target
    if not KPC.exists():
        sys.exit(f"bench/pipeline.py needs {KPC} (the shared data sets)")
    english, korean = _sentences()
    rng = random.Random(seed)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    size = 0
    seen: dict[str, set[int]] = {"english": set(), "korean": set()}
    counts = {"english": 0, "korean": 0}
    choice, randrange = rng.choice, rng.randrange
    with open(tmp, "w", encoding="utf-8") as fh:
        number = 0
        while size < megabytes * 1e6:
            lines = []
            for _ in range(randrange(8, 60)):
                if rng.random() < 0.06:  # a Korean passage: a few lines of a few sentences each
                    lines.append("")
                    passage = [" ".join(choice(korean) for _ in range(randrange(2, 5))) for _ in range(randrange(1, 4))]
                    lines.extend(passage)
                    lines.append("")
                    seen["korean"].update(map(hash, passage))
                    counts["korean"] += len(passage)
                else:
                    line = " ".join(choice(english) for _ in range(randrange(3, 6)))
                    lines.append(line)
                    seen["english"].add(hash(line))
                    counts["english"] += 1
            line = json.dumps({"id": f"doc-{number:07d}", "text": "\n".join(lines) + "\n"}, ensure_ascii=False)
            fh.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
            number += 1
    info = {kind: {"lines": counts[kind], "distinct": len(seen[kind])} for kind in counts}
    target.with_suffix(".lines.json").write_text(json.dumps({"documents": number, **info}) + "\n")
    tmp.replace(target)
    return target


PLAIN_LOOP = """
import json, sys, time
from mlkit.document import Document
from mlkit.pipeline import Config
from mlkit.pipeline.stages import STAGES, check
config = check(Config(stages=sys.argv[1]))
funcs = [STAGES[name].func for name in config.stages]
settle_at = 1 << 20 if sys.argv[4:] == ["settle"] else -1  # as a pipeline worker does after its first shard
read = 0
began = time.perf_counter()
with open(sys.argv[2], encoding="utf-8") as src, open(sys.argv[3], "w", encoding="utf-8") as out:
    for line in src:
        record = json.loads(line)
        doc = Document(text=record["text"], id=record["id"])
        for func in funcs:
            doc = func(doc, config)
        out.write(doc.to_json() + "\\n")
        read += len(line.encode("utf-8"))
        if 0 <= settle_at <= read:
            from mlkit.pipeline.memory import settle
            settle()
            settle_at = -1
import resource
print(json.dumps({"seconds": time.perf_counter() - began, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


# The pipeline's own work (reading items, stages, error handling, stamping, serialising a shard at a time),
# in one process without an engine: its CPU time against PLAIN_LOOP's is the pipeline's overhead.
SHARD_LOOP = """
import sys, time, json, resource
from mlkit.pipeline import Config, make_shards
from mlkit.pipeline.inputs import read_items
from mlkit.pipeline.shards import run_shard
from mlkit.pipeline.stages import check
config = check(Config(stages=sys.argv[1]))
began = time.process_time()
with open(sys.argv[3], "wb") as out:
    for shard in make_shards(read_items([sys.argv[2]]), config, 1 << 20):
        out.write(run_shard(shard, serialize=True).data)
print(json.dumps({"cpu": time.process_time() - began, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def overhead(corpus: Path, stages: str, repeat: int) -> None:
    """CPU seconds and peak RSS of the plain loop and of the shard loop, each in a fresh process, alternated."""
    timed = PLAIN_LOOP.replace("began = time.perf_counter()", "began = time.process_time()").replace(
        '"seconds": time.perf_counter() - began', '"cpu": time.process_time() - began'
    )
    found: dict[str, list[dict]] = {"plain loop": [], "shard loop": []}
    for _ in range(repeat):
        for name, script in (("plain loop", timed), ("shard loop", SHARD_LOOP)):
            done = subprocess.run([sys.executable, "-c", script, stages, str(corpus), str(OUT / "overhead.jsonl")],
                                  check=True, capture_output=True, text=True, cwd=ROOT)  # fmt: skip
            found[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    plain = min(r["cpu"] for r in found["plain loop"])
    print("\n| in one process | CPU s (best) | vs plain loop | peak RSS MB |\n|---|---|---|---|")
    for name, rows in found.items():
        best = min(r["cpu"] for r in rows)
        rss = max(r["rss"] for r in rows) / 1024
        print(f"| {name} | {best:.1f} | {best / plain:.3f}× | {rss:.0f} |")


def _digest(path: Path) -> str:
    """SHA-256 of an output with each record's meta["mlkit"] stamp removed (the plain loop has none)."""
    h = hashlib.sha256()
    files = sorted(path.glob("part-*.jsonl")) if path.is_dir() else [path]
    for part in files:
        with open(part, encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                record.get("meta", {}).pop("mlkit", None)
                record["meta"] = {k: v for k, v in record.get("meta", {}).items() if k not in ("source", "line")}
                if not record["meta"]:
                    del record["meta"]
                h.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()[:12]


def _cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far, their own children included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_plain(corpus: Path, stages: str, settled: bool = False) -> dict:
    """The plain loop, in its own process; `settled`: with the garbage collector settled after the first MB, as
    the pipeline's own processes do (mlkit.pipeline.memory.settle), so what is left is the engine's overhead."""
    out = OUT / "plain.jsonl"
    cpu = _cpu()
    began = time.perf_counter()
    extra = ["settle"] if settled else []
    done = subprocess.run([sys.executable, "-c", PLAIN_LOOP, stages, str(corpus), str(out), *extra], check=True,
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    wall = time.perf_counter() - began
    info = json.loads(done.stdout.strip().splitlines()[-1])
    name = "plain loop, settled" if settled else "plain loop"
    row = {"engine": name, "workers": 1, "wall": wall, "cpu": _cpu() - cpu, "driver_mb": info["rss"] / 1024,
           "worker_mb": info["rss"] / 1024, "digest": _digest(out)}  # fmt: skip
    out.unlink()
    return row


def run_process(corpus: Path, stages: str, engine: str, workers: int, shard: str, *extra: str) -> dict:
    """`mlkit process` with one engine and worker count, in its own process; its output is removed once
    digested (a 1 GB input makes gigabytes of output)."""
    out = OUT / f"{engine}-{workers}"
    command = [sys.executable, "-m", "mlkit", "process", str(corpus), "-o", str(out), "--stages", stages,
               "--engine", engine, "--workers", str(workers), "--shard-size", shard, "--no-progress",
               *extra]  # fmt: skip
    cpu = _cpu()
    began = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - began
    cpu = _cpu() - cpu
    stats = json.loads((out / "stats.json").read_text())
    rss = stats["peak_rss_mb"]
    row = {"engine": engine, "workers": workers, "wall": wall, "cpu": cpu, "driver_mb": rss["driver"],
           "worker_mb": max(rss["workers"] or [0]), "digest": _digest(out), "shards": stats["shards"],
           "stage_seconds": stats["stage_seconds"], "trims": stats.get("cache_trims", 0),
           "first_mb": max(stats["worker_rss_mb"]["after_first_shard"] or [0]),
           "last_mb": max(stats["worker_rss_mb"]["after_last_shard"] or [0]),
           "tenths": stats["worker_rss_mb"].get("by_tenth", []), "replaced": stats.get("workers_replaced", 0),
           "driver_cpu": stats.get("cpu_seconds", {}).get("driver", 0.0),
           "busy": stats.get("workers_busy_seconds", 0.0)}  # fmt: skip
    shutil.rmtree(out)
    return row


def worker_memory(sizes: list[float], stages: str, shard: str) -> None:
    """Worker memory of `processes x1` on corpora of growing size: its peak, and what it holds after its first
    and its last shard (the tables and warm caches), beside the driver's peak."""
    print("\n| corpus MB | documents | worker peak MB | after first shard | after last shard | most after a shard, "
          "by tenth of the run | workers replaced | driver peak MB | MB/s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        corpus = build_corpus(size)
        docs = json.loads(corpus.with_suffix(".lines.json").read_text())["documents"]
        row = run_process(corpus, stages, "processes", 1, shard)
        mb = corpus.stat().st_size / 1e6
        tenths = " ".join(f"{x:.0f}" for x in row["tenths"])
        print(f"| {mb:.0f} | {docs} | {row['worker_mb']:.0f} | {row['first_mb']:.0f} | {row['last_mb']:.0f} "
              f"| {tenths} | {row['replaced']} | {row['driver_mb']:.0f} | {mb / row['wall']:.2f} |",
              flush=True)  # fmt: skip


def build_new_words(megabytes: float, seed: int = 17) -> Path:
    """A corpus whose every English word is new (random letters) and whose Korean words are random syllables
    beside real kpc-nk sentences: the worst case for caches keyed by words, which real text only approaches."""
    target = OUT / f"new-words-{megabytes:g}MB-{seed}.jsonl"
    if target.exists():
        return target
    _, korean = _sentences()
    rng = random.Random(seed)
    letters = "aeioubcdfghklmnprstvwyz"

    def word() -> str:
        w = "".join(rng.choice(letters) for _ in range(rng.randrange(4, 11)))
        return w.capitalize() if rng.random() < 0.3 else w

    def hangul() -> str:
        return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(rng.randrange(2, 5)))

    OUT.mkdir(parents=True, exist_ok=True)
    size = number = 0
    with open(target.with_suffix(".tmp"), "w", encoding="utf-8") as fh:
        while size < megabytes * 1e6:
            lines = [" ".join(word() for _ in range(12)) + "." for _ in range(8)]
            lines += ["", " ".join(hangul() for _ in range(8)), rng.choice(korean), ""]
            line = json.dumps({"id": f"new-{number:07d}", "text": "\n".join(lines) + "\n"}, ensure_ascii=False)
            fh.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
            number += 1
    target.with_suffix(".tmp").replace(target)
    return target


def new_words(megabytes: float, stages: str, budgets: list[str]) -> None:
    """Worker memory on a corpus of ever-new words, with the cache budget off (0) and on."""
    corpus = build_new_words(megabytes)
    mb = corpus.stat().st_size / 1e6
    print(f"\n{mb:.1f} MB of new words, processes x1, 256K shards\n")
    print("| --worker-memory | worker peak MB | after first shard | after last shard | cache trims | MB/s | output |"
          "\n|---|---|---|---|---|---|---|")  # fmt: skip
    for budget in budgets:
        row = run_process(corpus, stages, "processes", 1, "256K", "--worker-memory", budget)
        print(f"| {budget} | {row['worker_mb']:.0f} | {row['first_mb']:.0f} | {row['last_mb']:.0f} | {row['trims']} "
              f"| {mb / row['wall']:.3f} | {row['digest']} |", flush=True)  # fmt: skip


def _first_last(row: dict) -> str:
    return f" ({row['first_mb']:.0f} → {row['last_mb']:.0f})" if "first_mb" in row else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=float, default=50, help="corpus size in MB (default 50)")
    parser.add_argument("--stages", default="segment,romanize,mentions", help="stages to run")
    parser.add_argument("--engines", default="local,processes,dask", help="engines to compare")
    parser.add_argument("--workers", default="1,2", help="worker counts for processes and dask")
    parser.add_argument("--shard-size", default="1M", help="mlkit process --shard-size")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain loop")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each configuration; the fastest counts")
    parser.add_argument("--worker-memory", metavar="MB,MB", help="only processes x1 at these corpus sizes: memory")
    parser.add_argument("--new-words", type=float, metavar="MB", help="only worker memory on MB of ever-new words")
    parser.add_argument("--budgets", default="0,512M", help="--worker-memory values for --new-words")
    parser.add_argument("--overhead", action="store_true", help="only the plain loop against the shard loop, CPU")
    args = parser.parse_args()
    corpus = build_corpus(args.size)
    lines = json.loads(corpus.with_suffix(".lines.json").read_text())
    print(f"corpus lines (distinct/all): English {lines['english']['distinct']}/{lines['english']['lines']}, "
          f"Korean {lines['korean']['distinct']}/{lines['korean']['lines']}", file=sys.stderr)  # fmt: skip
    warm = OUT / "warm-up.jsonl"  # a first run builds on-disk table caches and fills the page cache: not counted
    with open(corpus, encoding="utf-8") as src:
        warm.write_text(src.readline(), encoding="utf-8")
    run_plain(warm, args.stages)
    if args.overhead:
        overhead(corpus, args.stages, args.repeat)
        return 0
    if args.worker_memory:
        worker_memory([float(x) for x in args.worker_memory.split(",")], args.stages, args.shard_size)
        return 0
    if args.new_words:
        new_words(args.new_words, args.stages, args.budgets.split(","))
        return 0
    mb = corpus.stat().st_size / 1e6
    docs = sum(1 for _ in open(corpus, encoding="utf-8"))
    print(f"corpus {corpus.name}: {mb:.1f} MB, {docs} documents; stages {args.stages}; {os.cpu_count()} CPUs",
          file=sys.stderr)  # fmt: skip
    plans = [] if args.no_plain else [("plain loop", 1), ("plain loop, settled", 1)]
    for engine in args.engines.split(","):
        plans += [(engine, w) for w in ([1] if engine == "local" else [int(w) for w in args.workers.split(",")])]
    runs: dict[tuple[str, int], list[dict]] = {plan: [] for plan in plans}
    for _ in range(args.repeat):  # interleaved, so a burst of load elsewhere does not hit one configuration only
        for engine, workers in plans:
            if engine.startswith("plain loop"):
                row = run_plain(corpus, args.stages, settled=engine != "plain loop")
            else:
                row = run_process(corpus, args.stages, engine, workers, args.shard_size)
            runs[(engine, workers)].append(row)
            print(f"  {engine} x{workers}: {row['wall']:.1f} s", file=sys.stderr)
    rows = [{**min(found, key=lambda r: r["wall"]), "cpu": min(r["cpu"] for r in found)} for found in runs.values()]
    base = next((r for r in rows if r["engine"] == "plain loop"), None)
    settled = next((r for r in rows if r["engine"] == "plain loop, settled"), None)
    print(f"\n{mb:.1f} MB, {docs} documents, stages `{args.stages}`\n")
    print("| engine | workers | seconds | MB/s | vs plain | vs plain, settled | vs 1 worker | CPU s | CPU vs plain "
          "| driver CPU s | workers busy | driver RSS MB | worker RSS MB: peak (first → last shard) "
          "| output |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        rate = mb / row["wall"]
        vs_plain = f"{base['wall'] / row['wall']:.2f}×" if base else "–"
        vs_settled = f"{settled['wall'] / row['wall']:.2f}×" if settled else "–"
        one = next((r for r in rows if r["engine"] == row["engine"] and r["workers"] == 1), None)
        speedup = f"{one['wall'] / row['wall']:.2f}×" if one else "–"
        cpu_ratio = f"{row['cpu'] / base['cpu']:.2f}×" if base else "–"
        driver = f"{row['driver_cpu']:.1f}" if "driver_cpu" in row else "–"
        busy = f"{row['busy'] / (row['wall'] * row['workers']):.0%}" if row.get("busy") else "–"
        print(f"| {row['engine']} | {row['workers']} | {row['wall']:.1f} | {rate:.3f} | {vs_plain} | {vs_settled} "
              f"| {speedup} "
              f"| {row['cpu']:.1f} | {cpu_ratio} | {driver} | {busy} | {row['driver_mb']:.0f} "
              f"| {row['worker_mb']:.0f}{_first_last(row)} | {row['digest']} |")  # fmt: skip
    same = len({r["digest"] for found in runs.values() for r in found}) == 1
    print(f"\nfastest of {args.repeat} runs each (wall and CPU each at its least); all outputs identical (meta stamp "
          f"aside): {same}")  # fmt: skip
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
