"""Queue items: every flag, mention, bead and name romanisation in a results file, with a stable identity."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mlkit.document import Document

KINDS = ("flag", "mention", "bead", "romanization")


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to check: `kind` ("flag", "mention", "bead", "romanization") at `[start, end)` of `doc`.

    `detail` names the flag kind, the Hangul name or the romanisation system; `confidence` orders the queue
    (lowest first); `target` is the other side of a bead: (document id, start, end).
    """

    id: str
    doc: str
    kind: str
    start: int
    end: int
    text: str
    confidence: float
    detail: str = ""
    note: str = ""
    suggestion: str | None = None
    passage: int | None = None
    target: tuple[str, int, int] | None = None
    target_text: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False)


def item_id(doc: str, kind: str, start: int, end: int, text: str, target: tuple[str, int, int] | None = None) -> str:
    """A hash of what the item is (document, kind, offsets, covered text), so it survives pipeline re-runs."""
    parts = [doc, kind, str(start), str(end), text]
    if target is not None:
        parts += [target[0], str(target[1]), str(target[2])]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def passage_index(doc: Document, start: int) -> int | None:
    """The index of the passage span holding offset `start`, or None for text outside every passage."""
    for i, span in enumerate(doc.passages()):
        if span.start <= start < span.end or (start == span.end == span.start):
            return i
    return None


def flag_items(doc: Document) -> list[Item]:
    """One item per noise flag."""
    out = []
    for f in doc.flags:
        text = doc.text[f.start : f.end]
        kind = f"flag/{f.kind}"
        out.append(
            Item(item_id(doc.id, kind, f.start, f.end, text), doc.id, "flag", f.start, f.end, text, f.score,
                 f.kind, f.reason, f.suggestion, passage_index(doc, f.start))
        )
    return out


def mention_items(doc: Document) -> list[Item]:
    """One item per English mention of a Korean name."""
    out = []
    for m in doc.mentions:
        text = doc.text[m.start : m.end]
        kind = f"mention/{m.hangul}"
        extra: dict[str, object] = {"system": m.system}
        if m.source_start is not None and m.source_end is not None:
            extra["source"] = (m.source_start, m.source_end)
        out.append(
            Item(item_id(doc.id, kind, m.start, m.end, text), doc.id, "mention", m.start, m.end, text, m.score,
                 m.hangul, f"matched by {m.system}", None, passage_index(doc, m.start), extra=extra)
        )
    return out


def romanization_items(doc: Document) -> list[Item]:
    """One item per name or place (the Korean original of a mention) and romanisation system in the document."""
    names: dict[tuple[int, int], float] = {}
    for m in doc.mentions:
        if m.source_start is None or m.source_end is None:
            continue
        key = (m.source_start, m.source_end)
        names[key] = max(names.get(key, 0.0), m.score)
    out = []
    for (start, end), score in sorted(names.items()):
        text = doc.text[start:end]
        for rom in doc.romanizations:
            if not (rom.start <= start and end <= rom.end):
                continue
            spelled = romanized_slice(rom, start, end)
            kind = f"romanization/{rom.system}"
            out.append(
                Item(item_id(doc.id, kind, start, end, text), doc.id, "romanization", start, end, text, score,
                     rom.system, spelled, None, passage_index(doc, start))
            )
    return out


def romanized_slice(rom, start: int, end: int) -> str:  # type: ignore[no-untyped-def]
    """The output letters of the edges whose source lies inside `[start, end)`."""
    outs = [(e.out_start, e.out_end) for e in rom.edges if start <= e.src_start and e.src_end <= end]
    if not outs:
        return ""
    return rom.text[min(a for a, _ in outs) : max(b for _, b in outs)]


def bead_pairs(documents: Sequence[Document]) -> list[tuple[Document, Document, list]]:  # type: ignore[type-arg]
    """(source, target, links) for each aligned pair, taking each pair's links from the document read first."""
    by_id = {d.id: d for d in documents}
    seen: set[frozenset[str]] = set()
    out = []
    for doc in documents:
        groups: dict[str, list] = {}  # type: ignore[type-arg]
        for link in doc.links:
            if link.kind == "bead" and link.target_doc in by_id:
                groups.setdefault(link.target_doc, []).append(link)
        for target, links in groups.items():
            key = frozenset((doc.id, target))
            if key in seen:
                continue
            seen.add(key)
            out.append((doc, by_id[target], links))
    return out


def bead_items(src: Document, tgt: Document, beads: Iterable[tuple[tuple[int, ...], tuple[int, ...], float]],
               note: str = "") -> list[Item]:
    """One item per bead: `(source range, target range, score)` with ranges `()` for an unpaired side."""
    out = []
    last = 0
    for number, (s, t, score) in enumerate(beads):
        # an unpaired translation sentence sits, empty, where the source bead before it ends
        s0, s1 = (s[0], s[1]) if s else (last, last)
        last = s1
        t0, t1 = (t[0], t[1]) if t else (0, 0)
        text = src.text[s0:s1] if s else ""
        target = (tgt.id, t0, t1)
        target_text = tgt.text[t0:t1] if t else ""
        iid = item_id(src.id, "bead", s0, s1, text + "\x1e" + target_text, target)
        out.append(
            Item(iid, src.id, "bead", s0, s1, text, score, f"bead {number + 1}", note, None,
                 passage_index(src, s0), target, target_text, extra={"number": number, "pair": tgt.id})
        )
    return out


def sort_queue(items: Iterable[Item]) -> list[Item]:
    """Lowest confidence first, then document, kind and offset: the order a reviewer meets them."""
    return sorted(items, key=lambda i: (i.confidence, i.doc, KINDS.index(i.kind), i.start, i.end, i.id))
