"""Romanisation benchmark: accuracy on the public gold and speed on the same Korean text, mlkit next to peers.

Speed is measured on two texts, each in this process for every tool, in the same 64 KB line-aligned chunks:
(a) the seeds' Korean passages (found by mlkit.segment) repeated to at least 1 MB, where lines repeat, and
(b) the Korean side of the kpc-nk corpus (../shared/data/kpc-nk, DPRK news, about 3,000 lines that do not
repeat; skipped with a message when ../shared is absent). mlkit is measured with cold caches (its word and
line caches emptied first, so a second run is not flattered) and warm. Fast tools are timed several times and
the best run is kept (the machine is shared); slow tools stop after a time budget and report the rate reached.

The headline comes first, in a fresh process before anything else has romanised a word: every distinct line of
kpc-nk's Korean, each once, one call per line as a pipeline makes them, mlkit rr, dprk-media and mr next to
koroman and unidecode, taking turns block by block (every tool's tables built before the clock starts:
mlkit's per system, unidecode's per block of code points, which mlkit's router uses too; the set-up time is
printed apart).

    python bench/romanize.py             # 1 MB, 30 s budget per peer
    python bench/romanize.py --quick     # 200 KB, 5 s budget per peer
    python bench/romanize.py --per-line  # the headline only
    python bench/romanize.py --fresh     # the same lines, each tool alone in a new process, one call as set-up

`--fresh` is what a pipeline that knows nothing of mlkit's set-up gets: each tool in a new process makes one call
(`평양`), then the clock runs over every line once. mlkit's table cache is as an earlier process left it (the
walker's tables are kept there once a process has built them); run twice to see both.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.romanize import romanize  # noqa: E402
from mlkit.romanize.scoring import GOLD_SETS, score  # noqa: E402
from mlkit.segment import segment  # noqa: E402

SHARED_GOLD = ROOT.parent / "shared" / "gold" / "romanization"
LOCAL_GOLD = ROOT / "tests" / "data" / "romanization"
HANGUL = re.compile("[\uac00-\ud7a3]")
Convert = Callable[[str], str]


def korean_text(min_bytes: int) -> str:
    """The seeds' Korean passages, repeated until the text is at least `min_bytes` of UTF-8."""
    parts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        doc = segment(path.read_text(encoding="utf-8"))
        parts += [doc.text[s.start : s.end] for s in doc.passages() if s.lang == "ko"]
    base = "\n".join(parts) + "\n"
    return base * (min_bytes // len(base.encode("utf-8")) + 1)


def peers() -> dict[str, tuple[set[str], Convert]]:
    """Installed peer tools: name → (gold sets it claims, convert function)."""
    found: dict[str, tuple[set[str], Convert]] = {}
    if importlib.util.find_spec("koroman"):
        import koroman

        found["koroman"] = ({"rr", "rr_pron"}, koroman.romanize)
    if importlib.util.find_spec("korean_romanizer"):
        from korean_romanizer.romanizer import Romanizer

        found["korean-romanizer"] = ({"rr", "rr_pron"}, lambda s: Romanizer(s).romanize())
    if importlib.util.find_spec("hangul_romanize"):
        from hangul_romanize import Transliter
        from hangul_romanize.rule import academic

        found["hangul-romanize"] = ({"rr_translit"}, Transliter(academic).translit)
    if importlib.util.find_spec("uroman"):
        import uroman

        engine = uroman.Uroman()
        found["uroman"] = ({"rr", "rr_pron"}, lambda s: engine.romanize_string(s, lcode="kor"))
    if importlib.util.find_spec("unidecode"):
        from unidecode import unidecode

        found["unidecode"] = ({"rr", "rr_pron", "rr_translit"}, unidecode)
    return found


def chunks_of(text: str, size: int = 65536) -> list[str]:
    """`text` in line-aligned chunks of about `size` characters."""
    chunks, buf, n = [], [], 0
    for line in text.splitlines(keepends=True):
        buf.append(line)
        n += len(line)
        if n >= size:
            chunks.append("".join(buf))
            buf, n = [], 0
    if buf:
        chunks.append("".join(buf))
    return chunks


def rate(
    convert: Convert, chunks: list[str], budget: float, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """Best syllables/second of `convert` over the chunks (repeated while within `budget`), and the share run.

    `before` runs untimed before each pass (mlkit empties its caches there).
    """
    total = sum(len(c) for c in chunks)
    best, share, spent = 0.0, 0.0, 0.0
    for _ in range(5):
        if before:
            before()
        done = syllables = 0
        elapsed = 0.0
        for chunk in chunks:
            t0 = time.perf_counter()
            convert(chunk)
            elapsed += time.perf_counter() - t0
            done += len(chunk)
            syllables += len(HANGUL.findall(chunk))
            if elapsed > budget:
                break
        best, share = max(best, syllables / elapsed), max(share, done / total)
        spent += elapsed
        if done < total or spent > budget:
            break
    return best, share


def kpc_text() -> str | None:
    """The Korean side of kpc-nk (dev + test), or None when ../shared/data is absent."""
    folder = ROOT.parent / "shared" / "data" / "kpc-nk"
    files = [folder / "northkorean-english.dev.nk", folder / "northkorean-english.test.nk"]
    if not all(f.is_file() for f in files):
        return None
    return "".join(f.read_text(encoding="utf-8") for f in files)


def speed(title: str, text: str, tools: dict[str, tuple[set[str], Convert]], budget: float) -> None:
    """Print the speed table for one text, with ratios against koroman and unidecode."""
    syllables = len(HANGUL.findall(text))
    lines = text.splitlines()
    print(f"\n## Speed: {title}\n")
    print(
        f"{len(text.encode('utf-8')) / 1e6:.2f} MB, {syllables:,} syllables, {len(lines):,} lines "
        f"({len(set(lines)):,} distinct)\n"
    )
    chunks = chunks_of(text)
    mlkit = lambda s: romanize(s, "rr").text  # noqa: E731
    rows = [
        ("mlkit rr, cold caches", *rate(mlkit, chunks, budget, clear_caches)),
        ("mlkit rr, warm caches", *rate(mlkit, chunks, budget)),
    ]
    clear_caches()
    t0 = time.perf_counter()
    mlkit(text)
    rows.append(("mlkit rr, cold, one call on the whole text", syllables / (time.perf_counter() - t0), 1.0))
    for tool, (_sets, convert) in tools.items():
        rows.append((tool, *rate(convert, chunks, budget)))
    cold = rows[0][1]
    print("| tool | syllables/s | share of text run | mlkit cold ÷ tool |")
    print("|---|---|---|---|")
    for tool, per_sec, share in rows:
        print(f"| {tool} | {per_sec:,.0f} | {share:.0%} | {cold / per_sec:.2f}× |")
    by_name = {tool: per_sec for tool, per_sec, _ in rows}
    print()
    for peer, goal in (("koroman", 10.0), ("unidecode", 1.0)):
        if peer in by_name:
            ratio = cold / by_name[peer]
            verdict = "met" if ratio >= goal else "NOT met"
            print(f"- mlkit rr cold ÷ {peer}: {ratio:.2f}× (goal ≥ {goal:g}×: {verdict})")


PER_LINE_SYSTEMS = ("rr", "dprk-media", "mr")


def per_line(tools: dict[str, tuple[set[str], Convert]], lines: list[str]) -> None:
    """The first pass over `lines` (distinct, each once), one call per line: mlkit systems and peers, as ratios.

    The lines go in blocks of 100, and every tool runs each block in turn (the order rotating from block to
    block, so that no tool always finds the processor's caches filled by the same neighbour), so that all see
    the same load on a shared machine; wall-clock and CPU time of this process are summed per tool.
    """
    print("## Speed: one call per line, first pass (kpc-nk Korean, each distinct line once)\n")
    chars = sum(map(len, lines))
    print(f"{len(lines):,} lines, {chars:,} characters, {sum(len(HANGUL.findall(x)) for x in lines):,} syllables\n")
    convert: dict[str, Convert] = {}
    setups = []
    for system in PER_LINE_SYSTEMS:
        t0 = time.perf_counter()
        romanize("평양", system)  # tables for the system (a word that is not in the lines below)
        if importlib.util.find_spec("mlkit.romanize.walker"):  # absent before the walker existed
            importlib.import_module("mlkit.romanize.walker").warm(system)
        setups.append(f"{system} {time.perf_counter() - t0:.2f} s")
        convert[f"mlkit {system}"] = lambda s, system=system: romanize(s, system).text
    for tool in ("koroman", "unidecode"):
        if tool in tools:
            convert[tool] = tools[tool][1]
            convert[tool]("평양")
    if importlib.util.find_spec("unidecode"):  # its tables too: one per block of 256 code points, loaded on first use
        from unidecode import unidecode

        t0 = time.perf_counter()
        for block in range(0x80, 0x10000, 0x100):
            if not 0xD800 <= block < 0xE000:
                unidecode(chr(block))
        setups.append(f"unidecode's tables (used by unidecode and by mlkit's router) {time.perf_counter() - t0:.2f} s")
    import gc

    gc.collect()  # the peers' set-up leaves a large heap (uroman's tables): a full collection is set-up too, not
    gc.freeze()  # a cost of whichever tool's block the collector happens to run in
    wall = dict.fromkeys(convert, 0.0)
    cpu = dict.fromkeys(convert, 0.0)
    order = list(convert.items())
    for at in range(0, len(lines), 100):
        block = lines[at : at + 100]
        turn = at // 100 % len(order)
        for tool, fn in order[turn:] + order[:turn]:
            w0, c0 = time.perf_counter(), time.process_time()
            for line in block:
                fn(line)
            wall[tool] += time.perf_counter() - w0
            cpu[tool] += time.process_time() - c0
    print("| tool | µs/line | lines/s | ÷ koroman | ÷ unidecode | CPU ÷ koroman | CPU ÷ unidecode |")
    print("|---|---|---|---|---|---|---|")
    for tool, spent in wall.items():
        ratios = [f"{wall[p] / spent:.2f}×" if p in wall else "n/a" for p in ("koroman", "unidecode")]
        ratios += [f"{cpu[p] / max(cpu[tool], 1e-9):.2f}×" if p in cpu else "n/a" for p in ("koroman", "unidecode")]
        print(f"| {tool} | {spent / len(lines) * 1e6:.1f} | {len(lines) / spent:,.0f} | {' | '.join(ratios)} |")
    print(f"\nSet-up before the clock (tables built): {', '.join(setups)}\n")
    for system in ("rr", "dprk-media"):
        spent = wall[f"mlkit {system}"]
        for peer, goal in (("koroman", 10.0), ("unidecode", 1.0)):
            if peer in wall:
                ratio = wall[peer] / spent
                verdict = "met" if ratio >= goal else "NOT met"
                print(f"- mlkit {system} ÷ {peer}: {ratio:.2f}× wall-clock (goal ≥ {goal:g}×: {verdict})")
    print()


# A tool alone in a new process: one call as its only set-up, then every line once, CPU time per line.
FRESH_CHILD = r"""
import sys, time
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
tool = sys.argv[2]
if tool == "koroman":
    import koroman
    convert = koroman.romanize
elif tool == "unidecode":
    from unidecode import unidecode as convert
else:
    from mlkit.romanize import romanize
    convert = lambda s: romanize(s, tool).text
convert("평양")
t = time.process_time()
for line in lines:
    convert(line)
print((time.process_time() - t) / len(lines))
"""


def fresh(lines: list[str], rounds: int = 3) -> None:
    """Each tool alone in a new process, its only set-up one call: CPU µs per line and ratios (median of rounds)."""
    import statistics
    import subprocess
    import tempfile

    tools = [t for t in ("koroman", "unidecode") if importlib.util.find_spec(t)] + ["rr", "dprk-media"]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(lines))
    spent: dict[str, list[float]] = {t: [] for t in tools}
    for _ in range(rounds):
        for tool in tools:
            out = subprocess.run([sys.executable, "-c", FRESH_CHILD, fh.name, tool], capture_output=True, text=True)
            spent[tool].append(float(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else float("nan"))
    Path(fh.name).unlink()
    median = {t: statistics.median(v) for t, v in spent.items()}
    print("## Speed: one call per line, each tool alone in a new process after one call\n")
    print(f"{len(lines):,} lines; median of {rounds} rounds, CPU time\n")
    print("| tool | µs/line | ÷ koroman | ÷ unidecode |")
    print("|---|---|---|---|")
    for tool, t in median.items():
        ratios = [f"{median[p] / t:.2f}×" if p in median else "n/a" for p in ("koroman", "unidecode")]
        print(f"| {'mlkit ' + tool if tool in ('rr', 'dprk-media') else tool} | {t * 1e6:.1f} | {' | '.join(ratios)} |")
    print()


def clear_caches() -> None:
    """Empty mlkit's word and line caches (a cold start; the per-system tables built at first use stay)."""
    importlib.import_module("mlkit.romanize").clear_caches()


def main() -> int:
    """Print accuracy and speed tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 KB of text and a 5 s budget per peer")
    parser.add_argument("--per-line", action="store_true", help="only the one-call-per-line headline")
    parser.add_argument("--fresh", action="store_true", help="only the per-line pass, each tool in a new process")
    args = parser.parse_args()
    gold = SHARED_GOLD if SHARED_GOLD.is_dir() else LOCAL_GOLD
    tools = peers()
    kpc = kpc_text()
    if args.fresh:
        if kpc is None:
            print("skipped: ../shared/data/kpc-nk is absent")
            return 0
        fresh(list(dict.fromkeys(x for x in kpc.splitlines() if x.strip())))
        return 0
    if kpc is None:
        print("## Speed: one call per line\n\nskipped: ../shared/data/kpc-nk is absent\n")
    else:  # first, while every cache is cold
        per_line(tools, list(dict.fromkeys(x for x in kpc.splitlines() if x.strip())))
    if args.per_line:
        return 0

    t0 = time.perf_counter()
    importlib.import_module("mlkit.romanize.walker").warm("rr")  # the compiled walker's tables
    setup = time.perf_counter() - t0

    print(f"## Accuracy on the public gold ({gold})\n")
    print("| tool | set | rows | strict | loose |")
    print("|---|---|---|---|---|")
    for name in GOLD_SETS:
        s = score(gold, name, lambda h, system: romanize(h, system).text)
        print(f"| mlkit ({GOLD_SETS[name][2]}) | {name} | {s.total} | {s.strict_rate:.1%} | {s.loose_rate:.1%} |")
    for tool, (sets, convert) in tools.items():
        for name in GOLD_SETS:
            if name in sets:
                s = score(gold, name, lambda h, _system, c=convert: c(h))
                print(f"| {tool} | {name} | {s.total} | {s.strict_rate:.1%} | {s.loose_rate:.1%} |")

    budget = 5.0 if args.quick else 30.0
    print(f"\nOne-time set-up of mlkit's rr tables (not in the timings below): {setup:.2f} s")
    speed("the seeds' Korean passages, repeated", korean_text(200_000 if args.quick else 1_000_000), tools, budget)
    if kpc is None:
        print("\n## Speed: kpc-nk\n\nskipped: ../shared/data/kpc-nk is absent (a fresh clone has no ../shared)")
    else:
        speed("kpc-nk Korean (dev + test), lines do not repeat", kpc, tools, budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
