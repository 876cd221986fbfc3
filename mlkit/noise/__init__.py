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
from dataclasses import dataclass
from itertools import accumulate

from mlkit.document import Document, Flag, Span
from mlkit.errors import UnknownOptionError
from mlkit.noise.base import forget_kept
from mlkit.noise.calibration import calibrate
from mlkit.noise.chars import find_bad_characters, find_jamo, find_mojibake
from mlkit.noise.context import weigh_by_line
from mlkit.noise.english import find_english_lexicon
from mlkit.noise.korean import find_korean_lexicon
from mlkit.noise.layout import find_broken_lines, find_markup, find_stray_numbers
from mlkit.noise.paragraph_end import find_paragraph_commas
from mlkit.noise.punctuation import find_stray_punctuation
from mlkit.noise.realword import find_real_words
from mlkit.noise.reference import find_reference_deviations
from mlkit.noise.scrape import find_boilerplate, find_repeated_lines, find_truncated_teasers
from mlkit.noise.tokens import find_digits_in_words, find_letter_spacing, find_mixed_script
from mlkit.noise.window import MARGIN, WINDOW, Block, Window, first_pass, spans_in, text_blocks
from mlkit.noise.window import windows as windows_of
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
    "real-words": find_real_words,
    "paragraph-commas": find_paragraph_commas,
}

# Detectors that weigh counts over the whole document: given them when the text is read in windows.
WHOLE_DOCUMENT = frozenset({"korean-lexicon", "english-lexicon", "repeated-lines", "punctuation"})

__all__ = ["DETECTORS", "WINDOW", "Judged", "find_noise", "noise_windows", "sort_flags"]


