"""The mixed-document generator and the passage scorer of bench/mixdocs.py (the instruments segmentation is
tuned with). Generator tests need ../shared/data/lingua-testdata and skip without it; scorer tests do not."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, shared_data


def _load_mixdocs():  # type: ignore[no-untyped-def]
    # bench/ is a folder of scripts, not a package: load the module from its file
    spec = importlib.util.spec_from_file_location("mixdocs", ROOT / "bench" / "mixdocs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mixdocs", module)
    spec.loader.exec_module(module)
    return module


mixdocs = _load_mixdocs()
GoldSpan, Pred, MixDoc = mixdocs.GoldSpan, mixdocs.Pred, mixdocs.MixDoc


@pytest.fixture(scope="module")
def dev_docs() -> list:
    shared_data("lingua-testdata/sentences/en.txt")
    return mixdocs.generate(120, "dev", seed=7)


def test_same_seed_gives_the_same_bytes(dev_docs: list) -> None:
    again = mixdocs.generate(120, "dev", seed=7)
    assert [(d.text, d.gold) for d in again] == [(d.text, d.gold) for d in dev_docs]
    other = mixdocs.generate(120, "dev", seed=8)
    assert [d.text for d in other] != [d.text for d in dev_docs]


def test_gold_offsets_point_at_the_inserted_text(dev_docs: list) -> None:
    for doc in dev_docs:
        for g in doc.gold:
            inserted = doc.text[g.start : g.end]
            if g.kind == "paragraph":
                sentences = mixdocs.pool("sentences", g.lang, "dev")
                assert any(inserted.startswith(s) for s in sentences), inserted
                assert any(inserted.endswith(s) for s in sentences), inserted
                assert doc.text[g.end] == "\n" and (g.start == 0 or doc.text[g.start - 2 : g.start] == "\n\n")
            else:
                assert inserted in mixdocs.pool(mixdocs.KIND_FILES[g.kind], g.lang, "dev"), inserted
            if g.kind == "line":
                assert doc.text[g.start - 1] == "\n" and doc.text[g.end] == "\n"


def test_words_and_phrases_sit_between_english_words(dev_docs: list) -> None:
    inline = [(d, g) for d in dev_docs for g in d.gold if g.kind in ("word", "phrase")]
    assert inline
    for doc, g in inline:
        before, after = doc.text[g.start - 2 : g.start], doc.text[g.end : g.end + 2]
        assert before[-1] in " “\"(" and (before[-1] == " " or before[0] == " "), (before, after)
        assert after[0] in " ”\")" and (after[0] == " " or after[1] in " \n"), (before, after)
    assert any(doc.text[g.start - 1] == "(" for doc, g in inline)  # some are in parentheses, like real text


def test_all_four_kinds_and_nineteen_languages_occur_about_equally(dev_docs: list) -> None:
    kinds = Counter(g.kind for d in dev_docs for g in d.gold)
    assert set(kinds) == set(mixdocs.KINDS)
    assert max(kinds.values()) < 1.5 * min(kinds.values()), kinds
    assert {g.lang for d in dev_docs for g in d.gold} == set(mixdocs.FOREIGN)
    assert {d.layout for d in dev_docs} == {"prose", "lines"}


def test_gold_spans_are_disjoint_and_separated_by_english(dev_docs: list) -> None:
    for doc in dev_docs:
        for a, b in zip(doc.gold, doc.gold[1:], strict=False):
            assert a.end < b.start
            assert any(c.isalpha() for c in doc.text[a.end : b.start]), doc.text[a.end : b.start]


def test_dev_and_test_draw_from_different_halves_of_each_file() -> None:
    path = shared_data("lingua-testdata/sentences/de.txt")
    lines = [s for line in path.read_text(encoding="utf-8").split("\n") if (s := " ".join(line.split()))]
    dev, test = mixdocs.pool("sentences", "de", "dev"), mixdocs.pool("sentences", "de", "test")
    assert dev[0] == lines[0] and test[-1] == lines[-1]
    assert set(dev).isdisjoint(test)


def test_gold_as_prediction_scores_one(dev_docs: list) -> None:
    preds = [[Pred(g.start, g.end, g.lang) for g in d.gold] for d in dev_docs]
    rep = mixdocs.score(dev_docs, preds)
    assert rep.overall.f1 == 1.0 and rep.detection.f1 == 1.0
    assert all(v.f1 == 1.0 for v in rep.by_kind.values())
    assert rep.errors == [] and not rep.confusion


def test_documents_round_trip_through_mlkit_jsonl_with_gold_in_meta(dev_docs: list) -> None:
    from mlkit import Document

    for doc in dev_docs[:10]:
        back = Document.from_json(mixdocs.to_document(doc).to_json())
        assert back.text == doc.text and back.id == doc.id and back.spans == ()
        assert [mixdocs.GoldSpan(**g) for g in back.meta["gold"]] == list(doc.gold)


# -- scorer: these use hand-made documents and need no shared data ---------------------------------------


def _doc(*gold: tuple[int, int, str, str]) -> MixDoc:
    return MixDoc("t", "x" * 100, tuple(GoldSpan(*g) for g in gold), "prose")


def test_empty_prediction_scores_zero() -> None:
    docs = [_doc((0, 10, "de", "word"), (20, 60, "ko", "line"))]
    rep = mixdocs.score(docs, [[]])
    assert rep.overall.f1 == 0.0 and rep.overall.recall == 0.0
    assert [e.type for e in rep.errors] == ["miss", "miss"]


def test_one_prediction_matches_at_most_one_gold_span() -> None:
    # the prediction has IoU 0.5 with each of two adjacent gold spans: only one may count
    docs = [_doc((0, 10, "de", "word"), (10, 20, "de", "word"))]
    rep = mixdocs.score(docs, [[Pred(0, 20, "de")]])
    assert rep.overall.tp == 1 and rep.overall.precision == 1.0 and rep.overall.recall == 0.5


def test_one_gold_span_matches_at_most_one_prediction() -> None:
    docs = [_doc((0, 10, "de", "line"))]
    rep = mixdocs.score(docs, [[Pred(0, 9, "de"), Pred(0, 10, "de")]])
    assert rep.overall.tp == 1 and rep.overall.precision == 0.5
    assert [e.type for e in rep.errors] == ["fragment"]


def test_greedy_matching_takes_the_highest_iou_first() -> None:
    gold = [GoldSpan(0, 10, "de", "word"), GoldSpan(12, 22, "de", "word")]
    preds = [Pred(0, 14, "de"), Pred(2, 10, "de")]  # IoU with gold 0: 10/14 and 8/10
    assert mixdocs.match(gold, preds) == [(0, 1, 0.8)]


def test_low_overlap_is_not_a_match() -> None:
    docs = [_doc((0, 10, "de", "phrase"))]
    rep = mixdocs.score(docs, [[Pred(0, 4, "de")]])  # IoU 0.4
    assert rep.overall.tp == 0 and [e.type for e in rep.errors] == ["boundary"]


def test_wrong_language_counts_for_detection_only() -> None:
    docs = [_doc((0, 10, "ms", "line"))]
    rep = mixdocs.score(docs, [[Pred(0, 10, "id")]])
    assert rep.overall.f1 == 0.0 and rep.detection.f1 == 1.0
    assert rep.confusion == Counter({("ms", "id"): 1})
    assert rep.by_lang["ms"].recall == 0.0 and rep.by_lang["id"].precision == 0.0


def test_prediction_outside_every_gold_span_is_a_false_positive_charged_to_no_kind() -> None:
    docs = [_doc((0, 10, "de", "word"))]
    rep = mixdocs.score(docs, [[Pred(0, 10, "de"), Pred(50, 70, "fr")]])
    assert rep.by_kind["word"].f1 == 1.0 and rep.by_kind["none"].pred == 1
    assert [e.type for e in rep.errors] == ["false-positive"]
    assert rep.confusion == Counter({("-", "fr"): 1})


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), split=st.sampled_from(["dev", "test"]))
def test_any_seed_gives_trimmed_in_bounds_gold_spans(seed: int, split: str) -> None:
    shared_data("lingua-testdata/sentences/en.txt")
    for doc in mixdocs.generate(4, split, seed):
        for g in doc.gold:
            assert 0 <= g.start < g.end < len(doc.text)
            inserted = doc.text[g.start : g.end]
            assert inserted == inserted.strip() and g.lang in mixdocs.FOREIGN


def test_malay_labelled_indonesian_counts_only_when_the_two_are_merged() -> None:
    docs = [_doc((0, 10, "ms", "line"), (20, 30, "de", "line"))]
    rep = mixdocs.score(docs, [[Pred(0, 10, "id"), Pred(20, 30, "nl")]])
    assert rep.overall.tp == 0 and rep.ms_as_id.tp == 1 and rep.detection.tp == 2
