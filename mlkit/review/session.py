"""A review: the results' documents, the decisions store, and the queue they make together."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mlkit.document import Document
from mlkit.errors import InvalidInputError
from mlkit.review import beads as bead_ops
from mlkit.review.items import (
    KINDS,
    Item,
    bead_items,
    bead_pairs,
    flag_items,
    mention_items,
    romanization_items,
    sort_queue,
)
from mlkit.review.store import STATUS_OF, State, Store

STATUSES = ("open", "pending", "skipped", "accepted", "rejected", "corrected", "all")


@dataclass(frozen=True)
class Filters:
    """Which items the queue shows: by document, passage index, kind and status ("open" = pending or skipped)."""

    doc: str = ""
    passage: str = ""
    kind: str = ""
    status: str = "open"

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Filters:
        """Filters from URL query parameters, unknown values ignored."""
        kind = query.get("kind", "")
        status = query.get("status", "open")
        return cls(query.get("doc", ""), query.get("passage", ""), kind if kind in KINDS else "",
                   status if status in STATUSES else "open")

    def query(self) -> str:
        """The URL query string that gives these filters back."""
        from urllib.parse import urlencode

        pairs = [(k, v) for k, v in (("doc", self.doc), ("passage", self.passage), ("kind", self.kind),
                                      ("status", self.status)) if v and not (k == "status" and v == "open")]
        return urlencode(pairs)


@dataclass(frozen=True)
class Pair:
    """Two aligned documents and the beads the pipeline gave them."""

    id: str
    src: Document
    tgt: Document
    beads: tuple[bead_ops.Bead, ...]


class Review:
    """Documents plus decisions: the queue, each item's state, and the bead edits replayed."""

    def __init__(self, documents: Sequence[Document], store: Store, reviewer: str = "reviewer") -> None:
        if not documents:
            raise InvalidInputError("the results file holds no documents")
        self.docs = {d.id: d for d in documents}
        if len(self.docs) != len(documents):  # decisions are kept by document id: one id, one document
            first: dict[str, int] = {}
            for n, d in enumerate(documents, 1):
                if d.id in first:
                    raise InvalidInputError(
                        f"documents {first[d.id]} and {n} of the results share the id {d.id!r}; give each a "
                        "distinct id (records without one are named by their source and line)"
                    )
                first[d.id] = n
        self.order = [d.id for d in documents]
        self.store = store
        self.reviewer = reviewer
        self.lock = threading.RLock()
        static: list[Item] = []
        for doc in documents:
            static += flag_items(doc) + mention_items(doc) + romanization_items(doc)
        self.static = static
        self.pairs = {}
        for src, tgt, links in bead_pairs(documents):
            pid = "pair-" + hashlib.sha256(f"{src.id}\x1f{tgt.id}".encode()).hexdigest()[:12]
            beads = tuple((tuple(link.source), tuple(link.target), float(link.score)) for link in links)
            self.pairs[pid] = Pair(pid, src, tgt, beads)
        self._cache: tuple[int, Any] | None = None

    # -- state ------------------------------------------------------------------------------------------

    def snapshot(self) -> tuple[list[Item], dict[str, Item], dict[str, State], dict[str, list[Item]], list[dict]]:
        """(queue-ordered items, items by id, states, current beads per pair, active decisions), cached per write."""
        with self.lock:
            rows = self.store.active()
            mark = (len(rows), rows[-1]["seq"] if rows else 0)
            if self._cache is not None and self._cache[0] == mark:
                return self._cache[1]  # type: ignore[no-any-return]
            states: dict[str, State] = {}
            for r in rows:
                if r["action"] in STATUS_OF:
                    states[r["item"]] = State(STATUS_OF[r["action"]], r["value"], r["reviewer"], r["time"], r["seq"])
            pair_items = {pid: self._current_beads(pid, rows) for pid in self.pairs}
            items = sort_queue(self.static + [i for lst in pair_items.values() for i in lst])
            by_id = {i.id: i for i in items}
            snap = (items, by_id, states, pair_items, rows)
            self._cache = (mark, snap)  # type: ignore[assignment]
            return snap

    def _current_beads(self, pid: str, rows: list[dict]) -> list[Item]:
        pair = self.pairs[pid]
        beads = list(pair.beads)
        for r in rows:
            if r["item"] != pid or r["action"] not in ("merge", "split", "move", "realign"):
                continue
            current = bead_items(pair.src, pair.tgt, beads)
            ids = [i.id for i in current]
            value = r["value"] or {}
            if value.get("bead") not in ids:
                continue
            if r["action"] == "realign":
                # the aligner's answer is recorded, so replaying never runs the encoders again
                fresh = [(tuple(a), tuple(b), float(c)) for a, b, c in value["beads"]]
                beads = beads[: ids.index(value["bead"])] + fresh
                continue
            beads = self._apply(pair, beads, ids.index(value["bead"]), r["action"], value)
        return bead_items(pair.src, pair.tgt, beads)

    def _apply(self, pair: Pair, beads: list, i: int, action: str, value: dict) -> list:  # type: ignore[type-arg]
        src_sent = bead_ops.sentence_splitter(pair.src.text, self.lang_at(pair.src, beads[i][0]))
        tgt_sent = bead_ops.sentence_splitter(pair.tgt.text, self.lang_at(pair.tgt, beads[i][1]))
        if action == "merge":
            return bead_ops.merge(beads, i)
        if action == "split":
            return bead_ops.split(beads, i, src_sent, tgt_sent)
        side = "tgt" if value.get("side") == "tgt" else "src"
        return bead_ops.move(beads, i, side, bool(value.get("down", True)), src_sent if side == "src" else tgt_sent)

    @staticmethod
    def lang_at(doc: Document, r: tuple[int, ...]) -> str:
        """The language of the passage holding range `r` (English outside passages)."""
        if r:
            for span in doc.passages():
                if span.start <= r[0] < span.end:
                    return span.lang
        return "en"

    def state(self, item_id: str) -> State:
        """One item's current state."""
        return self.snapshot()[2].get(item_id, State())

    def item(self, item_id: str) -> Item | None:
        """The item with this id, if it is in the current queue."""
        return self.snapshot()[1].get(item_id)

    def pair_of(self, item: Item) -> str | None:
        """The pair id of a bead item."""
        for pid, lst in self.snapshot()[3].items():
            if any(i.id == item.id for i in lst):
                return pid
        return None

    # -- queue ------------------------------------------------------------------------------------------

    def queue(self, f: Filters) -> list[Item]:
        """The items the filters keep: pending ones lowest confidence first, then skipped ones in the order they
        were skipped, then decided ones."""
        items, _, states, _, _ = self.snapshot()
        out = []
        for it in items:
            st = states.get(it.id, State())
            if f.doc and it.doc != f.doc:
                continue
            if f.kind and it.kind != f.kind:
                continue
            if f.passage and str(it.passage if it.passage is not None else "-") != f.passage:
                continue
            if f.status == "open" and st.status not in ("pending", "skipped"):
                continue
            if f.status not in ("open", "all") and st.status != f.status:
                continue
            out.append(it)
        rank = {"pending": 0, "skipped": 1}
        return sorted(out, key=lambda i: (rank.get(states.get(i.id, State()).status, 2),
                                          states.get(i.id, State()).seq if states.get(i.id) else 0))

    def first(self, f: Filters) -> Item | None:
        """The first item the filters keep."""
        q = self.queue(f)
        return q[0] if q else None

    def next_after(self, item_id: str, f: Filters) -> Item | None:
        """The item after `item_id` in the queue (the first one when it has left the queue)."""
        q = self.queue(f)
        ids = [i.id for i in q]
        if item_id in ids:
            k = ids.index(item_id)
            rest = q[k + 1 :] + q[:k]
            return rest[0] if rest else None
        return q[0] if q else None

    # -- decisions --------------------------------------------------------------------------------------

    def decide(self, item_id: str, action: str, value: Any = None, reviewer: str | None = None) -> list[int]:
        """Record one decision on an item (accept, reject, correct, skip, comment); returns its sequence number."""
        with self.lock:
            it = self.item(item_id)
            if it is None:
                raise KeyError(item_id)
            if action == "correct" and not isinstance(value, str):
                raise ValueError("a correction needs its text")
            prev = self.state(item_id)
            replaced = {"status": prev.status, "value": prev.value if prev.value is not None else it.suggestion,
                        "text": it.text}
            return self.store.record([{"item": it.id, "doc": it.doc, "kind": it.kind, "action": action,
                                       "value": value, "replaced": replaced, "reviewer": reviewer or self.reviewer}])

    def confirm_above(self, item_id: str, reviewer: str | None = None) -> list[int]:
        """Accept this bead and every bead above it in its pair that is not accepted yet (one transaction)."""
        with self.lock:
            it = self.item(item_id)
            pid = self.pair_of(it) if it else None
            if it is None or pid is None:
                raise KeyError(item_id)
            _, _, states, pairs, _ = self.snapshot()
            rows = []
            for bead in pairs[pid]:
                st = states.get(bead.id, State())
                if st.status != "accepted":
                    rows.append({"item": bead.id, "doc": bead.doc, "kind": "bead", "action": "accept",
                                 "value": {"via": "confirm-above"}, "replaced": {"status": st.status},
                                 "reviewer": reviewer or self.reviewer})
                if bead.id == item_id:
                    break
            return self.store.record(rows) if rows else []

    def edit_beads(self, item_id: str, op: str, side: str = "src", down: bool = True,
                   reviewer: str | None = None) -> list[int]:
        """Merge a bead with the next, split it, or move a sentence across its lower border."""
        with self.lock:
            it = self.item(item_id)
            pid = self.pair_of(it) if it else None
            if it is None or pid is None or op not in ("merge", "split", "move"):
                raise KeyError(item_id)
            value = {"bead": item_id, "side": side, "down": down}
            before = [(i.start, i.end, i.target) for i in self.snapshot()[3][pid]]
            return self.store.record([{"item": pid, "doc": it.doc, "kind": "beads", "action": op, "value": value,
                                       "replaced": {"beads": before}, "reviewer": reviewer or self.reviewer}])

    def realign(self, item_id: str, reviewer: str | None = None) -> list[int]:
        """Align again, with the sentence aligner, everything from the pair's first unconfirmed bead down (the
        confirmed beads above stay); needs the `align` extra."""
        with self.lock:
            it = self.item(item_id)
            pid = self.pair_of(it) if it else None
            if it is None or pid is None:
                raise KeyError(item_id)
            pair = self.pairs[pid]
            _, _, states, pairs, _ = self.snapshot()
            beads = pairs[pid]
            first = next((k for k, b in enumerate(beads) if states.get(b.id, State()).status != "accepted"), None)
            if first is None:
                return []
            rest = beads[first:]
            src = [(b.start, b.end) for b in rest if b.end > b.start]
            tgt = [(b.target[1], b.target[2]) for b in rest if b.target and b.target[2] > b.target[1]]
            if not src or not tgt:
                return []
            new = realigned(pair.src, pair.tgt, (src[0][0], src[-1][1]), (tgt[0][0], tgt[-1][1]),
                            self.lang_at(pair.src, src[0]), self.lang_at(pair.tgt, tgt[0]))
            value = {"bead": beads[first].id, "beads": [[list(a), list(b), c] for a, b, c in new]}
            before = [(i.start, i.end, i.target) for i in beads]
            return self.store.record([{"item": pid, "doc": it.doc, "kind": "beads", "action": "realign",
                                       "value": value, "replaced": {"beads": before},
                                       "reviewer": reviewer or self.reviewer}])

    def fix_all(self, item_id: str, text: str, reviewer: str | None = None) -> list[int]:
        """Correct every occurrence of an item's text in every document at once (a recurring OCR error)."""
        with self.lock:
            it = self.item(item_id)
            if it is None or not it.text:
                raise KeyError(item_id)
            rows = []
            for doc_id, start, end in self.occurrences(it.text):
                oid, known = self.occurrence_item(doc_id, start, end)
                prev = self.state(oid)
                rows.append({"item": oid, "doc": doc_id, "kind": known.kind if known else "occurrence",
                             "action": "correct", "value": text,
                             "replaced": {"status": prev.status, "value": prev.value, "text": it.text,
                                          "start": start, "end": end},
                             "reviewer": reviewer or self.reviewer})
            return self.store.record(rows)

    def occurrences(self, needle: str) -> list[tuple[str, int, int]]:
        """Every place `needle` occurs in the documents: (document id, start, end)."""
        out = []
        for doc_id in self.order:
            text = self.docs[doc_id].text
            k = text.find(needle)
            while k >= 0:
                out.append((doc_id, k, k + len(needle)))
                k = text.find(needle, k + 1)
        return out

    def occurrence_item(self, doc_id: str, start: int, end: int) -> tuple[str, Item | None]:
        """The id of the flag covering exactly this stretch, or a stable id for the bare occurrence."""
        from mlkit.review.items import item_id as make_id

        for it in self.snapshot()[0]:
            if it.doc == doc_id and it.kind == "flag" and (it.start, it.end) == (start, end):
                return it.id, it
        return make_id(doc_id, "occurrence", start, end, self.docs[doc_id].text[start:end]), None


def realigned(src: Document, tgt: Document, s: tuple[int, int], t: tuple[int, int], src_lang: str,
              tgt_lang: str) -> list[bead_ops.Bead]:
    """Beads for `src.text[s]` and `tgt.text[t]` from the sentence aligner, as document ranges."""
    from mlkit.extras import require

    require("align", "re-aligning beads")
    from mlkit.align.parallel import align_texts

    result = align_texts(src.text[s[0] : s[1]], tgt.text[t[0] : t[1]], True, src_lang, tgt_lang)

    def span(units: tuple, indices: tuple[int, ...], offset: int) -> tuple[int, ...]:  # type: ignore[type-arg]
        return (units[indices[0]].start + offset, units[indices[-1]].end + offset) if indices else ()

    return [(span(result.src_units, tuple(b.source), s[0]), span(result.tgt_units, tuple(b.target), t[0]),
             float(b.score)) for b in result.beads]