def sort_flags(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    """Flags in text order (then by kind), exact duplicates removed, so output is deterministic."""
    return tuple(sorted(set(flags), key=lambda f: (f.start, f.end, f.kind, -f.score, f.reason)))


def _names(detectors: Iterable[str] | None) -> list[str]:
    if detectors is None:
        return list(DETECTORS)
    names = list(detectors)
    unknown = [n for n in names if n not in DETECTORS]
    if unknown:
        raise UnknownOptionError(f"unknown detector {unknown[0]!r}; choose from {', '.join(DETECTORS)}")
    return names


def _resolve(detectors: Iterable[str] | None) -> list[Detector]:
    return [DETECTORS[n] for n in _names(detectors)]


def _run(doc: Document, detectors: list[Detector], reference: str | None) -> Iterator[Flag]:
    try:
        for detector in detectors:
            yield from detector(doc)
    finally:
        forget_kept()  # (the detectors share what they found about the document while they run)
    if reference is not None:
        yield from find_reference_deviations(doc, reference)


def find_noise(
    document: str | Document,
    reference: str | None = None,
    detectors: Iterable[str] | None = None,
    min_score: float = 0.0,
    calibrated: bool = True,
    window: int | None = WINDOW,
) -> Document:
    """The Document with noise `flags` added (segmenting it first if it has no spans).

    `reference` is a clean version of the text (or of a passage in it) to compare with character by character;
    `detectors` picks detectors by name (default: all); flags scoring below `min_score` are dropped. Scores are
    calibrated (data/noise/calibration.tsv): a score of 0.5 means one such flag in two was confirmed on real OCR;
    `calibrated=False` keeps the detectors' raw scores (what tools/calibrate_noise.py fits). A text longer than
    `window` characters is read in windows (see mlkit.noise.window): same flags, bounded working memory; a
    comparison with a `reference` reads the whole text at once.
    """
    from mlkit.segment import segment

    check_unit(min_score, "min_score")
    doc = document if isinstance(document, Document) else Document(text=document)
    if reference is None and window is not None and len(doc.text) > window:
        return _find_windowed(doc, _names(detectors), min_score, calibrated, window)
    if not doc.spans:
        doc = segment(doc)
    found = _drop_restated([f for f in _run(doc, _resolve(detectors), reference) if f.end > f.start], doc.flags)
    found = weigh_by_line(doc.text, found)
    if calibrated:
        found = calibrate(found)
    return doc.add(flags=sort_flags(f for f in found if f.score >= min_score))


@dataclass(frozen=True, slots=True)
class Judged:
    """One window judged: the window, a Document of its text (spans, and its flags: the earlier ones of its own
    stretch, then the new ones), the new flags, and the document's main language; offsets within the window."""

    window: Window
    doc: Document
    new: tuple[Flag, ...]
    main: str


def noise_windows(
    blocks: Callable[[], Iterable[Block]],
    meta: dict[str, object],
    spans: tuple[Span, ...] | None = None,
    detectors: Iterable[str] | None = None,
    min_score: float = 0.0,
    calibrated: bool = True,
    size: int = WINDOW,
    margin: int = MARGIN,
) -> Iterator[Judged]:
    """Noise of a text window by window: `blocks()` gives the text (it is read twice: once for the counts over
    the whole document, once to judge); `spans` are the document's own (else each window is segmented)."""
    from mlkit.segment import segment

    check_unit(min_score, "min_score")
    names = _names(detectors)

    def segmented(w: Window, main: str) -> Document:
        if spans is not None:
            return Document(text=w.text, meta=dict(meta), spans=tuple(spans_in(spans, w.start, w.start + len(w.text))))
        return segment(Document(text=w.text, meta=dict(meta)), main_lang=main)

    given = None if spans is None else str(meta.get("main_lang", "en"))
    counts = bool({"korean-lexicon", "english-lexicon"} & set(names))
    first = first_pass(blocks, segmented, given, counts, size, margin)
    stats = first.stats
    for w in windows_of(blocks(), size, margin):
        stats.lo, stats.hi, stats.line_base = w.lo, w.hi, w.line
        doc = segmented(w, first.main).replace(flags=w.flags)
        found: list[Flag] = []
        try:
            for name in names:
                detector = DETECTORS[name]
                found.extend(detector(doc, stats) if name in WHOLE_DOCUMENT else detector(doc))  # type: ignore[call-arg]
        finally:
            forget_kept()  # (the detectors share what they found about the window while they run)
        kept = _drop_restated([f for f in found if f.end > f.start], doc.flags)
        kept = weigh_by_line(doc.text, kept)
        if calibrated:
            kept = calibrate(kept)
        new = sort_flags(f for f in kept if f.score >= min_score and w.lo <= f.start < w.hi)
        earlier = tuple(f for f in w.flags if w.lo <= f.start < w.hi)
        yield Judged(w, doc.replace(flags=(*earlier, *new)), new, first.main)


def _find_windowed(doc: Document, names: list[str], min_score: float, calibrated: bool, size: int) -> Document:
    """find_noise over windows of a long text held in memory."""
    spans = doc.spans or None
    found_spans: list[Span] = []
    flags: list[Flag] = []
    main = None
    for judged in noise_windows(
        lambda: text_blocks(doc.text, doc.flags, size), doc.meta, spans, names, min_score, calibrated, size,
        min(MARGIN, size),
    ):  # fmt: skip
        w, at, main = judged.window, judged.window.start, judged.main
        if spans is None:
            _stitch(found_spans, judged.doc.spans, w.lo, w.hi, at)
        flags += [Flag(f.start + at, f.end + at, f.kind, f.score, f.reason, f.suggestion) for f in judged.new]
    if spans is None:
        doc = doc.replace(spans=found_spans, meta={**doc.meta, "main_lang": main})
    return doc.add(flags=flags)


def _stitch(found: list[Span], spans: Iterable[Span], lo: int, hi: int, at: int) -> None:
    """Add a window's spans that start in its own stretch to `found`; a span that starts in the context before
    it continues one the last window cut off at its end (a main-language run over many lines): that one is
    extended (a run's confidence is the least of its parts', as segment merges runs)."""
    last = {(s.kind, s.lang, s.script): k for k, s in enumerate(found[-64:], start=max(0, len(found) - 64))}
    for s in spans:
        if s.start < lo < s.end:
            k = last.get((s.kind, s.lang, s.script))
            if k is not None and found[k].end >= s.start + at:
                prev = found[k]
                conf = min(prev.confidence, s.confidence) if s.kind == "run" else prev.confidence
                found[k] = Span(prev.start, max(prev.end, s.end + at), s.lang, s.script, s.kind, conf)
        elif lo <= s.start < hi:
            found.append(Span(s.start + at, s.end + at, s.lang, s.script, s.kind, s.confidence))


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
