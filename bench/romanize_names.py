"""Bare-name and bare-place readings of common words: kpc-nk's distinct Korean words, each read alone on a line.

A word alone on its line is read as a personal name only with the `alone` evidence (common surname + two
Sino-Korean given-name syllables, no noun suffix, particle or ending at the end, not a frequent word), and as a
place only by a listed place, a province or city before its suffix, or a Sino-Korean stem before a generic
(산 mountain, 강 river, 령 pass, ...) when the word is not a frequent common word; and capitalised as a proper
noun when the analyser's lexicon holds it as a proper noun only (data/korean/proper_nouns.txt: 한밭, 독도, and
names of people, countries and firms written in Hangul, 오바마, 러시아, 야후), printed apart. The words of running
news text are nearly all common words, so every such reading of a word the gazetteer and places.txt do not list is a
candidate false reading; the lists are printed so the real names and places among them (황우석, 정동영, 서울대)
can be told apart by eye.

    python bench/romanize_names.py          # needs ../shared/data/kpc-nk (or --data)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mlkit.korean import names  # noqa: E402
from mlkit.korean.proper import proper_noun  # noqa: E402
from mlkit.romanize.parts import analyse, name_evidence, place_before_particle  # noqa: E402


def place_reading(word: str) -> str:
    """How a bare `word` reads as a place in RR ("admin", "generic"), as a listed proper noun ("proper"), or ""
    when it reads as no place."""
    parts = analyse(word, "rr", alone=True)
    if any(p.kind == "name" for p in parts):
        return ""
    if any(p.kind == "admin" for p in parts):
        return "admin"
    if not any(p.capital for p in parts):
        return ""
    return "proper" if proper_noun(word) else "generic"


def main() -> None:
    """Print how many distinct words read as a bare name or an unlisted place, and which."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "kpc-nk")
    args = ap.parse_args()
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(args.data.glob("*.nk")))
    words = {w for w in re.findall(r"[\uac00-\ud7a3]+", text) if 2 <= len(w) <= 4}
    three = {w for w in words if len(w) == 3}
    named = sorted(w for w in three if name_evidence(w, alone=True)[1] == "alone")
    print(f"three-syllable words: {len(three)}; read as a bare name: {len(named)}")
    print(" ".join(named))
    listed = names.places() | {w for w, (kind, _) in names.gazetteer().items() if kind == "place"}
    unlisted = sorted(
        w for w in words if w not in listed and w[:-1] not in listed and not place_before_particle(w)
    )  # 경기도: a listed place before its suffix
    by_kind: dict[str, list[str]] = {"generic": [], "admin": [], "proper": []}
    for w in unlisted:
        kind = place_reading(w)
        if kind:
            by_kind[kind].append(w)
    total = sum(map(len, by_kind.values()))
    print(f"\ntwo- to four-syllable words not listed as places: {len(unlisted)}; read as a bare place: {total}")
    for kind, found in by_kind.items():
        print(f"{kind} ({len(found)}): {' '.join(found)}")


if __name__ == "__main__":
    main()
