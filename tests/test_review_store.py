"""The review queue, its decisions and their export, on the seeds' results."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_helpers import call
from review_seeds import seed_results, write_seed_results

from mlkit.cli import build_parser
from mlkit.cli import main as cli
from mlkit.document import Document
from mlkit.review import beads as bead_ops
from mlkit.review.app import App
from mlkit.review.export import cohen_kappa, corrected_documents
from mlkit.review.session import Filters, Review
from mlkit.review.store import Store

# the seeds' results run noise and the sentence encoders once per session
pytestmark = pytest.mark.slow


def documents() -> list[Document]:
    return [Document.from_json(line) for line in seed_results().splitlines()]


@pytest.fixture()
def review(tmp_path: Path) -> Review:
    return Review(documents(), Store(str(tmp_path / "review.sqlite")), "ana")


def test_queue_holds_every_kind_lowest_confidence_first(review: Review) -> None:
    queue = review.queue(Filters())
    assert {i.kind for i in queue} == {"flag", "mention", "bead", "romanization"}
    assert [i.confidence for i in queue] == sorted(i.confidence for i in queue)
    decl = [i for i in queue if i.kind == "bead"]
    assert len(decl) == 12 and all(i.doc.startswith("004_") and i.target[0] == "declaration_en.txt" for i in decl)
    assert review.docs[decl[0].doc].text[decl[0].start : decl[0].end] == decl[0].text
    roms = {(i.text, i.detail): i.note for i in queue if i.kind == "romanization"}
    assert roms[("김정일", "rr")] == "Kim Jeongil" or roms[("김정일", "rr")].lower().startswith("kim")


def test_item_ids_survive_a_rerun(tmp_path: Path, review: Review) -> None:
    """Ids hash what an item is, not where it sits in a list: reordered and thinned annotations keep them."""
    first = review.first(Filters(kind="flag"))
    review.decide(first.id, "reject")
    rerun = [d.replace(flags=tuple(reversed(d.flags)), mentions=d.mentions[::2]) for d in documents()]
    again = Review(rerun, Store(review.store.path), "ana")
    assert again.item(first.id) == first
    assert again.state(first.id).status == "rejected"
    kept = {i.id for i in again.queue(Filters(status="all"))}
    assert {i.id for i in review.queue(Filters(status="all")) if i.kind != "mention"} <= kept


def test_skipped_items_come_back_at_the_end(review: Review) -> None:
    f = Filters(kind="flag")
    a, b = review.queue(f)[:2]
    review.decide(a.id, "skip")
    queue = review.queue(f)
    assert queue[0] == b and queue[-1] == a
    assert review.next_after(a.id, f) == b
    review.decide(b.id, "accept")
    assert b not in review.queue(f) and b in review.queue(Filters(kind="flag", status="accepted"))


def test_filters_by_document_passage_kind_and_status(review: Review) -> None:
    doc = next(d for d in review.order if d.startswith("004_"))
    passage = review.queue(Filters(doc=doc, passage="3"))
    assert passage and all(i.doc == doc and i.passage == 3 for i in passage)
    span = review.docs[doc].passages()[3]
    assert all(span.start <= i.start < span.end for i in passage)
    assert {i.kind for i in review.queue(Filters(kind="mention"))} == {"mention"}
    assert review.queue(Filters(status="rejected")) == []


def test_every_decision_keeps_reviewer_time_and_what_it_replaced(review: Review) -> None:
    it = review.first(Filters(kind="flag"))
    review.decide(it.id, "accept")
    review.decide(it.id, "correct", "fixed", reviewer="ben")
    review.decide(it.id, "comment", "looked twice")
    rows = review.store.history(it.id)
    assert [r["action"] for r in rows] == ["accept", "correct", "comment"]
    assert [r["reviewer"] for r in rows] == ["ana", "ben", "ana"]
    assert rows[0]["replaced"]["status"] == "pending" and rows[0]["replaced"]["text"] == it.text
    assert rows[1]["replaced"]["status"] == "accepted"
    assert all(r["time"].endswith("Z") for r in rows)
    assert review.state(it.id).status == "corrected" and review.state(it.id).value == "fixed"


def test_undo_takes_back_the_last_action(review: Review) -> None:
    a, b = review.queue(Filters(kind="flag"))[:2]
    review.decide(a.id, "accept")
    review.decide(b.id, "reject")
    assert [r["item"] for r in review.store.undo("ana")] == [b.id]
    assert review.state(b.id).status == "pending" and review.state(a.id).status == "accepted"
    assert review.store.history(b.id)[0]["undone"]
    assert review.store.undo("nobody") == []


def test_confirm_all_above_accepts_the_earlier_beads_in_one_batch(review: Review) -> None:
    pid = next(iter(review.pairs))
    beads = review.snapshot()[3][pid]
    review.decide(beads[1].id, "accept")
    seqs = review.confirm_above(beads[4].id)
    assert len(seqs) == 4
    assert [review.state(b.id).status for b in beads] == ["accepted"] * 5 + ["pending"] * 7
    assert len({r["batch"] for r in review.store.rows() if r["seq"] in seqs}) == 1


def test_bead_edits_merge_split_and_move_a_sentence(review: Review) -> None:
    pid = next(iter(review.pairs))
    pair = review.pairs[pid]
    beads = review.snapshot()[3][pid]
    review.edit_beads(beads[0].id, "merge")
    merged = review.snapshot()[3][pid]
    assert len(merged) == 11 and (merged[0].start, merged[0].end) == (beads[0].start, beads[1].end)
    assert merged[0].target[1:] == (beads[0].target[1], beads[1].target[2])
    review.edit_beads(merged[0].id, "split")
    split = review.snapshot()[3][pid]
    assert [(i.start, i.end, i.target) for i in split] == [(i.start, i.end, i.target) for i in beads]
    review.edit_beads(split[1].id, "move", "src", down=True)
    moved = review.snapshot()[3][pid]
    assert moved[1].end < beads[1].end and moved[2].start < beads[2].start and moved[2].end == beads[2].end
    assert pair.src.text[moved[2].start : moved[2].end].endswith(beads[2].text)
    review.store.undo("ana")
    assert [i.id for i in review.snapshot()[3][pid]] == [i.id for i in beads]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["merge", "split", "src-down", "src-up", "tgt-down", "tgt-up"]),
                          st.integers(0, 11)), max_size=8))
def test_bead_edits_never_lose_or_duplicate_text(ops: list[tuple[str, int]]) -> None:
    """Whatever the edits, the beads still cover the same text on each side, in order, without overlap."""
    src, tgt = [d for d in documents() if d.id.startswith("004_") or d.id == "declaration_en.txt"]
    links = [lk for lk in src.links if lk.kind == "bead"]
    beads = [(tuple(lk.source), tuple(lk.target), lk.score) for lk in links]
    s_sent = bead_ops.sentence_splitter(src.text, "ko")
    t_sent = bead_ops.sentence_splitter(tgt.text, "en")

    def covered(bs: list, k: int) -> list[tuple[int, int]]:  # type: ignore[type-arg]
        return [tuple(b[k]) for b in bs if b[k]]

    def text_of(bs: list, k: int, text: str) -> str:  # type: ignore[type-arg]
        return "".join(ch for a, b in covered(bs, k) for ch in text[a:b] if not ch.isspace())

    want = (text_of(beads, 0, src.text), text_of(beads, 1, tgt.text))
    for op, i in ops:
        if op == "merge":
            beads = bead_ops.merge(beads, i)
        elif op == "split":
            beads = bead_ops.split(beads, i, s_sent, t_sent)
        else:
            side, way = op.split("-")
            beads = bead_ops.move(beads, i, side, way == "down", s_sent if side == "src" else t_sent)
        for k in (0, 1):
            spans = covered(beads, k)
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert (text_of(beads, 0, src.text), text_of(beads, 1, tgt.text)) == want


def test_fix_all_corrects_every_occurrence_and_export_moves_the_offsets(review: Review) -> None:
    """A recurring OCR error (한부르, twice in seed 004) fixed in one action; the corrected document has the fix at
    each place and every other annotation still covers the same text."""
    doc = next(d for d in review.order if d.startswith("004_"))
    flag = next(i for i in review.queue(Filters(doc=doc, kind="flag")) if i.text == "한부르")
    where = review.occurrences("한부르")
    assert len(where) == 2
    seqs = review.fix_all(flag.id, "함부르크")
    assert len(seqs) == 2 and len({r["batch"] for r in review.store.rows()}) == 1
    assert all(review.state(review.occurrence_item(*w)[0]).value == "함부르크" for w in where)
    old = review.docs[doc]
    new = next(d for d in corrected_documents(review) if d.id == doc)
    assert new.text == old.text.replace("한부르", "함부르크")
    kept = [f for f in old.flags if old.text[f.start : f.end] != "한부르"]
    assert [new.text[f.start : f.end] for f in new.flags] == [old.text[f.start : f.end] for f in kept]
    assert [new.text[m.start : m.end] for m in new.mentions] == [old.text[m.start : m.end] for m in old.mentions]
    assert [(s.lang, new.text[s.start : s.end].replace("함부르크", "한부르")) for s in new.spans] == [
        (s.lang, old.text[s.start : s.end]) for s in old.spans]
    assert [c["text"] for c in new.meta["review"]["corrections"]] == ["함부르크", "함부르크"]


def test_cohen_kappa_on_a_known_table() -> None:
    assert cohen_kappa(["y", "y", "n", "n"], ["y", "n", "n", "n"]) == pytest.approx(0.5)
    assert cohen_kappa(["y", "n"], ["y", "n"]) == 1.0
    assert cohen_kappa(["y", "y"], ["y", "y"]) == 1.0


def test_export_import_and_agreement_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    results = write_seed_results(tmp_path / "seeds.jsonl")
    one, two = Review(documents(), Store(str(tmp_path / "ana.sqlite")), "ana"), None
    flags = one.queue(Filters(kind="flag"))[:4]
    for it, action in zip(flags, ["accept", "accept", "reject", "reject"], strict=True):
        one.decide(it.id, action)
    two = Review(documents(), Store(str(tmp_path / "ben.sqlite")), "ben")
    for it, action in zip(flags, ["accept", "reject", "reject", "reject"], strict=True):
        two.decide(it.id, action)
    out = tmp_path / "export"
    assert cli(["review", "export", str(results), "--db", str(tmp_path / "ben.sqlite"), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in (out / "decisions.jsonl").read_text().splitlines()]
    assert [r["reviewer"] for r in rows] == ["ben"] * 4
    with open(out / "decisions.csv", newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [r["action"] for r in table] == ["accept", "reject", "reject", "reject"]
    assert len((out / "corrected.jsonl").read_text().splitlines()) == len(documents())
    capsys.readouterr()
    again = ["review", "import", str(results), str(out / "decisions.jsonl"), "--db", str(tmp_path / "ana.sqlite")]
    assert cli(again) == 0
    assert cli(again) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == ["4 new decisions of 4 in " + str(out / "decisions.jsonl"),
                       "0 new decisions of 4 in " + str(out / "decisions.jsonl")]
    assert cli(["review", "agreement", str(results), "--db", str(tmp_path / "ana.sqlite")]) == 0
    report = capsys.readouterr().out.splitlines()
    assert report[0] == "ana and ben both decided 4 items; they disagree on 1; Cohen's kappa 0.500"
    assert report[1].endswith("ana accepted, ben rejected") and flags[1].doc in report[1]
    app = App(Review(documents(), Store(str(tmp_path / "ana.sqlite")), "ana"))
    app.port = 8765
    status, _, html = call(app, "GET", "/agreement")
    assert status == 200 and "disagree on 1: Cohen's kappa <strong>0.500</strong>" in html
    assert f'href="/item/{flags[1].id}"' in html


def test_review_reads_a_results_file_as_the_serve_command() -> None:
    args = build_parser("review").parse_args(["review", "out/seeds.jsonl", "--port", "0"])
    assert (args.review_command, args.results, args.port, args.host) == ("serve", "out/seeds.jsonl", 0, "127.0.0.1")
    args = build_parser("review").parse_args(["review", "export", "r.jsonl", "-o", "dir"])
    assert (args.review_command, args.results, args.out) == ("export", "r.jsonl", "dir")


def test_missing_database_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    results = tmp_path / "r.jsonl"
    results.write_text(documents()[2].replace(links=()).to_json() + "\n", encoding="utf-8")
    assert cli(["review", "export", str(results), "-o", str(tmp_path / "x")]) == 2
    assert "no review database" in capsys.readouterr().err


def test_realign_keeps_the_confirmed_beads_and_aligns_the_rest_again(review: Review) -> None:
    """After a bad merge below confirmed beads, aligning again from the first unconfirmed bead restores the
    aligner's beads there (the same texts, the same aligner) and leaves the confirmed ones untouched."""
    pid = next(iter(review.pairs))
    beads = review.snapshot()[3][pid]
    review.confirm_above(beads[3].id)
    review.edit_beads(beads[6].id, "merge")
    review.edit_beads(review.snapshot()[3][pid][6].id, "merge")
    assert len(review.snapshot()[3][pid]) == 10
    seqs = review.realign(beads[0].id)
    assert len(seqs) == 1
    after = review.snapshot()[3][pid]
    assert [i.id for i in after[:4]] == [i.id for i in beads[:4]]
    assert all(review.state(i.id).status == "accepted" for i in after[:4])
    assert [(i.start, i.end, i.target[1:]) for i in after] == [(i.start, i.end, i.target[1:]) for i in beads]
    assert review.realign(beads[0].id) != []  # still unconfirmed below: aligning again is allowed, same answer
    assert [i.id for i in review.snapshot()[3][pid]] == [i.id for i in beads]


