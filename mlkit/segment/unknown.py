"""Words the main language's list does not know: what the unknown-word step (strays.py) looks at.

The scan that finds them runs as a companion of the trigger scan (fastscan.PlainWordScanner): both classify
the same words in one pass over the text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from mlkit.segment import native
from mlkit.segment.fastscan import PlainWordScanner, word_blob
from mlkit.segment.lexicon import frequencies, known_names, sorted_parts, table_key
from mlkit.segment.scripts import script_table
from mlkit.tablecache import stored, stored_buffers

MIN_LETTERS = 4
CLAIM = 10.0  # what the scan is told an unknown candidate word weighs: enough to start a stretch alone
COST = 1.0  # so every candidate word starts or extends a stretch
RARE = 5e-7  # a main-language word rarer than this ...
FOREIGN_RATIO = 100.0  # ... that another Latin-script list knows this many times better counts as unknown


@cache
def known_words(main: str) -> Any:
    """The main language's word list without its rare loans ("consejo", "koning": rarer than RARE, and
    FOREIGN_RATIO times commoner in another language), and the names and terms that are neutral in it
    (data/segment/names.txt), as the compiled core's SortedList (`word in`): built once and kept in the table
    cache, from which it loads in about a millisecond (a set of the words took 60 ms to unpickle)."""
    return native.core.SortedList(*stored_buffers(f"segment-known-sorted-{main}", table_key(),
                                                  lambda: sorted_parts((w, 0.0) for w in _build_known_words(main))))


def _build_known_words(main: str) -> frozenset[str]:
    own = frequencies(main)
    loans = set()
    for lang in script_table()["Latin"].candidates:
        if lang == main:
            continue
        for w, f in frequencies(lang).items():
            g = own.get(w)
            if g is not None and g < RARE and f >= FOREIGN_RATIO * g:
                loans.add(w)
    return (frozenset(own) - loans) | known_names()


# the scan's evidence for an ASCII word outside the known words, which the core gives without a Python call:
# lower-case words of MIN_LETTERS or more claim CLAIM, others (names, acronyms, short words) are neutral
CLAIMS = (CLAIM, MIN_LETTERS)


@cache
def scanner(main: str) -> PlainWordScanner:
    """A scan whose plain words are all the known words: what it finds are words the list does not know."""
    def words() -> bytes:
        return stored(f"segment-known-plain-blob-{main}", table_key(),  # type: ignore[no-any-return]
                      lambda: word_blob(sorted(w for w in _build_known_words(main) if w.isascii() and w.isalpha())))

    def build() -> tuple[bytes, bytes, bytes]:
        slots, arena, used = PlainWordScanner(words(), CLAIMS, width=1).table()
        return slots, arena, used.to_bytes(8, "little")

    # the core's built table, mapped from the cache (building it from the words took 40 ms at every start)
    slots, arena, used = stored_buffers(f"segment-known-plain-table-{main}", table_key(), build)
    return PlainWordScanner(words, CLAIMS, width=1, table=(slots, arena, int.from_bytes(used, "little")))
