"""Finding the few places in a mostly-English text where another language could start, at C speed.

The text is split into ASCII words with `bytes.translate` and `bytes.split`, and the set of distinct words minus
the set of plain main-language words (words no other language claims more strongly) leaves a handful of words
per document. Each is judged once in Python (its evidence per other language) and remembered. Only where such
words gather enough evidence for one language to pay for switching to it does the HMM look closer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from mlkit.segment import native

LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_SPLIT = bytes(c if c in LETTERS else 32 for c in range(256))  # every non-letter byte becomes a space
PLAIN_STEP = 0.5  # evidence against a switch that each plain word between two claimed words adds
MIN_CLAIM = 2.5  # a word whose best other language is less likely than this (log-odds) counts as plain here
MEMO_LIMIT = 1 << 20  # words judged and remembered per scanner (MEMO_LIMIT in _scan.c)


@dataclass(frozen=True)
class Triggers:
    """Stretches (code-point start of the first claimed word, start of the last) where words of one other
    language gather enough evidence to pay for a switch; `plain_share`: share of distinct words that are plain."""

    stretches: list[tuple[int, int]]
    plain_share: float
    companion: list[tuple[int, int]] | None = None  # the companion scan's stretches, when there is one


@cache
def _letter_bytes() -> Any:
    """Per byte value, whether it is an ASCII letter (a numpy mask)."""
    import numpy as np

    return np.array([c in LETTERS for c in range(256)], dtype=bool)


class PlainWordScanner:
    """Finds where a text could switch away from its main language.

    `plain` are the main language's words that no other language claims more strongly (any case form is
    accepted); `gains(word)` gives, for any other word the first time it is seen, its log-odds per other
    language (≥ 0), which is what the HMM itself would use.
    """

    def __init__(self, plain: Iterable[str], gains: Callable[[str], tuple[float, ...]], width: int = 0,
                 companion: PlainWordScanner | None = None, companion_cost: float = 0.0,
                 companion_lower_min: int | None = None, shortcut: bool | None = None) -> None:
        plain = list(plain)
        self._list = plain
        self._set: frozenset[str] | None = None
        self._forms: frozenset[bytes] | None = None
        self._neutral: set[bytes] = set()  # words judged to give no evidence (names, acronyms, ...)
        self._claimed: dict[bytes, tuple[float, ...]] = {}
        self._gains = gains
        compiled = native.core()
        self._compiled = (
            compiled.Scanner(plain, gains, width, MIN_CLAIM, PLAIN_STEP) if compiled is not None and width else None
        )
        self.companion = companion
        self._companion_cost = companion_cost
        if self._compiled is not None and companion is not None and companion._compiled is not None:
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
            self._set = frozenset(self._list)
        return self._set

    def _plain(self) -> frozenset[bytes]:
        """The plain words in every case form the scan accepts (lower, Capitalised, UPPER), as ASCII bytes;
        built on first use, since the compiled scan keeps its own."""
        if self._forms is None:
            forms: set[bytes] = set()
            for w in self.words():
                if not (w.isascii() and w.isalpha()):
                    continue
                b = w.encode("ascii")
                forms.update((b, b.capitalize(), b.upper()))
            self._forms = frozenset(forms)
        return self._forms

    def triggers(self, text: str, lo: int, hi: int, cost: float, count: bool = True) -> Triggers:
        """Stretches of `text[lo:hi]` whose claimed words could gather more than `cost` log-odds for one other
        language, counting PLAIN_STEP against it for every plain word in between (a line break ends a stretch).
        `count=False` skips counting the plain share (then 1.0), which only the main-language vote needs.
        A companion scan of the same text comes with it, in the same pass when compiled."""
        if self._compiled is not None and native.core() is not None:
            stretches, share, companion = self._compiled.triggers(text, lo, hi, cost, count, self._companion_cost)
            if self.companion is not None and companion is None:  # the companion was not compiled
                companion = self.companion.triggers(text, lo, hi, self._companion_cost, False).stretches
            return Triggers(stretches, share, companion)
        return self.triggers_python(text, lo, hi, cost)

    def triggers_python(self, text: str, lo: int, hi: int, cost: float) -> Triggers:
        """The Python reference of `triggers` (the compiled core gives the same)."""
        own = self._own_triggers_python(text, lo, hi, cost)
        if self.companion is None:
            return own
        companion = self.companion.triggers_python(text, lo, hi, self._companion_cost)
        return Triggers(own.stretches, own.plain_share, companion.stretches)

    def _own_triggers_python(self, text: str, lo: int, hi: int, cost: float) -> Triggers:
        raw = text[lo:hi].encode("utf-8", "surrogatepass")
        words = raw.translate(_SPLIT).split()
        distinct = set(words)
        if not distinct:
            return Triggers([], 1.0)
        unknown = distinct - self._plain()
        plain_share = 1.0 - len(unknown) / len(distinct)
        if len(self._claimed) + len(self._neutral) > MEMO_LIMIT:  # bounded, as in the compiled core
            self._claimed.clear()
            self._neutral.clear()
        unknown -= self._neutral
        claimed = self._claimed
        for word in unknown - claimed.keys():
            gains = self._gains(word.decode("ascii"))
            if max(gains, default=0.0) < MIN_CLAIM:
                self._neutral.add(word)
            else:
                claimed[word] = gains
        live = [w for w in unknown if w in claimed]
        if not live:
            return Triggers([], plain_share)
        live_set = set(live)
        index = [i for i, w in enumerate(words) if w in live_set]
        # words come out of split() in order, so the i-th word starts at the i-th letter-after-non-letter
        import numpy as np  # the Python reference only

        letter = _letter_bytes()[np.frombuffer(raw, dtype=np.uint8)]
        starts = np.flatnonzero(letter[1:] & ~letter[:-1]) + 1
        if letter[0]:
            starts = np.concatenate(([0], starts))
        hits = [(int(starts[i]), claimed[words[i]]) for i in index]
        stretches = _stretches(raw, hits, cost)
        if not stretches:
            return Triggers([], plain_share)
        if len(raw) != hi - lo:  # byte offsets → code points
            stretches = _to_chars(raw, stretches)
        return Triggers([(a + lo, b + lo) for a, b in stretches], plain_share)


def _to_chars(raw: bytes, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Byte offsets (in order of their first element) → code-point offsets, decoding each stretch once."""
    offsets = sorted({x for pair in pairs for x in pair})
    chars: dict[int, int] = {}
    done_bytes = done_chars = 0
    for off in offsets:
        done_chars += len(raw[done_bytes:off].decode("utf-8", "surrogatepass"))
        done_bytes = off
        chars[off] = done_chars
    return [(chars[a], chars[b]) for a, b in pairs]


def _stretches(raw: bytes, hits: list[tuple[int, tuple[float, ...]]], cost: float) -> list[tuple[int, int]]:
    """Maximum-subarray scan per language over the claimed words, plain words counting against."""
    width = len(hits[0][1])
    out: list[tuple[int, int]] = []
    run = [0.0] * width  # best evidence of a stretch ending at the current word, per language
    begin = [0] * width
    prev = -1
    for pos, gains in hits:
        if prev >= 0:
            between = raw[prev:pos]
            if b"\n" in between:
                run = [0.0] * width
            else:
                step = PLAIN_STEP * max(between.count(b" ") - 1, 0)
                run = [max(0.0, r - step) for r in run]
        best_end = -1.0
        for k in range(width):
            if run[k] <= 0.0:
                begin[k] = pos
            run[k] += gains[k]
            if run[k] > cost and run[k] > best_end:
                best_end = run[k]
                first = begin[k]
        if best_end > 0.0:
            out.append((first, pos))
        prev = pos
    return out
