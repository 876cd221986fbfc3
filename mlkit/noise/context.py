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

# Kind → raw score of a weak flag → (confident flags of other words its line must hold, the score it is raised
# to). A name-shaped or repeated unknown Korean word (0.15) is mostly a name: with one doubtful neighbour it is
# confirmed a third of the time on the benchmark's tuning halves, with two three times in four (those raised in
# the first round count); it is calibrated in the band of raw 0.5-0.6 (with the unknown words a garbled passage
# raises, mlkit.noise.korean), not with the surer 0.6.
WEAK = {"korean-unknown": {0.19: (1, 0.6), 0.15: (2, 0.52)}, "english-rare": {0.4: (1, 0.6)}}
_NEWLINE = re.compile("\n")
EVIDENCE_SCORE = 0.5  # a flag of another kind at least this sure counts as evidence


def weigh_by_line(text: str, flags: Iterable[Flag]) -> list[Flag]:
    """The flags, with weak ones raised (WEAK) when confident flags of strong kinds share the line: first those
    that need one, then those that need two, counting the flags the first round raised."""
    out = list(flags)
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    for round_needs in (1, 2):
        evidence: dict[int, list[tuple[int, int]]] = {}
        for f in out:
            if f.score >= EVIDENCE_SCORE and (f.kind not in WEAK or round_needs > 1):
                evidence.setdefault(bisect.bisect_left(breaks, f.start), []).append((f.start, f.end))
        for k, f in enumerate(out):
            weak = WEAK.get(f.kind, {}).get(f.score)
            if weak is None or weak[0] != round_needs:
                continue
            near = evidence.get(bisect.bisect_left(breaks, f.start), [])
            if sum(not (s < f.end and f.start < e) for s, e in near) >= round_needs:
                why = f"{f.reason}; other words on its line are doubtful too"
                out[k] = Flag(f.start, f.end, f.kind, weak[1], why, f.suggestion)
    return out
