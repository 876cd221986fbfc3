"""Finding the few places in a mostly-English text where another language could start, at C speed.

The compiled core splits the text into ASCII words and passes over the plain main-language words (words no
other language claims more strongly, in any case form). The handful of other words per document are judged
once (their evidence per other language, `gains`: the core's Judge, called without Python, or any callable) and
remembered by the core (at most MEMO_LIMIT in _scan.c, then it starts afresh). Only where such words gather
enough evidence for one language to pay for switching to it, counting PLAIN_STEP against it for every plain
word in between, does the HMM look closer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mlkit.segment import native

PLAIN_STEP = 0.5  # evidence against a switch that each plain word between two claimed words adds
MIN_CLAIM = 2.5  # a word whose best other language is less likely than this (log-odds) counts as plain here


@dataclass(frozen=True)
class Triggers:
    """Stretches (code-point start of the first claimed word, start of the last) where words of one other
    language gather enough evidence to pay for a switch; `plain_share`: share of distinct words that are plain."""

    stretches: list[tuple[int, int]]
    plain_share: float
    companion: list[tuple[int, int]] | None = None  # the companion scan's stretches, when there is one


class PlainWordScanner:
    """Finds where a text could switch away from its main language.

    `plain` are the main language's words that no other language claims more strongly (any case form is
    accepted); `gains(word)` gives, for any other word the first time it is seen, its log-odds per other
    language (≥ 0), which is what the HMM itself would use; `gains` may also be the core's Judge, or `(claim,
    min_letters)` for one language: lower-case words of at least min_letters letters claim `claim`, others nothing
    (both without a Python call per word).
    """

    def __init__(self, plain: Iterable[str] | bytes | Callable[[], bytes],
                 gains: Callable[[str], tuple[float, ...]] | tuple[float, int],
                 width: int, companion: PlainWordScanner | None = None, companion_cost: float = 0.0,
                 companion_lower_min: int | None = None, shortcut: bool | None = None,
                 table: tuple[object, object, int] | None = None) -> None:
        # the words, or as the table cache keeps them: one blob (`word_blob`), a millisecond to unpickle, or what
        # gives that blob when `table` (the core's built table of them, `plain_table()`) is given
        self._words: Callable[[], bytes] | None = plain if callable(plain) else None
        self._blob = b"" if callable(plain) else plain if isinstance(plain, bytes) else word_blob(plain)
        self._set: frozenset[str] | None = None
        self._compiled = native.core.Scanner(table or self._blob, gains, width, MIN_CLAIM, PLAIN_STEP)
        self.companion = companion
        self._companion_cost = companion_cost
        if companion is not None:
            # where the companion's plain words hold all of ours, a word plain here needs no second look; when
            # it claims only lower-case words of some length (companion_lower_min), it sees no others. Callers
            # may pass the answer (kept with the tables), which spares building both word sets.
            if shortcut is None:
                shortcut = self.words() <= companion.words()  # the same as comparing their case forms
            if companion_lower_min is None:
                self._compiled.set_companion(companion._compiled, shortcut)
            else:
                self._compiled.set_companion(companion._compiled, shortcut, companion_lower_min)

    def words(self) -> frozenset[str]:
        """The plain words, as a set (built on first use)."""
        if self._set is None:
            blob = self._words() if self._words is not None else self._blob
            self._set = frozenset(blob.decode().splitlines())
        return self._set

    def table(self) -> tuple[bytes, bytes, int]:
        """The core's built table of the plain words, which `table=` takes back (kept in the table cache: building
        the main language's 260,000 known words took 40 ms at every start)."""
        return self._compiled.plain_table()  # type: ignore[no-any-return]

    def triggers(self, text: str, lo: int, hi: int, cost: float, count: bool = True,
                 companion: bool = True) -> Triggers:
        """Stretches of `text[lo:hi]` whose claimed words could gather more than `cost` log-odds for one other
        language, counting PLAIN_STEP against it for every plain word in between (a line break ends a stretch).
        `count=False` skips counting the plain share (then 1.0), which only the main-language vote needs.
        A companion scan of the same text comes with it, in the same pass, unless `companion=False`."""
        stretches, share, found = self._compiled.triggers(text, lo, hi, cost, count, self._companion_cost, companion)
        return Triggers(stretches, share, found)


def word_blob(words: Iterable[str]) -> bytes:
    """Words as the compiled scanner also takes them: UTF-8, each ended by a line break (a list of 300,000
    strings took 20 ms to unpickle, one blob takes one). A word with a line break could not be plain anyway."""
    return "".join(w + "\n" for w in words if "\n" not in w).encode("utf-8", "surrogatepass")
