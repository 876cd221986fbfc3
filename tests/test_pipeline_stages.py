"""The stage contract (registry, requirements, picklable functions, one config in every output's meta),
`mlkit.pipeline.process` over texts and Documents, and bad documents turned into error records."""

from __future__ import annotations

import io
import itertools
import json
import os
import pickle
import sys
from pathlib import Path

import pytest

from mlkit.cli import main
from mlkit.document import Document
from mlkit.errors import UnknownOptionError
from mlkit.pipeline import Config, Pipeline, process
from mlkit.pipeline import stages as stage_module
from mlkit.pipeline.stages import STAGES, check, resolve
from tests.conftest import seed_path

KOREAN = (
    "The joint declaration begins:\n북과 남은 조국의 자주적 평화통일을 위하여 공동으로 노력하기로 하였다.\n"
    "Kim Dae Jung signed it.\n"
)


def test_requirements_are_added_in_registry_order() -> None:
    assert resolve(["noise"]) == ("segment", "noise")
    assert resolve(["mentions", "romanize"]) == ("segment", "romanize", "mentions")
    assert check(Config(stages=("parallel",))).stages == ("segment", "parallel")
    with pytest.raises(UnknownOptionError, match="unknown stage 'tokenize'"):
        resolve(["tokenize"])
    with pytest.raises(UnknownOptionError, match="romanisation system 'wade'"):
        check(Config(romanize_systems=("wade",)))


def test_every_stage_declares_what_it_needs_and_adds_and_pickles_by_reference() -> None:
    assigned = {a for s in STAGES.values() for a in s.assigns}
    for stage in STAGES.values():
        assert set(stage.requires) <= assigned
        assert pickle.loads(pickle.dumps(stage.func)) is stage.func
        assert stage.func.__module__ == stage_module.__name__
    assert pickle.loads(pickle.dumps(Pipeline(("segment",)))) == Pipeline(("segment",))


def test_config_round_trips_through_json_and_refuses_unknown_keys() -> None:
    config = Config(stages="segment,romanize", romanize_systems=["rr", "mr"], noise_min_score=0.5)
    assert config.stages == ("segment", "romanize")
    assert Config.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    with pytest.raises(UnknownOptionError, match="unknown config key 'stage'"):
        Config.from_dict({"stage": ["segment"]})


def test_process_keeps_order_ids_and_records_the_config(seed_texts: dict[str, str]) -> None:
    docs = [Document(text, id=name) for name, text in seed_texts.items()]
    config = Config(romanize_systems=("rr", "mr"))
    out = list(process([*docs, KOREAN], stages=["romanize"], config=config))
    assert [d.id for d in out] == [*seed_texts, ""]
    assert all(d.text == src.text for d, src in zip(out, [*docs, Document(KOREAN)], strict=True))
    stamp = out[0].meta["mlkit"]
    assert stamp["config"]["stages"] == ["segment", "romanize"] and stamp["version"]
    korean = [p for p in out[-1].passages() if p.lang == "ko"]
    assert len(korean) == 1
    assert [(r.start, r.system) for r in out[-1].romanizations] == [(korean[0].start, "rr"), (korean[0].start, "mr")]
    assert out[-1].romanizations[0].text.startswith("bukgwa nameun")


def test_process_streams_an_endless_input() -> None:
    endless = (f"Line {i} of an endless corpus.\n" for i in itertools.count())
    first = list(itertools.islice(process(endless, stages=["segment"]), 3))
    assert [d.text for d in first] == [f"Line {i} of an endless corpus.\n" for i in range(3)]


def test_mentions_and_noise_stages_match_the_public_functions() -> None:
    from mlkit import annotate_mentions, find_noise, segment

    text = seed_path("004").read_text(encoding="utf-8")
    (doc,) = process([text], stages=["mentions", "noise"])
    alone = find_noise(annotate_mentions(segment(text)))
    assert doc.mentions == alone.mentions and doc.flags == alone.flags and doc.spans == alone.spans
    assert doc.mentions


