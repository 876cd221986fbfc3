"""Lazy access to the kiwipiepy morphological analyzer, with cached per-word analyses."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

VARIANT_CUTOFF = 3.0  # Kiwi's search cutoff when scoring spelling variants (its default is 8)


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
    """Kiwi's best analysis of a text, as `analyzer().analyze(text, top_n=1)[0]` gives it (see `_best_with`)."""
    return _best_with(None)


@cache
def _variant_best() -> Callable[[str], tuple[list[Any], float]] | None:
    """`_best` with Kiwi's search cutoff at VARIANT_CUTOFF, for scoring spelling variants."""
    return _best_with(VARIANT_CUTOFF)


def _best_with(cutoff: float | None) -> Callable[[str], tuple[list[Any], float]] | None:
    """Kiwi's best analysis of a text, as `analyzer().analyze(text, top_n=1)[0]` gives it, or None when Kiwi is
    not available; with `cutoff`, Kiwi's search keeps fewer paths (its `cutoff_threshold`, 8 by default).

    Kiwi.analyze converts its keyword options (enum flags, dialects, typo model) on every call, which costs about
    as much as analysing a short word; the noise checks analyse some twenty spellings of each word, so the options
    are converted once here and the analyser's own method called with them. The shortcut is taken only when it
    gives exactly what Kiwi.analyze gives on a probe (else, as on another kiwipiepy, the public method is used).
    """
    kiwi = analyzer()
    if kiwi is None:
        return None
    config = None
    if cutoff is not None:
        import dataclasses

        config = dataclasses.replace(kiwi.global_config, cutoff_threshold=cutoff)

    def public(text: str) -> tuple[list[Any], float]:
        return kiwi.analyze(text, top_n=1, override_config=config)[0]

    if cutoff is not None:  # the shortcut where the default analysis takes it (checked once, below)
        return _direct(kiwi, config) if getattr(_best(), "__name__", "") == "direct" else public
    try:
        direct = _direct(kiwi, kiwi.global_config)
        if kiwi._pretokenized_pats:
            raise ValueError("pretokenized patterns need the public method")
        for probe in ("조선로동당 중앙위원회", "발전과", "퀸럼", "ㄱ나다abc 123"):
            a, b = direct(probe), public(probe)
            if a[1] != b[1] or [(t.form, t.tag, t.start, t.len) for t in a[0]] != [
                (t.form, t.tag, t.start, t.len) for t in b[0]
            ]:
                raise ValueError("the shortcut differs from Kiwi.analyze")
        return direct
    except Exception:  # another kiwipiepy: the public method
        return public


def _direct(kiwi: Any, config: Any) -> Callable[[str], tuple[list[Any], float]]:
    """Kiwi's compiled analyze with the options of `Kiwi.analyze(text, top_n=1)` converted once."""
    from kiwipiepy._wrap import Dialect, Match, _convert_dialect, _convert_oov_handling, _convert_typos

    native = type(kiwi).__mro__[1].analyze  # the compiled class under kiwipiepy.Kiwi
    options = Match.ALL | Match.Z_CODA | _convert_oov_handling(None)
    dialects, typos = _convert_dialect(Dialect.STANDARD), _convert_typos(None)

    def direct(text: str) -> tuple[list[Any], float]:
        return native(kiwi, text, 1, options, False, None, False, dialects, 3.0, typos, 2.5, None, config)[0]

    return direct


@lru_cache(maxsize=1 << 15)
def analyze(word: str) -> Analysis:
    """Best analysis of a single word (no spaces), cached because candidates repeat across a document (32,768
    words, some 40 MB with the noise checks' own caches: a long Korean corpus no longer grows them to 200,000)."""
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
    each word's verdict themselves. Kiwi searches with a lower cutoff here (VARIANT_CUTOFF): a fifth faster, and
    the noise flags on the real-OCR tuning lines and kpc-nk text were the same but for one (see docs/noise.md)."""
    best = _variant_best()
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


def analyze_spaced(text: str) -> float:
    """Kiwi's best score for a short stretch that may contain spaces (a word between its neighbours)."""
    return spaced_reading(text)[0]


@lru_cache(maxsize=1 << 12)
def spaced_reading(text: str) -> tuple[float, tuple[tuple[str, int], ...]]:
    """Kiwi's best score for a short stretch that may contain spaces, and the (tag, start) of each morpheme; a
    small cache, as a word with its neighbours seldom comes again (3% of calls on kpc-nk dev)."""
    best = _best()
    if best is None or not text:
        return 0.0, ()
    tokens, score = best(text)
    return float(score), tuple((t.tag, t.start) for t in tokens)
