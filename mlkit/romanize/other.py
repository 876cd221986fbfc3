"""Scripts other than Hangul: Japanese through pykakasi (Hepburn), Vietnamese by folding, the rest by unidecode."""

from __future__ import annotations

from functools import cache
from typing import Any

from unidecode import unidecode

from mlkit.resources import read_tsv


@cache
def vietnamese_letters() -> str:
    """Letters only Vietnamese writes (beyond Latin-1), from the segmenter's alphabet table."""
    for row in read_tsv("segment/alphabets.tsv"):
        if row[0] == "vi" and len(row) > 1:
            letters = row[1] + row[1].upper()
            return "".join(sorted({c for c in letters if ord(c) > 0xFF}))
    return ""


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()


@cache
def _kana() -> Any:
    """The pattern of hiragana and katakana (regex's Unicode scripts), compiled when first asked."""
    import regex

    return regex.compile(r"[\p{Hiragana}\p{Katakana}]")


def has_kana(text: str) -> bool:
    """Whether the text has hiragana or katakana (so Han characters in it are Japanese)."""
    return _kana().search(text) is not None


def japanese(text: str) -> str:
    """Hepburn romanisation of Japanese, one space between pykakasi's words: 東京に行く → toukyou ni iku."""
    words = [item["hepburn"] for item in _kakasi().convert(text) if item["hepburn"]]
    return " ".join(w for w in words if w.strip()) or unidecode(text)


def fold(text: str) -> str:
    """Latin letters without diacritics (Nguyễn → Nguyen); other characters through unidecode."""
    return unidecode(text)


def transliterate(text: str) -> str:
    """Any other script through unidecode (Пхеньян → P'khen'ian); Han without the spaces unidecode pads."""
    return unidecode(text).strip() or unidecode(text)
