"""Bare-name readings of common words: kpc-nk's distinct three-syllable Korean words, each read alone on a line.

A word alone on its line is read as a personal name only with the `alone` evidence (common surname + two
Sino-Korean given-name syllables, no noun suffix, particle or ending at the end). The words of running news text
are nearly all common words, so every reading counted here is a candidate false name; the list is printed so the
real names among them (황우석, 정동영) can be told apart by eye.

    python bench/romanize_names.py          # needs ../shared/data/kpc-nk (or --data)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.romanize.parts import name_evidence  # noqa: E402


def main() -> None:
    """Print how many distinct three-syllable words read as a bare name, and which."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "kpc-nk")
    args = ap.parse_args()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.nk")))
    words = {w for w in re.findall(r"[\uac00-\ud7a3]+", text) if len(w) == 3}
    named = sorted(w for w in words if name_evidence(w, alone=True)[1] == "alone")
    print(f"three-syllable words: {len(words)}; read as a bare name: {len(named)}")
    print(" ".join(named))


if __name__ == "__main__":
    main()
