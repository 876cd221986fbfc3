"""Noise flags on the real seed documents: the handwritten note, the June 15 declaration, scraped-page artefacts."""

from __future__ import annotations

from functools import cache

import pytest

from mlkit.document import Document, Flag
from mlkit.korean import kiwi as kiwi_mod
from mlkit.noise import find_noise
from tests.conftest import seed_path

needs_kiwi = pytest.mark.skipif(not kiwi_mod.available(), reason="kiwipiepy with its model is not installed")

# Garbled tokens of the OCR'd handwritten note (seed 004, lines 173-185).
GARBLED = "화살형사 골리돌스끼 썩은미에스 미르프르 미원용이구 리아동스르 미에르 적대용과 정사리현 한부르".split()


@cache
def seed_doc(prefix: str) -> Document:
    return find_noise(seed_path(prefix).read_text(encoding="utf-8"))


def lines_of(doc: Document, first: int, last: int) -> tuple[int, int]:
    starts = [0] + [i + 1 for i, c in enumerate(doc.text) if c == "\n"] + [len(doc.text) + 1]
    return starts[first - 1], starts[min(last, len(starts) - 1)]


def flags_in(doc: Document, first: int, last: int, min_score: float = 0.0) -> list[Flag]:
    start, end = lines_of(doc, first, last)
    return [f for f in doc.flags if start <= f.start < end and f.score >= min_score]


def flagged_words(doc: Document, flags: list[Flag]) -> set[str]:
    return {doc.text[f.start : f.end] for f in flags}


@needs_kiwi
def test_handwritten_note_garbled_tokens_are_flagged() -> None:
    doc = seed_doc("004")
    note = flags_in(doc, 173, 185)
    hit = [w for w in GARBLED if any(w in doc.text[f.start : f.end] for f in note)]
    assert len(hit) >= 9, f"only {hit} flagged"


def test_letter_spaced_words_in_the_note_are_flagged_with_a_joined_suggestion() -> None:
    doc = seed_doc("004")
    spaced = [f for f in flags_in(doc, 184, 184) if f.kind == "letter-spacing"]
    assert [doc.text[f.start : f.end] for f in spaced] == ["내 가 작 성 된 양 하 였다"]
    assert spaced[0].score >= 0.9
    assert spaced[0].suggestion is not None and spaced[0].suggestion.replace(" ", "") == "내가작성된양하였다"
    assert "letters spaced one syllable apart" in spaced[0].reason


def test_spaced_signature_under_the_declaration_scores_low_and_says_why() -> None:
    doc = seed_doc("004")
    sig = [f for f in flags_in(doc, 932, 935) if f.kind == "letter-spacing"]
    assert [doc.text[f.start : f.end] for f in sig] == ["김 정 일", "김 대 중"]
    assert all(f.score <= 0.3 and "signature" in f.reason for f in sig)
    assert not [f for f in flags_in(doc, 932, 935) if f.kind == "split-word"]


def test_digit_glued_into_a_korean_word_is_flagged() -> None:
    doc = seed_doc("004")
    assert "2이위에" in flagged_words(doc, [f for f in flags_in(doc, 185, 185) if f.kind == "digit-in-word"])


def test_korean_numbers_with_counters_are_not_flagged() -> None:
    doc = seed_doc("004")
    digit_flags = [f for f in doc.flags if f.kind == "digit-in-word"]
    assert flagged_words(doc, digit_flags) == {"2이위에"}


@needs_kiwi
def test_declaration_is_not_flooded_and_its_ocr_substitution_is_flagged() -> None:
    doc = seed_doc("004")
    body = flags_in(doc, 919, 929, min_score=0.4)
    assert "친척발문단을" in flagged_words(doc, body)
    assert len(body) <= 2, [doc.text[f.start : f.end] for f in body]


def test_stray_figure_number_and_markdown_markers_are_flagged() -> None:
    doc = seed_doc("004")
    assert [f.kind for f in flags_in(doc, 59, 59)] == ["stray-number"]
    bold = [f for f in flags_in(doc, 5, 6) if f.kind == "markup"]
    assert flagged_words(doc, bold) == {"**"}


def test_more_from_teasers_are_flagged_as_repeated_and_truncated() -> None:
    doc = seed_doc("000")
    block = flags_in(doc, 7, 68)
    kinds = {f.kind for f in block}
    assert {"boilerplate", "repeated-line", "truncated-line"} <= kinds
    teaser = [f for f in flags_in(doc, 10, 10)]
    assert {f.kind for f in teaser} == {"repeated-line", "truncated-line"}
    assert flags_in(doc, 1, 6) == []


def test_related_links_list_of_the_blog_page_is_flagged() -> None:
    doc = seed_doc("002")
    assert {f.kind for f in flags_in(doc, 20, 39)} == {"related-link"}
    assert [f.kind for f in flags_in(doc, 3, 3)] == ["repeated-line"]
    assert [f.kind for f in flags_in(doc, 5, 14)] == []


def test_flags_are_sorted_and_point_inside_the_text() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed_doc(prefix)
        assert list(doc.flags) == sorted(doc.flags, key=lambda f: (f.start, f.end, f.kind, -f.score, f.reason))
        for f in doc.flags:
            assert 0 <= f.start < f.end <= len(doc.text)
            assert 0.0 <= f.score <= 1.0 and f.reason
