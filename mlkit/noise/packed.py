"""A large string → number table held as two sorted arrays mapped from the table cache, not as a dict.

A dict of 237,000 word pairs takes some 22 MB of Python objects in every process that reads English; the same
table as sorted 64-bit keys (the first 8 bytes of the BLAKE2b digest of the string, checked at build to be
distinct) and their float64 values is 3.8 MB on disk, mapped into memory (mlkit.tablecache.stored_buffers), so a
process holds only the pages its lookups touch. A lookup is one digest and a binary search (`bisect` over the
mapped keys from where the keys of its top 16 bits start, a few steps: no numpy call per lookup). A string not in
the table could share a listed string's key (odds of about one in 10^14 per lookup for this table's size): taken
as that listed string, harmlessly rare.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from hashlib import blake2b


def key(text: str) -> int:
    """The 64-bit key of a string: stable across processes and Python versions (unlike `hash`)."""
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


Buffer = bytes | memoryview  # a part of a table of buffers (mlkit.tablecache.stored_buffers)
BUCKETS = 1 << 16  # a lookup's binary search starts from where the keys of its top 16 bits start


def pack(items: Iterable[tuple[str, float]], code: str = "d") -> tuple[bytes, bytes, bytes]:
    """The keys (uint64, sorted) and values (of array type `code`: float64, or uint32 "I") of `items` as bytes,
    for `stored_buffers`, and where each bucket of keys by their top 16 bits starts (uint32); raises ValueError
    when two strings share a key (then the table cannot be held this way)."""
    import numpy as np

    keys: list[int] = []
    values: list[float] = []
    for text, value in items:
        keys.append(key(text))
        values.append(value)
    k = np.array(keys, dtype=np.uint64)
    order = np.argsort(k, kind="stable")
    k = k[order]
    if len(k) > 1 and bool((k[1:] == k[:-1]).any()):
        raise ValueError("two strings of a packed table share a 64-bit key")
    starts = np.searchsorted(k >> np.uint64(48), np.arange(BUCKETS + 1, dtype=np.uint64), "left").astype(np.uint32)
    return k.tobytes(), np.array(values, dtype=code)[order].tobytes(), starts.tobytes()


class PackedCounts:
    """A read-only mapping string → number held as `pack` made it (see the module docstring)."""

    __slots__ = ("buckets", "keys", "values")

    def __init__(self, keys: Buffer, values: Buffer, buckets: Buffer, code: str = "d"):
        self.keys = memoryview(keys).cast("B").cast("Q")
        self.values = memoryview(values).cast("B").cast(code)
        self.buckets = array("I")
        self.buckets.frombytes(buckets)  # (a copy in memory: 256 kB, read at every lookup)

    def get(self, text: str, default: float | None = None) -> float | None:
        """The value of `text`, or `default` when it is not in the table."""
        h = key(text)
        top = h >> 48
        hi = self.buckets[top + 1]
        i = bisect_left(self.keys, h, self.buckets[top], hi)
        return self.values[i] if i < hi and self.keys[i] == h else default

    def get_many(self, texts: Iterable[str]) -> list[float | None]:
        """`get` of each string (None when absent), with the loop's names bound once (the near-word index asks
        for some 40 forms of each word)."""
        keys, values, buckets, digest = self.keys, self.values, self.buckets, key
        out: list[float | None] = []
        for text in texts:
            h = digest(text)
            top = h >> 48
            hi = buckets[top + 1]
            i = bisect_left(keys, h, buckets[top], hi)
            out.append(values[i] if i < hi and keys[i] == h else None)
        return out

    def __contains__(self, text: str) -> bool:
        return self.get(text) is not None

    def __len__(self) -> int:
        return len(self.keys)
