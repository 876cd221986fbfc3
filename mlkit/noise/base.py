"""Shared functions for detectors: which stretches of a document are in which language, and line geometry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import accumulate, compress
from operator import not_
from typing import Any, TypeVar

import regex

from mlkit.document import Document, Span

_LETTERS = regex.compile(r"\p{L}+")
_TOKEN = regex.compile(r"\S+")
_SPACE_BEFORE = regex.compile(r"(?r)\s")  # searched backwards: the last whitespace before a position
NON_ASCII = regex.compile(r"[^\x00-\x7f\s]")
DIGIT = regex.compile(r"\d")


def lang_runs(doc: Document, lang: str) -> Iterator[Span]:
    """The single-line runs of `lang` (e.g. "ko"), in text order."""
    return (s for s in doc.spans if s.kind == "run" and s.lang == lang)


def main_runs(doc: Document, known: Callable[[str], bool] | None = None, share: float = 0.7) -> Iterator[Span]:
    """The Latin-script runs in the document's main language (where English-word checks apply).

    With `known` (a word test), a Latin run labelled with another language still counts when at least `share`
    of its words are known, or when it is a short ASCII stretch: noisy English is easily mislabelled (a few
    garbled words read as French), and must still be checked.
    """
    main = doc.meta.get("main_lang", "en")
    for s in doc.spans:
        if s.kind != "run" or s.script != "Latin":
            continue
        if s.lang == main:
            yield s
        elif known is not None:
            words = _LETTERS.findall(doc.text[s.start : s.end])
            short_ascii = len(words) <= 5 and doc.text[s.start : s.end].isascii()
            if words and (short_ascii or sum(map(known, words)) >= share * len(words)):
                yield s


T = TypeVar("T")
# What the detectors found about the text or document they are reading and share (`kept`): name → (the text or
# document, the answer). Emptied by `forget_kept` once they have all run, so no text outlives its reading.
_KEPT: dict[str, tuple[Any, Any]] = {}


def kept(name: str, of: object, find: Callable[[], T]) -> T:
    """`find()`, found once for the text or document `of` (the same object) while the detectors read it: what
    several of them ask (its English words, its lines holding characters outside ASCII)."""
    known = _KEPT.get(name)
    if known is not None and known[0] is of:
        return known[1]  # type: ignore[no-any-return]
    found = find()
    _KEPT[name] = (of, found)
    return found


def forget_kept() -> None:
    """Let go of what `kept` holds (the detectors have read the text)."""
    _KEPT.clear()


def non_ascii_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines of `text` that hold a character outside ASCII (without their line break): where
    any pattern for such characters that does not cross a line break can match, found by one split into lines."""
    if text.isascii():
        return []

    def find() -> list[tuple[int, int]]:
        lines = text.split("\n")
        at = list(accumulate(map((1).__add__, map(len, lines)), initial=0))  # (where each line starts)
        return [(at[k], at[k] + len(lines[k])) for k in compress(range(len(lines)), map(not_, map(str.isascii, lines)))]

    return kept("non-ascii-lines", text, find)


def tokens_with(text: str, chars: regex.Pattern[str]) -> Iterator[regex.Match[str]]:
    """The whitespace tokens (\\S+) of `text` that hold a character `chars` matches (a class without whitespace),
    in text order: the tokens of `regex.finditer(r"\\S+", text)` a detector does not skip, found by one scan for
    those characters instead of a match object for every token (for NON_ASCII, a scan of the lines that hold
    such characters only)."""
    end = -1
    hits = (
        (hit for a, b in non_ascii_lines(text) for hit in chars.finditer(text, a, b))
        if chars is NON_ASCII
        else chars.finditer(text)
    )
    for hit in hits:
        at = hit.start()
        if at < end:
            continue  # (in the token found last)
        space = _SPACE_BEFORE.search(text, 0, at)
        token = _TOKEN.match(text, 0 if space is None else space.end())
        assert token is not None
        end = token.end()
        yield token


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        yield start, end
        start = end + 1
        if start > n:
            break
