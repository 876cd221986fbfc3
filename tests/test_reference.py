"""Character-level alignment with a reference text, and the flags it feeds (`--reference`)."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.korean import reference
from mlkit.korean.reference import MIN_MATCHED, align_reference, comparison_key, match_reference
from mlkit.noise import find_noise
from tests.conftest import declaration_text, seed_path


@cache
def seed_004() -> str:
    return seed_path("004").read_text(encoding="utf-8")


@cache
def declaration() -> str:
    return declaration_text() + "\n"


def edited_reference() -> str:
    """A reference made by editing the seed's declaration: the published 방문단, DPRK spellings, no spaces."""
    ref = declaration().replace("친척발문단", "친척방문단").replace("명심하는", "념원하는")
    ref = ref.replace("역사", "력사").replace("이해를", "리해를").replace("북 남 공동 선언", "북남공동선언")
    return ref


def test_substitution_is_reported_with_offsets_in_both_texts() -> None:
    text, ref = "흩어진 가족, 친척발문단을 교환하며", "흩어진 가족, 친척방문단을 교환하며"
    (d,) = align_reference(text, ref)
    assert (d.kind, d.text, d.ref_text) == ("substitution", "발", "방")
    assert text[d.start : d.end] == "발" and ref[d.ref_start : d.ref_end] == "방"


def test_spacing_and_dprk_initial_sound_spellings_are_not_differences() -> None:
    assert align_reference("분단역사상 처음으로 서로 이해를 증진", "분단력사상 처음으로 서로리해를 증진") == []
    assert align_reference("노동신문", "로동 신문") == []


def test_reference_of_a_passage_is_located_inside_a_long_document() -> None:
    diffs = align_reference(seed_004(), edited_reference())
    found = {(d.text, d.ref_text) for d in diffs}
    assert found == {("발", "방"), ("명심", "념원")}
    for d in diffs:
        assert 41_000 < d.start < 43_000  # inside the declaration, lines 917-935


def test_reference_flags_cover_whole_words_with_the_published_words_suggested() -> None:
    doc = find_noise(seed_004(), reference=edited_reference(), detectors=[])
    flags = [(doc.text[f.start : f.end], f.suggestion, f.kind) for f in doc.flags]
    assert flags == [("명심하는", "념원하는", "reference-diff"), ("친척발문단을", "친척방문단을", "reference-diff")]
    assert all("reference" in f.reason for f in doc.flags)


def test_missing_and_extra_text_are_reported() -> None:
    diffs = align_reference("북과 남은 올해 즈음하여", "북과 남은 올해 8.15에 즈음하여")
    assert [(d.kind, d.ref_text) for d in diffs] == [("insertion", "8.15에")]
    diffs = align_reference("북과 남은 남은 올해", "북과 남은 올해")
    assert [(d.kind, d.text) for d in diffs] == [("deletion", "남은")]


def test_comparison_key_maps_back_to_the_text() -> None:
    key, offsets = comparison_key("력사 Ａ b")
    assert key == "역사ab" and offsets == [0, 1, 3, 5]


hangul_text = st.text(alphabet=st.sampled_from(list("가나다라마바사아자 력리로\n.,1A")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(hangul_text, hangul_text)
def test_differences_point_at_their_text_in_both_strings(text: str, reference: str) -> None:
    for d in align_reference(text, reference):
        assert text[d.start : d.end] == d.text
        assert reference[d.ref_start : d.ref_end] == d.ref_text
        assert d.start <= d.end and d.ref_start <= d.ref_end
        assert d.text or d.ref_text


@settings(max_examples=100, deadline=None)
@given(hangul_text)
def test_a_text_aligned_with_itself_has_no_differences(text: str) -> None:
    assert align_reference(text, text) == []


def test_a_long_text_is_aligned_piece_by_piece_to_the_same_differences() -> None:
    # the whole seed (some 50,000 characters) against itself with three edits: cut at anchors into pieces, the
    # alignment finds the three and nothing else, where one difflib pass over the whole would take quadratic time
    text = seed_004()
    at = [len(text) // 5, len(text) // 2, 4 * len(text) // 5]
    ref = text
    for k in reversed(at):
        ref = ref[:k] + "\u2603" + ref[k + 1 :]
    while any(text[k].isspace() for k in at):
        at = [k + 1 for k in at]
        ref = text
        for k in reversed(at):
            ref = ref[:k] + "\u2603" + ref[k + 1 :]
    diffs = align_reference(text, ref)
    assert [(d.kind, d.start, d.ref_text) for d in diffs] == [("substitution", k, "\u2603") for k in at]
    assert match_reference(text, ref).matched > 0.99


def test_a_reference_that_is_no_version_of_the_text_is_said_to_be_none() -> None:
    assert match_reference(seed_004(), edited_reference()).matched > 0.95
    unrelated = seed_path("002").read_text(encoding="utf-8")[:3000]
    assert match_reference(declaration(), unrelated).matched < MIN_MATCHED
    doc = find_noise(declaration(), reference=unrelated, detectors=[])
    assert [(f.start, f.end, f.kind) for f in doc.flags] == [(0, len(declaration()), "reference-mismatch")]


@settings(max_examples=200, deadline=None)
@given(hangul_text, hangul_text)
def test_pieces_cut_at_anchors_tile_both_texts_and_match_only_equal_stretches(a: str, b: str) -> None:
    saved = reference.PIECE, reference.ANCHOR
    reference.PIECE, reference.ANCHOR = 8, 2  # the anchored path on short texts
    try:
        blocks, opcodes = reference._alignment(a * 3, b * 3)
    finally:
        reference.PIECE, reference.ANCHOR = saved
    a, b = a * 3, b * 3
    assert [op[1] for op in opcodes[1:]] == [op[2] for op in opcodes[:-1]]
    assert [op[3] for op in opcodes[1:]] == [op[4] for op in opcodes[:-1]]
    if opcodes:
        assert (opcodes[0][1], opcodes[0][3], opcodes[-1][2], opcodes[-1][4]) == (0, 0, len(a), len(b))
    for op, i1, i2, j1, j2 in opcodes:
        assert (op == "equal") == (a[i1:i2] == b[j1:j2])
        assert (i2 > i1, j2 > j1) == {"equal": (True, True), "replace": (True, True), "delete": (True, False),
                                      "insert": (False, True)}[op]
    assert [op[0] for op in opcodes] in ([], ["equal"]) if a == b else True
    for i, j, size in blocks:
        assert a[i : i + size] == b[j : j + size]
