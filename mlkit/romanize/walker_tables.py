"""The tables and syllable sets the compiled walker (`_line.c`, through `walker`) reads, built by the rule engine.

Inside an ordinary word every sound rule is local to one syllable boundary, so a word's romanisation is
(onset and vowel of its first syllable) + for each boundary (coda letters + separator + onset letters of the next
syllable) + its vowel ..., ending with the coda letters of the last syllable. Those pieces are tabulated once per
system (rr, mr, dprk, dprk-media) by the rule engine itself (`pronounce.join` and the writers in `korean`) over
(coda, next initial, next vowel, lexical flags: ㄴ-insertion, Art 15 content morphemes, Art 20 suffixes, ...),
each piece 8 bytes of UTF-8 padded with 0xFF. Beside them: the lexicon's entries and the syllable sets the walker
uses to hand a word to the engine (names, titles, the gazetteer, exceptions, word division), and which characters
pass through a line unchanged. Nothing here romanises text: the walker does, and the engine is its reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import regex

from mlkit.korean import names
from mlkit.korean.jamo import FINALS, NG, R, decompose
from mlkit.korean.jamo import F as FI
from mlkit.korean.readings import sino_readings
from mlkit.romanize import context, parts, spoken, tables
from mlkit.romanize.common import common_words
from mlkit.romanize.korean import (
    BREVES,
    HA_ENDINGS,
    MR_E_AFTER,
    PARTICLE_VOWELS,
    PRONOUNCED,
    RG_NOUNS,
    written_coda,
    written_onset,
    written_sep,
)
from mlkit.romanize.pronounce import BALP, REP, Y_VOWELS, Boundary, Phone, join, tense_of
from mlkit.romanize.pronounce import G as LEAD_G
from mlkit.romanize.pronounce import H as LEAD_H

SYSTEMS = PRONOUNCED
_SBASE, _NSYL = 0xAC00, 11172
_NONE = 0x3FFF  # syllable index given to anything that is not a syllable (never in a table)
_VARIANTS = 4  # lexical flag values per boundary (see _variants)
_DPRK = ("dprk", "dprk-media")

# Layout of one system's piece table: ASCII characters, the empty string, then the syllable pieces.
_EMPTY = 128
_START = 129  # + (capital * 19 + initial) * 21 + vowel: onset and vowel of a word's first syllable
_VOWEL = _START + 2 * 19 * 21  # + vowel
_FINAL = _VOWEL + 21  # + final: coda letters of a word's last syllable
_BOUND = _FINAL + 28  # + boundary key (see _key)
_SIZE = _BOUND + 28 * 19 * 21 * _VARIANTS * 2


def _key(coda: int, lead: int, vowel: int, variant: int, generic: int) -> int:
    return (((coda * 19 + lead) * 21 + vowel) * _VARIANTS + variant) * 2 + generic


@dataclass(frozen=True)
class _Table:
    packed: np.ndarray  # each piece as UTF-8 in 8 bytes, padded with 0xFF (a byte UTF-8 never uses)


@cache
def _table(system: str) -> _Table:
    """Every piece `system` can write for a plain word, computed once by the rule engine."""
    letters = tables.letters(system)
    media = system == "dprk-media"
    pieces: list[str] = [chr(c) for c in range(128)] + [""] * (_SIZE - 128)

    def fold(text: str) -> str:
        return text.translate(BREVES) if media else text

    for cap in (0, 1):
        for lead in range(19):
            for vowel in range(21):
                ph = Phone(lead, vowel, 0)
                text = written_onset(system, letters, ph, None, False, False) + letters.vowel[vowel]
                if cap:
                    text = text[0].upper() + text[1:]
                text = fold(text)
                if media and len(text) > 1 and text[0].lower() == text[1] and text[0].lower() in "ktpsj":
                    text = text[0] + text[2:]  # DPRK media: a word-initial double consonant written single
                pieces[_START + (cap * 19 + lead) * 21 + vowel] = text
    for vowel in range(21):
        pieces[_VOWEL + vowel] = fold(letters.vowel[vowel])
    for coda in range(28):
        pieces[_FINAL + coda] = fold(written_coda(system, letters, REP[coda], None))
    generics = (0, 1) if system != "rr" else (0,)  # RR writes no voicing, so a generic changes nothing
    for coda in range(28):
        for lead in range(19):
            for vowel in range(21):
                for variant in _variants(coda, lead):
                    for generic in generics:
                        text = fold(_boundary(system, letters, coda, lead, vowel, variant, bool(generic)))
                        pieces[_BOUND + _key(coda, lead, vowel, variant, generic)] = text
                        if len(generics) == 1:
                            pieces[_BOUND + _key(coda, lead, vowel, variant, 1)] = text
    # Keys whose flags cannot matter repeat the plain entry.
    for coda in range(28):
        for lead in range(19):
            used = _variants(coda, lead)
            for vowel in range(21):
                for variant in range(_VARIANTS):
                    if variant not in used:
                        for generic in (0, 1):
                            pieces[_BOUND + _key(coda, lead, vowel, variant, generic)] = pieces[
                                _BOUND + _key(coda, lead, vowel, 0, generic)
                            ]
    packed = bytearray(b"\xff" * (8 * _SIZE))
    for i, piece in enumerate(pieces):
        data = piece.encode("utf-8")
        if len(data) > 8:
            raise ValueError(f"{system}: piece {piece!r} is longer than 8 bytes")
        packed[8 * i : 8 * i + len(data)] = data
    return _Table(np.frombuffer(bytes(packed), dtype=np.uint64))


def _variants(coda: int, lead: int) -> tuple[int, ...]:
    """The lexical flag values that can change the boundary (coda, lead); 0 is always there."""
    if lead == LEAD_H:
        return (0, 1)
    if lead == NG and coda:
        return (0, 1, 2, 3)
    if coda == FI["ㄴ"] and lead == R:
        return (0, 1, 2)
    if coda == FI["ㄺ"] and lead == LEAD_G:
        return (0, 1)
    if coda == FI["ㄹ"] and lead in _SINO_TENSE_LEADS:
        return (0, 1)
    return (0,)


_SINO_TENSE_LEADS = (3, 9, 12)  # ㄷ ㅅ ㅈ after ㄹ (Art 26)


def _boundary(
    system: str, letters: tables.Letters, coda: int, lead: int, vowel: int, variant: int, generic: bool
) -> str:
    """Coda letters + separator + onset letters at one boundary, exactly as `korean._render_word` writes them."""
    keep_r = system in _DPRK
    ninsert = content = ln_nn = keep_nr = verb = sino = False
    merge = True
    if lead == LEAD_H:
        if system == "mr":  # MR keeps ㄱ/ㄷ/ㅂ + ㅎ apart, but ㄷ + 히 is read [치] (korean._bounds)
            merge = vowel == 20 and REP[coda] == FI["ㄷ"]
        elif system == "rr":  # RR keeps ㄱ/ㄷ/ㅂ + ㅎ apart in nouns (but not before 이, 혀)
            merge = vowel == 20 or variant == 1  # 혀/혔 or the verb 하다 (korean.verb_ha)
    elif lead == NG and coda:
        ninsert, content = bool(variant & 1), bool(variant & 2)
    elif coda == FI["ㄴ"] and lead == R:
        ln_nn, keep_nr = variant == 1, variant == 2
    elif coda == FI["ㄺ"] and lead == LEAD_G:
        verb = variant == 1
    elif coda == FI["ㄹ"] and lead in _SINO_TENSE_LEADS:
        sino = variant == 1
    cluster_h = system == "mr" and lead == LEAD_H
    bound = Boundary(ninsert, ln_nn, merge, keep_r, content, content and keep_r, verb, keep_nr, sino, cluster_h)
    prev, nxt = Phone(0, 0, 0), Phone(lead, vowel, 0)
    join(prev, coda, nxt, lead, vowel, bound, False)
    spelled_ll = keep_r and coda == FI["ㄹ"] and lead == R
    onset = written_onset(system, letters, nxt, prev.coda, generic, spelled_ll)
    sep = written_sep(system, prev.coda, onset, nxt, letters.vowel[vowel], bound.hyphen_content)
    return written_coda(system, letters, prev.coda, nxt.onset) + sep + onset


# -- lexical lookups ---------------------------------------------------------------------------------------------


def _pair_index(first: np.ndarray, second: np.ndarray, bits: int) -> np.ndarray:
    """A slot in a 2**bits filter for each pair of syllable indices (multiplicative hashing)."""
    code = first.astype(np.uint32) * np.uint32(16384) + second.astype(np.uint32)
    with np.errstate(over="ignore"):
        return (code * np.uint32(2654435761)) >> np.uint32(32 - bits)


def _pairs(words: Iterable[str], bits: int) -> np.ndarray:
    """Filter of the first two syllables of `words` (a hit is a candidate, checked exactly afterwards)."""
    out = np.zeros(1 << bits, dtype=bool)
    two = [w for w in words if len(w) >= 2 and all(0 <= ord(c) - _SBASE < _NSYL for c in w[:2])]
    if two:
        first = np.array([ord(w[0]) - _SBASE for w in two])
        second = np.array([ord(w[1]) - _SBASE for w in two])
        out[_pair_index(first, second, bits)] = True
    return out


def _syllables(word: str) -> tuple[int, ...]:
    return tuple(ord(c) - _SBASE for c in word)


@dataclass(frozen=True)
class _Lexicon:
    exact: frozenset[str]  # whole words the engine treats specially (conventional, gazetteer)
    prefixes: frozenset[str]  # word starts: gazetteer persons, pronunciation exceptions
    prefix_lengths: tuple[int, ...]
    start_single: np.ndarray  # one-syllable entries of the above
    title_single: np.ndarray  # one-syllable titles (씨, 님)
    surnames: np.ndarray
    n_insertion: tuple[tuple[tuple[int, ...], int, int, np.ndarray], ...]  # (syllables, min, max, codas)
    content: tuple[tuple[tuple[int, ...], np.ndarray], ...]  # (syllables, codas after which it does not apply)
    element_initials: np.ndarray  # first syllables of ㄴ-insertion and content elements
    syllable_sets: dict[str, np.ndarray]  # boolean masks over the syllable indices
    y_vowels: np.ndarray  # boolean by vowel index: ㅣ ㅑ ㅕ ㅛ ㅠ (ㄴ-insertion)
    plain_codas: np.ndarray  # boolean by final index: codas Art 15 leaves as they are


def lexicon_endings() -> tuple[str, ...]:
    """Word endings that make a word a lexicon entry for parts.analyse: a province's 남도/북도, the long generics."""
    return (*parts.PROVINCE_ENDINGS, *tables.long_generics())


