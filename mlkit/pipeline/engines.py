"""Engines that run shards: `local` (this process), `processes` (a process pool on this machine) and `dask`
(a `distributed` cluster: a LocalCluster started here, or a running scheduler).

All three take shards from a lazy iterator and keep at most `window` of them in flight, so memory stays
bounded whatever the corpus size; results come back either as they complete or in input order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from mlkit.errors import MlkitError, UnknownOptionError
from mlkit.pipeline.shards import Shard, ShardResult, error_record, run_shard, stamp

ENGINES = ("local", "processes", "dask")


class EngineError(MlkitError):
    """An engine that cannot start (a missing extra, an unreachable scheduler)."""

    exit_code = 2


class Engine:
    """Runs shards one after the other in this process; the base of the parallel engines."""

    name = "local"
    queued = 0  # shards handed to the workers beyond one each, so none waits for the driver between shards

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    def submit(self, shard: Shard, serialize: bool) -> Any:
        """Start a shard; returns a handle for `wait`."""
        return _Done(run_shard(shard, serialize))

    def wait(self, handles: list[Any]) -> list[tuple[Any, ShardResult | BaseException]]:
        """At least one finished handle with its result (or the exception that ended it)."""
        return [(handles[0], handles[0].result)]

    def worker_pids(self) -> list[int]:
        """Process ids of the workers (for memory figures)."""
        import os

        return [os.getpid()]

    def close(self) -> None:
        """Stop the workers this engine started."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Done:
    """The handle of a shard already run in this process."""

    def __init__(self, result: ShardResult) -> None:
        self.result = result


class ProcessEngine(Engine):
    """A pool of spawned processes: each loads the models once and keeps them for every shard it runs, until
    it reports that it has outgrown its memory budget; then the pool is replaced by fresh processes (as
    uWSGI's `reload-on-rss` or Celery's `worker_max_memory_per_child` replace a worker), so a worker's memory
    is bounded by the budget however long the corpus."""

    name = "processes"
    queued = 1

    def __init__(self, workers: int = 1) -> None:
        super().__init__(workers)
        self.replaced = 0
        self._pool = self._new_pool()

    def _new_pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=die_with_parent, initargs=(os.getpid(),))

    def submit(self, shard: Shard, serialize: bool) -> Any:
        from dataclasses import replace

        return self._pool.submit(run_shard, replace(shard, replaceable=True, settle=True), serialize)

    def wait(self, handles: list[Any]) -> list[tuple[Any, ShardResult | BaseException]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(handles, return_when=FIRST_COMPLETED)
        out = [(h, h.exception() or h.result()) for h in handles if h in done]
        if any(isinstance(r, ShardResult) and r.retire for _, r in out):
            # later shards go to fresh processes, started once the old ones have finished the shards they hold
            # and exited: never more than `workers` processes, so memory stays within workers x budget
            self._pool.shutdown(wait=True)
            self._pool = self._new_pool()
            self.replaced += 1
        return out

    def worker_pids(self) -> list[int]:
        return sorted(self._pool._processes or ())

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(Engine):
    """A `distributed` client: on a LocalCluster of `workers` single-threaded processes, or on `scheduler`."""

    name = "dask"
    queued = 1

    def __init__(self, workers: int = 1, scheduler: str | None = None) -> None:
        super().__init__(workers)
        from mlkit.extras import require

        require("dask", "--engine dask")
        from distributed import Client, LocalCluster

        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="20s")
            except OSError as exc:
                raise EngineError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            self.workers = max(1, sum(self._client.nthreads().values()))
        else:
            import dask

            with dask.config.set(_local_settings()):  # the nannies hand these to the worker processes they start
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                )
            self._client = Client(self._cluster)

    def submit(self, shard: Shard, serialize: bool) -> Any:
        from dataclasses import replace

        return self._client.submit(run_shard, replace(shard, settle=True), serialize, pure=False)

    def wait(self, handles: list[Any]) -> list[tuple[Any, ShardResult | BaseException]]:
        from distributed import wait

        done, _ = wait(handles, return_when="FIRST_COMPLETED")
        out: list[tuple[Any, ShardResult | BaseException]] = []
        for h in handles:
            if h in done:
                try:
                    out.append((h, h.result()))
                except Exception as exc:  # a worker that died: the shard's documents become error records
                    out.append((h, exc))
                h.release()
        return out

    def worker_pids(self) -> list[int]:
        import os

        return sorted(self._client.run(os.getpid).values())

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _local_settings() -> dict[str, Any]:
    """Dask settings for the LocalCluster this engine starts: what costs CPU on every worker and helps nobody
    running a batch, switched off."""
    return {
        # Each of these wakes an event loop (the scheduler's in the driver, each nanny's, each worker's) and, in a
        # worker, takes the GIL from the stages' thread: together 10-15% of the run's CPU time at the defaults.
        # The statistical profiler samples the task's thread every 10 ms (for a dashboard; there is none).
        "distributed.worker.profile.enabled": False,
        # The check that an event loop is not blocked runs every 20 ms.
        "distributed.admin.tick.interval": "1s",
        # CPU, memory, network and disk figures for the dashboard every 500 ms.
        "distributed.admin.system-monitor.interval": "5s",
        # The worker's memory limit is checked every 100 ms; a second is soon enough for batch shards.
        "distributed.worker.memory.monitor-interval": "1s",
    }


