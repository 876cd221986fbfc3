"""Languages whose word lists come from Debian's message catalogues (tools/build_catalogue_lists.py), each
checked on translated strings those lists were not counted from (the GLib and GTK 3 catalogues), set between two
English sentences of manual-page prose: the share whose passage comes out in the right language.

    python bench/catalogue_langs.py [--n 150] [--seed 7]   # needs the catalogues under /usr/share/locale
    python bench/catalogue_langs.py --langs nl pt es ru uk  # their neighbours: does a new language take them?
    python bench/catalogue_langs.py --langs bg ru --catalogues apt systemd  # tuning material: other catalogues

Strings with format directives or accelerators, shorter than four words or longer than 200 characters are left
out. Catalogue strings are short interface messages: a harder test than sentences of prose.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from build_catalogue_lists import DIRECTIVE, HELD_OUT, LANGS, _strings  # noqa: E402

from mlkit.segment import segment  # noqa: E402

ENGLISH = (
    "The function returns zero on success.",
    "See the manual page for the full list of options.",
    "This file is read at start-up.",
    "Errors are reported on standard error.",
)


def test_strings(lang: str, locale: Path, names: Sequence[str] = HELD_OUT) -> list[str]:
    """The held-out catalogues' translated strings usable as test passages (or those of the catalogues `names`,
    without any string a held-out catalogue also has: material to tune on)."""
    held = set() if tuple(names) == HELD_OUT else {
        text for name in HELD_OUT for _, text in _strings(locale / lang / "LC_MESSAGES" / f"{name}.mo")}
    out = []
    for name in names:
        for _, text in _strings(locale / lang / "LC_MESSAGES" / f"{name}.mo"):
            if text in held:
                continue
            if not DIRECTIVE.search(text) and "_" not in text and len(text.split()) >= 4 and len(text) <= 200:
                out.append(text)
    return out


def label(text: str, doc: str) -> str:
    """The language of the passages covering at least half of `text` inside `doc` ('none' when none does)."""
    a = doc.index(text)
    b = a + len(text)
    cover: Counter[str] = Counter()
    for s in segment(doc).spans:
        if s.kind == "passage":
            cover[s.lang] += max(0, min(b, s.end) - max(a, s.start))
    best = cover.most_common(1)
    return best[0][0] if best and best[0][1] >= 0.5 * (b - a) else "none"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="strings per language")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--locale", type=Path, default=Path("/usr/share/locale"))
    ap.add_argument("--langs", nargs="+", default=list(LANGS), help="catalogue languages to test (default: the new)")
    ap.add_argument("--catalogues", nargs="+", default=list(HELD_OUT), metavar="NAME",
                    help="test on these catalogues instead of the held-out ones (their strings that a held-out "
                    "catalogue has are left out): material to tune on")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("| language | strings | right | labelled instead |\n|---|---|---|---|")
    for lang in args.langs:
        pool = sorted(test_strings(lang, args.locale, args.catalogues))
        if not pool:
            print(f"| {lang} | no catalogue under {args.locale} | | |")
            continue
        rng.shuffle(pool)
        got: Counter[str] = Counter()
        for text in pool[: args.n]:
            got[label(text, f"{rng.choice(ENGLISH)} {text} {rng.choice(ENGLISH)}\n")] += 1
        n = sum(got.values())
        others = ", ".join(f"{k} {v}" for k, v in got.most_common() if k != lang)
        print(f"| {lang} | {n} | {got[lang] / n:.2f} | {others} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
