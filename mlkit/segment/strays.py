"""Foreign words no word list knows, inside main-language runs ("herstellungsmethoden", "pragmentong").

The word HMM scores a word that no list knows by letter trigrams only, weakly, so a lone unknown foreign word
rarely pays for a switch and stays in the main language. Here each stretch of at most MAX_WORDS such words
(lower-case, unknown to the main language's list) is scored by the detector of relatives.npz (hashed word
and character n-gram naive Bayes over the main language and the other Latin-script ones) and becomes a run of
its own when some other language beats the main one by more than the detector's threshold. The unknown words
are found by the plain-word scanner of the trigger scan (compiled when built), so the cost is small.
"""

from __future__ import annotations

import math
from collections.abc import Container
from functools import lru_cache

import regex

from mlkit.segment import native, relatives, unknown
from mlkit.segment.langid import confidence
from mlkit.segment.lexicon import korean_name_pattern
from mlkit.segment.runs import Run

MAX_WORDS = 3
WORD = regex.compile(r"[\p{L}\p{M}\d]+(?:['’\-][\p{L}\p{M}\d]+)*")
CAPITALISED = regex.compile(r"\b[A-Z][a-z]{2,}\b")
KOREAN_CONTEXT = 3  # distinct romanised Korean names (Nampho, Chollima, Paduk) nearby make a text about Korea
MAX_NAME_LETTERS = 40
KOREAN_WINDOW = 600  # characters on each side of a word where those names are looked for


@lru_cache(maxsize=1 << 15)
def _romanised_korean(lower: str) -> bool:
    """Whether a lower-case word is made of romanised Korean syllables (the same words come back: remembered)."""
    # a name is a few syllables; on a long word the pattern's backtracking would take time growing with its square
    return len(lower) <= MAX_NAME_LETTERS and korean_name_pattern().fullmatch(lower) is not None


def korean_context(text: str, at: int, known: Container[str]) -> bool:
    """True when the text around `at` names several Korean places or things in romanisation: there a
    lower-case romanised Korean word ("paduk", "juche") is at home in English, as the word HMM also holds."""
    lo, hi = max(0, at - KOREAN_WINDOW), at + KOREAN_WINDOW
    found = native.core.capitalised(text, lo, hi)  # None where a letter beyond ASCII touches a candidate
    if found is None:
        found = CAPITALISED.findall(text[lo:hi])
    names = {w.lower() for w in set(found) if _korean_name(w, known)}
    return len(names) >= KOREAN_CONTEXT


@lru_cache(maxsize=1 << 15)
def _korean_name(word: str, known: Container[str]) -> bool:
    """Whether a capitalised word is a romanised Korean name the main language does not know (remembered)."""
    lower = word.lower()
    return lower not in known and _romanised_korean(lower)


def find_strays(text: str, runs: list[Run], main: str, model: relatives.Model | None = None,
                found: list[tuple[int, int]] | None = None) -> list[Run]:
    """Runs with stretches of unknown words inside Latin-script main-language runs split off as runs of the
    language the detector finds, when it is sure enough. `found`: the unknown-word stretches the trigger scan
    already gave (runs.document_runs); scanned here when not given."""
    if not any(r.lang == main and r.script == "Latin" for r in runs):
        return runs
    if found is None:
        found = unknown.scanner(main).triggers(text, 0, len(text), unknown.COST, False).stretches
    if not found:
        return runs  # decided before the model is loaded: most texts have no unknown word
    model = model or relatives.load_model()
    detector = model.detector if model is not None else None
    if detector is None or main not in detector.langs:
        return runs
    known = unknown.known_words(main)
    hits = _hits(text, runs, main, found, known)
    if not hits:
        return runs
    own = detector.langs.index(main)
    out: list[Run] = []
    for k, run in enumerate(runs):
        if k in hits:
            out.extend(_split(text, run, _stretches(text, sorted(set(hits[k]))), detector, own))
        else:
            out.append(run)
    return out


def _hits(text: str, runs: list[Run], main: str, found: list[tuple[int, int]],
          known: Container[str]) -> dict[int, list[tuple[int, int]]]:
    """Run index → the unknown candidate words in it, for the main-language Latin runs the stretches touch.

    The compiled core joins overlapping stretches, widens each to its words' letters (not back past where the
    words looked at before end, so a long word is read once), and keeps the lower-case words of MIN_LETTERS or
    more that the main language's list lacks and that stand alone (no part of an address, a path, a hyphenated
    or elided compound: neither neighbour a letter, digit or one of _@./\\'’&#- before, _@/\\'’&- after, no
    letter after a dot); a romanised Korean word in a Korean context is asked about."""
    return native.core.stray_words(native.char_table(), text, found, runs, main, known, unknown.MIN_LETTERS,
                                   lambda w, at: _romanised_korean(w) and korean_context(text, at, known))


def _stretches(text: str, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of at most MAX_WORDS consecutive unknown words on one line, separated by single spaces."""
    out: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    for a, b in hits:
        if cur and (text[cur[-1][1] : a] != " " or len(cur) == MAX_WORDS):
            out.append((cur[0][0], cur[-1][1]))
            cur = []
        cur.append((a, b))
    if cur:
        out.append((cur[0][0], cur[-1][1]))
    return out


@lru_cache(maxsize=1 << 14)
def _verdict(detector: relatives.Group, own: int, stretch: str) -> tuple[int, float]:
    """The likeliest other language of a stretch and its log-odds over the main one (the same unknown words
    come back often: remembered)."""
    s = relatives.scores(detector, stretch)
    others = list(s)
    others[own] = -math.inf
    best = max(range(len(others)), key=others.__getitem__)  # the first best
    return best, s[best] - s[own]


def _split(text: str, run: Run, stretches: list[tuple[int, int]], detector: relatives.Group,
           own: int) -> list[Run]:
    """The run cut around the stretches the detector reads as another language."""
    out: list[Run] = []
    pos = run.start
    for a, b in stretches:
        best, margin = _verdict(detector, own, text[a:b])
        if margin <= detector.threshold:
            continue
        out.extend(_main_piece(text, run, pos, a))
        out.append(Run(a, b, detector.langs[best], "Latin", confidence(margin), len(WORD.findall(text, a, b)),
                       margin))
        pos = b
    if pos == run.start:
        return [run]
    out.extend(_main_piece(text, run, pos, run.end))
    return out


def _main_piece(text: str, run: Run, start: int, end: int) -> list[Run]:
    """What is left of a main-language run between two foreign stretches, if it has letters."""
    words = native.core.count_words(text, start, end)  # len(text[start:end].split())
    if not any(c.isalpha() for c in text[start:end]):
        return []
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Run(start, end, run.lang, run.script, run.confidence, words, run.foreign)]
