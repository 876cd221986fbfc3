"""A small corpus for the pipeline tests: the seeds, synthetic JSONL documents made from seed lines, and the
inputs that must become error records (malformed lines, a binary file, an empty file, bad UTF-8)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BAD_LINES = [
    "{not json",
    '["a list"]',
    '{"id": "no-text"}',
    '{"id": "bad-translation", "text": "Kim Jong Il met them.", "translation": 7}',
]


def synthetic_records(count: int = 12, seed: int = 17) -> list[dict[str, str]]:
    """Documents made of random runs of seed lines (English with Korean passages), so no two are alike."""
    rng = random.Random(seed)
    lines = [
        line
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out = []
    for i in range(count):
        start = rng.randrange(len(lines) - 40)
        out.append({"id": f"syn-{i}", "text": "\n".join(lines[start : start + rng.randrange(5, 40)]) + "\n"})
    return out


def build(folder: Path, bad: bool = True) -> Path:
    """The corpus as a folder: seeds/, docs.jsonl (with malformed lines when `bad`), and bad files."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    rows = [json.dumps(r, ensure_ascii=False) for r in synthetic_records()]
    if bad:
        for k, line in enumerate(BAD_LINES):
            rows.insert(2 + 3 * k, line)
        (folder / "zz_binary.bin").write_bytes(bytes(range(256)) * 4)
        (folder / "zz_empty.txt").write_bytes(b"")
        (folder / "zz_latin1.txt").write_bytes("Pyongyang caf\u00e9\n".encode("latin-1"))
    (folder / "docs.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


# A driver whose process workers note each shard as they start it (an unbuffered write, so it survives SIGKILL;
# a shard queued behind a running one has not started) and give every shard a fixed extra time, so a kill lands
# while shards are in flight.
LOGGING_DRIVER = """
import os, sys
sys.path.insert(0, sys.argv[1])
os.environ["MLKIT_TEST_STARTED_LOG"] = sys.argv[2]
from mlkit.pipeline import engines
from tests.pipeline_corpus import slow_shard
def submit(self, shard, serialize):
    return self._pool.submit(slow_shard, shard, serialize)
engines.ProcessEngine.submit = submit
from mlkit.cli import main
sys.exit(main(sys.argv[3:]))
"""


def slow_shard(shard: object, serialize: bool) -> object:
    """`run_shard` after noting the shard as started and a pause (time on the worker without CPU, so a loaded
    machine does not change it)."""
    import os
    import time

    from mlkit.pipeline.shards import run_shard

    log = os.open(os.environ["MLKIT_TEST_STARTED_LOG"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.write(log, b"%d\n" % shard.index)  # type: ignore[attr-defined]
    os.close(log)
    time.sleep(0.3)
    return run_shard(shard, serialize)  # type: ignore[arg-type]
