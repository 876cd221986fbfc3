"""Romanisations attached to Documents: one per passage, document offsets, JSONL round trip."""

from __future__ import annotations

from mlkit.document import Document
from mlkit.romanize import romanize_document
from tests.conftest import seed_path


def test_each_korean_passage_of_a_seed_is_romanised() -> None:
    text = seed_path("004").read_text(encoding="utf-8")
    doc = romanize_document(text, "dprk-media")
    korean = [p for p in doc.passages() if p.lang == "ko"]
    assert korean and len(doc.romanizations) == len(doc.passages())
    for rom in doc.romanizations:
        assert rom.system == "dprk-media"
        covered = "".join(doc.text[e.src_start : e.src_end] for e in rom.edges)
        assert covered == doc.text[rom.start : rom.end]
    assert Document.from_json(doc.to_json()) == doc


def test_vietnamese_passage_is_folded_unless_kept() -> None:
    text = (
        "The poem that the delegation quoted at the banquet in Hanoi was the opening couplet of a classic work, "
        "and the interpreter read it aloud twice for the guests from Pyongyang.\n"
        "Trăm năm trong cõi người ta, chữ tài chữ mệnh khéo là ghét nhau.\n"
        "The guests applauded and the dinner went on until late in the evening with many toasts.\n"
    )
    (rom,) = romanize_document(text, "rr").romanizations
    assert rom.text == "Tram nam trong coi nguoi ta, chu tai chu menh kheo la ghet nhau."
    assert rom.edges[0].rules == ("vi:fold",)
    (kept,) = romanize_document(text, "rr", keep_diacritics=True).romanizations
    assert kept.text == text.splitlines()[1]
