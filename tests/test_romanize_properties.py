"""Properties of romanize on any input: ASCII unchanged, edges cover the input, translit round-trips, no errors."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.romanize import SYSTEMS, romanize, to_hangul

HANGUL = st.integers(0xAC00, 0xD7A3).map(chr)
KOREAN_TEXT = st.lists(st.one_of(HANGUL, st.sampled_from([" ", "\n", ".", "1", "a"])), max_size=30).map("".join)
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        HANGUL,
        st.sampled_from(list("ㄱㅏㅀᄀ한漢字かな😀\x00\u200b")),
    ),
    max_size=40,
)
FAST = settings(max_examples=40, deadline=None)


def assert_edges_cover(source: str, system: str) -> None:
    result = romanize(source, system)
    src = out = 0
    for edge in result.edges:
        assert edge.src_start == src and edge.out_start == out
        assert edge.src_end >= edge.src_start and edge.out_end >= edge.out_start
        src, out = edge.src_end, edge.out_end
    assert src == len(source)
    assert "".join(result.text[e.out_start : e.out_end] for e in result.edges) == result.text
    assert out == len(result.text)


@pytest.mark.parametrize("system", SYSTEMS)
@FAST
@given(text=st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_text_is_unchanged(system: str, text: str) -> None:
    assert romanize(text, system).text == text


@pytest.mark.parametrize("system", SYSTEMS)
@FAST
@given(text=KOREAN_TEXT)
def test_edges_cover_the_input_exactly(system: str, text: str) -> None:
    assert_edges_cover(text, system)


@FAST
@given(word=st.lists(HANGUL, min_size=1, max_size=6).map("".join))
def test_rr_translit_round_trips_to_hangul(word: str) -> None:
    assert to_hangul(romanize(word, "rr-translit").text) == word


@pytest.mark.parametrize("system", SYSTEMS)
@FAST
@given(text=ANY_TEXT)
def test_any_unicode_returns_without_error(system: str, text: str) -> None:
    assert_edges_cover(text, system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_nfd_jamo_romanise_like_composed_syllables(system: str) -> None:
    composed = "독립문 한글"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert romanize(decomposed, system).text == romanize(composed, system).text
    assert_edges_cover(decomposed, system)


def test_isolated_jamo_cluster_hanja_and_emoji_do_not_fail() -> None:
    for text in ("ㅀ", "ㄱㄴㄷ", "ᄀ", "漢字", "😀 평양 😀", "\x00", "가\u0301"):
        for system in SYSTEMS:
            assert_edges_cover(text, system)


@pytest.mark.parametrize("system", SYSTEMS)
def test_a_lone_surrogate_is_marked_not_dropped(system: str) -> None:
    result = romanize("김\udc00정일", system)
    assert "\ufffd" in result.text
    (edge,) = [e for e in result.edges if e.src_start == 1]
    assert result.text[edge.out_start : edge.out_end] == "\ufffd" and edge.rules == ("invalid",)
