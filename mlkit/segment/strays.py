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
# a word stands alone when neither neighbour is a letter, digit or one of these: not part of an address, a
# path, a hyphenated or elided compound
_BEFORE = frozenset("_@./\\'’&#-")
_AFTER = frozenset("_@/\\'’&-")
_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?"
WORD = regex.compile(r"[\p{L}\p{M}\d]+(?:['’\-][\p{L}\p{M}\d]+)*")


@cache
def _known(main: str) -> frozenset[str]:
    """The main language's word list, and the names and terms that are neutral in it (data/segment/names.txt)."""
    return frozenset(frequencies(main)) | known_names()


KOREAN_CONTEXT = 3  # distinct romanised Korean names (Nampho, Chollima) that make a text one about Korea


def korean_context(words: set[str], known: frozenset[str]) -> bool:
    """True when the words (unknown to the main language) name several Korean places or things in
    romanisation: there a lower-case romanised Korean word ("paduk", "juche") is at home in English, as the
    word HMM also holds."""
    pattern = korean_name_pattern()
    names = {lower for w in words if w[0].isupper() and w[1:].islower()
             and (lower := w.lower()) not in known and pattern.fullmatch(lower)}
    return len(names) >= KOREAN_CONTEXT


def find_strays(text: str, runs: list[Run], main: str, model: relatives.Model | None = None) -> list[Run]:
    """Runs with stretches of unknown words inside Latin-script main-language runs split off as runs of the
    language the detector finds, when it is sure enough."""
    model = model or relatives.load_model()
    detector = model.detector if model is not None else None
    if detector is None or main not in detector.langs:
        return runs
    own_runs = [r for r in runs if r.lang == main and r.script == "Latin"]
    if not own_runs:
        return runs
    known = _known(main)
    # the common case, at C speed: one split of the main-language text, one set difference; then the few
    # tokens left, without their punctuation
    tokens = set("\n".join(text[r.start : r.end] for r in own_runs).split()) - known
    words = {t.strip(_PUNCTUATION) for t in tokens}
    words = {w for w in words if len(w) >= MIN_LETTERS and w.isalpha()} - known
    unknown = sorted(w for w in words if w.islower())
    pattern = korean_name_pattern()
    if any(pattern.fullmatch(w) for w in unknown) and korean_context(words, known):
        unknown = [w for w in unknown if not pattern.fullmatch(w)]
    if not unknown:
        return runs
    hits = _occurrences(text, unknown)
    own = detector.langs.index(main)
    out: list[Run] = []
    k = 0
    for run in runs:
        while k < len(hits) and hits[k][0] < run.start:
            k += 1
        inside: list[tuple[int, int]] = []
        while k < len(hits) and hits[k][1] <= run.end:
            inside.append(hits[k])
            k += 1
        if run.lang != main or run.script != "Latin" or not inside:
            out.append(run)
            continue
        out.extend(_split(text, run, _stretches(text, inside), detector, own))
    return out


def _occurrences(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words stand alone in the text, in text order."""
    hits = []
    n = len(text)
    for w in words:
        i = text.find(w)
        while i >= 0:
            j = i + len(w)
            before = text[i - 1] if i else " "
            after = text[j] if j < n else " "
            if not (before.isalnum() or before in _BEFORE) and not (after.isalnum() or after in _AFTER) and not (
                after == "." and j + 1 < n and text[j + 1].isalnum()
            ):
                hits.append((i, j))
            i = text.find(w, j)
    hits.sort()
    return hits


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
