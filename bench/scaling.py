"""Time and peak memory of each command on inputs of growing size and awkward shape, with the growth exponent.

Each run is its own process (`python -m mlkit COMMAND FILE > /dev/null`), so its CPU time and peak resident
memory come from `os.wait4` for that child alone. Shapes, built from the seeds (or /bin/ls for bytes):

- ordinary:      lines of the seeds, each with its words rotated and one left out (rarely a line twice)
- one-line:      the same text with every line break made a space: one line
- short-lines:   lines of one or two words (about 12 bytes a line: a million lines in 12 MB)
- hangul-word:   one word of Hangul syllables, no space
- latin-word:    one Hangul letter, then one long Latin word
- mixed-line:    one line of English words and Korean words of random syllables (a word never repeats)
- glued:         random Hangul syllables, Latin letters and digits with no space or line break
- binary:        the bytes of /bin/ls repeated, read with `--errors replace`

The exponent k fits time ∝ size^k between the smallest and largest size a command finished (1.0 is linear), on
CPU time less the command's start-up (its time on an empty file, printed first). "work/MB vs ordinary" compares a
shape's time per MB with the ordinary text's at the smallest size, start-up left out the same way; "largest vs
ordinary" divides a shape's CPU time per MB at the largest size by the ordinary text's at the smallest size, start-up
included (the issue's bar: at most 2).

    python bench/scaling.py --sizes 1,10 --commands segment,romanize,noise
"""

from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MB = 1_000_000
SHAPES = ("ordinary", "one-line", "short-lines", "hangul-word", "latin-word", "mixed-line", "glued", "binary")
COMMANDS = ("segment", "romanize", "noise")


