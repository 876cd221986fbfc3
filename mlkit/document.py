"""The document model: immutable text plus standoff annotations, and its JSONL form.

Every stage reads a `Document` and returns a new one with more annotations; none rewrites `text`.
Offsets are Python `str` indices (code points) into `text`; `utf8_offset` converts for byte-based tools.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import IO, Any, ClassVar, NamedTuple

from mlkit.docschema import SCHEMA, SPAN_KINDS, check_document  # noqa: F401 (SPAN_KINDS re-exported)
from mlkit.errors import SchemaError

SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_RUN = re.compile("[\ud800-\udfff]+")
MAX_INT_DIGITS = 100  # no offset or count is longer; Python itself refuses past 4300
MAX_LINE_BYTES = 1 << 28  # 256 MiB: one JSONL line (a document) at most


class Span(NamedTuple):
    """A stretch of one script and language: a single-line `run` or a multi-line `passage`."""

    start: int
    end: int
    lang: str
    script: str
    kind: str = "passage"
    confidence: float = 1.0


class Edge(NamedTuple):
    """Source range `[src_start, src_end)` became output range `[out_start, out_end)` by `rules`."""

    src_start: int
    src_end: int
    out_start: int
    out_end: int
    rules: tuple[str, ...] = ()


class Romanization(NamedTuple):
    """The romanisation of `text[start:end]` in `system`; edge offsets are document offsets on the source side."""

    start: int
    end: int
    system: str
    text: str
    edges: tuple[Edge, ...] = ()


class Mention(NamedTuple):
    """A mention of a Korean name (`hangul`) at `[start, end)`, as spelled in `system`.

    In a document's own `mentions`, `source_start`/`source_end` say where the name is written in Korean. The
    mentions `mlkit.align.find_mentions` finds across many documents also carry the words as written (`text`)
    and the id of the document they are in (`doc_id`).
    """

    start: int
    end: int
    hangul: str
    system: str
    score: float
    source_start: int | None = None
    source_end: int | None = None
    text: str | None = None
    doc_id: str | None = None


class AlignmentLink(NamedTuple):
    """An alignment bead: source unit indices or ranges linked to target ones, with a score and kind."""

    kind: str
    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float
    target_doc: str | None = None
    note: str = ""


class Unit(NamedTuple):
    """One alignment unit (a sentence or a line): `text[start:end]` of the text it was cut from, and the rule
    that ended it."""

    start: int
    end: int
    text: str
    rule: str = ""


class ParallelAlignment(NamedTuple):
    """A text and its translation cut into units, and the beads that pair them (`mlkit.align.align_texts`).

    Each bead is an `AlignmentLink` of kind "bead" whose `source` and `target` are unit indices (0-based) into
    `src_units` and `tgt_units`, one side empty for a unit left unpaired; its `note` is the shape ("1-1", "2-1").
    """

    src_units: tuple[Unit, ...]
    tgt_units: tuple[Unit, ...]
    beads: tuple[AlignmentLink, ...]

    def text_of(self, bead: AlignmentLink) -> tuple[str, str]:
        """The source and target text of a bead (units joined by a space)."""
        return (
            " ".join(self.src_units[i].text for i in bead.source),
            " ".join(self.tgt_units[j].text for j in bead.target),
        )


class Flag(NamedTuple):
    """A doubtful stretch for a reviewer: what kind of noise, how sure, why, and an optional fix."""

    start: int
    end: int
    kind: str
    score: float
    reason: str
    suggestion: str | None = None


_ANNOTATIONS: dict[str, type] = {
    "spans": Span,
    "romanizations": Romanization,
    "mentions": Mention,
    "links": AlignmentLink,
    "flags": Flag,
}


class Document:
    """Text that is never modified, plus standoff annotations that every stage adds to.

    Immutable: `add` and `replace` return a new Document. (A plain class rather than a dataclass, so that
    reading and writing documents does not import `dataclasses` and `inspect` at start-up.)

    >>> doc = Document("Kim 김정일", id="a")
    >>> Document.from_json(doc.to_json()) == doc
    True
    """

    __slots__ = ("flags", "id", "links", "mentions", "meta", "romanizations", "spans", "text")
    fields: ClassVar[tuple[str, ...]] = ("text", "id", "meta", "spans", "romanizations", "mentions", "links", "flags")
    text: str
    id: str
    meta: dict[str, Any]
    spans: tuple[Span, ...]
    romanizations: tuple[Romanization, ...]
    mentions: tuple[Mention, ...]
    links: tuple[AlignmentLink, ...]
    flags: tuple[Flag, ...]

    annotation_fields: ClassVar[tuple[str, ...]] = tuple(_ANNOTATIONS)

    def __init__(
        self,
        text: str,
        id: str = "",
        meta: dict[str, Any] | None = None,
        spans: tuple[Span, ...] = (),
        romanizations: tuple[Romanization, ...] = (),
        mentions: tuple[Mention, ...] = (),
        links: tuple[AlignmentLink, ...] = (),
        flags: tuple[Flag, ...] = (),
    ) -> None:
        values = (text, id, {} if meta is None else meta, spans, romanizations, mentions, links, flags)
        for name, value in zip(self.fields, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: a Document is immutable; use replace()")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: a Document is immutable")

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]  # unhashable: meta is a dict

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"Document({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._fields())

    def add(self, **annotations: Iterable[Any]) -> Document:
        """A copy with the given annotations appended, e.g. `doc.add(flags=[...])`."""
        changes: dict[str, tuple[Any, ...]] = {}
        for name, items in annotations.items():
            if name not in _ANNOTATIONS:
                raise TypeError(f"unknown annotation list {name!r}; expected one of {sorted(_ANNOTATIONS)}")
            changes[name] = (*getattr(self, name), *items)
        return self.replace(**changes)

    def replace(self, **changes: Any) -> Document:
        """A copy with whole fields replaced (annotation lists are converted to tuples)."""
        unknown = set(changes) - set(self.fields)
        if unknown:
            raise TypeError(f"Document has no field {sorted(unknown)[0]!r}")
        for name in _ANNOTATIONS:
            if name in changes:
                changes[name] = tuple(changes[name])
        return Document(**{name: changes.get(name, getattr(self, name)) for name in self.fields})

    def passages(self) -> tuple[Span, ...]:
        """The `passage` spans, in text order."""
        return tuple(s for s in self.spans if s.kind == "passage")

    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset (lines end at LF)."""
        if len(self.text) < 4096:
            return self.text.count("\n", 0, offset) + 1
        return bisect_left(_newlines(self.text), offset) + 1  # many lookups in a long text: log time each

    def line_start(self, offset: int) -> int:
        """Offset where the line holding code-point `offset` starts."""
        return line_start(self.text, offset)

    # -- JSONL ------------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in schema `mlkit/1`; empty annotation lists are omitted."""
        out: dict[str, Any] = {"schema": SCHEMA, "id": self.id, "text": self.text}
        if self.meta:
            out["meta"] = self.meta
        for name in _ANNOTATIONS:
            items = getattr(self, name)
            if items:
                out[name] = [_annotation_to_dict(a) for a in items]
        return out

    def to_json(self) -> str:
        """One JSONL line (no trailing newline); key order and formatting are stable.

        A lone surrogate (possible in a Python str, not in UTF-8 or JSON) is written as U+FFFD with an
        `invalid-utf8` flag, as the reader does with `--errors replace`: the line is always valid UTF-8.
        """
        import json  # here, not at the top: reading plain text never needs it

        data = self.to_dict()
        line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if not line.isascii() and SURROGATE.search(line):
            data, replaced = replace_surrogates(data)
            if replaced:
                data["flags"] = [*data.get("flags", ()), *(_annotation_to_dict(f) for f in replaced)]
            line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return line

    @classmethod
    def from_dict(cls, data: dict[str, Any], errors: str = "strict") -> Document:
        """Read a dict in schema `mlkit/1`, every field checked; raises SchemaError naming the bad field.

        Lone surrogates in strings (JSON `\\udXXX` escapes, or bytes that were not UTF-8) raise in `strict`
        mode; in `replace` mode they become U+FFFD, flagged `invalid-utf8` (length and offsets are kept).
        """
        replaced: list[Flag] = []
        if errors == "replace":
            data, replaced = replace_surrogates(data)
        elif errors != "strict":
            raise SchemaError(f"unknown errors mode {errors!r}; use strict or replace")
        checked = check_document(data)
        if errors == "strict":
            _refuse_surrogates(checked)
        kwargs: dict[str, Any] = {"text": checked["text"], "id": checked["id"], "meta": checked["meta"]}
        for name, kind in _ANNOTATIONS.items():
            if kind is Romanization:
                kwargs[name] = tuple(
                    Romanization(a, b, system, text, tuple(Edge(*e) for e in edges))
                    for a, b, system, text, edges in checked[name]
                )
            else:
                kwargs[name] = tuple(kind(*values) for values in checked[name])
        kwargs["flags"] = (*kwargs["flags"], *replaced)
        return cls(**kwargs)

    @classmethod
    def from_json(cls, line: str, errors: str = "strict") -> Document:
        """Parse one JSONL line: any malformed input raises SchemaError, never another exception."""
        return cls.from_dict(parse_json(line), errors)


