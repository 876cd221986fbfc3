"""Sentence units for alignment: split Korean or English text into sentences, keeping offsets.

Handles what plain punctuation splitting gets wrong in DPRK documents: numbered points ("1. 북과 남은 …"),
dates ("2000년 6월 15일", "1945. 7월 1일"), signature blocks (title lines and a name, letter-spaced "김 정 일" or
romanised "Kim Jong Il", whichever comes first), abbreviations ("Mr.", "U.S.") and lines wrapped inside a
sentence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import regex

from mlkit.document import Unit
from mlkit.korean.names import surname_spellings
from mlkit.resources import read_lines

_BLOCK_BREAK = regex.compile(r"\n[ \t\r\f\v]*\n\s*")
_NUMBERED = regex.compile(r"^\s*(?:\d{1,2}|[①-⑳]|[가나다라마바사아자차카타파하])[.)]\s")
_DATE_LINE = regex.compile(
    r"^\s*(?:\d{4}\s*년(?:\s*\d{1,2}\s*월)?(?:\s*\d{1,2}\s*일)?"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},?\s+\d{4}"
    r"|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{4})\s*\.?\s*$"
)
# A name written with spaces between its syllables ("김 정 일") ends or starts a signature block.
_SPACED_NAME = regex.compile(r"^\s*\p{Hangul}(?: \p{Hangul}){1,3}\s*$")
# A line that is a romanised Korean name: a surname spelling (data/korean/surnames.tsv, any system) and a given
# name of one or two capitalised parts ("Kim Jong Il", "Kim Dae-jung", "Ri Yong Ho").
_ROMAN_NAME = regex.compile(r"^\s*(\p{Lu}[\p{L}'’]*)(?:\s+\p{Lu}[\p{Ll}'’]*(?:-\p{Ll}+)?){1,2}\s*$")
_LINE_END = regex.compile(r"[.!?。？！…][\"'”’»)\]]*\s*$")
_SENTENCE_END = regex.compile(r"[.!?。？！…]+[\"'”’»)\]]*(?=\s+\S)")
_POINT_NUMBER = regex.compile(r"\d{1,2}|[①-⑳]")
_WORD_BEFORE = regex.compile(r"([\p{L}.]+)$")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


def split_sentences(text: str, lang: str = "ko") -> list[Unit]:
    """Sentence units of `text` (code-point offsets), for `lang` "ko" or "en" (others use the English rules).

    >>> [u.text for u in split_sentences("1. 북과 남은 합의하였다.\\n2. 빨리 하기로 하였다.")]
    ['1. 북과 남은 합의하였다.', '2. 빨리 하기로 하였다.']
    """
    units: list[Unit] = []
    for block_start, block_end in _blocks(text):
        for group in _line_groups(text, block_start, block_end):
            units.extend(_split_group(text, group, lang))
    return units


def split_lines(text: str) -> list[Unit]:
    """One unit per non-blank line, for inputs that are already one sentence a line."""
    units = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            units.append(Unit(start, start + len(stripped), stripped, "line"))
        pos += len(line) + 1
    return units


def _blocks(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _BLOCK_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _lines(text: str, start: int, end: int) -> list[_Line]:
    lines, pos = [], start
    for raw in text[start:end].split("\n"):
        if raw.strip():
            lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _line_groups(text: str, start: int, end: int) -> list[tuple[list[_Line], str]]:
    """Join the wrapped lines of a block; start a new group at numbered points, dates and after signatures."""
    groups: list[tuple[list[_Line], str]] = []
    current: list[_Line] = []
    reason = "block"

    def close(why: str) -> None:
        nonlocal current
        if current:
            groups.append((current, why))
        current = []

    for line in _lines(text, start, end):
        if _DATE_LINE.match(line.text):
            close("line")
            groups.append(([line], "date"))
            continue
        if current and (_NUMBERED.match(line.text) or _LINE_END.search(current[-1].text)):
            close("line")
        if _is_name_line(line.text):
            if current and _is_name_line(current[0].text):  # name first: this name opens the next signature
                close("signature")
            elif current:  # titles first: this name closes their signature
                current.append(line)
                close("signature")
                continue
        current.append(line)
    close(reason)
    return groups


def _is_name_line(line: str) -> bool:
    """True for a line that is only a signature's name: letter-spaced Hangul ("김 정 일") or a romanised Korean
    name ("Kim Jong Il", "Kim Dae-jung")."""
    if _SPACED_NAME.match(line):
        return True
    m = _ROMAN_NAME.match(line)
    return bool(m) and m.group(1) in surname_spellings()


def _split_group(text: str, group: tuple[list[_Line], str], lang: str) -> list[Unit]:
    lines, why = group
    start, end = lines[0].start, lines[-1].end
    span = text[start:end]
    abbreviations = _abbreviations() if lang != "ko" else frozenset()
    cuts = [0]
    numbered = _NUMBERED.match(span)
    for m in _SENTENCE_END.finditer(span):
        if numbered and m.end() <= numbered.end():
            continue
        if _keeps_going(span, m.start(), m.end(), abbreviations):
            continue
        # "… here. 1. first point": a point number opening a sentence does not end one.
        if _POINT_NUMBER.fullmatch(span[cuts[-1] : m.start()].strip()):
            continue
        cuts.append(m.end())
    cuts.append(len(span))
    units = []
    for i, (a, b) in enumerate(itertools.pairwise(cuts)):
        piece = span[a:b]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        s, e = start + a + lead, start + a + len(piece.rstrip())
        rule = why if i == len(cuts) - 2 else "punctuation"
        units.append(Unit(s, e, text[s:e], rule))
    return units


def _keeps_going(span: str, dot: int, end: int, abbreviations: frozenset[str]) -> bool:
    """True when the period at `dot` belongs to a number, an abbreviation or an initial, not a sentence end."""
    if span[dot] != ".":
        return False
    after = span[end:].lstrip()
    # "1945. 7월 1일": a year or day number followed by another number continues the date.
    if dot > 0 and span[dot - 1].isdigit() and after[:1].isdigit():
        return True
    m = _WORD_BEFORE.search(span[:dot])
    if not m:
        return False
    word = m.group(1)
    if word in abbreviations or word.rstrip(".") in abbreviations:
        return True
    # A single capital letter is an initial ("John F. Kennedy"), unless a new sentence plainly starts.
    return len(word) == 1 and word.isupper() and after[:1].isupper()


def _abbreviations() -> frozenset[str]:
    return frozenset(read_lines("align/abbreviations.txt"))
