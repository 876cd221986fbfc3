"""Detection quality on synthetic OCR noise (bench/ocrnoise.py), on a small fixed-seed sample of kpc-nk dev.

bench/noise.py measures the same on the test split, next to kiwipiepy-only and hunspell-only baselines.
"""

from __future__ import annotations

import sys

import pytest

from mlkit.korean import kiwi as kiwi_mod
from mlkit.noise import find_noise
from tests.conftest import ROOT, shared_data

sys.path.insert(0, str(ROOT / "bench"))
from ocrnoise import add_noise, corrupt_korean_word, score_tokens

REVIEW_SCORE = 0.4


def sample(name: str, first: int, count: int) -> str:
    with shared_data(f"kpc-nk/{name}").open(encoding="utf-8") as fh:
        return "".join(fh.readlines()[first : first + count])


def test_noise_generator_is_deterministic_and_keeps_gold_positions() -> None:
    import random

    text = "북과 남은 나라의 통일문제를 그 주인인 우리 민족끼리 서로 힘을 합쳐 자주적으로 해결해나가기로 하였다.\n"
    a, b = add_noise(text, "ko", 0.5, seed=3), add_noise(text, "ko", 0.5, seed=3)
    assert a == b and a.gold
    for start, end, _ in a.gold:
        assert a.text[start:end].strip() == a.text[start:end] and a.text[start:end]
    assert corrupt_korean_word("방문", random.Random(0)) != ("방문", "initial")


@pytest.mark.skipif(not kiwi_mod.available(), reason="kiwipiepy with its model is not installed")
def test_korean_token_f1_on_synthetic_noise() -> None:
    noisy = add_noise(sample("northkorean-english.dev.nk", 0, 80), "ko", 0.1, seed=7)
    flags = [(f.start, f.end) for f in find_noise(noisy.text, min_score=REVIEW_SCORE).flags]
    score = score_tokens(noisy.text, noisy.gold, flags)
    assert score.f1 >= 0.8, score


def test_english_token_f1_on_synthetic_noise() -> None:
    noisy = add_noise(sample("northkorean-english.dev.en", 0, 80), "en", 0.1, seed=7)
    flags = [(f.start, f.end) for f in find_noise(noisy.text, min_score=REVIEW_SCORE).flags]
    score = score_tokens(noisy.text, noisy.gold, flags)
    assert score.f1 >= 0.9, score
