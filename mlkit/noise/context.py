"""Weak flags weighed by their line: an unknown word next to clearly garbled ones is garbled too.

On real OCR, an unknown Korean word (korean-unknown) is an error about one time in three when nothing else on its
line is doubtful (it is then mostly a transliterated name), and nearly nine times in ten when a confident flag of
another kind sits on the same line; a rare short English word behaves alike. Measured on the tuning half of the
real-OCR benchmark (bench/ocr_build.py, tools/calibrate_noise.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from mlkit.document import Flag

# Kind → the raw scores it is raised from (weak flags), and the score it gets with evidence on its line.
WEAK = {"korean-unknown": (0.19,), "english-rare": (0.4,)}
SUPPORTED_SCORE = 0.6
_NEWLINE = re.compile("\n")
EVIDENCE_SCORE = 0.5  # a flag of another kind at least this sure counts as evidence


def weigh_by_line(text: str, flags: Iterable[Flag]) -> list[Flag]:
    """The flags, with weak ones raised to SUPPORTED_SCORE when a confident flag of a strong kind shares the line."""
    flags = list(flags)
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    evidence: dict[int, list[tuple[int, int]]] = {}
    for f in flags:
        if f.kind not in WEAK and f.score >= EVIDENCE_SCORE:
            evidence.setdefault(bisect.bisect_left(breaks, f.start), []).append((f.start, f.end))
    out = []
    for f in flags:
        if f.score in WEAK.get(f.kind, ()):
            near = evidence.get(bisect.bisect_left(breaks, f.start), [])
            if any(not (s < f.end and f.start < e) for s, e in near):
                why = f"{f.reason}; other words on its line are doubtful too"
                f = Flag(f.start, f.end, f.kind, SUPPORTED_SCORE, why, f.suggestion)
        out.append(f)
    return out