def test_a_stage_that_raises_gives_an_error_record_and_the_run_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = STAGES["romanize"]

    def fragile(doc: Document, config: Config) -> Document:
        if "boom" in doc.text:
            raise ValueError("cannot romanise this")
        return real.func(doc, config)

    monkeypatch.setitem(STAGES, "romanize", real.__class__("romanize", fragile, real.requires, real.assigns))
    out = list(process(["before", "a boom here", KOREAN], stages=["romanize"]))
    assert [d.text for d in out] == ["before", "a boom here", KOREAN]
    assert out[1].meta["error"] == {"stage": "romanize", "error": "ValueError: cannot romanise this"}
    assert not out[1].spans, "an error record holds the input, not half-made annotations"
    assert "error" not in out[2].meta and out[2].romanizations


def test_too_large_and_bad_translation_become_error_records() -> None:
    docs = [Document("x" * 100, id="big"), Document("Kim.", id="t", meta={"translation": 7}), Document("ok", id="ok")]
    out = list(process(docs, stages=["parallel"], config=Config(max_bytes=50)))
    assert out[0].meta["error"]["error"] == "100 bytes is more than the limit of 50" and out[0].text == "x" * 100
    assert out[1].meta["error"]["stage"] == "parallel"
    assert "must be a string" in out[1].meta["error"]["error"]
    assert "error" not in out[2].meta and not out[2].links


def test_parallel_stage_aligns_a_given_translation() -> None:
    lines = seed_path("004").read_text(encoding="utf-8").splitlines(keepends=True)[916:935]
    translation = (Path(__file__).parent / "data" / "align" / "declaration_en.txt").read_text(encoding="utf-8")
    (doc,) = process([Document("".join(lines), id="decl", meta={"translation": translation})], stages=["parallel"])
    assert len(doc.links) >= 5
    assert all(link.target_doc == "decl#translation" for link in doc.links)


