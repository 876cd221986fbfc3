"""Calibrated scores: a flag's score becomes the share of such flags a reviewer confirmed on real OCR.

data/noise/calibration.tsv (written by tools/calibrate_noise.py from the tuning half of the real-OCR benchmark)
gives, per kind and band of raw score, the confirmed share (Beta(1, 1) prior, monotone in the raw score). A kind
or band that the table does not cover keeps its raw score (layout and scrape flags do not occur in OCR lines).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from mlkit.document import Flag
from mlkit.resources import data_path, read_tsv

TABLE = "noise/calibration.tsv"
MIN_FLAGS = 10  # a band with fewer observed flags keeps the raw score (too few to estimate a share)


@cache
def bands() -> dict[str, tuple[tuple[float, float, float], ...]]:
    """Kind → (raw from, raw to, calibrated score) bands; empty when the table is absent."""
    if not data_path(TABLE).exists():
        return {}
    out: dict[str, list[tuple[float, float, float]]] = {}
    for kind, lo, hi, n, _confirmed, p, *_ in read_tsv(TABLE):
        if int(n) >= MIN_FLAGS:
            out.setdefault(kind, []).append((float(lo), float(hi), round(float(p), 2)))  # shares of tens of flags
    return {k: tuple(v) for k, v in out.items()}


def calibrated_score(kind: str, raw: float) -> float:
    """The calibrated score of a flag of `kind` with raw score `raw` (the raw score when the table has no band)."""
    for lo, hi, p in bands().get(kind, ()):
        if lo <= raw < hi or (hi >= 1.0 and raw >= lo):
            return p
    return raw


def calibrate(flags: Iterable[Flag]) -> list[Flag]:
    """The flags with calibrated scores (reasons, offsets and suggestions unchanged)."""
    out = []
    for f in flags:
        p = calibrated_score(f.kind, f.score)
        out.append(f if p == f.score else Flag(f.start, f.end, f.kind, p, f.reason, f.suggestion))
    return out
