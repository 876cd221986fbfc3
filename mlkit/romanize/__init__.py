"""Romanisation of Korean in six systems (and of other scripts), with edges that explain every output letter.

>>> romanize("독립문", "rr").text
'Dongnimmun'
>>> romanize("김정일 국방위원장", "dprk-media").text
'Kim Jong Il kukpang wiwonjang'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from mlkit.document import Document, Edge, Romanization
from mlkit.errors import InvalidInputError, UnknownOptionError
from mlkit.korean import hanja
from mlkit.korean import names as korean_names
from mlkit.romanize import other, tables, walker
from mlkit.romanize.context import ALONE_MAX, SIGNATURE, after_title, before_title, tokens
from mlkit.romanize.korean import PRONOUNCED, WordResult, romanize_word
from mlkit.romanize.result import RomanizationResult, Segment, lazy_result
from mlkit.romanize.tables import SYSTEMS
from mlkit.romanize.translit import to_hangul
from mlkit.windows import windows

__all__ = [
    "SYSTEMS",
    "RomanizationResult",
    "clear_caches",
    "fast_text",
    "reference",
    "romanize",
    "romanize_document",
    "to_hangul",
]

# The hot path splits lines on Hangul words with the standard library's re; stretches between words that are
# not ASCII (rare in Korean passages) go through the full tokenizer above.
_SPLIT = re.compile(r"([\uAC00-\uD7A3]+)")
_WORD_CACHE: dict[str, dict[str, WordResult]] = {}


def check_system(system: str) -> str:
    """The system name, or UnknownOptionError naming the choices."""
    if system not in SYSTEMS:
        raise UnknownOptionError(f"unknown romanisation system {system!r}; choose one of {', '.join(SYSTEMS)}")
    return system


def _line_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\r\n"


def _line_end(text: str, end: int) -> bool:
    j, n = end, len(text)
    while j < n and text[j] in " \t":
        j += 1
    return j >= n or text[j] in "\r\n"


NAMES = ("off", "auto", "only")


def check_names(names: str) -> str:
    """The names mode, or UnknownOptionError naming the choices."""
    if names not in NAMES:
        raise UnknownOptionError(f"unknown names mode {names!r}; choose one of {', '.join(NAMES)}")
    return names


def romanize(
    text: str, system: str = "rr", *, keep_diacritics: bool = False, lang: str | None = None, names: str = "auto"
) -> RomanizationResult:
    """Romanise `text` in `system` (rr, rr-translit, mr, dprk, dprk-media, yale); other scripts are routed too.

    Hangul goes through the Korean rule engine; kana (and Han when `lang` is "ja") through pykakasi Hepburn;
    Vietnamese letters are folded to ASCII unless `keep_diacritics`; other non-Latin scripts through unidecode.
    English, digits, punctuation and spacing pass through unchanged. `names`: "auto" writes a word as a personal
    name where there is evidence (a title, the gazetteer, a bare name on its own line), "off" never, "only" in
    every word that starts with a surname (a list of names); the edges say what made each name.
    """
    if names == "auto" and system in _WALKED and text.__class__ is str and len(text) < FAST_MIN_LENGTH:
        # One short line (as a pipeline passes them): the compiled table walker, no line or word loop in Python;
        # edges come from the engine when they are asked for.
        sid = _WALK_IDS.get(system)
        if sid is None:
            sid = _walker_id(system, text)
        if sid is not None:
            out = _walk_line(sid, text)
            if out.__class__ is not str and out is not None:  # words and stretches for the engine to decide
                out = walker.resolve(text, system, out, keep_diacritics, lang)
            if out is not None:
                return lazy_result(text, system, out, lambda: reference(text, system, keep_diacritics, lang).blocks)
    check_system(system)
    check_names(names)
    if not isinstance(text, str):
        raise InvalidInputError(f"romanize() takes a str, not {type(text).__name__}; decode bytes first")
    if names != "auto":
        return reference(text, system, keep_diacritics, lang, names)
    if system in PRONOUNCED and len(text) >= FAST_MIN_LENGTH:
        # Line by line through the compiled walker (the engine's where it is not built); edges come from the
        # engine when they are asked for.
        out = "".join(text_windows(text, system, keep_diacritics=keep_diacritics, lang=lang))
        return RomanizationResult(
            text, system, out, lazy_blocks=lambda: reference(text, system, keep_diacritics, lang).blocks
        )
    return reference(text, system, keep_diacritics, lang)


def fast_text(text: str, system: str, keep_diacritics: bool = False, lang: str | None = None) -> str:
    """The text `reference` gives, line by line through the compiled walker (rr, mr, dprk, dprk-media), its tables
    built first whatever the text's length (the engine's text where the walker is not built)."""
    if system in _WALKED:
        walker.ready(system)
    return "".join(_windows(text, system, keep_diacritics, lang, "auto"))


def text_windows(
    text: str, system: str = "rr", *, keep_diacritics: bool = False, lang: str | None = None, names: str = "auto"
) -> Iterator[str]:
    """The romanised text, one window at a time (`mlkit.windows`): memory follows the window, not the text.

    Windows end at line ends, so the output is the same as in one piece; a line longer than a window (a
    megabyte) is cut after a sentence or at a space, where no name or title rule reaches across.
    """
    check_system(system)
    check_names(names)
    return _windows(text, system, keep_diacritics, lang, names)


def _windows(text: str, system: str, keep_diacritics: bool, lang: str | None, names: str) -> Iterator[str]:
    """`text_windows`: line by line through the walker where it is built (and worth building), else the engine."""
    for chunk in windows(text):
        if names == "auto" and system in _WALKED and _walker_id(system, chunk) is not None:
            yield _walked(chunk, system, keep_diacritics, lang)
        else:
            yield reference(chunk, system, keep_diacritics, lang, names).text


def _walker_id(system: str, text: str) -> int | None:
    """The walker's id for `system` (a walked system), or None while its tables are not worth building yet.

    Tables an earlier process built are read from the table cache in about a millisecond, so the first line is
    walked. Building them takes numpy and a fifth of a second, more than a few lines cost in the engine: without
    them a short text waits until this process has romanised `_WALK_AFTER` of them (a one-line command stays
    light); a long one, which takes numpy anyway, builds them at once. `walker.warm` builds them ahead.
    """
    sid = _WALK_IDS.get(system)
    if sid is None:
        _SHORT_CALLS[0] += 1
        if len(text) >= FAST_MIN_LENGTH or _SHORT_CALLS[0] > _WALK_AFTER or walker.stored(system):
            sid = walker.ready(system)
    return sid


_WALK_AFTER = 200
_SHORT_CALLS = [0]


def _walked(text: str, system: str, keep_diacritics: bool, lang: str | None) -> str:
    """`text` line by line through the walker (the engine's for the lines it leaves), a repeated line once."""
    sid = walker.ready(system)
    done: dict[str, str] = {}
    out = []
    for line in text.splitlines(keepends=True):
        hit = done.get(line)
        if hit is None:
            hit = _walk_line(sid, line)
            if hit is None:
                hit = _cached_line(line, system, keep_diacritics, lang)[0]
            elif hit.__class__ is not str:
                hit = walker.resolve(line, system, hit, keep_diacritics, lang)
            done[line] = hit
        out.append(hit)
    return "".join(out)


# From this length on a text builds the walker's tables at once (it would take numpy anyway); a shorter one waits
# for `_WALK_AFTER` calls, so that a one-line command stays light.
FAST_MIN_LENGTH = 200
_WALKED = frozenset(PRONOUNCED) if walker.available() else frozenset()
_WALK_IDS = walker.READY  # system → the walker's id, once its tables are handed over
_walk_line = walker.walk_line


def reference(
    text: str, system: str, keep_diacritics: bool = False, lang: str | None = None, names: str = "auto"
) -> RomanizationResult:
    """The rule engine line by line and word by word, with edges: the definition the walker must match exactly."""
    outs: list[str] = []
    blocks: list[tuple[int, list[Segment]]] = []
    base = 0
    for line in text.splitlines(keepends=True):
        hit = _cached_line(line, system, keep_diacritics, lang, names)
        outs.append(hit[0])
        if hit[1]:
            blocks.append((base, hit[1]))
        base += len(line)
    return RomanizationResult(text, system, "".join(outs), blocks)


def _cached_line(
    line: str, system: str, keep_diacritics: bool, lang: str | None, names: str = "auto"
) -> tuple[str, list[Segment]]:
    # Lines are romanised independently (names and signatures are line-local) and cached, so repeated lines
    # (headers, boilerplate, quoted passages) cost one lookup.
    lines = _LINE_CACHE.setdefault((system, keep_diacritics, lang, names), {})
    hit = lines.get(line)
    if hit is None:
        hit = _romanize_line(line, system, keep_diacritics, lang, names)
        if len(line) < _CACHED_LINE:
            if len(lines) >= _CACHED_LINES:  # bounded: a long stream of distinct lines must not grow it
                lines.clear()
            lines[line] = hit
    return hit


def clear_caches() -> None:
    """Forget every cached word and line (the next call starts cold, as after import)."""
    from mlkit.romanize import korean

    _LINE_CACHE.clear()
    _WORD_CACHE.clear()
    korean._CACHE.clear()
    walker._WORDS.clear()


_LINE_CACHE: dict[tuple[str, bool, str | None, str], dict[str, tuple[str, list[Segment]]]] = {}
_CACHED_LINES = 20_000
_CACHED_LINE = 500  # characters: longer lines are rarely repeated


def _romanize_line(
    text: str, system: str, keep_diacritics: bool, lang: str | None, names: str = "auto"
) -> tuple[str, list[Segment]]:
    """One line: its romanisation and segments (offsets within the line)."""
    surnames = korean_names.surnames() if names != "off" else {}
    cache_ = _WORD_CACHE.setdefault(system if names == "auto" else f"{system}:{names}", {})
    segments: list[Segment] = []
    append = segments.append
    signature: list = [-1]
    line_word = text.strip()
    out: list[str] = []
    pos = 0
    gap = True
    # re.split alternates the stretches between Hangul words with the words themselves.
    split = _SPLIT.split(text)
    run_lang = hanja_lang(lang, len(split) > 1)
    held: WordResult | None = None
    for i, part in enumerate(split):
        gap = not gap
        if not gap:
            if part:
                out.append(
                    part if part.isascii() else _other_run(part, pos, system, keep_diacritics, run_lang, segments)
                )
                pos += len(part)
            continue
        end = pos + len(part)
        if held is not None:
            res, held = held, None
        elif (
            i + 2 < len(split)
            and split[i + 1] == "-"
            and system in PRONOUNCED
            and (halves := _hyphened_place(part, split[i + 2], system, line_word == f"{part}-{split[i + 2]}", names))
        ):
            res, held = halves
        elif (
            pos < signature[0]
            or (len(part) <= 4 and part[0] in surnames)
            or (surnames and len(part) <= 5 and part[:2] in korean_names.compound_surnames())
        ):
            res = _contextual(part, system, text, pos, end, signature, part == line_word, names)
        elif part == line_word and len(part) <= ALONE_MAX:  # a longer "word" is no name or heading
            res = romanize_word(part, system, True, names=names)
        else:
            res = cache_.get(part)
            if res is None:
                res = romanize_word(part, system, names=names)
                if len(part) <= 64:
                    if len(cache_) >= 200_000:
                        cache_.clear()
                    cache_[part] = res
        append((pos, end, res.text, res.pieces))
        out.append(res.text)
        pos = end
    return "".join(out), segments


# Divisions that are numbered within a place: the RR notice (Ch 3 Art 5) writes 봉천 1동 Bongcheon 1(il)-dong and
# 종로 2가 Jongno 2(i)-ga, and gazetteers spell the number out (문암 오-동 Munam O-dong in ALA-LC and BGN/PCGN).
NUMBERED_DIVISIONS = frozenset("동가")


def _hyphened_place(
    stem: str, generic: str, system: str, alone: bool, names: str
) -> tuple[WordResult, WordResult] | None:
    """A place written with a hyphen before its generic (원신-리, 은혜-동, 원소리-고개): one word, two halves.

    Gazetteers (ALA-LC, BGN/PCGN) write the hyphen the romanisation will have; the name is still pronounced as
    one word, so the sound changes across it are those of the whole (원신-리 Wŏnsil-li, 은혜-동 Ŭnhye-dong), and
    a generic makes it a proper noun (capitalised). A numbered division's stem is its number alone (오-동 O-dong).
    None when `generic` is none or no piece ends at the hyphen.
    """
    numbered = generic in NUMBERED_DIVISIONS and stem in tables.numerals()  # 봉천 1동: the number is the stem
    if generic not in tables.place_generics() or (
        len(stem) < tables.admin_suffixes().get(generic, 1) and not numbered
    ):
        return None
    whole = romanize_word(stem + generic, system, alone, names=names)
    cut = out_cut = 0
    for k, (src_start, _src_end, out_len, _rules) in enumerate(whole.pieces):
        if src_start >= len(stem):
            cut = k
            break
        out_cut += out_len
    else:
        return None
    if not cut or whole.pieces[cut - 1][1] != len(stem):
        return None
    head, tail = whole.text[:out_cut], whole.text[out_cut:]
    strip = len(tail) - len(tail.lstrip("-"))
    head = head[:1].upper() + head[1:]
    first = list(whole.pieces[:cut])
    rest = [(a - len(stem), b - len(stem), n, r) for a, b, n, r in whole.pieces[cut:]]
    first[0] = (*first[0][:3], ("place:hyphened", *first[0][3]))
    rest[0] = (rest[0][0], rest[0][1], rest[0][2] - strip, ("place:hyphened", *rest[0][3]))
    return WordResult(head, tuple(first)), WordResult(tail[strip:], tuple(rest))


def _contextual(
    word: str, system: str, text: str, start: int, end: int, signature: list, alone: bool, names: str = "auto"
) -> WordResult:
    """A word that may be (part of) a name: look at its line and the words next to it."""
    if start < signature[0]:
        return _signature_syllable(word, system, False, signature)
    if len(word) == 1 and _line_start(text, start):
        m = SIGNATURE.match(text, start)
        if m:
            signature[0] = m.end()
            signature[1:] = _conventional_tokens("".join(m.group().split()), system)
            return _signature_syllable(word, system, True, signature)
    return romanize_word(word, system, alone, before_title(text, end) or after_title(text, start), names)


def _conventional_tokens(name: str, system: str) -> list[str]:
    """A spaced signature's conventional spelling, one token per syllable (empty when there is none)."""
    known = tables.conventional().get((name, system), "").split()
    return known if len(known) == len(name) else []


def _signature_syllable(word: str, system: str, first: bool, signature: list) -> WordResult:
    """One syllable of a spaced signature (김 정 일): the surname by convention, given syllables capitalised."""
    res = romanize_word(word, system)
    if system in ("rr-translit", "yale"):
        return res
    if len(signature) > 1:
        token = signature.pop(1)
        return WordResult(token, ((0, 1, len(token), ("conventional", "name")),))
    if first:
        row = korean_names.surnames().get(word)
        if row:
            name = row[korean_names.SURNAME_COLUMNS.get(system, 1)]
            return WordResult(name, ((0, 1, len(name), ("name:surname",)),))
    cap = res.text[:1].upper() + res.text[1:]
    return WordResult(cap, ((0, 1, len(cap), ("name:given",)),))


def _other_run(
    run: str, offset: int, system: str, keep_diacritics: bool, lang: str | None, segments: list[Segment]
) -> str:
    """Route a run of non-ASCII, non-Hangul characters: conjoining jamo, kana/Han, Vietnamese, other scripts."""
    out = []
    pos = 0
    for m in tokens().finditer(run):
        start, end = m.span()
        if start > pos:
            out.append(run[pos:start])
        kind = m.lastgroup
        word = m.group()
        if kind == "ko":
            res = romanize_word(word, system)
            converted, pieces = res.text, res.pieces
        elif kind == "ja" and lang == "ko" and not other.has_kana(word) and all(map(hanja.is_hanja, word)):
            converted, pieces = _hanja_word(word, system)
        else:
            converted, rule = _convert_other(kind, word, keep_diacritics, lang)
            pieces = ((0, end - start, len(converted), (rule,)),)
        segments.append((offset + start, offset + end, converted, pieces))
        out.append(converted)
        pos = end
    out.append(run[pos:])
    return "".join(out)


def hanja_lang(lang: str | None, hangul: bool) -> str | None:
    """The language the router reads a line's Han characters in: the caller's, else Korean (Hanja) on a line with
    Hangul, else none (unidecode)."""
    return "ko" if lang is None and hangul else lang


def _hanja_word(word: str, system: str) -> tuple[str, tuple]:
    """A word of Han characters in Korean text: its Sino-Korean reading (the initial-sound rule in every system but
    the DPRK's) romanised as that Hangul word, each piece saying which characters read as which syllables."""
    reading = hanja.read(word, initial_rule=system not in _DPRK)
    res = romanize_word(reading, system)
    pieces = tuple((a, b, n, (f"hanja:{word[a:b]}={reading[a:b]}", *rules)) for a, b, n, rules in res.pieces)
    return res.text, pieces


_DPRK = ("dprk", "dprk-media")  # systems of DPRK spelling: no initial-sound rule (勞動 → 로동)


def _convert_other(kind: str | None, word: str, keep_diacritics: bool, lang: str | None) -> tuple[str, str]:
    if kind == "ja":
        if other.has_kana(word) or lang == "ja":
            return other.japanese(word), "ja:hepburn"
        return other.transliterate(word), "unidecode"
    if kind == "vi":
        if keep_diacritics:
            return word, "vi:kept"
        return other.fold(word), "vi:fold"
    if any("\ud800" <= c <= "\udfff" for c in word):  # a lone surrogate (undecodable input): marked, not dropped
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else other.transliterate(c) for c in word), "invalid"
    return other.transliterate(word), "unidecode"


