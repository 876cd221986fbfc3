"""Segmentation speed on text that never repeats: the first pass in a fresh process, next to pycld2.

A pipeline sees every document once, so this is the figure users get. The corpus holds no line twice:
English news (kpc-nk test, English side) and English technical prose (the Debian changelogs of this machine,
/usr/share/doc/*/changelog.Debian.gz: package names, versions, file names, hashes), each line once, with the
Korean side of kpc-nk test and one sentence of each lingua-testdata language inserted between paragraphs,
each foreign line once. Each tool runs in its own new process on the same documents: the process starts, loads
what it needs (mlkit: its built table cache; run once before to build it), then times one pass over every
document (the headline) and a second pass (labelled warm: mlkit remembers word verdicts). Start-up is shown
apart.

    python bench/segment_cold.py              # about 5 MB
    python bench/segment_cold.py --mb 1       # smaller
    python bench/segment_cold.py --mb 1 --cpu # CPU time of each process (steadier on a shared machine)
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
KPC = SHARED / "kpc-nk"
LINGUA = SHARED / "lingua-testdata" / "sentences"
DOCS = Path("/usr/share/doc")

# Each tool is timed in a child process: read the documents, warm up on one unrelated line, then two passes.
CHILD = r"""
import json, sys, time
docs = json.load(open(sys.argv[1], encoding="utf-8"))
tool = sys.argv[2]
t0 = time.perf_counter()
if tool == "mlkit":
    from mlkit.segment import segment
    run = lambda text: segment(text).spans
else:
    import pycld2
    def run(text):
        try:
            return pycld2.detect(text, returnVectors=True)[3]
        except pycld2.error:
            return ()
run("The delegation met in Pyongyang on Tuesday. 평양")  # loads tables; a line that is not in the corpus
start = time.perf_counter() - t0
times = []
for _ in range(2):
    t = time.perf_counter()
    for d in docs:
        run(d)
    times.append(time.perf_counter() - t)
print(json.dumps({"start": start, "first": times[0], "second": times[1]}))
"""


def english_lines(limit_bytes: int) -> list[str]:
    """Distinct English lines: kpc-nk test news, then Debian changelog entries (technical prose)."""
    seen: set[str] = set()
    out: list[str] = []
    size = 0

    def take(line: str) -> bool:
        nonlocal size
        line = line.strip()
        if len(line) < 20 or line in seen:
            return size < limit_bytes
        seen.add(line)
        out.append(line)
        size += len(line.encode()) + 1
        return size < limit_bytes

    for line in (KPC / "northkorean-english.test.en").read_text(encoding="utf-8").splitlines():
        if not take(line):
            return out
    for path in sorted(DOCS.glob("*/changelog.Debian.gz")):
        try:
            text = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        except (OSError, EOFError):
            continue
        for line in text.splitlines():
            if line.startswith(("  *", "    ")) and not take(line.lstrip(" *")):
                return out
    return out


def foreign_lines() -> list[tuple[str, str]]:
    """(language, line): every Korean line of kpc-nk test and every lingua-testdata sentence, once each."""
    korean = (KPC / "northkorean-english.test.nk").read_text(encoding="utf-8").splitlines()
    out = [("ko", line.strip()) for line in korean if line.strip()]
    for path in sorted(LINGUA.glob("*.txt")):
        if path.stem != "en":
            out += [(path.stem, line.strip()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def corpus(megabytes: float, seed: int = 0) -> list[str]:
    """Documents of about 20 kB: English paragraphs with one foreign line after every few paragraphs."""
    rng = random.Random(seed)
    english = english_lines(int(megabytes * 1e6))
    foreign = foreign_lines()
    rng.shuffle(foreign)
    docs, lines, size, k = [], [], 0, 0
    for i in range(0, len(english), 4):
        lines.append(" ".join(english[i : i + 4]))
        if i % 12 == 0 and k < len(foreign):
            lines.append(foreign[k][1])
            k += 1
        size += sum(len(x) for x in english[i : i + 4])
        if size > 20_000:
            docs.append("\n\n".join(lines))
            lines, size = [], 0
    if lines:
        docs.append("\n\n".join(lines))
    return docs


def timed(tool: str, path: Path, cpu: bool = False) -> dict[str, float]:
    """Run one tool in a new process over the documents in `path`; its start-up and pass times (wall clock, or
    the process's CPU time with `cpu`)."""
    child = CHILD.replace("time.perf_counter", "time.process_time") if cpu else CHILD
    out = subprocess.run([sys.executable, "-c", child, str(path), tool], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    """Build the corpus, time mlkit and pycld2 in fresh processes, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (English lines, never repeated)")
    ap.add_argument("--cpu", action="store_true", help="time CPU use of each process, not the wall clock")
    args = ap.parse_args()
    if not KPC.is_dir() or not LINGUA.is_dir():
        print(f"bench/segment_cold.py: {SHARED} is absent (kpc-nk, lingua-testdata)")
        return 2
    docs = corpus(args.mb)
    lines = [line for d in docs for line in d.split("\n") if line.strip()]
    size = sum(len(d.encode()) for d in docs)
    print(f"{len(docs)} documents, {size / 1e6:.2f} MB, {len(lines)} lines, {len(set(lines))} distinct")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "docs.json"
        path.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        subprocess.run([sys.executable, "-c", "from mlkit.segment import segment; segment('x 평양')"], check=True)
        results = {tool: timed(tool, path, args.cpu) for tool in ("mlkit", "pycld2")}
    base = results["pycld2"]
    print()
    print("| tool | start-up s | first pass MB/s | ÷ pycld2 | second pass MB/s (warm) | ÷ pycld2 |")
    print("|---|---|---|---|---|---|")
    for tool, r in results.items():
        first, second = size / 1e6 / r["first"], size / 1e6 / r["second"]
        print(f"| {tool} | {r['start']:.2f} | {first:.2f} | {base['first'] / r['first']:.2f}× | {second:.2f} | "
              f"{base['second'] / r['second']:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
