"""data/README.md lists every file in data/, each under the heading of its folder."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DATA = ROOT / "data"


def sections() -> dict[str, str]:
    """Folder ("korean") → the text of its `## korean/: ...` section of the README."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (\w+)/", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_data_file_is_listed_under_its_folder() -> None:
    listed = sections()
    files = sorted(p for p in DATA.rglob("*") if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts)
    assert files
    missing = [
        str(p.relative_to(DATA))
        for p in files
        if f"| `{p.name}` |" not in listed.get(p.parent.relative_to(DATA).as_posix(), "")
    ]
    assert not missing, f"add these to data/README.md: {missing}"


def test_every_listed_file_exists() -> None:
    for folder, text in sections().items():
        for name in re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE):
            assert (DATA / folder / name).is_file(), f"data/README.md lists {folder}/{name}, which is not there"
