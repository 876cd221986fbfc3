"""Token-level noise: mixed-script words, digits inside words, letter-spaced syllables."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from mlkit.document import Document, Flag
from mlkit.korean import kiwi
from mlkit.korean.names import surname_syllables
from mlkit.noise.base import DIGIT, NON_ASCII, lang_runs, tokens_with
from mlkit.resources import read_lines

_SCRIPTS = (("Latin", r"\p{Latin}"), ("Cyrillic", r"\p{Cyrillic}"), ("Greek", r"\p{Greek}"), ("Hangul", r"\p{Hangul}"))
_SCRIPT_RES = tuple((name, regex.compile(p)) for name, p in _SCRIPTS)
# Numbers written in Latin words that are not noise: 1930s, 10th, 2nd, MiG-21, COVID-19, B52, 4K; a number with
# its unit (50bn, 50.7m, 100ft); hyphened compounds of words and numbers (7.2-magnitude, 22-to-3, 12th-seeded,
# Round-of-16); No.1. A digit inside a part made of letters (c0mrade, 1ike) is still one.
_UNITS = "s|st|nd|rd|th|am|pm|km|kg|mm|cm|m|g|t|kw|mw|gw|x|k|ha|mb|gb|tb|d|bn|mn|ft|mi|mph|lb|lbs|oz|ml|hz"
_NUMBER = rf"\d+(?:[.,]\d+)*(?:{_UNITS})?"
_LATIN_OK = regex.compile(
    rf"{_NUMBER}|\d+[A-Z]"
    rf"|[A-Z0-9]+(?:-[A-Z0-9]+)*(?:s)?|(?:\p{{L}}+|{_NUMBER})(?:-(?:\p{{L}}+|{_NUMBER}))+|\d+(?:\.\d+)*[a-dA-Z]?"
    r"|(?:No|no|Vol|vol|Art|art)\.\d+"
)
# Three or more one-syllable words in a row, plus a short word that finishes them (하 였다).
_SPACED = regex.compile(
    r"(?<![\p{Hangul}])\p{Hangul}(?: \p{Hangul}(?![\p{Hangul}])){2,}(?: \p{Hangul}{2}(?![\p{Hangul}]))?"
)


@cache
def korean_counters() -> tuple[str, ...]:
    """Counters and particles that may follow a number in Korean (년, 월, 일, 번째, 에, 의), longest first."""
    return tuple(sorted(read_lines("noise/korean_counters.txt"), key=len, reverse=True))


def find_mixed_script(doc: Document) -> Iterator[Flag]:
    """Words mixing Latin with Cyrillic or Greek letters (look-alike glyphs), or Hangul glued to Cyrillic/Greek."""
    for m in tokens_with(doc.text, NON_ASCII):  # (an ASCII word mixes no scripts)
        word = m.group()
        found = [name for name, rx in _SCRIPT_RES if rx.search(word)]
        if len(found) < 2 or found == ["Latin", "Hangul"]:
            continue  # Hangul with a Latin acronym (GS이스토어, IBM社) is ordinary Korean writing
        yield Flag(
            m.start(),
            m.end(),
            "mixed-script",
            0.85,
            f"one word mixes {' and '.join(found)} letters (look-alike glyphs from OCR or a keyboard mix-up)",
        )


# compiled once: these run on every token
_ASCII_LETTER = regex.compile(r"[A-Za-z]")
_CORE = regex.compile(r"[\p{L}\d][\p{L}\d.\-]*[\p{L}\d]")
_DIGIT = regex.compile(r"\d")
_HANGUL = regex.compile(r"\p{Hangul}")
_HANGUL_HEAD = regex.compile(r"^\p{Hangul}+")
_HANGUL_NUMBER = regex.compile(r"\p{Hangul}+[\d.,]+(?:[A-Za-z]{1,3}|%)?\p{Hangul}*")
# A Latin code, letters then its number (G-8, B-52, MP3, NW1), and the Korean written on to it (G-8의). A digit
# between letters is no code (B8C의 is BBC의 misread).
_LATIN_CODE_HEAD = regex.compile(r"^[A-Za-z]{1,4}-?\d+(?=\p{Hangul}+$)")
_LETTER = regex.compile(r"\p{L}")
_NUMBER_HEAD = regex.compile(r"^[\d.,]+(?:[A-Za-z]{1,3}|%)?")

def _korean_number_ok(word: str) -> bool:
    """True when a number is followed by a counter, unit or particle (1945년, 8.15에, 10km반경); False for 2이위에."""
    rest = _NUMBER_HEAD.sub("", word)
    return not rest or rest.startswith(korean_counters())


# What may follow a number inside a Korean word, by Kiwi's tags: a counter or noun (6자회담, 168타석), a unit in
# Latin letters (15m간격), another number (2할6푼8리), a suffix or a particle.
_AFTER_NUMBER = ("NNB", "NNG", "NNP", "NR", "SL", "SN", "XSN", "J")


def _counted(word: str) -> bool:
    """True when Kiwi reads every number in the word as followed by a counter, noun or unit (6자회담은), with no
    unknown morpheme; False for 2이위에 (a number before a determiner: a misread letter)."""
    if not kiwi.available():
        return False
    analysis = kiwi.analyze(word)
    if analysis.unknown:
        return False
    tags = [t for _, t in analysis.morphemes]
    return all(nxt.startswith(_AFTER_NUMBER) for tag, nxt in zip(tags, tags[1:], strict=False) if tag == "SN")


def _latin_guess(word: str) -> str:
    """The word with look-alike digits read as letters, in the word's case (c0mrade → comrade)."""
    table = str.maketrans("0158", "olsB") if sum(c.islower() for c in word) >= 2 else str.maketrans("0158", "OISB")
    return word.translate(table)


