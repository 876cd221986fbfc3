"""The document model: immutability, annotations, JSONL round trip and schema errors."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlkit import Document, Edge, Flag, Mention, Romanization, SchemaError, Span, segment
from mlkit.document import AlignmentLink, read_jsonl, utf8_offset, write_jsonl
from tests.conftest import seed_path


def full_document() -> Document:
    text = "김정일 met Kim Dae-jung in 평양."
    return Document(
        text=text,
        id="example",
        meta={"source": "example.txt"},
        spans=(Span(0, 3, "ko", "Hangul", "passage", 0.99),),
        romanizations=(Romanization(0, 3, "dprk-media", "Kim Jong Il", (Edge(0, 1, 0, 3, ("name:surname",)),)),),
        mentions=(Mention(8, 21, "김대중", "rr", 0.97, None, None),),
        links=(AlignmentLink("bead", (0,), (0, 1), 0.8),),
        flags=(Flag(25, 27, "test", 0.5, "a reason", "a fix"),),
    )


def test_round_trip_keeps_every_annotation() -> None:
    doc = full_document()
    assert Document.from_json(doc.to_json()) == doc


def test_json_line_carries_the_schema_and_is_one_line() -> None:
    line = full_document().to_json()
    assert "\n" not in line
    assert json.loads(line)["schema"] == "mlkit/1"


def test_add_returns_a_new_document_and_leaves_the_old_one() -> None:
    doc = Document("abc")
    flagged = doc.add(flags=[Flag(0, 1, "k", 0.1, "r")])
    assert doc.flags == () and len(flagged.flags) == 1
    with pytest.raises(AttributeError):
        doc.text = "x"  # type: ignore[misc]


def test_add_rejects_unknown_annotation_lists() -> None:
    with pytest.raises(TypeError):
        Document("abc").add(notes=[1])


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"schema": "mlkit/0", "text": "x"}', "unsupported schema"),
        ('{"schema": "mlkit/1"}', "'text' must be a string"),
        ("not json", "not JSON"),
        ('{"schema": "mlkit/1", "text": "ab", "spans": [{"start": 0, "end": 9, "lang": "en", "script": "Latin"}]}',
         r"spans\[0\]\.end: 9 is past the end of the text"),
        ('{"schema": "mlkit/1", "text": "ab", "flags": [{"start": 0}]}', r"flags\[0\]\.end: missing"),
    ],
)
def test_bad_jsonl_raises_a_schema_error_saying_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        Document.from_json(line)


def test_jsonl_stream_round_trip_of_a_segmented_seed() -> None:
    doc = segment(seed_path("004").read_text(encoding="utf-8"))
    buf = io.StringIO()
    write_jsonl([doc, Document("")], buf)
    buf.seek(0)
    assert list(read_jsonl(buf)) == [doc, Document("")]


def test_utf8_offset_counts_bytes() -> None:
    assert utf8_offset("가a", 1) == 3
    assert utf8_offset("가a", 2) == 4


@given(st.text(), st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=3))
def test_any_text_and_meta_round_trip(text: str, meta: dict) -> None:
    doc = Document(text=text, id="x", meta=meta)
    assert Document.from_json(doc.to_json()) == doc
