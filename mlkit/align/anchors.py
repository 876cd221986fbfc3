"""Anchors that support a sentence pairing beside the embeddings: shared numbers and a plausible length ratio."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import regex

from mlkit.resources import read_tsv


@cache
def _number_words() -> tuple[dict[str, float], dict[str, str], dict[str, str], regex.Pattern[str]]:
    """Scales, number words and month names of `data/align/number_words.tsv`, and one pattern finding them."""
    tables: dict[str, dict[str, str]] = {"scale": {}, "word": {}, "month": {}}
    for kind, word, value in read_tsv("align/number_words.tsv"):
        tables[kind][word] = value
    scales = {w: float(v) for w, v in tables["scale"].items()}
    korean = "|".join(w for w in scales if not w.isascii())
    english = "|".join(w for w in scales if w.isascii())
    words = "|".join([*tables["word"], *tables["month"]])
    pattern = regex.compile(
        rf"(?P<num>\d+(?:[.,]\d+)*)(?:\s?(?P<ko>{korean})|\s(?P<en>{english})\b)?|(?i:\b(?P<word>{words})\b)"
    )
    return scales, tables["word"], tables["month"], pattern


def _canonical(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def numbers(text: str) -> frozenset[str]:
    """The numbers of `text`: digits with commas dropped ("1,000" → "1000"; "8.15" stays whole), scaled by a
    following 만/억/million ("290만" and "2.9 million" → "2900000"), English number words ("two" → "2"), and
    month names next to a number ("June 15" → "6", "15")."""
    scales, words, months, pattern = _number_words()
    out = set()
    for m in pattern.finditer(text):
        if m.group("num"):
            digits = m.group("num").replace(",", "")
            scale = m.group("ko") or m.group("en")
            if scale and regex.fullmatch(r"\d+(?:\.\d+)?", digits):
                out.add(_canonical(float(digits) * scales[scale.lower()]))
            else:
                out.add(digits)
            continue
        word = m.group("word").lower()
        if word in words:
            out.add(words[word])
        elif regex.match(r"\s*\d", text[m.end() :]) or regex.search(r"\d\s*$", text[: m.start()]):
            out.add(months[word])
    return frozenset(out)


def _pairwise(src: Sequence[frozenset[str]], tgt: Sequence[frozenset[str]],
              score: Callable[[frozenset[str], frozenset[str]], float]) -> np.ndarray:
    """`score` of every source/target pair of sets; 0 where either side is empty."""
    out = np.zeros((len(src), len(tgt)), dtype=np.float32)
    for i, a in enumerate(src):
        if not a:
            continue
        for j, b in enumerate(tgt):
            if b:
                out[i, j] = score(a, b)
    return out


def number_agreement(src: Sequence[frozenset[str]], tgt: Sequence[frozenset[str]]) -> np.ndarray:
    """Jaccard overlap of the number sets of every source/target pair; 0 where either side has none."""
    return _pairwise(src, tgt, lambda a, b: len(a & b) / len(a | b))


_LATIN_TOKEN = regex.compile(r"\p{Latin}{2,}")


def latin_words(text: str) -> frozenset[str]:
    """Words in Latin letters, lowercased: Korean text quotes foreign names so ("플랫츠(Platts)")."""
    return frozenset(m.group().lower() for m in _LATIN_TOKEN.finditer(text))


def latin_agreement(src: Sequence[frozenset[str]], tgt: Sequence[frozenset[str]]) -> np.ndarray:
    """For every pair, the share of the smaller side's Latin words found on the other side; 0 where either has none."""
    return _pairwise(src, tgt, lambda a, b: len(a & b) / min(len(a), len(b)))


def text_length(text: str) -> int:
    """Length in non-space characters, the measure the length-ratio model is fitted on."""
    return sum(1 for c in text if not c.isspace())


def length_fit(src_lengths: np.ndarray, tgt_lengths: np.ndarray, mean: float, sd: float) -> np.ndarray:
    """Log-likelihood-like score (≤ 0) that units of these lengths translate each other, for all pairs.

    `mean` and `sd` describe log(target length / source length) over true pairs (fitted on dev data).
    """
    ratio = np.log((tgt_lengths[None, :] + 1.0) / (src_lengths[:, None] + 1.0))
    return -0.5 * ((ratio - mean) / sd) ** 2


def fit_length_ratio(src: Sequence[str], tgt: Sequence[str]) -> tuple[float, float]:
    """Mean and standard deviation of log(target/source length) over aligned pairs."""
    logs = [math.log((text_length(t) + 1) / (text_length(s) + 1)) for s, t in zip(src, tgt, strict=True)]
    mean = sum(logs) / len(logs)
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / max(1, len(logs) - 1))
    return mean, sd
