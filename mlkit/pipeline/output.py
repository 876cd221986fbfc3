"""Durable output: a directory of numbered JSONL shards, each with a completion marker written only after
the shard's lines are complete and synced to disk, so a killed run can resume where it stopped.

A single-file output is assembled from such a directory (`OUT.parts/`) at the end, in shard order, and then
replaced atomically; the directory is removed once the file is in place.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mlkit.errors import MlkitError
from mlkit.pipeline.shards import ShardResult

RUN_FILE = "run.json"


class ResumeError(MlkitError):
    """A --resume whose output was made from other inputs or options."""

    exit_code = 2


class OutputError(MlkitError):
    """An output folder that holds files this run must not replace."""

    exit_code = 2


def sync_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file, synced, then renamed into place."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def sync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ShardStore:
    """Part files `part-NNNNNN.jsonl` and markers `part-NNNNNN.done` (the shard's counters) in `folder`."""

    def __init__(self, folder: str | Path, run: dict[str, Any], resume: bool) -> None:
        self.folder = Path(folder)
        self.done: dict[int, dict[str, Any]] = {}
        run_path = self.folder / RUN_FILE
        if resume and run_path.exists():
            previous = json.loads(run_path.read_text(encoding="utf-8"))
            if previous != run:
                changed = sorted(k for k in set(run) | set(previous) if run.get(k) != previous.get(k))
                raise ResumeError(f"{self.folder} was made with other {', '.join(changed)}; run without --resume")
            for marker in sorted(self.folder.glob("part-*.done")):
                part = marker.with_suffix(".jsonl")
                info = json.loads(marker.read_text(encoding="utf-8"))
                if part.exists() and part.stat().st_size == info.get("size"):
                    self.done[int(marker.stem[5:])] = info
        else:
            self.clear()
        self.folder.mkdir(parents=True, exist_ok=True)
        sync_write(run_path, json.dumps(run, indent=1, sort_keys=True).encode("utf-8"))

    def clear(self) -> None:
        """Remove what an earlier run left here (only files this store writes, and only where a run's run.json
        says one wrote them: part files of another tool are never deleted)."""
        if not self.folder.exists():
            return
        if not (self.folder / RUN_FILE).exists() and any(self.folder.glob("part-*")):
            raise OutputError(f"{self.folder} holds part-* files that no mlkit run wrote (it has no {RUN_FILE}): "
                              "choose another output, or move them away")
        for pattern in ("part-*.jsonl", "part-*.done", "part-*.tmp", RUN_FILE, "stats.json"):
            for path in self.folder.glob(pattern):
                path.unlink()

    def part(self, index: int) -> Path:
        """The part file of shard `index`."""
        return self.folder / f"part-{index:06d}.jsonl"

    def write(self, result: ShardResult) -> dict[str, Any]:
        """Write a shard's lines (serialised by the worker), sync them, then its marker; returns the marker's
        counters."""
        data = result.data
        part = self.part(result.index)
        sync_write(part, data)
        info = {
            "documents": result.count,
            "errors": result.errors,
            "bytes": result.bytes,
            "size": len(data),
            "stage_seconds": result.stage_seconds,
        }
        sync_write(part.with_suffix(".done"), json.dumps(info, sort_keys=True).encode("utf-8"))
        sync_dir(self.folder)
        self.done[result.index] = info
        return info

    def complete(self, shards: int) -> bool:
        """Whether shards 0..shards-1 all have markers."""
        return all(i in self.done for i in range(shards))

    def lines(self, shards: int) -> Iterator[bytes]:
        """The bytes of the parts in order, a part at a time."""
        for index in range(shards):
            with open(self.part(index), "rb") as fh:
                while chunk := fh.read(1 << 20):
                    yield chunk

    def assemble(self, target: str | Path, shards: int) -> None:
        """Concatenate the parts into `target` (synced, then renamed into place) and remove this folder."""
        target = Path(target)
        tmp = target.with_name(target.name + ".tmp")
        with open(tmp, "wb") as fh:
            for chunk in self.lines(shards):
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        sync_dir(target.parent)
        shutil.rmtree(self.folder)
