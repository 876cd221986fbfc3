"""Shared fixtures: the project root, the seeds, the June 15 declaration of seed 004, the gold files in tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEST_DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"


# The Korean text of the June 15 joint declaration: lines 917-935 of seed 004 (title, five points, signatures).
DECLARATION_LINES = slice(916, 935)


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def seed_lines(prefix: str) -> list[str]:
    """The lines of a seed file, without their line breaks."""
    return seed_path(prefix).read_text(encoding="utf-8").split("\n")


def declaration_text() -> str:
    """The Korean June 15 declaration from seed 004, its lines joined without a final line break."""
    return "\n".join(seed_lines("004")[DECLARATION_LINES])


@pytest.fixture(scope="session")
def declaration() -> str:
    """The Korean June 15 declaration from seed 004 (see `declaration_text`)."""
    return declaration_text()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Seed file name → text."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def shared_data(relative: str) -> Path:
    """A path under ../shared/data, skipping the test when that folder is absent (a fresh clone)."""
    path = SHARED / "data" / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared data sets live beside the project, not in it")
    return path
