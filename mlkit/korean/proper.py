"""Korean proper nouns that the analyser's lexicon holds as nothing else (data/korean/proper_nouns.txt, built by
tools/build_proper_nouns.py): the evidence that a bare word on a line of its own is a name (한밭, 독도, 오죽헌)."""

from __future__ import annotations

from functools import cache

from mlkit.resources import data_path

SET_AFTER = 64  # lookups answered by searching the list's text before its words are made a set


class _Listing:
    """The list, searched as text for its first SET_AFTER lookups (about 60 µs each; the file reads in 0.1 ms),
    then as a set (2 ms to build): a one-line call asks once, a pipeline of bare words many times."""

    def __init__(self) -> None:
        self.text = "\n" + data_path("korean/proper_nouns.txt").read_text(encoding="utf-8")
        self.words: frozenset[str] | None = None
        self.asked = 0

    def __contains__(self, word: str) -> bool:
        if self.words is None:
            self.asked += 1
            if self.asked <= SET_AFTER:
                return "\n" not in word and not word.startswith("#") and f"\n{word}\n" in self.text
            self.words = proper_nouns()
        return word in self.words


@cache
def _listing() -> _Listing:
    return _Listing()


@cache
def proper_nouns() -> frozenset[str]:
    """The listed proper nouns as a set."""
    return frozenset(line for line in _listing().text.split("\n") if line and not line.startswith("#"))


def proper_noun(word: str) -> bool:
    """Whether `word` is one of the listed proper nouns."""
    return bool(word) and word in _listing()
