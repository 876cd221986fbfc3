"""Korean proper nouns that the analyser's lexicon holds as nothing else (data/korean/proper_nouns.txt, built by
tools/build_proper_nouns.py): the evidence that a bare word on a line of its own is a name (한밭, 독도, 오죽헌)."""

from __future__ import annotations

from functools import cache

from mlkit.resources import data_path


@cache
def proper_nouns() -> frozenset[str]:
    """The listed proper nouns (read only when a bare word is looked up: 16,000 words, about 6 ms)."""
    text = data_path("korean/proper_nouns.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def proper_noun(word: str) -> bool:
    """Whether `word` is one of the listed proper nouns."""
    return word in proper_nouns()
