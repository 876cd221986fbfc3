"""Scoring against the gold romanisation files: strict (exact) and loose (case, spaces and hyphens ignored)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Gold file stem → (column with the expected value, system that should produce it).
GOLD_SETS = {
    "rr": ("gold_rr.tsv", "expected", "rr"),
    "rr_pron": ("gold_rr_pron.tsv", "expected", "rr"),
    "rr_translit": ("gold_rr_translit.tsv", "expected", "rr-translit"),
    "mr": ("gold_mr.tsv", "expected", "mr"),
    "dprk_official": ("gold_dprk.tsv", "expected_official", "dprk"),
    "dprk_media": ("gold_dprk.tsv", "expected_media", "dprk-media"),
    "yale": ("gold_yale.tsv", "expected", "yale"),
}


def loose(text: str) -> str:
    """The loose comparison form: lower case, no spaces or hyphens."""
    return "".join(c for c in text.lower() if c not in " -\u00a0")


@dataclass
class Score:
    """Accuracy of one system on one gold set, with the rows it got wrong (loosely)."""

    name: str
    total: int
    strict: int
    loose: int
    misses: list[tuple[str, str, str]]

    @property
    def strict_rate(self) -> float:
        """Exact-match accuracy."""
        return self.strict / self.total if self.total else 0.0

    @property
    def loose_rate(self) -> float:
        """Loose accuracy (case, spaces and hyphens ignored)."""
        return self.loose / self.total if self.total else 0.0


def gold_rows(folder: Path, name: str) -> list[tuple[str, str]]:
    """(hangul, expected) rows of a gold set, skipping rows with no expected value."""
    filename, column, _ = GOLD_SETS[name]
    with (folder / filename).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["hangul"], r[column]) for r in reader if r.get(column)]


def score(folder: Path, name: str, convert: Callable[[str, str], str]) -> Score:
    """Score `convert(hangul, system)` on one gold set."""
    system = GOLD_SETS[name][2]
    rows = gold_rows(folder, name)
    strict = hits = 0
    misses = []
    for hangul, expected in rows:
        got = convert(hangul, system)
        strict += got == expected
        if loose(got) == loose(expected):
            hits += 1
        else:
            misses.append((hangul, expected, got))
    return Score(name, len(rows), strict, hits, misses)
