"""`mlkit noise`: list doubtful stretches (OCR errors, garbled words, scrape artefacts) for review."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING

from mlkit.cli.common import add_input_args, read_documents, score, write_line, write_text
from mlkit.errors import InvalidInputError
from mlkit.extras import require
from mlkit.textio import read_path

if TYPE_CHECKING:
    from mlkit.noise.queue import ReviewItem


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `noise` subcommand."""
    p = sub.add_parser("noise", help="flag OCR errors, garbled words and scrape artefacts for review")
    add_input_args(p)
    p.add_argument(
        "--format",
        choices=("text", "jsonl", "csv", "documents"),
        default="text",
        help="text: a listing per file; jsonl/csv: the ranked review queue; documents: mlkit JSONL with flags",
    )
    p.add_argument("--reference", metavar="FILE", help="a clean version of the text: flag every deviation from it")
    p.add_argument(
        "--min-score",
        type=score,
        default=0.0,
        help="leave out flags scoring below this (0–1); a score is the share of such flags "
        "confirmed on real OCR, so 0.5 keeps flags right at least one time in two",
    )
    p.add_argument(
        "--detectors",
        default=None,
        help="comma-separated detectors to run (default: all; an unknown name lists them)",
    )
    p.set_defaults(func=run)


def _read_reference(path: str, errors: str) -> str:
    """The reference file's text, read as the inputs are (`--errors replace` puts U+FFFD for bad bytes)."""
    try:
        return read_path(path, errors).text
    except InvalidInputError as exc:
        raise InvalidInputError(f"--reference {exc}") from None


def run(args: argparse.Namespace) -> int:
    """Find the noise in each input and print it in the chosen format."""
    require("noise", "mlkit noise")
    from mlkit.noise import find_noise
    from mlkit.noise.queue import review_items

    reference = _read_reference(args.reference, args.errors) if args.reference else None
    detectors = [d.strip() for d in args.detectors.split(",") if d.strip()] if args.detectors else None
    out = _Output(args.format)
    if args.input_format == "text" and args.format != "documents" and reference is None:
        for path in args.files or ["-"]:
            _stream(path, args, detectors, out)
        return 0
    for doc in read_documents(args):
        doc = find_noise(doc, reference=reference, detectors=detectors, min_score=args.min_score)
        if args.format == "documents":
            write_line(doc.to_json())
            continue
        items = review_items(doc)
        out.write(doc.meta.get("source") or doc.id or "<text>", len(items), items)
    return 0


class _Output:
    """The review queue of each input in the chosen format: the CSV header once, a listing per input."""

    def __init__(self, fmt: str) -> None:
        from mlkit.noise.queue import csv_writer

        self.format = fmt
        self.writer = csv_writer(sys.stdout) if fmt == "csv" else None

    def write(self, name: str, count: int, items: Iterable[ReviewItem]) -> None:
        """Write one input's items (`count` of them, needed first by the listing)."""
        from mlkit.noise.queue import write_jsonl

        if self.format == "jsonl":
            write_jsonl(items, sys.stdout)
        elif self.writer is not None:
            for item in items:
                self.writer.writerow({k: ("" if v is None else v) for k, v in asdict(item).items()})
        else:
            print_listing(name, items, count)


def _stream(path: str, args: argparse.Namespace, detectors: list[str] | None, out: _Output) -> None:
    """One text input: read whole when it fits in one window, else in windows, its review queue ranked
    window by window and the listing spooled to a temporary file until its count is known."""
    from mlkit.noise import WINDOW, find_noise, noise_windows
    from mlkit.noise.queue import review_items
    from mlkit.textio import TextFile

    source = TextFile(path, args.errors)
    try:
        if source.size <= WINDOW:  # a character takes at least a byte: one window
            doc = source.document()
            doc = find_noise(doc, detectors=detectors, min_score=args.min_score)
            items = review_items(doc)
            out.write(doc.meta.get("source") or doc.id or "<text>", len(items), items)
            return
        judged = noise_windows(source.blocks, source.meta, None, detectors, args.min_score, size=WINDOW)
        windows = (review_items(j.doc, j.window.start, j.window.line, j.window.column) for j in judged)
        if out.format != "text":
            out.write(source.name, 0, (item for items in windows for item in items))
            return
        with tempfile.SpooledTemporaryFile(max_size=1 << 22, mode="w+", encoding="utf-8", newline="") as spool:
            count = 0
            passage = None
            for items in windows:
                count += len(items)
                passage = _listing_body(items, passage, spool.write)
            write_line(_header(source.name, count))
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                write_text(chunk)
    finally:
        source.close()


def _header(name: str, count: int) -> str:
    return f"{name}: {count} flag{'s' * (count != 1)}"


def print_listing(name: str, items: Iterable[ReviewItem], count: int | None = None) -> None:
    """Human-readable review list: per passage, each flag with line:column, kind, score, context and reason."""
    items = list(items) if count is None else items
    write_line(_header(name, len(items) if count is None else count))  # type: ignore[arg-type]
    _listing_body(items, None, lambda line: write_text(line))


def _listing_body(items: Iterable[ReviewItem], passage: str | None, write: Callable[[str], object]) -> str | None:
    """The listing's lines after its header (a passage header when the passage changes); the last passage."""
    for item in items:
        if item.passage != passage:
            passage = item.passage
            write(f"  [{passage}]\n")
        shown = item.suggestion and item.suggestion.strip() and f"→ {item.suggestion}" not in item.reason
        fix = f"  → {item.suggestion}" if shown else ""
        write(f"  {item.line:>5}:{item.column:<4} {item.kind:<16} {item.score:.2f}  {item.context}\n")
        write(f"  {'':>10} {item.reason}{fix}\n")
    return passage
