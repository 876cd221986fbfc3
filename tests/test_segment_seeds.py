"""Segmentation on the seeds against the annotated gold spans (tests/data/seed_spans.jsonl)."""

from __future__ import annotations

import json

import pytest

from mlkit import segment
from tests.conftest import ROOT, TEST_DATA

GOLD = [json.loads(line) for line in (TEST_DATA / "seed_spans.jsonl").read_text(encoding="utf-8").splitlines()]


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union else 0.0


@pytest.mark.parametrize("entry", GOLD, ids=[g["file"] for g in GOLD])
def test_every_gold_span_is_one_passage_with_its_language(entry: dict) -> None:
    text = (ROOT / entry["file"]).read_text(encoding="utf-8")
    passages = segment(text).passages()
    for gold in entry["spans"]:
        best = max(passages, key=lambda p: iou((p.start, p.end), (gold["start"], gold["end"])), default=None)
        assert best is not None, gold["label"]
        assert iou((best.start, best.end), (gold["start"], gold["end"])) >= 0.5, gold["label"]
        assert best.lang == gold["lang"], gold["label"]


@pytest.mark.parametrize("entry", GOLD, ids=[g["file"] for g in GOLD])
def test_no_foreign_passage_outside_the_gold_spans(entry: dict) -> None:
    text = (ROOT / entry["file"]).read_text(encoding="utf-8")
    gold = [(g["start"], g["end"]) for g in entry["spans"]]
    for p in segment(text).passages():
        if p.lang == "en":
            continue
        assert any(iou((p.start, p.end), g) >= 0.5 for g in gold), (p, text[p.start : p.end])


def test_handwritten_note_and_declaration_are_single_passages() -> None:
    text = (ROOT / "seeds" / "004_c51536689ddb0783.txt").read_text(encoding="utf-8")
    passages = segment(text).passages()
    note = [p for p in passages if p.start <= 7836 < p.end]
    declaration = [p for p in passages if p.start < 42622 and p.end > 41846]
    assert len(note) == 1 and (note[0].start, note[0].end) == (7836, 8185)
    assert len(declaration) == 1 and (declaration[0].start, declaration[0].end) == (41846, 42622)


@pytest.mark.parametrize(
    "line", ["December 26, 2025", "Kim Jong Un", "So Kyong Hyok", "Ri Yu Sun living in Tokdal-ri", "Ho Chi Minh"]
)
def test_short_english_lines_are_never_foreign(line: str) -> None:
    doc = segment(f"The report follows.\n{line}\nMore text in English here.\n")
    assert [p for p in doc.passages()] == []
    assert all(s.lang == "en" for s in doc.spans)


def test_latin_letters_inside_a_korean_word_stay_in_the_korean_span() -> None:
    doc = segment("They shop at GS이스토어 every week.")
    (passage,) = doc.passages()
    assert doc.text[passage.start : passage.end] == "GS이스토어"
    assert passage.lang == "ko"
