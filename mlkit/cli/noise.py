"""`mlkit noise`: list doubtful stretches (OCR errors, garbled words, scrape artefacts) for review."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from mlkit.cli.common import add_input_args, read_documents, score, write_line
from mlkit.errors import InvalidInputError
from mlkit.extras import require

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


def _read_reference(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise InvalidInputError(f"--reference {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"--reference {path}: byte offset {exc.start} is not UTF-8") from None


def run(args: argparse.Namespace) -> int:
    """Find the noise in each input and print it in the chosen format."""
    require("noise", "mlkit noise")
    from mlkit.noise import find_noise
    from mlkit.noise.queue import csv_writer, review_items, write_jsonl

    reference = _read_reference(args.reference) if args.reference else None
    detectors = [d.strip() for d in args.detectors.split(",") if d.strip()] if args.detectors else None
    writer = csv_writer(sys.stdout) if args.format == "csv" else None
    for doc in read_documents(args):
        doc = find_noise(doc, reference=reference, detectors=detectors, min_score=args.min_score)
        if args.format == "documents":
            write_line(doc.to_json())
            continue
        items = review_items(doc)
        if args.format == "jsonl":
            write_jsonl(items, sys.stdout)
        elif writer is not None:
            for item in items:
                writer.writerow({k: ("" if v is None else v) for k, v in asdict(item).items()})
        else:
            print_listing(doc.meta.get("source") or doc.id or "<text>", items)
    return 0


def print_listing(name: str, items: list[ReviewItem]) -> None:
    """Human-readable review list: per passage, each flag with line:column, kind, score, context and reason."""
    write_line(f"{name}: {len(items)} flag{'s' * (len(items) != 1)}")
    passage = None
    for item in items:
        if item.passage != passage:
            passage = item.passage
            write_line(f"  [{passage}]")
        shown = item.suggestion and item.suggestion.strip() and f"→ {item.suggestion}" not in item.reason
        fix = f"  → {item.suggestion}" if shown else ""
        write_line(f"  {item.line:>5}:{item.column:<4} {item.kind:<16} {item.score:.2f}  {item.context}")
        write_line(f"  {'':>10} {item.reason}{fix}")
