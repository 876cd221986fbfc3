"""The document model: immutable text plus standoff annotations, and its JSONL form.

Every stage reads a `Document` and returns a new one with more annotations; none rewrites `text`.
Offsets are Python `str` indices (code points) into `text`; `utf8_offset` converts for byte-based tools.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from typing import IO, Any, ClassVar

from mlkit.errors import SchemaError

SCHEMA = "mlkit/1"

SPAN_KINDS = ("run", "passage")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one script and language: a single-line `run` or a multi-line `passage`."""

    start: int
    end: int
    lang: str
    script: str
    kind: str = "passage"
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Edge:
    """Source range `[src_start, src_end)` became output range `[out_start, out_end)` by `rules`."""

    src_start: int
    src_end: int
    out_start: int
    out_end: int
    rules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Romanization:
    """The romanisation of `text[start:end]` in `system`; edge offsets are document offsets on the source side."""

    start: int
    end: int
    system: str
    text: str
    edges: tuple[Edge, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
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


@dataclass(frozen=True, slots=True)
class AlignmentLink:
    """An alignment bead: source unit indices or ranges linked to target ones, with a score and kind."""

    kind: str
    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float
    target_doc: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """One alignment unit (a sentence or a line): `text[start:end]` of the text it was cut from, and the rule
    that ended it."""

    start: int
    end: int
    text: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class ParallelAlignment:
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


@dataclass(frozen=True, slots=True)
class Flag:
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


@dataclass(frozen=True)
class Document:
    """Text that is never modified, plus standoff annotations that every stage adds to.

    >>> doc = Document("Kim 김정일", id="a")
    >>> Document.from_json(doc.to_json()) == doc
    True
    """

    text: str
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()
    romanizations: tuple[Romanization, ...] = ()
    mentions: tuple[Mention, ...] = ()
    links: tuple[AlignmentLink, ...] = ()
    flags: tuple[Flag, ...] = ()

    annotation_fields: ClassVar[tuple[str, ...]] = tuple(_ANNOTATIONS)

    def add(self, **annotations: Iterable[Any]) -> Document:
        """A copy with the given annotations appended, e.g. `doc.add(flags=[...])`."""
        changes: dict[str, tuple[Any, ...]] = {}
        for name, items in annotations.items():
            if name not in _ANNOTATIONS:
                raise TypeError(f"unknown annotation list {name!r}; expected one of {sorted(_ANNOTATIONS)}")
            changes[name] = (*getattr(self, name), *items)
        return replace(self, **changes)

    def replace(self, **changes: Any) -> Document:
        """A copy with whole fields replaced (annotation lists are converted to tuples)."""
        for name in _ANNOTATIONS:
            if name in changes:
                changes[name] = tuple(changes[name])
        return replace(self, **changes)

    def passages(self) -> tuple[Span, ...]:
        """The `passage` spans, in text order."""
        return tuple(s for s in self.spans if s.kind == "passage")

    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset (lines end at LF)."""
        return self.text.count("\n", 0, offset) + 1

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
        """One JSONL line (no trailing newline); key order and formatting are stable."""
        import json  # here, not at the top: reading plain text never needs it

        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Read a dict in schema `mlkit/1`; raises SchemaError on anything else."""
        if not isinstance(data, dict):
            raise SchemaError(f"expected a JSON object, got {type(data).__name__}")
        schema = data.get("schema")
        if schema != SCHEMA:
            raise SchemaError(f"unsupported schema {schema!r}; this version reads {SCHEMA!r}")
        text = data.get("text")
        if not isinstance(text, str):
            raise SchemaError("field 'text' must be a string")
        kwargs: dict[str, Any] = {"text": text, "id": str(data.get("id", "")), "meta": dict(data.get("meta", {}))}
        for name, kind in _ANNOTATIONS.items():
            try:
                kwargs[name] = tuple(_annotation_from_dict(kind, item) for item in data.get(name, ()))
            except (TypeError, ValueError) as exc:
                raise SchemaError(f"bad item in {name!r}: {exc}") from exc
        doc = cls(**kwargs)
        _check_offsets(doc)
        return doc

    @classmethod
    def from_json(cls, line: str) -> Document:
        """Parse one JSONL line."""
        import json

        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"not JSON: {exc}") from exc
        return cls.from_dict(data)


def _annotation_to_dict(item: Any) -> dict[str, Any]:
    data = asdict(item)
    if isinstance(item, Romanization):
        data["edges"] = [
            {"src": [e.src_start, e.src_end], "out": [e.out_start, e.out_end], "rules": list(e.rules)}
            for e in item.edges
        ]
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in data.items() if v is not None}


def _annotation_from_dict(kind: type, item: dict[str, Any]) -> Any:
    if not isinstance(item, dict):
        raise TypeError(f"expected an object, got {type(item).__name__}")
    names = {f.name for f in fields(kind)}
    args = {k: v for k, v in item.items() if k in names}
    if kind is Romanization:
        args["edges"] = tuple(
            Edge(e["src"][0], e["src"][1], e["out"][0], e["out"][1], tuple(e.get("rules", ())))
            for e in item.get("edges", ())
        )
    for k, v in list(args.items()):
        if isinstance(v, list):
            args[k] = tuple(v)
    return kind(**args)


def _check_offsets(doc: Document) -> None:
    n = len(doc.text)
    for name in ("spans", "romanizations", "mentions", "flags"):
        for item in getattr(doc, name):
            if not (0 <= item.start <= item.end <= n):
                raise SchemaError(f"{name} item {item} lies outside the text (length {n})")


def utf8_offset(text: str, offset: int) -> int:
    """The UTF-8 byte offset of code-point `offset` in `text` (surrogates count as 3 bytes)."""
    return len(text[:offset].encode("utf-8", "surrogatepass"))


def read_jsonl(stream: IO[str]) -> Iterator[Document]:
    """Stream Documents from JSONL, one per non-blank line; errors name the line number."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield Document.from_json(line)
        except SchemaError as exc:
            raise SchemaError(f"line {number}: {exc}") from exc


def write_jsonl(documents: Iterable[Document], stream: IO[str]) -> None:
    """Write Documents as JSONL, one per line."""
    for doc in documents:
        stream.write(doc.to_json())
        stream.write("\n")
