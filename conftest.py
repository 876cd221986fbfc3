"""Doctest collection over `mlkit/`: modules whose optional packages are absent are left out, not failed."""

from __future__ import annotations

import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# `python -m mlkit` runs the command line when imported; it has no doctests.
NOT_IMPORTABLE = {ROOT / "mlkit" / "__main__.py"}


def _module_name(path: Path) -> str:
    """The dotted module name of a file under the project root (mlkit/align/__init__.py → mlkit.align)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def pytest_ignore_collect(collection_path: Path, config) -> bool | None:
    """Skip a module or package of mlkit that cannot be imported because an optional package is not installed."""
    path = Path(collection_path)
    if path.is_dir() and (path / "__init__.py").exists():
        path = path / "__init__.py"  # a package: its __init__ is imported before any of its modules
    if path.suffix != ".py" or (path != ROOT / "mlkit" / "__init__.py" and ROOT / "mlkit" not in path.parents):
        return None
    if path in NOT_IMPORTABLE:
        return True
    try:
        importlib.import_module(_module_name(path))
    except ModuleNotFoundError as exc:
        if exc.name and not exc.name.startswith("mlkit"):
            return True
        raise
    return None
