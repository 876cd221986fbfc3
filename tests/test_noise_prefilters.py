"""The noise detectors' first filters never hide a token a check would flag: on real English lines mixed with
noise, each fast path gives what the plain loop over every token gives (mlkit.noise.base.tokens_with, the
punctuation checks, the English lexicon's common-word filter and precomputed tables, the real-word detector's
reading of the lexicon's words)."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from functools import cache
from itertools import accumulate

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlkit.document import Document, Flag
from mlkit.noise import english, punctuation, realword
from mlkit.noise.base import DIGIT, NON_ASCII, tokens_with
from mlkit.segment import segment
from tests.conftest import shared_data

TOKEN = regex.compile(r"\S+")
# What OCR and scraping put into English text: digits for letters, marks, quotes, entities, Hangul, look-alike
# Cyrillic, mojibake, odd spaces (str.split splits at \x1c-\x1f, \S+ does not), control characters, digits and
# numbers outside ASCII.
NOISE = [
    *"0123456789.,:;|`^~¦'\"“”‘’-–—()[]&#@_/\\",
    "&amp;", "&ntilde;", "’s", "-\n", "\n", "\n\n", " a ", " I ", " the ", " , ", " . ", "가", "다.", "ㄱ", "а", "е",
    "Ã©", "â€™", "é", "\u3000", "\xa0", "\x1c", "\x1f", "\t", "\x07", "\ufffd", "rn", "cl", "tbe", "inthe", "Tureday",
    "٣", "²",
]  # fmt: skip


@cache
def real_lines() -> tuple[str, ...]:
    """English lines of kpc-nk test (never the dev text the benchmarks time)."""
    with shared_data("kpc-nk/northkorean-english.test.en").open(encoding="utf-8") as fh:
        return tuple(line.rstrip("\n") for _, line in zip(range(400), fh, strict=False))


@st.composite
def noisy_text(draw: st.DrawFn) -> str:
    """A few real lines with noise inserted at random places."""
    lines = real_lines()
    picked = draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=4))
    text = "\n".join(lines[k] for k in picked) + draw(st.sampled_from(["", "\n"]))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
    return text


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(noisy_text(), st.sampled_from([DIGIT, NON_ASCII]))
def test_tokens_with_is_every_token_holding_such_a_character(text: str, chars: regex.Pattern[str]) -> None:
    plain = [m.span() for m in TOKEN.finditer(text) if chars.search(m.group())]
    assert [m.span() for m in tokens_with(text, chars)] == plain


def plain_punctuation(text: str) -> list[Flag]:
    """The punctuation checks of every whitespace token (none skipped), with its offsets from \\S+."""
    quotes = punctuation.QuoteStyle.of(text)
    lines = list(punctuation._lines(text))
    out = []
    for k, (line_start, line) in enumerate(lines):
        spans = [m.span() for m in TOKEN.finditer(line)]
        tokens = [line[a:b] for a, b in spans]
        context = punctuation.LineContext.of(line, tokens, k + 1 == len(lines) or not lines[k + 1][1].strip(), quotes)
        for i, (a, b) in enumerate(spans):
            flag = punctuation.token_flag(context, i, a, b)
            if flag is not None:
                s = line_start + a
                out.append(Flag(s + flag.start, s + flag.end, flag.kind, flag.score, flag.reason, flag.suggestion))
    return out


@SETTINGS
@given(noisy_text())
def test_punctuation_skips_no_token_a_check_would_flag(text: str) -> None:
    assert list(punctuation.find_stray_punctuation(Document(text=text))) == plain_punctuation(text)


def plain_english(doc: Document) -> list[Flag]:
    """The English lexicon's verdict on every word (no common-word filter), as judge's callers first asked it."""
    text = doc.text
    matches = english.english_words(doc)
    counts = Counter(m.group().lower() for m in matches)
    breaks = [m.start() for m in regex.finditer(r"\n", text)]
    lines = [bisect.bisect_left(breaks, m.start()) for m in matches]
    caps: Counter[int] = Counter()
    total: Counter[int] = Counter()
    for m, line in zip(matches, lines, strict=True):
        if m.group().lower() not in punctuation.function_words():
            total[line] += 1
            caps[line] += m.group()[:1].isupper()
    titles = {line for line, n in total.items() if n >= 3 and caps[line] >= english.TITLE_SHARE * n}
    out = []
    words, starts = [m.group() for m in matches], [m.start() for m in matches]
    for k, (m, line) in enumerate(zip(matches, lines, strict=True)):
        if english._by_entity(text, m.start(), m.end()):
            continue
        if text[m.start() - 1 : m.start()] == "-" and english._given_syllable(words, starts, k):
            continue  # the second syllable of a hyphened given name (Myung-bak): not judged, by design
        piece = text[max(0, m.start() - 2) : m.start()] == "-\n"
        names = line in titles or m.group().endswith(("'s", "’s"))
        for part in english._PARTS.finditer(m.group()):
            word = part.group()
            flag = english.judge.__wrapped__(word, counts[m.group().lower()] > 1, names, piece)
            if flag is not None:
                s = m.start() + part.start()
                out.append(Flag(s + flag.start, s + flag.end, flag.kind, flag.score, flag.reason, flag.suggestion))
    return out


@SETTINGS
@given(noisy_text())
def test_english_lexicon_filters_hide_no_flag(text: str) -> None:
    doc = segment(Document(text=text))
    assert list(english.find_english_lexicon(doc)) == plain_english(doc)


BOILERPLATE = [
    "More From Yonhap", "  more articles ", "View more from NK News:", "Related posts :", "Read more",
    "Share this story", "Tweet", "Popular posts from this blog", "Nhận xét", "The post X appeared first on Y",
]  # fmt: skip


@SETTINGS
@given(noisy_text() | st.sampled_from(BOILERPLATE))
def test_boilerplate_alternation_matches_where_a_pattern_does(text: str) -> None:
    from mlkit.noise import scrape

    for line in text.split("\n"):
        assert scrape._any(line) == any(rx.fullmatch(line) for rx, _, _ in scrape.boilerplate())


@SETTINGS
@given(noisy_text(), st.booleans())
def test_a_quiet_token_is_one_no_punctuation_check_flags(text: str, curly: bool) -> None:
    quotes = punctuation.QuoteStyle(3, 1) if curly else punctuation.QuoteStyle.of(text)
    for line in text.split("\n"):
        spans = [m.span() for m in TOKEN.finditer(line)]
        tokens = [line[a:b] for a, b in spans]
        context = punctuation.LineContext.of(line, tokens, True, quotes)
        for i, (a, b) in enumerate(spans):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if punctuation._quiet(tokens[i], nxt, context.mixed, context.korean_line):
                assert punctuation.token_flag(context, i, a, b) is None, tokens[i]


def test_quiet_tokens_are_most_tokens_with_a_mark_and_none_that_is_flagged() -> None:
    quiet = [("said,", "the"), ("Korea.", "The"), ('"We', "are"), ("(DPRK)", "and"), ("it's", "a"), ("1,200", "")]
    quiet += [("well-known", "a"), ("40-year-old", "man"), ("1990s.", "the"), ("U.S.", "officials"), ("(U.N.)", "")]
    assert all(punctuation._quiet(t, n, False, False) for t, n in quiet)
    loud = [("the,", "a"), ("said.", "that"), ("of.", "The"), ("b", "c"), ('"We', "are"), ("10545", "")]
    loud += [("said-the", "a"), ("stand-by", "a"), ("U.S..", "a"), ("2nd", "")]
    assert not any(punctuation._quiet(t, n, t == '"We', t in ("10545", "2nd")) for t, n in loud)


# Tokens of the shapes `_quiet` sets aside (words, numbers, compounds, ordinals, abbreviations) and of the ones
# next to them that a check flags (the, by and of in compounds, two stops, colons), with marks before and after.
SHAPE_WORDS = ["the", "said", "by", "of", "Kim", "well", "a", "i", "9", "1990s", "2nd", "1,200", "3.5", "10545"]
SHAPE_CORES = [
    *SHAPE_WORDS, *(f"{a}-{b}" for a in SHAPE_WORDS[:7] for b in SHAPE_WORDS[:7]), "40-year-old", "U.S", "U.S.", "a.m.",
    "Ph.D", "I.", "S", "D",
]  # fmt: skip
SHAPE_LEADS = ["", '"', "(", "'", "$", "“", "-", ".", '("']
SHAPE_TAILS = ["", ".", ",", '"', ")", ".)", '."', ",'", "..", ":", ";", "’", ".,"]


def test_a_token_of_a_quiet_shape_is_one_no_check_flags() -> None:
    """Every token of those shapes, before every kind of next token, on lines with every quote style."""
    for lead, core, tail in itertools.product(SHAPE_LEADS, SHAPE_CORES, SHAPE_TAILS):
        token = lead + core + tail
        for nxt, rest, last in (("the", "", False), ("The", '"', True), ("", "", True), ("1", "“", False)):
            line = " ".join(x for x in ("He", token, nxt, rest) if x)
            tokens = line.split()
            korean = line + " 가"
            styles = (punctuation.QuoteStyle.of(line), punctuation.QuoteStyle(3, 1), punctuation.QuoteStyle(1, 3))
            for text, quotes in ((line, styles[0]), (line, styles[2]), (korean, styles[1])):
                context = punctuation.LineContext.of(text, text.split(), last, quotes)
                if punctuation._quiet(token, tokens[2] if len(tokens) > 2 else "", context.mixed, context.korean_line):
                    assert punctuation.token_flag(context, 1, 3, 3 + len(token)) is None, (token, nxt, text)


def test_a_flagged_token_after_a_quiet_equal_one_gets_its_own_offsets() -> None:
    text = "He said. Then he said. and left"  # the first `said.` is quiet, the second a full stop mid-sentence
    flags = list(punctuation.find_stray_punctuation(Document(text=text)))
    assert [(f.start, f.end) for f in flags] == [(17, 22)] == [(f.start, f.end) for f in plain_punctuation(text)]


@SETTINGS
@given(noisy_text())
def test_english_word_starts_are_the_words_and_starts_of_english_words(text: str) -> None:
    doc = segment(Document(text=text))
    matches = english.english_words(doc)
    assert english.english_word_starts(doc) == ([m.group() for m in matches], [m.start() for m in matches])


@SETTINGS
@given(noisy_text())
def test_ascii_chunks_cut_the_text_at_line_starts_into_ascii_lines_and_others(text: str) -> None:
    chunks = english._ascii_chunks(text)
    assert "".join(c for _, c in chunks) == text
    assert all(text.startswith(c, at) and (at == 0 or text[at - 1] == "\n") for at, c in chunks)
    assert all(c.isascii() or "\n" not in c.rstrip("\n") for _, c in chunks)  # (a line with others stands alone)


def plain_weighed(doc: Document) -> list[tuple[int, int, str, str | None, str | None]]:
    """The real-word detector's words and neighbours as it first found them: its own split of the whole text
    (words at the odd places, the gaps between them at the even ones), every word of it looked at."""
    text = doc.text
    starts, ends = realword._english_runs(doc)
    pieces = realword._SPLIT.split(text)
    words = pieces[1::2]
    at_word = list(accumulate(map(len, pieces)))[: 2 * len(words) : 2]
    gap = regex.compile(r"[ \t]+|[ \t]*\n[ \t]*")

    def neighbour(word: str, between: str) -> str | None:
        return word.lower() if gap.fullmatch(between) else None

    out = []
    for k, word in enumerate(words):
        at, end = at_word[k], at_word[k] + len(word)
        run = bisect.bisect_right(starts, at) - 1
        if word not in realword._judged() or run < 0 or end > ends[run]:
            continue
        if word in english.accepted_terms() or realword._glued(text, at, end):
            continue
        before = neighbour(words[k - 1], pieces[2 * k]) if k and at_word[k - 1] >= starts[run] else None
        after = (
            neighbour(words[k + 1], pieces[2 * k + 2])
            if k + 1 < len(words) and at_word[k + 1] + len(words[k + 1]) <= ends[run]
            else None
        )
        out.append((at, end, word, before, after))
    return out


# Real-word neighbours that the lexicon's split and the whole text's split could read apart: words glued to
# digits, accents and apostrophes, marks and line breaks between them (the, of, will, not are weighed words).
NEIGHBOURS = [*NOISE, "2nd", "1990s", "a9", "9x'", "naïve", "don't", "x''", "’s", " \n ", "\n\n", "\t", " will ",
              " not ", " the ", " of ", "Café ", " wall ", " hot "]  # fmt: skip


@st.composite
def neighbour_text(draw: st.DrawFn) -> str:
    """Real lines with the pieces of NEIGHBOURS inserted at random places."""
    lines = real_lines()
    picked = draw(st.lists(st.integers(0, len(lines) - 1), min_size=1, max_size=3))
    text = "\n".join(lines[k] for k in picked)
    for _ in range(draw(st.integers(0, 16))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NEIGHBOURS)) + text[at:]
    return text


@SETTINGS
@given(neighbour_text())
def test_real_words_read_from_the_lexicons_split_are_those_of_the_texts_own_split(text: str) -> None:
    doc = segment(Document(text=text))
    assert list(realword.weighed(doc)) == plain_weighed(doc)


def plain_markup(text: str) -> list[tuple[int, int, str]]:
    """The markup detector's headings and HTML as every position of the text is tried for them."""
    from mlkit.noise import layout

    return [(m.start(), m.end(), m.group()) for rx in (layout._HEADING, layout._HTML) for m in rx.finditer(text)]