def _mr_e_after() -> list[str]:
    """Syllables after which MR writes ㅔ as ë: their vowel's letters end in a or o and their coda writes nothing
    before a vowel (korean._render_word's test on the text so far, asked of the engine's own pieces)."""
    letters = tables.letters("mr")
    silent = [
        coda for coda in range(28)
        if any(_boundary("mr", letters, coda, NG, _V_E, v, False) == "" for v in range(_VARIANTS))
    ]  # fmt: skip
    vowels = [v for v in range(21) if letters.vowel[v].endswith(MR_E_AFTER)]
    return [chr(_SBASE + (lead * 21 + v) * 28 + c) for lead in range(19) for v in vowels for c in silent]


def _mr_e() -> list[str]:
    """Syllables whose vowel MR may write ë: no initial sound and the vowel letters e (에, 엔, 엘, ...)."""
    letters = tables.letters("mr")
    vowels = [v for v in range(21) if letters.vowel[v] == "e"]
    return [chr(_SBASE + (NG * 21 + v) * 28 + c) for v in vowels for c in range(28)]


_V_E = 5  # ㅔ


def _mask(syllables: Iterable[str]) -> np.ndarray:
    out = np.zeros(_NONE + 1, dtype=bool)  # indexed by syllable, or _NONE for anything else
    for s in syllables:
        if len(s) == 1 and 0 <= ord(s) - _SBASE < _NSYL:
            out[ord(s) - _SBASE] = True
    return out


