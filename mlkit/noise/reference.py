"""Deviations from a reference version of the text (`--reference FILE`), as flags on the differing words."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mlkit.document import Document, Flag
from mlkit.korean.reference import MIN_MATCHED, Difference, match_reference

_WORD_CHAR = regex.compile(r"[\p{L}\p{N}]")


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen `[start, end)` to whole words (a zero-width gap takes the word before it)."""
    if start == end:
        if start > 0 and _WORD_CHAR.match(text[start - 1]):
            start -= 1
        elif start < len(text) and _WORD_CHAR.match(text[start]):
            end += 1
    while start > 0 and _WORD_CHAR.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD_CHAR.match(text[end]):
        end += 1
    return start, end


def _describe(d: Difference) -> str:
    if d.kind == "substitution":
        return f"differs from the reference: {d.text} where the reference has {d.ref_text}"
    if d.kind == "deletion":
        return f"not in the reference: {d.text}"
    return f"the reference has {d.ref_text} here, missing from this text"


def find_reference_deviations(doc: Document, reference: str) -> Iterator[Flag]:
    """One flag per difference with the reference, widened to whole words, with the reference's words suggested."""
    text = doc.text
    found = match_reference(text, reference)
    if found.matched < MIN_MATCHED and text:
        yield Flag(
            0, len(text), "reference-mismatch", 0.9,
            f"only {found.matched:.0%} of the reference is found in this text: it is probably not a version of it",
        )  # fmt: skip
        return
    for d in found.differences:
        start, end = _word_bounds(text, d.start, d.end)
        if start == end:
            continue
        # The suggestion is the flagged words with the differing characters replaced by the reference's.
        suggestion = text[start : d.start] + d.ref_text + text[d.end : end]
        score = 0.9 if d.kind == "substitution" else 0.8
        yield Flag(start, end, "reference-diff", score, _describe(d), suggestion)
