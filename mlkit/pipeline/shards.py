"""Work units: raw input items grouped into shards, and the worker-side function that turns a shard into
annotated documents (or error records) in input order.

The driver only cuts input into items (file bytes, JSONL lines); decoding, parsing, the stages and JSON
serialisation all happen in `run_shard`, on whichever worker runs it, so the driver never becomes the
bottleneck. A bad item becomes an error record, a Document whose `meta["error"]` says which step failed,
why, and at which byte offset of the input where that is known; it never stops the shard.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from mlkit.document import SCHEMA, Document, parse_json
from mlkit.errors import SchemaError
from mlkit.pipeline.config import Config
from mlkit.pipeline.memory import outgrown, over_budget, rss_kb, settle


@dataclass(frozen=True, slots=True)
class Item:
    """One input document before decoding: `kind` is "doc" (a Document), "text" (a file's bytes), "line"
    (one JSONL line's bytes) or "error" (`payload` is the reader's message)."""

    kind: str
    id: str
    payload: Any
    source: str = ""
    line: int = 0
    offset: int | None = None

    @property
    def size(self) -> int:
        """Bytes of input this item stands for (UTF-8 length for texts given as strings)."""
        if isinstance(self.payload, bytes):
            return len(self.payload)
        if isinstance(self.payload, Document):
            return len(self.payload.text.encode("utf-8", "surrogatepass"))
        return 0


@dataclass(frozen=True)
class Shard:
    """Items in input order, numbered so results can be put back in order; carries everything a worker needs."""

    index: int
    items: tuple[Item, ...]
    config: Config
    text_field: str = "text"
    id_field: str = "id"
    worker_memory_mb: int = 0  # empty the stages' caches after the shard when the worker holds more (0: never)
    replaceable: bool = False  # the engine replaces a worker over the budget (instead of emptying its caches)
    settle: bool = False  # the worker process is the pipeline's own: settle its collector after the first shard

    @property
    def size(self) -> int:
        """Input bytes in the shard."""
        return sum(item.size for item in self.items)


@dataclass
class ShardResult:
    """What a worker sends back: documents in item order (or, serialised, `data`: their JSONL lines as one
    UTF-8 block, ready to write), and counters for stats."""

    index: int
    documents: list[Any]
    data: bytes = b""  # the JSONL lines, each ended by a newline (when serialised; `documents` is then empty)
    count: int = 0  # documents in the shard (error records included)
    errors: int = 0
    bytes: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's CPU time (user + system) on this shard
    pid: int = 0
    peak_rss_kb: int = 0
    rss_kb: int = 0  # the worker's resident memory right after the shard (to tell growth from a one-off peak)
    trimmed: bool = False  # whether the worker emptied the stages' caches after this shard
    retire: bool = False  # whether the worker is over its budget and asks to be replaced by a fresh process


def error_record(item: Item, step: str, message: str, offset: int | None, doc: Document | None = None) -> Document:
    """The error record for an item: its text when it could be read, the failing step, the message, the offset."""
    error: dict[str, Any] = {"stage": step, "error": message}
    if offset is not None:
        error["offset"] = offset
    base = doc if doc is not None else Document(text="", id=item.id, meta=_source_meta(item))
    return Document(text=base.text, id=base.id, meta={**base.meta, "error": error})


def _source_meta(item: Item) -> dict[str, Any]:
    meta: dict[str, Any] = {"source": item.source} if item.source else {}
    if item.line:
        meta["line"] = item.line
    return meta


def read_item(item: Item, shard: Shard) -> Document:
    """The Document an item holds, or its error record (step "read")."""
    config = shard.config
    if item.kind == "error":
        return error_record(item, "read", str(item.payload), item.offset)
    if item.size > config.max_bytes:
        doc = item.payload if isinstance(item.payload, Document) else None
        return error_record(item, "read", f"{item.size} bytes is more than the limit of {config.max_bytes}", None, doc)
    if item.kind == "doc":
        return item.payload
    if item.kind == "text":
        return _read_text(item, config)
    return _read_line(item, shard)


def _read_text(item: Item, config: Config) -> Document:
    from mlkit.textio import decode

    data: bytes = item.payload
    if not data:
        return error_record(item, "read", "empty file", 0)
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        return error_record(item, "read", "binary file (NUL byte)", nul)
    if config.decode_errors == "strict":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return error_record(item, "read", f"byte 0x{data[exc.start]:02x} is not UTF-8", exc.start)
    doc = decode(data, item.source or item.id, config.decode_errors)
    return doc.replace(id=item.id)


def _read_line(item: Item, shard: Shard) -> Document:
    data: bytes = item.payload
    base = item.offset or 0
    errors = shard.config.decode_errors
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark opening the file is no part of its first record
        data, base = data[3:], base + 3
    try:
        line = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if errors != "replace":
            return error_record(item, "read", f"byte 0x{data[exc.start]:02x} is not UTF-8; pass --errors replace "
                                "to flag and continue", base + exc.start)
        line = data.decode("utf-8", "surrogateescape")  # bad bytes become U+FFFD, flagged, where they stand
    try:
        record = parse_json(line)  # the document reader's limits: no NaN, huge numbers or deep nesting
    except SchemaError as exc:
        pos = getattr(exc.__context__, "pos", None)  # where the JSON decoder stopped, when it says
        at = base + len(line[:pos].encode("utf-8", "surrogatepass")) if isinstance(pos, int) else base
        return error_record(item, "read", str(exc), at)
    if not isinstance(record, dict):
        return error_record(item, "read", f"expected a JSON object, got {type(record).__name__}", base)
    if "schema" in record:
        try:
            doc = Document.from_dict(record, errors)
        except SchemaError as exc:
            return error_record(item, "read", str(exc), base)
        return doc if doc.id else doc.replace(id=item.id)
    text = record.get(shard.text_field)
    if not isinstance(text, str):
        found = "it is missing" if text is None else f"not {type(text).__name__}"
        return error_record(item, "read", f"field {shard.text_field!r} must be a string, {found}", base)
    key = record.get(shard.id_field)
    # an id that is no string keeps its JSON spelling (7, true, {"n":1}), not Python's (True, {'n': 1})
    doc_id = item.id if key is None else key if isinstance(key, str) else json.dumps(key, ensure_ascii=False,
                                                                                    separators=(",", ":"))
    meta = {k: v for k, v in record.items() if k not in (shard.text_field, shard.id_field)}
    plain = {"schema": SCHEMA, "text": text, "id": doc_id, "meta": {**_source_meta(item), **meta}}
    try:  # lone surrogates (JSON escapes, or bytes that were no UTF-8): an error, or U+FFFD flagged (replace)
        return Document.from_dict(plain, errors)
    except SchemaError as exc:
        return error_record(item, "read", str(exc), base)


def run_item(item: Item, shard: Shard, seconds: dict[str, float]) -> Document:
    """One item through every stage of the shard's config; an exception ends it as an error record."""
    from mlkit.pipeline.stages import STAGES

    config = shard.config
    doc = read_item(item, shard)
    if "error" not in doc.meta:
        start = doc
        for name in config.stages:
            began = time.perf_counter()
            try:
                out = STAGES[name].func(doc, config)
                if not isinstance(out, Document):
                    raise TypeError(f"stage returned {type(out).__name__}, not a Document")
                doc = out
            except Exception as exc:  # one bad document must not stop the run: it becomes an error record
                doc = error_record(item, name, f"{type(exc).__name__}: {exc}", None, start)
                break
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - began
    return stamp(doc, config)


def stamp(doc: Document, config: Config) -> Document:
    """The document with the version and configuration that made it in `meta["mlkit"]`."""
    from mlkit import __version__

    return doc.replace(meta={**doc.meta, "mlkit": {"version": __version__, "config": config.to_dict()}})


def run_shard(shard: Shard, serialize: bool = False) -> ShardResult:
    """Every item of a shard, in order: Documents, or when `serialize` their JSONL lines encoded here as one
    block of bytes (one object to send back, which the driver writes as it is: it neither decodes nor encodes)."""
    began = time.perf_counter()
    cpu = time.process_time()
    seconds: dict[str, float] = {}
    docs: list[Any] = []
    errors = 0
    for item in shard.items:
        doc = run_item(item, shard, seconds)
        errors += "error" in doc.meta
        docs.append(doc.to_json() if serialize else doc)
    data = b""
    if serialize:
        docs.append("")  # so the block ends with a newline
        data = "\n".join(docs).encode("utf-8", "surrogatepass")
        docs = []
    if shard.settle:
        settle()
    retire = shard.replaceable and outgrown(shard.worker_memory_mb)
    trimmed = not shard.replaceable and over_budget(shard.worker_memory_mb)
    return ShardResult(
        index=shard.index,
        documents=docs,
        data=data,
        count=len(shard.items),
        errors=errors,
        bytes=shard.size,
        stage_seconds=seconds,
        seconds=time.perf_counter() - began,
        cpu_seconds=time.process_time() - cpu,
        pid=os.getpid(),
        peak_rss_kb=peak_rss_kb(),
        rss_kb=rss_kb(),
        trimmed=trimmed,
        retire=retire,
    )


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak
