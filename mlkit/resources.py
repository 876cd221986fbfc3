"""Loading the tables in `data/` (installed as the package `mlkit.data`), once, with caching."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@cache
def data_root() -> str:
    """The data folder as a string (os.path, not pathlib: the one-line CLI path should not import pathlib)."""
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "data")
    if os.path.isdir(installed):
        return installed
    parent = os.path.dirname(here)
    source = os.path.join(parent, "data")
    if os.path.isfile(os.path.join(parent, "pyproject.toml")) and os.path.isdir(source):
        return source
    from mlkit.errors import MlkitError

    raise MlkitError(f"mlkit's data tables are missing (looked in {installed} and {source}): reinstall mlkit")


def data_dir() -> Path:
    """The folder holding mlkit's data tables: `mlkit/data` in an installed wheel, `data/` in a source tree."""
    from pathlib import Path

    return Path(data_root())


def data_path(relative: str) -> Path:
    """Path of a data file, e.g. `data_path("segment/scripts.tsv")`."""
    return data_dir() / relative


def _open(relative: str) -> TextIO:
    """A data file opened as UTF-8 text."""
    return open(os.path.join(data_root(), relative), encoding="utf-8")


@cache
def read_tsv(relative: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV data file, skipping blank lines and `#` comments."""
    return tuple(iter_tsv(relative))


def iter_tsv(relative: str) -> Iterator[tuple[str, ...]]:
    """The rows of a TSV data file one by one, as `read_tsv` gives them but not kept (for a large table read once
    into a structure of its own)."""
    with _open(relative) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield tuple(line.split("\t"))


@cache
def read_lines(relative: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a text data file."""
    with _open(relative) as fh:
        return tuple(s for line in fh if (s := line.strip()) and not s.startswith("#"))


@cache
def read_words(relative: str) -> tuple[str, ...]:
    """Every whitespace-separated item of a word-list data file, in order (lists may hold several a line)."""
    return tuple(s for line in read_lines(relative) for s in line.split())
