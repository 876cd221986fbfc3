"""Options and plumbing shared by the subcommands: inputs, output formats, progress bars."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

from mlkit.document import Document, read_jsonl
from mlkit.errors import InvalidInputError
from mlkit.textio import ERROR_MODES, read_inputs

T = TypeVar("T")


def add_input_args(parser: argparse.ArgumentParser) -> None:
    """FILE... (stdin when none), --errors, and --from text|jsonl."""
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default: standard input)")
    parser.add_argument(
        "--errors",
        choices=ERROR_MODES,
        default="strict",
        help="invalid UTF-8: stop with an error (strict) or replace and flag it (replace)",
    )
    parser.add_argument(
        "--from",
        dest="input_format",
        choices=("text", "jsonl"),
        default="text",
        help="read plain text files, or mlkit JSONL documents from an earlier stage",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def add_format_arg(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "jsonl")) -> None:
    """--format, defaulting to the first choice."""
    parser.add_argument("--format", choices=choices, default=choices[0], help="output format")


def read_documents(args: argparse.Namespace) -> Iterator[Document]:
    """Documents named by the input arguments, with a progress bar on a terminal for several files."""
    if args.input_format == "jsonl":
        yield from _jsonl_documents(args.files)
        return
    yield from progress(read_inputs(args.files, args.errors), len(args.files), args)


def _jsonl_documents(paths: list[str]) -> Iterator[Document]:
    if not paths:
        yield from read_jsonl(sys.stdin)
        return
    for path in paths:
        try:
            with open(path, encoding="utf-8") as fh:
                yield from read_jsonl(fh)
        except OSError as exc:
            raise InvalidInputError(f"{path}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise InvalidInputError(f"{path}: byte offset {exc.start} is not UTF-8") from None


def progress(items: Iterable[T], total: int, args: argparse.Namespace) -> Iterable[T]:
    """Wrap long work in a progress bar on stderr, only when stderr is a terminal."""
    show = total > 1 and not getattr(args, "no_progress", False) and sys.stderr.isatty()
    return tqdm(items, total=total, unit="file", file=sys.stderr, disable=not show)


def write_line(line: str) -> None:
    """Write one output line to stdout."""
    sys.stdout.write(line)
    sys.stdout.write("\n")


def preview(text: str, width: int = 72) -> str:
    """One-line preview of a stretch of text: line breaks shown as ⏎, long text cut with …."""
    flat = " ⏎ ".join(part.strip() for part in text.splitlines() if part.strip()) or text.strip()
    flat = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else "?" for c in flat)
    return flat if len(flat) <= width else flat[: width - 1] + "…"
