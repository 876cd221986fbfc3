"""Korean names in Korean passages, and the spellings English text may use for them.

Names are found with the romanisation engine's tables: the gazetteer (people, places, organisations), surnames
followed by a title (김정일국방위원장), a title followed by a surname-led word (대장 리영호), and letter-spaced
signatures (김 정 일). Spellings come from every romanisation system plus the gazetteer's English forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from mlkit.korean import names
from mlkit.resources import read_lines
from mlkit.romanize import romanize
from mlkit.romanize.parts import name_length

# Systems in the order they win a tie: the gazetteer's conventional forms first, then DPRK media style.
SPELLING_SYSTEMS = ("gazetteer", "dprk-media", "mr", "rr", "dprk", "rr-translit", "yale")

_WORD = regex.compile(r"\p{Hangul}+")
_SPACED = regex.compile(r"(?m)^[ \t]*(\p{Hangul}(?:[ \t]\p{Hangul}){1,3})[ \t]*$")


@dataclass(frozen=True, slots=True)
class KoreanName:
    """A name found at `text[start:end]` (for a signature the span covers the spaces): `hangul` without them."""

    hangul: str
    start: int
    end: int
    kind: str
    rule: str


def find_names(text: str, start: int = 0, end: int | None = None, with_terms: bool = False) -> list[KoreanName]:
    """Names in `text[start:end]` (a Korean passage), in text order; terms (주체, 근로자) only with `with_terms`."""
    end = len(text) if end is None else end
    found: list[KoreanName] = []
    taken: set[int] = set()
    for m in _SPACED.finditer(text, start, end):
        joined = m.group(1).replace(" ", "").replace("\t", "")
        if joined[0] in _surnames():
            found.append(KoreanName(joined, m.start(1), m.end(1), "person", "name:signature"))
            taken.update(range(m.start(1), m.end(1)))
    words = [(m.start(), m.group()) for m in _WORD.finditer(text, start, end)]
    for k, (s, word) in enumerate(words):
        if s in taken:
            continue
        name = _name_in_word(word, previous=words[k - 1][1] if k else "", with_terms=with_terms)
        if name is not None:
            hangul, kind, rule = name
            found.append(KoreanName(hangul, s, s + len(hangul), kind, rule))
    found.sort(key=lambda n: n.start)
    return found


def _name_in_word(word: str, previous: str, with_terms: bool) -> tuple[str, str, str] | None:
    gazetteer = _gazetteer()
    for n in range(len(word), 1, -1):
        entry = gazetteer.get(word[:n])
        if entry is None or (entry[0] == "term" and not with_terms):
            continue
        rest = word[n:]
        if n >= 3 or not rest or rest.startswith(_endings()) or _starts_with_title(rest):
            return word[:n], entry[0], "name:gazetteer"
    if word[:1] not in _surnames():
        return None
    for n in (3, 2, 4):
        if len(word) > n and _starts_with_title(word[n:]):
            return word[:n], "person", "name:title-after"
    if previous in _titles_before() and 2 <= len(word) <= 4:
        return word, "person", "name:title-before"
    # 명심하는: a verb stem in -하/-되 is not a given name.
    if 3 <= len(word) <= 5 and word[2] not in "하되" and word[3:].startswith(_endings()) and _name_length(word[:3]):
        return word[:3], "person", "name:surname"
    return None


def spellings(hangul: str) -> list[tuple[str, str]]:
    """(spelling, system) pairs for a Hangul name: the gazetteer's English forms, then each system's output.

    >>> ("Kim Jong Il", "gazetteer") in spellings("김정일")
    True
    """
    out: list[tuple[str, str]] = []
    entry = _gazetteer().get(hangul)
    if entry is not None:
        out.extend((s, "gazetteer") for s in entry[1])
    out.extend(_romanizations(hangul))
    seen: set[str] = set()
    unique = []
    for spelling, system in out:
        if spelling not in seen:
            seen.add(spelling)
            unique.append((spelling, system))
    return unique


@lru_cache(maxsize=1 << 14)  # per distinct name: bounded, so a growing corpus cannot grow it
def _romanizations(hangul: str) -> tuple[tuple[str, str], ...]:
    out = []
    for system in SPELLING_SYSTEMS[1:]:
        out.append((romanize(hangul, system).text, system))
        # A name alone on a line is written as a name by the engine; this catches 김 정 일-style spacing too.
        spaced = romanize(f"\n{hangul}\n", system).text.strip()
        out.append((spaced, system))
    return tuple(out)


def name_kind(hangul: str) -> str | None:
    """The gazetteer kind of a name (person, place, org, term), or None when it is not listed."""
    entry = _gazetteer().get(hangul)
    return entry[0] if entry else None


def is_surname(syllable: str) -> bool:
    """Whether a syllable is a Korean surname."""
    return syllable in _surnames()


def _name_length(word: str) -> int:
    return name_length(word, alone=True)


@cache
def _gazetteer() -> dict[str, tuple[str, tuple[str, ...]]]:
    return names.gazetteer()


@cache
def _surnames() -> frozenset[str]:
    return frozenset(names.surnames())


@cache
def _title_list() -> tuple[str, ...]:
    return tuple(sorted(names.titles(), key=len, reverse=True))


def _starts_with_title(rest: str) -> bool:
    return any(rest.startswith(t) for t in _title_list())


@cache
def _endings() -> tuple[str, ...]:
    return tuple(sorted(read_lines("align/name_endings.txt"), key=len, reverse=True))


@cache
def _titles_before() -> frozenset[str]:
    return frozenset(read_lines("align/passage_titles.txt"))
