"""Unicode scripts of letters, and splitting text into script-homogeneous word tokens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from mlkit.resources import read_tsv

# A word: letters and combining marks, with inner apostrophes ("people's", "l’homme") and hyphens kept.
WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*")
ASCII_WORD = regex.compile(r"[A-Za-z]+(?:['’\-][A-Za-z]+)*")
# letters of every script and combining marks (decomposed text spells "ẩ" as "a" + marks)
NON_ASCII_LETTER = regex.compile(r"[^\x00-\x7F\p{Common}]")
LAST_NON_ASCII_LETTER = regex.compile(r"(?r)[^\x00-\x7F\p{Common}]")


@dataclass(frozen=True, slots=True)
class ScriptInfo:
    """A script with its default language and the languages a word in it may be in."""

    name: str
    default_lang: str
    candidates: tuple[str, ...]


@cache
def script_table() -> dict[str, ScriptInfo]:
    """Scripts known to mlkit, from `data/segment/scripts.tsv`."""
    table = {}
    for row in read_tsv("segment/scripts.tsv"):
        name, default = row[0], row[1]
        cands = tuple(row[2].split(",")) if len(row) > 2 and row[2] else (default,)
        table[name] = ScriptInfo(name, default, cands)
    return table


@cache
def _script_patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((name, regex.compile(rf"\p{{Script={name}}}")) for name in script_table())


@lru_cache(maxsize=1 << 16)  # per character (over a million possible): bounded
def script_of(char: str) -> str:
    """The script name of one character: a name from scripts.tsv, "Other" for other letters, "Common" else."""
    if char < "\x80":
        return "Latin" if char.isalpha() else "Common"
    for name, pattern in _script_patterns():
        if pattern.match(char):
            return name
    if regex.match(r"[\p{Common}\p{Inherited}]", char):
        return "Common"
    return "Other"


@dataclass(frozen=True, slots=True)
class Token:
    """A script-homogeneous piece of a word, with its code-point offsets."""

    start: int
    end: int
    text: str
    script: str


def split_scripts(word: str, start: int) -> list[Token]:
    """Split one word into pieces of one script each; combining marks stay with their base letter."""
    if word.isascii():
        return [Token(start, start + len(word), word, "Latin")]
    tokens: list[Token] = []
    cur = None
    piece_start = 0
    for i, ch in enumerate(word):
        sc = script_of(ch)
        if sc == "Common":  # inner apostrophe, hyphen, or a combining mark: keep with what precedes
            continue
        if sc in ("Hiragana", "Katakana"):
            sc = "Kana"
        if cur is None:
            cur = sc
        elif sc != cur:
            tokens.append(Token(start + piece_start, start + i, word[piece_start:i], cur))
            piece_start, cur = i, sc
    tokens.append(Token(start + piece_start, start + len(word), word[piece_start:], cur or "Common"))
    return tokens


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Script-homogeneous word tokens of `text[start:end]`, with offsets into `text`."""
    tokens: list[Token] = []
    for m in WORD.finditer(text, start, len(text) if end is None else end):
        tokens.extend(split_scripts(m.group(), m.start()))
    return tokens