def find_digits_in_words(doc: Document) -> Iterator[Flag]:
    """Digits inside words: l/1 and O/0 confusions in Latin (c0mrade), stray digits in Hangul words (2이위에)."""
    text = doc.text
    for m in tokens_with(text, DIGIT):  # (a token without a digit has none to flag)
        token = m.group()
        core = _CORE.search(token)
        if core is None or not _DIGIT.search(core.group()) or not _LETTER.search(core.group()):
            continue
        word = core.group().strip(".-")
        if _HANGUL.search(word):
            if _DIGIT.match(word) and (_korean_number_ok(word) or _counted(word)):
                continue
            if not _DIGIT.match(word) and _HANGUL_NUMBER.fullmatch(word):
                head = _HANGUL_HEAD.match(word)
                stem = head.group() if head else ""
                if _korean_number_ok(word[len(stem) :]) or stem == "제":
                    continue  # 제1차, 약3천명, 령내70km까지: a word then a number with its counter; 제1헌법: an ordinal
            if _LATIN_CODE_HEAD.match(word):
                continue  # G-8의, B-52폭격기, MP3음악파일을: a code and the Korean written on to it
        elif _LATIN_OK.fullmatch(word):
            continue
        start = m.start() + core.start()
        korean = bool(_HANGUL.search(word))
        why = "a stray number glued on, or a misread letter" if korean else "OCR reads l as 1, O as 0"
        guess = _latin_guess(word) if _ASCII_LETTER.search(word) else None
        yield Flag(
            start,
            start + len(core.group()),
            "digit-in-word",
            0.8,
            f"a digit inside a word: {word} ({why})",
            guess if guess and guess != word and not _HANGUL.search(word) else None,
        )


# Kiwi's spacing of a stretch grows faster than its length: a longer letter-spaced stretch is spaced in pieces.
MAX_RESPACE = 100


def _respace(joined: str) -> str:
    """Kiwi's spacing of syllables, MAX_RESPACE at a time."""
    return " ".join(kiwi.respace(joined[i : i + MAX_RESPACE]) for i in range(0, len(joined), MAX_RESPACE))


def find_letter_spacing(doc: Document) -> Iterator[Flag]:
    """Korean written one syllable at a time (내 가 작 성 된); a spaced name alone on a line scores lower."""
    text = doc.text
    for run in lang_runs(doc, "ko"):
        for m in _SPACED.finditer(text, run.start, run.end):
            syllables = m.group().split(" ")
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
            joined = "".join(syllables)
            if line == m.group() and len(syllables) <= 4 and syllables[0] in surname_syllables():
                yield Flag(
                    m.start(),
                    m.end(),
                    "letter-spacing",
                    0.2,
                    f"a name spaced out on its own line ({m.group()} → {joined}), as in a signature under a title",
                    joined,
                )
                continue
            respaced = _respace(joined) if kiwi.available() else joined
            yield Flag(
                m.start(),
                m.end(),
                "letter-spacing",
                round(min(0.95, 0.6 + 0.05 * len(syllables)), 3),
                f"letters spaced one syllable apart: {m.group()} → {respaced}",
                respaced,
            )
