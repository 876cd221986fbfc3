"""Lazy access to the kiwipiepy morphological analyzer, with cached per-word analyses."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any


@dataclass(frozen=True, slots=True)
class Analysis:
    """Kiwi's best analysis of one word: its log score, morphemes as (form, tag), and which are unknown."""

    score: float
    morphemes: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]


@cache
def analyzer(light: bool = False) -> Any | None:
    """The Kiwi analyzer, loaded once (it takes about two seconds); None when kiwipiepy is not installed.

    `light` leaves out the typo and multi-word dictionaries, which loads in about 1 s instead of 3: enough for
    content words (mlkit.align.lexical), not for the lexicon checks of the noise flags."""
    options = {"load_typo_dict": False, "load_multi_dict": False} if light else {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from kiwipiepy import Kiwi

            return Kiwi(num_workers=1, **options)
    except Exception:  # an absent or broken model package only disables what needs Kiwi
        return None


def available() -> bool:
    """True when kiwipiepy and its model can be loaded."""
    return analyzer() is not None


@lru_cache(maxsize=200_000)
def analyze(word: str) -> Analysis:
    """Best analysis of a single word (no spaces), cached because candidates repeat across a document."""
    kiwi = analyzer()
    if kiwi is None or not word:
        return Analysis(0.0, (), ())
    tokens, score = kiwi.analyze(word, top_n=1)[0]
    unknown = tuple(t.form for t in tokens if t.oov)
    return Analysis(float(score), tuple((t.form, t.tag) for t in tokens), unknown)


def respace(text: str) -> str:
    """Kiwi's spacing of `text` with its spaces removed, e.g. 내가작성된 → 내가 작성된."""
    kiwi = analyzer()
    if kiwi is None:
        return text
    return str(kiwi.space(text.replace(" ", ""), reset_whitespace=True))


@lru_cache(maxsize=200_000)
def analyze_spaced(text: str) -> float:
    """Kiwi's best score for a short stretch that may contain spaces (a word between its neighbours)."""
    kiwi = analyzer()
    if kiwi is None or not text:
        return 0.0
    return float(kiwi.analyze(text, top_n=1)[0][1])
