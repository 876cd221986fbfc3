"""Passage ↔ translation beads: the June 15 declaration with a translation of our own, and DP properties."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.align.beads import align_units, load_weights
from mlkit.align.parallel import align_texts, annotate_parallel
from mlkit.document import Document
from mlkit.errors import InvalidInputError
from tests.conftest import TEST_DATA, declaration_text, seed_lines

SEED_LINES = seed_lines("004")
KOREAN = declaration_text()
ENGLISH = (TEST_DATA / "align" / "declaration_en.txt").read_text(encoding="utf-8")
# Captions from seed 004 around the declaration, as a page would show them.
BEFORE = SEED_LINES[914]
AFTER = [SEED_LINES[938], SEED_LINES[942]]


@pytest.fixture(scope="module")
def plain():
    return align_texts(KOREAN, ENGLISH, split=True)


@pytest.fixture(scope="module")
def captioned():
    english = "\n\n".join([BEFORE, ENGLISH, *AFTER])
    return align_texts(KOREAN, english, split=True)


# The same translation with its signatures laid out name first, on consecutive lines, as some pages print them.
SIGNED_NAME_FIRST = ENGLISH[: ENGLISH.rindex("June 15, 2000")] + (
    "June 15, 2000\nKim Jong Il\nChairman\nNational Defence Commission\nDemocratic People's Republic of Korea\n"
    "Kim Dae Jung\nPresident\nRepublic of Korea\n"
)


@pytest.fixture(scope="module")
def name_first():
    return align_texts(KOREAN, SIGNED_NAME_FIRST, split=True)


@pytest.fixture(scope="module")
def name_first_fast():
    return align_texts(KOREAN, SIGNED_NAME_FIRST, split=True, fast=True)


@pytest.fixture(scope="module")
def plain_fast():
    return align_texts(KOREAN, ENGLISH, split=True, fast=True)


@pytest.fixture(scope="module")
def captioned_fast():
    english = "\n\n".join([BEFORE, ENGLISH, *AFTER])
    return align_texts(KOREAN, english, split=True, fast=True)


def bead_of(result, src_prefix: str):
    for bead in result.beads:
        if bead.source and result.src_units[bead.source[0]].text.startswith(src_prefix):
            return bead
    raise AssertionError(f"no bead starts with {src_prefix!r}")


ALL_LAYOUTS = ["plain", "captioned", "plain_fast", "captioned_fast", "name_first", "name_first_fast"]


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ALL_LAYOUTS)
def test_each_declaration_point_gets_its_own_one_to_one_bead(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    for n in range(1, 6):
        bead = bead_of(result, f"{n}. ")
        assert len(bead.source) == len(bead.target) == 1
        assert result.tgt_units[bead.target[0]].text.startswith(f"{n}. The north and the south")


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["plain", "captioned", "plain_fast", "captioned_fast"])
def test_signatures_and_date_are_paired_one_to_one(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    for src, tgt_end in [
        ("조선민주주의인민공화국 국방위원장", "Kim Jong Il"),
        ("대한민국 대통령", "Kim Dae Jung"),
        ("2000년 6월 15일", "June 15, 2000"),
    ]:
        bead = bead_of(result, src)
        assert len(bead.source) == len(bead.target) == 1
        assert result.tgt_units[bead.target[0]].text.endswith(tgt_end)


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["name_first", "name_first_fast"])
def test_signatures_written_name_first_on_consecutive_lines_get_their_own_beads(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    for src, tgt_start, tgt_end in [
        ("조선민주주의인민공화국 국방위원장", "Kim Jong Il", "Democratic People's Republic of Korea"),
        ("대한민국 대통령", "Kim Dae Jung", "Republic of Korea"),
        ("2000년 6월 15일", "June 15, 2000", "June 15, 2000"),
    ]:
        bead = bead_of(result, src)
        assert len(bead.source) == len(bead.target) == 1
        unit = result.tgt_units[bead.target[0]].text
        assert unit.startswith(tgt_start) and unit.endswith(tgt_end)


@pytest.mark.slow
@pytest.mark.parametrize("fixture", ["captioned", "captioned_fast"])
def test_captions_around_the_translation_are_left_unpaired(fixture: str, request) -> None:
    captioned = request.getfixturevalue(fixture)
    unpaired = [captioned.tgt_units[b.target[0]].text for b in captioned.beads if not b.source]
    assert unpaired == [BEFORE, *AFTER]
    assert all(b.target for b in captioned.beads)


@pytest.mark.slow
def test_fast_alignment_never_runs_the_second_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    import mlkit.align.embed as embed_module

    def refuse() -> None:
        raise AssertionError("the e5 model was loaded")

    monkeypatch.setattr(embed_module, "_e5_model", refuse)
    # texts no earlier test embedded, so no cache answers for the model
    korean = "\n".join(f"{line} (사본)" for line in KOREAN.split("\n") if line.strip())
    english = "\n".join(f"{line} (copy)" for line in ENGLISH.split("\n") if line.strip())
    result = align_texts(korean, english, split=False, fast=True)
    assert len(result.beads) >= 10
    with pytest.raises(AssertionError, match="e5 model"):
        align_texts(korean, english, split=False)


@pytest.mark.slow
def test_declaration_beads_become_document_links() -> None:
    src, tgt = annotate_parallel(Document(KOREAN, id="ko"), Document(ENGLISH, id="en"))
    point = next(link for link in src.links if src.text[link.source[0] :].startswith("3. "))
    assert tgt.text[point.target[0] : point.target[1]].startswith("3. The north and the south agreed to settle")
    assert point.target_doc == "en"
    assert Document.from_json(src.to_json()) == src


def fake_embedder(texts: Sequence[str]) -> np.ndarray:
    """Deterministic stand-in vectors: the same word gives the same direction, so shared words mean similarity."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in text.split():
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
            out[i, h % 64] += 1.0
        norm = np.linalg.norm(out[i])
        if norm:
            out[i] /= norm
    return out


