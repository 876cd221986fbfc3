"""Write word-frequency lists (and letter n-gram profiles) for languages that wordfreq has no list for.

    python tools/build_catalogue_lists.py [--locale /usr/share/locale] [--langs af et sq gl eu be]

wordfreq lists no Afrikaans, Estonian, Albanian, Galician, Basque or Belarusian, and langdetect ships no profile
for Galician, Basque or Belarusian. Both are counted here from the translated messages (gettext catalogues) of the
Debian packages installed under /usr/share/locale: each translated string (not one left as its English original),
with format directives (%s, %1$d, {0}), markup, accelerators (_File) and escapes taken out, split into words. A word
copied from its English original (GNOME, URL) is not counted for the language, nor are the catalogues of names
(iso-codes' countries, languages and currencies, xkeyboard-config's layouts), which are lists, not prose. The
catalogues of GLib and GTK 3 are left out (HELD_OUT): bench/catalogue_langs.py reads its test strings from them.
The lists keep the words seen MIN_COUNT times or more, with their share of all words counted (the frequency
wordfreq would give), in data/segment/catalogue_words_LANG.tsv; the profiles, in langdetect's JSON layout (1- to
3-grams of letters of ` word ` seen MIN_GRAM times or more), in data/segment/catalogue_profile_LANG.json. Each
list's header names the catalogues read.
"""

from __future__ import annotations

import argparse
import gettext
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "segment"
LANGS = ("af", "et", "sq", "gl", "eu", "be")
NEEDS_PROFILE = ("gl", "eu", "be")  # langdetect has none for these
HELD_OUT = ("glib20", "gtk30")  # left out of the lists: bench/catalogue_langs.py tests on their strings
NAME_CATALOGUES = ("iso_", "xkeyboard-config")  # lists of names: no word frequencies of running text
MIN_COUNT = 2
MIN_GRAM = 3
DIRECTIVE = regex.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?[hlLqjzt]*[a-zA-Z%]|\{[^{}]*\}|<[^<>]*>|&\w+;|\\[ntr]")
ACCELERATOR = regex.compile(r"(?<!\w)[_&](?=\w)")
WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*")


def _strings(path: Path) -> list[tuple[str, str]]:
    """(English original, translation) of every translated entry of one catalogue (plural forms included)."""
    try:
        with path.open("rb") as fh:
            catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    out = []
    for key, text in catalog.items():
        original = key[0] if isinstance(key, tuple) else key
        if original and isinstance(text, str) and text and text != original:
            out.append((original, text))
    return out


def _words(text: str) -> list[str]:
    text = ACCELERATOR.sub("", DIRECTIVE.sub(" ", text))
    return [w.lower() for w in WORD.findall(text)]


def count(lang: str, locale: Path, held: Sequence[str] = ()) -> tuple[Counter[str], Counter[str], list[str]]:
    """Word counts, letter n-gram counts and the catalogues read (name and SHA-256 prefix) for one language."""
    words: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    read = []
    for path in sorted((locale / lang / "LC_MESSAGES").glob("*.mo")):
        if path.name.startswith(NAME_CATALOGUES) or path.stem in held:
            continue
        pairs = _strings(path)
        if not pairs:
            continue
        read.append(f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()[:12]}")
        for original, text in pairs:
            copied = set(_words(original))
            for w in _words(text):
                if w in copied:
                    continue
                words[w] += 1
                padded = f" {w} "
                for n in (1, 2, 3):
                    grams.update(padded[i : i + n] for i in range(len(padded) - n + 1) if padded[i : i + n] != " ")
    return words, grams, read


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--locale", type=Path, default=Path("/usr/share/locale"))
    ap.add_argument("--langs", nargs="+", default=list(LANGS))
    ap.add_argument("--hold-out", nargs="*", default=list(HELD_OUT), help="catalogues to leave out (test material)")
    ap.add_argument("--out", type=Path, default=None, help="write the lists and profiles into this folder")
    args = ap.parse_args()
    out = args.out or OUT
    out.mkdir(parents=True, exist_ok=True)
    for lang in args.langs:
        words, grams, read = count(lang, args.locale, args.hold_out)
        total = sum(words.values())
        if not total:
            print(f"{lang}: no catalogue under {args.locale}", file=sys.stderr)
            continue
        kept = sorted(((w, c) for w, c in words.items() if c >= MIN_COUNT), key=lambda wc: (-wc[1], wc[0]))
        head = [
            f"# {lang}: word frequencies counted by tools/build_catalogue_lists.py from the translated messages of the",
            f"# Debian packages' gettext catalogues under {args.locale}/{lang}/LC_MESSAGES ({total} words counted,",
            f"# words seen at least {MIN_COUNT} times kept). Catalogues (file, SHA-256 prefix): " + "; ".join(read),
        ]
        rows = [f"{w}\t{c / total:.4g}" for w, c in kept]
        (out / f"catalogue_words_{lang}.tsv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")
        print(f"{lang}: {len(kept)} words from {len(read)} catalogues")
        if lang in NEEDS_PROFILE:
            freq = {g: c for g, c in sorted(grams.items()) if c >= MIN_GRAM}
            n_words = [sum(c for g, c in grams.items() if len(g) == n) for n in (1, 2, 3)]
            profile = {"name": lang, "freq": freq, "n_words": n_words, "source": head[:2]}
            text = json.dumps(profile, ensure_ascii=False, sort_keys=True)
            (out / f"catalogue_profile_{lang}.json").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
