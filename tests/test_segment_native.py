"""The compiled segmentation core gives exactly what the Python reference gives."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit import segment
from mlkit.segment import native, relatives, strays, unknown
from mlkit.segment.langid import LangIdParams
from mlkit.segment.passages import group_passages
from mlkit.segment.runs import Run, candidate_windows, document_runs, scanner, window_runs
from mlkit.segment.scripts import NON_ASCII_LETTER

needs_core = pytest.mark.skipif(not native.available(), reason="the compiled core was not built (no C compiler)")

WORDS = [
    "the", "The", "THE", "of", "and", "Kim", "Jong", "Un", "die", "Bahnhof", "und", "der", "casa", "la", "con",
    "Internet", "patentes", "pour", "avec", "ikke", "dengan", "yang", "tidak", "anak", "của", "được", "người",
    "Việt", "язык", "русский", "українська", "слово", "조선", "민족끼리", "GS이스토어", "東京", "日本語", "ひらがな",
    "カタカナ", "漢字", "ภาษาไทย", "عربي", "&ldquo;", "l’homme", "people's", "well-known", "e\u0301te\u0301",
    "가", "ㄱㅏ", "ǅemal", "İstanbul", "ß", "Ω", "ēkā", "\U00020000字", "𝐀bc", "ー", "x", "A", "n.d.",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ". ", ", ", " (", ") ", " “", "” ", "\t", "\u00a0", " - ", "; ", "&", ";"]

TEXTS = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda parts: "".join(w + s for w, s in parts)
)


def both(fn, *args):  # type: ignore[no-untyped-def]
    """What `fn` gives with the compiled core and with the Python reference."""
    fast = fn(*args)
    with native.pure_python():
        slow = fn(*args)
    return fast, slow


def spans_of(text: str) -> tuple:  # type: ignore[type-arg]
    return segment(text).spans


@needs_core
def test_seeds_segment_the_same_with_the_compiled_core(seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        fast, slow = both(spans_of, text)
        assert fast == slow, name


@pytest.mark.slow
@needs_core
@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_word_soup_segments_the_same(text: str) -> None:
    fast, slow = both(spans_of, text)
    assert fast == slow


@needs_core
@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_segments_the_same(text: str) -> None:
    fast, slow = both(spans_of, text)
    assert fast == slow


@needs_core
@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["en", "de", "ko", "ru", "vi"]))
def test_windows_and_their_runs_are_the_same_for_any_main_language(text: str, main: str) -> None:
    params = LangIdParams()
    fast, slow = both(candidate_windows, text, main, params)
    assert fast == slow
    for lo, hi in fast:
        runs_fast, runs_slow = both(window_runs, text, lo, hi, main, params)
        assert runs_fast == runs_slow


@needs_core
@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_trigger_scan_and_plain_share_are_the_same(text: str) -> None:
    scan = scanner("en")
    fast = scan.triggers(text, 0, len(text), 9.0)
    assert fast == scan.triggers_python(text, 0, len(text), 9.0)
    assert scan.triggers(text, 0, len(text), float("inf")) == scan.triggers_python(text, 0, len(text), float("inf"))


def test_the_compiled_core_is_built_in_ci() -> None:
    """CI machines have a C compiler: there the fast path must be what the other tests exercise."""
    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        pytest.skip("only checked in CI, where a C compiler is known to be present")
    assert native.available(), "mlkit.segment._scan was not built: is a C compiler installed?"


@needs_core
def test_a_long_text_across_scan_blocks_segments_the_same(seed_texts: dict[str, str]) -> None:
    """More than one 256k-character block, with a huge line: block and piece edges agree in both paths."""
    joined = "\n".join(seed_texts.values())
    text = joined * 3 + " ".join(joined.split("\n"))[:300_000]
    fast, slow = both(spans_of, text)
    assert fast == slow


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


@needs_core
@settings(max_examples=300, deadline=None)
@given(st.one_of(STRAY_TEXTS, TEXTS, st.text(max_size=120)))
def test_related_language_sums_are_the_same(text: str) -> None:
    model = relatives.load_model()
    assert model is not None
    for group in (*model.groups, model.detector):
        assert group is not None
        fast, slow = both(relatives._sums, group, text)
        assert fast == slow
        for lang in group.langs:
            assert both(relatives.decide, text, lang) == (relatives.decide(text, lang),) * 2


@needs_core
@settings(max_examples=300, deadline=None)
@given(STRAY_TEXTS)
def test_unknown_word_candidates_are_the_same(text: str) -> None:
    with native.pure_python():
        runs = document_runs(text, "en", LangIdParams())
    fast, slow = both(lambda t: strays.find_strays(t, runs, "en"), text)
    assert fast == slow
    found = unknown.scanner("en").triggers_python(text, 0, len(text), unknown.COST).stretches
    known = unknown.known_words("en")
    assert both(strays._hits, text, runs, "en", found, known) == (strays._hits(text, runs, "en", found, known),) * 2


@needs_core
@settings(max_examples=400, deadline=None)
@given(st.one_of(STRAY_TEXTS, TEXTS, st.text(alphabet="AKNPaeghimnou_0 .\n-é\u0301’", max_size=80),
                 st.lists(st.sampled_from(["Nampho", "Kim", "Jo", "KIM", "Kim2", "_Kim", "KimBo", "(Paduk)", "x",
                                           " ", " ", ", ", "\n", "-", "."]), max_size=40).map("".join)),
       st.integers(0, 40), st.integers(0, 120))
def test_capitalised_words_and_word_counts_match_the_regex_and_split(text: str, lo: int, hi: int) -> None:
    core = native.core()
    assert core is not None
    found = core.capitalised(text, lo, hi)
    if found is not None:  # None: a non-ASCII neighbour, where the regex decides
        assert found == strays.CAPITALISED.findall(text[lo:hi])
    assert core.count_words(text, lo, hi) == len(text[lo:hi].split())
    assert core.count_foreign(native.char_table(), text, lo, hi) == len(NON_ASCII_LETTER.findall(text[lo:hi]))


@st.composite
def texts_with_runs(draw: st.DrawFn) -> tuple[str, list[Run]]:
    """A text of words, blank lines and numbering, cut into runs of a few languages at random."""
    text = draw(st.lists(st.sampled_from(["word", "말", "Wort", " ", " ", "\n", "\n\n", "\n\n\n", "1.", "(a)", ", ",
                                          "a line of words that goes on", "끝"]), min_size=1, max_size=40).map("".join))
    # cuts at line and word ends as well as anywhere
    ends = [i for i, c in enumerate(text) if c in " \n"]
    cuts = sorted(draw(st.sets(st.one_of(st.integers(0, len(text)), st.sampled_from(ends or [0])), max_size=24)))
    runs = []
    for a, b in zip(cuts, cuts[1:]):  # noqa: B905 (neighbours)
        if b > a:
            runs.append(Run(a, b, draw(st.sampled_from(["en", "en", "ko", "de", "fr"])),
                            draw(st.sampled_from(["Latin", "Hangul"])), draw(st.floats(0.5, 1.0)),
                            draw(st.integers(0, 6))))
    return text, runs


@needs_core
@settings(max_examples=400, deadline=None)
@given(texts_with_runs())
def test_passages_are_grouped_the_same(case: tuple[str, list[Run]]) -> None:
    text, runs = case
    assert both(group_passages, text, runs, "en") == (group_passages(text, runs, "en"),) * 2


@needs_core
def test_passages_across_blank_lines_join_at_the_same_lengths() -> None:
    """Around the prose length that lets a passage go on across empty lines, both paths decide alike."""
    for size in range(36, 48):
        for blank in ("\n\n", "\n\n\n", "\n\n\n\n"):
            first = "가" * size
            text = f"{first}{blank}나다\n"
            runs = [Run(0, size, "ko", "Hangul", 0.9, 3), Run(size + len(blank), size + len(blank) + 2, "ko", "Hangul",
                                                               0.7, 1)]
            fast, slow = both(group_passages, text, runs, "en")
            assert fast == slow
            assert len(fast) == (1 if size >= 40 and blank != "\n\n\n\n" else 2)


@needs_core
def test_word_sums_keep_words_of_different_widths_apart() -> None:
    """"aa" and "䅁" (U+4141) share their bytes at different widths; the core's memo must not confuse them."""
    model = relatives.load_model()
    assert model is not None and model.detector is not None
    for text in ("aa", "䅁", "aa 䅁 ā", "ā aa", "𝐚𝐚 aa"):
        fast, slow = both(relatives._sums, model.detector, text)
        assert fast == slow, text


