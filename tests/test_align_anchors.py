"""Anchors of sentence alignment: numbers read the same way on both sides, Latin words, per-unit skip features."""

from __future__ import annotations

import numpy as np

from mlkit.align.anchors import latin_agreement, latin_words, numbers
from mlkit.align.beads import _INDEX, BeadFeatures, _skip_features


def test_scaled_numbers_meet() -> None:
    assert numbers("휘발유재고가 290만배럴 증가했다") == numbers("stocks rose 2.9 million barrels") == {"2900000"}
    assert numbers("3천명") == numbers("3,000 people") == {"3000"}


def test_dates_and_number_words() -> None:
    assert numbers("2000년 6월 15일") == numbers("June 15, 2000")
    assert numbers("two major uses") == {"2"}
    assert numbers("You may go now") == frozenset()  # a month name alone is a word


def test_latin_words_in_common() -> None:
    src = [latin_words("정보제공업체 플랫츠(Platts)가 집계한"), latin_words("없다")]
    tgt = [latin_words("compiled by Platts, an information provider")]
    assert latin_agreement(src, tgt).tolist() == [[1.0], [0.0]]


def test_skip_features_take_the_best_candidate_in_band() -> None:
    out = BeadFeatures(2, 2)
    for shape, rows, cols in (((1, 1), 2, 2), ((2, 1), 1, 2), ((1, 2), 2, 1)):
        f = np.zeros((rows, cols, len(_INDEX)), dtype=np.float32)
        out.paired[shape] = f
    out.paired[(1, 1)][0, 0, _INDEX["coverage"]] = 0.5
    _skip_features(out)
    assert out.skip_src[:, _INDEX["skip_coverage"]].tolist() == [np.float32(0.5), np.float32(0.0)]
    assert out.skip_tgt[:, _INDEX["skip"]].tolist() == [1.0, 1.0]
