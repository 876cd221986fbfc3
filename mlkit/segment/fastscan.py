"""Finding the few places in a mostly-English text where another language could start, at C speed.

Every ASCII word is hashed in one vectorised pass (numpy) and looked up in an open-addressing table of the main
language's words, each stored with its largest log-odds for any other language (≤ 0: no other language is
likelier). Words missing from the table are judged once in Python per distinct word and remembered. From these
numbers a vectorised maximum-subarray bound tells where a stretch of words could gather enough evidence for one
language to pay for switching to it; only there does the HMM run. This is what lets segmentation read every word
and still run faster than whole-document detectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

MASK = (1 << 64) - 1
P = 0x100000001B3  # odd, so invertible modulo 2**64
P_INV = pow(P, -1, 1 << 64)
MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing spreads the polynomial hash over the table's slots
RESET = -1e9  # a line break: no foreign stretch runs across it

_VALUE = np.zeros(256, dtype=np.uint64)  # byte → its value in the (case-blind) hash; 0 for non-letters
for _c in range(ord("a"), ord("z") + 1):
    _VALUE[_c] = _c
    _VALUE[_c - 32] = _c
_LETTER = _VALUE != 0


def word_hash(word: str) -> int:
    """The case-blind hash the scanner computes for an ASCII word (sum of byte * P**i, modulo 2**64)."""
    h, p = 0, 1
    for byte in word.lower().encode("ascii"):
        h = (h + byte * p) & MASK
        p = (p * P) & MASK
    return h


@cache
def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """P**i and P**-i modulo 2**64 for i < n (n is a power of two so the cache stays small)."""
    fwd = np.full(n, P, dtype=np.uint64)
    inv = np.full(n, P_INV, dtype=np.uint64)
    fwd[0] = inv[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(fwd, dtype=np.uint64), np.cumprod(inv, dtype=np.uint64)


class HashMap:
    """A read-only map from nonzero 64-bit hashes to float values, with vectorised lookup (linear probing)."""

    def __init__(self, items: dict[int, float]) -> None:
        keys = np.array(sorted(h for h in items if h), dtype=np.uint64)
        values = np.array([items[int(k)] for k in keys], dtype=np.float64)
        self.bits = max(4, (len(keys) * 3).bit_length())
        size = 1 << self.bits
        mask = np.uint64(size - 1)
        table = np.zeros(size, dtype=np.uint64)
        self.values = np.zeros(size, dtype=np.float64)
        with np.errstate(over="ignore"):
            home = (keys * np.uint64(MIX)) >> np.uint64(64 - self.bits)
        pending = np.arange(keys.size)
        probe = 0
        while pending.size:  # insert in rounds: at probe r, each free slot takes the first key aiming at it
            slots = (home[pending] + np.uint64(probe)) & mask
            free = table[slots] == 0
            slot_won, first = np.unique(slots[free], return_index=True)
            winners = pending[free][first]
            table[slot_won] = keys[winners]
            self.values[slot_won] = values[winners]
            placed = np.zeros(keys.size, dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            probe += 1
        self.table = table
        self.probes = max(probe, 1)

    def lookup(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(found, values): which hashes are present, and their values (0 where absent)."""
        with np.errstate(over="ignore"):
            home = (hashes * np.uint64(MIX)) >> np.uint64(64 - self.bits)
        mask = np.uint64(self.table.size - 1)
        where = np.full(hashes.size, -1, dtype=np.int64)
        todo = np.arange(hashes.size)
        slots = home.astype(np.int64)
        for _ in range(self.probes):  # follow each chain until its key or an empty slot
            keys = self.table[slots]
            hit = keys == hashes[todo]
            where[todo[hit]] = slots[hit]
            more = ~hit & (keys != 0)
            todo, slots = todo[more], (slots[more] + 1) & int(mask)
            if not todo.size:
                break
        found = where >= 0
        return found, np.where(found, self.values[np.maximum(where, 0)], 0.0)


@dataclass(frozen=True)
class Triggers:
    """Stretches (code-point start of the first word, start of the last word) where words of one other language
    could gather enough evidence to pay for a switch, and how many words other languages claim (`hits`)."""

    stretches: list[tuple[int, int]]
    hits: int