def _word_rows(words: list[str]) -> list[list[float]]:
    return [[float(len(w)), float(ord(w[0])) / 7.0] for w in words]


@needs_core
def test_word_sums_stay_right_when_the_memo_starts_afresh() -> None:
    """A memo of four words, fed texts of more: every text still sums the rows of all its words."""
    core = native.core()
    assert core is not None
    summer = core.Summer(native.char_table(), 2, _word_rows, 4)
    texts = ["one two three", "four five six seven", "one four eight", "nine ten one two three four", "ten"]
    largest = 4  # the memo holds at most its limit, or the words of one text when a text has more
    for text in texts * 2:
        words = relatives.WORD.findall(text)
        expected = _word_rows(words)
        acc = expected[0]
        for row in expected[1:]:
            acc = [a + b for a, b in zip(acc, row, strict=True)]
        assert summer.sums(text) == (len(words), tuple(acc)), text
        largest = max(largest, len(set(words)))
        assert summer.remembered() <= largest


def test_python_word_memo_starts_afresh_without_losing_words(monkeypatch: pytest.MonkeyPatch) -> None:
    model = relatives.load_model()
    assert model is not None and model.detector is not None
    texts = ["one two three", "four five six seven", "one four eight nine", "ten one two"]
    with native.pure_python():
        expected = [relatives._sums(model.detector, t) for t in texts]
        monkeypatch.setattr(relatives, "MEMO_WORDS", 4)
        model.detector.memo.clear()
        assert [relatives._sums(model.detector, t) for t in texts] == expected
