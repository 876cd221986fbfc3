"""Punctuation and spacing that OCR makes up: a dot or colon where a space was, stray marks, lone specks.

Tesseract reads a wide space or a speck of dirt as `.`, `:`, `|` or a quote, so words come out glued by a mark
(`and.changed`, `연구단계에:있지만`), led by one (`.공급하며`), or followed by a specks-only token (`:`, `|`). Each
check is a pattern that ordinary edited prose (news, letters) does not produce; abbreviations (U.S.), numbers
(3.5, 10:30), web addresses and hyphenated compounds are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from mlkit.document import Document, Flag
from mlkit.noise.stats import DocumentStats
from mlkit.resources import read_lines

_TOKEN = regex.compile(r"\S+")
_SPLIT_SPACES = regex.compile(r"[\x1c-\x1f]")  # str.split splits at these, \s does not
KIND = "ocr-punctuation"
# A mark between two words where a space belongs: Hangul.Hangul, word.word (not U.S., not example.com).
_GLUED_HANGUL = regex.compile(r"\p{Hangul}([.:;|`^~¦]+)\p{Hangul}")
_GLUED_LATIN = regex.compile(r"(?<![\p{L}.])(\p{Ll}\p{L}+|\p{Lu}\p{Ll}+)([.:;|`^~¦‘_]+)(\p{Ll}{2,}|a(?!\p{L}))")
# Other marks OCR glues English words with: a comma with no space after it (today,a), marks in a cluster no prose
# sets (Moreau,.a, uses,-say, Knight,".which), a colon after a number or before a capital (10:in, the:FDA). (A
# stop between capitalised words is as often a sentence typed on to the next, West.In, and is left alone.)
_GLUED_MARKS = regex.compile(
    r"(?<=\p{Ll}{2})(,)(?=\p{Ll})|(?<=\p{Latin})([,;:][\"”’]?[-.]+)(?=\p{Latin})|(?<=\d)(:)(?=\p{Ll}{2})"
    r"|(?<=\p{Ll}{2})(:)(?=\p{Lu})"
)
_ENTITY = regex.compile(r"&#?\w+;")
# Web addresses: a scheme, www, @ before a name (not 180102@.부시, digits and specks), a generic or listed country
# domain (kcna.kp, Irrepressible.info), or a state's under .us (taxi.state.nv.us; `.us` alone is too often the word
# us glued on by a speck).
_WEB = regex.compile(
    r"(?i)www|https?|@\w|\.(?:com|org|net|gov|edu|int|info|biz|kr|kp|uk|jp|cn|eu|ru|de|fr|au)\b|\.\p{L}{2}\.us\b"
)
# A token led by a mark and then a letter (.공급하며, :word), or made of specks only (|, :, `).
_LEADING = regex.compile(r"^(?:[.:;,|`^¦_]|~(?!\p{Hangul}))+(?=[\p{L}])")  # (~에게: a glossary's placeholder)
_SPECKS = regex.compile(r"^[.:;,|`^~¦‘’'\"“”«»_@#]+$")  # (a lone @ or # is a misread a)
# Marks that edited text does not put inside or after a word: a pipe, a backtick, a caret, a broken bar.
_ODD = regex.compile(r"[|`^¦\\【】]")
# A Korean word that ends a sentence or takes a particle, then a colon: 밝혔다:, 독일:
_HANGUL_COLON = regex.compile(r"\p{Hangul}[:;]$")
# A bare number with a case particle and no counter (641는, 4404의): Latin letters read as digits by a Korean model.
_NUMBER_PARTICLE = regex.compile(r"^\W*\d+(?:는|은|을|를|의|가|이|와|과|에|로|으로)\W*$")
# Words no two-part compound is made with (would-be, at-bats and up-to-date are): a hyphen by one is a misread space.
_HYPHEN_NEVER = frozenset(
    "the and an a or but nor than which who whose whom its his their our your my these those is are was were been"
    " has had said to".split()
)
_HYPHEN_NEVER_SECOND = _HYPHEN_NEVER | {"by", "of"}  # (stand-by, will-o'-the-wisp: first words only)
_HYPHEN_NEVER_FIRST = _HYPHEN_NEVER | {"also"}  # (an adverb: also-want; the one compound, also-ran, is let pass)
_COMPOUNDS = frozenset({"also-ran", "also-rans"})
# A stop between a month and its day or year (February. 2003), a stop after a number with the sentence going on
# (75. mph), a comma for the stop of a title before a name (Sen, Barack): dates, figures and titles are not cut.
_MONTHS = frozenset("january february march april june july august september october november december".split())
_NUMBER_STOP = regex.compile(r"\d[\d,]*\.")
_TITLES = frozenset("Mr Mrs Ms Dr Sen Gov Rep Gen Lt Col Sgt Capt Prof Rev".split())
# A semicolon before a participle (operation; involving): a participle phrase is set off by a comma, a semicolon
# joins clauses, so it is a misread comma (not before the prepositions and pronouns that end in -ing).
_SEMICOLON = regex.compile(r"\p{Ll}+;")
_PARTICIPLE = regex.compile(r"\p{Ll}{2,}ing\W*")
_NOT_PARTICIPLES = frozenset("during according notwithstanding nothing something anything everything".split())
# Marks edited English does not set: a hyphen leading a lowercase word (-speculation; a dash is two), a hyphen
# after a stop (service.-), two full stops (U.S..out; an ellipsis is three), a colon after a possessive (China's:).
_PROSE_NEVER = regex.compile(r"^-\p{Ll}|\p{L}[.,;:]-$|(?<!\.)\.\.(?!\.)|\p{L}['’]s[:;]")
_LATIN_COLON = regex.compile(r"\p{L}[\p{Ll}'’]*:")
# A word and a full stop (not an abbreviation) with a lowercase word after it: `suggests. the`.
_STOP_MID_SENTENCE = regex.compile(r"[\"“‘'(]?(\p{Latin}{2,})\.")
_NOT_STOPS = frozenset("ft mt est dept min max ca cf ave blvd pg ed eds op cit al seq".split())
_BRACKET = regex.compile(r"[\[\]]")
_PARAGRAPH_COLON = regex.compile(r"\p{Ll}[\p{Ll}'’]*:")  # a lowercase word and a colon, then a blank line
# Words no clause ends on, so a comma never follows them (the, of, into): a comma after one is a speck.
_NO_COMMA = frozenset("a an the of into onto upon my your our their its than nor".split())
# Words that end no English sentence, not even elliptically (unlike he can., it is over., the one we waited for.).
_NEVER_FINAL = _NO_COMMA | frozenset("and or but whose very such between among during toward towards across".split())
_HYPHENATED = regex.compile(r"(\p{L}\p{Ll}*)-(\p{L}+)")
_HANGUL_START = regex.compile(r"\p{Hangul}")
_ABBREVIATION = regex.compile(r"[\W]*(?:\p{L}{1,3}\.){2,}\p{L}{0,3}[\W]*")
_LONE_LETTERS = frozenset("bcdefghijklmnopqrstuvwyz")  # not a (a word), nor x (3 x 4); a lone i is I misread
# Korean with straight quotes: an apostrophe between two Korean words (협상끝에'량국은), where only a particle may
# follow a closing quote ('트와일라이트'라는); one that opens a Korean word with no closing quote after it.
_HANGUL_APOSTROPHE = regex.compile(r"\p{Hangul}'(\p{Hangul}+)")
_QUOTE_PARTICLES = regex.compile(
    r"(?:이?라고|이?라는|이?란|이?라며|고|며|는|은|의|을|를|이|가|와|과|로|으로|에|에서|도|만|처럼)\W*"
)
_OPENING_APOSTROPHE = regex.compile(r"^'\p{Hangul}")
_CLOSING_QUOTE = regex.compile(r"\S['’]")
# Hyphens Korean does not use: after a Korean word or a number (10일-, 가로등에-), before a Korean word (-이번), and
# after a particle or a connective ending (윗도리를-벗긴, 발각되고-모니터): Korean hyphens a pair of names or
# countries (알-말리키, 북-미), never a word and its particle.
_KOREAN_HYPHEN = regex.compile(r"[\p{Hangul}\d]-$|^-\p{Hangul}|\S(?:를|을|는|은|의|에|고|며)-\p{Hangul}")
# A stop or comma before a number or a quote that opens a Korean word (.49명이, .28일, ."협동작전"이라): a speck.
_KOREAN_LEADING = regex.compile(r"^[.,:;]+(?=\d[\d.,]*\p{Hangul}|[\"“]\p{Hangul})")
# A Korean sentence end (…했다, …습니다) that closes its paragraph without a full stop.
# A Korean word and one full stop or comma after it (외국정부를. 강조했다,).
_KOREAN_STOP = regex.compile(r"(\p{Hangul}+)([.,])")
_KOREAN_END = regex.compile(r"\p{Hangul}(?:다|까|요)$")
# Latin words that the Korean model reads as digits (IOC → 106, leaks → 16065, GMAC가 → 6544&(:가): a run of five
# digits or more with no separator, or digits run into marks no number uses. Edited Korean writes large numbers
# with commas (1,200) or units (74만), so such a run is rare there (2 in kpc-nk dev's 12,579 Korean tokens).
# Also such a run glued by a stop to the next Korean word (000011107.일본인), and an @ after a digit (180102@.부시).
_LATIN_AS_DIGITS = regex.compile(
    r"(?<![\d,.:/=_])\d{5,}(?![\d,.:/])|\d{5,}[.@]+\p{Hangul}|\d@[\d.]|\d[&<>!|][\d\p{P}]|[&<>!|]\d|\d\)\d"
)
# A text whose double quotes are at least this share in its other style has had its quotes misread: tesseract's
# kor reads half of the curly quotes of Korean as ", its eng a third of the straight quotes of English as “ ”;
# clean kpc-nk Korean has 16% straight quotes of its own, its English 13% curly ones.
MISREAD_SHARE = 0.3
# Korean source text mixes in straight quotes of its own: 10% of the first 2,000 lines of kpc-nk test, up to 34% in
# a stretch of 200 of them (30% in one sample of dev), against 54% and 65% in tesseract's reading of the tuning lines.
KOREAN_MISREAD_SHARE = 0.4
# tesseract's eng turns about a third of straight double quotes curly (46 of 140 in the benchmark renderings, more than
# half in some fonts) but few curly ones straight (2 of 22): English with this share of straight quotes or more was
# typed with them. Clean kpc-nk English where curly quotes are the style has up to 34% straight ones in a stretch.
STRAIGHT_STYLE_SHARE = 0.4
_LATIN = regex.compile(r"\p{Latin}")
# An English word closed by ’ (design’), or with ‘ inside it (Zambia‘s): a quote nothing opened, a misread apostrophe.
_CLOSED_WORD = regex.compile(r"[\"“(]?(\p{Latin}+)’")
_OPEN_INSIDE = regex.compile(r"\p{Latin}‘\p{Latin}")


@cache
def abbreviations() -> frozenset[str]:
    """Lowercased abbreviations whose full stop ends no sentence (Mr, Jan, etc, No): data/align/abbreviations.txt."""
    return frozenset(w.lower() for w in read_lines("align/abbreviations.txt")) | _NOT_STOPS


def _abbreviated(word: str) -> bool:
    """Whether a word before a full stop is an abbreviation (Sen, vs, Inc) rather than a word a sentence ends on."""
    return word.lower() in abbreviations()


@cache
def function_words() -> frozenset[str]:
    """English words that never end a sentence (the, of, and): a full stop or colon after one is a speck."""
    return frozenset(read_lines("noise/english_function_words.txt"))


def _flag(start: int, end: int, score: float, why: str, fix: str | None = None, kind: str = KIND) -> Flag:
    return Flag(start, end, kind, score, why, fix)


@lru_cache(maxsize=1 << 16)
def judge_token(token: str, next_token: str, pipes: int = 0, rest_closes: bool = True) -> Flag | None:
    """A flag for one whitespace token (offsets within it) given the token after it ('' at a line end); pure, so
    its verdicts are kept (a bounded cache: running text repeats its word pairs).

    `pipes`: how many lone `|` the line has; two or more are field separators (Date: ... | Source: ...);
    `rest_closes`: whether a closing ’ follows on the line (an opening ‘ needs one).
    """
    if _WEB.search(token) or _ENTITY.search(token):
        return None  # (an HTML entity is the markup detector's)
    if token == "|" and pipes >= 2:
        return None
    if token in {",", ".", "...", "…"}:
        return None  # as often a space typed before the mark (Kim Il Sung , who) as a speck; an ellipsis is prose
    if _SPECKS.match(token):
        if token in {"'", '"', "“", "”", "’", "‘"} and len(token) == 1:
            return _flag(0, len(token), 0.55, f"a lone quotation mark {token} (a speck, or a quote cut off its word)")
        return _flag(0, len(token), 0.75, f"a token of marks only ({token}): specks or a misread space")
    if len(token) == 1 and token in _LONE_LETTERS:
        return _flag(0, 1, 0.55, f"a lone letter {token}: a speck, or a piece of a broken word")
    if token.startswith("‘") and not rest_closes and not _HANGUL_START.search(token):
        # (typeset Korean sets ‘…’ round a title that may run over the line; tesseract's kor reads no ‘)
        return _flag(0, len(token), 0.6, "an opening quote ‘ that nothing on the line closes (a speck)", token[1:])
    if _NUMBER_PARTICLE.match(token):
        return _flag(
            0,
            len(token),
            0.6,
            "a bare number takes a particle (no counter or unit): Latin letters read as digits?",
            kind="ocr-digits",
        )
    m = _GLUED_HANGUL.search(token) or _GLUED_LATIN.search(token)
    if m is not None and not (m.re is _GLUED_LATIN and _abbreviation(token)):
        mark = m.group(1) if m.re is _GLUED_HANGUL else m.group(2)
        fixed = (
            token[: m.start(1 if m.re is _GLUED_HANGUL else 2)]
            + " "
            + token[m.end(1 if m.re is _GLUED_HANGUL else 2) :]
        )
        return _flag(0, len(token), 0.75, f"a mark ({mark}) glues two words where a space belongs", fixed)
    glued = _GLUED_MARKS.search(token)
    if glued is not None and not _WEB.search(token):
        mark = glued.group()
        fixed = token[: glued.start()] + (", " if mark[0] == "," else " ") + token[glued.end() :]
        return _flag(0, len(token), 0.7, f"marks ({mark}) glue two words where a space belongs", fixed)
    lead = _LEADING.match(token)
    if lead is not None:
        return _flag(0, len(token), 0.7, f"the word starts with a stray mark ({lead.group()})", token[lead.end() :])
    odd = _ODD.search(token)
    if odd is not None:
        return _flag(0, len(token), 0.7, f"a mark OCR makes of specks and rules ({odd.group()}) in a word")
    if _HANGUL_COLON.search(token) and (not next_token or _HANGUL_START.match(next_token)) and not _label(token):
        return _flag(0, len(token), 0.6, "a colon after a Korean word where the sentence goes on or ends (a speck)")
    low = token.lower()
    core = low.rstrip(".:;!’")
    if low.endswith(",") and low[:-1] in _NO_COMMA:
        return _flag(0, len(token), 0.7, f"no clause ends on {low[:-1]}: the comma after it is a speck", token[:-1])
    if core != low and core in function_words() and _speck_after(core, low[len(core) :], next_token):
        return _flag(
            0, len(token), 0.7, f"{core} does not end a sentence: the mark after it is a speck", token[: len(core)]
        )
    stop = _STOP_MID_SENTENCE.fullmatch(token)
    if stop is not None and next_token[:1].islower() and not _abbreviated(stop[1]):  # (a number may open one)
        why = f"a full stop after {stop[1]}, but the sentence goes on ({next_token}): a speck or a misread comma"
        return _flag(0, len(token), 0.6, why, token[:-1])
    if stop is not None and next_token[:1].isdigit() and stop[1].lower() in _MONTHS:
        why = f"a full stop between {stop[1]} and its date ({next_token}): a speck"
        return _flag(0, len(token), 0.6, why, token[:-1])
    if next_token[:1].islower() and _NUMBER_STOP.fullmatch(token):
        why = f"a full stop after a number, but the sentence goes on ({next_token}): a speck"
        return _flag(0, len(token), 0.6, why, token[:-1])
    if token[-1:] == "," and token[:-1] in _TITLES and next_token[:1].isupper():
        why = f"a comma after the title {token[:-1]} before a name ({next_token}): a misread full stop"
        return _flag(0, len(token), 0.6, why, token[:-1] + ".")
    if _SEMICOLON.fullmatch(token) and _participle(next_token):
        why = f"a semicolon before a participle ({next_token}), which a comma sets off: a misread comma"
        return _flag(0, len(token), 0.6, why, token[:-1] + ",")
    if _LATIN_COLON.fullmatch(token) and next_token[:1].islower():
        return _flag(0, len(token), 0.55, "a colon inside a sentence, before a lowercase word (a speck)", token[:-1])
    if _PROSE_NEVER.search(token) is not None:
        return _prose_never(token)
    hy = _no_compound(token) if "-" in token else None
    if hy is not None:
        return _flag(0, len(token), 0.6, f"a hyphen joins {hy.group(1)} and {hy.group(2)}, which no compound does")
    return None


def _no_compound(token: str) -> regex.Match[str] | None:
    """The two words of a token that a hyphen joins where no compound is made (said-the, rose-by), else None."""
    hy = _HYPHENATED.fullmatch(token.rstrip(".,;:"))
    if hy is not None and (hy.group(1).lower() in _HYPHEN_NEVER_FIRST or hy.group(2).lower() in _HYPHEN_NEVER_SECOND):
        return None if hy.group().lower() in _COMPOUNDS else hy
    return None


def _participle(token: str) -> bool:
    """Whether a token is a lowercase -ing word that is no preposition or pronoun (involving, not during)."""
    return bool(_PARTICIPLE.fullmatch(token)) and token.rstrip(".,;:!?\"')’”").lower() not in _NOT_PARTICIPLES


def _mixed_quote(token: str, quotes: QuoteStyle) -> Flag | None:
    """On a line with both straight and curly double quotes, the one that is not the text's own style: Korean
    is typeset with curly quotes (“…”), and a straight one there is misread only when the text has so many that
    OCR made them (clean Korean writes the odd “…다"고 of its own); English text takes its style from the count."""
    straight = quotes.typed_straight
    if _HANGUL_START.search(token) or not straight:
        if '"' in token and (quotes.straight_misread or not _HANGUL_START.search(token)):
            return _flag(0, len(token), 0.6, "a straight quote on a line of curly quotes (“…”): a misread mark")
        return None
    if "“" in token or "”" in token:
        why = "a curly quote on a line with straight ones, in text that uses straight quotes: a misread mark"
        return _flag(0, len(token), 0.6, why)
    return None


def _quote_style(token: str, opened: bool, quotes: QuoteStyle) -> Flag | None:
    """Quotes that are not the text's style: in Korean set with curly quotes of which OCR turned many straight, a
    straight single quote; in English typed straight of which OCR turned many curly, a curly double quote. And a
    closing ’ after an English word that no ‘ before it on the line `opened` (not a plural possessive: the
    Shiites’), or an opening ‘ inside a word (Zambia‘s): specks or a misread apostrophe."""
    if quotes.straight_misread and "'" in token and _HANGUL_START.search(token):
        why = "a straight single quote in Korean text set with curly quotes, many of which came out straight"
        return _flag(0, len(token), 0.6, why + ": a misread ‘ or ’")
    if quotes.curly_misread and ("“" in token or "”" in token) and _LATIN.search(token):
        why = "a curly quote in English typed with straight quotes, a good share of which came out curly"
        return _flag(0, len(token), 0.6, why + ": a misread mark")
    closed = _CLOSED_WORD.fullmatch(token)
    if closed is not None and not opened and not closed[1].endswith(("s", "S")):
        why = f"a closing quote ’ after {closed[1]} that nothing on the line opened (a speck)"
        return _flag(0, len(token), 0.6, why, token[:-1])
    if _OPEN_INSIDE.search(token):
        return _flag(0, len(token), 0.6, "an opening quote ‘ inside a word: a misread apostrophe?")
    return None


def _prose_never(token: str) -> Flag:
    """The flag for a token with marks edited English does not set (_PROSE_NEVER), saying which."""
    if token.startswith("-"):
        return _flag(0, len(token), 0.6, "a hyphen leads the word (a dash would be two): a speck", token[1:])
    if token.endswith("-"):
        return _flag(0, len(token), 0.6, "a hyphen after a full stop or comma: a speck", token[:-1])
    if ".." in token:
        return _flag(0, len(token), 0.6, "two full stops (an ellipsis has three): a speck or a misread space")
    return _flag(0, len(token), 0.6, "a colon or semicolon after a possessive, which no phrase ends on: a speck")


def _korean_marks(token: str, rest: str, lone: bool, last: bool, before: str = "") -> Flag | None:
    """Marks in or around a Korean word that typeset Korean does not have: a misread quote, a speck, a lost stop.

    `rest` is the line after the token; `lone`: the token's straight double quote is the only one on its line and
    the text uses curly quotes (“…”) and so many straight ones that OCR has misread its curly ones, so this is one
    of them (a clean text with the odd straight quote of its own, and text typed with pairs of straight
    quotes is left alone); `last`: the token ends its paragraph; `before`: the line before the token.
    """
    hyphen = _KOREAN_HYPHEN.search(token)
    if hyphen is not None:
        return _flag(0, len(token), 0.6, "a hyphen by a Korean word or a number (Korean does not hyphenate): a speck")
    lead = _KOREAN_LEADING.match(token)
    if lead is not None:
        why = f"a stray mark ({lead.group()}) before a number or quote that opens a Korean word: a speck"
        return _flag(0, len(token), 0.6, why, token[lead.end() :])
    stop = _KOREAN_STOP.fullmatch(token)
    if stop is not None and stop.group(2) == "." and _last_tag(stop.group(1)).startswith(("J", "ETM")):
        why = "a full stop after a particle or an adnominal ending, which end no sentence: a speck"
        return _flag(0, len(token), 0.6, why, stop.group(1))
    if stop is not None and stop.group(2) == "," and _past_sentence_end(stop.group(1)):
        why = "a comma after a sentence ending (…다,): a full stop misread?"
        return _flag(0, len(token), 0.6, why, stop.group(1) + ".")
    if last and _KOREAN_END.search(token) and _sentence_end(token):
        why = "a sentence ends its paragraph without a full stop: a mark lost?"
        return _flag(0, len(token), 0.55, why, token + ".")
    if lone and '"' in token:
        why = "a lone straight quote in Korean text set with curly quotes (“…”), many of which came out straight"
        return _flag(0, len(token), 0.6, why + ": a misread mark")
    glued = _HANGUL_APOSTROPHE.search(token)
    closes = glued is not None and _closes(before + token[: glued.start() + 1])
    if glued is not None and not _QUOTE_PARTICLES.fullmatch(glued.group(1)) and not closes:
        fixed = token[: glued.start() + 1] + " " + token[glued.start() + 2 :]
        return _flag(0, len(token), 0.6, "an apostrophe between two Korean words, where a space belongs", fixed)
    if _OPENING_APOSTROPHE.match(token) and not _CLOSING_QUOTE.search(token[1:] + " " + rest):
        return _flag(0, len(token), 0.6, "an opening quote ' that nothing on the line closes (a speck)", token[1:])
    return None


def _closes(head: str) -> bool:
    """Whether the apostrophe after `head` (the line up to it) closes a quote opened before it ('사자'세력이,
    ‘다크 나이트'시사회): an odd number of straight quotes, or a ‘ not yet closed, before it."""
    return head.count("'") % 2 == 1 or head.rfind("‘") > head.rfind("’")


def _sentence_end(token: str) -> bool:
    """True when Kiwi reads the word as ending in a sentence ending (했다, 합니다), not a particle (보다)."""
    return _last_tag(token) == "EF"


def _past_sentence_end(word: str) -> bool:
    """True for a sentence ending in the past or future tense (강조했다, 말했다): no clause goes on after it."""
    from mlkit.korean import kiwi

    if not kiwi.available():
        return False
    tags = [t for _, t in kiwi.analyze(word).morphemes]
    return len(tags) >= 2 and tags[-1] == "EF" and tags[-2] == "EP"


def _label(token: str) -> bool:
    """Whether a word before a colon is a noun, a label the colon introduces ((원제: …), 적정온도:, 번역 :), not a
    sentence (밝혔다:) or a phrase (기술에:) that a colon does not follow."""
    return _last_tag(regex.sub(r"^\W+", "", token[:-1])).startswith("N")


def _last_tag(word: str) -> str:
    """Kiwi's tag of the word's last morpheme ('' without Kiwi)."""
    from mlkit.korean import kiwi

    if not kiwi.available():
        return ""
    morphemes = kiwi.analyze(word).morphemes
    return morphemes[-1][1] if morphemes else ""


def _speck_after(word: str, marks: str, next_token: str) -> bool:
    """A full stop after a function word unless a new sentence follows (at a line end, only after a word that ends
    no sentence: "he can.", "is over.", "waiting for." do); a colon only when the sentence goes on."""
    if marks == ".":
        if not next_token:
            return word in _NEVER_FINAL
        return not (next_token[:1].isupper() or next_token[:1] in "\"“‘'")
    return "!" in marks or "’" in marks or next_token[:1].islower()  # (no quotation ends on the, to)


def _abbreviation(token: str) -> bool:
    """U.S., e.g., a.m., Ph.D.: letters and dots that make an abbreviation, not two words glued by a speck."""
    return bool(_ABBREVIATION.fullmatch(token))


def find_stray_punctuation(doc: Document, stats: DocumentStats | None = None) -> Iterator[Flag]:
    """Marks OCR makes of specks and wide spaces: glued words, leading marks, lone specks, odd marks in words.

    `stats` holds the quote counts over the whole document when `doc` is one window of it.
    """
    text = doc.text
    quotes = QuoteStyle(*stats.quotes) if stats is not None else QuoteStyle.of(text)
    lines = list(_lines(text))
    split = _SPLIT_SPACES.search(text) is None  # str.split then splits where \S+ does
    for k, (line_start, line) in enumerate(lines):
        tokens = line.split() if split else _TOKEN.findall(line)
        checked = [i for i, t in enumerate(tokens) if not (len(t) > 1 and t.isascii() and t.isalpha())]
        if not checked:
            continue  # plain words of two letters or more: no check of `token_flag` flags them
        mixed = '"' in line and ("“" in line or "”" in line)
        korean = not line.isascii() and _HANGUL_START.search(line) is not None
        n, kept = len(tokens), []
        for i in checked:  # (`_quiet`, inline)
            code = _quiet_code(tokens[i])
            if code < 0 or (
                code and (
                    (code & _UNLESS_LOWER_NEXT and i + 1 < n and tokens[i + 1][:1].islower())
                    or (code & _UNLESS_MIXED and mixed) or (code & _UNLESS_KOREAN and korean)
                )
            ):  # fmt: skip
                kept.append(i)
        checked = kept
        if not checked:
            continue
        context = LineContext.of(line, tokens, k + 1 == len(lines) or not lines[k + 1][1].strip(), quotes)
        for i, (start, end) in zip(checked, _token_spans(line, tokens, checked, split), strict=True):
            flag = token_flag(context, i, start, end)
            if flag is not None:
                s = line_start + start
                yield Flag(s + flag.start, s + flag.end, flag.kind, flag.score, flag.reason, flag.suggestion)


@dataclass(slots=True)  # (not frozen: one is made for every line, and a frozen one is slower to make)
class LineContext:
    """What the checks of a token look at on its line: the line, its whitespace tokens, whether it ends its
    paragraph, and facts about its marks (and how the text sets its quotes)."""

    line: str
    tokens: list[str]
    paragraph_end: bool
    quotes: QuoteStyle
    unbalanced: bool
    pipes: int
    last_close: int
    mixed: bool
    korean_line: bool

    @classmethod
    def of(cls, line: str, tokens: list[str], paragraph_end: bool, quotes: QuoteStyle) -> LineContext:
        """The context of `line` split into `tokens`."""
        return cls(
            line, tokens, paragraph_end, quotes,
            unbalanced=line.count("[") != line.count("]"),
            pipes=tokens.count("|"),
            last_close=line.rfind("’"),
            mixed='"' in line and ("“" in line or "”" in line),
            korean_line=not line.isascii() and _HANGUL_START.search(line) is not None,
        )  # fmt: skip


def token_flag(c: LineContext, i: int, start: int, end: int) -> Flag | None:
    """The flag (offsets within the token) of token `i` of a line, found at [start, end) of it, or None."""
    token, line, tokens = c.tokens[i], c.line, c.tokens
    if token == "~" and c.korean_line:
        return None  # a glossary's placeholder for a word, on a line that gives it in both languages (for ~ ~에게)
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    closes = c.last_close > start
    flag = judge_token(token, nxt, c.pipes, closes)
    if flag is None and c.mixed:
        flag = _mixed_quote(token, c.quotes)
    if flag is None and not token.isascii() and _HANGUL_START.search(token):
        lone = c.quotes.straight_misread and line.count('"') == 1  # not one of a pair ("클리퍼 칩"을)
        flag = _korean_marks(token, line[end:], lone, c.paragraph_end and not nxt, line[:start])
    if flag is None and not token.isascii():  # (the quotes _quote_style looks for are not ASCII, nor is Hangul)
        flag = _quote_style(token, 0 <= line.find("‘") < start, c.quotes)
    if flag is None and c.korean_line and _LATIN_AS_DIGITS.search(token) and not _WEB.search(token):
        why = "digits where Korean text has none (a long run with no separator, or digits among marks): Latin"
        flag = _flag(0, len(token), 0.6, why + " letters read by the Korean model?", kind="ocr-digits")
    if flag is None and c.unbalanced and _BRACKET.search(token):
        flag = _flag(0, len(token), 0.6, "a square bracket that nothing on the line matches (a speck)")
    if flag is None and c.paragraph_end and not nxt and _PARAGRAPH_COLON.fullmatch(token):
        flag = _flag(0, len(token), 0.55, "a colon ends the paragraph, introducing nothing (a speck)")
    if flag is None and token in {".", ","} and i and _HANGUL_START.search(tokens[i - 1]):
        flag = _flag(0, 1, 0.6, f"a lone {token} after a Korean word (Korean sets marks close): a speck")
    return flag


# ASCII tokens of a word, a number, a hyphenated compound (well-known, 40-year-old) or an ordinal or decade (2nd,
# 1990s) with at most one quote or bracket before, and a stop or comma and a quote or bracket after (said, Korea.
# "We (DPRK) it's 1,200), or an abbreviation of single letters (U.S., "U.N.): `_quiet` tells which of them no check
# flags. (The standard library's engine: the pattern is ASCII, and it is faster at it.)
_PLAIN_SHAPE = re.compile(
    r"[\"('$]?(?:[A-Za-z]+(?:'[A-Za-z]+)?|\d+(?:[,.]\d+)*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+|\d+[a-z]+)[.,]?[\"')]?"
    r"|[\"(]?(?:[A-Za-z]\.){2,},?[\"')]?"
)


def _quiet(token: str, next_token: str, mixed: bool, korean_line: bool) -> bool:
    """True for a token `token_flag` surely does not flag (most tokens with a mark: said, Korea. "We), told by its
    shape alone, without the dozen patterns; False when a check may flag it (then it is checked in full).

    `mixed`: the line has both straight and curly double quotes; `korean_line`: it has Hangul."""
    code = _quiet_code(token)
    return code >= 0 and not (
        (code & _UNLESS_LOWER_NEXT and next_token[:1].islower()) or (code & _UNLESS_MIXED and mixed)
        or (code & _UNLESS_KOREAN and korean_line)
    )  # fmt: skip


# What `_quiet_code` says besides -1 (checked in full): quiet unless the next token starts lowercase (a full stop
# mid-sentence), unless the line mixes straight and curly double quotes, unless the line has Hangul (digits).
_UNLESS_LOWER_NEXT, _UNLESS_MIXED, _UNLESS_KOREAN = 1, 2, 4


@lru_cache(maxsize=1 << 16)
def _quiet_code(token: str) -> int:
    """-1 when a check may flag the token whatever its context, else the context bits that would make it one
    (`_UNLESS_...`; 0: no check flags it); pure, so kept (a bounded cache: running text repeats its tokens)."""
    if token[-1] in ".," and token[:-1].isalpha() and token.isascii():  # (said, Korea.: most such tokens)
        return _word_and_mark_code(token)
    return _shape_code(token)


def _word_and_mark_code(token: str) -> int:
    """`_shape_code` of an ASCII word and a full stop or comma, without its patterns."""
    low = token[:-1].lower()
    if token[-1] == ",":
        return -1 if low in _NO_COMMA or token[:-1] in _TITLES else 0
    return -1 if low in function_words() or low in _MONTHS else _UNLESS_LOWER_NEXT if len(low) >= 2 else 0


def _shape_code(token: str) -> int:
    """`_quiet_code`, by the token's shape."""
    if _PLAIN_SHAPE.fullmatch(token) is None or (len(token) == 1 and token in _LONE_LETTERS):
        return -1
    low = token.lower()
    if low[-1] == "," and low[:-1] in _NO_COMMA:
        return -1  # (no clause ends on the, of)
    if "-" in token and _no_compound(token) is not None:
        return -1  # (said-the)
    code = 0
    if low[-1] == ".":
        if low.rstrip(".") in function_words():
            return -1  # (no sentence ends on the, of)
        if _STOP_MID_SENTENCE.fullmatch(token) is not None or _NUMBER_STOP.fullmatch(token) is not None:
            code |= _UNLESS_LOWER_NEXT  # (a full stop mid-sentence; not after U.S. or a compound)
        if low.rstrip(".").lstrip("\"('") in _MONTHS:
            return -1  # (February. 2003)
    if '"' in token:
        code |= _UNLESS_MIXED  # (a straight quote on a line of curly ones)
    if not token.isalpha() and any(map(str.isdigit, token)):
        code |= _UNLESS_KOREAN  # (digits in Korean)
    return code


def _token_spans(line: str, tokens: list[str], which: list[int], split: bool) -> Iterator[tuple[int, int]]:
    """(start, end) in `line` of the whitespace tokens numbered `which` (ascending) of `tokens`."""
    if not split:
        spans = [m.span() for m in _TOKEN.finditer(line)]
        yield from (spans[i] for i in which)
        return
    at, after = 0, 0
    for i in which:  # the whole tokens equal to tokens[i] from `at` on: those between (skipped ones) are passed over
        token = tokens[i]
        start = at - 1
        for _ in range(tokens[after:i].count(token) + 1):
            start = line.find(token, start + 1)
            while (start > 0 and not line[start - 1].isspace()) or (
                start + len(token) < len(line) and not line[start + len(token)].isspace()
            ):
                start = line.find(token, start + 1)
        at, after = start + len(token), i + 1
        yield start, at


@dataclass(frozen=True, slots=True)
class QuoteStyle:
    """How a text sets its double quotes, from its counts of straight (") and curly (“ ”) ones."""

    straight: int
    curly: int

    @classmethod
    def of(cls, text: str) -> QuoteStyle:
        """The counts of `text`."""
        return cls(text.count('"'), text.count("“") + text.count("”"))

    @property
    def typed_straight(self) -> bool:
        """Straight quotes are the text's own style: STRAIGHT_STYLE_SHARE of them or more (OCR makes straight quotes
        curly far more often than the reverse)."""
        return self.straight >= STRAIGHT_STYLE_SHARE * (self.straight + self.curly)

    @property
    def straight_misread(self) -> bool:
        """Set with curly quotes, with so many straight ones that OCR has misread curly ones (Korean)."""
        return self.curly > 0 and self.straight >= KOREAN_MISREAD_SHARE * (self.straight + self.curly)

    @property
    def curly_misread(self) -> bool:
        """Typed with straight quotes, with so many curly ones that OCR has misread straight ones (English)."""
        return self.curly > 0 and self.typed_straight and self.curly >= MISREAD_SHARE * (self.straight + self.curly)


def count_quotes(text: str, stats: DocumentStats) -> None:
    """Add the straight and curly double quotes of a window's own stretch to the document's counts."""
    stats.quotes[0] += text.count('"')
    stats.quotes[1] += text.count("“") + text.count("”")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1
