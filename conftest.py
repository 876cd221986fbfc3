"""Doctests over `mlkit/`: modules, and examples, that need an optional package not installed are skipped."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

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


def _missing_package(exc: BaseException) -> str | None:
    """The optional package whose absence raised `exc` inside a doctest, or None for any other error."""
    from mlkit.errors import MissingExtraError

    if isinstance(exc, ModuleNotFoundError) and exc.name and not exc.name.startswith("mlkit"):
        return exc.name
    if isinstance(exc, MissingExtraError):
        return str(exc)
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """A doctest whose example needs an optional package that is not installed is skipped, not failed."""
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or not report.failed or not isinstance(item, DoctestItem) or call.excinfo is None:
        return
    error = call.excinfo.value
    if isinstance(error, doctest.UnexpectedException) and (name := _missing_package(error.exc_info[1])):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.reportinfo()[1] or 0, f"Skipped: needs {name}, not installed")
