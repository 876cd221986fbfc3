"""Whole-text romanisation for the pronunciation-based systems (rr, mr, dprk, dprk-media) with numpy, no word loop.

Inside an ordinary word every sound rule is local to one syllable boundary, so a word's romanisation is
(onset and vowel of its first syllable) + for each boundary (coda letters + separator + onset letters of the next
syllable) + its vowel ..., ending with the coda letters of the last syllable. Those pieces are tabulated once per
system by the rule engine itself (`pronounce.join` and the writers in `korean`) over (coda, next initial, next
vowel, lexical flags: ㄴ-insertion, Art 15 content morphemes, Art 20 suffixes, ...). A text is then romanised by
array lookups: each piece is 8 bytes of UTF-8 padded with 0xFF, gathered in order, and the padding dropped.

Whatever the tables cannot see goes to the rule engine, so the output is the engine's, byte for byte: names and
titles, the gazetteer, conventional spellings, pronunciation exceptions, administrative suffixes, compound
division (MR, DPRK) go word by word; a word on a line of its own and a spaced signature go line by line; a stretch
with Hanja, kana or other scripts goes through the engine's router. Repeated lines are romanised once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import regex

from mlkit.korean import names
from mlkit.korean.jamo import FINALS, NG, V_YEO, R, decompose
from mlkit.korean.jamo import F as FI
from mlkit.korean.readings import sino_readings
from mlkit.romanize import context, parts, spoken, tables
from mlkit.romanize.korean import (
    BREVES,
    HA_ENDINGS,
    PARTICLE_VOWELS,
    PRONOUNCED,
    RG_NOUNS,
    romanize_word,
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

_BLOOM_BITS = 22


def _pair_index(first: np.ndarray, second: np.ndarray, bits: int = _BLOOM_BITS) -> np.ndarray:
    """A slot in a 2**22 filter for each pair of syllable indices (multiplicative hashing)."""
    code = first.astype(np.uint32) * np.uint32(16384) + second.astype(np.uint32)
    with np.errstate(over="ignore"):
        return (code * np.uint32(2654435761)) >> np.uint32(32 - bits)


def _pairs(words: Iterable[str], bits: int = _BLOOM_BITS) -> np.ndarray:
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
    start_pairs: np.ndarray  # filter over the first two syllables of the above
    start_single: np.ndarray  # one-syllable entries of the above
    title_pairs: np.ndarray  # filter over the first two syllables of titles
    title_tails: np.ndarray  # the last two syllables of titles ending in a generic (parts.title_tails)
    title_single: np.ndarray  # one-syllable titles (씨, 님)
    division_pairs: np.ndarray  # MR/DPRK word-division words
    surnames: np.ndarray
    common_surnames: np.ndarray  # surnames that start a bare name
    given: np.ndarray  # syllables of given names
    n_insertion: tuple[tuple[tuple[int, ...], int, int, np.ndarray], ...]  # (syllables, min, max, codas)
    content: tuple[tuple[tuple[int, ...], np.ndarray], ...]  # (syllables, codas after which it does not apply)
    element_initials: np.ndarray  # first syllables of ㄴ-insertion and content elements
    syllable_sets: dict[str, np.ndarray]  # boolean masks over the syllable indices
    y_vowels: np.ndarray  # boolean by vowel index: ㅣ ㅑ ㅕ ㅛ ㅠ (ㄴ-insertion)
    plain_codas: np.ndarray  # boolean by final index: codas Art 15 leaves as they are


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
        "province": _mask("남북"),
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
    titles = names.titles()
    return _Lexicon(
        exact=frozenset(exact),
        prefixes=prefixes,
        prefix_lengths=tuple(sorted({len(w) for w in prefixes})),
        start_pairs=_pairs([*exact, *prefixes]),
        start_single=_mask(exact),
        title_pairs=_pairs(titles),
        title_tails=_pairs(parts.title_tails()),
        title_single=_mask(titles),
        division_pairs=_pairs(tables.division_words()),
        surnames=_mask(names.surnames()),
        common_surnames=_mask(s for s in names.surnames() if names.common_surname(s)),
        given=_mask(names.given_syllables()),
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


# -- the text ------------------------------------------------------------------------------------------------

TextFn = Callable[[str], str]


def romanize_text(text: str, system: str, slow_line: TextFn, gap: TextFn) -> str:
    """The romanisation of `text` in `system`, equal to the rule engine's.

    `slow_line` romanises a whole line with the engine; `gap` a stretch between Hangul words that holds
    characters other than ASCII and punctuation (Hanja, kana, Cyrillic, Vietnamese letters).
    """
    lines = text.splitlines(keepends=True)
    unique = list(dict.fromkeys(lines))  # repeated lines (headers, boilerplate) are romanised once
    if len(unique) > 0.8 * len(lines):
        return "".join(_romanize_lines(text, lines, system, slow_line, gap, False))
    by_line = dict(zip(unique, _romanize_lines("".join(unique), unique, system, slow_line, gap, True), strict=True))
    return "".join(map(by_line.__getitem__, lines))


@dataclass
class _Scan:
    """The text as arrays: code points, syllable indices, its Hangul words and its lines."""

    text: str
    lines: list[str]
    cp: np.ndarray  # code points
    hangul: np.ndarray  # is a precomposed syllable
    after: np.ndarray  # the next character is a syllable
    k: np.ndarray  # syllable index (or _NONE)
    rare: np.ndarray  # positions of characters other than ASCII and syllables
    plain_rare: np.ndarray  # ... which pass through the engine as they are
    ws: np.ndarray  # word starts
    we: np.ndarray  # word ends
    wlen: np.ndarray
    wline: np.ndarray  # the line of each word
    line_start: np.ndarray
    line_end: np.ndarray
    surname_first: np.ndarray  # the word starts with a surname

    @property
    def n(self) -> int:
        """The number of code points."""
        return len(self.cp)

    @property
    def nw(self) -> int:
        """The number of Hangul words."""
        return len(self.ws)


def _romanize_lines(
    text: str, lines: list[str], system: str, slow_line: TextFn, gap: TextFn, per_line: bool
) -> list[str]:
    """Romanise `text`, the concatenation of `lines`: its output in order (one string per line if `per_line`)."""
    lex = _lexicon(system)
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # lone surrogates too
    if len(cp) == 0:
        return [""] * len(lines) if per_line else []
    sc = _scan(text, lines, cp, lex)
    extras: dict[int, tuple[str, int]] = {}  # slot → (text from the engine, slots it replaces)
    slow_lines = _slow_lines(sc)
    gaps = _routed_gaps(sc, slow_lines, gap, extras)
    slow = _slow_words(sc, lex, system)
    cand, titled = _titled_names(sc, lex)
    variant = _boundary_variants(sc, lex, system)
    a, b, packed = _slots(sc, lex, _table(system).packed, variant, system, gaps)
    _engine_texts(sc, system, slow_line, slow, cand[titled], slow_lines, a, b, extras)
    return _write(sc, a, b, packed, extras, per_line)


def _scan(text: str, lines: list[str], cp: np.ndarray, lex: _Lexicon) -> _Scan:
    """Code points, syllables, words and lines of `text` as arrays."""
    n = len(cp)
    line_end = np.cumsum(np.fromiter(map(len, lines), np.int64, len(lines)))
    line_start = np.concatenate(([0], line_end[:-1]))
    syl = cp - np.uint32(_SBASE)  # wraps for code points below the block
    hangul = syl < _NSYL
    k = np.where(hangul, syl, np.uint32(_NONE))
    # Characters other than ASCII and syllables (few): do they pass through the engine as they are?
    rare = np.flatnonzero((cp >= 128) & ~hangul)
    rare_cp = cp[rare]
    plain_rare = (_char_kinds()[np.minimum(rare_cp, 0xFFFF)] & 1).astype(bool) & (rare_cp <= 0xFFFF)
    after = np.zeros(n, dtype=bool)
    after[:-1] = hangul[1:]
    before = np.zeros(n, dtype=bool)
    before[1:] = hangul[:-1]
    ws = np.flatnonzero(hangul & ~before)
    we = np.flatnonzero(hangul & ~after) + 1
    wline = np.searchsorted(line_end, ws, side="right")
    return _Scan(
        text, lines, cp, hangul, after, k, rare, plain_rare, ws, we, we - ws, wline, line_start, line_end,
        lex.surnames[k[ws]],
    )  # fmt: skip


_HYPHENED = regex.compile(r"[\uac00-\ud7a3]-[\uac00-\ud7a3]")


def _slow_lines(sc: _Scan) -> np.ndarray:
    """Lines the engine takes whole: a word alone on its line (names, admin suffixes depend on the whole line),
    a spaced signature (김 정 일) on a line of its own, and a hyphen between two syllables."""
    text, lines, ws, we, wline = sc.text, sc.lines, sc.ws, sc.we, sc.wline
    words = np.bincount(wline, minlength=len(lines))
    slow_lines = np.zeros(len(lines), dtype=bool)
    for w in np.flatnonzero(words[wline] == 1).tolist():
        li = int(wline[w])
        slow_lines[li] = sc.wlen[w] <= context.ALONE_MAX and lines[li].strip() == text[ws[w] : we[w]]
    for m in _HYPHENED.finditer(text):  # a place hyphenated before its generic (원신-리) is read as one word
        slow_lines[np.searchsorted(sc.line_end, m.start(), side="right")] = True
    first_word = np.searchsorted(ws, sc.line_start)  # each line's first word (if it has one)
    first = np.flatnonzero((sc.wlen == 1) & sc.surname_first & (first_word[wline] == np.arange(sc.nw)))
    if len(first):
        for w in first.tolist():
            li = int(wline[w])
            at = int(ws[w] - sc.line_start[li])
            if not lines[li][:at].strip(" \t") and context.SIGNATURE.match(lines[li], at):
                slow_lines[li] = True
    return slow_lines


def _routed_gaps(
    sc: _Scan, slow_lines: np.ndarray, gap: TextFn, extras: dict[int, tuple[str, int]]
) -> list[tuple[int, int]]:
    """Stretches between words with characters the engine routes elsewhere (Hanja, kana, ...): the engine's
    router writes each, per stretch within its line, into `extras` (unless its line is the engine's already)."""
    bad = sc.rare[~sc.plain_rare]
    gaps: list[tuple[int, int]] = []
    if len(bad):
        hk = np.flatnonzero(sc.hangul)
        bline = np.searchsorted(sc.line_end, bad, side="right")
        h = np.searchsorted(hk, bad)
        around = np.concatenate(([-1], hk, [sc.n]))  # the syllables before and after each character
        lo = np.maximum(around[h] + 1, sc.line_start[bline])
        hi = np.minimum(around[h + 1], sc.line_end[bline])
        gaps = sorted(set(zip(lo.tolist(), hi.tolist(), strict=True)))
        for g0, g1 in gaps:
            if not slow_lines[np.searchsorted(sc.line_end, g0, side="right")]:
                extras[2 * g0] = (gap(sc.text[g0:g1]), 2 * (g1 - g0))
    return gaps


def _slow_words(sc: _Scan, lex: _Lexicon, system: str) -> np.ndarray:
    """Words the engine must write: exact entries, name and exception prefixes, titles inside, 남도/북도.

    A filter over syllable pairs finds the few candidates; the strings are then checked as the engine does."""
    text, k, ws, we, wlen = sc.text, sc.k, sc.ws, sc.we, sc.wlen
    sets = lex.syllable_sets
    slow = np.zeros(sc.nw, dtype=bool)
    multi = np.flatnonzero(wlen >= 2)
    single = np.flatnonzero(wlen == 1)
    slow[single[lex.start_single[k[ws[single]]]]] = True
    hit = multi[lex.start_pairs[_pair_index(k[ws[multi]], k[ws[multi] + 1])]]
    for w in hit.tolist():
        word = text[ws[w] : we[w]]
        slow[w] = word in lex.exact or any(word[:n_] in lex.prefixes for n_ in lex.prefix_lengths)
    for at in (2, 3):
        m = np.flatnonzero(sc.surname_first & (wlen > at))
        s_ = ws[m] + at
        maybe = lex.title_single[k[s_]]
        two = wlen[m] > at + 1
        maybe[two] |= lex.title_pairs[_pair_index(k[s_[two]], k[s_[two] + 1])]
        for w in m[maybe].tolist():
            if parts.title_at(text[ws[w] : we[w]], at):
                slow[w] = True
    m = np.flatnonzero((wlen >= 3) & (k[we - 1] == ord("도") - _SBASE))
    slow[m[sets["province"][k[we[m] - 2]]]] = True  # 남도, 북도
    for g in tables.long_generics():  # 태백산맥: a place by its generic, capitalised by the engine
        ends = np.flatnonzero(wlen > len(g))
        for j, ch in enumerate(reversed(g)):
            ends = ends[k[we[ends] - 1 - j] == ord(ch) - _SBASE]
        slow[ends] = True
    balp = np.flatnonzero(sets["balp"][k])
    if len(balp):
        slow[np.searchsorted(ws, balp, side="right") - 1] = True
    if system == "mr":  # ㅔ after a or o is ë (korean._render_word): the engine writes those words
        coda, vowel, lead = k % 28, k // 28 % 21, k // 28 // 21
        ov = np.isin(vowel[:-1], (0, 2, 8, 9, 12)) & np.isin(coda[:-1], (0, FI["ㅎ"]))
        ov &= sc.hangul[:-1] & sc.after[:-1] & (lead[1:] == NG) & (vowel[1:] == 5)
        slow[np.searchsorted(ws, np.flatnonzero(ov), side="right") - 1] = True
        said = np.flatnonzero(sets["mr_said"][k] & sc.hangul)  # spoken.as_said, spoken.initial_r_said
        slow[np.searchsorted(ws, said, side="right") - 1] = True
        slow[multi[sets["mr_first_r"][k[ws[multi]]]]] = True
    if system != "rr":
        pairs = np.flatnonzero(sc.hangul[:-1] & sc.hangul[1:])
        pairs = pairs[lex.division_pairs[_pair_index(k[pairs], k[pairs + 1])]]
        words_hit = np.searchsorted(ws, pairs, side="right") - 1
        slow[words_hit[wlen[words_hit] >= 4]] = True
    return slow


def _titled_names(sc: _Scan, lex: _Lexicon) -> tuple[np.ndarray, np.ndarray]:
    """Short words starting with a surname (the candidates) and which of them the engine reads as a name next
    to a title (김정일 국방위원장, 대장 리영호): its own `before_title` and `after_title` decide, on the few
    words next to a possible title."""
    cp, k, ws, we, wlen, nw = sc.cp, sc.k, sc.ws, sc.we, sc.wlen, sc.nw
    cand = np.flatnonzero(sc.surname_first & (wlen <= 4))
    titled = np.zeros(len(cand), dtype=bool)
    if len(cand):
        e, s = we[cand], ws[cand]
        follow = np.flatnonzero(cand + 1 < nw)
        follow = follow[(ws[cand[follow] + 1] == e[follow] + 1) & (cp[e[follow]] == 32)]
        nxt_w = cand[follow] + 1
        maybe = lex.title_single[k[ws[nxt_w]]]
        two = wlen[nxt_w] >= 2
        maybe[two] |= lex.title_pairs[_pair_index(k[ws[nxt_w[two]]], k[ws[nxt_w[two]] + 1])]
        back = np.flatnonzero(cand > 0)
        back = back[(we[cand[back] - 1] == s[back] - 1) & (cp[s[back] - 1] == 32)]
        prv_w = cand[back] - 1
        maybe_b = lex.title_single[k[ws[prv_w]]]
        two = wlen[prv_w] >= 2
        maybe_b[two] |= lex.title_pairs[_pair_index(k[ws[prv_w[two]]], k[ws[prv_w[two]] + 1])]
        for i in sorted({*follow[maybe].tolist(), *back[maybe_b].tolist()}):
            if (
                context.before_title(sc.text, int(e[i])) or context.after_title(sc.text, int(s[i]))
            ) and lex.common_surnames[k[s[i]]] and wlen[cand[i]] >= 2:
                # Next to a title the engine reads a name only from a common surname and given-name
                # syllables; otherwise the word is written as if no title were there.
                titled[i] = bool(lex.given[k[s[i] + 1 : e[i]]].all())
    return cand, titled


def _boundary_variants(sc: _Scan, lex: _Lexicon, system: str) -> np.ndarray:
    """The lexical flag of each boundary between syllable i and i + 1 of one word (see `_variants`):
    ㅎ merging into 하여/했, ㄴ-insertion and content elements after a coda, ㄴ+ㄹ, ㄺ before a verb ending."""
    k, ws, we = sc.k, sc.ws, sc.we
    sets = lex.syllable_sets
    coda = k % 28
    lead = k // 28 // 21
    vowel = k // 28 % 21
    inner = sc.hangul & sc.after
    variant = np.zeros(sc.n, dtype=np.uint32)
    nxt_lead, nxt_vowel = lead[1:], vowel[1:]
    h_merge = inner[:-1] & (nxt_lead == LEAD_H) & (nxt_vowel == V_YEO)
    h_merge &= (coda[1:] == 0) | (coda[1:] == FI["ㅆ"])
    if system in ("rr", "mr"):  # the verb 하다 after a noun: 숱하다, 급했다 (korean.verb_ha)
        after_ha = np.zeros(len(k) - 1, dtype=bool)
        after_ha[:-1] = sets["ha_endings"][k[2:]]
        ha = sets["verb_ha"][k[1:]] | ((k[1:] == ord("하") - _SBASE) & inner[1:] & after_ha)
        ha |= (k[1:] == ord("한") - _SBASE) & (coda[:-1] == FI["ㅅ"])
        h_merge |= inner[:-1] & (nxt_lead == LEAD_H) & ha
    variant[:-1][h_merge] = 1
    vs = np.flatnonzero(inner[:-1] & (nxt_lead == NG) & (coda[:-1] != 0))
    if len(vs):
        at = vs + 1
        word = np.searchsorted(ws, at, side="right") - 1
        stem = at - ws[word]
        room = we[word] - at
        ni = np.zeros(len(at), dtype=bool)
        vcoda = coda[vs]
        maybe = lex.element_initials[k[at]] | sets["content_prefix"][k[vs]]  # where an element (일, 옷) starts
        at, stem, room, vcoda, vs = at[maybe], stem[maybe], room[maybe], vcoda[maybe], vs[maybe]
        ni = ni[maybe]
        for element, lo_, hi_, codas in lex.n_insertion:
            ok = (room >= len(element)) & (stem >= lo_) & (stem <= hi_) & codas[vcoda]
            ni |= ok & _spelled_at(k, at, element, ok)
        ni &= lex.y_vowels[vowel[at]]
        ct = np.zeros(len(at), dtype=bool)
        not_plain = ~lex.plain_codas[vcoda]
        for element, excluded in lex.content:
            ok = not_plain & (room >= len(element)) & ~excluded[vcoda]
            ct |= ok & _spelled_at(k, at, element, ok)
        ct |= not_plain & (stem == 1) & sets["content_prefix"][k[vs]] & ~sets["particle_vowels"][k[at]]
        variant[vs] = ni.astype(np.uint32) | (ct.astype(np.uint32) << 1)
    nr = np.flatnonzero(inner[:-1] & (coda[:-1] == FI["ㄴ"]) & (nxt_lead == R))
    if len(nr):
        word = np.searchsorted(ws, nr + 1, side="right") - 1
        ln = sets["ln"][k[nr + 1]] & (nr + 1 - ws[word] >= 2)
        keep = sets["nr"][k[nr + 1]] if system in _DPRK else np.zeros(len(nr), dtype=bool)
        variant[nr] = np.where(keep, 2, np.where(ln, 1, 0))
    lg = np.flatnonzero(inner[:-1] & (coda[:-1] == FI["ㄺ"]) & (nxt_lead == LEAD_G))
    variant[lg] = ~sets["rg_nouns"][k[lg]]  # korean._bounds: Art 11 다만, stems in ㄺ but the nouns
    if system == "mr":  # Art 26 (korean.sino_tense) in a word that is not alone on its line
        lt = np.flatnonzero(inner[:-1] & (coda[:-1] == FI["ㄹ"]) & np.isin(nxt_lead, _SINO_TENSE_LEADS))
        if len(lt):
            at = lt + 1
            word = np.searchsorted(ws, at, side="right") - 1
            ok = sets["sino"][k[lt]] & sets["sino"][k[at]] & ~sets["endings_l"][k[at]]
            ok &= ~(inner[at] & (k[np.minimum(at + 1, sc.n - 1)] == ord("이") - _SBASE))
            ok &= ~((at - ws[word] >= 2) & ~inner[at])
            variant[lt] = ok
    return variant


def _slots(
    sc: _Scan, lex: _Lexicon, packed: np.ndarray, variant: np.ndarray, system: str, gaps: list[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two table slots per code point: (ASCII character | first-syllable piece | vowel, boundary | last coda |
    empty), and the table with a row for each other character written as it is."""
    cp, k, ws, we, wlen, n = sc.cp, sc.k, sc.ws, sc.we, sc.wlen, sc.n
    hangul = sc.hangul
    inner = hangul & sc.after
    coda = k % 28
    onset_vowel = k // 28  # initial * 21 + vowel
    generic_word = (wlen >= 3) & lex.syllable_sets["generic"][k[we - 1]]
    capital = generic_word
    if system in ("rr", "mr"):  # parts.analyse: a generic after a stem that is not Sino-Korean is no place
        native = np.concatenate(([0], np.cumsum(hangul & ~lex.syllable_sets["place"][k])))
        capital = generic_word & (native[we - 1] == native[ws])
        # parts.generic_place_shape: a stem of three syllables at most, not 만, not a title's end (대통령)
        capital &= (wlen <= 4) & (k[we - 1] != ord("만") - _SBASE)
        for w in np.flatnonzero(capital & lex.title_tails[_pair_index(k[we - 2], k[we - 1])]).tolist():
            capital[w] = sc.text[we[w] - 2 : we[w]] not in parts.title_tails()
    a = np.where(hangul, _VOWEL + onset_vowel % 21, np.where(cp < 128, cp, _EMPTY))
    a[ws] = _START + capital * 399 + onset_vowel[ws]
    b = np.full(n, _EMPTY, dtype=np.uint32)
    key = (coda[:-1] * 399 + onset_vowel[1:]) * _VARIANTS + variant[:-1]
    b[:-1] = np.where(inner[:-1], _BOUND + key * 2, _EMPTY)
    if system != "rr" and generic_word.any():
        last = we[generic_word] - 2  # the boundary into a generic's syllable (산, 강, ...)
        b[last[wlen[generic_word] >= 2]] += 1
    b[we - 1] = _FINAL + coda[we - 1]
    plain_other = sc.rare[sc.plain_rare]
    if len(plain_other):  # curly quotes, no-break spaces: written as they are, as extra rows of the table
        chars = sorted(set(cp[plain_other].tolist()))
        a[plain_other] = len(packed) + np.searchsorted(chars, cp[plain_other])
        rows = b"".join(chr(c).encode("utf-8").ljust(8, b"\xff") for c in chars)
        packed = np.concatenate((packed, np.frombuffer(rows, dtype=np.uint64)))
    for g0, g1 in gaps:
        a[g0:g1] = _EMPTY  # written by the router
    return a, b, packed


def _engine_texts(
    sc: _Scan,
    system: str,
    slow_line: TextFn,
    slow: np.ndarray,
    titled: np.ndarray,
    slow_lines: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    extras: dict[int, tuple[str, int]],
) -> None:
    """Words and lines for the engine: each text takes the first slot of the source it replaces (in `extras`),
    the other slots are emptied."""
    jobs = dict.fromkeys(np.flatnonzero(slow).tolist(), False)
    jobs.update(dict.fromkeys(titled.tolist(), True))  # next to a title
    for w, near_title in jobs.items():
        if slow_lines[sc.wline[w]]:
            continue
        s0, e0 = int(sc.ws[w]), int(sc.we[w])
        a[s0:e0] = _EMPTY
        b[s0:e0] = _EMPTY
        extras[2 * s0] = (romanize_word(sc.text[s0:e0], system, False, near_title).text, 2 * (e0 - s0))
    for li in np.flatnonzero(slow_lines).tolist():
        s0, e0 = int(sc.line_start[li]), int(sc.line_end[li])
        a[s0:e0] = _EMPTY
        b[s0:e0] = _EMPTY
        extras[2 * s0] = (slow_line(sc.lines[li]), 2 * (e0 - s0))


def _write(
    sc: _Scan, a: np.ndarray, b: np.ndarray, packed: np.ndarray, extras: dict[int, tuple[str, int]], per_line: bool
) -> list[str]:
    """The output: the table's pieces for every slot, with the engine's texts in the slots they replace."""
    n = sc.n
    slots = np.empty(2 * n, dtype=np.uint32)
    slots[0::2], slots[1::2] = a, b
    buf = packed[slots].view(np.uint8)
    # The engine's texts go into the bytes of the slots they replace (8 bytes a slot, padded with 0xFF): a word
    # or line has two slots a character, which always suffices in practice; a text that does not fit is
    # spliced in after the padding is dropped.
    overflow: dict[int, str] = {}
    for slot, (piece, room) in extras.items():
        data = piece.encode("utf-8")
        if len(data) <= 8 * room:
            buf[8 * slot : 8 * slot + len(data)] = np.frombuffer(data, dtype=np.uint8)
        else:
            overflow[slot] = piece
    data = buf.tobytes()
    if per_line:
        bounds = [*(2 * sc.line_start).tolist(), 2 * n]
        return [_assemble(data, overflow, lo, hi) for lo, hi in zip(bounds, bounds[1:], strict=False)]
    return [_assemble(data, overflow, 0, 2 * n)]


def _assemble(data: bytes, overflow: dict[int, str], lo: int, hi: int) -> str:
    """The text of slots lo..hi: packed pieces without their padding, with overflowing texts spliced in."""
    out = []
    for slot in sorted(x for x in overflow if lo <= x < hi):
        out.append(data[8 * lo : 8 * slot].translate(None, b"\xff").decode("utf-8"))
        out.append(overflow[slot])
        lo = slot + 1
    out.append(data[8 * lo : 8 * hi].translate(None, b"\xff").decode("utf-8"))
    return "".join(out)


def _spelled_at(k: np.ndarray, at: np.ndarray, element: tuple[int, ...], ok: np.ndarray) -> np.ndarray:
    """Whether `element` (syllable indices) is spelled at each position of `at` (only where `ok`, in range)."""
    hit = ok.copy()
    for j, syllable in enumerate(element):
        idx = np.flatnonzero(hit)
        hit[idx] = k[at[idx] + j] == syllable
    return hit


__all__ = ["SYSTEMS", "romanize_text"]
