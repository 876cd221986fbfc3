"""Options and plumbing shared by the subcommands: inputs, output formats, progress bars."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Iterable, Iterator

from mlkit.document import SURROGATE, Document, read_jsonl
from mlkit.errors import InvalidInputError, MlkitError, SchemaError
from mlkit.textio import ERROR_MODES, read_inputs, read_path


def score(text: str) -> float:
    """argparse type of a score option: a number from 0 to 1 (not NaN)."""
    from mlkit.options import check_unit

    try:
        return check_unit(float(text), "score")
    except (ValueError, MlkitError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a score; give a number from 0 to 1") from None


def language(text: str) -> str:
    """argparse type of a language option: a code mlkit knows (en, ko, ja, ...)."""
    from mlkit.options import check_language

    try:
        return check_language(text)
    except MlkitError as exc:
        raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[1]) from None


def count(text: str) -> int:
    """argparse type of a count option: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count; give a whole number, 0 or more")
    return value


def add_input_args(parser: argparse.ArgumentParser) -> None:
    """FILE... (stdin when none), --errors, and --from text|jsonl."""
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default: standard input)")
    parser.add_argument(
        "--errors",
        choices=ERROR_MODES,
        default="strict",
        help="invalid UTF-8: stop with an error (strict) or replace and flag it (replace)",
    )
    add_from_arg(parser)
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def add_from_arg(parser: argparse.ArgumentParser) -> None:
    """--from text|jsonl: how every input is read."""
    parser.add_argument(
        "--from",
        dest="input_format",
        choices=("text", "jsonl"),
        default="text",
        help="read plain text files, or mlkit JSONL documents from an earlier stage",
    )


def add_format_arg(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "jsonl")) -> None:
    """--format, defaulting to the first choice."""
    parser.add_argument("--format", choices=choices, default=choices[0], help="output format")


def read_documents(args: argparse.Namespace) -> Iterator[Document]:
    """Documents named by the input arguments, with a progress bar (by bytes) on a terminal for long inputs."""
    if args.input_format == "jsonl":
        docs = _jsonl_documents(args.files, args.errors)
    else:
        docs = read_inputs(args.files, args.errors)
    yield from progress(docs, args)


def read_single(path: str, args: argparse.Namespace) -> Document:
    """The one document of `path`: the file's text, or with `--from jsonl` its single mlkit JSONL document."""
    if args.input_format != "jsonl":
        return read_path(path, args.errors)
    docs = list(_jsonl_documents([path], args.errors))
    if len(docs) != 1:
        raise InvalidInputError(f"{path}: holds {len(docs)} JSONL documents; this command takes exactly one")
    return docs[0]


def _jsonl_documents(paths: list[str], errors: str = "strict") -> Iterator[Document]:
    """Documents from JSONL files (or stdin), read as bytes so that invalid UTF-8 is refused or flagged."""
    for path in paths or ["-"]:
        if path == "-":
            yield from _named(read_jsonl(sys.stdin.buffer, errors), "<stdin>")
            continue
        try:
            fh = open(path, "rb")  # closed by the with below, also when the consumer stops early
        except OSError as exc:
            raise InvalidInputError(f"{path}: {exc.strerror}") from None
        with fh:
            yield from _named(read_jsonl(fh, errors), path)


def _named(documents: Iterator[Document], name: str) -> Iterator[Document]:
    """Prefix a schema error with the file it came from."""
    try:
        yield from documents
    except SchemaError as exc:
        raise SchemaError(f"{name}: {exc}") from None


def write_text(text: str) -> None:
    """Write text to stdout as it is, except lone surrogates, which cannot be UTF-8: shown as `\\udXXX`."""
    if not text.isascii() and SURROGATE.search(text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    sys.stdout.write(text)


PROGRESS_MIN_BYTES = 1 << 20  # smaller inputs finish before a bar would help


def _input_bytes(paths: list[str]) -> int | None:
    """Total size of the input files, or None when it cannot be known up front (stdin, a pipe)."""
    total = 0
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):
            return None
        total += st.st_size
    return total if paths else None


def progress(docs: Iterable[Document], args: argparse.Namespace) -> Iterator[Document]:
    """Pass the documents through, advancing a bar on stderr by each one's size in UTF-8 bytes, when stderr
    is a terminal and the input is large: one big file and a JSONL stream move the bar as well as many files."""
    show = not getattr(args, "no_progress", False) and sys.stderr.isatty()
    total = _input_bytes(args.files) if show else None
    if not show or (total is not None and total < PROGRESS_MIN_BYTES and len(args.files) <= 1):
        yield from docs
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr) as bar:
        for doc in docs:
            yield doc
            bar.update(len(doc.text.encode("utf-8", "surrogatepass")))


def write_line(line: str) -> None:
    """Write one output line to stdout (never failing on a lone surrogate, see `write_text`)."""
    write_text(line)
    sys.stdout.write("\n")


def preview(text: str, width: int = 72) -> str:
    """One-line preview of a stretch of text: line breaks shown as ⏎, long text cut with …."""
    flat = " ⏎ ".join(part.strip() for part in text.splitlines() if part.strip()) or text.strip()
    flat = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else "?" for c in flat)
    return flat if len(flat) <= width else flat[: width - 1] + "…"
