"""Synthetic OCR-like noise with gold positions, and a token-level scorer as in the ICDAR post-OCR detection task.

Korean noise works on jamo (ㅁ/ㅂ, ㅇ/ㅁ, ㅓ/ㅕ, final ㅇ/ㄹ as in 방/발, ...) and on syllables (dropped, doubled,
spaces inserted); Latin noise uses the classic glyph confusions (rn/m, l/1, O/0, cl/d, ...). Every corruption is
recorded as a range of the noisy text, so a detector's flags can be scored token by token.

    python bench/ocrnoise.py ko < clean.txt     # prints the noisy text and, on stderr, the gold ranges
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SBASE, LCOUNT, VCOUNT, TCOUNT = 0xAC00, 19, 21, 28
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

# Pairs of shapes that OCR and hurried transcription confuse; each works in both directions.
KO_INITIAL_PAIRS = ("ㅁㅂ", "ㅇㅁ", "ㄷㄹ", "ㅈㅊ", "ㄱㅋ", "ㅅㅈ", "ㅂㅍ", "ㄴㄷ")
KO_MEDIAL_PAIRS = ("ㅓㅕ", "ㅏㅑ", "ㅗㅛ", "ㅜㅠ", "ㅐㅔ", "ㅡㅗ", "ㅣㅓ")
KO_FINAL_PAIRS = ("ㅇㄹ", "ㅁㅂ", "ㄴㄹ", "ㅇㅁ", "ㄱㄴ")
LATIN_PAIRS = (
    ("rn", "m"), ("l", "1"), ("I", "l"), ("O", "0"), ("o", "0"), ("e", "c"), ("cl", "d"), ("vv", "w"),
    ("h", "b"), ("u", "n"), ("i", "l"), ("S", "5"), ("B", "8"), ("t", "f"), ("a", "o"), ("li", "h"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class NoisyText:
    """Noisy text plus the gold ranges `[start, end)` of every corrupted word in it, and the operation used."""

    text: str
    gold: tuple[tuple[int, int, str], ...]


def _split(syllable: str) -> tuple[int, int, int] | None:
    code = ord(syllable) - SBASE
    if not 0 <= code < LCOUNT * VCOUNT * TCOUNT:
        return None
    return code // (VCOUNT * TCOUNT), code % (VCOUNT * TCOUNT) // TCOUNT, code % TCOUNT


def _join(lead: int, vowel: int, tail: int) -> str:
    return chr(SBASE + (lead * VCOUNT + vowel) * TCOUNT + tail)


def _swap(table: str, pairs: Sequence[str], index: int, rng: random.Random) -> int | None:
    letter = table[index]
    options = [p[1 - p.index(letter)] for p in pairs if letter in p]
    if not options:
        return None
    return table.index(rng.choice(options))


def corrupt_korean_word(word: str, rng: random.Random) -> tuple[str, str] | None:
    """One OCR-like corruption of a Hangul word, and its name; None when the word offers no place for one."""
    positions = [i for i, c in enumerate(word) if _split(c)]
    if not positions:
        return None
    ops = ["initial", "medial", "final", "final"]
    if len(positions) >= 2:
        ops += ["drop", "double", "space"]
    for _ in range(8):
        op = rng.choice(ops)
        i = rng.choice(positions)
        lead, vowel, tail = _split(word[i])  # type: ignore[misc]
        if op == "drop":
            return word[:i] + word[i + 1 :], op
        if op == "double":
            return word[: i + 1] + word[i:], op
        if op == "space":
            j = rng.choice(positions[1:])
            return word[:j] + " " + word[j:], op
        if op == "initial":
            new = _swap(INITIALS, KO_INITIAL_PAIRS, lead, rng)
            if new is not None:
                return word[:i] + _join(new, vowel, tail) + word[i + 1 :], op
        elif op == "medial":
            new = _swap(MEDIALS, KO_MEDIAL_PAIRS, vowel, rng)
            if new is not None:
                return word[:i] + _join(lead, new, tail) + word[i + 1 :], op
        else:
            new = _swap(FINALS, KO_FINAL_PAIRS, tail, rng) if tail else None
            if new is not None:
                return word[:i] + _join(lead, vowel, new) + word[i + 1 :], op
    return None


def corrupt_latin_word(word: str, rng: random.Random) -> tuple[str, str] | None:
    """One glyph confusion (or a dropped or doubled letter) in a Latin word; None when nothing applies."""
    options = []
    for a, b in LATIN_PAIRS:
        for src, dst in ((a, b), (b, a)):
            if not src.isalpha() and not any(c.isalpha() for c in dst):
                continue
            for m in re.finditer(re.escape(src), word):
                options.append((m.start(), m.end(), dst, f"{src}>{dst}"))
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) >= 4:
        i = rng.choice(letters[1:])
        options.append((i, i + 1, "", "drop"))
        options.append((i, i + 1, word[i] * 2, "double"))
    if not options:
        return None
    start, end, dst, name = rng.choice(options)
    return word[:start] + dst + word[end:], name


def add_noise(text: str, lang: str, rate: float = 0.1, seed: int = 0) -> NoisyText:
    """Corrupt about `rate` of the words (of two or more letters) of `text`; deterministic for a given seed."""
    rng = random.Random(seed)
    corrupt = corrupt_korean_word if lang == "ko" else corrupt_latin_word
    out: list[str] = []
    gold: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in re.finditer(r"\S+", text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        word = m.group()
        core = re.search(r"[^\W\d_]{2,}(?:[^\W_]*[^\W\d_])?", word)
        result = corrupt(core.group(), rng) if core and rng.random() < rate else None
        if result and core:
            new_core, op = result
            word = word[: core.start()] + new_core + word[core.end() :]
            gold.append((length, length + len(word), op))
        out.append(word)
        length += len(word)
        pos = m.end()
    out.append(text[pos:])
    return NoisyText("".join(out), tuple(gold))


# -- scoring ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    """Token-level detection counts and their precision, recall and F1."""

    tp: int
    fp: int
    fn: int
    tokens: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tokens + other.tokens)


def token_ranges(text: str) -> list[tuple[int, int]]:
    """Whitespace-separated tokens of `text`, as ranges."""
    return [m.span() for m in re.finditer(r"\S+", text)]


def _overlaps(token: tuple[int, int], ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s < token[1] and token[0] < e for s, e in ranges)


def score_tokens(text: str, gold: Iterable[tuple[int, ...]], flagged: Iterable[tuple[int, ...]]) -> Score:
    """ICDAR-style token scoring: a token is erroneous if a gold range touches it, detected if a flag does."""
    gold_r = [(g[0], g[1]) for g in gold]
    flag_r = [(f[0], f[1]) for f in flagged if f[1] > f[0]]
    tp = fp = fn = n = 0
    for tok in token_ranges(text):
        n += 1
        g, f = _overlaps(tok, gold_r), _overlaps(tok, flag_r)
        tp += g and f
        fp += f and not g
        fn += g and not f
    return Score(tp, fp, fn, n)


def main(argv: list[str]) -> int:
    """Command line: noise the text on stdin; gold ranges go to stderr."""
    lang = argv[0] if argv else "en"
    noisy = add_noise(sys.stdin.read(), lang, seed=int(argv[1]) if len(argv) > 1 else 0)
    sys.stdout.write(noisy.text)
    for start, end, op in noisy.gold:
        print(f"{start}\t{end}\t{op}\t{noisy.text[start:end]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
