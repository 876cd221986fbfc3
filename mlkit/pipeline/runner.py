"""One `mlkit process` run: inputs cut into shards, run on an engine, written durably in input order, with a
progress bar on a terminal and a `stats.json` at the end."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlkit.errors import InvalidInputError
from mlkit.pipeline import make_shards
from mlkit.pipeline.config import Config
from mlkit.pipeline.engines import execute, start
from mlkit.pipeline.inputs import JSONL_SUFFIXES, input_digest, read_items
from mlkit.pipeline.memory import WORKER_MEMORY_MB
from mlkit.pipeline.output import ResumeError, ShardStore, sync_write
from mlkit.pipeline.shards import Shard, ShardResult, peak_rss_kb


@dataclass
class Counters:
    """Running totals for the progress bar and stats.json."""

    documents: int = 0
    errors: int = 0
    bytes: int = 0
    shards: int = 0
    resumed_shards: int = 0
    cache_trims: int = 0
    workers_replaced: int = 0  # shards after which a worker over its budget asked to be replaced
    worker_cpu: float = 0.0  # CPU seconds the workers spent on shards
    worker_busy: float = 0.0  # wall seconds the workers spent on shards (the rest of their time they waited)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    worker_rss_kb: dict[int, int] = field(default_factory=dict)
    first_rss_kb: dict[int, int] = field(default_factory=dict)  # each worker's memory after its first shard
    last_rss_kb: dict[int, int] = field(default_factory=dict)  # ... and after its latest one
    rss_after: list[tuple[int, int]] = field(default_factory=list)  # (shard index, worker KiB after it), each shard

    def add(self, documents: int, errors: int, size: int, seconds: dict[str, float]) -> None:
        """Count one finished shard."""
        self.documents += documents
        self.errors += errors
        self.bytes += size
        self.shards += 1
        for name, value in seconds.items():
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + value

    def add_result(self, result: ShardResult) -> None:
        """Count a shard a worker has just run."""
        self.add(result.count, result.errors, result.bytes, result.stage_seconds)
        self.worker_cpu += result.cpu_seconds
        self.worker_busy += result.seconds
        if result.pid:
            self.worker_rss_kb[result.pid] = max(self.worker_rss_kb.get(result.pid, 0), result.peak_rss_kb)
            self.cache_trims += result.trimmed
            self.workers_replaced += result.retire
            self.first_rss_kb.setdefault(result.pid, result.rss_kb)
            self.last_rss_kb[result.pid] = result.rss_kb
            self.rss_after.append((result.index, result.rss_kb))

    def rss_by_tenth(self) -> list[float]:
        """The most any worker held after a shard, in each tenth of the run (by shard number), in MiB: flat when
        memory does not grow with the corpus."""
        if not self.rss_after:
            return []
        last = max(index for index, _ in self.rss_after) + 1
        tenths = [0] * min(10, last)
        for index, kb in self.rss_after:
            slot = index * len(tenths) // last
            tenths[slot] = max(tenths[slot], kb)
        return [round(kb / 1024, 1) for kb in tenths]


class Progress:
    """A tqdm bar on stderr (bytes with MB/s, documents with documents/s), only when stderr is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        self.began = time.perf_counter()
        if enabled and sys.stderr.isatty():
            import shutil

            from tqdm import tqdm

            size = shutil.get_terminal_size((100, 20))  # a pseudo-terminal may say 0 x 0: tqdm would print nothing
            self.bar = tqdm(unit="B", unit_scale=True, unit_divisor=1000, file=sys.stderr,
                            ncols=size.columns or 100, nrows=max(size.lines, 2))  # fmt: skip

    def update(self, counters: Counters, size: int) -> None:
        """Advance by `size` input bytes and show the document counts."""
        if self.bar is None:
            return
        rate = counters.documents / max(time.perf_counter() - self.began, 1e-9)
        self.bar.set_postfix_str(f"{counters.documents} docs, {rate:.1f} docs/s, {counters.errors} errors")
        self.bar.update(size)

    def close(self) -> None:
        """Leave the final figures on screen."""
        if self.bar is not None:
            self.bar.close()


