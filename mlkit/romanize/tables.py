"""The romanisation tables in `data/korean/`, loaded once: system letters, names, suffixes, lexical lists."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from mlkit.korean.jamo import FINALS, INITIALS, NG, VOWELS, decompose
from mlkit.korean.names import titles
from mlkit.resources import read_lines, read_tsv, read_words
from mlkit.romanize.common import frequent_words

SYSTEMS = ("rr", "rr-translit", "mr", "dprk", "dprk-media", "yale")


class Letters(NamedTuple):
    """One system's letters: onset/onset_voiced by initial index, coda by final index, vowel by vowel index."""

    onset: tuple[str, ...]
    onset_voiced: tuple[str, ...]
    coda: tuple[str, ...]
    vowel: tuple[str, ...]


@cache
def letters(system: str) -> Letters:
    """The letter table of `system` (dprk-media shares dprk's, folded later)."""
    base = "dprk" if system == "dprk-media" else system
    slots: dict[str, dict[str, str]] = {"onset": {}, "onset_voiced": {}, "coda": {}, "vowel": {}}
    for row in read_tsv("korean/systems.tsv"):
        if row[0] == base:
            slots[row[1]][row[2]] = "" if row[3] == "-" else row[3]
    onset = tuple(slots["onset"][c] for c in INITIALS)
    voiced = tuple(slots["onset_voiced"].get(c, onset[i]) for i, c in enumerate(INITIALS))
    coda = ("", *(slots["coda"].get(c, "") for c in FINALS[1:]))
    vowel = tuple(slots["vowel"][c] for c in VOWELS)
    return Letters(onset, voiced, coda, vowel)


@cache
def long_generics() -> tuple[str, ...]:
    """Generic terms of two or more syllables that end geographic names (산맥, 반도)."""
    return read_words("korean/generics_long.txt")


@cache
def letter_names() -> frozenset[str]:
    """The names of the Hangul letters (디귿, 키읔; Standard Pronunciation Art 16)."""
    return frozenset(read_words("korean/letter_names.txt"))


@cache
def admin_suffixes() -> dict[str, int]:
    """Administrative suffix → the shortest stem (in syllables) it may follow."""
    return {row[0]: int(row[1]) for row in read_tsv("korean/admin_suffixes.tsv")}


@cache
def numerals() -> frozenset[str]:
    """Sino-Korean numeral syllables."""
    return frozenset(read_words("korean/numerals.txt"))


@cache
def place_generics() -> frozenset[str]:
    """Words that, written after a hyphen, end a place name: administrative suffixes and generic terms."""
    return (
        frozenset(admin_suffixes())
        | generics()
        | frozenset(long_generics())
        | frozenset(read_words("korean/generics_native.txt"))
    )


@cache
def towns() -> frozenset[str]:
    """Stems of the ROK's legal towns and neighbourhoods that are no common word (합덕, 호법, 합정; towns.txt)."""
    return frozenset(read_words("korean/towns.txt"))


@cache
def not_places() -> frozenset[str]:
    """Common nouns ending in a generic's syllable that is another morpheme there (동원령, 등용문)."""
    return frozenset(read_words("korean/not_places.txt"))


@cache
def generics() -> frozenset[str]:
    """Generic terms that end geographic names."""
    return frozenset(read_words("korean/generics.txt"))


class NInsertion(NamedTuple):
    """A compound element that takes ㄴ-insertion after a stem of `min_stem`..`max_stem` syllables."""

    element: str
    min_stem: int
    max_stem: int
    codas: str


@cache
def n_insertion() -> tuple[NInsertion, ...]:
    """ㄴ-insertion elements, longest first."""
    rows = [NInsertion(r[0], int(r[1]), int(r[2]), r[3]) for r in read_tsv("korean/n_insertion.tsv")]
    return tuple(sorted(rows, key=lambda e: len(e.element), reverse=True))


@cache
def n_insertion_by_initial() -> dict[str, tuple[NInsertion, ...]]:
    """ㄴ-insertion elements by their first syllable, longest first (a word is checked only where one starts)."""
    out: dict[str, list[NInsertion]] = {}
    for e in n_insertion():
        out.setdefault(e.element[0], []).append(e)
    return {k: tuple(v) for k, v in out.items()}


@cache
def inner_element_words() -> frozenset[str]:
    """Frequent two-syllable words (wordfreq's list, common.WEAK_ZIPF) whose second syllable begins a ㄴ-insertion
    element after a coda: 광역, 번역, 석유, 활용. Inside a longer word they hold that syllable (korean.inside_word)."""
    initials = set(n_insertion_by_initial())
    return frozenset(
        w for w in frequent_words()
        if len(w) == 2 and w[1] in initials and decompose(w[0])[2] and decompose(w[1])[0] == NG
    )  # fmt: skip


@cache
def titles_by_initial() -> dict[str, tuple[str, ...]]:
    """Titles by their first syllable, longest first."""
    out: dict[str, list[str]] = {}
    for t in titles():
        out.setdefault(t[0], []).append(t)
    return {k: tuple(v) for k, v in out.items()}


@cache
def ln_suffixes() -> frozenset[str]:
    """Sino-Korean suffixes after which ㄴ+ㄹ reads [ㄴㄴ]."""
    return frozenset(read_lines("korean/ln_suffixes.txt"))


@cache
def pronunciation_exceptions() -> dict[str, str]:
    """Spelling → pronounced Hangul for lexical sound changes."""
    return {row[0]: row[1] for row in read_tsv("korean/pronunciation_exceptions.tsv")}


@cache
def conventional() -> dict[tuple[str, str], str]:
    """(hangul, system) → conventional spelling."""
    return {(row[0], row[1]): row[2] for row in read_tsv("korean/conventional.tsv")}


@cache
def division_words() -> frozenset[str]:
    """Words used to divide long compounds for library-style MR."""
    return frozenset(read_lines("korean/words.txt"))


@cache
def yale_long() -> tuple[str, ...]:
    """Stems whose first vowel is long, longest first."""
    return tuple(sorted((row[0] for row in read_tsv("korean/yale_long.tsv")), key=len, reverse=True))


@cache
def not_admin() -> tuple[str, ...]:
    """Common words ending in an admin-suffix syllable that are not place names."""
    return read_words("korean/not_admin.txt")


@cache
def content_elements() -> tuple[str, ...]:
    """Vowel-initial content morphemes before which a coda is neutralised before liaison (Art 15)."""
    return tuple(line.split()[0] for line in read_lines("korean/content_elements.txt"))


@cache
def content_prefixes() -> frozenset[str]:
    """Prefixes after which a vowel-initial word is a content morpheme (첫인상 [처딘상]; Art 15)."""
    return frozenset(read_words("korean/content_prefixes.txt"))


@cache
def content_exclusions() -> dict[str, str]:
    """Content morpheme → codas after which it is read with plain liaison instead (맛있는 [마신는])."""
    out = {}
    for line in read_lines("korean/content_elements.txt"):
        fields = line.split()
        if len(fields) > 1 and fields[1].startswith("!"):
            out[fields[0]] = fields[1][1:]
    return out


@cache
def particles() -> tuple[str, ...]:
    """Particles written as separate words in Yale, longest first."""
    return tuple(sorted(read_lines("korean/particles.txt"), key=len, reverse=True))


@cache
def particle_words() -> frozenset[str]:
    """Words ending in a particle's letters that are one word (회의, 거의), which Yale keeps whole."""
    return frozenset(read_lines("korean/particle_words.txt"))
