"""Worker memory stays bounded: no cache keyed by corpus text grows without limit, and emptying the stages'
caches (what a worker over its memory budget does after a shard) changes no output."""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import pkgutil
import sys
from pathlib import Path

import pytest

import mlkit
from mlkit.document import Document
from mlkit.pipeline import Config, make_shards, memory
from mlkit.pipeline.memory import bounded_caches, trim_caches
from mlkit.pipeline.shards import Item, run_shard
from mlkit.pipeline.stages import check
from tests.conftest import SEEDS

# What an unlimited cache may be keyed by: a language, a script, a system, a table or a candidate set, all of
# which come from the configuration and the tables, never from the corpus.
CONFIG_KEYS = {"lang", "main", "script", "system", "cands", "n", "light", "extra", "relative", "table_name", "name",
               "files", "packages"}  # fmt: skip


def _stage_modules() -> None:
    for found in pkgutil.walk_packages(mlkit.__path__, "mlkit."):
        if not found.name.startswith(("mlkit.review", "mlkit.cli", "mlkit.demo", "mlkit.__main__")):
            try:
                importlib.import_module(found.name)
            except ImportError:  # an optional extra that is not installed: its caches cannot fill either
                pass


def test_no_cache_keyed_by_corpus_text_is_unlimited() -> None:
    _stage_modules()
    unlimited = []
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("mlkit.") or module is None:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == name:
                if value.cache_parameters()["maxsize"] is None:
                    params = set(inspect.signature(value).parameters)
                    if params - CONFIG_KEYS:
                        unlimited.append(f"{name}.{attr}{sorted(params)}")
    assert not unlimited, f"caches keyed by words or texts need a maxsize: {unlimited}"


def _shard(index: int, texts: list[str], memory_mb: int = 0) -> tuple[bytes, bool]:
    config = check(Config(stages="segment,romanize,mentions"))
    items = [Item("doc", f"d{i}", Document(text=t, id=f"d{i}")) for i, t in enumerate(texts)]
    shard = next(make_shards(items, config, 1 << 30, worker_memory_mb=memory_mb))
    result = run_shard(shard, serialize=True)
    return result.data, result.trimmed


def test_emptied_caches_give_the_same_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_floor_kb", 0)  # as in a fresh worker
    monkeypatch.setattr(memory, "_rebuilding", False)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    warm, trimmed = _shard(0, texts)
    assert not trimmed
    filled = [c for c in bounded_caches() if c.cache_info().currsize]
    assert len(filled) >= 5, "the stages fill their caches"
    assert trim_caches() >= len(filled)
    assert all(c.cache_info().currsize == 0 for c in bounded_caches())
    cold, _ = _shard(0, texts)
    assert cold == warm
    again, trimmed = _shard(0, texts, memory_mb=1)  # any worker is over 1 MB: it empties its caches after the shard
    assert trimmed and again == warm
    assert all(c.cache_info().currsize == 0 for c in bounded_caches())
    for _ in range(2):
        _, trimmed = _shard(0, texts, memory_mb=1)
        assert not trimmed, "not again until the caches have grown by REGROWTH_MB over what the next shard holds"


def test_outgrown_worker_asks_to_be_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """A replaceable worker reports that it is over its budget only once it has grown since its first shard."""
    sizes = iter([400 << 10, 420 << 10, 480 << 10, 480 << 10])
    monkeypatch.setattr(memory, "rss_kb", lambda: next(sizes))
    monkeypatch.setattr(memory, "_first_kb", 0)
    monkeypatch.setattr(memory, "REGROWTH_MB", 64)
    assert not memory.outgrown(300)  # the first shard: the tables alone
    assert not memory.outgrown(300)  # over the budget, but a fresh worker would hold as much
    assert memory.outgrown(300)  # grown by 64 MB: a fresh worker holds less
    assert not memory.outgrown(0)  # no budget


def test_processes_engine_replaces_outgrown_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers over the budget are replaced by fresh processes, and the output is the same bytes."""
    from mlkit.pipeline.runner import Run

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    runs = {}
    for name, budget in (("kept", 0), ("replaced", 1)):
        monkeypatch.setenv("MLKIT_WORKER_REGROWTH_MB", "0")  # any worker is over 1 MB and has grown since its first
        stats = Run([str(corpus)], str(tmp_path / f"{name}.jsonl"), Config(stages="segment,romanize"),
                    engine="processes", workers=1, shard_bytes=4000, progress=False,
                    worker_memory_mb=budget).run()  # fmt: skip
        runs[name] = stats
    assert runs["kept"]["workers_replaced"] == 0
    assert runs["replaced"]["workers_replaced"] >= 1
    assert len(runs["replaced"]["peak_rss_mb"]["workers"]) > 1, "later shards ran in other processes"
    assert (tmp_path / "kept.jsonl").read_bytes() == (tmp_path / "replaced.jsonl").read_bytes()


SETTLE_PROBE = """
import gc, sys
from mlkit.pipeline import Config, make_shards
from mlkit.pipeline.shards import Item, run_shard
from mlkit.pipeline.stages import check
from dataclasses import replace
config = check(Config(stages="segment,romanize"))
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
from mlkit.document import Document
items = [Item("doc", f"d{i}", Document(text=t, id=f"d{i}")) for i, t in enumerate(texts)]
import json
data, frozen = [], []
for shard in make_shards(items, config, 1 << 12):
    data.append(run_shard(replace(shard, settle=sys.argv[1] == "settle"), serialize=True).data.decode("utf-8"))
    frozen.append(gc.get_freeze_count())
print(json.dumps({"data": data, "frozen": frozen}))
"""


def test_a_settled_worker_keeps_its_tables_out_of_the_collector_and_writes_the_same_bytes() -> None:
    """A worker the pipeline owns freezes what is alive after its first shard (its tables and models), once (the
    count may fall: frozen objects are still freed); one that does not own its process leaves the collector
    alone; the documents are the same bytes."""
    import subprocess

    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:3]]
    runs = {}
    for mode in ("settle", "leave"):
        done = subprocess.run([sys.executable, "-c", SETTLE_PROBE, mode, *seeds], capture_output=True, check=True)
        found = json.loads(done.stdout)
        runs[mode] = (found["data"], found["frozen"])
    docs, frozen = runs["settle"]
    assert len(frozen) >= 2, "the seeds make more than one shard"
    assert frozen[0] > 10_000, "the loaded tables are frozen after the first shard"
    assert max(frozen[1:]) <= frozen[0], "only then: later shards' objects stay with the collector"
    assert runs["leave"][1] == [0] * len(frozen)
    assert docs == runs["leave"][0]