class PlainWordScanner:
    """Finds where a text could switch away from its main language.

    `plain` maps each main-language word to its largest log-odds for another language (≤ 0); `gains(word)` gives,
    for any other word the first time it is seen, its log-odds per other language (≥ 0). Both are what the HMM
    itself uses, so the bound computed from them is safe: no stretch the scanner passes over can turn foreign.
    """

    def __init__(self, plain: dict[str, float], gains: Callable[[str], tuple[float, ...]], width: int) -> None:
        self._plain = HashMap({word_hash(w): v for w, v in plain.items() if w.isascii() and w.isalpha()})
        self._gains = gains
        self._rows: dict[int, int] = {}  # key → row of self._table, or -1 when neutral
        self._table_rows: list[tuple[float, ...]] = []
        self._table = np.zeros((0, width))
        self._width = width

    def _row(self, key: int, word: str) -> int:
        row = self._rows.get(key)
        if row is None:
            g = self._gains(word)
            if max(g, default=0.0) <= 0.0:
                row = -1
            else:
                row = len(self._table_rows)
                self._table_rows.append(g)
            self._rows[key] = row
        return row

    def triggers(self, text: str, lo: int, hi: int, cost: float) -> Triggers:
        """Words of `text[lo:hi]` at which some stretch of one line could gather more than `cost` log-odds
        for one other language (a maximum-subarray bound per language)."""
        raw = text[lo:hi].encode("utf-8", "surrogatepass")
        n = len(raw)
        if n == 0:
            return Triggers([], 0)
        arr = np.frombuffer(raw, dtype=np.uint8)
        letter = _LETTER[arr]
        starts = np.flatnonzero(letter[1:] & ~letter[:-1]) + 1
        ends = np.flatnonzero(letter[:-1] & ~letter[1:]) + 1
        if letter[0]:
            starts = np.concatenate(([0], starts))
        if letter[-1]:
            ends = np.concatenate((ends, [n]))
        if starts.size == 0:
            return Triggers([], 0)
        fwd, inv = _powers(1 << max(1, (n - 1).bit_length()))
        with np.errstate(over="ignore"):
            prefix = np.empty(n + 1, dtype=np.uint64)
            prefix[0] = 0
            np.cumsum(_VALUE[arr] * fwd[:n], dtype=np.uint64, out=prefix[1:])
            hashes = (prefix[ends] - prefix[starts]) * inv[starts]
        found, penalty = self._plain.lookup(hashes)
        capital = arr[starts] < 97
        # a capitalised word may be read as a name, which weakens its evidence either way: count it as 0
        penalty = np.where(capital, 0.0, penalty)
        missing = np.flatnonzero(~found)
        if missing.size == 0:
            return Triggers([], 0)
        # The verdict may depend on case (a capitalised word can be a name): key it by hash and initial case.
        keyed = (hashes[missing] >> np.uint64(1) << np.uint64(1)) | capital[missing].astype(np.uint64)
        uniq, first, inverse = np.unique(keyed, return_index=True, return_inverse=True)
        known = self._rows
        row_list = [known.get(k) for k in uniq.tolist()]
        for n_new, row in enumerate(row_list):  # judge each word not seen before, once
            if row is None:
                i = missing[first[n_new]]
                row_list[n_new] = self._row(int(uniq[n_new]), raw[starts[i] : ends[i]].decode("ascii"))
        rows = np.array(row_list, dtype=np.int64)[inverse.reshape(-1)]
        live = rows >= 0
        if not live.any():
            return Triggers([], 0)
        if len(self._table_rows) != self._table.shape[0]:
            self._table = np.array(self._table_rows, dtype=np.float64).reshape(-1, self._width)
        hit_words = missing[live]
        gains = self._table[rows[live]]
        # evidence between consecutive hits is the plain words' (same for every language); a line break resets
        plain_sum = np.concatenate(([0.0], np.cumsum(penalty)))
        gap = plain_sum[hit_words] - plain_sum[np.concatenate(([0], hit_words[:-1] + 1))]
        line = np.cumsum(arr == 10)
        hit_lines = line[starts[hit_words]]
        new_line = np.concatenate(([True], hit_lines[1:] != hit_lines[:-1]))
        gap = np.where(new_line, RESET, gap)
        before = np.cumsum(gap)[:, None] + np.concatenate((np.zeros((1, self._width)), np.cumsum(gains, 0)[:-1]))
        after = before + gains
        low = np.minimum.accumulate(before, axis=0)
        gain = after - low
        lang = gain.argmax(axis=1)
        rows = np.arange(hit_words.size)
        chosen = np.flatnonzero(gain[rows, lang] > cost)
        if chosen.size == 0:
            return Triggers([], int(hit_words.size))
        # where each best stretch begins: the last hit, up to here, at which the running minimum was reached
        at_min = np.where(before == low, rows[:, None], 0)
        first = np.maximum.accumulate(at_min, axis=0)[chosen, lang[chosen]]
        ends = starts[hit_words[chosen]]
        begins = starts[hit_words[first]]
        if n != hi - lo:  # non-ASCII text: byte offsets → code points
            cont = np.cumsum((arr & 0xC0) == 0x80)
            ends = ends - np.where(ends > 0, cont[np.maximum(ends - 1, 0)], 0)
            begins = begins - np.where(begins > 0, cont[np.maximum(begins - 1, 0)], 0)
        pairs = list(zip((begins + lo).tolist(), (ends + lo).tolist(), strict=True))
        return Triggers(pairs, int(hit_words.size))
