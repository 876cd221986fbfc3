"""The compiled core of segmentation (`mlkit.segment._scan`, built from `_scan.c`), with the tables it reads.

The core is the one implementation of the segmenter's hot path: the trigger scan, the word HMM of a window,
the grouping of runs into passages, the unknown-word and related-language sums (with the model's feature
hashing), the word lists, a word's scores in every language (letter n-grams for words no list knows), its shape
and what it tells the scan and the HMM (Scorer, Judge), and the identifier scan. Python builds the tables and
holds the patterns the core calls (romanised Korean, identifiers).
Wheels carry it built; installing from source builds it and needs a C compiler.
"""

from __future__ import annotations

import importlib
from functools import cache

import regex

from mlkit.errors import MlkitError
from mlkit.segment.scripts import NON_ASCII_LETTER, script_table


class CoreNotBuiltError(MlkitError, ImportError):
    """The compiled segmentation core is missing from this installation."""

    exit_code = 2


try:
    core = importlib.import_module("mlkit.segment._scan")
except ImportError as exc:  # a source install whose build failed or was skipped
    raise CoreNotBuiltError(
        "mlkit.segment._scan is not built: install mlkit's wheel for this platform, or install a C compiler "
        "and reinstall mlkit from source"
    ) from exc

LM_FLAG = 0x80  # a letter or mark (scripts.WORD is made of these)
FOREIGN_FLAG = 0x40  # not ASCII and not of the Common script (what scripts.NON_ASCII_LETTER finds)
LETTER_FLAG = 0x20  # a letter (\p{L}: what makes a stretch of plain text a run)
COMMON = 0
JAPANESE = 30  # no table code: the core's name for the script of a run with kana and Han
OTHER = 31


@cache
def script_codes() -> dict[str, int]:
    """Script name → code in the character table: scripts.tsv order from 1, Hiragana and Katakana one code
    ("Kana", as the tokenizer names them), 0 Common, 127 Other."""
    codes: dict[str, int] = {}
    for name in script_table():
        key = "Kana" if name in ("Hiragana", "Katakana") else name
        if key not in codes:
            codes[key] = len(codes) + 1
    if len(codes) >= JAPANESE:
        raise ValueError("too many scripts for the character table")
    return codes


def script_names() -> tuple[str, ...]:
    """Code → script name, 32 entries (unused codes are "Other")."""
    names = ["Other"] * 32
    names[COMMON] = "Common"
    for name, code in script_codes().items():
        names[code] = name
    return tuple(names)


@cache
def char_table() -> bytes:
    """One byte per code point: LM_FLAG for letters and marks (what a word is made of), FOREIGN_FLAG,
    LETTER_FLAG and the script code, built with the same `regex` properties as `scripts.script_of`, `WORD`,
    `NON_ASCII_LETTER` and `runs.ANY_LETTER`; built once and kept in the table cache."""
    from mlkit.segment.lexicon import table_key
    from mlkit.tablecache import stored

    return stored("segment-chars", table_key(), _build_char_table)


def _build_char_table() -> bytes:
    import numpy as np  # only when the table is built, not when it is read from the cache

    table = bytearray([OTHER]) * 0x110000
    everything = "".join(map(chr, range(0x110000)))
    for m in regex.finditer(r"[\p{Common}\p{Inherited}]+", everything):
        table[m.start() : m.end()] = bytes([COMMON]) * (m.end() - m.start())
    codes = script_codes()
    for name in reversed(list(script_table())):  # the first script of the table wins, as in script_of
        code = codes["Kana" if name in ("Hiragana", "Katakana") else name]
        for m in regex.finditer(rf"\p{{Script={name}}}+", everything):
            table[m.start() : m.end()] = bytes([code]) * (m.end() - m.start())
    flags = bytearray(0x110000)
    for m in regex.finditer(r"[\p{L}\p{M}]+", everything):
        flags[m.start() : m.end()] = bytes([LM_FLAG]) * (m.end() - m.start())
    foreign = bytearray(0x110000)
    for m in regex.finditer(NON_ASCII_LETTER.pattern + "+", everything):
        foreign[m.start() : m.end()] = bytes([FOREIGN_FLAG]) * (m.end() - m.start())
    letters = bytearray(0x110000)
    for m in regex.finditer(r"\p{L}+", everything):
        letters[m.start() : m.end()] = bytes([LETTER_FLAG]) * (m.end() - m.start())
    planes = [np.frombuffer(bytes(b), dtype=np.uint8) for b in (table, flags, foreign, letters)]
    return (planes[0] | planes[1] | planes[2] | planes[3]).tobytes()
