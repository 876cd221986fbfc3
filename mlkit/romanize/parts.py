"""Divide a Korean word into the parts each system writes differently: names, titles, admin suffixes, words.

The decisions here are lexical and contextual (surname lists, the gazetteer, titles, a line of its own), so each
part carries the rule name that explains it (`name:surname`, `suffix:admin`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlkit.korean import names
from mlkit.romanize import tables

# Given-name syllables that also end ordinary place names: a bare word ending in one is not read as a name.
_PLACE_ENDINGS = frozenset("산강봉령섬사궁루역족항탑곶포")


@dataclass(frozen=True, slots=True)
class Part:
    """Syllables `start`..`end` of a word, written as `kind` (word, name, admin, conventional), after `sep`."""

    kind: str
    start: int
    end: int
    sep: str = ""
    capital: bool = False


def title_at(word: str, i: int) -> bool:
    """Whether a title (동지, 위원장, 대통령, ...) starts at syllable `i` of `word`."""
    return any(word.startswith(t, i) for t in tables.titles_by_initial().get(word[i : i + 1], ()))


def name_length(word: str, alone: bool = False, before_title: bool = False) -> int:
    """How many leading syllables of `word` form a personal name (0 when none is detected).

    A name is a gazetteer person, a surname + given name followed by a title (attached or as the next word), or
    a bare surname + two common given-name syllables standing on a line of its own.
    """
    gaz = names.gazetteer()
    entry = gaz.get(word)
    if entry is not None:
        return len(word) if entry[0] == "person" else 0
    for n in (3, 4, 2):
        if len(word) > n and gaz.get(word[:n], ("",))[0] == "person":
            return n
    if word[:1] not in names.surnames():
        return 0
    for n in (3, 2):
        if len(word) > n and title_at(word, n):
            return n
    given = names.given_syllables()
    if (
        before_title
        and 2 <= len(word) <= 4
        and names.common_surname(word[0])
        and all(s in given for s in word[1:])
    ):
        return len(word)  # 김정일 국방위원장, 대장 리영호 (but not 위대한 수령, 우리 수령)
    if (
        alone
        and len(word) == 3
        and names.common_surname(word[0])
        and word[1] in given
        and word[2] in given
        and word[2] not in _PLACE_ENDINGS
        and admin_stem(word) == 0
    ):
        return 3
    return 0


def admin_stem(word: str) -> int:
    """Length of the stem before an administrative suffix (제주도 → 2), or 0 when the word has none."""
    if len(word) < 3:
        return 0
    suffix, stem = word[-1], word[:-1]
    need = tables.admin_suffixes().get(suffix)
    if need is None or len(stem) < need:
        return 0
    if suffix == "리" and stem[-1] in tables.numerals():
        return 0  # 왕십리, 천리: the distance unit li
    if any(word.endswith(w) for w in tables.not_admin()):
        return 0  # 물난리, 인민군: ordinary words
    return len(stem)


def divide(word: str, tails: bool = True) -> list[tuple[int, int]]:
    """Library-style word division of a long compound (조선민주주의인민공화국 → 4 words); one piece otherwise."""
    words = tables.division_words()
    n = len(word)
    if n < 4:
        return [(0, n)]
    # Cover the word with listed words, fewest pieces first.
    best: list[list[tuple[int, int]] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, n + 1):
            if word[i:j] in words:
                cand = [*best[i], (i, j)]  # type: ignore[misc]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    if best[n] is not None and len(best[n]) > 1:  # type: ignore[arg-type]
        return best[n]  # type: ignore[return-value]
    for j in range(2, n - 1):
        if tails and word[j:] in words:
            return [(0, j), (j, n)]
    return [(0, n)]


def analyse(word: str, system: str, alone: bool = False, before_title: bool = False) -> list[Part]:
    """The parts of a (precomposed) word for `system`."""
    n = len(word)
    if system == "rr-translit":
        return [Part("word", 0, n)]
    if system == "yale":
        for particle in tables.particles():
            if n > len(particle) and word.endswith(particle):
                return [Part("word", 0, n - len(particle)), Part("word", n - len(particle), n, sep=" ")]
        return [Part("word", 0, n)]
    if (word, system) in tables.conventional():
        return [Part("conventional", 0, n)]
    entry = names.gazetteer().get(word)
    named = name_length(word, alone, before_title)
    if named:
        parts = [Part("name", 0, named, capital=True)]
        if named < n:
            parts.append(Part("word", named, n, sep=" "))
        return parts
    # Admin suffixes only on a bare place name (a line of its own) or a gazetteer place: in running text,
    # 민족끼리 or 인민군은 are not places.
    stem = admin_stem(word) if alone or entry is not None or word.endswith(("남도", "북도")) else 0
    if stem:
        return [Part("word", 0, stem, capital=True), Part("admin", stem, n, sep="-")]
    capital = (
        entry is not None
        or (alone and system in ("dprk", "dprk-media"))
        or ((alone or n >= 3) and n >= 2 and word[-1] in tables.generics())
    )
    if system in ("mr", "dprk", "dprk-media"):
        pieces = divide(word, tails=system == "mr")  # DPRK writes generics attached: Paengmasan
        if len(pieces) > 1:
            return [Part("word", a, b, sep=" " if a else "", capital=capital) for a, b in pieces]
    return [Part("word", 0, n, capital=capital)]
