"""Properties of segmentation that hold for any input."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit import Document, segment

MIXED = st.text(
    alphabet=st.sampled_from(
        list("abcdefghij KLMN.,\n\t\r\x00\u00a0'’-0123456789")
        + list("가나다라한국조선말ㄱㅏ\u1100\u1161\u11a8")
        + list("日本語東京ひらがなカタカナ")
        + list("русскийязыкії")
        + list("ăâđêôơưấầẩẫậéèàç")
        + ["\ufffd", "\U0001f600", "\u200b", "\u0301"]
    ),
    max_size=300,
)


def check_spans(doc: Document) -> None:
    n = len(doc.text)
    for kind in ("run", "passage"):
        spans = [s for s in doc.spans if s.kind == kind]
        for s in spans:
            assert 0 <= s.start < s.end <= n
            assert 0.0 <= s.confidence <= 1.0
            assert s.lang and s.script
        for a, b in zip(spans, spans[1:], strict=False):
            assert a.end <= b.start, (a, b)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_any_mixed_text_segments_into_ordered_disjoint_spans(text: str) -> None:
    check_spans(segment(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_segments_without_error(text: str) -> None:
    check_spans(segment(text))


@settings(max_examples=100, deadline=None)
@given(MIXED)
def test_segmentation_is_deterministic_and_round_trips(text: str) -> None:
    first = segment(text)
    assert segment(text) == first
    assert Document.from_json(first.to_json()) == first


@settings(max_examples=100, deadline=None)
@given(MIXED)
def test_passages_are_never_in_the_main_language(text: str) -> None:
    doc = segment(text)
    assert all(p.lang != doc.meta["main_lang"] for p in doc.passages())


def test_decomposed_hangul_is_korean() -> None:
    text = "The title reads " + unicodedata.normalize("NFD", "북남공동선언") + " in the original."
    (passage,) = segment(text).passages()
    assert passage.lang == "ko"
    assert unicodedata.normalize("NFC", text[passage.start : passage.end]) == "북남공동선언"


def test_compatibility_jamo_are_korean_script() -> None:
    doc = segment("An isolated ㅎㅎ appears here.")
    (passage,) = doc.passages()
    assert passage.lang == "ko" and passage.script == "Hangul"
