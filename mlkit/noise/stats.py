"""What some detectors weigh across the whole document, gathered once so that a long text can be read in windows.

A word the text uses twice is a name or a real word rather than a misreading, a word written once with a syllable
dropped is a misreading of one written twice, and a line seen before is a repeat. Windowed runs collect these
counts in a first pass over the text and judge each window against them. Every table is capped (a document of
random tokens must not grow them without end); past the cap a new key is not counted, which only matters on
texts with more distinct words or lines than any real document has.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

MAX_WORDS = 200_000  # distinct words counted per table
MAX_LINES = 200_000  # distinct long lines remembered for repeats


def count(counter: Counter[str], key: str) -> None:
    """Count `key` in a capped counter: a new key only while the counter is below MAX_WORDS."""
    if key in counter or len(counter) < MAX_WORDS:
        counter[key] += 1


def line_key(key: str) -> bytes:
    """A short fixed digest of a line's folded text: what the repeat table keeps instead of the line."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=12).digest()


@dataclass
class DocumentStats:
    """Counts over the whole document, and where in it the window being judged lies.

    `lo`/`hi` bound the window's own stretch within the text a detector sees (the rest is context), `line_base`
    is the number of lines before that text.
    """

    english: Counter[str] = field(default_factory=Counter)  # lowercased English words
    korean_words: Counter[str] = field(default_factory=Counter)  # Hangul cores of Korean words
    korean_unknown: Counter[str] = field(default_factory=Counter)  # morphemes the analyzer does not know
    lines: dict[bytes, int] = field(default_factory=dict)  # folded long line → line number of its first copy
    quotes: list[int] = field(default_factory=lambda: [0, 0])  # straight and curly double quotes
    lo: int = 0
    hi: int = 0
    line_base: int = 0
    _dropped: dict[str, str] | None = None
    _stems: Counter[str] | None = None

    def dropped_index(self) -> dict[str, str]:
        """The dropped-syllable index of the Korean words (see korean._dropped_syllable_index), made once."""
        if self._dropped is None:
            from mlkit.noise.korean import dropped_syllable_index

            self._dropped = dropped_syllable_index(self.korean_words)
        return self._dropped

    def stem_counts(self) -> Counter[str]:
        """How often each leading noun of the Korean words is written (see korean.stem_counts), counted once."""
        if self._stems is None:
            from mlkit.noise.korean import stem_counts

            self._stems = stem_counts(self.korean_words)
        return self._stems

    def repeated_unknown(self) -> frozenset[str]:
        """Unknown morphemes written more than once in the document."""
        return frozenset(u for u, n in self.korean_unknown.items() if n > 1)
