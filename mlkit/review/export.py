"""Export, import and agreement: decisions out as JSONL and CSV, corrected documents out as mlkit JSONL,
another reviewer's decisions in, and how far two reviewers agree (Cohen's kappa)."""

from __future__ import annotations

import csv
import json
import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import Any

from mlkit.document import AlignmentLink, Document, Edge
from mlkit.errors import InvalidInputError
from mlkit.review.serve import default_db, load_results
from mlkit.review.session import Review
from mlkit.review.store import COLUMNS, STATUS_OF, Store, read_decisions

Edit = tuple[int, int, str]


def open_review(results: str, db: str | None) -> Review:
    """The review of a results file, with its database (which must exist)."""
    path = db or default_db(results)
    if not os.path.exists(path):
        raise InvalidInputError(f"{path}: no review database; pass --db FILE or review {results} first")
    return Review(load_results(results), Store(path))


def export(results: str, db: str | None, out: str) -> list[str]:
    """Write decisions.jsonl, decisions.csv and corrected.jsonl into `out`; returns their paths."""
    review = open_review(results, db)
    os.makedirs(out, exist_ok=True)
    rows = review.store.rows()
    paths = [os.path.join(out, n) for n in ("decisions.jsonl", "decisions.csv", "corrected.jsonl")]
    with open(paths[0], "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    with open(paths[1], "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in rows:
            writer.writerow([_cell(r[c]) for c in COLUMNS])
    with open(paths[2], "w", encoding="utf-8") as fh:
        for doc in corrected_documents(review):
            fh.write(doc.to_json() + "\n")
    review.store.close()
    return paths


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def import_decisions(results: str, db: str | None, path: str) -> tuple[int, int]:
    """Merge another reviewer's decisions into this database; returns (new, read)."""
    store = Store(db or default_db(results))
    rows = list(read_decisions(path))
    added = store.merge_rows(rows)
    store.close()
    return added, len(rows)


# -- corrected documents ---------------------------------------------------------------------------------


def corrected_documents(review: Review) -> list[Document]:
    """Each document with its corrections applied to the text and every annotation moved to match:
    explicit corrections and the suggestions of accepted flags change the text; decided flags, rejected mentions
    and rejected beads are dropped; the beads are the reviewed ones."""
    items, by_id, states, pairs, rows = review.snapshot()
    edits: dict[str, list[Edit]] = {d: [] for d in review.order}
    romanized: dict[str, list[dict[str, Any]]] = {d: [] for d in review.order}
    for r in rows:
        if r["action"] != "correct" or states.get(r["item"]) is None or states[r["item"]].seq != r["seq"]:
            continue
        it = by_id.get(r["item"])
        if it is not None and it.kind == "romanization":
            romanized[it.doc].append({"start": it.start, "end": it.end, "system": it.detail, "text": r["value"]})
        elif it is not None and it.kind == "flag":
            edits[it.doc].append((it.start, it.end, r["value"]))
        elif it is None and isinstance(r.get("replaced"), dict) and "start" in r["replaced"]:
            edits[r["doc"]].append((r["replaced"]["start"], r["replaced"]["end"], r["value"]))
    for it in items:
        st = states.get(it.id)
        if it.kind == "flag" and st is not None and st.status == "accepted" and it.suggestion is not None:
            edits[it.doc].append((it.start, it.end, it.suggestion))
    maps = {d: _Shift(_disjoint(e)) for d, e in edits.items()}
    decided = {i for i, s in states.items() if s.status in ("accepted", "rejected", "corrected")}
    out = []
    for doc_id in review.order:
        doc = review.docs[doc_id]
        shift = maps[doc_id]
        drop = {(it.kind, it.start, it.end, it.detail) for it in items if it.doc == doc_id and (
            (it.kind == "flag" and it.id in decided) or (it.kind == "mention" and _rejected(states, it.id)))}
        flags = [f._replace(start=shift(f.start), end=shift(f.end, True)) for f in doc.flags
                 if ("flag", f.start, f.end, f.kind) not in drop]
        mentions = [m._replace(start=shift(m.start), end=shift(m.end, True),
                            source_start=None if m.source_start is None else shift(m.source_start),
                            source_end=None if m.source_end is None else shift(m.source_end, True))
                    for m in doc.mentions if ("mention", m.start, m.end, m.hangul) not in drop]
        spans = [s._replace(start=shift(s.start), end=shift(s.end, True)) for s in doc.spans]
        roms = [r._replace(start=shift(r.start), end=shift(r.end, True), edges=tuple(
            Edge(shift(e.src_start), shift(e.src_end, True), e.out_start, e.out_end, e.rules) for e in r.edges))
            for r in doc.romanizations]
        links = _links(review, doc, pairs, states, maps)
        meta = dict(doc.meta)
        meta["review"] = {"corrections": [{"start": a, "end": b, "text": t} for a, b, t in shift.edits],
                          "romanizations": romanized[doc_id],
                          "decisions": sum(1 for r in rows if r["doc"] == doc_id)}
        out.append(Document(shift.apply(doc.text), doc.id, meta, tuple(spans), tuple(roms), tuple(mentions),
                            tuple(links), tuple(flags)))
    return out


def _rejected(states: dict, item: str) -> bool:  # type: ignore[type-arg]
    st = states.get(item)
    return st is not None and st.status == "rejected"


def _links(
    review: Review, doc: Document, pairs: dict, states: dict, maps: dict  # type: ignore[type-arg]
) -> list[AlignmentLink]:
    """The document's links with the reviewed beads in place of the pipeline's for each reviewed pair."""
    shift = maps[doc.id]
    mine = {p.tgt.id: pid for pid, p in review.pairs.items() if p.src.id == doc.id}
    theirs = {p.src.id: pid for pid, p in review.pairs.items() if p.tgt.id == doc.id}
    out = [link._replace(source=_map_range(link.source, shift),
                   target=_map_range(link.target, maps.get(link.target_doc or "", _Shift([]))))
           for link in doc.links if not (link.kind == "bead" and link.target_doc in {*mine, *theirs})]
    for other, pid in [*mine.items(), *theirs.items()]:
        for it in pairs[pid]:
            st = states.get(it.id)
            if st is not None and st.status == "rejected":
                continue
            s = (it.start, it.end) if it.end > it.start else ()
            t = (it.target[1], it.target[2]) if it.target and it.target[2] > it.target[1] else ()
            note = "confirmed" if st is not None and st.status == "accepted" else "unconfirmed"
            if other in mine:
                pair = (_map_range(s, shift), _map_range(t, maps[other]))
            else:
                pair = (_map_range(t, shift), _map_range(s, maps[other]))
            link = AlignmentLink("bead", pair[0], pair[1], it.confidence, other, note)
            out.append(link)
    return out


def _map_range(r: Sequence[int], shift: _Shift) -> tuple[int, ...]:
    return (shift(r[0]), shift(r[1], True)) if len(r) == 2 else tuple(r)


def _disjoint(edits: list[Edit]) -> list[Edit]:
    """Edits in text order, dropping any that overlaps an earlier one (the first decision wins)."""
    out: list[Edit] = []
    for a, b, t in sorted(set(edits), key=lambda e: (e[0], e[1])):
        if out and a < out[-1][1]:
            continue
        out.append((a, b, t))
    return out


class _Shift:
    """Maps old code-point offsets to new ones once the edits are applied."""

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = edits
        self.starts = [a for a, _, _ in edits]
        self.deltas = []
        total = 0
        for a, b, t in edits:
            total += len(t) - (b - a)
            self.deltas.append(total)

    def __call__(self, pos: int, end: bool = False) -> int:
        k = bisect_right(self.starts, pos) - 1
        if k < 0:
            return pos
        a, b, t = self.edits[k]
        before = self.deltas[k - 1] if k > 0 else 0
        if pos >= b and (pos > a or a == b):
            return pos + self.deltas[k]
        return a + before + (len(t) if end and pos > a else 0)

    def apply(self, text: str) -> str:
        parts, cursor = [], 0
        for a, b, t in self.edits:
            parts += [text[cursor:a], t]
            cursor = b
        parts.append(text[cursor:])
        return "".join(parts)


# -- agreement -------------------------------------------------------------------------------------------


def final_labels(rows: list[dict[str, Any]], reviewer: str) -> dict[str, str]:
    """A reviewer's last status per item (accepted, rejected, corrected), skips and undone decisions left out."""
    undone = {r["undoes"] for r in rows if r["action"] == "undo"}
    out: dict[str, str] = {}
    for r in rows:
        if r["reviewer"] == reviewer and r["action"] in ("accept", "reject", "correct") and r["batch"] not in undone:
            out[r["item"]] = STATUS_OF[r["action"]]
    return out


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two raters' labels on the same items (1.0 when both always give one same label)."""
    n = len(a)
    if n == 0:
        raise InvalidInputError("the two reviewers decided no item in common; kappa is undefined")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(rows: list[dict[str, Any]], ra: str, rb: str) -> tuple[float, int, list[tuple[str, str, str]]]:
    """(kappa, items both decided, disagreements as (item, A's label, B's label))."""
    la, lb = final_labels(rows, ra), final_labels(rows, rb)
    common = sorted(set(la) & set(lb))
    kappa = cohen_kappa([la[i] for i in common], [lb[i] for i in common])
    return kappa, len(common), [(i, la[i], lb[i]) for i in common if la[i] != lb[i]]


def agreement_report(results: str, db: str | None, reviewers: Sequence[str] | None) -> str:
    """A plain-text list of the disagreements and the agreement figure."""
    review = open_review(results, db)
    rows = review.store.rows()
    names = list(reviewers or dict.fromkeys(r["reviewer"] for r in rows))
    if len(names) < 2:
        raise InvalidInputError("the database holds one reviewer's decisions; import another's with "
                                "`mlkit review import` first")
    ra, rb = names[0], names[1]
    kappa, n, diffs = agreement(rows, ra, rb)
    by_id = review.snapshot()[1]
    lines = [f"{ra} and {rb} both decided {n} items; they disagree on {len(diffs)}; Cohen's kappa {kappa:.3f}"]
    for item, a, b in diffs:
        it = by_id.get(item)
        where = f"{it.kind} {it.doc}:{review.docs[it.doc].line_of(it.start)} {it.text[:40]!r}" if it else item
        lines.append(f"  {where}: {ra} {a}, {rb} {b}")
    review.store.close()
    return "\n".join(lines)
