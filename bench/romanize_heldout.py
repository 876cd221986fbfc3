"""Accuracy on seen versus held-out gold rows, and on rows taken from the published standards.

The gold files (tests/data/romanization/gold_*.tsv) are split by `source_note`: one source per system is held
out (HELD_OUT below; recorded in tests/data/romanization/README.md) and is never looked at while rules change,
so the gap between seen and held-out accuracy shows whether rules were fitted to rows. `standards.tsv` holds
examples from the RR 2000 notice, the Standard Pronunciation rules and the ALA-LC tables, each with its source.

    python bench/romanize_heldout.py                      # accuracy table
    python bench/romanize_heldout.py --misses standards   # also list misses on seen or standards rows

Exact compares as the standard writes (capitals, hyphens, apostrophes, breves); loose ignores case, spaces and
hyphens. Misses of held-out rows are never printed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.romanize import romanize  # noqa: E402
from mlkit.romanize.scoring import GOLD_SETS, loose  # noqa: E402

DATA = ROOT / "tests" / "data" / "romanization"
# One source per gold set, never read while rules change (yale and rr_translit have one source only).
HELD_OUT = {
    "rr": "Wikipedia 'Revised Romanization of Korean' Features",
    "rr_pron": "korean.go.kr/front/page/pageView.do?page_id=P000103",
    "mr": "Wikipedia 'Romanization of Korean' Examples table",
    "dprk_official": "DPRK 2012 rules example list as transcribed in github mkpoli/koconv",
    "dprk_media": "DPRK 2012 rules example list as transcribed in github mkpoli/koconv",
}
Row = tuple[str, str, str]  # hangul, system, expected


def split_gold(name: str) -> tuple[list[Row], list[Row]]:
    """(seen, held-out) rows of one gold set."""
    filename, column, system = GOLD_SETS[name]
    seen: list[Row] = []
    held: list[Row] = []
    with (DATA / filename).open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not r.get(column):
                continue
            held_source = HELD_OUT.get(name)
            (held if held_source and r["source_note"].startswith(held_source) else seen).append(
                (r["hangul"], system, r[column])
            )
    return seen, held


def standards() -> dict[str, list[Row]]:
    """Rows of standards.tsv by system."""
    out: dict[str, list[Row]] = {}
    with (DATA / "standards.tsv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out.setdefault(r["system"], []).append((r["hangul"], r["system"], r["expected"]))
    return out


def accuracy(rows: list[Row]) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(exact hits, loose hits, loose misses as (hangul, expected, got))."""
    exact = hits = 0
    misses = []
    for hangul, system, expected in rows:
        got = romanize(hangul, system).text
        exact += got == expected
        if loose(got) == loose(expected):
            hits += 1
        else:
            misses.append((hangul, expected, got))
    return exact, hits, misses


def cell(rows: list[Row]) -> str:
    if not rows:
        return f"{'-':>17}"
    exact, hits, _ = accuracy(rows)
    return f"{exact / len(rows):6.1%} {hits / len(rows):6.1%} {len(rows):3d}"


def main() -> None:
    """Print exact/loose accuracy per gold set on seen and held-out rows, and per system on standards rows."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", choices=("seen", "standards"), help="list the misses of seen or standards rows")
    args = ap.parse_args()
    print(f"{'gold set':14} {'seen: exact loose n':>20} {'held-out: exact loose n':>24}")
    for name in GOLD_SETS:
        seen, held = split_gold(name)
        print(f"{name:14} {cell(seen):>20} {cell(held):>24}")
        if args.misses == "seen":
            for m in accuracy(seen)[2]:
                print("   miss", *m, sep="\t")
    print(f"\n{'standards':14} {'exact loose n':>20}")
    for system, rows in standards().items():
        print(f"{system:14} {cell(rows):>20}")
        if args.misses == "standards":
            for m in accuracy(rows)[2]:
                print("   miss", *m, sep="\t")


if __name__ == "__main__":
    main()
