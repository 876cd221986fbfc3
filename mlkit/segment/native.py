"""The compiled core of segmentation (`mlkit.segment._scan`), with the tables it reads.

The core runs the trigger scan and the word HMM of a window at C speed; it mirrors the Python reference in
`fastscan.py` and `runs.py` exactly (tests compare the two). When the extension was not built, or
`MLKIT_PURE_PYTHON=1` is set, the Python reference runs instead: same output, slower.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType

import regex

from mlkit.segment.scripts import NON_ASCII_LETTER, script_table

try:
    from mlkit.segment import _scan as _compiled
except ImportError:  # built without a C compiler: the Python reference serves
    _compiled = None

LM_FLAG = 0x80  # a letter or mark (scripts.WORD is made of these)
FOREIGN_FLAG = 0x40  # not ASCII and not of the Common script (what scripts.NON_ASCII_LETTER finds)
LETTER_FLAG = 0x20  # a letter (\p{L}: what runs.ANY_LETTER finds)
COMMON = 0
JAPANESE = 30  # no table code: the core's name for the script of a run with kana and Han
OTHER = 31
_state = {"enabled": _compiled is not None and os.environ.get("MLKIT_PURE_PYTHON", "") not in ("1", "true", "yes")}


def core() -> ModuleType | None:
    """The compiled module when it is built and enabled, else None."""
    return _compiled if _state["enabled"] else None


def available() -> bool:
    """True when the compiled core was built."""
    return _compiled is not None


@contextmanager
def pure_python() -> Iterator[None]:
    """Run the Python reference inside the block (tests compare it with the compiled core)."""
    old = _state["enabled"]
    _state["enabled"] = False
    try:
        yield
    finally:
        _state["enabled"] = old


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
