"""The compiled segmentation core on real and generated text: block and window edges, passages, the word sums
of the related-language step, and its small text functions against the regex or `str.split` they stand for."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit import segment
from mlkit.segment import langid, native, relatives, runs, strays
from mlkit.segment.langid import LangIdParams
from mlkit.segment.passages import group_passages
from mlkit.segment.runs import Run
from mlkit.segment.scripts import NON_ASCII_LETTER

ASCII_LETTER = re.compile("[A-Za-z]")  # what str.isalpha() accepts among ASCII characters

WORDS = [
    "the", "The", "THE", "of", "and", "Kim", "Jong", "Un", "die", "Bahnhof", "und", "der", "casa", "la", "con",
    "Internet", "patentes", "pour", "avec", "ikke", "dengan", "yang", "tidak", "anak", "của", "được", "người",
    "Việt", "язык", "русский", "українська", "слово", "조선", "민족끼리", "GS이스토어", "東京", "日本語", "ひらがな",
    "カタカナ", "漢字", "ภาษาไทย", "عربي", "&ldquo;", "l’homme", "people's", "well-known", "e\u0301te\u0301",
    "가", "ㄱㅏ", "ǅemal", "İstanbul", "ß", "Ω", "ēkā", "\U00020000字", "𝐀bc", "ー", "x", "A", "n.d.",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ". ", ", ", " (", ") ", " “", "” ", "\t", "\u00a0", " - ", "; ", "&", ";"]
TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def foreign(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int, str]]:
    """The passages of `text` in [lo, hi), shifted to start at lo."""
    hi = len(text) if hi is None else hi
    return [(s.start - lo, s.end - lo, s.lang) for s in segment(text).spans
            if s.kind == "passage" and lo <= s.start and s.end <= hi]


def test_the_core_is_built() -> None:
    """The package installs with its compiled core: there is no other implementation to fall back on."""
    assert native.core.__name__ == "mlkit.segment._scan"
    assert native.core.MAX_LANGS >= len(runs.language_index("en"))


def test_a_long_text_finds_in_every_copy_of_the_seeds_what_it_finds_in_them_alone(seed_texts: dict[str, str]) -> None:
    """More than one 256k-character scan block and a line longer than a window: every copy of the seeds, at
    any block edge, gets the passages the seeds get on their own."""
    joined = "\n\n".join(seed_texts.values())
    copies = 1 + 2 * runs.BLOCK // len(joined)
    text = "\n\n".join([joined] * copies)
    alone = foreign(joined)
    assert alone
    for k in range(copies):
        lo = k * (len(joined) + 2)
        assert foreign(text, lo, lo + len(joined)) == alone, k
    line = " ".join(joined.split("\n"))[: 3 * runs.MAX_WINDOW]
    spans = segment(line).spans
    assert spans and all(0 <= s.start < s.end <= len(line) for s in spans)
    assert any(s.lang == "ko" for s in spans)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["en", "de", "ko", "ru", "vi"]))
def test_windows_cover_every_letter_of_another_script_and_their_runs_stay_inside(text: str, main: str) -> None:
    params = LangIdParams()
    windows = runs.candidate_windows(text, main, params)
    assert windows == sorted(windows)
    assert all(b < c for (_, b), (c, _) in zip(windows, windows[1:], strict=False))
    for m in NON_ASCII_LETTER.finditer(text):
        assert any(lo <= m.start() < hi for lo, hi in windows), m
    for lo, hi in windows:
        found = runs.window_runs(text, lo, hi, main, params)
        assert all(lo <= r.start < r.end <= hi for r in found)
        assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_more_languages_than_one_machine_word_holds(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With languages past the 64th (codes that sort first push the real ones there), the HMM labels as before."""
    text = ("The delegation met in Pyongyang. 조선민족끼리 우리 민족 Die Bahnhofstraße ist heute gesperrt, "
            "sagte der Sprecher der Stadt. They left on Tuesday.")
    before = segment(text).spans
    real = runs.language_index

    def wide(main: str) -> tuple[str, ...]:
        return tuple(sorted({*real(main), *(f"a{i:02d}" for i in range(70 - len(real(main))))}))

    monkeypatch.setattr(runs, "language_index", wide)
    runs._runner.cache_clear()
    try:
        assert len(wide("en")) > 64
        assert segment(text).spans == before
    finally:
        runs._runner.cache_clear()


@given(st.floats(allow_nan=False))
def test_confidence_rises_from_one_half_to_one_with_the_evidence(log_odds: float) -> None:
    got = langid.confidence(log_odds)
    assert got == round(1.0 - 0.5 * math.exp(-max(log_odds, 0.0) / 3.0), 4)
    assert 0.5 <= got <= 1.0
    assert langid.confidence(log_odds + 1.0) >= got


