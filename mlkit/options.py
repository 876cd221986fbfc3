"""Checks of option values shared by the API and the CLI: languages by code, scores within [0, 1]."""

from __future__ import annotations

import math
from functools import cache

from mlkit.errors import InvalidOptionError, UnknownOptionError
from mlkit.resources import read_tsv


@cache
def supported_languages() -> tuple[str, ...]:
    """Language codes mlkit can identify: every default and candidate language of `data/segment/scripts.tsv`."""
    langs: set[str] = set()
    for row in read_tsv("segment/scripts.tsv"):
        langs.add(row[1])
        if len(row) > 2 and row[2]:
            langs.update(row[2].split(","))
    return tuple(sorted(langs))


def check_language(lang: str, option: str = "main_lang") -> str:
    """`lang` if mlkit knows it, else UnknownOptionError listing the codes it does know."""
    if lang not in supported_languages():
        raise UnknownOptionError(
            f"{option}: unknown language {lang!r}; use one of {', '.join(supported_languages())}"
        )
    return lang


def check_unit(value: float, option: str = "score") -> float:
    """`value` if it is a number within [0, 1] (NaN is not), else InvalidOptionError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or not 0 <= value <= 1:
        raise InvalidOptionError(f"{option}: {value!r} is not a score; give a number from 0 to 1")
    return float(value)
