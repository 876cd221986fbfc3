"""Loading the tables in `data/` (installed as the package `mlkit.data`), once, with caching."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_dir() -> Path:
    """The folder holding mlkit's data tables: `mlkit/data` in an installed wheel, `data/` in a source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "data"
    if installed.is_dir():
        return installed
    source = here.parent / "data"
    if (here.parent / "pyproject.toml").is_file() and source.is_dir():
        return source
    from mlkit.errors import MlkitError

    raise MlkitError(f"mlkit's data tables are missing (looked in {installed} and {source}): reinstall mlkit")


def data_path(relative: str) -> Path:
    """Path of a data file, e.g. `data_path("segment/scripts.tsv")`."""
    return data_dir() / relative


@cache
def read_tsv(relative: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV data file, skipping blank lines and `#` comments."""
    rows = []
    with data_path(relative).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(tuple(line.split("\t")))
    return tuple(rows)


@cache
def read_lines(relative: str) -> tuple[str, ...]:
    """Non-blank, non-comment lines of a text data file."""
    with data_path(relative).open(encoding="utf-8") as fh:
        return tuple(s for line in fh if (s := line.strip()) and not s.startswith("#"))


@cache
def read_words(relative: str) -> tuple[str, ...]:
    """Every whitespace-separated item of a word-list data file, in order (lists may hold several a line)."""
    return tuple(s for line in read_lines(relative) for s in line.split())
