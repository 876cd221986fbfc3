"""The README runs as shown: its console examples give the output printed under them, its Python examples pass as
doctests, and every path it and the docs pages name exists.

A ```console block holds commands (lines starting with `$ `), each followed by its expected output up to the next
command or the end of the block. Trailing white space is ignored, and a line holding only `...` stands for any
number of lines. Commands run with bash from the project root, with this Python's `mlkit` first on PATH.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELLIPSIS = "..."
# a path inside the project in backticks, such as `data/korean/surnames.tsv` (not the schema name `mlkit/1`)
PROJECT_PATH = re.compile(r"`((?!mlkit/\d)(?:mlkit|data|bench|tests|seeds|docs|tools)/[\w./-]*)`")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def fenced_blocks(text: str, language: str) -> list[tuple[int, str]]:
    """(first line number, body) of every ``` block of `language`."""
    blocks, body, start = [], None, 0
    for number, line in enumerate(text.splitlines(), 1):
        if body is None and line.strip() == f"```{language}":
            body, start = [], number + 1
        elif body is not None and line.strip() == "```":
            blocks.append((start, "\n".join(body)))
            body = None
        elif body is not None:
            body.append(line)
    return blocks


def console_examples(text: str) -> list[tuple[int, str, list[str]]]:
    """(line number, command, expected output lines) of every command in the console blocks."""
    examples: list[tuple[int, str, list[str]]] = []
    for start, body in fenced_blocks(text, "console"):
        for offset, line in enumerate(body.splitlines()):
            if line.startswith("$ "):
                examples.append((start + offset, line[2:], []))
            elif examples and examples[-1][0] >= start:
                examples[-1][2].append(line)
    return examples


def output_matches(expected: list[str], actual: str) -> bool:
    """Whether `actual` is `expected` line for line (trailing white space aside), `...` matching any lines."""
    want = [line.rstrip() for line in expected]
    got = [line.rstrip() for line in actual.splitlines()]
    while want and not want[-1]:
        want.pop()
    while got and not got[-1]:
        got.pop()
    pattern = "".join(r"(?:[^\n]*\n)*?" if line == ELLIPSIS else re.escape(line) + r"\n" for line in want)
    return re.fullmatch(pattern, "".join(line + "\n" for line in got)) is not None


def test_output_matching_reads_ellipsis_and_whitespace() -> None:
    """The matcher itself: `...` spans zero or more lines, trailing spaces do not count, other lines must match."""
    assert output_matches(["a", "...", "d"], "a\nb\nc\nd\n")
    assert output_matches(["a", "...", "d"], "a\nd")
    assert output_matches(["a  ", ""], "a\n\n")
    assert not output_matches(["a", "...", "d"], "a\nb\n")
    assert not output_matches(["a", "b"], "a\nc\n")


EXAMPLES = console_examples(README.read_text(encoding="utf-8"))


def test_readme_has_console_examples_and_opens_with_make() -> None:
    """The README opens with `make run` and `make test`, stays under 15,000 bytes, and shows commands to run."""
    text = README.read_text(encoding="utf-8")
    first = fenced_blocks(text, "sh")[0][1].splitlines()
    assert [line.split()[:2] for line in first[:2]] == [["make", "run"], ["make", "test"]]
    assert text.index("make run") < text.index("## ")
    assert len(README.read_bytes()) <= 15_000
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("line", "command", "expected"), EXAMPLES, ids=[f"README.md:{e[0]}" for e in EXAMPLES])
def test_console_example(line: int, command: str, expected: list[str]) -> None:
    """The command runs from the project root and prints what the README shows."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    shows_error = any("error:" in out for out in expected)
    assert (done.returncode != 0) == shows_error, f"exit code {done.returncode}:\n{done.stdout}"
    assert output_matches(expected, done.stdout), f"README.md:{line}: $ {command}\n--- got:\n{done.stdout}"


PYCON = fenced_blocks(README.read_text(encoding="utf-8"), "pycon")


@pytest.mark.parametrize(("line", "body"), PYCON, ids=[f"README.md:{b[0]}" for b in PYCON])
def test_python_example(line: int, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python examples pass as doctests, run from the project root."""
    monkeypatch.chdir(ROOT)
    test = doctest.DocTestParser().get_doctest(body, {}, f"README.md:{line}", str(README), line - 1)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_named_paths_exist(page: Path) -> None:
    """Every link to a local file and every project path in backticks points at something in the tree."""
    text = page.read_text(encoding="utf-8")
    missing = [
        target
        for target in LINK.findall(text)
        if "://" not in target and not (page.parent / target).exists()
    ]
    # bench/out/ holds what the benchmarks write (git-ignored): a page may name it before any run made it
    missing += [p for p in PROJECT_PATH.findall(text) if not (ROOT / p).exists() and not p.startswith("bench/out/")]
    assert not missing, f"{page.relative_to(ROOT)} names paths that do not exist: {missing}"
