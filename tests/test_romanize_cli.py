"""`mlkit romanize`: line-for-line text, JSONL with edges, the explain view, and clear errors."""

from __future__ import annotations

import io
import sys

import pytest

from mlkit.cli import main
from mlkit.document import Document
from tests.conftest import seed_path


def test_one_output_line_per_input_line(tmp_path, capsys) -> None:
    path = tmp_path / "in.txt"
    path.write_text("독립문\n\nKim said 평양\n", encoding="utf-8")
    assert main(["romanize", "--system", "rr", str(path)]) == 0
    assert capsys.readouterr().out == "Dongnimmun\n\nKim said Pyeongyang\n"


def test_stdin_is_read_when_no_file(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("김일성\n".encode())))
    assert main(["romanize", "-s", "dprk-media"]) == 0
    assert capsys.readouterr().out == "Kim Il Sung\n"


def test_jsonl_carries_edges_and_round_trips(tmp_path, capsys) -> None:
    path = tmp_path / "in.txt"
    path.write_text("독립문 앞\n", encoding="utf-8")
    assert main(["romanize", "--format", "jsonl", str(path)]) == 0
    doc = Document.from_json(capsys.readouterr().out.strip())
    (rom,) = doc.romanizations
    assert rom.text == "Dongnimmun ap\n"
    assert rom.edges[0].rules == ("nasalization",)
    assert "".join(rom.text[e.out_start : e.out_end] for e in rom.edges) == rom.text
    assert Document.from_json(doc.to_json()) == doc


def test_jsonl_passages_scope_on_a_seed(capsys) -> None:
    assert main(["romanize", "--format", "jsonl", "--scope", "passages", "-s", "mr", str(seed_path("004"))]) == 0
    doc = Document.from_json(capsys.readouterr().out.strip())
    assert doc.romanizations
    assert any("Kim" in r.text for r in doc.romanizations)
    for rom in doc.romanizations:
        assert rom.edges[0].src_start == rom.start and rom.edges[-1].src_end == rom.end


def test_explain_lists_syllables_and_rules(tmp_path, capsys) -> None:
    path = tmp_path / "in.txt"
    path.write_text("독립문\n", encoding="utf-8")
    assert main(["romanize", "--explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "독  Dong  nasalization" in out
    assert "문  mun   letters" in out


def test_unknown_system_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["romanize", "--system", "wade-giles"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_invalid_utf8_is_a_clear_error(tmp_path, capsys) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00abc")
    assert main(["romanize", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "Traceback" not in err


def test_seed_declaration_romanised_in_dprk_media(capsys) -> None:
    assert main(["romanize", "-s", "dprk-media", str(seed_path("004"))]) == 0
    lines = capsys.readouterr().out.splitlines()
    source = seed_path("004").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(source)
    assert "Kim Jong Il" in lines[source.index("김 정 일")]
    assert lines[source.index("김 대 중")] == "Kim Dae Jung"


def test_all_systems_list_each_seed_passage(capsys) -> None:
    assert main(["romanize", "--passages", "--system", "all", str(seed_path("004"))]) == 0
    out = capsys.readouterr().out
    for line in ("    dprk-media: Kim Jong Il", "    mr: Kim Tae-jung", "    rr-translit: gim jeong il"):
        assert line in out


@pytest.mark.parametrize(
    ("names", "expected"),
    [("auto", "goyangi\nMin Yongha\n"), ("off", "goyangi\nminyongha\n"), ("only", "Ko Yangi\nMin Yongha\n")],
)
def test_names_option_reads_names_with_evidence_never_or_always(tmp_path, capsys, names: str, expected: str) -> None:
    path = tmp_path / "in.txt"
    path.write_text("고양이\n민용하\n", encoding="utf-8")
    assert main(["romanize", "--names", names, str(path)]) == 0
    assert capsys.readouterr().out == expected


def test_explain_names_the_evidence_for_a_name(tmp_path, capsys) -> None:
    path = tmp_path / "in.txt"
    path.write_text("민용하\n", encoding="utf-8")
    assert main(["romanize", "--explain", str(path)]) == 0
    assert "name:evidence=alone:0.6" in capsys.readouterr().out
