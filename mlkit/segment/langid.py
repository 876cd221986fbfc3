"""Each word's evidence for the word HMM of a line (a two-cost HMM, stay / switch, run by the compiled core).

Words in scripts that name their language (Hangul, kana) are fixed; Han is shared by zh/ja/ko and follows its
neighbours; Latin, Cyrillic and Arabic words are scored against word frequencies per language. Switching
language between adjacent words costs `switch`, so one ambiguous word never becomes a passage of its own,
while a word no English list knows but a German one does ("Bahnhof") still can.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from mlkit.segment import native
from mlkit.segment.lexicon import HAN_PRIOR, LOG_NAME, scorer
from mlkit.segment.scripts import script_table

LEXICON_SCRIPTS = frozenset({"Latin", "Cyrillic", "Arabic"})


@dataclass(frozen=True, slots=True)
class LangIdParams:
    """Tuning of the word-level HMM (costs are natural-log probabilities)."""

    switch: float = -3.5  # log-probability of changing language between adjacent words
    leave_main: float = -2.0  # extra cost of leaving the document's main language
    name_log_prob: float = LOG_NAME
    max_states: int = 8  # the HMM considers only the best-supported languages of a stretch


@cache
def fixed_emissions(script: str) -> dict[str, float]:
    """Scores for a word whose script alone tells its language (Han: a prior over zh, ja, ko)."""
    if script == "Han":
        top = max(HAN_PRIOR.values())
        return {k: v - top for k, v in HAN_PRIOR.items()}
    info = script_table().get("Hiragana" if script == "Kana" else script)
    return dict.fromkeys(info.candidates if info else ("und",), 0.0)


def known_anywhere(lower: str, cands: tuple[str, ...]) -> bool:
    """True when some language's word list has the word."""
    return scorer(cands).knows(lower)


def confidence(log_odds: float) -> float:
    """Map log-odds evidence to a 0.5–1 confidence (0 → 0.5, 3 → 0.82, 9 → 0.98): 1 - exp(-max(x, 0) / 3) / 2,
    rounded to 4 decimals, as the core's runs have it."""
    return native.core.confidence(log_odds)