@dataclass
class Run:
    """The options of one run; `run()` does it and returns the stats."""

    paths: list[str]
    output: str = "-"
    config: Config = field(default_factory=Config)
    input_format: str = "auto"
    text_field: str = "text"
    id_field: str = "id"
    engine: str = "local"
    workers: int = 0
    scheduler: str | None = None
    shard_bytes: int = 1 << 20
    resume: bool = False
    stats_path: str | None = None
    progress: bool = True
    worker_memory_mb: int = WORKER_MEMORY_MB
    own_process: bool = False  # this process is the run's own (the CLI): the local engine may settle its collector

    @property
    def to_file(self) -> bool:
        """Whether the output is one JSONL file (else standard output or a directory of shards)."""
        return self.output != "-" and self.output.lower().endswith(JSONL_SUFFIXES)

    def _own_paths(self) -> tuple[str, ...]:
        """What this run writes (left out of its inputs)."""
        if self.output == "-":
            return ()
        own = (self.output, self.output + ".parts", self.output + ".tmp", self.stats_path or self._default_stats_path())
        return tuple(p for p in own if p)

    def _shards(self) -> Iterator[Shard]:
        items = read_items(self.paths, self.input_format, self.config.max_bytes, self._own_paths())
        shards = make_shards(items, self.config, self.shard_bytes, text_field=self.text_field,
                             id_field=self.id_field, worker_memory_mb=self.worker_memory_mb)  # fmt: skip
        return (replace(shard, settle=True) for shard in shards) if self.own_process else shards

    def _check_output(self) -> None:
        """Refuse an output that is one of the inputs: writing it would destroy what is being read."""
        if self.output == "-":
            return
        target = os.path.realpath(self.output)
        for path in self.paths:
            if path != "-" and os.path.exists(path) and os.path.realpath(path) == target:
                raise InvalidInputError(f"{self.output} is also an input: write the output somewhere else")

    def _fingerprint(self) -> dict[str, Any]:
        """What must match for --resume: the inputs (names, sizes, modification times), how they are read and cut,
        and the config."""
        return {
            "paths": list(self.paths),
            "inputs": input_digest(self.paths, self._own_paths()),
            "input_format": self.input_format,
            "text_field": self.text_field,
            "id_field": self.id_field,
            "shard_bytes": self.shard_bytes,
            "config": self.config.to_dict(),
        }

    def run(self) -> dict[str, Any]:
        """Process everything; returns the stats (also written to stats.json unless on standard output)."""
        began = time.perf_counter()
        self._check_output()
        target = self.stats_path or self._default_stats_path()
        fingerprint = self._fingerprint() if self.output != "-" else {}
        stamp = _digest(fingerprint) if fingerprint else None
        if self.resume and self.to_file and Path(self.output).exists() and not Path(self.output + ".parts").exists():
            finished = _finished(target, stamp)  # the run had finished: nothing is left to do
            if finished is not None:
                return finished
        workers = 1 if self.engine == "local" else self.workers or os.cpu_count() or 1
        counters = Counters()
        bar = Progress(self.progress)
        try:
            with start(self.engine, workers, self.scheduler) as engine:
                workers = engine.workers
                if self.output == "-":
                    self._to_stdout(engine, counters, bar)
                else:
                    self._to_store(engine, counters, bar, fingerprint)
        finally:
            bar.close()
        stats = self._stats(counters, workers, time.perf_counter() - began)
        if stamp is not None:
            stats["fingerprint"] = stamp  # what --resume compares when the output is already complete
        if target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            sync_write(Path(target), (json.dumps(stats, indent=1) + "\n").encode("utf-8"))
        return stats

    def _default_stats_path(self) -> str | None:
        if self.output == "-":
            return None
        if self.to_file:
            path = Path(self.output)
            return str(path.with_name(path.name.rsplit(".", 1)[0] + ".stats.json"))
        return str(Path(self.output) / "stats.json")

    def _to_stdout(self, engine: Any, counters: Counters, bar: Progress) -> None:
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)  # absent when standard output was replaced by a StringIO
        for result in execute(engine, self._shards(), serialize=True, ordered=True):
            if binary is not None:
                binary.write(result.data)
                binary.flush()
            else:
                sys.stdout.write(result.data.decode("utf-8", "surrogatepass"))
                sys.stdout.flush()
            counters.add_result(result)
            bar.update(counters, result.bytes)

    def _to_store(self, engine: Any, counters: Counters, bar: Progress, fingerprint: dict[str, Any]) -> None:
        folder = Path(self.output + ".parts") if self.to_file else Path(self.output)
        if self.to_file:
            folder.parent.mkdir(parents=True, exist_ok=True)
        store = ShardStore(folder, fingerprint, self.resume)
        total = 0

        def todo() -> Iterator[Shard]:
            nonlocal total
            for shard in self._shards():
                total = shard.index + 1
                info = store.done.get(shard.index)
                if info is None:
                    yield shard
                    continue
                counters.add(info["documents"], info["errors"], info["bytes"], info["stage_seconds"])
                counters.resumed_shards += 1
                bar.update(counters, info["bytes"])

        for result in execute(engine, todo(), serialize=True, ordered=False):
            store.write(result)
            counters.add_result(result)
            bar.update(counters, result.bytes)
        if self.to_file:
            store.assemble(self.output, total)

    def _stats(self, counters: Counters, workers: int, seconds: float) -> dict[str, Any]:
        return {
            "documents": counters.documents,
            "errors": counters.errors,
            "bytes": counters.bytes,
            "shards": counters.shards,
            "resumed_shards": counters.resumed_shards,
            "seconds": round(seconds, 3),
            "documents_per_second": round(counters.documents / max(seconds, 1e-9), 3),
            "mb_per_second": round(counters.bytes / 1e6 / max(seconds, 1e-9), 4),
            "stage_seconds": {k: round(v, 3) for k, v in counters.stage_seconds.items()},
            "cpu_seconds": {"driver": round(_own_cpu(), 3), "workers_on_shards": round(counters.worker_cpu, 3)},
            "workers_busy_seconds": round(counters.worker_busy, 3),
            "engine": self.engine,
            "workers": workers,
            "config": self.config.to_dict(),
            "peak_rss_mb": {
                "driver": round(peak_rss_kb() / 1024, 1),
                "workers": [round(v / 1024, 1) for _, v in sorted(counters.worker_rss_kb.items())],
            },
            "cache_trims": counters.cache_trims,
            "workers_replaced": counters.workers_replaced,
            "worker_rss_mb": {
                "after_first_shard": [round(v / 1024, 1) for _, v in sorted(counters.first_rss_kb.items())],
                "after_last_shard": [round(v / 1024, 1) for _, v in sorted(counters.last_rss_kb.items())],
                "by_tenth": counters.rss_by_tenth(),
            },
        }


def _digest(fingerprint: dict[str, Any]) -> str:
    """A short stable name of a run's fingerprint."""
    import hashlib

    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def _finished(stats_path: str | None, stamp: str | None) -> dict[str, Any] | None:
    """The stats of a finished run with this fingerprint (None when there is no record of one, which the caller
    redoes); a finished run of other inputs or options is refused, as a folder's is."""
    try:
        stats = json.loads(Path(stats_path).read_text(encoding="utf-8")) if stats_path else None
    except (OSError, ValueError):
        return None
    if not isinstance(stats, dict) or "fingerprint" not in stats:
        return None
    if stats["fingerprint"] != stamp:
        raise ResumeError(f"{stats_path} records a run of other inputs or options; run without --resume")
    return stats


def _own_cpu() -> float:
    """CPU seconds (user + system) this process has used so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
