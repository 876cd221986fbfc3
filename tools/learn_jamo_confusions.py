"""Learn which jamo tesseract reads for which, from the tuning half of the real-OCR benchmark's Korean lines.

    python tools/learn_jamo_confusions.py [--lines 1000] [--seeds 16,17] [--min-count 2]

Every OCR token that differs from its aligned source token in exactly one syllable, at the same length, gives one
observation per changed jamo position (initial, medial, final): "tesseract wrote X where the source had Y". The
counts go to data/noise/hangul_ocr_confusions.tsv with the inputs and seeds in its header, so the table can be
rebuilt. Only the tuning half of the dev lines is read (bench/ocr_build.split_part): held-out lines stay unseen.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import ocr_build  # noqa: E402

from mlkit.korean.jamo import FINALS, INITIALS, VOWELS, decompose, is_syllable  # noqa: E402

OUT = ROOT / "data" / "noise" / "hangul_ocr_confusions.tsv"


def observations(source: str, ocr: str) -> list[tuple[str, str, str]]:
    """(position, OCR jamo, source jamo) for a one-syllable substitution; [] for any other kind of difference."""
    if len(source) != len(ocr) or source == ocr:
        return []
    diff = [i for i, (a, b) in enumerate(zip(source, ocr, strict=True)) if a != b]
    if len(diff) != 1 or not (is_syllable(source[diff[0]]) and is_syllable(ocr[diff[0]])):
        return []
    s, o = decompose(source[diff[0]]), decompose(ocr[diff[0]])
    out = []
    for pos, table, a, b in zip(("initial", "medial", "final"), (INITIALS, VOWELS, FINALS), s, o, strict=True):
        if a != b:
            out.append((pos, table[b].strip() or "-", table[a].strip() or "-"))
    return out


def main() -> int:
    """Count the confusions and write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--seeds", default="16,17", help="benchmark seeds (other fonts and degradations of the lines)")
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    counts: Counter[tuple[str, str, str]] = Counter()
    samples = tokens = 0
    for seed in seeds:
        built = ocr_build.build(("ko",), args.lines, seed, quiet=True)["ko"]
        for s in built:
            if ocr_build.split_part(ocr_build.SPLIT_SEED, "ko", s.line) != "tune":
                continue
            samples += 1
            for t in s.tokens:
                tokens += 1
                if t.error:
                    counts.update(observations(t.source, s.ocr[t.start : t.end]))
    rows = sorted(((n, k) for k, n in counts.items() if n >= args.min_count), key=lambda r: (-r[0], r[1]))
    header = [
        "# Jamo tesseract 5 (kor) reads in place of others, counted on real OCR of rendered, degraded lines.",
        f"# Built by tools/learn_jamo_confusions.py on {date.today().isoformat()}: kpc-nk dev, tuning half only",
        f"# (split seed {ocr_build.SPLIT_SEED}), --lines {args.lines}, benchmark seeds {args.seeds},"
        f" tesseract {ocr_build.tesseract_version()}, min count {args.min_count};",
        f"# {samples} printed lines, {tokens} OCR tokens. Columns: position, jamo read, jamo meant ('-' = no final),"
        " count.",
    ]
    OUT.write_text("\n".join(header + [f"{p}\t{o}\t{s}\t{n}" for n, (p, o, s) in rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} confusions ({sum(n for n, _ in rows)} observations) written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
