"""Word coverage between units: content words, coverage of each candidate bead, and the declaration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlkit.align.beads import align_units, load_weights
from mlkit.align.embed import embed
from mlkit.align.lexical import content_words, coverages
from mlkit.align.sentences import split_sentences
from tests.conftest import TEST_DATA, declaration_text

VOCAB = "alpha beta gamma delta eps zeta eta theta iota kappa".split()


def one_hot(texts: Sequence[str]) -> np.ndarray:
    """A word's own axis: the same word matches fully, any other word not at all."""
    out = np.zeros((len(texts), len(VOCAB) + 1), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i, VOCAB.index(text) if text in VOCAB else len(VOCAB)] = 1.0
    return out


def test_korean_content_words_are_stems_without_particles_or_endings() -> None:
    words = content_words("경찰은 존슨의 손과 다리를 묶었다고 전했다.")
    assert {"경찰", "존슨", "손", "다리", "묶다", "전하다"} <= set(words)
    assert not {"은", "의", "과", "를", "다고"} & set(words)


def test_english_content_words_leave_out_function_words() -> None:
    assert content_words("The police said Johnson's hands were bound.") == ("police", "johnson's", "hands", "bound")


def test_coverage_of_matching_units_is_full_and_of_others_empty() -> None:
    cover = coverages(["alpha beta", "gamma delta"], ["alpha beta", "gamma delta"], one_hot)
    cs, ct, part = cover[(1, 1)]
    assert np.allclose(cs, np.eye(2)) and np.allclose(ct, np.eye(2)) and not part.any()


def test_a_unit_absorbed_into_a_merge_shows_as_an_uncovered_part() -> None:
    # "gamma delta" has no counterpart: merged with "alpha beta" against "alpha beta", its words stay unmatched.
    cover = coverages(["alpha beta", "gamma delta"], ["alpha beta"], one_hot)
    merged, single, weaker = (float(x[0, 0]) for x in cover[(2, 1)])
    assert merged == pytest.approx(0.5) and single == pytest.approx(1.0) and weaker == 0.0
    # A true merge: the one target unit carries the words of both parts.
    cover = coverages(["alpha beta", "gamma delta"], ["alpha beta gamma delta"], one_hot)
    assert [float(x[0, 0]) for x in cover[(2, 1)]] == pytest.approx([1.0, 1.0, 1.0])


UNITS = st.lists(st.lists(st.sampled_from(VOCAB), max_size=4).map(" ".join), max_size=8)


@settings(max_examples=60, deadline=None)
@given(UNITS, UNITS)
def test_coverages_have_the_shapes_of_the_candidate_beads(src: list[str], tgt: list[str]) -> None:
    n, m = len(src), len(tgt)
    cover = coverages(src, tgt, one_hot)
    shapes = {(1, 1): (n, m), (2, 1): (max(0, n - 1), m), (1, 2): (n, max(0, m - 1))}
    for shape, expected in shapes.items():
        for values in cover[shape]:
            assert values.shape == expected
            assert np.all((values >= 0.0) & (values <= 1.0 + 1e-6))


@settings(max_examples=40, deadline=None)
@given(UNITS, UNITS)
def test_fast_weights_use_the_word_features_and_keep_every_unit(src: list[str], tgt: list[str]) -> None:
    beads = align_units(src, tgt, load_weights("use_only"), embedder=one_hot, embedder_e5=None)
    assert [i for b in beads for i in b.src] == list(range(len(src)))
    assert [j for b in beads for j in b.tgt] == list(range(len(tgt)))


@pytest.mark.slow
def test_each_declaration_point_is_best_covered_by_its_own_translation() -> None:
    numbered = {"1.", "2.", "3.", "4.", "5."}
    korean = [u.text for u in split_sentences(declaration_text(), "ko") if u.text[:2] in numbered]
    english = (TEST_DATA / "align" / "declaration_en.txt").read_text(encoding="utf-8")
    points = [u.text for u in split_sentences(english, "en") if u.text[:2] in numbered]
    assert len(korean) == len(points) == 5
    cs, ct, _ = coverages(korean, points, embed)[(1, 1)]
    f = 2 * cs * ct / (cs + ct)
    assert list(f.argmax(axis=1)) == list(range(5))
    assert list(f.argmax(axis=0)) == list(range(5))


def test_a_huge_unit_is_read_for_words_only_up_to_the_cap() -> None:
    from mlkit.align.lexical import MAX_UNIT_CHARS

    text = "alpha " * (MAX_UNIT_CHARS // 6) + "omega"
    assert "omega" not in content_words(text) and "alpha" in content_words(text)
    assert content_words(text) == content_words(text[:MAX_UNIT_CHARS])
