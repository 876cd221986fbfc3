"""Scraped-page artefacts: repeated lines, teaser lines cut mid-sentence, boilerplate and related-link lists."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from mlkit.document import Document, Flag
from mlkit.noise.base import lines
from mlkit.noise.stats import MAX_LINES, DocumentStats, line_key
from mlkit.resources import read_tsv

_END_OK = regex.compile(r"[.!?:;…\"”’')\]»」』。]\s*$")
_DATE_LINE = regex.compile(r"\s*(?:\p{L}+\.? \d{1,2}, \d{4}|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2} \p{L}+ \d{4})\s*")
_SENTENCE_END = regex.compile(r"[.!?]\s*$")
_END_MARKS = frozenset(".!?:;…\"”’')]»」』。")  # _END_OK's marks: what a stripped line that _END_OK finds ends in
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_SENTENCE_END = regex.compile(r"[.!?]\s*$")
MIN_REPEAT = 20  # shorter repeated lines (a name, "Photo") are normal


@cache
def boilerplate() -> tuple[tuple[regex.Pattern[str], str, bool], ...]:
    """(whole-line pattern, description, starts a link list) from data/noise/boilerplate.tsv."""
    rows = read_tsv("noise/boilerplate.tsv")
    return tuple((regex.compile(r"\s*" + p + r"\s*", regex.IGNORECASE), d, s == "yes") for p, d, s in rows)


def _any(line: str) -> bool:
    """Whether some boilerplate pattern matches the whole line: one match of their alternation, where their
    patterns allow it (no group numbers, which joining them would shift)."""
    joined = _any_boilerplate()
    return joined is None or joined.fullmatch(line) is not None


@cache
def _any_boilerplate() -> regex.Pattern[str] | None:
    rows = [p for p, *_ in read_tsv("noise/boilerplate.tsv")]
    if any(regex.search(r"\\\d|\(\?P=|\(\?[a-zA-Z]+\)", p) for p in rows):
        return None  # (a back-reference or a global flag: each pattern is tried alone)
    return regex.compile("|".join(rf"(?:\s*{p}\s*)" for p in rows), regex.IGNORECASE)


def _key(line: str) -> str:
    return " ".join((line if line.isascii() else line.translate(_QUOTES)).split()).casefold()  # (_QUOTES: non-ASCII)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    line = text[start:end]
    return start + len(line) - len(line.lstrip()), end - (len(line) - len(line.rstrip()))


def find_repeated_lines(doc: Document, stats: DocumentStats | None = None) -> Iterator[Flag]:
    """Second and later copies of a line (quotes and spacing folded), as scrapers repeat titles and teasers.

    With `stats` (`doc` is one window of a longer text), only the window's own lines are judged, and the lines
    seen so far are remembered across windows, as digests, in a capped table.
    """
    text = doc.text
    seen: dict[str | bytes, int] = {} if stats is None else stats.lines  # type: ignore[assignment]
    lo, hi, base = (0, len(text) + 1, 0) if stats is None else (stats.lo, stats.hi, stats.line_base)
    for number, (start, end) in enumerate(lines(text), start=base + 1):
        if not lo <= start < hi:
            continue
        folded = _key(text[start:end])
        if len(folded) < MIN_REPEAT:
            continue
        key = folded if stats is None else line_key(folded)
        first = seen.get(key)
        if first is not None:
            s, e = _trimmed(text, start, end)
            yield Flag(s, e, "repeated-line", 0.75, f"repeats line {first} word for word", "")
        elif stats is None or len(seen) < MAX_LINES:
            seen[key] = number


def find_truncated_teasers(doc: Document) -> Iterator[Flag]:
    """Teaser lines cut mid-sentence next to a date line, as in "More From …" blocks of news sites."""
    text = doc.text
    spans = list(lines(text))
    for i, (start, end) in enumerate(spans):
        line = text[start:end].strip()
        if len(line) < 40 or line[-1] in _END_MARKS or _DATE_LINE.fullmatch(line):  # (line[-1]: _END_OK)
            continue
        neighbours = [text[s:e] for s, e in spans[max(0, i - 1) : i + 2] if (s, e) != (start, end)]
        if not any(_DATE_LINE.fullmatch(n) for n in neighbours):
            continue
        s, e = _trimmed(text, start, end)
        last = line.split()[-1]
        yield Flag(s, e, "truncated-line", 0.65, f"teaser line cut off mid-sentence after “{last}”", "")


def find_boilerplate(doc: Document) -> Iterator[Flag]:
    """Navigation and footer lines of scraped pages, and the list of short link titles after a related-links header."""
    text = doc.text
    in_list = False
    for start, end in lines(text):
        line = text[start:end]
        if not line.strip():
            continue
        hit = next(((d, lst) for rx, d, lst in boilerplate() if rx.fullmatch(line)), None) if _any(line) else None
        s, e = _trimmed(text, start, end)
        if hit is not None:
            yield Flag(s, e, "boilerplate", 0.7, f"page boilerplate: {hit[0]}", "")
            in_list = hit[1]
            continue
        if in_list and len(line.strip()) <= 160 and not _SENTENCE_END.search(line.strip()):
            yield Flag(s, e, "related-link", 0.5, "title in a related-links list of the scraped page", "")
        else:
            in_list = False
