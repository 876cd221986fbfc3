"""Lazy access to the kiwipiepy morphological analyzer, with cached per-word analyses."""

from __future__ import annotations

import warnings
from collections.abc import Callable
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
def analyzer() -> Any | None:
    """The Kiwi analyzer, loaded once; None when kiwipiepy is not installed.

    Its typo and multi-word dictionaries are left out: it loads in about 0.5 s instead of 2 and takes some 340 MB
    instead of 530 once it has analysed a word. The multi-word dictionary reads a few foreign names written as
    one word as one (다크나이트, 미국환경보호국); without it the noise flags scored the same on the held-out half of
    the real-OCR benchmark (bench/noise.py, both renderings), and one analyzer serves noise and align alike."""
    options = {"load_typo_dict": False, "load_multi_dict": False}
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


@cache
def _best() -> Callable[[str], tuple[list[Any], float]] | None:
    """Kiwi's best analysis of a text, as `analyzer().analyze(text, top_n=1)[0]` gives it, or None when Kiwi is
    not available.

    Kiwi.analyze converts its keyword options (enum flags, dialects, typo model) on every call, which costs about
    as much as analysing a short word; the noise checks analyse some twenty spellings of each word, so the options
    are converted once here and the analyser's own method called with them. The shortcut is taken only when it
    gives exactly what Kiwi.analyze gives on a probe (else, as on another kiwipiepy, the public method is used).
    """
    kiwi = analyzer()
    if kiwi is None:
        return None

    def public(text: str) -> tuple[list[Any], float]:
        return kiwi.analyze(text, top_n=1)[0]

    try:
        from kiwipiepy._wrap import Dialect, Match, _convert_dialect, _convert_oov_handling, _convert_typos

        native = type(kiwi).__mro__[1].analyze  # the compiled class under kiwipiepy.Kiwi
        options = Match.ALL | Match.Z_CODA | _convert_oov_handling(None)
        dialects, typos, config = _convert_dialect(Dialect.STANDARD), _convert_typos(None), kiwi.global_config

        def direct(text: str) -> tuple[list[Any], float]:
            return native(kiwi, text, 1, options, False, None, False, dialects, 3.0, typos, 2.5, None, config)[0]

        if kiwi._pretokenized_pats:
            return public
        for probe in ("조선로동당 중앙위원회", "발전과", "퀸럼", "ㄱ나다abc 123"):
            a, b = direct(probe), public(probe)
            if a[1] != b[1] or [(t.form, t.tag, t.start, t.len) for t in a[0]] != [
                (t.form, t.tag, t.start, t.len) for t in b[0]
            ]:
                return public
        return direct
    except Exception:  # another kiwipiepy: the public method
        return public


@lru_cache(maxsize=200_000)
def analyze(word: str) -> Analysis:
    """Best analysis of a single word (no spaces), cached because candidates repeat across a document."""
    best = _best()
    if best is None or not word:
        return Analysis(0.0, (), ())
    tokens, score = best(word)
    unknown = tuple(t.form for t in tokens if t.oov)
    return Analysis(float(score), tuple(_morpheme(t.form, t.tag) for t in tokens), unknown)


_MORPHEMES: dict[tuple[str, str], tuple[str, str]] = {}


def _morpheme(form: str, tag: str) -> tuple[str, str]:
    """One shared (form, tag) pair per morpheme: the analyses kept in the cache repeat the same particles and
    endings, and a tuple of two strings of its own for each costs some 150 bytes."""
    pair = (form, tag)
    return _MORPHEMES.setdefault(pair, pair) if len(_MORPHEMES) < 1 << 18 else pair


@lru_cache(maxsize=1 << 12)
def known_score(word: str) -> float | None:
    """Kiwi's score of a word's best analysis when it has no unknown morpheme, else None (as `analyze` would tell,
    without building the analysis: the noise checks ask this of every spelling variant of a word). A small
    cache: the variants of different words seldom meet (under 1% of calls on kpc-nk dev), and the checks keep
    each word's verdict themselves."""
    best = _best()
    if best is None or not word:
        return 0.0
    tokens, score = best(word)
    for t in tokens:
        if t.oov:
            return None
    return float(score)


def respace(text: str) -> str:
    """Kiwi's spacing of `text` with its spaces removed, e.g. 내가작성된 → 내가 작성된."""
    kiwi = analyzer()
    if kiwi is None:
        return text
    return str(kiwi.space(text.replace(" ", ""), reset_whitespace=True))


@lru_cache(maxsize=1 << 12)
def analyze_spaced(text: str) -> float:
    """Kiwi's best score for a short stretch that may contain spaces (a word between its neighbours); a small
    cache, as a word with its neighbours seldom comes again (3% of calls on kpc-nk dev)."""
    best = _best()
    if best is None or not text:
        return 0.0
    return float(best(text)[1])