def die_with_parent(parent: int) -> None:
    """In a worker process: end when the driver ends, even if it is killed (SIGKILL leaves no chance to stop
    its pool), so no orphan keeps its memory and the driver's pipes. Linux: the parent-death signal; elsewhere
    nothing is set up."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the driver died before the signal was asked for
        os._exit(1)


def start(engine: str = "local", workers: int = 1, scheduler: str | None = None) -> Engine:
    """The named engine with `workers` workers (a scheduler address implies dask)."""
    if scheduler and engine != "dask":
        raise UnknownOptionError("--scheduler is for --engine dask")
    if engine == "local":
        return Engine(1)
    if engine == "processes":
        return ProcessEngine(workers)
    if engine == "dask":
        return DaskEngine(workers, scheduler)
    raise UnknownOptionError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")


def failed(shard: Shard, exc: BaseException, serialize: bool) -> ShardResult:
    """A shard whose worker failed outright: every document becomes an error record saying so."""
    message = f"worker failed: {type(exc).__name__}: {exc}"
    docs: list = [stamp(error_record(item, "worker", message, item.offset), shard.config) for item in shard.items]
    if not serialize:
        return ShardResult(shard.index, docs, count=len(docs), errors=len(docs), bytes=shard.size)
    data = "".join(doc.to_json() + "\n" for doc in docs).encode("utf-8", "surrogatepass")
    return ShardResult(shard.index, [], data=data, count=len(docs), errors=len(docs), bytes=shard.size)


def execute(
    engine: Engine, shards: Iterable[Shard], *, serialize: bool = False, ordered: bool = True, window: int = 0
) -> Iterator[ShardResult]:
    """Run shards with at most `window` in flight (default: two per worker when results must be ordered, else
    one per worker plus the engine's `queued`), yielding results as they complete or, in order, as they came.

    Unordered, results are handed back one at a time, and a shard is submitted only while the ones in flight and
    the finished ones not yet handed back number at most `window`: a run killed at any moment has lost at most
    one started shard per worker plus the one its caller was writing (what `--resume` redoes; a shard queued
    behind a busy worker has not started, so it costs nothing to redo), and no worker waits for the driver,
    neither while a result is written nor for its next shard to arrive."""
    window = window or engine.workers * (2 if ordered else 1) + (0 if ordered else engine.queued)
    pending: dict[Any, Shard] = {}
    order: deque[int] = deque()
    ready: dict[int, ShardResult] = {}
    finished: deque[ShardResult] = deque()
    source = iter(shards)
    exhausted = False
    while True:
        # refill before handing a finished shard back, so workers compute while the caller writes
        while not exhausted and len(pending) + len(ready) < window and len(pending) + len(finished) <= window:
            shard = next(source, None)
            if shard is None:
                exhausted = True
                break
            pending[engine.submit(shard, serialize)] = shard
            if ordered:
                order.append(shard.index)
        if finished:
            yield finished.popleft()
            continue
        while ordered and order and order[0] in ready:
            yield ready.pop(order.popleft())
        if not pending:
            break
        for handle, result in engine.wait(list(pending)):
            shard = pending.pop(handle)
            if isinstance(result, BaseException):
                result = failed(shard, result, serialize)
            if ordered:
                ready[shard.index] = result
            else:
                finished.append(result)