def test_undos_at_once_take_back_different_actions(review: Review) -> None:
    import threading

    items = review.queue(Filters(kind="flag"))[:6]
    for item in items:
        review.decide(item.id, "accept")
    barrier = threading.Barrier(4)
    taken: list[str] = []

    def undo() -> None:
        barrier.wait()
        taken.extend(r["item"] for r in review.store.undo("ana"))

    threads = [threading.Thread(target=undo) for _ in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(taken) == sorted(i.id for i in items[2:])  # the last four, each once
    assert [review.state(i.id).status for i in items] == ["accepted"] * 2 + ["pending"] * 4


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("5", "no JSON object"),
        ('{"uid":"u","batch":"b","item":"i","action":"accept","reviewer":"x","time":"t","value":"\\ud800"}',
         "lone surrogate"),
        ('{"uid":"u","batch":"b","item":"i","action":"accept","reviewer":"x","time":["t"]}', "time that is not text"),
        ('{"uid":"u","batch":"b","item":"i","action":"teleport","reviewer":"x","time":"t"}', "unknown action"),
    ],
)
def test_import_refuses_a_line_that_is_no_decision(line: str, message: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture) -> None:
    results = write_seed_results(tmp_path / "seeds.jsonl")
    (tmp_path / "d.jsonl").write_text(line + "\n", encoding="utf-8")
    assert cli(["review", "import", str(results), str(tmp_path / "d.jsonl"), "--db", str(tmp_path / "a.sqlite")]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_results_with_one_id_twice_name_the_id(tmp_path: Path) -> None:
    from mlkit.errors import InvalidInputError

    docs = [d.replace(id="same") for d in documents()[:2]]
    with pytest.raises(InvalidInputError, match="documents 1 and 2 of the results share the id 'same'"):
        Review(docs, Store(str(tmp_path / "a.sqlite")), "ana")
