"""A run killed with SIGKILL midway and resumed gives the same bytes as one that was never interrupted, and
only the shard that was in flight is done again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mlkit.pipeline.config import Config
from mlkit.pipeline.runner import Run
from tests.pipeline_corpus import build

ROOT = Path(__file__).resolve().parent.parent
STAGES = "segment,romanize,mentions"
SHARD = "1500"


def _command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mlkit", "process", str(corpus), "-o", str(out), "--stages", STAGES,
            "--shard-size", SHARD, "--no-progress", *extra]  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_killed_run_resumes_to_the_same_bytes(tmp_path: Path) -> None:
    corpus = build(tmp_path / "corpus")
    whole = tmp_path / "whole.jsonl"
    Run([str(corpus)], str(whole), Config(stages=STAGES), shard_bytes=int(SHARD), progress=False).run()

    out = tmp_path / "out.jsonl"
    parts = Path(str(out) + ".parts")
    proc = subprocess.Popen(_command(corpus, out), cwd=ROOT, start_new_session=True, stderr=subprocess.DEVNULL)
    _kill_after(proc, parts, 3, 120)
    assert not out.exists()
    markers = {p.stem for p in parts.glob("part-*.done")}
    unfinished = {p.stem for p in parts.glob("part-*.jsonl")} - markers
    assert len(markers) >= 3
    assert len(unfinished) <= 1, "at most the one shard in flight is lost"

    resumed = subprocess.run(_command(corpus, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr  # the corpus holds bad documents: exit code 1, not a crash
    assert "error records" in resumed.stderr
    assert out.read_bytes() == whole.read_bytes()
    assert not parts.exists()
    stats = json.loads((tmp_path / "out.stats.json").read_text())
    assert stats["resumed_shards"] == len(markers)
    assert stats["documents"] == 24


def test_resume_refuses_other_options(tmp_path: Path) -> None:
    corpus = build(tmp_path / "corpus", bad=False)
    out = tmp_path / "out"
    Run([str(corpus / "docs.jsonl")], str(out), Config(stages="segment"), shard_bytes=4000, progress=False).run()
    from mlkit.pipeline.output import ResumeError

    with pytest.raises(ResumeError, match="config"):
        Run([str(corpus / "docs.jsonl")], str(out), Config(stages="segment,romanize"), shard_bytes=4000,
            resume=True, progress=False).run()  # fmt: skip
    again = Run([str(corpus / "docs.jsonl")], str(out), Config(stages="segment"), shard_bytes=4000, resume=True,
                progress=False).run()  # fmt: skip
    assert again["resumed_shards"] == again["shards"] > 1


def _started(log: Path) -> list[int]:
    return [int(x) for x in log.read_text().split()] if log.exists() else []


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_killed_run_with_two_workers_redoes_only_the_shards_in_flight(tmp_path: Path) -> None:
    """SIGKILL with two process workers: the resumed run starts again only shards the killed one had started
    and not finished, at most one per worker plus the one being written, and the bytes are the same."""
    from tests.pipeline_corpus import LOGGING_DRIVER

    workers = 2
    corpus = build(tmp_path / "corpus", bad=False)
    whole = tmp_path / "whole"
    Run([str(corpus)], str(whole), Config(stages=STAGES), shard_bytes=int(SHARD), progress=False).run()
    shards = json.loads((whole / "stats.json").read_text())["shards"]
    assert shards >= 10

    out = tmp_path / "out"
    first, second = tmp_path / "first.log", tmp_path / "second.log"
    extra = ("--engine", "processes", "--workers", str(workers))
    driver = [sys.executable, "-c", LOGGING_DRIVER, str(ROOT)]
    proc = subprocess.Popen([*driver, str(first), *_command(corpus, out, *extra)[3:]], cwd=ROOT,
                            start_new_session=True, stderr=subprocess.DEVNULL)  # fmt: skip
    _kill_after(proc, out, 4, 180)
    done = {int(p.stem[5:]) for p in out.glob("part-*.done")}
    started = _started(first)
    assert len(done) >= 4 and len(started) < shards, "killed midway"
    lost = set(started) - done
    assert done <= set(started)
    assert len(lost) <= workers + 1, f"shards {sorted(lost)} were lost: more than one per worker and one written"

    resumed = subprocess.run([*driver, str(second), *_command(corpus, out, *extra, "--resume")[3:]], cwd=ROOT,
                             capture_output=True, text=True)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    again = _started(second)
    assert not set(again) & done, "a finished shard was run again"
    assert set(again) | done == set(range(shards))
    assert set(again) & set(started) == lost, "what was redone is exactly what was in flight"
    stats = json.loads((out / "stats.json").read_text())
    assert stats["resumed_shards"] == len(done) and stats["shards"] == shards
    for part in sorted(whole.glob("part-*.jsonl")):
        assert (out / part.name).read_bytes() == part.read_bytes(), part.name
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == sorted(p.name for p in whole.glob("part-*.jsonl"))


def _kill_after(proc: subprocess.Popen, folder: Path, markers: int, seconds: float) -> None:  # type: ignore[type-arg]
    """SIGKILL the run's process group once `markers` shards are marked done in `folder` (or time is up)."""
    try:
        deadline = time.monotonic() + seconds
        while len(list(folder.glob("part-*.done"))) < markers and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run was killed, not finished"


def test_resume_refuses_inputs_that_changed_since(tmp_path: Path) -> None:
    corpus = build(tmp_path / "corpus", bad=False)
    docs, out = corpus / "docs.jsonl", tmp_path / "out"
    Run([str(docs)], str(out), Config(stages="segment"), shard_bytes=4000, progress=False).run()
    (out / "part-000001.done").unlink()  # as if killed while that shard was in flight
    docs.write_text(docs.read_text(encoding="utf-8") + '{"text": "one more line"}\n', encoding="utf-8")
    from mlkit.pipeline.output import ResumeError

    with pytest.raises(ResumeError, match="inputs"):
        Run([str(docs)], str(out), Config(stages="segment"), shard_bytes=4000, resume=True, progress=False).run()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_workers_end_when_the_driver_is_killed(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from mlkit.pipeline.engines import start\n"
        "engine = start('processes', 2).__enter__()\n"
        "engine._pool.submit(time.sleep, 0).result()\n"
        "print(' '.join(map(str, engine.worker_pids())), flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert pids
    proc.kill()
    proc.wait()
    deadline = time.time() + 20
    while time.time() < deadline and any(map(_alive, pids)):
        time.sleep(0.2)
    assert not any(map(_alive, pids))


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_resuming_a_finished_file_output_does_nothing_and_refuses_other_options(tmp_path: Path) -> None:
    corpus = build(tmp_path / "corpus", bad=False)
    docs, out = corpus / "docs.jsonl", tmp_path / "out.jsonl"
    first = Run([str(docs)], str(out), Config(stages="segment"), shard_bytes=4000, progress=False).run()
    written = out.stat().st_mtime_ns
    again = Run([str(docs)], str(out), Config(stages="segment"), shard_bytes=4000, resume=True, progress=False).run()
    assert again == first and out.stat().st_mtime_ns == written
    from mlkit.pipeline.output import ResumeError

    with pytest.raises(ResumeError, match="other inputs or options"):
        Run([str(docs)], str(out), Config(stages="segment,romanize"), shard_bytes=4000, resume=True,
            progress=False).run()  # fmt: skip
