"""The result of romanising a text: output text, and edges from source ranges to output ranges (built lazily)."""

from __future__ import annotations

from collections.abc import Callable

from mlkit.document import Edge

# A romanised segment of the source: (src_start, src_end, out_text, pieces), where pieces are
# (src_start, src_end, out_len, rules) relative to src_start; stretches between segments pass through unchanged.
Segment = tuple[int, int, str, tuple[tuple[int, int, int, tuple[str, ...]], ...] | None]


class RomanizationResult:
    """`text` is the romanisation of `source` in `system`; `edges` say which source range became which output.

    Two results are equal when source, system and text are; `blocks` (the segments of each line) are kept for
    the edges, which are built on first use.
    """

    __slots__ = ("_edges", "blocks", "lazy_blocks", "source", "system", "text")

    def __init__(
        self,
        source: str,
        system: str,
        text: str,
        blocks: list[tuple[int, list[Segment]]] | None = None,
        lazy_blocks: Callable[[], list[tuple[int, list[Segment]]]] | None = None,
    ) -> None:
        self.source = source
        self.system = system
        self.text = text
        self.blocks: list[tuple[int, list[Segment]]] = [] if blocks is None else blocks  # per line
        self._edges: tuple[Edge, ...] | None = None
        # When set, `blocks` is filled by calling this on first use (the fast path computes only the text).
        self.lazy_blocks = lazy_blocks

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RomanizationResult):
            return NotImplemented
        return (self.source, self.system, self.text) == (other.source, other.system, other.text)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"RomanizationResult(source={self.source!r}, system={self.system!r}, text={self.text!r})"

    def __str__(self) -> str:
        return self.text

    @property
    def edges(self) -> tuple[Edge, ...]:
        """Edges covering the source exactly; their outputs concatenate to `text` (source offsets, code points)."""
        if self._edges is None:
            self._edges = tuple(self._build_edges())
        return self._edges

    def _build_edges(self) -> list[Edge]:
        if self.lazy_blocks is not None:
            self.blocks, self.lazy_blocks = self.lazy_blocks(), None
        out: list[Edge] = []
        append, make = out.append, Edge
        src = pos = 0
        for base, segments in self.blocks:
            for rel_start, rel_end, text, pieces in segments:
                start = base + rel_start
                if start > src:  # a pass-through stretch between romanised segments
                    append(make(src, start, pos, pos + start - src, ()))
                    pos += start - src
                for s, e, n, rules in pieces or ((0, rel_end - rel_start, len(text), ()),):
                    append(make(start + s, start + e, pos, pos + n, rules))
                    pos += n
                src = base + rel_end
        if src < len(self.source):
            append(make(src, len(self.source), pos, pos + len(self.source) - src, ()))
        return out

    def rows(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(source, output, rules) for each edge that is not a plain pass-through: the `explain` view."""
        return [
            (self.source[e.src_start : e.src_end], self.text[e.out_start : e.out_end], e.rules)
            for e in self.edges
            if e.rules
        ]


_new = object.__new__


def lazy_result(
    source: str, system: str, text: str, lazy_blocks: Callable[[], list[tuple[int, list[Segment]]]]
) -> RomanizationResult:
    """A result whose edges `lazy_blocks` builds on first use; the same as the constructor's, set directly (this
    is made once per line on the walker's path, where the keyword handling of __init__ shows)."""
    result = _new(RomanizationResult)
    result.source = source
    result.system = system
    result.text = text
    result.blocks = []
    result._edges = None
    result.lazy_blocks = lazy_blocks
    return result
