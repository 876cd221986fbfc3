"""Start-up latency of the mlkit command next to the `unidecode` command, run side by side on the same line.

Each trial runs every command once, in turn, in a new process (what a user typing at a shell gets), and
records wall time and CPU time (user + system, from the OS's accounting of the child). Medians over the
trials are printed with the ratio to `unidecode`, and the targets of the install issue are checked:

- `mlkit romanize` on one line within 2x the wall time of `unidecode` on the same line;
- `import mlkit` under 0.15 s of CPU;
- `mlkit segment` on one line under 0.5 s of CPU on the second run after install (the first run builds the
  segmenter's tables into the cache; that run is reported separately).

    python bench/latency.py                  # the commands of this interpreter's environment
    python bench/latency.py --fresh          # build the wheel, install it into a new virtualenv, measure that
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = "평양\n"
SEGMENT_LINE = "The delegation met in Pyongyang with 김정일 on Tuesday.\n"


def timed(cmd: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) and standard output of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def fresh_bin(workdir: Path) -> Path:
    """Build the wheel of this tree and install it (core only) into a new virtualenv; its bin folder."""
    dist = workdir / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], check=True)
    venv.create(workdir / "env", with_pip=True)
    wheel = next(dist.glob("mlkit-*.whl"))
    subprocess.run([str(workdir / "env" / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    return workdir / "env" / "bin"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", type=Path, default=Path(sys.executable).parent, help="folder holding mlkit")
    parser.add_argument("--fresh", action="store_true", help="measure a wheel installed into a new virtualenv")
    parser.add_argument("--trials", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bin_dir = fresh_bin(work) if args.fresh else args.bin
        env = dict(os.environ, MLKIT_CACHE_DIR=str(work / "cache"))
        python, mlkit = str(bin_dir / "python"), str(bin_dir / "mlkit")
        unidecode = str(bin_dir / "unidecode")
        import_probe = "import time; t = time.process_time(); import mlkit; print(time.process_time() - t)"

        first_segment = timed([mlkit, "segment"], SEGMENT_LINE, env)
        commands = {
            "unidecode (one line)": ([unidecode], LINE),
            "mlkit romanize --system dprk-media (one line)": ([mlkit, "romanize", "--system", "dprk-media"], LINE),
            "mlkit --version": ([mlkit, "--version"], ""),
            "mlkit segment (one line, tables cached)": ([mlkit, "segment"], SEGMENT_LINE),
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        imports: list[float] = []
        for _ in range(args.trials):
            for name, (cmd, stdin) in commands.items():
                wall, cpu, _out = timed(cmd, stdin, env)
                walls[name].append(wall)
                cpus[name].append(cpu)
            imports.append(float(timed([python, "-c", import_probe], "", env)[2]))

    base_wall = statistics.median(walls["unidecode (one line)"])
    print(f"# {args.trials} trials, medians; environment: {'fresh wheel install' if args.fresh else bin_dir}")
    print("| command | wall s | CPU s | wall ÷ unidecode |")
    print("|---|---|---|---|")
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {wall / base_wall:.2f}× |")
    print(f"| mlkit segment, first run after install (builds the table cache) | {first_segment[0]:.3f} | "
          f"{first_segment[1]:.3f} | – |")
    import_cpu = statistics.median(imports)
    print(f"| `import mlkit` (CPU of the import alone) | – | {import_cpu:.3f} | – |")
    romanize_ratio = statistics.median(walls["mlkit romanize --system dprk-media (one line)"]) / base_wall
    segment_cpu = statistics.median(cpus["mlkit segment (one line, tables cached)"])
    checks = [
        (f"mlkit romanize within 2× unidecode's wall time: {romanize_ratio:.2f}×", romanize_ratio <= 2.0),
        (f"import mlkit under 0.15 s CPU: {import_cpu:.3f} s", import_cpu < 0.15),
        (f"mlkit segment (second run) under 0.5 s CPU: {segment_cpu:.3f} s", segment_cpu < 0.5),
    ]
    print()
    for text, ok in checks:
        print(f"{'met ' if ok else 'MISSED'}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
