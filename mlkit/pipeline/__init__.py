"""Corpus processing: every stage over any number of documents, in input order, with bounded memory.

>>> [doc.passages()[0].lang for doc in process(["The text says:\\n북남 공동 선언\\n"], stages=["segment"])]
['ko']

Stages are registered in `mlkit.pipeline.stages` (pure `Document -> Document` functions, picklable); one
`Config` says which run and how, and is recorded in every output document's `meta["mlkit"]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from mlkit.document import Document
from mlkit.pipeline.config import ALL_STAGES, Config
from mlkit.pipeline.memory import WORKER_MEMORY_MB
from mlkit.pipeline.shards import Item, Shard

__all__ = ["ALL_STAGES", "Config", "Pipeline", "make_shards", "process"]

SHARD_BYTES = 1_000_000  # about 1 s of work for the lightest stage list, many seconds with noise
SHARD_ITEMS = 2_000


def make_shards(
    items: Iterable[Item],
    config: Config,
    shard_bytes: int = SHARD_BYTES,
    shard_items: int = SHARD_ITEMS,
    text_field: str = "text",
    id_field: str = "id",
    worker_memory_mb: int = WORKER_MEMORY_MB,
) -> Iterator[Shard]:
    """Items grouped in input order into numbered shards of about `shard_bytes` (at most `shard_items` items);
    the cut depends only on the items, so a resumed run cuts the same shards. A worker whose memory passes
    `worker_memory_mb` after a shard empties the stages' caches (see mlkit.pipeline.memory)."""
    batch: list[Item] = []
    size = 0
    index = 0
    for item in items:
        batch.append(item)
        size += item.size
        if size >= shard_bytes or len(batch) >= shard_items:
            yield Shard(index, tuple(batch), config, text_field, id_field, worker_memory_mb)
            index += 1
            batch, size = [], 0
    if batch:
        yield Shard(index, tuple(batch), config, text_field, id_field, worker_memory_mb)


def _items(documents: Iterable[str | Document]) -> Iterator[Item]:
    for doc in documents:
        if not isinstance(doc, Document):
            if not isinstance(doc, str):
                raise TypeError(f"process() takes texts or Documents, got {type(doc).__name__}")
            doc = Document(text=doc)
        yield Item("doc", doc.id, doc)


def process(
    documents: Iterable[str | Document],
    stages: Sequence[str] | None = None,
    config: Config | None = None,
    *,
    engine: str = "local",
    workers: int = 1,
    scheduler: str | None = None,
    shard_bytes: int = SHARD_BYTES,
) -> Iterator[Document]:
    """Annotated Documents for any iterable of texts or Documents, in input order.

    `stages` (default: the config's, all of them) are completed with what they require; a document that a
    stage cannot handle comes out as an error record (`meta["error"]`) instead of stopping the run. At most
    two shards per worker are held at a time, so memory does not grow with the corpus.
    """
    from mlkit.pipeline.engines import execute, start
    from mlkit.pipeline.stages import check

    config = config or Config()
    if stages is not None:
        config = replace(config, stages=tuple(stages))
    config = check(config)
    shards = make_shards(_items(documents), config, shard_bytes if engine != "local" else 1)
    with start(engine, workers, scheduler) as runner:
        for result in execute(runner, shards, ordered=True):
            yield from result.documents


@dataclass(frozen=True)
class Pipeline:
    """The stages as one picklable function of a text or Document, for `map` in pandas, datasets or Dask.

    >>> Pipeline(("segment",))("Kim said:\\n북남 공동 선언\\n").meta["main_lang"]
    'en'
    """

    stages: tuple[str, ...] = ALL_STAGES
    config: Config = field(default_factory=Config)

    def __call__(self, document: str | Document) -> Document:
        """The annotated Document (or its error record)."""
        from mlkit.pipeline.shards import run_item
        from mlkit.pipeline.stages import check

        config = check(replace(self.config, stages=tuple(self.stages)))
        doc = document if isinstance(document, Document) else Document(text=document)
        shard = Shard(0, (), config)
        return run_item(Item("doc", doc.id, doc), shard, {})
