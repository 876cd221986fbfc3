"""The `mlkit` command's start-up: every subcommand module is listed, and the one-line path stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mlkit.cli
from mlkit.cli import SUMMARIES, build_parser

CLI_DIR = Path(mlkit.cli.__file__).parent


def test_every_subcommand_module_is_in_the_table() -> None:
    modules = {p.stem for p in CLI_DIR.glob("*.py") if not p.stem.startswith("_") and p.stem != "common"}
    assert modules == set(SUMMARIES)


def test_each_subcommand_builds_its_own_parser() -> None:
    """Built in full, a subcommand's parser knows its options (a stub parser would refuse them)."""
    for name in SUMMARIES:
        sub = build_parser(only=name)._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
        assert sub.add_help and sub.format_usage().startswith(f"usage: mlkit {name}")


def test_romanize_one_line_imports_no_heavy_module() -> None:
    """`mlkit romanize` on one line of Korean: no dataclasses/inspect, pathlib, numpy or segmenter (start-up cost)."""
    code = (
        "import sys, io\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO('평양 김정은\\n'.encode()))\n"
        "from mlkit.cli import main\n"
        "main(['romanize', '--system', 'dprk-media'])\n"
        "heavy = {'dataclasses', 'inspect', 'pathlib', 'numpy', 'mlkit.segment', 'mlkit.align', 'mlkit.noise'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["Pyongyang Kim Jong Un", "[]"]