def romanize_document(
    doc: Document | str, system: str = "rr", *, keep_diacritics: bool = False, names: str = "auto"
) -> Document:
    """Add a `Romanization` for each foreign passage (segmenting first when the Document has no passages).

    Korean passages go through the Korean engine; Japanese through pykakasi; Vietnamese passages are folded
    (all their letters, not only Vietnamese-specific ones) unless `keep_diacritics`; others through unidecode.
    """
    check_system(system)
    check_names(names)
    if isinstance(doc, str):
        doc = Document(text=doc)
    if not doc.passages():
        from mlkit.segment import segment

        doc = segment(doc)
    found = []
    for span in doc.passages():
        source = doc.text[span.start : span.end]
        if span.lang == "vi" and not keep_diacritics:
            text = other.fold(source)
            edges: Iterable[Edge] = (Edge(span.start, span.end, 0, len(text), ("vi:fold",)),)
        else:
            res = reference(source, system, keep_diacritics, span.lang, names)  # edges are needed at once
            text = res.text
            edges = (
                Edge(e.src_start + span.start, e.src_end + span.start, e.out_start, e.out_end, e.rules)
                for e in res.edges
            )
        found.append(Romanization(span.start, span.end, system, text, tuple(edges)))
    return doc.add(romanizations=found)
