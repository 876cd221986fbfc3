"""Noise for review: doubtful stretches of a text, each as a `Flag` with a kind, a score and a reason.

Nothing is "fixed": every detector is a small function `Document -> Flags` with its own kind, and `find_noise`
runs them (Korean checks on Korean passages, English checks on English text) and returns the Document with
its flags, sorted and deduplicated.

>>> doc = find_noise("Kim Jong Il visited the c0mrades.\\n")
>>> [(f.kind, doc.text[f.start:f.end], f.suggestion) for f in doc.flags]
[('digit-in-word', 'c0mrades', 'comrades')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate

from mlkit.document import Document, Flag
from mlkit.errors import UnknownOptionError
from mlkit.noise.calibration import calibrate
from mlkit.noise.chars import find_bad_characters, find_jamo, find_mojibake
from mlkit.noise.context import weigh_by_line
from mlkit.noise.english import find_english_lexicon
from mlkit.noise.korean import find_korean_lexicon
from mlkit.noise.layout import find_broken_lines, find_markup, find_stray_numbers
from mlkit.noise.punctuation import find_stray_punctuation
from mlkit.noise.reference import find_reference_deviations
from mlkit.noise.scrape import find_boilerplate, find_repeated_lines, find_truncated_teasers
from mlkit.noise.tokens import find_digits_in_words, find_letter_spacing, find_mixed_script
from mlkit.options import check_unit

Detector = Callable[[Document], Iterable[Flag]]

# Detector name → function; names are what `detectors=` and `mlkit noise --detectors` accept.
DETECTORS: dict[str, Detector] = {
    "characters": find_bad_characters,
    "jamo": find_jamo,
    "mojibake": find_mojibake,
    "mixed-script": find_mixed_script,
    "digits": find_digits_in_words,
    "letter-spacing": find_letter_spacing,
    "punctuation": find_stray_punctuation,
    "stray-numbers": find_stray_numbers,
    "markup": find_markup,
    "broken-lines": find_broken_lines,
    "repeated-lines": find_repeated_lines,
    "truncated-lines": find_truncated_teasers,
    "boilerplate": find_boilerplate,
    "korean-lexicon": find_korean_lexicon,
    "english-lexicon": find_english_lexicon,
}

__all__ = ["DETECTORS", "find_noise", "sort_flags"]


def sort_flags(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    """Flags in text order (then by kind), exact duplicates removed, so output is deterministic."""
    return tuple(sorted(set(flags), key=lambda f: (f.start, f.end, f.kind, -f.score, f.reason)))


def _resolve(detectors: Iterable[str] | None) -> list[Detector]:
    if detectors is None:
        return list(DETECTORS.values())
    names = list(detectors)
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise UnknownOptionError(f"unknown detector {unknown[0]!r}; choose from {', '.join(DETECTORS)}")
    return [DETECTORS[n] for n in names]


def _run(doc: Document, detectors: list[Detector], reference: str | None) -> Iterator[Flag]:
    for detector in detectors:
        yield from detector(doc)
    if reference is not None:
        yield from find_reference_deviations(doc, reference)


def find_noise(
    document: str | Document,
    reference: str | None = None,
    detectors: Iterable[str] | None = None,
    min_score: float = 0.0,
    calibrated: bool = True,
) -> Document:
    """The Document with noise `flags` added (segmenting it first if it has no spans).

    `reference` is a clean version of the text (or of a passage in it) to compare with character by character;
    `detectors` picks detectors by name (default: all); flags scoring below `min_score` are dropped. Scores are
    calibrated (data/noise/calibration.tsv): a score of 0.5 means one such flag in two was confirmed on real OCR;
    `calibrated=False` keeps the detectors' raw scores (what tools/calibrate_noise.py fits).
    """
    from mlkit.segment import segment

    check_unit(min_score, "min_score")
    doc = document if isinstance(document, Document) else Document(text=document)
    if not doc.spans:
        doc = segment(doc)
    found = _drop_restated([f for f in _run(doc, _resolve(detectors), reference) if f.end > f.start], doc.flags)
    found = weigh_by_line(doc.text, found)
    if calibrated:
        found = calibrate(found)
    return doc.add(flags=sort_flags(f for f in found if f.score >= min_score))


# A flag of the first kind inside a flag of the second says nothing new (a spaced-out word already explains
# each gap; a teaser cut off mid-sentence already explains its line break; the reader already flagged the
# bytes it replaced).
_RESTATED = (
    ("split-word", "letter-spacing"),
    ("broken-line", "truncated-line"),
    ("broken-line", "repeated-line"),
    ("replacement-char", "invalid-utf8"),
)


def _drop_restated(flags: list[Flag], earlier: Iterable[Flag] = ()) -> list[Flag]:
    known = [*flags, *earlier]
    covers = {outer: _Cover([(f.start, f.end + 1) for f in known if f.kind == outer]) for _, outer in _RESTATED}
    inner = {k for k, _ in _RESTATED}

    def restated(f: Flag) -> bool:
        return any(covers[outer].overlaps(f.start, f.end) for k, outer in _RESTATED if k == f.kind)

    return [f for f in flags if f.kind not in inner or not restated(f)]


class _Cover:
    """Intervals, asked whether any overlaps a range in log time (many flags must not mean quadratic time)."""

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        intervals.sort()
        self.starts = [s for s, _ in intervals]
        self.reach = list(accumulate((e for _, e in intervals), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some interval (s, e) has s < end and start < e."""
        k = bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start
