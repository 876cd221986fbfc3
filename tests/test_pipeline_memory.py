"""Worker memory stays bounded: no cache keyed by corpus text grows without limit, and emptying the stages'
caches (what a worker over its memory budget does after a shard) changes no output."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import sys

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


def _shard(index: int, texts: list[str], memory_mb: int = 0) -> tuple[list[str], bool]:
    config = check(Config(stages="segment,romanize,mentions"))
    items = [Item("doc", f"d{i}", Document(text=t, id=f"d{i}")) for i, t in enumerate(texts)]
    shard = next(make_shards(items, config, 1 << 30, worker_memory_mb=memory_mb))
    result = run_shard(shard, serialize=True)
    return result.documents, result.trimmed


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
