"""Identifiers in technical English (snake_case, camelCase, file and library names, hex strings, versions, URLs,
e-mail addresses, command-line options) are no evidence of a language: the segmenter reads a copy of the text
with them blanked out, so none of them opens a foreign passage ("libjpeg" read as Dutch, a hash as Spanish).

The copy has the same length (each code point of an identifier becomes MASK), so every offset found in it is an
offset of the text; the text itself is never changed.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import regex

from mlkit.segment import native
from mlkit.segment.runs import Run, merge_runs

MASK = "0"  # a digit: neutral to every step (no letter, not white space, so a line keeps its shape)
_EDGE_L = r"(?<![\p{L}\p{M}\p{N}_])"
_EDGE_R = r"(?![\p{L}\p{M}\p{N}_])"
_PARTS = (
    r"[a-z][a-z0-9+.\-]*://[^\s<>\"'()\[\]{}⟨⟩]+",  # URL
    r"www\.[^\s<>\"'()\[\]{}⟨⟩]+",
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",  # e-mail address
    r"(?<![^\s(\[\"'“«‘])--?[A-Za-z][A-Za-z0-9_\-]*(?:=[^\s,;)]*)?",  # command-line option: -x, --foo=bar
    r"~?[A-Za-z0-9._\-]*(?:/[A-Za-z0-9._\-+*]+)+/?",  # path: /etc/passwd, rpc/rpc.h, ~/.cache
    r"[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*\.(?:[a-z][a-z0-9]{0,4})(?:\.[0-9]+)*" + _EDGE_R,  # file.name, libjpeg.so.8
    r"[A-Za-z_][A-Za-z0-9_]*=[^\s,;]*",  # an assignment: CFLAGS=-O2, --foo aside
    r"[A-Za-z0-9]*_[A-Za-z0-9_]*",  # snake_case, SIG_SETMASK, __malloc_hook, ssize_t
    r"[a-z]+[A-Z][A-Za-z0-9]*",  # camelCase
    r"[A-Z]+[a-z]+[A-Z][A-Za-z0-9]*",  # PascalCase with two humps (PyObject, getFoo aside)
    r"[A-Za-z][A-Za-z0-9]*[.\-][0-9][A-Za-z0-9.\-]*",  # a name with a version: POSIX.1-2008, UTF-8, ISO-8859-1
    r"[A-Za-z]+[0-9][A-Za-z0-9]*",  # letters and digits: i18n, x86_64, utf8, sha256sum
    r"[0-9]+[A-Za-z][A-Za-z0-9]*",  # 3f2a9bc, 2nd is also caught (no language evidence either)
    r"[a-f]{8,}",  # a hash slice without digits (deadbeef)
    r"\.[A-Za-z][A-Za-z0-9_\-]*",  # a dot-name: .gitignore, .bashrc, a troff request (.na, .fi)
    r"[A-Za-z0-9_\-]+(?::[A-Za-z0-9_\-]+){2,}",  # a colon list: mon:tue:wed, user:group:mode, 10:30:00
    r"[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)+",  # a scoped name: std::vector
    r"[A-Za-z][A-Za-z0-9_.\-]*\(\d?[a-z]*\)",  # a function or manual page reference: chown(), ls(1), printf(3p)
    r"[A-Za-z][A-Za-z0-9_]*(?=\(|->)",  # a function called, a structure pointed to: fputc(…, xprt->…
    r"(?:(?<=[*&])|(?<=->))[A-Za-z][A-Za-z0-9_]*",  # a pointer, an address, a member: *endptr, &sigmask, xprt->xp_port
)


@cache
def identifier_pattern() -> regex.Pattern[str]:
    """The identifier pattern, compiled on first use (a tenth of a second: most texts never need it, since it
    runs only where TRIGGER finds something)."""
    return regex.compile(_EDGE_L + "(?:" + "|".join(_PARTS) + ")" + _EDGE_R)


CHUNK = 256  # an identifier is looked for at most this far around its trigger
MEMO_CHUNKS = 1 << 14  # chunks remembered across texts before the memo starts afresh (some 4 MB on prose)
_MEMO: dict[tuple[int, str], list[tuple[int, int]]] = {}


def memo() -> dict[tuple[int, str], list[tuple[int, int]]]:
    """The chunks searched so far and what was found in them, for `spans` and `mask`: the same option, path or
    manual page reference comes back within a text and across texts, and each search costs more than the rest
    of a short text's masking. Bounded: emptied when it holds MEMO_CHUNKS."""
    if len(_MEMO) >= MEMO_CHUNKS:
        _MEMO.clear()
    return _MEMO


