"""`mlkit align mentions|parallel|reference` on real files: output formats, offsets, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlkit.cli import main
from tests.conftest import TEST_DATA, declaration_text, seed_path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture()
def names_file(tmp_path: Path) -> Path:
    path = tmp_path / "names.txt"
    path.write_text("김정일\n백두\n근로자\n", encoding="utf-8")
    return path


def test_mentions_with_names_file_writes_one_json_line_per_name(names_file: Path, capsys) -> None:
    seed = str(seed_path("004"))
    code, out, _ = run(["align", "mentions", "--names", str(names_file), "--limit", "2", seed], capsys)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["hangul"] for r in rows] == ["김정일", "백두", "근로자"]
    assert [r["mentions"][0]["text"] for r in rows] == ["Kim Jong Il", "Paektu", "Kulloja"]
    text = Path(seed).read_text(encoding="utf-8")
    for r in rows:
        m = r["mentions"][0]
        assert text[m["start"] : m["end"]] == m["text"]
        assert set(m) == {"text", "file", "start", "end", "score", "system"}
        assert len(r["mentions"]) <= 2


def test_mentions_text_format_shows_the_best_mention(names_file: Path, capsys) -> None:
    code, out, _ = run(
        ["align", "mentions", "--names", str(names_file), "--format", "text", str(seed_path("004"))], capsys
    )
    assert code == 0
    assert out.splitlines()[1].startswith("백두: 'Paektu' 1.00 (dprk-media)")


def test_mentions_annotate_writes_documents_with_mentions(tmp_path: Path, capsys) -> None:
    path = tmp_path / "doc.txt"
    text = "두 나라 대표단은 평양에서 만나 회담을 진행하였다.\n\nThe two delegations met in Pyongyang.\n"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(["align", "mentions", "--annotate", str(path)], capsys)
    doc = json.loads(out)
    assert code == 0
    assert [(m["hangul"], m["system"]) for m in doc["mentions"]] == [("평양", "gazetteer")]


@pytest.mark.slow
def test_parallel_writes_beads_and_tsv_side_by_side(tmp_path: Path, capsys) -> None:
    src = tmp_path / "ko.txt"
    src.write_text(declaration_text(), encoding="utf-8")
    tgt = TEST_DATA / "align" / "declaration_en.txt"
    code, out, _ = run(["align", "parallel", "--split", str(src), str(tgt)], capsys)
    assert code == 0
    beads = [json.loads(line) for line in out.splitlines()]
    assert set(beads[0]) == {"src", "tgt", "score"} and beads[0]["tgt"] == [0]
    assert [b["src"] for b in beads] == [[i] for i in range(12)]
    code, out, _ = run(["align", "parallel", "--split", "--format", "tsv", str(src), str(tgt)], capsys)
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[3][:2] == ["3", "3"]
    assert rows[3][3].startswith("1. 북과 남은") and rows[3][4].startswith("1. The north and the south")
    # Both formats print the same beads with the same scores (the TSV rounded to four places).
    assert [r[2] for r in rows] == [f"{b['score']:.4f}" for b in beads]


@pytest.mark.slow
def test_parallel_clause_links_carry_offsets_into_the_pair(tmp_path: Path, capsys) -> None:
    src = tmp_path / "ko.txt"
    tgt = tmp_path / "en.txt"
    src.write_text("북과 남은 경제협력을 통하여 민족경제를 균형적으로 발전시키기로 하였다.\n", encoding="utf-8")
    tgt.write_text(
        "The north and the south agreed to develop the national economy in a balanced way, "
        "through economic cooperation.\n",
        encoding="utf-8",
    )
    code, out, _ = run(["align", "parallel", "--clauses", str(src), str(tgt)], capsys)
    bead = json.loads(out)
    assert code == 0
    assert bead["clauses"]
    assert all(c["src"][0] < c["src"][1] and c["tgt"][0] < c["tgt"][1] for c in bead["clauses"])


def test_reference_reports_ocr_differences(tmp_path: Path, capsys) -> None:
    text = tmp_path / "ocr.txt"
    ref = tmp_path / "ref.txt"
    text.write_text("흩어진 가족, 친척발문단을 교환하며\n", encoding="utf-8")
    ref.write_text("흩어진 가족, 친척방문단을 교환하며\n", encoding="utf-8")
    code, out, _ = run(["align", "reference", "--format", "jsonl", str(text), str(ref)], capsys)
    assert code == 0
    diff = json.loads(out)
    assert (diff["kind"], diff["text"], diff["ref_text"]) == ("substitution", "발", "방")


def test_missing_file_is_one_error_line_and_exit_code_two(capsys) -> None:
    code, out, err = run(["align", "parallel", "no-such-file.txt", "other.txt"], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "no such file" in err


def test_empty_names_file_says_what_to_write(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "names.txt"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = run(["align", "mentions", "--names", str(empty), str(seed_path("000"))], capsys)
    assert code == 2
    assert "one Hangul name a line" in err


def test_reference_that_is_no_version_of_the_text_is_warned_about(tmp_path: Path, capsys) -> None:
    text, ref, empty = tmp_path / "ocr.txt", tmp_path / "ref.txt", tmp_path / "empty.txt"
    text.write_text(declaration_text(), encoding="utf-8")
    ref.write_text(seed_path("002").read_text(encoding="utf-8")[:3000], encoding="utf-8")
    empty.write_text(" \n", encoding="utf-8")
    code, out, err = run(["align", "reference", str(text), str(ref)], capsys)
    assert code == 1 and out == "" and "is it a version of this text?" in err
    code, _, err = run(["align", "reference", str(text), str(empty)], capsys)
    assert code == 2 and "the reference is empty" in err


def test_backward_line_range_is_named_as_such(tmp_path: Path, capsys) -> None:
    src = tmp_path / "src.txt"
    src.write_text("a\nb\nc\n", encoding="utf-8")
    code, _, err = run(["align", "parallel", "--src-lines", "3-2", str(src), str(src)], capsys)
    assert code == 2 and "runs backwards" in err
