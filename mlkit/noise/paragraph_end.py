"""A paragraph that ends in a comma or semicolon on a short last line: a full stop misread (`controversy,`).

A comma at the end of a full line is where a sentence wrapped; a paragraph's last line that stops well short of
the width of the lines around it ended its sentence, so a comma or semicolon there is most often a misread full stop.
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
NEAR = 3  # the lines on each side that tell the width
LONG = 200  # a line counts up to this many characters
_END = regex.compile(r"(\p{L}{2,})[,;]$")


def _width(text: str, spans: list[tuple[int, int]], k: int) -> int:
    """The line width around line k: the longest of the NEAR non-blank lines on each side (each counted up to
    LONG characters: past that the text is not set in a column), so a window of the text judges it alike."""
    sizes: list[int] = []
    for step in (-1, 1):
        j, found = k + step, 0
        while 0 <= j < len(spans) and found < NEAR:
            size = len(text[spans[j][0] : spans[j][1]].rstrip())
            if size:
                sizes.append(min(size, LONG))
                found += 1
            j += step
    return max(sizes, default=0)


def find_paragraph_commas(doc: Document) -> Iterator[Flag]:
    """Flags for a comma or semicolon ending a paragraph (a line before a blank line or the end) on a short line."""
    text = doc.text
    if "," not in text and ";" not in text:
        return
    spans = list(lines(text))
    for k, (start, end) in enumerate(spans):
        line = text[start:end].rstrip()
        if not line.endswith((",", ";")):
            continue
        last = k + 1 == len(spans) or not text[spans[k + 1][0] : spans[k + 1][1]].strip()
        if not last:
            continue
        width = _width(text, spans, k)
        if width < MIN_WIDTH or len(line) >= SHORT * width:
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
