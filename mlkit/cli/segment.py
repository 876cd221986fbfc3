"""`mlkit segment`: list the embedded passages of each input, or write Documents with spans as JSONL."""

from __future__ import annotations

import argparse

from mlkit.cli.common import add_format_arg, add_input_args, language, preview, read_documents, score, write_line
from mlkit.document import Document


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `segment` subcommand."""
    p = sub.add_parser("segment", help="find embedded passages by script and language")
    add_input_args(p)
    add_format_arg(p)
    p.add_argument("--main-lang", type=language, default=None, help="the document's main language (default: detected)")
    p.add_argument("--min-confidence", type=score, default=0.6, help="drop foreign runs below this confidence")
    p.add_argument("--runs", action="store_true", help="text format: list the single-line runs too")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Segment each input document and print it."""
    from mlkit.segment import segment

    for doc in read_documents(args):
        doc = segment(doc, main_lang=args.main_lang, min_confidence=args.min_confidence)
        if args.format == "jsonl":
            write_line(doc.to_json())
        else:
            print_listing(doc, show_runs=args.runs)
    return 0


def print_listing(doc: Document, show_runs: bool = False) -> None:
    """Human-readable listing: one line per passage with its line numbers, language, script, confidence."""
    passages = doc.passages()
    main = doc.meta.get("main_lang", "?")
    name = doc.id or doc.meta.get("source", "<text>")
    write_line(f"{name}: {len(passages)} passage{'s' * (len(passages) != 1)} (main language: {main})")
    shown = [s for s in doc.spans if s.kind == "passage" or (show_runs and s.kind == "run")]
    for span in shown:
        first, last = doc.line_of(span.start), doc.line_of(max(span.start, span.end - 1))
        lines = f"{first}" if first == last else f"{first}-{last}"
        kind = "" if span.kind == "passage" else " run"
        write_line(
            f"  {lines:>9}  {span.lang:<3} {span.script:<9} {span.confidence:.2f}{kind}  "
            f"{preview(doc.text[span.start:span.end])}"
        )
