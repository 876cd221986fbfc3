"""Each word's evidence for the word HMM of a line (a two-cost HMM, stay / switch, run by the compiled core).

Words in scripts that name their language (Hangul, kana) are fixed; Han is shared by zh/ja/ko and follows its
neighbours; Latin, Cyrillic and Arabic words are scored against word frequencies per language. Switching
language between adjacent words costs `switch`, so one ambiguous word never becomes a passage of its own,
while a word no English list knows but a German one does ("Bahnhof") still can.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

from mlkit.segment import native
from mlkit.segment.lexicon import HAN_PRIOR, LOG_NAME, log_probs, lookup, shape
from mlkit.segment.scripts import script_table

LEXICON_SCRIPTS = frozenset({"Latin", "Cyrillic", "Arabic"})


@dataclass(frozen=True, slots=True)
class LangIdParams:
    """Tuning of the word-level HMM (costs are natural-log probabilities)."""

    switch: float = -3.5  # log-probability of changing language between adjacent words
    leave_main: float = -2.0  # extra cost of leaving the document's main language
    name_log_prob: float = LOG_NAME
    max_states: int = 8  # the HMM considers only the best-supported languages of a stretch


_BEST: dict[int, tuple[dict[str, float], tuple[str, ...]]] = {}


def _best(scores: dict[str, float]) -> tuple[str, ...]:
    """The best languages of a cached emission dict (memoised by identity: the dicts live in caches). The entry
    keeps its dict, so the id cannot be reused by a new dict once `_emissions` has evicted the old one."""
    key = id(scores)
    hit = _BEST.get(key)
    if hit is not None and hit[0] is scores:
        return hit[1]
    best = tuple(k for k, v in scores.items() if v == 0.0)
    if len(best) == len(scores) > 1:
        best = ()
    if len(_BEST) >= 1 << 17:  # as many as _emissions holds
        _BEST.clear()
    _BEST[key] = (scores, best)
    return best


@cache
def _fixed_emissions(script: str) -> dict[str, float]:
    """Scores for a word whose script alone tells its language (Han: a prior over zh, ja, ko)."""
    if script == "Han":
        top = max(HAN_PRIOR.values())
        return {k: v - top for k, v in HAN_PRIOR.items()}
    info = script_table().get("Hiragana" if script == "Kana" else script)
    return dict.fromkeys(info.candidates if info else ("und",), 0.0)


@lru_cache(maxsize=1 << 17)
def _emissions(
    word: str, script: str, capital: bool, initial: bool, entity: bool, name_log_prob: float
) -> dict[str, float]:
    """Scores of a Latin, Cyrillic or Arabic word (cached: callers must not change the dict)."""
    info = script_table()[script]
    cands = info.candidates
    if len(cands) == 1:
        return {cands[0]: 0.0}
    sh = shape(word)
    # single letters (initials, "n.d.", "a") are written alike in too many languages to tell anything
    if sh.acronym or sh.korean_name or entity or len(sh.lower) == 1:
        return dict.fromkeys(cands, 0.0)
    if capital and word.isupper():  # a word set in capitals ("INGEN GARANTI") is no name
        capital = initial = False
    # a capitalised word may be a name: inside a sentence, or anywhere when no word list knows it
    name = capital and (not initial or not known_anywhere(sh.lower, cands))
    values = _lexicon_scores(sh.lower, cands, name_log_prob if name else None)
    top = max(values)
    return {k: v - top for k, v in zip(cands, values, strict=True)}


@lru_cache(maxsize=1 << 16)
def known_anywhere(lower: str, cands: tuple[str, ...]) -> bool:
    """True when some language's word list has the word."""
    return any(lower in lookup(lang) for lang in cands)


def lexicon_scores(lower: str, cands: tuple[str, ...]) -> tuple[float, ...]:
    """Log-probability of a lowercased word in each of `cands` (cached)."""
    return _lexicon_scores(lower, cands, None)


@lru_cache(maxsize=1 << 16)
def _lexicon_scores(lower: str, cands: tuple[str, ...], name_log_prob: float | None) -> tuple[float, ...]:
    scores = list(log_probs(lower, cands))
    if name_log_prob is not None:
        scores = [_logaddexp(v, name_log_prob) for v in scores]
    return tuple(scores)


def _logaddexp(a: float, b: float) -> float:
    hi, lo = (a, b) if a > b else (b, a)
    return hi + math.log1p(math.exp(lo - hi))


def confidence(log_odds: float) -> float:
    """Map log-odds evidence to a 0.5–1 confidence (0 → 0.5, 3 → 0.82, 9 → 0.98): 1 - exp(-max(x, 0) / 3) / 2,
    rounded to 4 decimals, as the core's runs have it."""
    return native.core.confidence(log_odds)