MARKUP = ["<b>", "</p>", "<br/>", "<a href='x&amp;y'>", "&amp;", "&#8217;", "&x;", "&", "<", "# ", "\n# ", "\n## ",
          "\n####### ", "#", "\n> ", "\n\n  > ", ">"]  # fmt: skip


@SETTINGS
@given(noisy_text(), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(MARKUP)), max_size=8))
def test_markup_tried_where_its_marks_stand_is_markup_found_everywhere(text: str, inserts: list) -> None:
    from mlkit.noise import layout

    for at, piece in inserts:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    found = sorted((f.start, f.end) for f in layout.find_markup(Document(text=text)) if f.reason.startswith(("HTML",
                   "markdown marker")))  # fmt: skip
    assert found == sorted((a, b) for a, b, _ in plain_markup(text))


JAMO = ["ㄱ", "ㅋㅋ", "가ㄱ", "ㄱ가", "\u1100\u1161", "\u1100", "\ud7b0", "\n", "é"]


@SETTINGS
@given(noisy_text(), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(JAMO)), max_size=8))
def test_jamo_looked_for_in_lines_with_other_characters_are_the_jamo_of_the_text(text: str, inserts: list) -> None:
    from mlkit.noise import chars

    for at, piece in inserts:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    found = [(f.start, f.end) for f in chars.find_jamo(Document(text=text))]
    assert found == [m.span() for rx in (chars._CONJOINING, chars._COMPAT_JAMO) for m in rx.finditer(text)]


def test_a_word_and_a_mark_get_the_code_their_shape_gets() -> None:
    words = [*punctuation.function_words(), *punctuation._NO_COMMA, *"aAbIxZ", "said", "Korea", "KCNA", "it's"]
    for word in {*words, *(w.upper() for w in words), *(w.title() for w in words)}:
        for token in (word + ".", word + ","):
            if token[:-1].isalpha() and token.isascii():
                assert punctuation._word_and_mark_code(token) == punctuation._shape_code(token), token
