"""A paragraph that ends in a comma or semicolon on a short last line: a full stop misread (`controversy,`).

A comma at the end of a full line is where a sentence wrapped; a paragraph's last line that stops well short of
the text's line width ended its sentence, so a comma or semicolon there is most often a full stop OCR misread.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from mlkit.document import Document, Flag
from mlkit.noise.base import lines

KIND = "paragraph-comma"
SCORE = 0.75  # the share confirmed on the tuning half of the real-OCR benchmark (bench/ocr_build.py)
SHORT = 0.8  # a last line shorter than this share of the text's line width ends its paragraph early
MIN_WIDTH = 30  # texts whose lines are shorter than this (lists, verse) are not judged
_END = regex.compile(r"(\p{L}{2,})[,;]$")


def _width(text: str, spans: list[tuple[int, int]]) -> int:
    """The text's line width: the length that nine lines in ten with text stay within."""
    sizes = sorted(e - s for s, e in spans if e > s)
    return sizes[int(0.9 * (len(sizes) - 1))] if sizes else 0


def find_paragraph_commas(doc: Document) -> Iterator[Flag]:
    """Flags for a comma or semicolon ending a paragraph (a line before a blank line or the end) on a short line."""
    text = doc.text
    if "," not in text and ";" not in text:
        return
    spans = list(lines(text))
    width = _width(text, spans)
    if width < MIN_WIDTH:
        return
    for k, (start, end) in enumerate(spans):
        line = text[start:end].rstrip()
        if not line.endswith((",", ";")):
            continue
        last = k + 1 == len(spans) or not text[spans[k + 1][0] : spans[k + 1][1]].strip()
        if not last or len(line) >= SHORT * width:
            continue
        m = _END.search(line)
        if m is None:
            continue
        at = start + len(line) - 1
        yield Flag(
            at, at + 1, KIND, SCORE,
            f"'{m.group(1)}{line[-1]}' ends its paragraph on a short line ({len(line)} of about {width} characters):"
            " a sentence ends there, so the mark is most likely a misread full stop",
            ".",
        )  # fmt: skip
