"""Reviewer edits to alignment beads (merge, split, move a sentence), replayed over the pipeline's beads.

A bead is `(source range, target range, score)`; a range is `(start, end)` in its document or `()` for an
unpaired side. Every function is pure and returns a new list, so the current beads are the original ones with
the recorded edits applied in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Range = tuple[int, ...]
Bead = tuple[Range, Range, float]
Sentences = Callable[[int, int], list[tuple[int, int]]]


def _join(a: Range, b: Range) -> Range:
    if not a:
        return b
    if not b:
        return a
    return (min(a[0], b[0]), max(a[1], b[1]))


def merge(beads: Sequence[Bead], i: int) -> list[Bead]:
    """Bead `i` and the next one become one bead (its score the lower of the two)."""
    if not 0 <= i < len(beads) - 1:
        return list(beads)
    (s1, t1, c1), (s2, t2, c2) = beads[i], beads[i + 1]
    return [*beads[:i], (_join(s1, s2), _join(t1, t2), min(c1, c2)), *beads[i + 2 :]]


def split(beads: Sequence[Bead], i: int, src_sentences: Sentences, tgt_sentences: Sentences) -> list[Bead]:
    """Bead `i` becomes two: the first sentence of each side, then the rest (a side with one sentence leaves
    the second bead empty on that side). Nothing changes when neither side has two sentences."""
    if not 0 <= i < len(beads):
        return list(beads)
    s, t, c = beads[i]
    s_head, s_rest = _head(s, src_sentences)
    t_head, t_rest = _head(t, tgt_sentences)
    if not s_rest and not t_rest:
        return list(beads)
    return [*beads[:i], (s_head, t_head, c), (s_rest, t_rest, c), *beads[i + 1 :]]


def _head(r: Range, sentences: Sentences) -> tuple[Range, Range]:
    if not r:
        return (), ()
    units = sentences(r[0], r[1])
    if len(units) < 2:
        return r, ()
    return (r[0], units[0][1]), (units[1][0], r[1])


def move(beads: Sequence[Bead], i: int, side: str, down: bool, sentences: Sentences) -> list[Bead]:
    """Move one sentence across the border of beads `i` and `i + 1` on `side` ("src" or "tgt"): the last
    sentence of bead `i` down into the next bead, or (`down` false) the first of the next bead up into bead `i`."""
    if not 0 <= i < len(beads) - 1:
        return list(beads)
    k = 0 if side == "src" else 1
    upper, lower = beads[i][k], beads[i + 1][k]
    if down:
        if not upper:
            return list(beads)
        units = sentences(upper[0], upper[1])
        last = units[-1] if units else (upper[0], upper[1])
        new_upper: Range = (upper[0], _trim_end(units)) if len(units) > 1 else ()
        new_lower = _join((last[0], last[1]), lower)
    else:
        if not lower:
            return list(beads)
        units = sentences(lower[0], lower[1])
        first = units[0] if units else (lower[0], lower[1])
        new_lower = (units[1][0], lower[1]) if len(units) > 1 else ()
        new_upper = _join(upper, (first[0], first[1]))
    out = list(beads)
    out[i] = _with(beads[i], k, new_upper)
    out[i + 1] = _with(beads[i + 1], k, new_lower)
    return [b for b in out if b[0] or b[1]]


def _trim_end(units: list[tuple[int, int]]) -> int:
    return units[-2][1]


def _with(bead: Bead, k: int, r: Range) -> Bead:
    return (r, bead[1], bead[2]) if k == 0 else (bead[0], r, bead[2])


def sentence_splitter(text: str, lang: str) -> Sentences:
    """Sentence ranges of `text[start:end]` as document offsets (the aligner's own sentence rules)."""
    from mlkit.align.sentences import split_sentences

    def sentences(start: int, end: int) -> list[tuple[int, int]]:
        units = split_sentences(text[start:end], lang)
        return [(start + u.start, start + u.end) for u in units] or [(start, end)]

    return sentences