def spans(text: str, regions: list[tuple[int, int]] | None = None,
          memo: dict[tuple[int, str], list[tuple[int, int]]] | None = None) -> list[tuple[int, int]]:
    """Code-point ranges of the identifiers in `text`, in order; with `regions`, of those touching one of them.

    The compiled core finds where one may be: every identifier has somewhere one of `_/@(*&=`, `->`, a letter
    before a dot or hyphen and a digit, a lower-case letter before a capital, a letter beside a digit, a dot
    before a letter, a colon between letters or digits, eight letters a-f, or a hyphen after white space. Only
    the white-space-delimited chunk around each of those (at most CHUNK characters on either side) is searched
    with the full pattern (plain words are most of a text, and the pattern is slow to try at every position).
    `memo`: a dict of the chunks searched, kept by what the pattern reads of each (the chunk and the two
    characters before it: it sees nothing past a chunk's end), so that a chunk read alike is searched once, in
    this text (the main-language sample, then the windows) and in any other (see `memo()`)."""
    return native.core.identifier_spans(text, regions, identifier_pattern().finditer, CHUNK, memo)


_ANY_LETTER = regex.compile(r"\p{L}")


def mask(text: str, regions: list[tuple[int, int]] | None = None,
         memo: dict[tuple[int, str], list[tuple[int, int]]] | None = None) -> str:
    """`text` with every identifier's code points replaced by MASK (same length, so offsets are kept); with
    `regions`, only the identifiers that touch one of those ranges; `memo` as for `spans`."""
    found = spans(text, regions, memo)
    return native.core.blank(text, found, MASK) if found else text


def cover(text: str, masked: str, runs: list[Run], main: str) -> list[Run]:
    """`runs` (found in `masked`) with the letters of `text` that no run covers (identifiers outside every
    run: a line of file names) in main-language runs, joined to main-language neighbours across neutral gaps."""
    out: list[Run] = []
    pos = 0
    for run in [*runs, None]:
        end = run.start if run is not None else len(text)
        if pos < end and _ANY_LETTER.search(text, pos, end):
            lo, hi = pos, end
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
            out.append(Run(lo, hi, main, "Latin", 1.0, len(text[lo:hi].split())))
        if run is not None:
            out.append(run)
            pos = run.end
    return merge_runs(masked, out, main) if len(out) != len(runs) else runs


COMPOUND_PIECE = 1e-6  # each piece of a run-together English name is an English word at least this frequent
LONGEST_PIECE = 24  # letters: no English word that frequent is longer (the longest, "disproportionately", has 18)
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def english_names(text: str, runs: list[Run], main: str) -> list[Run]:
    """Runs with the foreign Latin-script runs made only of run-together English words that no word list knows
    ("statoverride", "libjpeg", "maxsize": names of programs and fields), of one English word with an ending
    the English list lacks ("immediates", read as Catalan), or of two or more lower-case ASCII words that no
    list knows at all ("setjmp, sigsetjmp, longjmp": a list of function names, read as Catalan by their
    letters alone) given back to English."""
    if main != "en":
        return runs
    out = list(runs)
    changed = False
    for i, run in enumerate(runs):
        if run.lang == main or run.script != "Latin" or run.words > MAX_UNKNOWN_NAMES:
            continue
        words = _WORD.findall(text, run.start, run.end)
        if not words:
            continue
        if (len(words) > 1 and all(_unknown_name(w) for w in words)) or (run.words <= MAX_NAME_WORDS and (
                all(_run_together(w) for w in words) or (len(words) == 1 and _inflected(words[0])))):
            out[i] = run._replace(lang=main, confidence=1.0, foreign=0.0)
            changed = True
    return merge_runs(text, out, main) if changed else runs