def test_neighbouring_runs_of_one_language_merge_across_neutral_characters_only() -> None:
    text = "Guten Tag, 1999 - und dann\nHallo x"
    parts = [Run(0, 9, "de", "Latin", 0.9, 2), Run(11, 26, "de", "Latin", 0.8, 3, 1.5),
             Run(27, 32, "de", "Latin", 0.7, 1), Run(33, 34, "en", "Latin", 1.0, 1)]
    merged = runs.merge_runs(text, parts, "en")
    # across one line break a foreign pair joins; never across a letter or into another language
    assert merged == [Run(0, 32, "de", "Latin", 0.7, 6, 1.5), Run(33, 34, "en", "Latin", 1.0, 1)]
    blank = "Guten Tag, 1999 - und dann\n\nHallo x"  # an empty line: a foreign pair stays apart
    apart = [parts[0], parts[1], parts[2]._replace(start=28, end=33)]
    assert runs.merge_runs(blank, apart, "en") == [Run(0, 26, "de", "Latin", 0.8, 5, 1.5), apart[2]]


# Words for the related-language and unknown-word steps: relatives of one group, words no list knows (some
# romanised Korean, next to Korean place names), and the neighbours that make a word not stand alone.
STRAY_WORDS = [
    "the", "of", "and", "in", "a", "herstellungsmethoden", "pragmentong", "kulloja", "paduk", "juche",
    "tidak", "dengan", "yang", "anak", "sudah", "belum", "casa", "cosa", "então", "perché", "niet", "nicht",
    "café", "e\u0301te\u0301", "Nampho", "Chollima", "Paduk", "Songun", "İstanbul", "straße", "l’homme",
    "don't", "x.y", "a-b", "user@host", "`quoted`", "’tis", "#tag", "3rd", "ΣΟΦΙΑ", "σοφια", "ǅemal",
]
STRAY_SEPARATORS = [" ", " ", " ", "\n", ". ", ", ", "-", "'", "’", "/", ".", "@", "&", "_", "` "]
STRAY_TEXTS = st.lists(st.tuples(st.sampled_from(STRAY_WORDS), st.sampled_from(STRAY_SEPARATORS)),
                       max_size=50).map(lambda parts: "".join(w + s for w, s in parts))


def _sequential_sum(rows: list[list[float]]) -> tuple[float, ...]:
    acc = rows[0]
    for row in rows[1:]:
        acc = [a + b for a, b in zip(acc, row, strict=True)]
    return tuple(acc)


@settings(max_examples=200, deadline=None)
@given(st.one_of(STRAY_TEXTS, TEXTS, st.text(max_size=120)))
def test_related_language_sums_are_the_rows_of_the_words_summed_in_order(text: str) -> None:
    model = relatives.load_model()
    assert model is not None and model.detector is not None
    for group in (*model.groups[:2], model.detector):
        clipped = text[: relatives.MAX_CHARS].lower()
        words = relatives.words(clipped)
        n, sums = relatives._sums(group, text)
        assert n == len(words)
        if words:
            expected = _sequential_sum(relatives._rows(group, words))
            if group.bias:
                expected = tuple(e + b for e, b in zip(expected, group.bias, strict=True))
            assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9) for a, b in zip(sums, expected, strict=True))


def test_word_sums_keep_words_of_different_widths_apart() -> None:
    """"aa" and "䅁" (U+4141) share their bytes at different widths; the core's memo must not confuse them."""
    model = relatives.load_model()
    assert model is not None and model.detector is not None
    group = model.detector
    for text in ("aa", "䅁", "aa 䅁 ā", "ā aa", "𝐚𝐚 aa"):
        words = relatives.words(text.lower())
        assert relatives._sums(group, text)[1] == _sequential_sum(relatives._rows(group, words)), text


def _word_rows(words: list[str]) -> list[list[float]]:
    return [[float(len(w)), float(ord(w[0])) / 7.0] for w in words]


def test_word_sums_stay_right_when_the_memo_starts_afresh() -> None:
    """A memo of four words, fed texts of more: every text still sums the rows of all its words."""
    summer = native.core.Summer(native.char_table(), 2, _word_rows, 4)
    texts = ["one two three", "four five six seven", "one four eight", "nine ten one two three four", "ten"]
    largest = 4  # the memo holds at most its limit, or the words of one text when a text has more
    for text in texts * 2:
        words = relatives.WORD.findall(text)
        assert summer.sums(text) == (len(words), _sequential_sum(_word_rows(words))), text
        largest = max(largest, len(set(words)))
        assert summer.remembered() <= largest


