"""Character-level noise: control, replacement and private-use characters, decomposed or stray jamo, mojibake."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import ftfy
import regex

from mlkit.document import Document, Flag
from mlkit.noise.base import NON_ASCII, non_ascii_lines, tokens_with

_BAD_CHARS = regex.compile(r"[\p{Cc}--[\t\n\r]]+|\uFFFD+|\p{Co}+|[\p{Cf}--[\u200c\u200d\u00ad]]+", regex.V1)
_CONJOINING = regex.compile(r"[\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]+")
_COMPAT_JAMO = regex.compile(r"(?<![\p{Hangul}])[\u3131-\u318e]+(?![\p{Hangul}])")


def find_bad_characters(doc: Document) -> Iterator[Flag]:
    """Control, replacement (U+FFFD) and private-use characters: bytes lost or garbled on the way in."""
    if "\ufffd" not in doc.text and all(map(str.isprintable, doc.text.split("\n"))):
        return  # (the others are all unprintable; a line of printable characters has none)
    for m in _BAD_CHARS.finditer(doc.text):
        ch = m.group()[0]
        if ch == "\ufffd":
            kind, why = "replacement-char", "replacement character: the original bytes were not valid text"
        elif unicodedata.category(ch) == "Co":
            kind, why = "private-use", "private-use character: a font-specific glyph with no standard meaning"
        else:
            kind = "control-char"
            why = f"invisible control character U+{ord(ch):04X} ({unicodedata.name(ch, 'control')})"
        yield Flag(m.start(), m.end(), kind, 0.9, why, "")


def find_jamo(doc: Document) -> Iterator[Flag]:
    """Decomposed Hangul (conjoining jamo, e.g. from NFD) and isolated compatibility jamo (ㄱ, ㅏ)."""
    text = doc.text
    lines = non_ascii_lines(text)  # (jamo are not ASCII; neither pattern crosses a line break)
    for m in (m for a, b in lines for m in _CONJOINING.finditer(text, a, b)):
        composed = unicodedata.normalize("NFC", m.group())
        yield Flag(
            m.start(),
            m.end(),
            "decomposed-hangul",
            0.7,
            f"Hangul written as separate conjoining jamo; composed it reads {composed}",
            composed,
        )
    for m in (m for a, b in lines for m in _COMPAT_JAMO.finditer(text, a, b)):
        laughter = set(m.group()) <= set("ㅋㅎㅠㅜ")  # ㅋㅋ, ㅠㅠ are chat conventions, not noise
        yield Flag(
            m.start(),
            m.end(),
            "isolated-jamo",
            0.3 if laughter else 0.75,
            f"isolated jamo {m.group()}: a letter that is not part of any syllable",
        )


def find_mojibake(doc: Document) -> Iterator[Flag]:
    """Words that ftfy recognises as text decoded with the wrong encoding (Ã©, â€™), with ftfy's repair."""
    text = doc.text
    for m in tokens_with(text, NON_ASCII):  # (ASCII is never mojibake)
        word = m.group()
        if not ftfy.badness.is_bad(word):
            continue
        fixed = ftfy.fix_text(word)
        if fixed == word:
            continue
        yield Flag(
            m.start(),
            m.end(),
            "mojibake",
            0.9,
            f"mojibake: text decoded with the wrong encoding; ftfy reads it as {fixed}",
            fixed,
        )
