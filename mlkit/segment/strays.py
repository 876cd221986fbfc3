"""Foreign words no word list knows, inside main-language runs ("herstellungsmethoden", "pragmentong").

The word HMM scores a word that no list knows by letter trigrams only, weakly, so a lone unknown foreign word
rarely pays for a switch and stays in the main language. Here each stretch of at most MAX_WORDS such words
(lower-case, unknown to the main language's list) is scored by the detector of relatives.npz (hashed word
and character n-gram naive Bayes over the main language and the other Latin-script ones) and becomes a run of
its own when some other language beats the main one by more than the detector's threshold.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import regex

from mlkit.segment import relatives
from mlkit.segment.langid import confidence
from mlkit.segment.lexicon import frequencies, known_names, korean_name_pattern
from mlkit.segment.runs import Run

MIN_LETTERS = 4
MAX_WORDS = 3
# a lower-case word standing alone: not part of an address, a path, a hyphenated or elided compound
UNKNOWN_CANDIDATE = regex.compile(
    r"(?<![\w@./\\'’&#\-])\p{Ll}[\p{Ll}\p{M}]{" + str(MIN_LETTERS - 1) + r",}(?![\w@/\\'’&\-]|\.\w)"
)
WORD = regex.compile(r"[\p{L}\p{M}\d]+(?:['’\-][\p{L}\p{M}\d]+)*")


@cache
def _known(main: str) -> frozenset[str]:
    """The main language's word list, and the names and terms that are neutral in it (data/segment/names.txt)."""
    return frozenset(frequencies(main)) | known_names()


CAPITALISED = regex.compile(r"\b[A-Z][a-z]{2,}\b")
KOREAN_CONTEXT = 3  # distinct romanised Korean names (Nampho, Chollima) that make a text one about Korea


def korean_context(text: str, known: frozenset[str]) -> bool:
    """True when the text names several Korean places or things in romanisation: there a lower-case
    romanised Korean word ("paduk", "juche") is at home in English, as the word HMM also holds."""
    pattern = korean_name_pattern()
    names = {w for w in set(CAPITALISED.findall(text)) if w.lower() not in known and pattern.fullmatch(w.lower())}
    return len(names) >= KOREAN_CONTEXT


def find_strays(text: str, runs: list[Run], main: str, model: relatives.Model | None = None) -> list[Run]:
    """Runs with stretches of unknown words inside Latin-script main-language runs split off as runs of the
    language the detector finds, when it is sure enough."""
    model = model or relatives.load_model()
    detector = model.detector if model is not None else None
    if detector is None or main not in detector.langs:
        return runs
    known = _known(main)
    own = detector.langs.index(main)
    out: list[Run] = []
    korean: bool | None = None  # found out only when needed
    for run in runs:
        if run.lang != main or run.script != "Latin":
            out.append(run)
            continue
        piece = text[run.start : run.end]
        if not set(UNKNOWN_CANDIDATE.findall(piece)) - known:  # the common case, at C speed
            out.append(run)
            continue
        if korean is None:
            korean = korean_context(text, known)
        out.extend(_split(text, run, _stretches(text, run, known, korean), detector, own))
    return out


def _stretches(text: str, run: Run, known: frozenset[str], korean: bool) -> list[tuple[int, int]]:
    """Spans of at most MAX_WORDS consecutive unknown candidate words on one line, separated by single
    spaces (romanised Korean words count as known in a text about Korea)."""
    pattern = korean_name_pattern()
    out: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    for m in UNKNOWN_CANDIDATE.finditer(text, run.start, run.end):
        if m.group() in known or (korean and pattern.fullmatch(m.group())):
            if cur:
                out.append((cur[0][0], cur[-1][1]))
                cur = []
            continue
        if cur and (text[cur[-1][1] : m.start()] != " " or len(cur) == MAX_WORDS):
            out.append((cur[0][0], cur[-1][1]))
            cur = []
        cur.append((m.start(), m.end()))
    if cur:
        out.append((cur[0][0], cur[-1][1]))
    # only stretches that are whole words between other words: a candidate touching a word the pattern
    # skipped (a capitalised name, a number) is not a stretch of its own
    return [(a, b) for a, b in out if _bare(text, a, b, run)]


def _bare(text: str, a: int, b: int, run: Run) -> bool:
    """True when the characters just outside [a, b) are not letters or digits joined to it."""
    before = text[a - 1] if a > run.start else " "
    after = text[b] if b < run.end else " "
    return not (before.isalnum() or after.isalnum())


def _split(text: str, run: Run, stretches: list[tuple[int, int]], detector: relatives.Group,
           own: int) -> list[Run]:
    """The run cut around the stretches the detector reads as another language."""
    out: list[Run] = []
    pos = run.start
    for a, b in stretches:
        s = relatives.scores(detector, text[a:b])
        others = s.copy()
        others[own] = -np.inf
        best = int(np.argmax(others))
        margin = float(s[best] - s[own])
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
    words = len(WORD.findall(text, start, end))
    if not any(c.isalpha() for c in text[start:end]):
        return []
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Run(start, end, run.lang, run.script, run.confidence, words, run.foreign)]