WORDS = st.lists(
    st.sampled_from("alpha beta gamma delta eps zeta eta theta iota kappa".split()), min_size=1, max_size=5
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, max_size=12), st.lists(WORDS, max_size=12))
def test_every_unit_is_in_exactly_one_bead_in_order(src: list[str], tgt: list[str]) -> None:
    beads = align_units(src, tgt, embedder=fake_embedder, embedder_e5=fake_embedder)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))
    assert all(b.shape in {"1-1", "2-1", "1-2", "1-0", "0-1"} for b in beads)


def test_identical_sides_align_one_to_one() -> None:
    units = ["alpha beta", "gamma delta", "eps zeta", "eta theta iota"]
    beads = align_units(units, units, embedder=fake_embedder, embedder_e5=fake_embedder)
    assert [(b.src, b.tgt) for b in beads] == [((i,), (i,)) for i in range(4)]


def test_merged_target_sentence_becomes_a_two_to_one_bead() -> None:
    src = ["alpha beta gamma", "delta eps zeta", "eta theta iota", "kappa alpha"]
    tgt = ["alpha beta gamma", "delta eps zeta eta theta iota", "kappa alpha"]
    beads = align_units(src, tgt, load_weights("embeddings_only"), embedder=fake_embedder, embedder_e5=fake_embedder)
    assert ((1, 2), (1,)) in [(b.src, b.tgt) for b in beads]


def test_empty_side_leaves_every_unit_unpaired() -> None:
    beads = align_units(["a", "b"], [], embedder=fake_embedder, embedder_e5=fake_embedder)
    assert [(b.src, b.tgt) for b in beads] == [((0,), ()), ((1,), ())]


def test_too_many_pairs_is_a_clear_error_not_a_memory_blow_up() -> None:
    with pytest.raises(InvalidInputError, match="split the texts"):
        align_units(["a"] * 1100, ["b"] * 1000, embedder=fake_embedder, embedder_e5=fake_embedder)


def test_empty_texts_give_no_beads() -> None:
    result = align_texts("", "\n\n", split=True)
    assert result.beads == ()
