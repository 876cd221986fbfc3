"""Decisions in SQLite: one row per decision, one transaction per reviewer action, committed before replying.

The database runs in WAL mode with `synchronous=FULL`, so a decision the server confirmed survives the server
being killed. Rows are never updated: an undo is a new row naming the batch it takes back, and every row keeps
its reviewer, time and the status and value it replaced.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mlkit.errors import InvalidInputError

STATUS_OF = {"accept": "accepted", "reject": "rejected", "correct": "corrected", "skip": "skipped"}
ACTIONS = (*STATUS_OF, "comment", "undo", "merge", "split", "move", "realign")
COLUMNS = ("seq", "uid", "batch", "item", "doc", "kind", "action", "value", "replaced", "reviewer", "time", "undoes")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    batch TEXT NOT NULL,
    item TEXT NOT NULL,
    doc TEXT NOT NULL,
    kind TEXT NOT NULL,
    action TEXT NOT NULL,
    value TEXT,
    replaced TEXT,
    reviewer TEXT NOT NULL,
    time TEXT NOT NULL,
    undoes TEXT
);
CREATE INDEX IF NOT EXISTS decisions_item ON decisions(item);
CREATE INDEX IF NOT EXISTS decisions_batch ON decisions(batch);
"""


@dataclass(frozen=True, slots=True)
class State:
    """An item's current status ("pending" when nothing decided it), the corrected text, who and when."""

    status: str = "pending"
    value: Any = None
    reviewer: str = ""
    time: str = ""
    seq: int = 0


def now() -> str:
    """UTC time with milliseconds, as recorded in every decision."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """The decisions database of one review (thread-safe: one connection behind a lock)."""

    def __init__(self, path: str) -> None:
        try:
            self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InvalidInputError(f"{path}: not a review database ({exc})") from None
        self.db.row_factory = sqlite3.Row
        self.path = path
        self.lock = threading.Lock()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def record(self, rows: Iterable[dict[str, Any]]) -> list[int]:
        """Insert the rows of one reviewer action in one transaction and commit; returns their sequence numbers."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                seqs = self._insert(rows)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return seqs

    def _insert(self, rows: Iterable[dict[str, Any]]) -> list[int]:
        """Insert one action's rows as one batch (the caller holds the lock and the transaction)."""
        batch = uuid.uuid4().hex
        stamp = now()
        seqs = []
        for row in rows:
            cur = self.db.execute(
                "INSERT INTO decisions (uid, batch, item, doc, kind, action, value, replaced, reviewer, time,"
                " undoes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (uuid.uuid4().hex, batch, row["item"], row.get("doc", ""), row.get("kind", ""),
                 row["action"], _dump(row.get("value")), _dump(row.get("replaced")), row["reviewer"],
                 row.get("time") or stamp, row.get("undoes")),
            )
            seqs.append(int(cur.lastrowid or 0))
        return seqs

    def rows(self) -> list[dict[str, Any]]:
        """Every decision in the order it was made, values decoded."""
        with self.lock:
            return self._rows()

    def _rows(self) -> list[dict[str, Any]]:
        """`rows` for a caller that holds the lock."""
        cur = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM decisions ORDER BY seq")
        found = [dict(r) for r in cur.fetchall()]
        for r in found:
            r["value"] = _load(r["value"])
            r["replaced"] = _load(r["replaced"])
        return found

    def active(self) -> list[dict[str, Any]]:
        """The decisions not taken back by an undo, in order."""
        return _in_force(self.rows())

    def states(self, reviewer: str | None = None) -> dict[str, State]:
        """Each decided item's current state (of one reviewer's decisions, or everyone's)."""
        out: dict[str, State] = {}
        for r in self.active():
            if r["action"] in STATUS_OF and (reviewer is None or r["reviewer"] == reviewer):
                out[r["item"]] = State(STATUS_OF[r["action"]], r["value"], r["reviewer"], r["time"], r["seq"])
        return out

    def history(self, item: str) -> list[dict[str, Any]]:
        """Every decision on one item, undone ones included (marked `undone`)."""
        rows = self.rows()
        undone = {r["undoes"] for r in rows if r["action"] == "undo"}
        return [dict(r, undone=r["batch"] in undone) for r in rows if r["item"] == item and r["action"] != "undo"]

    def undo(self, reviewer: str) -> list[dict[str, Any]]:
        """Take back the reviewer's last action still in force; returns the rows it took back (none: nothing).
        Read and write are one transaction: two undos at once take back two actions, never one twice."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                active = [r for r in _in_force(self._rows()) if r["reviewer"] == reviewer]
                taken = [r for r in active if r["batch"] == active[-1]["batch"]] if active else []
                if taken:
                    first = taken[0]
                    self._insert([{"item": first["item"], "doc": first["doc"], "kind": first["kind"],
                                   "action": "undo", "reviewer": reviewer, "undoes": first["batch"],
                                   "replaced": {"action": first["action"]}}])
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return taken

    def merge_rows(self, rows: Iterable[dict[str, Any]]) -> int:
        """Add decisions exported from another review database (rows already present are skipped)."""
        added = 0
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for r in rows:
                    cur = self.db.execute(
                        "INSERT OR IGNORE INTO decisions (uid, batch, item, doc, kind, action, value, replaced,"
                        " reviewer, time, undoes) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (r["uid"], r["batch"], r["item"], r.get("doc", ""), r.get("kind", ""), r["action"],
                         _dump(r.get("value")), _dump(r.get("replaced")), r["reviewer"], r["time"], r.get("undoes")),
                    )
                    added += cur.rowcount
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return added


def read_decisions(path: str) -> Iterator[dict[str, Any]]:
    """Decisions from an exported decisions JSONL file."""
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except (json.JSONDecodeError, RecursionError) as exc:
                    raise InvalidInputError(f"{path}: line {number} is not JSON ({getattr(exc, 'msg', exc)})") from None
                problem = _row_problem(row)
                if problem:
                    raise InvalidInputError(f"{path}: line {number} {problem}; "
                                            "import reads files written by `mlkit review export`")
                yield row
    except OSError as exc:
        raise InvalidInputError(f"{path}: {exc.strerror}") from None


_REQUIRED = ("uid", "batch", "item", "action", "reviewer", "time")


def _row_problem(row: Any) -> str | None:
    """What makes a line of a decisions file no decision, or None: an object with the exported fields as text, a
    known action, and only valid Unicode (the store keeps UTF-8)."""
    if not isinstance(row, dict):
        return "is no JSON object"
    missing = [k for k in _REQUIRED if k not in row]
    if missing:
        return f"lacks {', '.join(missing)}"
    wrong = [k for k in (*_REQUIRED, "doc", "kind", "undoes") if row.get(k) is not None and not isinstance(row[k], str)]
    if wrong:
        return f"has {', '.join(wrong)} that is not text"
    if row["action"] not in ACTIONS:
        return f"has an unknown action {row['action']!r} (known: {', '.join(ACTIONS)})"
    try:
        _dump(row).encode("utf-8")
    except UnicodeEncodeError:
        return "holds a lone surrogate (\\ud800-\\udfff)"
    return None


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _in_force(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The decisions among `rows` that no undo has taken back, in order."""
    undone = {r["undoes"] for r in rows if r["action"] == "undo"}
    return [r for r in rows if r["action"] != "undo" and r["batch"] not in undone]
