"""Write the Korean words of wordfreq's list that mlkit.romanize.common reads: frequent words held against place
and bare-name readings, and every listed word as evidence of today's spelling.

    python tools/build_common_words.py

Reads wordfreq's Korean list (the 'small' list, the one wordfreq ships for Korean) and keeps its all-Hangul words
with their zipf to two decimals in data/korean/common_words.tsv, with the inputs in its header. The table is read
at romanisation time without importing wordfreq (a one-line `mlkit romanize` starts in a few milliseconds).
"""

from __future__ import annotations

import math
import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.romanize.common import WEAK_ZIPF  # noqa: E402

OUT = ROOT / "data" / "korean" / "common_words.tsv"


def main() -> int:
    """Build and write the table."""
    from wordfreq import get_frequency_dict

    freq = get_frequency_dict("ko", "small")
    rows = sorted(
        (
            (w, round(math.log10(f) + 9, 2))
            for w, f in freq.items()
            if w and all("\uac00" <= ch <= "\ud7a3" for ch in w)
        ),
        key=lambda r: (-r[1], r[0]),
    )
    header = [
        "# Korean words of running text (mlkit.romanize.common): those at zipf "
        f"{WEAK_ZIPF} or more ({sum(z >= WEAK_ZIPF for _, z in rows)}) are evidence",
        "# against reading a word as a place or a bare name; every one is evidence of today's spelling (an MR word",
        "# in an older spelling is read as today's word it spells).",
        f"# Built by tools/build_common_words.py from wordfreq {version('wordfreq')} get_frequency_dict('ko', 'small'):"
        f" its all-Hangul words ({len(rows)}).",
        "# Layout: zipf (log10 of occurrences per billion words)<TAB>the words of that zipf, space-separated (one",
        "# row per value, most frequent first: the table loads in about a millisecond).",
    ]
    by_zipf: dict[float, list[str]] = {}
    for w, z in rows:
        by_zipf.setdefault(z, []).append(w)
    body = [f"{z:.2f}\t{' '.join(ws)}" for z, ws in by_zipf.items()]
    OUT.write_text("\n".join([*header, *body]) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} words to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