def parse_json(line: str) -> Any:
    """JSON text to a value; NaN, infinities, huge integers and deep nesting raise SchemaError."""
    import json

    try:
        return json.loads(line, parse_constant=_no_constant, parse_int=_int, parse_float=_float)
    except RecursionError:
        raise SchemaError("not JSON that can be read: nested too deeply") from None
    except SchemaError:
        raise
    except ValueError as exc:  # json.JSONDecodeError is one
        raise SchemaError(f"not JSON: {exc}") from None


def _no_constant(name: str) -> Any:
    raise SchemaError(f"not JSON: {name} is not a JSON number")


def _int(digits: str) -> int:
    if len(digits) > MAX_INT_DIGITS:
        raise SchemaError(f"not JSON that can be read: an integer of {len(digits)} digits")
    return int(digits)


def _float(digits: str) -> float:
    value = float(digits)
    if not math.isfinite(value):
        raise SchemaError(f"not JSON that can be read: the number {digits[:40]} is out of range")
    return value


def replace_surrogates(data: Any) -> tuple[Any, list[Flag]]:
    """`data` with every lone surrogate in its strings replaced by U+FFFD, and flags saying where: one per
    run in `text` (offsets unchanged, as each surrogate becomes one character), one at 0 for other fields."""
    if not isinstance(data, dict):
        return data, []
    flags: list[Flag] = []
    out = {}
    for key, value in data.items():
        if key == "text" and isinstance(value, str):
            out[key] = _replace_in_text(value, flags)
            continue
        fixed = _replace_all(value)
        if fixed != value:
            flags.append(Flag(0, 0, "invalid-utf8", 1.0, f"field {_replace_all(key)!r}: not text; replaced by U+FFFD"))
        out[_replace_all(key)] = fixed
    return out, flags