@cache
def _lexicon(system: str) -> _Lexicon:
    gazetteer = names.gazetteer()
    exact = [w for (w, s) in tables.conventional() if s == system] + list(gazetteer)
    exact += [t for t in names.titles() if len(t) >= 3 and t[-1] in tables.generics()]  # 대통령: no capital
    exact += [w for w in common_words() if len(w) >= 3 and w[-1] in tables.generics()]  # parts.generic_place_shape
    exact += [*tables.not_places(), *tables.long_generics()]  # parts._not_place: the engine writes them
    places = [w for w, (kind, _) in gazetteer.items() if kind == "place"]
    exact += [d + w for d in parts.DIRECTIONS for w in places]  # 북조선: parts.directed_place
    persons = [w for w, (kind, _) in gazetteer.items() if kind == "person" and 2 <= len(w) <= 4]
    exceptions = [w for w, said in tables.pronunciation_exceptions().items() if len(w) >= 2]
    if system == "rr":  # RR writes no tensification, so an exception that only tenses changes nothing
        exceptions = [w for w in exceptions if not _tense_only(w, tables.pronunciation_exceptions()[w])]
    letter_names = [w for w in tables.letter_names()]  # Art 16 before a vowel (디귿이)
    media = ["평양"] if system == "dprk-media" else []  # the media write Pyongyang in compounds too
    # places (above) start words too: 평양에서, parts.place_before_particle
    prefixes = frozenset([*persons, *exceptions, *letter_names, *media, *places])
    ninsert = []
    for e in tables.n_insertion():
        codas = np.zeros(28, dtype=bool)
        for i, ch in enumerate(FINALS):
            if i and (e.codas == "*" or ch in e.codas):
                codas[i] = True
        ninsert.append((_syllables(e.element), e.min_stem, e.max_stem, codas))
    sets = {
        "ln": _mask(tables.ln_suffixes()),
        "nr": _mask("렬률"),
        "generic": _mask(tables.generics()),
        "balp": _mask(BALP),
        "mr_e_after": _mask(_mr_e_after()),  # MR: ㅔ right after these is ë (korean._render_word)
        "mr_e": _mask(_mr_e()),
        "sino": _mask(chr(_SBASE + i) for i in range(_NSYL) if parts.sino_syllable(chr(_SBASE + i))),
        "endings_l": _mask(parts.ENDINGS_AFTER_L),
        "verb_ha": _mask("했합"),
        "ha_endings": _mask(HA_ENDINGS),
        "rg_nouns": _mask(RG_NOUNS),
        "content_prefix": _mask(tables.content_prefixes()),
        "particle_vowels": _mask(PARTICLE_VOWELS),
        "place": _mask(  # parts._sino_reading_word: the syllables of a place name's stem
            chr(_SBASE + i) for i in range(_NSYL)
            if parts.sino_syllable(chr(_SBASE + i)) and chr(_SBASE + i) in sino_readings()
        ),
        "mr_said": _mask(spoken.older_spelling_syllables()[0]),  # MR: older spellings read as said
        "mr_first_r": _mask(spoken.older_spelling_syllables()[1]),
    }
    return _Lexicon(
        exact=frozenset(exact),
        prefixes=prefixes,
        prefix_lengths=tuple(sorted({len(w) for w in prefixes})),
        start_single=_mask(exact),
        title_single=_mask(names.titles()),
        surnames=_mask([*names.surnames(), *(s[0] for s in names.compound_surnames())]),
        n_insertion=tuple(ninsert),
        content=tuple(
            (_syllables(e), _codas(tables.content_exclusions().get(e, ""))) for e in tables.content_elements()
        ),
        element_initials=_mask(
            [*(e.element[0] for e in tables.n_insertion()), *(e[0] for e in tables.content_elements())]
        ),
        syllable_sets=sets,
        y_vowels=np.isin(np.arange(21), list(Y_VOWELS)),
        plain_codas=np.isin(np.arange(28), [0, FI["ㄱ"], FI["ㄴ"], FI["ㄹ"], FI["ㅁ"], FI["ㅂ"], FI["ㅇ"]]),
    )


