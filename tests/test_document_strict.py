"""The strict JSONL reader: every malformed document is one SchemaError naming the line and field; the CLI
answers exit 2 with one line; lone surrogates and bad bytes are refused or replaced and flagged; the writer's
output validates against the published JSON Schema."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from mlkit import Document, SchemaError, find_noise, romanize_document, segment
from mlkit.document import read_jsonl
from mlkit.resources import data_path
from tests.conftest import seed_path

DOC = '{"schema":"mlkit/1","text":"ab"%s}'
SPAN = '"spans":[{"start":%s,"end":%s,"lang":"en","script":"Latin"%s}]'
EDGE_DOC = '"romanizations":[{"start":0,"end":2,"system":"rr","text":"xy","edges":[%s]}]'
BAD = [
    (DOC % ',"meta":"ab"', "meta: must be an object, got string"),
    (DOC % ("," + SPAN % ('"0"', 1, "")), r"spans\[0\]\.start: must be an integer, got string"),
    (DOC % ("," + SPAN % ("null", 1, "")), r"spans\[0\]\.start: must be an integer, got null"),
    (DOC % ("," + SPAN % ("true", 1, "")), r"spans\[0\]\.start: must be an integer, got boolean"),
    (DOC % ("," + SPAN % ("0.0", 1, "")), r"spans\[0\]\.start: must be an integer, got number"),
    (DOC % ("," + SPAN % ("-1", 1, "")), r"spans\[0\]\.start: must not be negative"),
    (DOC % ("," + SPAN % (2, 1, "")), r"spans\[0\]: start 2 is after end 1"),
    (DOC % ("," + SPAN % (0, 3, "")), r"spans\[0\]\.end: 3 is past the end of the text"),
    (DOC % ("," + SPAN % (0, 1, ',"kind":"word"')), "unknown span kind"),
    (DOC % ("," + SPAN % (0, 1, ',"confidence":NaN')), "NaN is not a JSON number"),
    (DOC % ("," + SPAN % (0, 1, ',"confidence":1e999')), "out of range"),
    (DOC % ("," + SPAN % (0, 1, ',"confidence":1.5')), r"confidence: must be within \[0, 1\]"),
    (DOC % ("," + SPAN % (0, 1, ',"confidence":"high"')), "confidence: must be a number"),
    (DOC % ("," + SPAN % (0, 1, ',"colour":1')), r"spans\[0\]\.\"colour\": unknown field"),
    (DOC % ',"spans":{}', "spans: must be an array"),
    (DOC % ',"spans":[1]', r"spans\[0\]: must be an object"),
    (DOC % ("," + EDGE_DOC % '{"out":[0,1]}'), r"edges\[0\]\.src: missing"),
    (DOC % ("," + EDGE_DOC % '{"src":[0],"out":[0,1]}'), r"edges\[0\]\.src: must be \[start, end\]"),
    (DOC % ("," + EDGE_DOC % '{"src":[0,5],"out":[0,1]}'), r"edges\[0\]\.src: \[0, 5\] is not an ordered range"),
    (DOC % ("," + EDGE_DOC % '{"src":[0,1],"out":[1,0]}'), r"edges\[0\]\.out: \[1, 0\] is not an ordered range"),
    (DOC % ("," + EDGE_DOC % '{"src":[0,1],"out":[0,9]}'), r"edges\[0\]\.out"),
    (DOC % ("," + EDGE_DOC % '{"src":[0,1],"out":[0,1],"rules":[1]}'), r"rules\[0\]: must be a string"),
    (DOC % ',"flags":[{"start":0,"end":1,"kind":"x","score":0.5}]', r"flags\[0\]\.reason: missing"),
    (DOC % ',"mentions":[{"start":0,"end":1,"hangul":"김","system":"rr","score":1,"source_start":3}]', "both"),
    (DOC % ',"links":[{"kind":"bead","source":[0.5],"target":[],"score":1}]', r"links\[0\]\.source\[0\]"),
    (DOC % ',"id":7', "id: must be a string"),
    (DOC % ',"extra":1', "unknown field"),
    (DOC % (',"meta":{"a":' + "9" * 5000 + "}"), "an integer of 5000 digits"),
    (DOC % (',"meta":{"a":' + "[" * 100_000 + "]" * 100_000 + "}"), "nested too deeply"),
    (DOC % (',"meta":{"a":' + "[" * 100 + "]" * 100 + "}"), "nested deeper than 64"),
    ('{"schema":"mlkit/1","text":5}', "text: must be a string"),
    ('{"schema":"mlkit/1","text":"a\\udf94"}', r"text: lone surrogate U\+DF94 at offset 1"),
    ('{"schema":"mlkit/1","text":"a","id":"\\ud800"}', "id: lone surrogate"),
    ("[1]", "expected a JSON object"),
    ('{"schema":"mlkit/1","text":"a"', "not JSON"),
]


@pytest.mark.parametrize("line, message", BAD)
def test_each_malformed_document_is_one_schema_error_naming_the_field(line: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message) as info:
        list(read_jsonl(io.StringIO('{"schema":"mlkit/1","text":"fine"}\n' + line + "\n")))
    assert str(info.value).startswith("line 2: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("line, message", [BAD[0], BAD[4], BAD[16], BAD[27], BAD[28], BAD[31]])
def test_the_cli_answers_exit_2_and_one_line_for_a_malformed_document(line: str, message: str) -> None:
    proc = _cli(["segment", "--from", "jsonl", "--format", "jsonl"], line.encode("utf-8", "surrogatepass"))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count(b"\n") == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.startswith(b"mlkit: error: <stdin>: line 1: ")
    assert proc.stdout == b""


def test_invalid_bytes_in_a_jsonl_line_are_refused_or_replaced_never_copied_raw() -> None:
    line = b'{"schema":"mlkit/1","text":"a\xffb \xc3"}\n'
    strict = _cli(["segment", "--from", "jsonl", "--format", "jsonl"], line)
    assert strict.returncode == 2 and b"byte 0xff at offset 1 is not text (not UTF-8)" in strict.stderr
    replaced = _cli(["segment", "--from", "jsonl", "--format", "jsonl", "--errors", "replace"], line)
    assert replaced.returncode == 0, replaced.stderr
    doc = Document.from_json(replaced.stdout.decode("utf-8"))
    assert doc.text == "a\ufffdb \ufffd"
    assert [(f.start, f.end, f.kind) for f in doc.flags] == [(1, 2, "invalid-utf8"), (4, 5, "invalid-utf8")]


@pytest.mark.parametrize(
    "command",
    [
        ["segment", "--format", "jsonl"],
        ["romanize", "--format", "jsonl"],
        ["romanize", "--format", "jsonl", "--scope", "passages"],
        ["noise", "--format", "documents"],
        ["align", "mentions", "--annotate"],
    ],
)
def test_a_lone_surrogate_is_replaced_and_flagged_by_every_documents_writer(command: list[str]) -> None:
    line = b'{"schema":"mlkit/1","id":"s","text":"\\udf94 \xea\xb9\x80\xec\xa0\x95\xec\x9d\xbc met Kim."}\n'
    strict = _cli([*command, "--from", "jsonl"], line)
    assert strict.returncode == 2 and b"lone surrogate U+DF94" in strict.stderr, strict.stderr
    proc = _cli([*command, "--from", "jsonl", "--errors", "replace"], line)
    assert proc.returncode == 0, proc.stderr
    doc = Document.from_json(proc.stdout.decode("utf-8").splitlines()[0])
    assert doc.text.startswith("\ufffd 김정일")
    assert any(f.kind == "invalid-utf8" and (f.start, f.end) == (0, 1) for f in doc.flags)


def test_a_document_built_in_python_with_a_surrogate_is_written_replaced_and_flagged() -> None:
    doc = segment("x\udf94 김정일")
    line = doc.to_json()
    line.encode("utf-8")  # never a UnicodeEncodeError
    back = Document.from_json(line)
    assert back.text == "x\ufffd 김정일" and back.spans == doc.spans
    assert [(f.start, f.end, f.kind) for f in back.flags] == [(1, 2, "invalid-utf8")]
    pair = Document("\ud800\udc00 a").to_json()  # two surrogates that JSON would read as one character
    assert Document.from_json(pair).text == "\ufffd\ufffd a"


def test_align_texts_takes_a_lone_surrogate() -> None:
    from mlkit import align_texts

    result = align_texts("\udf94", "x")
    assert result.src_units[0].text == "\udf94"


def test_an_overlong_line_is_refused_naming_its_number() -> None:
    stream = io.BytesIO(b'{"schema":"mlkit/1","text":"ok"}\n{"schema":"mlkit/1","text":"' + b"a" * 200 + b'"}\n')
    with pytest.raises(SchemaError, match="line 2: longer than 100 bytes"):
        list(read_jsonl(stream, max_line_bytes=100))


def test_the_writers_output_validates_against_the_published_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(data_path("schema/document.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    text = seed_path("004").read_text(encoding="utf-8")
    doc = romanize_document(segment(text), "mr")
    doc = find_noise(doc)
    from mlkit.align import annotate_mentions

    doc = annotate_mentions(doc, min_score=0.5)
    for name in ("spans", "romanizations", "flags"):
        assert getattr(doc, name), name
    for line in (doc.to_json(), Document("").to_json(), segment("x\udf94").to_json()):
        errors = list(validator.iter_errors(json.loads(line)))
        assert not errors, errors[0].message
    assert Document.from_json(doc.to_json()) == doc
    assert not validator.is_valid(json.loads(DOC % ',"spans":[{"start":true,"end":1,"lang":"en","script":"L"}]'))


def _cli(args: list[str], stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {"LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "mlkit", *args], input=stdin, capture_output=True, timeout=120, env=env, check=False
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["segment", "--main-lang", "xx"], b"argument --main-lang: unknown language 'xx'"),
        (["segment", "--min-confidence", "nan"], b"argument --min-confidence: 'nan' is not a score"),
        (["noise", "--min-score", "nan"], b"argument --min-score: 'nan' is not a score"),
        (["noise", "--min-score", "1.5"], b"argument --min-score: '1.5' is not a score"),
        (["noise", "--detectors", "characters,nosuch"], b"unknown detector 'nosuch'"),
        (["romanize", "--system", "zz"], b"invalid choice: 'zz'"),
        (["romanize", "--lang", "klingon"], b"unknown language 'klingon'"),
        (["align", "mentions", "--min-score", "-0.1"], b"'-0.1' is not a score"),
        (["align", "mentions", "--limit", "-3"], b"'-3' is not a count"),
    ],
)
def test_option_values_are_checked_with_exit_2(args: list[str], message: bytes) -> None:
    proc = _cli(args, b"Kim met \xea\xb9\x80\xec\xa0\x95\xec\x9d\xbc.\n")
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert b"Traceback" not in proc.stderr


def test_the_api_checks_languages_and_scores_too() -> None:
    from mlkit import MlkitError, annotate_mentions

    for call in (
        lambda: segment("text", main_lang="xx"),
        lambda: segment("text", min_confidence=float("nan")),
        lambda: find_noise("text", min_score=float("nan")),
        lambda: annotate_mentions(Document("text"), min_score=2),
    ):
        with pytest.raises(MlkitError) as info:
            call()
        assert info.value.exit_code == 2
    assert segment("Das ist gut.", main_lang="de").meta["main_lang"] == "de"


def test_binary_input_gets_a_bounded_number_of_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    from mlkit import textio

    monkeypatch.setattr(textio, "MAX_FLAGS", 3)
    doc = textio.decode(b"a\xffb\xffc\xffd\xffe\xfff", "x", errors="replace")
    assert doc.text == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    assert [(f.start, f.end) for f in doc.flags] == [(1, 2), (3, 4), (5, 6), (7, 10)]
    assert "2 more stretches" in doc.flags[-1].reason and "byte offsets 7 and 10" in doc.flags[-1].reason