def _replace_in_text(text: str, flags: list[Flag]) -> str:
    if text.isascii() or not SURROGATE.search(text):
        return text
    for m in SURROGATE_RUN.finditer(text):
        run = m.group()
        shown = " ".join(_describe_surrogate(c) for c in run[:8]) + (" …" if len(run) > 8 else "")
        flags.append(Flag(m.start(), m.end(), "invalid-utf8", 1.0, f"{shown}: not text; replaced by U+FFFD"))
    return SURROGATE.sub("\ufffd", text)


def _describe_surrogate(char: str) -> str:
    code = ord(char)
    return f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"lone surrogate U+{code:04X}"


def _replace_all(value: Any) -> Any:
    """The same value with lone surrogates replaced by U+FFFD in every string, key and item."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value) if not value.isascii() else value
    if isinstance(value, list):
        return [_replace_all(v) for v in value]
    if isinstance(value, dict):
        return {_replace_all(k): _replace_all(v) for k, v in value.items()}
    return value


def _refuse_surrogates(checked: dict[str, Any]) -> None:
    """Strict mode: a lone surrogate anywhere is an error naming the field and offset."""
    stack: list[tuple[str, Any]] = list(checked.items())
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            m = None if value.isascii() else SURROGATE.search(value)
            if m:
                raise SchemaError(
                    f"{where}: {_describe_surrogate(m.group())} at offset {m.start()} is not text "
                    f"({'not UTF-8' if 0xDC80 <= ord(m.group()) <= 0xDCFF else 'not a character'}); "
                    "pass --errors replace to replace and flag it"
                )
        elif isinstance(value, list | tuple):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, dict):
            stack.extend((f"{where}.{k}", v) for k, v in value.items())
            stack.extend((f"{where} key", k) for k in value)


def _annotation_to_dict(item: Any) -> dict[str, Any]:
    data = item._asdict()
    if isinstance(item, Romanization):
        data["edges"] = [
            {"src": [e.src_start, e.src_end], "out": [e.out_start, e.out_end], "rules": list(e.rules)}
            for e in item.edges
        ]
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items() if v is not None}


def line_start(text: str, offset: int) -> int:
    """Offset where the line of `text` holding code-point `offset` starts (after the line feed before it)."""
    if len(text) < 4096:
        return text.rfind("\n", 0, offset) + 1
    newlines = _newlines(text)  # a long text: log time per lookup, whatever the length of its lines
    k = bisect_left(newlines, offset)
    return newlines[k - 1] + 1 if k else 0


def line_end(text: str, offset: int) -> int:
    """Offset of the line feed that ends the line of `text` holding `offset` (at or after it), or len(text)."""
    if len(text) < 4096:
        end = text.find("\n", offset)
        return len(text) if end < 0 else end
    newlines = _newlines(text)
    k = bisect_left(newlines, offset)
    return newlines[k] if k < len(newlines) else len(text)


@lru_cache(maxsize=2)
def _newlines(text: str) -> array[int]:
    """Offsets of the line feeds of a text (the last two texts asked about are kept)."""
    return array("q", (m.start() for m in _NEWLINE.finditer(text)))


_NEWLINE = re.compile("\n")


def utf8_offset(text: str, offset: int) -> int:
    """The UTF-8 byte offset of code-point `offset` in `text` (surrogates count as 3 bytes)."""
    return len(text[:offset].encode("utf-8", "surrogatepass"))


def read_jsonl(
    stream: IO[str] | IO[bytes], errors: str = "strict", max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[Document]:
    """Stream Documents from JSONL, one per non-blank line; every error is a SchemaError naming the line.

    A binary stream is decoded here, so bytes that are not UTF-8 are refused (strict) or replaced and
    flagged (replace) instead of being carried through; a text stream opened with `surrogateescape` (as
    stdin is under a C locale) gets the same treatment. Lines longer than `max_line_bytes` are refused.
    """
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes:
            raise SchemaError(f"line {number}: longer than {max_line_bytes} bytes; split the input")
        line = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
        if not line.strip():
            continue
        try:
            doc = Document.from_json(line, errors)
        except SchemaError as exc:
            raise SchemaError(f"line {number}: {exc}") from None
        yield doc


def write_jsonl(documents: Iterable[Document], stream: IO[str]) -> None:
    """Write Documents as JSONL, one per line (never failing on text that is not encodable)."""
    for doc in documents:
        stream.write(doc.to_json())
        stream.write("\n")