def seed_text() -> str:
    """All seed texts, one after the other."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


def ordinary(text: str, size: int) -> str:
    """About `size` bytes of lines like the seeds' but rarely the same (so no line cache flatters the time): each
    a seed line with its words rotated and one word left out; blank lines as often as in the seeds."""
    rng = random.Random(0)
    lines = text.splitlines()
    out: list[str] = []
    total = 0
    while total < size:
        words = rng.choice(lines).split()
        if len(words) > 2:
            k = rng.randrange(len(words))
            words = words[k:] + words[:k]
            del words[rng.randrange(len(words))]
        line = " ".join(words)
        out.append(line)
        total += len(line.encode()) + 1
    return "\n".join(out) + "\n"


def _repeat(unit: bytes, size: int) -> bytes:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def _cut_utf8(data: bytes) -> bytes:
    """Drop a partial UTF-8 character at the end."""
    return data.decode("utf-8", "ignore").encode("utf-8")


def build(shape: str, size: int) -> bytes:
    """`size` bytes (about) of the given shape."""
    text = seed_text()
    if shape == "ordinary":
        return _cut_utf8(ordinary(text, size).encode())
    if shape == "one-line":
        return _cut_utf8(ordinary(text, size).replace("\n", " ").encode())
    if shape == "short-lines":
        words = text.split()
        lines = [" ".join(words[i : i + 2]) if len(words[i]) < 6 else words[i] for i in range(0, len(words), 2)]
        return _cut_utf8(_repeat("\n".join(w[:12] for w in lines).encode() + b"\n", size))
    if shape == "hangul-word":
        syllables = "".join(c for c in text if "\uac00" <= c <= "\ud7a3")
        return _cut_utf8(_repeat(syllables.encode(), size))
    if shape == "latin-word":
        return "가".encode() + _repeat(b"abcdefghij", size - 3)
    if shape in ("mixed-line", "glued"):
        return _cut_utf8(_random_mix(shape, size).encode())
    if shape == "binary":
        return _repeat(Path("/bin/ls").read_bytes(), size)
    raise ValueError(shape)


def _random_mix(shape: str, size: int) -> str:
    """Seeded text of random Hangul syllables with English words (mixed-line) or Latin letters and digits glued
    on (glued), about `size` bytes of UTF-8."""
    rng = random.Random(f"{shape}:{size}")
    english = "the of and to in is was for on that with as by at from which this be has had it not or".split()
    out, n = [], 0
    while n < size:
        if shape == "glued":
            piece = chr(rng.randrange(0xAC00, 0xD7A4)) if rng.random() < 0.5 else rng.choice("abcdefghij0123456789")
        elif rng.random() < 0.5:
            piece = "".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(rng.randint(1, 4))) + " "
        else:
            piece = rng.choice(english) + " "
        out.append(piece)
        n += len(piece.encode())
    return "".join(out)


def run(command: str, path: Path, shape: str, timeout: float) -> tuple[float, float, int] | None:
    """(wall seconds, CPU seconds, peak RSS in MB) of one run, or None when it ran out of time or failed."""
    args = [sys.executable, "-m", "mlkit", command, str(path), "--no-progress"]
    if shape == "binary":
        args += ["--errors", "replace"]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return None
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
        print(f"    {command} {shape}: exit {os.waitstatus_to_exitcode(status)}: {err[-1] if err else ''}")
        return None
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    """Measure every command on every shape at every size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10", help="sizes in MB, comma-separated (default 1,10)")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run; a larger size is skipped after")
    parser.add_argument("--build", nargs=3, metavar=("SHAPE", "BYTES", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        shape, size, path = args.build
        Path(path).write_bytes(build(shape, int(size)))
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    head = " ".join(f"{f'{s:g} MB: cpu s / MB rss':>22}" for s in sizes)
    ratios = f"{'work/MB vs ordinary':>19} {'largest vs ordinary':>19}"
    print(f"{'command':<9} {'shape':<12} {head} {'exponent':>8} {ratios}")
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for shape in shapes:
            for size in sizes:
                path = Path(tmp) / f"{shape}-{size:g}.txt"
                # built in a child process: a child's peak RSS counts its parent's at the fork, so this one
                # must stay small for the figures to be the command's own
                subprocess.run([sys.executable, __file__, "--build", shape, str(int(size * MB)), str(path)], check=True)
                files[shape, size] = path
        empty = Path(tmp) / "empty.txt"
        empty.write_bytes(b"")
        for command in args.commands.split(","):
            run(command, empty, "ordinary", args.timeout)  # the first run may build table caches
            startup = run(command, empty, "ordinary", args.timeout)
            start_cpu = startup[1] if startup else 0.0
            print(f"{command:<9} {'(empty)':<12} {start_cpu:>13.2f} / {startup[2] if startup else 0:>6}", flush=True)
            base = None
            base_total = None
            for shape in shapes:
                results: list[tuple[float, tuple[float, float, int]]] = []
                cells = []
                for size in sizes:
                    got = run(command, files[shape, size], shape, args.timeout) if len(results) == len(cells) else None
                    if got is None:
                        over = f"> {args.timeout:g} s" if len(results) == len(cells) else "-"
                        cells.append(f"{over:>22}")
                        continue
                    results.append((size, got))
                    cells.append(f"{got[1]:>13.2f} / {got[2]:>6}")
                exponent = ""
                if len(results) >= 2:
                    (s1, r1), (s2, r2) = results[0], results[-1]
                    work1, work2 = max(r1[1] - start_cpu, 1e-2), max(r2[1] - start_cpu, 1e-2)
                    exponent = f"{math.log(work2 / work1) / math.log(s2 / s1):.2f}"
                ratio = total_ratio = ""
                if results:
                    per_mb = max(results[0][1][1] - start_cpu, 1e-2) / results[0][0]
                    if shape == "ordinary":
                        base = per_mb
                        base_total = results[0][1][1] / results[0][0]
                    if base:
                        ratio = f"{per_mb / base:.2f}"
                    if base_total:
                        total_ratio = f"{results[-1][1][1] / results[-1][0] / base_total:.2f}"
                line = f"{command:<9} {shape:<12} " + " ".join(cells)
                print(f"{line} {exponent:>8} {ratio:>19} {total_ratio:>19}", flush=True)


if __name__ == "__main__":
    main()
