"""Reading input bytes as text without losing data: strict UTF-8 with a clear error, or replace and flag."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from mlkit.document import Document, Flag
from mlkit.errors import InvalidInputError

BOM = "\ufeff"
ERROR_MODES = ("strict", "replace")


def decode(data: bytes, name: str = "<stdin>", errors: str = "strict") -> Document:
    """Bytes to a Document. Strict mode raises on invalid UTF-8 naming the byte offset; `replace`
    substitutes U+FFFD and flags each replaced stretch so nothing is silently lost.

    A leading BOM is dropped from the text and recorded in `meta["bom"]`; CR, NUL and everything else stay
    in the text as they are, so offsets match the file.
    """
    if errors not in ERROR_MODES:
        raise InvalidInputError(f"unknown --errors mode {errors!r}; use one of {', '.join(ERROR_MODES)}")
    meta: dict[str, object] = {"source": name}
    try:
        text = data.decode("utf-8")
        flags: list[Flag] = []
    except UnicodeDecodeError as exc:
        if errors == "strict":
            raise InvalidInputError(
                f"{name}: byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8; "
                "pass --errors replace to flag and continue"
            ) from None
        text, flags = _decode_replacing(data)
    if text.startswith(BOM):
        text = text[1:]
        meta["bom"] = True
        flags = [Flag(f.start - 1, f.end - 1, f.kind, f.score, f.reason) for f in flags]
    if "\r\n" in text:
        meta["newline"] = "crlf"
    return Document(text=text, id=name, meta=meta, flags=tuple(flags))


def _decode_replacing(data: bytes) -> tuple[str, list[Flag]]:
    """Decode with U+FFFD for each invalid byte run, and a flag per run saying which bytes were replaced."""
    parts: list[str] = []
    flags: list[Flag] = []
    pos = 0
    length = 0
    bad_start = 0
    while pos < len(data):
        try:
            chunk = data[pos:].decode("utf-8")
            parts.append(chunk)
            break
        except UnicodeDecodeError as exc:
            good = data[pos : pos + exc.start].decode("utf-8")
            parts.append(good)
            length += len(good)
            parts.append("\ufffd")
            if flags and not good and flags[-1].end == length:  # one flag for a run of bad bytes
                first_byte = bad_start
            else:
                first_byte = pos + exc.start
                bad_start = first_byte
                flags.append(Flag(length, length, "invalid-utf8", 1.0, ""))
            bad = data[first_byte : pos + exc.end]
            flags[-1] = Flag(
                flags[-1].start,
                length + 1,
                "invalid-utf8",
                1.0,
                f"bytes {bad.hex(' ')} at byte offset {first_byte} are not UTF-8; replaced by U+FFFD",
            )
            length += 1
            pos += exc.end
    return "".join(parts), flags


def read_path(path: str | Path, errors: str = "strict") -> Document:
    """Read one file (or `-` for stdin) into a Document."""
    if str(path) == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>", errors)
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path}: is a directory; pass the files inside it") from None
    except PermissionError:
        raise InvalidInputError(f"{path}: permission denied") from None
    return decode(data, str(path), errors)


def read_inputs(paths: list[str], errors: str = "strict") -> Iterator[Document]:
    """Documents from the given files, or from stdin when there are none."""
    for path in paths or ["-"]:
        yield read_path(path, errors)
