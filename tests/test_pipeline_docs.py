"""The Python examples in docs/pipeline.md run and print what the page says (the trailing `# ` lines of each
block); a block whose first line is `# needs: LIB` is skipped when that library is not installed."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "pipeline.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def _split(block: str) -> tuple[str, list[str]]:
    """The code and the output the page shows after it."""
    lines = block.rstrip("\n").split("\n")
    end = len(lines)
    while end and lines[end - 1].startswith("# "):
        end -= 1
    return "\n".join(lines[:end]) + "\n", [line[2:] for line in lines[end:]]


def test_the_page_has_the_examples() -> None:
    needs = [b.split("\n", 1)[0] for b in BLOCKS if b.startswith("# needs:")]
    assert needs == ["# needs: pandas", "# needs: datasets", "# needs: dask"]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.split("\n", 1)[0][:30])
def test_example_runs_and_prints_what_the_page_says(block: str) -> None:
    first = block.split("\n", 1)[0]
    if first.startswith("# needs:"):
        pytest.importorskip(first.split(":", 1)[1].strip(), reason="an optional library of the examples extra")
    code, expected = _split(block)
    assert expected, "every example shows its output"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, str(DOC), "exec"), {"__name__": "docs_example"})
    assert out.getvalue().rstrip("\n").split("\n") == expected
