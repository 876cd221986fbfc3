"""Driver-side reading: command-line paths (files, directories, globs, `-`) expanded in a stable order and
cut into raw items (one per text file, one per JSONL line), without decoding anything.

Whatever cannot be read (a missing file, a permission error, a file over the size limit) becomes an
"error" item, so it appears in the output as an error record at its place instead of stopping the run.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from mlkit.pipeline.shards import Item

INPUT_FORMATS = ("auto", "text", "jsonl")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
GLOB_CHARS = "*?["


def expand(paths: list[str]) -> Iterator[str]:
    """Each path as given: a directory becomes its files (recursive, sorted, hidden ones skipped), a glob the
    sorted files it matches; a missing path is passed on so that reading it gives an error item."""
    for path in paths or ["-"]:
        if path == "-" or os.path.isfile(path):
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif any(c in path for c in GLOB_CHARS):
            matches = sorted(glob.glob(path, recursive=True))
            for match in matches:
                yield from _walk(match) if os.path.isdir(match) else [match]
            if not matches:
                yield path  # reading it gives an error item: a pattern that matched nothing is not silently dropped
        else:
            yield path


def _walk(folder: str, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    """Files under `folder` in name order at each level (a subfolder at its name's place), like `find | sort`; a
    link back to a folder being walked is not followed again (a loop would never end)."""
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen = seen | {real}
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # reading it gives the error item
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:  # a link that cannot be resolved: reading it gives the error item
            is_dir = False
        if is_dir:
            yield from _walk(entry.path, seen)
        else:
            yield entry.path


def input_digest(paths: list[str], skip: tuple[str, ...] = ()) -> str:
    """A digest of every input's name, size and modification time, in reading order: a resumed run must read
    the same files, unchanged."""
    import hashlib

    digest = hashlib.sha256()
    for path in _inputs(paths, skip):
        try:
            st = os.stat(path) if path != "-" else None
            mark = "stdin" if st is None else f"{st.st_size} {st.st_mtime_ns}"
        except OSError:
            mark = "missing"
        digest.update(f"{path}\t{mark}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _inputs(paths: list[str], skip: tuple[str, ...]) -> Iterator[str]:
    """`expand(paths)` less the files under the paths in `skip` (the run's own output)."""
    skip = tuple(os.path.abspath(p) for p in skip)
    for path in expand(paths):
        if not (skip and path != "-" and _under(os.path.abspath(path), skip)):
            yield path


def is_jsonl(path: str, input_format: str) -> bool:
    """Whether to read a path line by line as JSONL."""
    if input_format == "auto":
        return path.lower().endswith(JSONL_SUFFIXES)
    return input_format == "jsonl"


def read_items(
    paths: list[str], input_format: str = "auto", max_bytes: int = 1 << 24, skip: tuple[str, ...] = ()
) -> Iterator[Item]:
    """Raw items for every input, in order; files under the paths in `skip` (the run's own output) are left out."""
    for path in _inputs(paths, skip):
        name = "<stdin>" if path == "-" else path
        try:
            if path != "-" and os.path.exists(path) and not os.path.isfile(path):
                yield Item("error", name, "cannot read: not a regular file (a pipe, socket or device)", name)
                continue
            if is_jsonl(path, input_format):
                yield from _lines(path, name)
            else:
                yield _text(path, name, max_bytes)
        except OSError as exc:
            yield Item("error", name, f"cannot read: {exc.strerror or exc}", name)


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def _text(path: str, name: str, max_bytes: int) -> Item:
    if path == "-":
        return Item("text", name, sys.stdin.buffer.read(), name)
    size = os.stat(path).st_size
    if size > max_bytes:
        return Item("error", name, f"{size} bytes is more than the limit of {max_bytes}", name)
    return Item("text", name, Path(path).read_bytes(), name)


def _lines(path: str, name: str) -> Iterator[Item]:
    stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    try:
        offset = 0
        for number, line in enumerate(stream, 1):
            if line.strip():
                yield Item("line", f"{name}:{number}", line.rstrip(b"\r\n"), name, number, offset)
            offset += len(line)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
