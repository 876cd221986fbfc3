"""Korean names: surnames and their spellings, given-name syllables, titles and the gazetteer (data/korean/).

>>> surnames()["박"][1:6], common_surname("박"), "려" in surname_syllables(), "려" in surnames()
(('Park', 'Pak', 'Pak', 'Pak', 'Pak'), True, True, False)
"""

from __future__ import annotations

from functools import cache

from mlkit.resources import read_lines, read_tsv, read_words

# The column of data/korean/surnames.tsv holding each romanisation system's spelling.
SURNAME_COLUMNS = {"rr": 1, "mr": 2, "dprk": 3, "dprk-media": 4, "yale": 5, "rr-translit": 1}


@cache
def _surname_rows() -> tuple[tuple[str, ...], ...]:
    return read_tsv("korean/surnames.tsv")


@cache
def surnames() -> dict[str, tuple[str, ...]]:
    """Surname → its row (hangul, rr, mr, dprk, dprk-media, yale, common, source), for those with spellings."""
    return {row[0]: row for row in _surname_rows() if row[1]}


@cache
def surname_syllables() -> frozenset[str]:
    """Every surname of the table, with or without recorded spellings (a spaced signature's first syllable)."""
    return frozenset(row[0] for row in _surname_rows())


@cache
def surname_spellings() -> frozenset[str]:
    """Every recorded spelling of a surname in any system (Kim, Lee, Ri, Pak, Park, Choe, ...)."""
    return frozenset(spelling for row in surnames().values() for spelling in row[1:6] if spelling)


@cache
def compound_surnames() -> dict[str, tuple[str, ...]]:
    """Two-syllable surname → its row, in the columns of surnames() (data/korean/compound_surnames.tsv)."""
    return {row[0]: row for row in read_tsv("korean/compound_surnames.tsv")}


def surname_length(word: str) -> int:
    """How many leading syllables of `word` are a surname: 2 for 남궁 before a given name, 1 for 김, else 0."""
    if len(word) >= 3 and word[:2] in compound_surnames():
        return 2
    return 1 if word[:1] in surnames() else 0


def surname_row(surname: str) -> tuple[str, ...] | None:
    """The row of a surname of one or two syllables, or None."""
    return surnames().get(surname) or compound_surnames().get(surname)


def common_surname(syllable: str) -> bool:
    """Whether a syllable is a surname frequent enough to start a bare name."""
    row = surnames().get(syllable)
    return bool(row) and row[6] == "1"


@cache
def given_syllables() -> frozenset[str]:
    """Syllables common in given names, Sino-Korean and native."""
    return sino_given_syllables() | native_given_syllables()


@cache
def sino_given_syllables() -> frozenset[str]:
    """Sino-Korean syllables common in given names (a bare name needs two of them)."""
    return frozenset(read_words("korean/given_syllables.txt"))


@cache
def native_given_syllables() -> frozenset[str]:
    """Native syllables of given names (빛나, 한별): read as a name only next to a title."""
    return frozenset(read_words("korean/given_syllables_native.txt"))


@cache
def titles() -> tuple[str, ...]:
    """Titles that follow a name, longest first."""
    return tuple(sorted(read_lines("korean/titles.txt"), key=len, reverse=True))


@cache
def gazetteer() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Hangul → (kind, English spellings) for well-known people, places, organisations and terms."""
    return {row[0]: (row[1], tuple(row[2].split("|"))) for row in read_tsv("korean/gazetteer.tsv")}


@cache
def places() -> frozenset[str]:
    """Administrative place names of both Koreas (data/korean/places.txt): a bare word so spelled is a place."""
    return frozenset(w for w in read_words("korean/places.txt") if not w.startswith("~"))


@cache
def districts() -> frozenset[str]:
    """Every listed place name, common-noun homographs (~사상) included: what an administrative suffix may follow."""
    return frozenset(w.lstrip("~") for w in read_words("korean/places.txt"))


@cache
def provinces() -> frozenset[str]:
    """Provinces of both Koreas (data/korean/provinces.txt): the stems before which 도 is the suffix -do."""
    return frozenset(read_words("korean/provinces.txt"))
