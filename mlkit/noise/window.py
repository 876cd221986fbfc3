"""Noise in a long text, window by window, so that memory stays bounded whatever the input's size.

The text is cut into windows of about WINDOW characters (at a paragraph or line break when there is one, else
after a sentence or at a space), each read with MARGIN characters of context on either side, so that what a
detector looks at around a window's own stretch (the next line, the passage, the words beside a word) is there.
Facts about the whole document (its main language, the words and lines it repeats) are gathered in a first pass
(mlkit.noise.stats); the second pass segments and judges each window and keeps the flags that start in its own
stretch. On an ordinary document the flags and spans are the same as from one pass over the whole text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mlkit.document import Document, Flag, Span
from mlkit.noise.stats import DocumentStats

WINDOW = 1 << 18  # characters of a window's own stretch
MARGIN = 1 << 14  # characters of context on each side

Block = tuple[str, list[Flag]]  # a piece of the text, and earlier flags (offsets in the whole text) starting in it


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of the text with its context: `text` starts at `start` in the document; its own part is
    `text[lo:hi]`; `line` lines of the document come before it, and `column` characters of its first line."""

    text: str
    start: int
    lo: int
    hi: int
    line: int
    column: int
    flags: tuple[Flag, ...]  # earlier flags overlapping `text`, offsets within it


def _cut(text: str, a: int, b: int) -> int:
    """Where to end a window between `a` and `b`: after a blank line, a line, a sentence, a space, else at `b`."""
    for sep in ("\n\n", "\n", ". ", " "):
        k = text.rfind(sep, a, b)
        if k >= 0:
            return k + len(sep)
    return b


def _context_start(text: str, a: int, b: int) -> int:
    """The first line start (else word start) in `text[a:b]`, or `a`."""
    for sep in ("\n", " "):
        k = text.find(sep, a, b)
        if k >= 0:
            return k + 1
    return a


def _context_end(text: str, a: int, b: int) -> int:
    """The last line end (else word end) in `text[a:b]`, or `b`."""
    for sep in ("\n", " "):
        k = text.rfind(sep, a, b)
        if k >= 0:
            return k + 1
    return b


def windows(blocks: Iterable[Block], size: int = WINDOW, margin: int = MARGIN) -> Iterator[Window]:
    """The windows of the text made of `blocks`, holding at most about size + 2 × margin + a block of it."""
    pieces = iter(blocks)
    buf, buf_start, buf_line, buf_column = "", 0, 0, 0  # buf_column: characters of buf's first line before buf
    pending: list[Flag] = []
    done = False
    lo = 0
    while True:
        more: list[str] = []
        have = buf_start + len(buf)
        while not done and have < lo + size + margin:
            piece = next(pieces, None)
            if piece is None:
                done = True
            else:
                more.append(piece[0])
                pending.extend(piece[1])
                have += len(piece[0])
        if more:
            buf = "".join([buf, *more])
        end = buf_start + len(buf)
        if done and lo == end and lo > 0:
            return
        rel = lo - buf_start
        hi = end if done and end - lo <= size else buf_start + _cut(buf, rel + size // 2, rel + size)
        cs = 0 if buf_start + rel - margin <= 0 else _context_start(buf, max(0, rel - margin), rel)
        ce = len(buf) if done and hi - buf_start + margin >= len(buf) else (
            _context_end(buf, hi - buf_start + margin // 2, hi - buf_start + margin)
        )
        start = buf_start + cs
        nl = buf.rfind("\n", 0, cs)
        column = cs - nl - 1 if nl >= 0 else buf_column + cs
        line = buf_line + buf.count("\n", 0, cs)
        text = buf[cs:ce]
        stop = start + len(text)
        pending = [f for f in pending if f.end > start or f.start >= start]
        near = tuple(
            Flag(f.start - start, f.end - start, f.kind, f.score, f.reason, f.suggestion)
            for f in pending
            if f.start < stop and (f.end > start or f.start >= start)
        )
        yield Window(text, start, lo - start, hi - start, line, column, near)
        if done and hi >= end:
            return
        lo = hi
        drop = max(0, lo - margin - buf_start)
        if drop:
            nl = buf.rfind("\n", 0, drop)
            buf_column = drop - nl - 1 if nl >= 0 else buf_column + drop
            buf_line += buf.count("\n", 0, drop)
            buf = buf[drop:]
            buf_start += drop


def text_blocks(text: str, flags: Iterable[Flag] = (), size: int = WINDOW) -> Iterator[Block]:
    """The blocks of a text held in memory (its earlier flags given with the block their start falls in)."""
    ordered = sorted(flags, key=lambda f: f.start)
    k = 0
    for a in range(0, max(len(text), 1), size):
        b = a + size
        first = k
        while k < len(ordered) and ordered[k].start < b:
            k += 1
        yield text[a:b], ordered[first:k]


def spans_in(spans: tuple[Span, ...], start: int, stop: int) -> list[Span]:
    """The spans overlapping `[start, stop)`, cut to it, with offsets from `start`."""
    out = []
    for s in spans:
        if (s.end > start and s.start < stop) or (s.start == s.end and start <= s.start < stop):
            a, b = max(s.start, start), min(s.end, stop)
            out.append(Span(a - start, b - start, s.lang, s.script, s.kind, s.confidence))
    return out


@dataclass
class Pass:
    """What the windowed noise search needs to know before its second pass."""

    main: str
    stats: DocumentStats


def first_pass(
    blocks: Callable[[], Iterable[Block]],
    segmented: Callable[[Window, str], Document],
    main: str | None,
    counts: bool,
    size: int = WINDOW,
    margin: int = MARGIN,
) -> Pass:
    """The document's main language (as segment decides it: the sample's, unless the runs of the whole text are
    mostly another language) and, when `counts`, the word counts the lexicon detectors weigh."""
    from mlkit.noise.english import count_english
    from mlkit.noise.korean import count_korean
    from mlkit.noise.punctuation import count_quotes
    from mlkit.segment.langid import LangIdParams
    from mlkit.segment.runs import document_runs, main_language

    decided = main is not None
    for _ in range(2):
        stats = DocumentStats()
        mass: dict[str, int] = {}
        for w in windows(blocks(), size, margin):
            count_quotes(w.text[w.lo : w.hi], stats)
            if main is None:  # the first window starts the text: segment's sample is in it
                main = main_language(w.text)
            if not decided:
                for r in document_runs(w.text, main, LangIdParams()):
                    if w.lo <= r.start < w.hi:
                        mass[r.lang] = mass.get(r.lang, 0) + (r.end - r.start)
            if counts:
                doc = segmented(w, main)
                stats.lo, stats.hi = w.lo, w.hi
                count_english(doc, stats)
                count_korean(doc, stats)
        assert main is not None
        best = max(sorted(mass), key=lambda k: mass[k]) if mass else None
        if decided or best in (main, None):
            return Pass(main, stats)
        main, decided = best, True
        if not counts:
            return Pass(main, stats)
    raise AssertionError("unreachable")
