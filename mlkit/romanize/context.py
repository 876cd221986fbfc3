"""What the words around a Korean word say: titles before or after it, a spaced signature line, script tokens.

Shared by the rule engine (`mlkit.romanize`) and the tables of the compiled walker (`mlkit.romanize.walker_tables`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from mlkit.korean import names
from mlkit.romanize import other

if TYPE_CHECKING:  # regex (Unicode properties) is imported where the tokenizer is first built
    import regex

_HANGUL = r"(?:[\uAC00-\uD7A3]|[\u1100-\u1112][\u1161-\u1175][\u11A8-\u11C2]?)+"
_JA = r"[\p{Hiragana}\p{Katakana}\p{Han}ー々〆]+"
_OTHER = r"[^\p{Latin}\p{Common}\p{Inherited}\p{Han}\p{Hiragana}\p{Katakana}\uAC00-\uD7A3\s]+"
# a longer "word" alone on its line is no name or heading: the tables write it, in linear time
ALONE_MAX = 64


def _token_re(vi_letters: str) -> regex.Pattern[str]:
    # a Vietnamese word starts where a Latin word starts: without the look-behind, every position of a long Latin
    # word would scan the rest of it again (quadratic)
    import regex

    vi = rf"|(?P<vi>(?<!\p{{Latin}})\p{{Latin}}*[{vi_letters}][\p{{Latin}}\p{{Mn}}]*)" if vi_letters else ""
    return regex.compile(rf"(?P<ko>{_HANGUL})|(?P<ja>{_JA}){vi}|(?P<other>{_OTHER})")


_TOKENS: regex.Pattern[str] | None = None
# A spaced signature: two to four Hangul syllables separated by single spaces or tabs, ending the line.
SIGNATURE = re.compile(r"[\uAC00-\uD7A3](?:[ \t][\uAC00-\uD7A3]){1,3}[ \t]*(?:\r?\n|$)")


def tokens() -> regex.Pattern[str]:
    """The tokenizer of non-Latin runs: Hangul (ko), kana/Han (ja), Vietnamese letters (vi), other scripts."""
    global _TOKENS
    if _TOKENS is None:
        _TOKENS = _token_re(other.vietnamese_letters())
    return _TOKENS


def before_title(text: str, end: int) -> bool:
    """Whether the next word is a title (김정일 국방위원장)."""
    if end + 1 >= len(text) or text[end] != " " or text[end + 1] not in _title_initials():
        return False
    return any(text.startswith(t, end + 1) for t in names.titles())


@cache
def _title_initials() -> frozenset[str]:
    return frozenset(t[0] for t in names.titles())


def after_title(text: str, start: int) -> bool:
    """Whether the previous word is a title (대장 리영호, 정위 리봉수)."""
    if start < 2 or text[start - 1] != " " or text[start - 2] not in _title_finals():
        return False
    i = start - 1
    while i > 0 and "\uac00" <= text[i - 1] <= "\ud7a3" and start - i < 8:
        i -= 1
    return text[i : start - 1] in _title_set()


@cache
def _title_finals() -> frozenset[str]:
    return frozenset(t[-1] for t in names.titles())


@cache
def _title_set() -> frozenset[str]:
    return frozenset(names.titles())