def test_cli_reads_jsonl_on_stdin_with_named_fields(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    rows = [{"body": KOREAN, "key": 1}, {"body": "Plain English."}, "not an object", {"key": 3}]
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{oops\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    code = main(["process", "--from", "jsonl", "--text-field", "body", "--id-field", "key", "--stages", "segment"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [r["id"] for r in out] == ["1", "<stdin>:2", "<stdin>:3", "<stdin>:4", "<stdin>:5"]
    starts = [0, *itertools.accumulate(len(line) for line in data.encode("utf-8").splitlines(keepends=True))]
    offsets = [None, None, starts[2], starts[3], starts[4] + 1]  # "{oops": a name was expected after the brace
    assert [r["meta"].get("error", {}).get("offset") for r in out] == offsets
    assert out[0]["meta"]["main_lang"] == "en" and out[0]["spans"]


def test_cli_exit_code_is_zero_without_errors(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(KOREAN, encoding="utf-8")
    assert main(["process", str(tmp_path / "*.txt"), "--stages", "segment", "-o", str(tmp_path / "o.jsonl")]) == 0
    (record,) = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["id"] == str(tmp_path / "a.txt")
    stats = json.loads((tmp_path / "o.stats.json").read_text())
    assert stats["documents"] == 1 and stats["errors"] == 0 and set(stats["stage_seconds"]) == {"segment"}


def test_a_stage_whose_extra_is_missing_stops_before_any_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlkit import extras
    from mlkit.errors import MissingExtraError

    monkeypatch.setattr(extras, "missing", lambda extra: ("kiwipiepy",) if extra == "noise" else ())
    with pytest.raises(MissingExtraError, match=r"the noise stage needs the 'noise' extra"):
        check(Config(stages=("noise",)))
    assert check(Config(stages=("mentions",))).stages == ("segment", "mentions")


def test_cli_replaces_bad_bytes_when_asked(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Pyongyang caf\u00e9 and Kim.\n".encode("latin-1"))
    out = tmp_path / "o.jsonl"
    assert main(["process", str(tmp_path), "--stages", "segment", "--errors", "replace", "-o", str(out)]) == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["text"] == "Pyongyang caf\ufffd and Kim.\n"
    assert [f["kind"] for f in record["flags"]] == ["invalid-utf8"]


def test_ids_that_are_no_strings_keep_their_json_spelling(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    rows = [{"text": "x", "id": {"n": 1}}, {"text": "y", "id": True}, {"text": "z", "id": 7}]
    data = "".join(json.dumps(r) + "\n" for r in rows)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    assert main(["process", "--from", "jsonl", "--stages", "segment"]) == 0
    assert [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()] == ['{"n":1}', "true", "7"]


@pytest.mark.parametrize(
    ("option", "message"),
    [(["--stages", ""], "--stages is empty"), (["--shard-size", "0"], "--shard-size 0"), (["--workers", "-1"], "-1")],
)
def test_cli_refuses_options_that_cannot_run(option: list[str], message: str, tmp_path: Path, capsys) -> None:
    assert main(["process", str(seed_path("000")), "-o", str(tmp_path / "o.jsonl"), *option]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_cli_says_when_no_document_was_read(tmp_path: Path, capsys) -> None:
    (tmp_path / "in").mkdir()
    assert main(["process", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--stages", "segment"]) == 0
    assert "no document was read" in capsys.readouterr().err


def test_an_output_that_is_an_input_or_holds_other_files_is_refused(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "same.jsonl"
    corpus.write_text('{"id": "a", "text": "hello 평양"}\n', encoding="utf-8")
    assert main(["process", str(corpus), "-o", str(corpus), "--stages", "segment", "--no-progress"]) == 2
    assert "is also an input" in capsys.readouterr().err and corpus.stat().st_size > 0
    theirs = tmp_path / "spark"
    theirs.mkdir()
    (theirs / "part-00000.jsonl").write_text('{"row": 1}\n', encoding="utf-8")
    assert main(["process", str(corpus), "-o", str(theirs), "--stages", "segment", "--no-progress"]) == 2
    assert "no mlkit run wrote" in capsys.readouterr().err
    assert (theirs / "part-00000.jsonl").read_text(encoding="utf-8") == '{"row": 1}\n'


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs symbolic links and named pipes")
def test_a_folder_with_a_link_loop_and_a_pipe_is_read_without_hanging(tmp_path: Path, capsys) -> None:
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.txt").write_text("text about 평양\n", encoding="utf-8")
    (tree / "sub" / "loop").symlink_to("..")
    os.mkfifo(tree / "pipe")
    out = tmp_path / "o.jsonl"
    assert main(["process", str(tree), "-o", str(out), "--stages", "segment", "--no-progress"]) == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(Path(r["id"]).name, "error" in r["meta"]) for r in records] == [("a.txt", False), ("pipe", True)]
    assert "not a regular file" in records[1]["meta"]["error"]["error"]


def test_errors_mode_applies_to_jsonl_records(tmp_path: Path) -> None:
    corpus = tmp_path / "enc.jsonl"
    corpus.write_bytes(b'\xef\xbb\xbf{"id":"latin1","text":"caf\xe9 in Pyongyang"}\n'
                       b'{"id":"sur","text":"lone \\ud800 x"}\n')
    for errors, expected in (("strict", [None, None]), ("replace", ["caf\ufffd in Pyongyang", "lone \ufffd x"])):
        out = tmp_path / f"{errors}.jsonl"
        main(["process", str(corpus), "-o", str(out), "--stages", "segment", "--errors", errors, "--no-progress"])
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [None if "error" in r["meta"] else r["text"] for r in records] == expected
        if errors == "replace":
            flags = [[(f["start"], f["kind"]) for f in r["flags"]] for r in records]
            assert flags == [[(3, "invalid-utf8")], [(5, "invalid-utf8")]]
            assert [r["id"] for r in records] == ["latin1", "sur"]  # the first record survives the byte-order mark
