"""Write the word-pair counts that mlkit.noise.realword weighs real-word OCR errors with.

    python tools/build_realword_bigrams.py     # needs symspellpy (pip install symspellpy)

Source: symspellpy's English dictionaries (MIT licence; counts from the Google Books Ngram corpus):
frequency_dictionary_en_82_765.txt (word counts) and frequency_bigramdictionary_en_243_342.txt (the 243,342
commonest word pairs). Writes data/noise/realword_words.tsv (a word of the pair vocabulary, its log10 count, and
the words one OCR confusion or one edit from it, which a misreading of them could make) and
data/noise/realword_bigrams.tsv (every listed pair that holds such a word, with its log10 count), both with the
inputs in their header. The tables are read at noise time without symspellpy.
"""

from __future__ import annotations

import math
import string
import sys
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "data" / "noise"
MIN_COUNT = 1_000_000  # a word rarer than this in the word counts is neither judged nor proposed (names, typos)
MIN_LENGTH = 2


def read_counts(name: str, fields: int) -> dict[tuple[str, ...], int]:
    """(word, ...) → count from one of symspellpy's space-separated dictionaries."""
    out: dict[tuple[str, ...], int] = {}
    for line in files("symspellpy").joinpath(name).read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == fields + 1:
            out[tuple(parts[:fields])] = int(parts[fields])
    return out


def confusions() -> list[tuple[str, str]]:
    """Lower-case letter groups OCR confuses, both directions, from data/noise/latin_confusions.tsv."""
    pairs = []
    for line in (OUT / "latin_confusions.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        a, b = line.split("\t")[:2]
        if a.isalpha() and b.isalpha():
            pairs += [(a.lower(), b.lower()), (b.lower(), a.lower())]
    return sorted(set(pairs))


def neighbours(word: str, pairs: list[tuple[str, str]]) -> set[str]:
    """Strings one letter changed, dropped or added, or one OCR confusion, from `word`."""
    out = set()
    for i in range(len(word) + 1):
        for ch in string.ascii_lowercase:
            out.add(word[:i] + ch + word[i:])
            if i < len(word):
                out.add(word[:i] + ch + word[i + 1 :])
        if i < len(word):
            out.add(word[:i] + word[i + 1 :])
    for a, b in pairs:
        at = word.find(a)
        while at >= 0:
            out.add(word[:at] + b + word[at + len(a) :])
            at = word.find(a, at + 1)
    out.discard(word)
    return out


def main() -> int:
    """Build both tables."""
    words = {w: c for (w,), c in read_counts("frequency_dictionary_en_82_765.txt", 1).items()}
    bigrams = read_counts("frequency_bigramdictionary_en_243_342.txt", 2)
    paired = {w for pair in bigrams for w in pair}
    vocab = {w: c for w, c in words.items() if c >= MIN_COUNT and w.isalpha() and len(w) >= MIN_LENGTH}
    proposed = {w for w in vocab if w in paired}  # a correction must have context counts
    pairs = confusions()
    table: dict[str, list[str]] = {}
    for w in sorted(vocab):
        near = sorted(c for c in neighbours(w, pairs) if c in proposed and len(c) >= MIN_LENGTH)
        if near:
            table[w] = near
    kept = set(table) | {c for near in table.values() for c in near}
    head = (
        f"# Built by tools/build_realword_bigrams.py from symspellpy {version('symspellpy')} (MIT; counts from the"
        " Google Books Ngram corpus).\n"
    )
    with (OUT / "realword_words.tsv").open("w", encoding="utf-8") as fh:
        fh.write(head + "# Columns: word, log10 of its count, the listed words one OCR confusion or one edit away.\n")
        for w in sorted(kept):
            fh.write(f"{w}\t{math.log10(words[w]):.2f}\t{','.join(table.get(w, []))}\n")
    with (OUT / "realword_bigrams.tsv").open("w", encoding="utf-8") as fh:
        fh.write(
            head + "# Columns: word, next word, log10 of the pair's count (pairs holding a word of realword_words).\n"
        )
        for (a, b), c in sorted(bigrams.items()):
            if a in kept or b in kept:
                fh.write(f"{a}\t{b}\t{math.log10(c):.2f}\n")
    print(f"{len(table)} words with neighbours, {len(kept)} words kept", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
