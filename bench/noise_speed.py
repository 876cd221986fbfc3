"""find_noise throughput and peak memory on text that does not repeat: each language in a fresh process.

    python bench/noise_speed.py [--bytes N] [--langs en ko] [--profile DIR]

For each language a new Python process (pinned to one core) reads the first N bytes of the kpc-nk dev file
(English `.en`, Korean `.nk`; every line once) and loads the models and tables by running find_noise on the
first 150 kB of the English test file (30 kB of the Korean one before timing Korean): Kiwi, the word lists, the
segmenter's lazily loaded lists, what any process pays once. It empties the memos of per-word work that this
left behind (see `forget_verdicts`), then times one find_noise call over the dev text: a first pass, so no
verdict is reused from an earlier reading. It prints MB/s by the wall clock and by the process's CPU time (on a
shared machine the CPU figure is the steadier one), the flags found, and the process's peak resident memory
(models included).
`--profile DIR` writes a cProfile of the timed call per language to DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KPC = ROOT.parent / "shared" / "data" / "kpc-nk"
FILES = {"en": "northkorean-english.dev.en", "ko": "northkorean-english.dev.nk"}
# Warm-up text (kpc-nk test, never the timed dev text): (file, bytes) per language timed; enough for every table
# loaded on first use (the segmenter's lists, the English word list and its indexes, Kiwi) to be loaded.
WARM_UP = {"en": (("northkorean-english.test.en", 150_000),), "ko": (("northkorean-english.test.nk", 30_000),)}
GOALS = {"en": 2.0, "ko": 0.2}  # MB/s on one core (issue 16)
MEMORY_GOAL = 500  # MB


def dev_text(lang: str, max_bytes: int) -> tuple[str, int]:
    """The first whole lines of a dev file up to `max_bytes` (UTF-8), and their size in bytes."""
    return corpus_text(FILES[lang], max_bytes)


def corpus_text(name: str, max_bytes: int) -> tuple[str, int]:
    """The first whole lines of a kpc-nk file up to `max_bytes` (UTF-8), and their size in bytes."""
    lines, size = [], 0
    for line in (KPC / name).read_text(encoding="utf-8").splitlines(keepends=True):
        n = len(line.encode())
        if size + n > max_bytes:
            break
        lines.append(line)
        size += n
    return "".join(lines), size


def forget_verdicts() -> None:
    """Empty mlkit's bounded caches (functools.lru_cache with a maxsize: memos of per-word work such as verdicts
    and analyses); unbounded ones (functools.cache: tables and models loaded once per process) are kept."""
    for name, module in list(sys.modules.items()):
        if name == "mlkit" or name.startswith("mlkit."):
            for obj in list(vars(module).values()):
                info = getattr(obj, "cache_info", None)
                if callable(info) and info().maxsize is not None:
                    obj.cache_clear()


def child(lang: str, max_bytes: int, profile: str | None) -> dict[str, float | int]:
    """Time one find_noise call over dev text in this (fresh) process."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})  # one core
    from mlkit.noise import find_noise

    text, size = dev_text(lang, max_bytes)
    for name, n in WARM_UP[lang]:
        find_noise(corpus_text(name, n)[0])
    forget_verdicts()
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile

        prof = cProfile.Profile()
        doc = prof.runcall(find_noise, text)
        Path(profile).mkdir(parents=True, exist_ok=True)
        prof.dump_stats(str(Path(profile) / f"noise-{lang}.prof"))
    else:
        doc = find_noise(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"bytes": size, "wall": wall, "cpu": cpu, "flags": len(doc.flags), "peak_mb": peak_mb()}


def peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM of /proc (ru_maxrss would include the memory of a large
    parent at the fork that started this process)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for row in fh:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(lang: str, max_bytes: int, profile: str | None = None) -> dict[str, float | int]:
    """Run `child` in a fresh process and return what it measured."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", lang, "--bytes", str(max_bytes)]
    if profile:
        cmd += ["--profile", profile]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"bench/noise_speed.py: the measured process failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def line(lang: str, m: dict[str, float | int]) -> str:
    """One printed result."""
    mb = m["bytes"] / 1e6
    return (
        f"{lang}: {mb / m['wall']:.3f} MB/s wall, {mb / max(m['cpu'], 1e-9):.3f} MB/s CPU "
        f"(goal {GOALS[lang]}; {m['bytes']} bytes of dev text in {m['wall']:.2f}s, {m['flags']} flags); "
        f"peak resident memory {m['peak_mb']:.0f} MB (goal {MEMORY_GOAL})"
    )


def report(langs: tuple[str, ...] = ("en", "ko"), max_bytes: int = 1 << 30, profile: str | None = None) -> list[str]:
    """The printed lines for each language, each measured in a fresh process."""
    head = "find_noise on kpc-nk dev text that does not repeat (fresh process per language, one core):"
    return [head, *("  " + line(lang, measure(lang, max_bytes, profile)) for lang in langs)]


def main() -> int:
    """Measure, or (with --child) be the measured process."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bytes", type=int, default=1 << 30, help="bytes of dev text per language (default: all)")
    ap.add_argument("--langs", nargs="+", choices=tuple(FILES), default=["en", "ko"])
    ap.add_argument("--profile", help="folder for a cProfile of each timed call")
    ap.add_argument("--child", choices=tuple(FILES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.bytes, args.profile)))
        return 0
    if not KPC.is_dir():
        print(f"bench/noise_speed.py: {KPC} is missing (needs ../shared/data/kpc-nk)", file=sys.stderr)
        return 2
    print("\n".join(report(tuple(args.langs), args.bytes, args.profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
