"""Reading input bytes as text without losing data: strict UTF-8 with a clear error, or replace and flag."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from mlkit.document import Document, Flag
from mlkit.errors import InvalidInputError

if TYPE_CHECKING:  # pathlib is not imported at run time: the one-line CLI path stays light
    from pathlib import Path
    from typing import BinaryIO

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


def _decode_replacing(data: bytes, limit: int = 0, base: int = 0) -> tuple[str, list[Flag]]:
    """Decode with U+FFFD for each invalid byte sequence, and a flag per run of them saying which bytes were
    replaced. One pass: the decoder reports each bad range to a handler (re-decoding the rest of the data after
    each bad byte would take time growing with the square of the input on binary data). Past MAX_FLAGS bad
    ranges (binary data), one last flag covers all the rest, so memory stays bounded. `limit` lowers that number
    (a file read in blocks shares it between them); `base` is the byte offset of `data` in the file."""
    bad = _BadRanges(limit or MAX_FLAGS)
    _RECORDED.append(bad)
    try:
        text = data.decode("utf-8", _RECORD)
    finally:
        _RECORDED.pop()
    flags: list[Flag] = []
    length = 0  # characters of text before the current byte position
    pos = 0
    run: list[int] = []  # the current run of bad ranges: [first char, first byte, end byte]
    for start, end in bad.ranges:
        good = start - pos and len(data[pos:start].decode("utf-8"))
        length += good
        if run and not good:  # one flag for a run of bad bytes
            run[2] = end
        else:
            if run:
                flags.append(_flag(data, *run, length - good, base))
            run = [length, start, end]
        length += 1
        pos = end
    if bad.more:
        first = bad.more_first
        start_char = length + (first - pos and len(data[pos:first].decode("utf-8")))
        if run and start_char == length:  # the summary continues the last run
            start_char = run[0]
            first = run[1]
        elif run:
            flags.append(_flag(data, *run, length, base))
        end_char = len(text) - len(data[bad.more_end :].decode("utf-8"))
        flags.append(
            Flag(
                start_char, end_char, "invalid-utf8", 1.0,
                f"{bad.more} more stretches of bytes that are not UTF-8 between byte offsets {first + base} and "
                f"{bad.more_end + base}; replaced by U+FFFD (not flagged one by one)",
            )
        )  # fmt: skip
    elif run:
        flags.append(_flag(data, *run, length, base))
    return text, flags


MAX_FLAGS = 20_000  # bad byte ranges flagged one by one in one input


class _BadRanges:
    """The bad byte ranges a decode met: the first MAX_FLAGS as they are, then only their count and extent."""

    def __init__(self, limit: int = MAX_FLAGS) -> None:
        self.limit = limit
        self.ranges: list[tuple[int, int]] = []
        self.more = 0
        self.more_first = 0
        self.more_end = 0

    def add(self, start: int, end: int) -> None:
        """Note one bad range."""
        if len(self.ranges) < self.limit:
            self.ranges.append((start, end))
            return
        if not self.more:
            self.more_first = start
        self.more += 1
        self.more_end = end


def _flag(data: bytes, first_char: int, first: int, end: int, end_char: int, base: int = 0) -> Flag:
    return Flag(first_char, end_char, "invalid-utf8", 1.0, _replaced(data, first, end, base))


def _replaced(data: bytes, first: int, end: int, base: int = 0) -> str:
    return f"bytes {data[first:end].hex(' ')} at byte offset {first + base} are not UTF-8; replaced by U+FFFD"


_RECORD = "mlkit-record-replace"
_RECORDED: list[_BadRanges] = []


def _record_replace(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: note the bad byte range for the innermost decode, and replace it by U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _RECORDED[-1].add(exc.start, exc.end)
    return "\ufffd", exc.end


codecs.register_error(_RECORD, _record_replace)


def read_path(path: str | Path, errors: str = "strict") -> Document:
    """Read one file (or `-` for stdin) into a Document."""
    if str(path) == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>", errors)
    with _open(str(path)) as fh:
        data = fh.read()
    return decode(data, str(path), errors)


def read_inputs(paths: list[str], errors: str = "strict") -> Iterator[Document]:
    """Documents from the given files, or from stdin when there are none."""
    for path in paths or ["-"]:
        yield read_path(path, errors)


BLOCK_BYTES = 1 << 20  # bytes read at a time by `TextFile`
_SENTENCE_SPACE = re.compile(rb"[.!?][ \t]+(?=\S)")


class TextFile:
    """A text file read in blocks of about BLOCK_BYTES, as often as needed (a long input is read twice by
    windowed stages rather than held in memory); standard input or a pipe is first copied to a temporary file.

    Blocks end after a line break (else a space, else a whole UTF-8 character), so that a run of bad bytes is
    never split; decoding follows `decode`: strict mode names the byte offset in the file, `replace` flags what it
    replaced (bad stretches past MAX_FLAGS summed up once per block instead of once per file).
    """

    def __init__(self, path: str, errors: str = "strict", block: int | None = None) -> None:
        if errors not in ERROR_MODES:
            raise InvalidInputError(f"unknown --errors mode {errors!r}; use one of {', '.join(ERROR_MODES)}")
        self.name = "<stdin>" if path == "-" else path
        self.errors = errors
        self.block = max(8, block or BLOCK_BYTES)  # room for two characters: a block ends before a whole one
        self._spool: BinaryIO | None = None
        self.path = path
        if path == "-" or not _regular(path):
            self._spool = _spooled(sys.stdin.buffer if path == "-" else _open(path))
        else:
            _open(path).close()
        self.size = self._open().seek(0, 2) if self._spool is None else self._spool.seek(0, 2)
        self.meta: dict[str, object] = {"source": self.name}

    def _open(self) -> BinaryIO:
        if self._spool is not None:
            self._spool.seek(0)
            return self._spool
        return _open(self.path)

    def document(self) -> Document:
        """The whole input as one Document, as `read_path` gives it."""
        fh = self._open()
        try:
            return decode(fh.read(), self.name, self.errors)
        finally:
            if self._spool is None:
                fh.close()

    def close(self) -> None:
        """Drop the temporary copy of standard input, if any."""
        if self._spool is not None:
            self._spool.close()

    def blocks(self) -> Iterator[tuple[str, list[Flag]]]:
        """(text, flags with offsets in the whole text) of each block, from the start of the file."""
        fh = self._open()
        byte_pos = char_pos = 0
        carry = b""
        budget = MAX_FLAGS
        try:
            while True:
                data = carry + fh.read(self.block)
                if not data:
                    return
                last = len(data) < self.block + len(carry)
                cut = len(data) if last else _block_end(data)
                if not cut and len(data) < 4 * self.block:
                    carry = data  # no place to cut yet: read on
                    continue
                cut = cut or len(data)  # bad bytes only, for several blocks: cut one run of them
                data, carry = data[:cut], data[cut:]
                skip = 3 if byte_pos == 0 and data.startswith(b"\xef\xbb\xbf") else 0
                if skip:
                    self.meta["bom"] = True
                text, flags = self._decode(data[skip:], byte_pos + skip, budget)
                budget = max(1, budget - len(flags))
                yield text, [Flag(f.start + char_pos, f.end + char_pos, f.kind, f.score, f.reason) for f in flags]
                byte_pos += len(data)
                char_pos += len(text)
                if last and not carry:
                    return
        finally:
            if self._spool is None:
                fh.close()

    def _decode(self, data: bytes, base: int, budget: int) -> tuple[str, list[Flag]]:
        try:
            return data.decode("utf-8"), []
        except UnicodeDecodeError as exc:
            if self.errors == "strict":
                raise InvalidInputError(
                    f"{self.name}: byte 0x{data[exc.start]:02x} at offset {exc.start + base} is not UTF-8; "
                    "pass --errors replace to flag and continue"
                ) from None
            return _decode_replacing(data, budget, base)


def _block_end(data: bytes) -> int:
    """Where to end a block of bytes: after its last line break, else after a sentence, else its last space, else
    before its last valid character (a run of bad bytes never crosses a valid one, so it is never cut); 0 when
    there is no such place (one character, or bad bytes only). The places `mlkit.windows` prefers, so stages
    that window give the same output."""
    k = data.rfind(b"\n")
    if k >= 0:
        return k + 1
    last = None
    for last in _SENTENCE_SPACE.finditer(data, len(data) // 2):  # noqa: B007 (the last match is wanted)
        pass
    if last is not None:
        return last.end()
    k = data.rfind(b" ")
    if k >= 0:
        return k + 1
    for k in range(len(data) - 1, 0, -1):
        lead = data[k]
        if lead < 0x80:
            return k
        n = 2 if 0xC2 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else 4 if 0xF0 <= lead < 0xF5 else 0
        if n and k + n <= len(data):
            try:
                data[k : k + n].decode("utf-8")
            except UnicodeDecodeError:
                continue
            return k
    return 0


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the open say what is wrong


def _open(path: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{path}: is a directory; pass the files inside it") from None
    except PermissionError:
        raise InvalidInputError(f"{path}: permission denied") from None


def _spooled(source: BinaryIO) -> BinaryIO:
    """A temporary file holding everything `source` gives (kept in memory while small)."""
    import shutil
    import tempfile

    spool = tempfile.SpooledTemporaryFile(max_size=BLOCK_BYTES)
    shutil.copyfileobj(source, spool, BLOCK_BYTES)
    return spool  # type: ignore[return-value]
