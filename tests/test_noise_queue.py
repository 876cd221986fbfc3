"""The review queue (ranked, grouped by passage; JSONL and CSV) and the `mlkit noise` command."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mlkit.cli import main
from mlkit.noise import find_noise
from mlkit.noise.queue import review_items, write_csv, write_jsonl
from tests.conftest import declaration_text

TEXT = "The c0mrades met at the farm in the morning.\n\n3.2\n\nThey visited the construc-\ntion site.\n"


def test_items_carry_line_column_context_and_rank_by_score() -> None:
    items = review_items(find_noise(TEXT))
    assert [(i.kind, i.line, i.column, i.text) for i in items] == [
        ("digit-in-word", 1, 5, "c0mrades"),
        ("stray-number", 3, 1, "3.2"),
        ("hyphenation", 5, 18, "construc-\ntion"),
    ]
    assert items[0].context == "The «c0mrades» met at the farm in the mornin"
    assert items[0].passage == "main text"


def test_flags_are_grouped_by_passage() -> None:
    text = "The c0mrades met.\n흩어진 가족, ㄱ 친척을 만났다.\nThe 3rd meeting ended.\n"
    items = review_items(find_noise(text))
    passages = [i.passage for i in items]
    assert passages == sorted(passages, key=passages.index)  # each passage's items are together
    assert "ko 2" in passages


def test_jsonl_and_csv_exports_have_every_column() -> None:
    items = review_items(find_noise(TEXT))
    out = io.StringIO()
    write_jsonl(items, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[0]["kind"] == "digit-in-word" and rows[0]["suggestion"] == "comrades"
    out = io.StringIO()
    write_csv(items, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(table[0]) == ["file", "passage", "line", "column", "start", "end", "text", "context", "kind",
                              "score", "reason", "suggestion"]  # fmt: skip
    assert table[1]["text"] == "3.2" and table[1]["line"] == "3"


def test_cli_text_view_shows_line_context_and_reason(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["noise", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: 3 flags" in out
    assert "1:5" in out and "«c0mrades»" in out and "a digit inside a word" in out and "→ comrades" in out


def test_cli_csv_and_min_score(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["noise", str(path), "--format", "csv", "--min-score", "0.7"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["kind"] for r in rows] == ["digit-in-word"]


def test_cli_reference_flags_deviations(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    declaration = declaration_text() + "\n"
    ref = tmp_path / "published.txt"
    ref.write_text(declaration.replace("친척발문단", "친척방문단"), encoding="utf-8")
    page = tmp_path / "decl.txt"
    page.write_text(declaration, encoding="utf-8")
    assert main(["noise", str(page), "--reference", str(ref), "--detectors", "markup", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["text"], r["suggestion"]) for r in rows] == [
        ("reference-diff", "친척발문단을", "친척방문단을")
    ]


def test_cli_missing_reference_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("text\n", encoding="utf-8")
    assert main(["noise", str(page), "--reference", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert "--reference" in err and "Traceback" not in err
