"""The same corpus gives byte-identical output under every engine and worker count, Dask included (a
LocalCluster started here), and each worker loads its models once, not once per shard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlkit.pipeline.config import Config
from mlkit.pipeline.runner import Run
from tests.pipeline_corpus import build

STAGES = "segment,romanize,mentions"
SHARD = 6000  # bytes: the corpus is cut into a dozen shards, so two workers each get several


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("corpus"))


def _run(corpus: Path, out: Path, engine: str, workers: int, scheduler: str | None = None) -> bytes:
    config = Config(stages=STAGES)
    stats = Run(
        [str(corpus)], str(out), config, engine=engine, workers=workers, scheduler=scheduler, shard_bytes=SHARD,
        progress=False,
    ).run()  # fmt: skip
    assert stats["workers"] == (workers or 1)
    if out.is_dir():
        return b"".join(p.read_bytes() for p in sorted(out.glob("part-*.jsonl")))
    return out.read_bytes()


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _run(corpus, tmp_path_factory.mktemp("local") / "out.jsonl", "local", 1)


def test_local_output_has_every_document_in_order(reference: bytes, corpus: Path) -> None:
    records = [json.loads(line) for line in reference.decode("utf-8").splitlines()]
    ids = [r["id"] for r in records]
    seeds = sorted(str(p) for p in (corpus / "seeds").glob("*.txt"))
    assert len(records) == 16 + 5 + 3  # JSONL lines (12 good, 4 bad), seeds, binary/empty/latin-1 files
    assert ids[16:] == [*seeds, *(str(corpus / n) for n in ("zz_binary.bin", "zz_empty.txt", "zz_latin1.txt"))]
    assert [i for i in ids if i.startswith("syn-")] == [f"syn-{i}" for i in range(12)]
    errors = [r for r in records if "error" in r.get("meta", {})]
    assert len(errors) == 6  # three bad JSONL lines, three bad files (the bad translation needs `parallel`)
    assert {r["meta"]["error"]["stage"] for r in errors} == {"read"}
    assert all(r["meta"]["mlkit"]["config"]["stages"] == STAGES.split(",") for r in records)


@pytest.mark.parametrize(("engine", "workers"), [("processes", 1), ("processes", 2)])
def test_processes_give_the_same_bytes(
    engine: str, workers: int, corpus: Path, reference: bytes, tmp_path: Path
) -> None:
    assert _run(corpus, tmp_path / "out.jsonl", engine, workers) == reference


def _loads() -> tuple[int, int]:
    """How often this worker loaded the letter tables and the Korean name pattern."""
    from mlkit.segment import lexicon

    return lexicon.alphabets.cache_info().misses, lexicon.korean_name_pattern.cache_info().misses


@pytest.mark.parametrize("workers", [1, 2])
def test_dask_local_cluster_gives_the_same_bytes(
    workers: int, corpus: Path, reference: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from mlkit.pipeline.engines import DaskEngine

    loads: dict[str, tuple[int, int]] = {}
    close = DaskEngine.close

    def count_then_close(engine: DaskEngine) -> None:
        loads.update(engine._client.run(_loads))
        close(engine)

    monkeypatch.setattr(DaskEngine, "close", count_then_close)
    if workers == 1:  # a cluster that is already running, reached by its scheduler's address
        from distributed import LocalCluster

        with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None, host="127.0.0.1") as cluster:
            assert _run(corpus, tmp_path / "out", "dask", 0, cluster.scheduler_address) == reference
    else:  # a LocalCluster that mlkit starts and stops
        assert _run(corpus, tmp_path / "out", "dask", workers) == reference
    shards = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert len(shards) > 2 * workers
    assert all(p.with_suffix(".done").exists() for p in shards)
    stats = json.loads((tmp_path / "out" / "stats.json").read_text())
    assert stats["documents"] == 24
    assert len(stats["peak_rss_mb"]["workers"]) == workers, "every worker took shards"
    assert sorted(loads.values()) == [(1, 1)] * workers, "models are loaded once per worker, not per shard"