MAX_NAME_WORDS = 3
MAX_UNKNOWN_NAMES = 8  # a list of names no list knows, at most this long, is English ("setjmp, sigsetjmp, …")
INFLECTED_STEM = 1e-5  # an English stem at least this frequent makes the inflected word English
_ENDINGS = (("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""))


@lru_cache(maxsize=1 << 14)
def _inflected(word: str) -> bool:
    """True for a lower-case ASCII word the English list lacks that is a common English word with a regular
    ending ("immediates", "grepped" aside: the stem must be common); the list is small and keeps few inflections."""
    from mlkit.segment.lexicon import lookup

    if not (word.isascii() and word.isalpha() and word.islower() and len(word) >= 5):
        return False
    en = lookup("en")
    if en.get(word, 0.0) > 0.0:
        return False
    return any(word.endswith(end) and len(word) - len(end) >= 4 and en.get(word[: -len(end)] + add, 0.0)
               >= INFLECTED_STEM for end, add in _ENDINGS)


@lru_cache(maxsize=1 << 14)
def _unknown_name(word: str) -> bool:
    """True for a lower-case ASCII word that no language's list knows (a name in code, not a word of prose)."""
    from mlkit.segment.langid import known_anywhere
    from mlkit.segment.runs import latin_candidates

    return word.isascii() and word.isalpha() and word.islower() and not known_anywhere(word, latin_candidates())


@lru_cache(maxsize=1 << 14)
def _run_together(word: str) -> bool:
    """True for a lower-case ASCII word no list knows that splits into two English words of 3+ letters."""
    from mlkit.segment.langid import known_anywhere
    from mlkit.segment.lexicon import lookup
    from mlkit.segment.runs import latin_candidates

    if not (len(word) >= 6 and word.isascii() and word.isalpha() and word.islower()):
        return False
    if known_anywhere(word, latin_candidates()):
        return False
    en = lookup("en")
    n = len(word)  # only cuts where both pieces can be words: a word of a million letters costs no more than one of 48
    return any(en.get(word[:k], 0.0) >= COMPOUND_PIECE and en.get(word[k:], 0.0) >= COMPOUND_PIECE
               for k in range(max(3, n - LONGEST_PIECE), min(n - 2, LONGEST_PIECE + 1)))


def trim(text: str, masked: str, runs: list[Run], main: str) -> list[Run]:
    """Foreign runs (found in `masked`) without the identifiers at their edges: blanked, an identifier is
    neutral, and neutral characters at a window's edge join its run ("/proc/pid/attr 대상 파일의" would start
    a Korean passage at the path)."""
    out = list(runs)
    changed = False
    for i, run in enumerate(runs):
        if run.lang == main or text[run.start : run.end] == masked[run.start : run.end]:
            continue  # nothing blanked in the run: nothing to give back
        lo, hi = run.start, run.end
        while lo < hi and not _is_letter(masked[lo]):
            lo += 1
        while hi > lo and not _is_letter(masked[hi - 1]):
            hi -= 1
        lo = run.start if text[run.start : lo] == masked[run.start : lo] else lo
        hi = run.end if text[hi : run.end] == masked[hi : run.end] else hi
        if lo < hi and (lo, hi) != (run.start, run.end):
            out[i] = run._replace(start=lo, end=hi)
            changed = True
    return out if changed else runs


def _is_letter(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c).startswith("M")
