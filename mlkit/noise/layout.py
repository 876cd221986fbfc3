"""Layout residue: stray page or figure numbers, markdown or HTML markup, lines broken mid-sentence, hyphenation."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import pairwise

import regex

from mlkit.document import Document, Flag
from mlkit.noise.base import lines
from mlkit.resources import read_lines

_NUMBER_LINE = regex.compile(r"[\s\-–—]*(?:p\.|page\s+)?\d{1,4}(?:\.\d{1,3}){0,3}[\s\-–—]*", regex.IGNORECASE)
_BOLD = regex.compile(r"\*\*|__")
_ITALIC = regex.compile(r"(?<![\*\w])\*(?=[^\s*])([^*\n]{1,200}?)(?<=[^\s*])\*(?![\*\w])")
_HTML = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>|&(?:[a-z]{2,8}|#\d{2,6}|#x[0-9a-f]{2,5});")
_HEADING = regex.compile(r"^#{1,6}(?= )|^\s*>(?= )", regex.MULTILINE)
_LINK = regex.compile(r"\[([^\]\n]{1,200})\]\((?:https?://|/)[^)\s]*\)")
_END_OK = regex.compile(r"[.!?:;…\"”’')\]»」』。]\s*$")
_END_MARKS = frozenset(".!?:;…\"”’')]»」』。")  # _END_OK's marks: what a line stripped of spaces may end in
_HYPHEN_END = regex.compile(r"(\p{Ll}{2,})-$")
_DATE_LINE = regex.compile(r"\s*(?:\w+ \d{1,2}, \d{4}|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2} \w+ \d{4})\s*")


@cache
def function_words() -> frozenset[str]:
    """English words that cannot end a sentence (of, the, and, ...): a line ending in one was broken."""
    return frozenset(read_lines("noise/english_function_words.txt"))


def find_stray_numbers(doc: Document) -> Iterator[Flag]:
    """A line holding only a number (3.2, - 17 -): a page or figure number left in running text."""
    text = doc.text
    for start, end in lines(text):
        line = text[start:end]
        if not line.strip() or not _NUMBER_LINE.fullmatch(line):
            continue
        s = start + len(line) - len(line.lstrip())
        e = end - (len(line) - len(line.rstrip()))
        yield Flag(s, e, "stray-number", 0.6, f"a number alone on its line ({text[s:e]}): a page or figure number?", "")


def find_markup(doc: Document) -> Iterator[Flag]:
    """Markdown or HTML left in the text: **bold**, *italic*, headings, links, tags and entities."""
    text = doc.text
    # (each pattern is looked for only in a text with the marks it needs)
    for m in _BOLD.finditer(text) if "**" in text or "__" in text else ():
        yield Flag(m.start(), m.end(), "markup", 0.7, f"markdown bold marker {m.group()} left in the text", "")
    for m in _ITALIC.finditer(text) if "*" in text else ():
        for pos in (m.start(), m.end() - 1):
            yield Flag(pos, pos + 1, "markup", 0.6, f"markdown emphasis *…* around {m.group(1)[:40]}", "")
    headings = _HEADING.finditer(text) if ">" in text else _starting_with(_HEADING, text, "#")  # (> may follow \s)
    for m in headings:
        yield Flag(m.start(), m.end(), "markup", 0.6, f"markdown marker {m.group()} at the start of a line", "")
    for m in _LINK.finditer(text) if "](" in text else ():
        yield Flag(m.start(), m.end(), "markup", 0.7, "markdown link syntax left in the text", m.group(1))
    for m in _starting_with(_HTML, text, "<&"):
        yield Flag(m.start(), m.end(), "markup", 0.75, f"HTML residue {m.group()}", "")


def _starting_with(pattern: regex.Pattern[str], text: str, marks: str) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match starts with one of `marks` (characters): tried only
    where they stand, found by `str.find`, instead of at every position of the text."""
    at = {c: text.find(c) for c in marks}
    pos = 0
    while True:
        found = [p for p in at.values() if p >= 0]
        if not found:
            return
        start = min(found)
        m = pattern.match(text, start)
        pos = start + 1 if m is None else max(m.end(), start + 1)
        if m is not None:
            yield m
        for c, p in at.items():
            if 0 <= p < pos:
                at[c] = text.find(c, pos)


_LOWER2 = regex.compile(r"\p{Ll}{2,}")
_LOWER_RUN = regex.compile(r"\p{Ll}+")
_LATIN = regex.compile(r"\p{Latin}")
_LAST_WORD = regex.compile(r"(\p{L}+)\W*$")


def find_broken_lines(doc: Document) -> Iterator[Flag]:
    """Lines broken mid-sentence (the next line continues it) and words hyphenated at the end of a line."""
    text = doc.text
    spans = list(lines(text))
    for (s1, e1), (s2, e2) in pairwise(spans):
        this, nxt = text[s1:e1].rstrip(), text[s2:e2].strip()
        if not this.strip() or not nxt:
            continue
        hyphen = _HYPHEN_END.search(this) if this.endswith("-") else None
        if hyphen and _LOWER2.match(nxt):
            rest = _LOWER_RUN.match(nxt)
            assert rest is not None
            word = hyphen.group(1) + rest.group()
            start = s1 + hyphen.start(1)
            end = s2 + (len(text[s2:e2]) - len(text[s2:e2].lstrip())) + rest.end()
            yield Flag(
                start, end, "hyphenation", 0.6,
                f"word hyphenated at the end of a line: {hyphen.group(1)}-⏎{rest.group()} → {word}", word,
            )  # fmt: skip
            continue
        if this[-1] in _END_MARKS or _DATE_LINE.fullmatch(nxt) or not _LATIN.search(this):
            continue
        last = _LAST_WORD.search(this)
        if last is None:
            continue
        continues = bool(_LOWER_RUN.match(nxt)) or last.group(1).lower() in function_words()
        if not continues or len(this) < 12:
            continue
        yield Flag(
            e1, e1 + 1, "broken-line", 0.5,
            f"line broken mid-sentence after “{last.group(1)}”: the next line continues it", " ",
        )  # fmt: skip
