"""A large string → number table held as two sorted arrays mapped from the table cache, not as a dict.

A dict of 237,000 word pairs takes some 22 MB of Python objects in every process that reads English; the same
table as sorted 64-bit keys (the first 8 bytes of the BLAKE2b digest of the string, checked at build to be
distinct) and their float64 values is 3.8 MB on disk, mapped into memory (mlkit.tablecache.stored_buffers), so a
process holds only the pages its lookups touch. A lookup is one digest and one binary search (`bisect` over the
mapped keys: no numpy call per lookup). A string not in the table could share a listed string's key (odds of
about one in 10^14 per lookup for this table's size): taken as that listed string, harmlessly rare.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from hashlib import blake2b


def key(text: str) -> int:
    """The 64-bit key of a string: stable across processes and Python versions (unlike `hash`)."""
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def pack(items: Iterable[tuple[str, float]]) -> tuple[bytes, bytes]:
    """The keys (uint64, sorted) and values (float64) of `items` as bytes, for `stored_buffers`; raises
    ValueError when two strings share a key (then the table cannot be held this way)."""
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
    return k.tobytes(), np.array(values, dtype=np.float64)[order].tobytes()


class PackedCounts:
    """A read-only mapping string → float held as `pack` made it (see the module docstring)."""

    __slots__ = ("keys", "size", "values")

    def __init__(self, keys: bytes | memoryview, values: bytes | memoryview):
        self.keys = memoryview(keys).cast("B").cast("Q")
        self.values = memoryview(values).cast("B").cast("d")
        self.size = len(self.keys)

    def get(self, text: str, default: float | None = None) -> float | None:
        """The value of `text`, or `default` when it is not in the table."""
        h = key(text)
        i = bisect_left(self.keys, h)
        return self.values[i] if i < self.size and self.keys[i] == h else default

    def __contains__(self, text: str) -> bool:
        h = key(text)
        i = bisect_left(self.keys, h)
        return i < self.size and self.keys[i] == h

    def __len__(self) -> int:
        return self.size
