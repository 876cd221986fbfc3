"""Language of each word in a line: a two-cost HMM (stay / switch) over per-word lexicon evidence.

Words in scripts that name their language (Hangul, kana) are fixed; Han is shared by zh/ja/ko and follows its
neighbours; Latin, Cyrillic and Arabic words are scored against word frequencies per language. Switching
language between adjacent words costs `switch`, so one ambiguous word never becomes a passage of its own,
while a word no English list knows but a German one does ("Bahnhof") still can.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache, lru_cache

from mlkit.segment.lexicon import HAN_PRIOR, LOG_NAME, log_probs, lookup, shape
from mlkit.segment.scripts import Token, script_table

NEG = -1e9
RULED_OUT = -30.0  # a word's evidence for a language its script cannot write
SENTENCE_END = frozenset('.!?:;"“«(\n')
LEXICON_SCRIPTS = frozenset({"Latin", "Cyrillic", "Arabic"})


@dataclass(frozen=True, slots=True)
class LangIdParams:
    """Tuning of the word-level HMM (costs are natural-log probabilities)."""

    switch: float = -3.5  # log-probability of changing language between adjacent words
    leave_main: float = -2.0  # extra cost of leaving the document's main language
    name_log_prob: float = LOG_NAME
    max_states: int = 8  # the HMM considers only the best-supported languages of a stretch


@dataclass(frozen=True, slots=True)
class Word:
    """A word (one or more script pieces with no gap) with its emission score per language."""

    start: int
    end: int
    script: str
    scores: dict[str, float]
    best: tuple[str, ...] = ()  # the languages scoring 0, unless every language does (a name: no evidence)


def group_words(tokens: list[Token]) -> list[list[Token]]:
    """Join script pieces that touch ("GS" + "이스토어") into one word."""
    words: list[list[Token]] = []
    for tok in tokens:
        if words and words[-1][-1].end == tok.start:
            words[-1].append(tok)
        else:
            words.append([tok])
    return words


def word_script(pieces: list[Token]) -> str:
    """The script that decides a word's language: its longest non-Latin piece, else Latin."""
    if len(pieces) == 1:
        return pieces[0].script
    scripts = {p.script for p in pieces}
    if "Kana" in scripts:
        return "Kana"
    others = [p for p in pieces if p.script != "Latin"]
    if not others:
        return "Latin"
    return max(others, key=lambda p: p.end - p.start).script


def _sentence_initial(text: str, start: int, line_start: int) -> bool:
    i = start - 1
    while i >= line_start and text[i] in " \t\u00a0\u3000'‘\"“*_([":
        i -= 1
    return i < line_start or text[i] in SENTENCE_END


def score_word(text: str, pieces: list[Token], line_start: int, params: LangIdParams) -> Word:
    """Emission log-scores of one word for each language its script allows (0 for the best)."""
    start, end = pieces[0].start, pieces[-1].end
    script = pieces[0].script if len(pieces) == 1 else word_script(pieces)
    if script not in LEXICON_SCRIPTS:
        scores = _fixed_emissions(script)
        return Word(start, end, script, scores, _best(scores))
    word = text[start:end]
    capital = word[:1].isupper()
    initial = capital and _sentence_initial(text, start, line_start)
    entity = start > 0 and text[start - 1] == "&" and text.startswith(";", end)  # &ldquo; and the like
    scores = _emissions(word, script, capital, initial, entity, params.name_log_prob)
    return Word(start, end, script, scores, _best(scores))


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


def viterbi(words: list[Word], main: str, params: LangIdParams) -> list[str]:
    """Most likely language per word under stay/switch transitions, starting and ending in the main language."""
    if not words:
        return []
    states = _likely_states(words, main, params.max_states)
    k = len(states)
    main_i = states.index(main)
    switch = params.switch
    enter = [switch + (params.leave_main if i != main_i else 0.0) for i in range(k)]
    prev = [switch + params.leave_main] * k
    prev[main_i] = 0.0
    back: list[list[int]] = []
    span = range(k)
    for w in words:
        get = w.scores.get
        best_i = max(span, key=prev.__getitem__)
        best = prev[best_i]
        cur = [NEG] * k
        ptr = [best_i] * k
        for i in span:
            e = get(states[i])
            if e is None:
                continue
            stay = prev[i]
            jump = best + enter[i]
            if stay >= jump:
                cur[i] = stay + e
                ptr[i] = i
            else:
                cur[i] = jump + e
        back.append(ptr)
        prev = cur
    # the text after the stretch is in the main language again: ending elsewhere costs a switch back
    final = [v + (switch if i != main_i else 0.0) for i, v in enumerate(prev)]
    j = max(span, key=final.__getitem__)
    out = [states[j]] * len(words)
    for t in range(len(words) - 1, 0, -1):
        j = back[t][j]
        out[t - 1] = states[j]
    return out


def _likely_states(words: list[Word], main: str, limit: int) -> list[str]:
    """The main language and the languages that are best for the most words (at most `limit` of those), and
    for every word none of whose languages is among them, one of its own: its first best language, else its
    first language (by code). Without that, a Cyrillic phrase among many Latin words had no state it could take
    and came out in a Latin-script language."""
    counts: dict[str, int] = {}
    for w in words:
        for k in w.best:
            counts[k] = counts.get(k, 0) + 1
    chosen = {main, *sorted(counts, key=lambda k: (-counts[k], k))[:limit]}
    for w in words:
        if w.best and chosen.isdisjoint(w.scores):
            chosen.add(min(w.best))
    for w in words:
        if chosen.isdisjoint(w.scores):
            chosen.add(min(w.scores))
    return sorted(chosen)


def margin(words: list[Word], lang: str, main: str) -> tuple[float, str, float]:
    """Evidence for `lang` over a stretch of words: log-odds against the best rival (main language or other),
    the runner-up language, and log-odds against the main language alone.

    A language a word's script rules out counts as very unlikely for that word, not as missing evidence.
    """
    langs = {main, lang, *(k for w in words for k in w.best)}
    totals = {k: sum(w.scores.get(k, RULED_OUT) for w in words) for k in langs}
    own = totals[lang]
    vs_main = own - totals[main] if lang != main else math.inf
    rivals = [(v, k) for k, v in totals.items() if k not in (lang, main)]
    if not rivals:
        return min(vs_main, 20.0), lang, min(vs_main, 20.0)
    second, second_lang = max(rivals)
    return min(vs_main, own - second, 20.0), second_lang, min(vs_main, 20.0)


def confidence(log_odds: float) -> float:
    """Map log-odds evidence to a 0.5–1 confidence (0 → 0.5, 3 → 0.82, 9 → 0.98)."""
    return round(1.0 - 0.5 * math.exp(-max(log_odds, 0.0) / 3.0), 4)
