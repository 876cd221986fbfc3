"""Accuracy on the gold romanisation sets (copies of ../shared/gold/romanization), strict and loose."""

from __future__ import annotations

import pytest

from mlkit.romanize import romanize
from mlkit.romanize.scoring import GOLD_SETS, gold_rows, score
from tests.conftest import TEST_DATA

GOLD = TEST_DATA / "romanization"
# Loose accuracy each system must reach (case, spaces and hyphens ignored).
THRESHOLDS = {
    "rr": 0.98,
    "rr_pron": 0.95,
    "rr_translit": 1.0,
    "mr": 0.97,
    "dprk_official": 0.95,
    "dprk_media": 0.97,
    "yale": 1.0,
}


def _convert(hangul: str, system: str) -> str:
    return romanize(hangul, system).text


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_gold_loose_accuracy_reaches_threshold(name: str) -> None:
    result = score(GOLD, name, _convert)
    assert result.total > 0
    misses = "\n".join(f"{h} expected {e!r} got {g!r}" for h, e, g in result.misses)
    assert result.loose_rate >= THRESHOLDS[name], f"{name}: loose {result.loose_rate:.1%}\n{misses}"


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_gold_strict_never_beats_loose(name: str) -> None:
    result = score(GOLD, name, _convert)
    assert result.strict <= result.loose


def test_gold_rows_skip_missing_official_forms() -> None:
    rows = gold_rows(GOLD, "dprk_official")
    assert rows and all(expected for _, expected in rows)
    assert len(rows) < len(gold_rows(GOLD, "dprk_media"))
