"""Scores of noise detectors on the real-OCR benchmark (bench/ocr_build.py), as markdown tables.

Token precision/recall/F1 by language and by character-error-rate band, for mlkit at the review level and with
every flag, next to hunspell and a kiwipiepy baseline run the same way; the share of tokens each flags on the
clean source of the same lines (throughput is bench/noise_speed.py's).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from ocr_build import SPLIT_SEED, Sample, split_part

Flags = list[tuple[int, int]]
Detector = Callable[[str], Flags | None]
BANDS = ((0.0, 0.02, "CER <2%"), (0.02, 0.1, "2–10%"), (0.1, 0.25, "10–25%"), (0.25, 9.9, "≥25%"))


@dataclass(slots=True)
class Counts:
    """True/false positives and false negatives over tokens."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1 (precision 1 when nothing is flagged)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def joined(texts: list[str]) -> tuple[str, list[int]]:
    """The lines as one document (a blank line between them) and each line's offset in it."""
    offsets, pos = [], 0
    for t in texts:
        offsets.append(pos)
        pos += len(t) + 2
    return "\n\n".join(texts), offsets


def flagged_tokens(text: str, offset: int, flags: Flags) -> list[bool]:
    """For each whitespace token of a line at `offset`, whether a flag touches it."""
    out = []
    for m in re.finditer(r"\S+", text):
        s, e = offset + m.start(), offset + m.end()
        out.append(any(fs < e and s < fe for fs, fe in flags))
    return out


def score(samples: list[Sample], fn: Detector) -> tuple[dict[str, Counts], float, float] | None:
    """Counts overall and by CER band, the share of clean-source tokens flagged, and seconds taken."""
    text, offsets = joined([s.ocr for s in samples])
    start = time.perf_counter()
    flags = fn(text)
    took = time.perf_counter() - start
    if flags is None:
        return None
    flags = sorted(flags)
    by: dict[str, Counts] = {"all": Counts(), **{b[2]: Counts() for b in BANDS}}
    for s, off in zip(samples, offsets, strict=True):
        band = next(b[2] for b in BANDS if b[0] <= s.cer < b[1])
        near = [f for f in flags if f[0] < off + len(s.ocr) and off < f[1]]
        for tok, hit in zip(s.tokens, flagged_tokens(s.ocr, off, near), strict=True):
            for c in (by["all"], by[band]):
                c.tp += tok.error and hit
                c.fp += hit and not tok.error
                c.fn += tok.error and not hit
    clean, coffs = joined([s.source for s in samples])
    cflags = sorted(fn(clean) or [])
    hits = [h for s, off in zip(samples, coffs, strict=True) for h in flagged_tokens(s.source, off, cflags)]
    return by, sum(hits) / max(len(hits), 1), took


def part(samples: list[Sample], name: str) -> list[Sample]:
    """The samples of one part of the dev lines ('tune', 'held-out') or all of them."""
    return samples if name == "all" else [s for s in samples if split_part(SPLIT_SEED, s.lang, s.line) == name]


def table(lang: str, samples: list[Sample], detectors: dict[str, Detector]) -> list[str]:
    """Markdown rows: one per detector, P/R/F1 overall, F1 by CER band, share flagged on the clean lines."""
    n_err = sum(t.error for s in samples for t in s.tokens)
    n_tok = sum(len(s.tokens) for s in samples)
    bands = [b[2] for b in BANDS]
    counts = {b: sum(1 for s in samples if lo <= s.cer < hi) for lo, hi, b in BANDS}
    head = [
        f"{lang}: {len(samples)} lines, {n_tok} OCR tokens, {n_err} wrong",
        "",
        "| detector | P | R | F1 | " + " | ".join(f"F1 {b} ({counts[b]} lines)" for b in bands) + " | clean flagged |",
        "|---|---|---|---|" + "---|" * len(bands) + "---|",
    ]
    rows = []
    for name, fn in detectors.items():
        res = score(samples, fn)
        if res is None:
            rows.append(f"| {name} | not available here |")
            continue
        by, clean, _ = res
        p, r, f = by["all"].prf()
        band_f = " | ".join(f"{by[b].prf()[2]:.2f}" if by[b].tp + by[b].fn else f"– ({by[b].fp} fp)" for b in bands)
        rows.append(f"| {name} | {p:.2f} | {r:.2f} | **{f:.2f}** | {band_f} | {clean:.1%} |")
    return head + rows


def reliability(samples: list[Sample], find: Callable[[str], list[tuple[int, int, float]]]) -> str:
    """Calibration check: for flags in each band of score, the share that touch an OCR error (should match)."""
    text, offsets = joined([s.ocr for s in samples])
    pairs = zip(samples, offsets, strict=True)
    errors = sorted((off + t.start, off + t.end) for s, off in pairs for t in s.tokens if t.error)
    flags = find(text)
    parts = []
    for lo, hi in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
        inside = [any(s < fe and fs < e for s, e in errors) for fs, fe, sc in flags if lo <= sc < hi]
        if inside:
            share = sum(inside) / len(inside)
            parts.append(f"score {lo:.1f}–{min(hi, 1.0):.1f}: {sum(inside)}/{len(inside)} = {share:.2f}")
    return "confirmed share by score band: " + "; ".join(parts)