def _codas(letters: str) -> np.ndarray:
    """Boolean mask by final index of the final letters in `letters`."""
    return np.isin(np.arange(28), [i for i, ch in enumerate(FINALS) if i and ch in letters])


def _tense_only(spelled: str, said: str) -> bool:
    """Whether a pronunciation exception differs from its spelling only by tensed initials (발전 [발쩐])."""
    if len(said) > len(spelled):
        return False
    for a, b in zip(spelled, said, strict=False):  # _lexical reads the pronounced form's length
        (la, va, fa), (lb, vb, fb) = decompose(a), decompose(b)
        if (va, fa) != (vb, fb) or (la != lb and lb != tense_of(la)):
            return False
    return True


@cache
def _char_kinds() -> np.ndarray:
    """Per BMP code point: bit 1 = passes through the engine unchanged on a plain line, bit 2 = whitespace.

    Passing through means no token of the engine's tokenizer can start or grow there (Common and Inherited
    characters other than the Japanese marks) and the character does not end a line.
    """
    kinds = np.zeros(0x10000, dtype=np.uint8)
    for c in range(128):
        ch = chr(c)
        kinds[c] = 1 | (ch.isspace() << 1)  # the engine passes ASCII stretches through as they are
    chars = "".join(chr(c) for c in range(128, 0x10000) if not 0xD800 <= c < 0xE000)
    common = regex.compile(r"[\p{Common}\p{Inherited}]")
    tokens = context.tokens()
    for m in common.finditer(chars):
        ch = m.group()
        if not tokens.match(ch) and len(("a" + ch + "a").splitlines()) == 1:
            kinds[ord(ch)] |= 1
    for c in range(128, 0x10000):
        if chr(c).isspace():
            kinds[c] |= 2
    return kinds


__all__ = ["SYSTEMS"]
