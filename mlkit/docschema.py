"""The `mlkit/1` document schema, checked field by field before a JSON object becomes a Document.

Documents read from JSONL may come from anywhere, so every field is checked here first: its type (an offset is
an int, never a bool or a float), its range (offsets inside the text, `start <= end`, scores finite and within
[0, 1]), known span kinds, edges with both ranges. A failure is one `SchemaError` naming the field, e.g.
`spans[2].end: 9 is past the end of the text (length 5)`. The same rules, for other tools, are published as a
JSON Schema in `mlkit/data/schema/document.schema.json` (offsets against the text length excepted: JSON Schema
cannot say that).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from mlkit.errors import SchemaError

SCHEMA = "mlkit/1"
SPAN_KINDS = ("run", "passage")
MAX_DEPTH = 64  # nesting of `meta` values

Check = Callable[[str, Any], Any]


def _fail(where: str, message: str) -> SchemaError:
    return SchemaError(f"{where}: {message}")


def _type_name(value: Any) -> str:
    return "null" if value is None else {bool: "boolean", int: "integer", float: "number", str: "string",
                                         list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _int(where: str, value: Any) -> int:
    if type(value) is not int:  # bool is an int subclass, and 1.0 is no offset
        raise _fail(where, f"must be an integer, got {_got(value)}")
    if value < 0:
        raise _fail(where, f"must not be negative, got {value}")
    return value


def _str(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(where, f"must be a string, got {_got(value)}")
    return value


def _opt_str(where: str, value: Any) -> str | None:
    return None if value is None else _str(where, value)


def _opt_int(where: str, value: Any) -> int | None:
    return None if value is None else _int(where, value)


def _number(where: str, value: Any) -> float:
    if type(value) not in (int, float):
        raise _fail(where, f"must be a number, got {_got(value)}")
    if not math.isfinite(value):
        raise _fail(where, f"must be a finite number, got {value}")
    return value


def _unit(where: str, value: Any) -> float:
    number = _number(where, value)
    if not 0.0 <= number <= 1.0:
        raise _fail(where, f"must be within [0, 1], got {number}")
    return number


def _span_kind(where: str, value: Any) -> str:
    kind = _str(where, value)
    if kind not in SPAN_KINDS:
        raise _fail(where, f"unknown span kind {_short(kind)}; expected one of {', '.join(SPAN_KINDS)}")
    return kind


def _int_list(where: str, value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise _fail(where, f"must be an array of integers, got {_type_name(value)}")
    return tuple(_int(f"{where}[{i}]", v) for i, v in enumerate(value))


def _str_list(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _fail(where, f"must be an array of strings, got {_type_name(value)}")
    return tuple(_str(f"{where}[{i}]", v) for i, v in enumerate(value))


# field name → (check, required, default); order is the dataclass's order
_RANGE: dict[str, tuple[Check, bool, Any]] = {"start": (_int, True, None), "end": (_int, True, None)}
ITEM_FIELDS: dict[str, dict[str, tuple[Check, bool, Any]]] = {
    "spans": {
        **_RANGE,
        "lang": (_str, True, None),
        "script": (_str, True, None),
        "kind": (_span_kind, False, "passage"),
        "confidence": (_unit, False, 1.0),
    },
    "romanizations": {**_RANGE, "system": (_str, True, None), "text": (_str, True, None), "edges": (None, False, ())},
    "mentions": {
        **_RANGE,
        "hangul": (_str, True, None),
        "system": (_str, True, None),
        "score": (_unit, True, None),
        "source_start": (_opt_int, False, None),
        "source_end": (_opt_int, False, None),
        "text": (_opt_str, False, None),
        "doc_id": (_opt_str, False, None),
    },
    "links": {
        "kind": (_str, True, None),
        "source": (_int_list, True, None),
        "target": (_int_list, True, None),
        "score": (_number, True, None),
        "target_doc": (_opt_str, False, None),
        "note": (_str, False, ""),
    },
    "flags": {
        **_RANGE,
        "kind": (_str, True, None),
        "score": (_unit, True, None),
        "reason": (_str, True, None),
        "suggestion": (_opt_str, False, None),
    },
}
TOP_FIELDS = ("schema", "id", "text", "meta", *ITEM_FIELDS)


def check_document(data: Any) -> dict[str, Any]:
    """The checked fields of a document object: `text`, `id`, `meta`, and per annotation list a list of
    argument tuples (edges as tuples of 5-tuples); raises `SchemaError` naming the first bad field."""
    if not isinstance(data, dict):
        raise SchemaError(f"expected a JSON object, got {_type_name(data)}")
    schema = data.get("schema")
    if schema != SCHEMA:
        raise _fail("schema", f"unsupported schema {_short(schema)}; this version reads {SCHEMA!r}")
    for key in data:
        if key not in TOP_FIELDS:
            raise _fail(_short(key), f"unknown field; a document has only {', '.join(TOP_FIELDS)}")
    if "text" not in data:
        raise _fail("text", "missing; field 'text' must be a string")
    text = _str("text", data["text"])
    out: dict[str, Any] = {"text": text, "id": _str("id", data.get("id", "")), "meta": _meta(data.get("meta", {}))}
    n = len(text)
    for name, spec in ITEM_FIELDS.items():
        items = data.get(name, [])
        if not isinstance(items, list):
            raise _fail(name, f"must be an array, got {_type_name(items)}")
        out[name] = [_item(f"{name}[{i}]", spec, item, n) for i, item in enumerate(items)]
    return out


def _item(where: str, spec: dict[str, tuple[Check, bool, Any]], item: Any, n: int) -> tuple[Any, ...]:
    if not isinstance(item, dict):
        raise _fail(where, f"must be an object, got {_type_name(item)}")
    for key in item:
        if key not in spec:
            raise _fail(f"{where}.{_short(key)}", f"unknown field; expected {', '.join(spec)}")
    values = []
    for key, (check, required, default) in spec.items():
        if key not in item:
            if required:
                raise _fail(f"{where}.{key}", "missing")
            values.append(default)
        elif key == "edges":
            values.append(_edges(f"{where}.edges", item["edges"], item))
        else:
            values.append(check(f"{where}.{key}", item[key]))
    if "start" in spec:
        _range(where, values[0], values[1], n, "the text")
    if "source_start" in spec and (values[5] is None) != (values[6] is None):
        raise _fail(where, "source_start and source_end must both be given or both be null")
    if "source_start" in spec and values[5] is not None and values[5] > values[6]:
        raise _fail(where, f"source_start {values[5]} is after source_end {values[6]}")
    return tuple(values)


def _range(where: str, start: int, end: int, n: int, of: str) -> None:
    if start > end:
        raise _fail(where, f"start {start} is after end {end}")
    if end > n:
        raise _fail(f"{where}.end", f"{end} is past the end of {of} (length {n})")


def _edges(where: str, value: Any, item: dict[str, Any]) -> tuple[tuple[int, int, int, int, tuple[str, ...]], ...]:
    """Edges of a romanisation: `src` inside the romanised stretch of the document, `out` inside its text."""
    if not isinstance(value, list):
        raise _fail(where, f"must be an array, got {_type_name(value)}")
    start, end, out_len = item.get("start"), item.get("end"), len(item.get("text") or "")
    edges = []
    for i, edge in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(edge, dict):
            raise _fail(at, f"must be an object, got {_type_name(edge)}")
        for key in edge:
            if key not in ("src", "out", "rules"):
                raise _fail(f"{at}.{_short(key)}", "unknown field; expected src, out, rules")
        pair = []
        for key in ("src", "out"):
            if key not in edge:
                raise _fail(f"{at}.{key}", "missing")
            ends = _int_list(f"{at}.{key}", edge[key])
            if len(ends) != 2:
                raise _fail(f"{at}.{key}", f"must be [start, end], got {len(ends)} numbers")
            pair.append(ends)
        (a, b), (c, d) = pair
        if not start <= a <= b <= end:
            raise _fail(f"{at}.src", f"[{a}, {b}] is not an ordered range inside the romanised [{start}, {end}]")
        if not c <= d <= out_len:
            raise _fail(f"{at}.out", f"[{c}, {d}] is not an ordered range inside the output (length {out_len})")
        edges.append((a, b, c, d, _str_list(f"{at}.rules", edge.get("rules", []))))
    return tuple(edges)


def _meta(value: Any) -> dict[str, Any]:
    """`meta` is an object of JSON values nested at most MAX_DEPTH deep."""
    if not isinstance(value, dict):
        raise _fail("meta", f"must be an object, got {_got(value)}")
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _fail("meta", f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
        elif type(node) is float and not math.isfinite(node):
            raise _fail("meta", f"holds a non-finite number {node}")
    return dict(value)


def _got(value: Any) -> str:
    """What a value is, for a message: its JSON type and (cut short) the value itself."""
    return "null" if value is None else f"{_type_name(value)} {_short(value)}"


def _short(value: Any, width: int = 40) -> str:
    """A value shown in a one-line message: as JSON, cut short, escaping line breaks and surrogates."""
    import json  # only on the way to an error

    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")
    return shown if len(shown) <= width else shown[: width - 1] + "…"
