"""Shared fixtures: the project root, the seeds, and the gold files copied into tests/data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEST_DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared"


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` (e.g. "004")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


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
