"""The review queue: flags ranked by score, grouped by passage, with file, line, column and context.

Exported as JSONL (one item per line) or CSV, so reviewers can work through the most doubtful stretches first.
"""

from __future__ import annotations

import csv
import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from itertools import pairwise
from typing import IO

from mlkit.document import Document, Flag, Span

CONTEXT = 30  # characters of context on each side of the flagged text


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One flag as a reviewer sees it; `line` and `column` are 1-based, `start`/`end` code-point offsets."""

    file: str
    passage: str
    line: int
    column: int
    start: int
    end: int
    text: str
    context: str
    kind: str
    score: float
    reason: str
    suggestion: str | None


def _flat(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def context_of(doc: Document, flag: Flag, width: int = CONTEXT) -> str:
    """The flagged text in «» with `width` characters either side, line breaks shown as ⏎.

    A flagged stretch longer than 80 characters (a whole repeated line) is shown by its two ends.
    """
    text = doc.text
    before = text[max(0, flag.start - width) : flag.start]
    after = text[flag.end : flag.end + width]
    inner = _flat(text[flag.start : flag.end])
    if len(inner) > 80:
        inner = f"{inner[:38]} … {inner[-38:]}"
    return f"{_flat(before)}«{inner}»{_flat(after)}"


def passage_label(doc: Document, flag: Flag, line_base: int = 0) -> str:
    """Which passage a flag lies in: "ko 917-935" for an embedded passage, else "main text"."""
    for span in doc.passages():
        if span.start <= flag.start < max(span.end, span.start + 1):
            return _label(doc, span, line_base)
    return "main text"


def _label(doc: Document, span: Span, line_base: int = 0) -> str:
    first = doc.line_of(span.start) + line_base
    last = doc.line_of(max(span.start, span.end - 1)) + line_base
    return f"{span.lang} {first}-{last}" if first != last else f"{span.lang} {first}"


def _labeller(doc: Document, line_base: int = 0) -> Callable[[Flag], str]:
    """`passage_label` for many flags: a binary search over the passages when they do not overlap (as segment
    makes them), each passage's label made once."""
    passages = doc.passages()
    starts = [p.start for p in passages]
    if any(b.start < max(a.end, a.start + 1) for a, b in pairwise(passages)):
        return lambda flag: passage_label(doc, flag, line_base)
    labels: dict[int, str] = {}

    def label(flag: Flag) -> str:
        k = bisect_right(starts, flag.start) - 1
        if k < 0 or flag.start >= max(passages[k].end, passages[k].start + 1):
            return "main text"
        if k not in labels:
            labels[k] = _label(doc, passages[k], line_base)
        return labels[k]

    return label


def review_items(doc: Document, offset: int = 0, line_base: int = 0, column_base: int = 0) -> list[ReviewItem]:
    """The document's flags as review items: passages with the most doubtful flag first, then by score.

    When `doc` is a window of a longer text, `offset` is where it starts in that text, `line_base` how many lines
    come before it and `column_base` how many characters of its first line: items then give places in the text.
    """
    name = str(doc.meta.get("source") or doc.id or "<text>")
    items = []
    label = _labeller(doc, line_base)
    for flag in doc.flags:
        line_start = doc.line_start(flag.start)
        items.append(
            ReviewItem(
                file=name,
                passage=label(flag),
                line=doc.line_of(flag.start) + line_base,
                column=flag.start - line_start + 1 + (column_base if line_start == 0 else 0),
                start=flag.start + offset,
                end=flag.end + offset,
                text=doc.text[flag.start : flag.end],
                context=context_of(doc, flag),
                kind=flag.kind,
                score=flag.score,
                reason=flag.reason,
                suggestion=flag.suggestion,
            )
        )
    best: dict[str, float] = {}
    first: dict[str, int] = {}
    for item in items:
        best[item.passage] = max(best.get(item.passage, 0.0), item.score)
        first[item.passage] = min(first.get(item.passage, item.start), item.start)
    items.sort(key=lambda i: (-best[i.passage], first[i.passage], -i.score, i.start, i.end, i.kind))
    return items


def review_queue(documents: Iterable[Document]) -> Iterator[ReviewItem]:
    """Review items of every document, document by document."""
    for doc in documents:
        yield from review_items(doc)


def write_jsonl(items: Iterable[ReviewItem], stream: IO[str]) -> None:
    """One JSON object per item and line."""
    for item in items:
        stream.write(json.dumps(asdict(item), ensure_ascii=False, separators=(",", ":")))
        stream.write("\n")


CSV_FIELDS = tuple(f.name for f in fields(ReviewItem))


def csv_writer(stream: IO[str]) -> csv.DictWriter[str]:
    """A CSV writer with the review columns; its header is already written."""
    writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    return writer


def write_csv(items: Iterable[ReviewItem], stream: IO[str]) -> None:
    """A header line, then one row per item."""
    writer = csv_writer(stream)
    for item in items:
        writer.writerow({k: ("" if v is None else v) for k, v in asdict(item).items()})