@settings(max_examples=300, deadline=None)
@given(STRAY_TEXTS)
def test_stray_words_stand_alone_lower_case_and_unknown(text: str) -> None:
    found = runs.scanner("en").triggers(text, 0, len(text), math.inf, False).companion or []
    doc_runs = runs.document_runs(text, "en", LangIdParams())
    known = strays.unknown.known_words("en")
    hits = strays._hits(text, doc_runs, "en", found, known)
    for k, words in hits.items():
        run = doc_runs[k]
        assert run.lang == "en" and run.script == "Latin"
        for a, b in words:
            word = text[a:b]
            assert run.start <= a < b <= run.end
            assert word.islower() and word.isalpha() and len(word) >= strays.unknown.MIN_LETTERS
            assert word not in known
            assert not (a > 0 and (text[a - 1].isalnum() or text[a - 1] in "_@./\\'’&#-"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(STRAY_TEXTS, TEXTS, st.text(alphabet="AKNPaeghimnou_0 .\n-é\u0301’", max_size=80),
                 st.lists(st.sampled_from(["Nampho", "Kim", "Jo", "KIM", "Kim2", "_Kim", "KimBo", "(Paduk)", "x",
                                           " ", " ", ", ", "\n", "-", "."]), max_size=40).map("".join)),
       st.integers(0, 40), st.integers(0, 120))
def test_capitalised_words_and_word_counts_match_the_regex_and_split(text: str, lo: int, hi: int) -> None:
    core = native.core
    found = core.capitalised(text, lo, hi)
    if found is not None:  # None: a non-ASCII neighbour, where the regex decides
        assert found == strays.CAPITALISED.findall(text[lo:hi])
    assert core.count_words(text, lo, hi) == len(text[lo:hi].split())
    assert core.count_letters(native.char_table(), text, lo, hi) == (len(ASCII_LETTER.findall(text[lo:hi])),
                                                                      len(NON_ASCII_LETTER.findall(text[lo:hi])))


@st.composite
def texts_with_runs(draw: st.DrawFn) -> tuple[str, list[Run]]:
    """A text of words, blank lines and numbering, cut into runs of a few languages at random."""
    text = draw(st.lists(st.sampled_from(["word", "말", "Wort", " ", " ", "\n", "\n\n", "\n\n\n", "1.", "(a)", ", ",
                                          "a line of words that goes on", "끝"]), min_size=1, max_size=40).map("".join))
    # cuts at line and word ends as well as anywhere
    ends = [i for i, c in enumerate(text) if c in " \n"]
    cuts = sorted(draw(st.sets(st.one_of(st.integers(0, len(text)), st.sampled_from(ends or [0])), max_size=24)))
    found = []
    for a, b in zip(cuts, cuts[1:]):  # noqa: B905 (neighbours)
        if b > a:
            found.append(Run(a, b, draw(st.sampled_from(["en", "en", "ko", "de", "fr"])),
                             draw(st.sampled_from(["Latin", "Hangul"])), draw(st.floats(0.5, 1.0)),
                             draw(st.integers(0, 6))))
    return text, found


@settings(max_examples=400, deadline=None)
@given(texts_with_runs())
def test_passages_start_and_end_at_foreign_runs_and_never_overlap(case: tuple[str, list[Run]]) -> None:
    text, found = case
    passages = group_passages(text, found, "en")
    starts = {r.start for r in found if r.lang != "en"}
    ends = {r.end for r in found if r.lang != "en"}
    assert len(passages) >= (1 if starts else 0)
    for p in passages:
        assert p.lang != "en" and p.start in starts and p.end in ends
        assert 0.5 <= p.confidence <= 1.0
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:], strict=False))
    own = {(r.start, r.end) for r in found if r.lang != "en"}
    assert all(any(p.start <= a and b <= p.end for p in passages) for a, b in own)


def test_passages_go_on_across_blank_lines_only_after_prose() -> None:
    """Across one or two empty lines a passage goes on when one side is prose (40 characters or more)."""
    for size in range(36, 48):
        for blank in ("\n\n", "\n\n\n", "\n\n\n\n"):
            first = "가" * size
            text = f"{first}{blank}나다\n"
            found = [Run(0, size, "ko", "Hangul", 0.9, 3),
                     Run(size + len(blank), size + len(blank) + 2, "ko", "Hangul", 0.7, 1)]
            passages = group_passages(text, found, "en")
            assert len(passages) == (1 if size >= 40 and blank != "\n\n\n\n" else 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["en", "ko", "de"])), max_size=12),
       st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from(["ko", "de"])), max_size=6))
def test_runs_and_passages_become_spans_in_the_order_of_their_start_passages_first(runs_at: list,
                                                                                     passages_at: list) -> None:
    from mlkit.document import Span
    from mlkit.segment.passages import Passage

    rows = [Run(a, b, lang, "Latin", 0.75, 1) for a, b, lang in runs_at]
    passages = [Passage(a, b, lang, "Latin", 0.5) for a, b, lang in passages_at]
    spans = native.core.spans(rows, passages, Span)
    expected = [Span(r.start, r.end, r.lang, r.script, "run", r.confidence) for r in rows]
    expected += [Span(p.start, p.end, p.lang, p.script, "passage", p.confidence) for p in passages]
    expected.sort(key=lambda s: (s.start, s.kind != "passage", s.end))  # stable: equal keys keep their order
    assert spans == tuple(expected) and all(type(s) is Span for s in spans)
