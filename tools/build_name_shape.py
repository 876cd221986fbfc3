"""Count the syllable pairs of transliterated and proper names, for telling a foreign name from a garbled word.

    python tools/build_name_shape.py [--min-count 2]

Reads the proper-noun entries (tag NNP) of the dictionaries that ship with kiwipiepy_model (default.dict and
multi.dict: names from Wikidata, mostly foreign, such as 잭 바우어, 더글러스 애덤스), splits them at spaces and
counts, over the distinct all-Hangul parts, each syllable pair with `^` and `$` marking the start and the end.
No OCR text is read. The counts go to data/noise/hangul_name_bigrams.tsv with the inputs in its header; pairs
seen fewer than --min-count times are left out (the model falls back to the single-syllable counts).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "noise" / "hangul_name_bigrams.tsv"
HANGUL = regex.compile(r"[가-힣]+")  # precomposed syllables only


def name_parts(folder: Path) -> set[str]:
    """The distinct all-Hangul space-separated parts of the NNP entries of kiwipiepy_model's dictionaries."""
    parts: set[str] = set()
    for name in ("default.dict", "multi.dict"):
        with (folder / name).open(encoding="utf-8") as fh:
            for line in fh:
                fields = line.split("\t")
                if line.startswith("#") or len(fields) < 2 or fields[1] != "NNP":
                    continue
                parts.update(p for p in fields[0].split() if HANGUL.fullmatch(p))
    return parts


def main() -> int:
    """Count and write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    import kiwipiepy_model

    parts = name_parts(Path(kiwipiepy_model.__file__).parent)
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for p in parts:
        s = f"^{p}$"
        unigrams.update(s[1:])
        bigrams.update(zip(s, s[1:], strict=False))
    header = [
        "# Syllable pairs of proper names (mostly transliterated foreign names), for mlkit.noise.name_shape.",
        f"# Built by tools/build_name_shape.py from kiwipiepy_model {version('kiwipiepy_model')} default.dict and"
        f" multi.dict (NNP entries, {len(parts)} distinct Hangul parts); --min-count {args.min_count}.",
        "# Rows: 'uni', syllable, count (each syllable; '$' = a word's end); 'bi', first, second, count ('^' = start).",
    ]
    rows = [f"uni\t{s}\t{n}" for s, n in sorted(unigrams.items())]
    rows += [f"bi\t{a}\t{b}\t{n}" for (a, b), n in sorted(bigrams.items()) if n >= args.min_count]
    OUT.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    pairs = len(rows) - len(unigrams)
    print(f"{len(parts)} names, {len(unigrams)} syllables, {pairs} pairs -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
