"""The English list indexed by deletions: the words one added letter away, and the common words up to two edits
away, are looked up at once.

`best_correction` asks which listed words a word becomes when a letter a-z is inserted anywhere in it: 26 × (n + 1)
strings to build and look up per word. The answer is the listed words w with a letter at some position j such
that w without it is the word; this index holds, for every listed word and every such j, the CRC-32 of w without
its j-th letter, sorted, so a word's candidates are one binary search away (each hit is checked letter by letter,
so a shared CRC never yields a wrong word). Built once from the segmenter's English list into the table cache
(mlkit.tablecache): about 30 MB of arrays, in place of some 300 MB that a dict of the same keys would take. They
stay in the file: a lookup reads its bucket of CRCs (found by their top 16 bits) and its words with `os.pread`,
a few hundred bytes, so a process that meets a few English words does not hold the 30 MB (mapped, the pages
its scattered lookups touched, and those the kernel maps around each, made nearly all of it resident).

`NearIndex` is SymSpell's symmetric-delete index of the common words (every form of them with up to two letters
deleted): each form's group of words found by the form's 64-bit key (mlkit.noise.packed), the groups' words as
positions in one string of the words, all mapped from the table cache. As a dict of the forms it took 10 MB in
every process that reads English, and a dict of tuples of strings 70 MB.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import numpy as np

from mlkit.noise.packed import Buffer, PackedCounts, pack
from mlkit.tablecache import Parts

LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


class InsertIndex:
    """Listed words by the CRC of each form of them with one letter a-z deleted (see the module docstring)."""

    __slots__ = ("buckets", "parts")

    def __init__(self, parts: Parts):
        self.parts = parts  # read a few bytes at a time: mapped, its scattered lookups made all of it resident
        self.buckets = array("I", parts.read(0, 0, 4 * (BUCKETS + 1)))

    def inserted(self, word: str) -> list[tuple[int, str]]:
        """Every (j, w): a listed word w that is `word` with the letter w[j] (a-z) inserted at position j."""
        h = _crc(word)
        lo, hi = self.buckets[h >> 16], self.buckets[(h >> 16) + 1]
        found = [k for k, c in enumerate(array("I", self.parts.read(1, 4 * lo, 4 * hi))) if c == h]
        if not found:
            return []
        first, last = lo + found[0], lo + found[-1] + 1  # (equal CRCs are next to each other)
        read = self.parts.read
        ids, positions = array("I", read(2, 4 * first, 4 * last)), read(3, first, last)
        out = []
        for wid, j in zip(ids, positions, strict=True):
            start, end = array("q", read(5, 8 * wid, 8 * wid + 16))
            w = str(read(4, start, end), "utf-8", "surrogatepass")
            if w[:j] + w[j + 1 :] == word:
                out.append((j, w))
        return out


BUCKETS = 1 << 16  # the index's CRCs are found through where each value of their top 16 bits starts


def build(words: list[str]) -> tuple[bytes, ...]:
    """The index of `words` as byte strings for the table cache: where each bucket of CRCs (by their top 16 bits)
    starts (uint32), the CRCs sorted (uint32), with each one's word (uint32) and deleted position (uint8); the
    words joined in UTF-8 with their byte offsets (int64)."""
    crcs: list[int] = []
    ids: list[int] = []
    positions: list[int] = []
    for k, w in enumerate(words):
        if len(w) > 255:
            raise ValueError(f"a listed word of {len(w)} characters: positions are kept in one byte")
        for j, ch in enumerate(w):
            if ch in LETTERS:
                crcs.append(_crc(w[:j] + w[j + 1 :]))
                ids.append(k)
                positions.append(j)
    crc_array = np.array(crcs, dtype=np.uint32)
    del crcs
    order = np.argsort(crc_array, kind="stable")
    crc_array = crc_array[order]
    buckets = np.searchsorted(crc_array >> 16, np.arange(BUCKETS + 1, dtype=np.uint32), "left")
    encoded = [w.encode("utf-8", "surrogatepass") for w in words]
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(w) for w in encoded])
    return (
        buckets.astype(np.uint32).tobytes(),
        crc_array.tobytes(),
        np.array(ids, dtype=np.uint32)[order].tobytes(),
        np.array(positions, dtype=np.uint8)[order].tobytes(),  # (the list's longest word has 34 letters)
        b"".join(encoded),
        offsets.tobytes(),
    )


@cache
def insert_index() -> InsertIndex:
    """The index of the English list (wordfreq's large list, as the segmenter reads it), read from the table
    cache file as it is looked up (held in memory, its arrays took 27 MB in every process that reads English)."""
    from mlkit.segment.lexicon import frequencies, table_key
    from mlkit.tablecache import fingerprint, stored_parts

    key = table_key() + fingerprint((Path(__file__).resolve(),), ("numpy",))
    return InsertIndex(stored_parts("noise-insert-index", key, lambda: build(list(frequencies("en")))))


def deletes(word: str) -> dict[str, int]:
    """The word and every form of it with one or two letters deleted, each with the fewest letters deleted."""
    out = {word: 0}
    for i in range(len(word)):
        one = word[:i] + word[i + 1 :]
        out.setdefault(one, 1)
        for j in range(i, len(one)):
            out.setdefault(one[:j] + one[j + 1 :], 2)
    return out


class NearIndex:
    """Words under every form of them with up to two letters deleted (see the module docstring): each form's group
    found by its 64-bit key (mlkit.noise.packed), and the groups' words as positions in one string of all the
    words, all read from the table file mapped into memory."""

    __slots__ = ("blob", "groups", "made", "offsets", "starts", "word_ids")

    def __init__(self, *parts: Buffer):
        keys, groups, buckets, starts, word_ids, blob, offsets = parts
        self.groups = PackedCounts(keys, groups, buckets, "I")
        self.starts = memoryview(starts).cast("B").cast("I")
        self.word_ids = memoryview(word_ids).cast("B").cast("I")
        self.blob, self.offsets = memoryview(blob).cast("B"), memoryview(offsets).cast("B").cast("q")
        self.made: dict[int, tuple[tuple[str, int], ...]] = {}  # the groups looked up so far, as tuples

    def _group(self, g: int, size: int) -> tuple[tuple[str, int], ...]:
        """The (word, letters deleted) of group `g`, whose form has `size` letters."""
        found = self.made.get(g)
        if found is None:
            blob, offsets, ids = self.blob, self.offsets, self.word_ids
            words = [
                str(blob[offsets[ids[k]] : offsets[ids[k] + 1]], "utf-8", "surrogatepass")
                for k in range(self.starts[g], self.starts[g + 1])
            ]
            found = self.made[g] = tuple((w, len(w) - size) for w in words)
        return found

    def get(self, key: str, default: tuple[tuple[str, int], ...] = ()) -> tuple[tuple[str, int], ...]:
        """The (word, letters deleted) whose forms `key` is, in the order of the words' list."""
        g = self.groups.get(key)
        return default if g is None else self._group(int(g), len(key))

    def lookup(self, keys: Iterable[str]) -> list[tuple[tuple[str, int], ...]]:
        """`get` of each key."""
        keys = list(keys)
        group, found = self._group, self.groups.get_many(keys)
        return [() if g is None else group(int(g), len(key)) for key, g in zip(keys, found, strict=True)]


def build_near(words: list[str]) -> tuple[bytes, ...]:
    """The near index of `words` as byte strings for the table cache: the deletion forms' keys and groups (the
    forms numbered in order of first appearance; mlkit.noise.packed), where each group's words start in the list
    of (form, word) pairs grouped by form (uint32; each form's words in the list's order), the words of those
    pairs (uint32), and the words joined in UTF-8 with their byte offsets (int64)."""
    groups: dict[str, list[int]] = {}
    for k, w in enumerate(words):
        for key in deletes(w):
            groups.setdefault(key, []).append(k)
    starts = np.zeros(len(groups) + 1, dtype=np.uint32)
    starts[1:] = np.cumsum([len(v) for v in groups.values()])
    ids = np.fromiter((k for v in groups.values() for k in v), dtype=np.uint32, count=int(starts[-1]))
    encoded = [w.encode("utf-8", "surrogatepass") for w in words]
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(w) for w in encoded])
    packed = pack(((key, g) for g, key in enumerate(groups)), "I")
    return (*packed, starts.tobytes(), ids.tobytes(), b"".join(encoded), offsets.tobytes())


def near_index(words: Callable[[], list[str]], key: str) -> NearIndex:
    """The near index of the words `words()` gives, from the table cache under `key` (built when absent)."""
    from mlkit.tablecache import fingerprint, stored_buffers

    key += fingerprint((Path(__file__).resolve(), Path(__file__).with_name("packed.py").resolve()), ("numpy",))
    return NearIndex(*stored_buffers("noise-near-index", key, lambda: build_near(words())))
