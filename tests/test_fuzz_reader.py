"""Fuzzing the JSONL reader: random and mutated documents either read as valid Documents or raise one
SchemaError; whatever is accepted lies within its text, round-trips, and validates against the JSON Schema."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlkit import Document, SchemaError, find_noise, romanize_document, segment
from mlkit.document import Flag, read_jsonl
from mlkit.resources import data_path
from tests.fuzzing import JSON, TEXT, budget

FIELDS = ("schema", "id", "text", "meta", "spans", "romanizations", "mentions", "links", "flags")


def valid_dict(text: str) -> dict[str, Any]:
    """A document with every annotation list filled, as a dict."""
    doc = romanize_document(segment(text), "rr")
    doc = doc.add(flags=[Flag(0, min(1, len(text)), "test", 0.5, "a reason", None)])
    data = doc.to_dict()
    data["mentions"] = [{"start": 0, "end": len(text), "hangul": "김", "system": "rr", "score": 0.5}]
    data["links"] = [{"kind": "bead", "source": [0, len(text)], "target": [], "score": 1.5}]
    return data


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON value."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += paths(v, (*prefix, i))
    return out


def mutate(data: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    """`data` with the value at `path` replaced by `new` (or deleted)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    if delete and not rest:
        del copy[head]
    else:
        copy[head] = mutate(copy[head], rest, new, delete)
    return copy


def read_one(line: str | bytes, errors: str = "strict") -> Document | None:
    """The document of one line, None on a SchemaError; any other exception fails the test."""
    stream = io.BytesIO(line) if isinstance(line, bytes) else io.StringIO(line)
    try:
        docs = list(read_jsonl(stream, errors))
    except SchemaError as exc:  # (a mutated byte may be a line break: the error is then on a later line)
        text = line.decode("latin-1") if isinstance(line, bytes) else line
        breaks = text.count("\n") + text.count("\r")
        assert "\n" not in str(exc) and str(exc).startswith(tuple(f"line {n}: " for n in range(1, breaks + 2)))
        return None
    assert len(docs) <= 1
    return docs[0] if docs else None


def check_accepted(doc: Document) -> None:
    """What the reader lets through is a document every stage can take."""
    n = len(doc.text)
    for name in ("spans", "romanizations", "mentions", "flags"):
        for item in getattr(doc, name):
            assert type(item.start) is int and type(item.end) is int and 0 <= item.start <= item.end <= n
    for rom in doc.romanizations:
        for e in rom.edges:
            assert rom.start <= e.src_start <= e.src_end <= rom.end and 0 <= e.out_start <= e.out_end <= len(rom.text)
    again = Document.from_json(doc.to_json())
    assert again == doc
    assert again.to_json() == doc.to_json()
    doc.to_json().encode("utf-8")
    if VALIDATOR is not None:
        errors = list(VALIDATOR.iter_errors(json.loads(doc.to_json())))
        assert not errors, errors[0].message


def _validator() -> Any:
    try:
        import jsonschema
    except ImportError:
        return None
    schema = json.loads(data_path("schema/document.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


VALIDATOR = _validator()


@budget(60)
@given(JSON)
def test_any_json_value_is_a_document_or_one_schema_error(value: Any) -> None:
    doc = read_one(json.dumps(value))
    if doc is not None:
        check_accepted(doc)


@budget(60)
@given(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6), TEXT)
def test_any_object_with_document_fields_is_a_document_or_one_schema_error(data: dict, text: str) -> None:
    data = {"schema": "mlkit/1", "text": text, **data}
    doc = read_one(json.dumps(data))
    if doc is not None:
        check_accepted(doc)


@budget(40)
@given(TEXT, st.data())
def test_mutated_documents_are_read_or_refused_never_crash(text: str, data: st.DataObject) -> None:
    original = valid_dict(text)
    assert read_one(json.dumps(original)) is not None
    for _ in range(3):
        path = data.draw(st.sampled_from(paths(original)))
        new = data.draw(st.one_of(JSON, st.integers(-2, len(text) + 2), st.sampled_from([True, 1.0, "0", None])))
        mutated = mutate(original, path, new, delete=data.draw(st.booleans()))
        doc = read_one(json.dumps(mutated))
        if doc is not None:
            check_accepted(doc)


@budget(40)
@given(TEXT, st.data())
def test_byte_mutations_of_a_line_are_read_or_refused_in_both_modes(text: str, data: st.DataObject) -> None:
    line = bytearray(json.dumps(valid_dict(text), ensure_ascii=data.draw(st.booleans())).encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(line)))
        op = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        byte = data.draw(st.integers(0, 255))
        if op == "insert" or at == len(line):
            line[at:at] = bytes([byte])
        elif op == "flip":
            line[at] = byte
        else:
            del line[at]
    for errors in ("strict", "replace"):
        doc = read_one(bytes(line), errors)
        if doc is not None:
            check_accepted(doc)
            if errors == "replace":  # a replaced stretch of the text, or (empty, at 0) another field
                for f in doc.flags:
                    if f.kind == "invalid-utf8" and f.reason.startswith(("byte", "lone")):
                        assert set(doc.text[f.start : f.end]) == {"\ufffd"}


@budget(15)
@given(TEXT, st.data())
def test_accepted_mutations_pass_through_every_stage(text: str, data: st.DataObject) -> None:
    from mlkit import annotate_mentions

    original = valid_dict(text)
    path = data.draw(st.sampled_from(paths(original)))
    new = data.draw(st.one_of(st.integers(0, len(text)), st.text(max_size=4), st.sampled_from(["run", "passage"])))
    doc = read_one(json.dumps(mutate(original, path, new, delete=False)))
    if doc is None:
        return
    for out in (segment(doc), romanize_document(doc, "mr"), find_noise(doc), annotate_mentions(doc)):
        check_accepted(out)


@pytest.mark.parametrize(
    "line",
    [
        '{"schema":"mlkit/1","text":"ab","meta":"ab"}',
        '{"schema":"mlkit/1","text":"ab","romanizations":[{"start":0,"end":1.0,"system":"rr","text":""}]}',
        '{"schema":"mlkit/1","text":"ab","mentions":[{"start":0,"end":1,"hangul":1,"system":"rr","score":1}]}',
        '{"schema":"mlkit/1","text":"ab","flags":[{"start":0,"end":1,"kind":"k","score":Infinity,"reason":""}]}',
        '{"schema":"mlkit/1","text":"ab","spans":[{"start":0,"end":1,"lang":"en","script":"Latin"}],"spans":5}',
    ],
)
def test_known_malformed_lines_are_refused(line: str) -> None:
    assert read_one(line) is None
