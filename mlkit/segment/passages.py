"""Grouping runs into passages: same language across line breaks, numbering and short main-language words."""

from __future__ import annotations

from typing import NamedTuple

from mlkit.segment import native
from mlkit.segment.runs import Run

MAX_BLANK_LINES = 2  # a passage goes on across at most this many empty lines
MAX_ABSORBED_WORDS = 3  # main-language words inside one line of a passage ("GS", "WPK") stay in it
MAX_ABSORBED_CHARS = 24
PROSE_CHARS = 40  # across an empty line, a passage goes on only when one side is prose, not a short label


class Passage(NamedTuple):
    """A group of runs in one language."""

    start: int
    end: int
    lang: str
    script: str
    confidence: float


def _gap_ok(text: str, group: list[Run], nxt: Run) -> bool:
    """Runs join when only neutral characters lie between them and, across empty lines, one side is prose
    (a title and its text, numbered points, a signature block) rather than two short labels in a list."""
    gap = text[group[-1].end : nxt.start]
    if not gap.isspace() and any(c.isalpha() for c in gap):
        return False
    newlines = gap.count("\n")
    if newlines <= 1:
        return True
    if newlines > MAX_BLANK_LINES + 1:
        return False
    own = sum(r.end - r.start for r in group if r.lang == nxt.lang)
    line_end = text.find("\n", nxt.start)
    next_line = (len(text) if line_end < 0 else line_end) - nxt.start
    return max(own, next_line) >= PROSE_CHARS


def group_passages(text: str, runs: list[Run], main: str) -> list[Passage]:
    """Passages of every language other than `main`, in text order (by the compiled core when built)."""
    compiled = native.core()
    if compiled is not None:
        rows = compiled.group_passages(text, runs if isinstance(runs, list) else list(runs), main, MAX_BLANK_LINES,
                                       MAX_ABSORBED_WORDS, MAX_ABSORBED_CHARS, PROSE_CHARS)
        return list(map(Passage._make, rows))
    passages: list[list[Run]] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if run.lang == main:
            i += 1
            continue
        group = [run]
        j = i + 1
        while j < len(runs):
            nxt = runs[j]
            if nxt.lang == run.lang and _gap_ok(text, group, nxt):
                group.append(nxt)
                j += 1
                continue
            k = _absorbable(text, runs, j, run.lang, main)
            if k is None:
                break
            group.extend(runs[j:k])
            j = k
        passages.append(group)
        i = j
    return [_to_passage(g, main) for g in passages]


def _absorbable(text: str, runs: list[Run], j: int, lang: str, main: str) -> int | None:
    """If runs[j:k] are a few words of other languages on one line ("GS", "(盧武鉉)", "blog") followed by `lang`
    again, return k + 1: they belong to the passage around them."""
    words = 0
    k = j
    while k < len(runs) and runs[k].lang != lang:
        words += max(runs[k].words, 1)
        if words > MAX_ABSORBED_WORDS:  # too many already: no need to look further
            return None
        k += 1
    if k == j or k >= len(runs) or words > MAX_ABSORBED_WORDS:
        return None
    a, b = runs[j - 1].end, runs[k].start
    if text.find("\n", a, b) >= 0 or (b - a > MAX_ABSORBED_CHARS + 2 and runs[j].lang == main):
        return None
    return k + 1


def _to_passage(group: list[Run], main: str) -> Passage:
    if len(group) == 1:  # the common case, with the same arithmetic as below
        r = group[0]
        size = r.end - r.start
        return Passage(r.start, r.end, r.lang, r.script, round(r.confidence * size / (size or 1), 4))
    sizes: dict[str, int] = {}
    for r in group:
        if r.lang != main:
            sizes[r.lang] = sizes.get(r.lang, 0) + (r.end - r.start)
    lang = max(sizes, key=lambda k: sizes[k])
    own = [r for r in group if r.lang == lang]
    size = sum(r.end - r.start for r in own) or 1
    conf = sum(r.confidence * (r.end - r.start) for r in own) / size
    scripts: dict[str, int] = {}
    for r in own:
        scripts[r.script] = scripts.get(r.script, 0) + (r.end - r.start)
    script = max(scripts, key=lambda k: scripts[k])
    return Passage(group[0].start, group[-1].end, lang, script, round(conf, 4))
