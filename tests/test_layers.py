"""Imports run downward only: each module of mlkit imports its own layer or lower ones, never another's privates.

Layers, bottom to top: the document model and table loading; Korean knowledge (`mlkit.korean`); the stages
(segment, then romanize, then noise and align, which do not import each other); pipeline and review (apart); cli; the
package root, `python -m mlkit` and the demo. Imports inside functions count too: a lazy import is still a
dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "mlkit"
# Rank of each part of mlkit; a module may import only parts of a lower rank or its own part.
LAYERS: dict[str, int] = {
    "mlkit.errors": 0,
    "mlkit.resources": 1,
    "mlkit.extras": 1,
    "mlkit.tablecache": 1,
    "mlkit.docschema": 1,
    "mlkit.windows": 1,
    "mlkit.document": 2,
    "mlkit.options": 2,
    "mlkit.textio": 3,
    "mlkit.korean": 4,
    "mlkit.segment": 5,
    "mlkit.romanize": 6,
    "mlkit.noise": 7,
    "mlkit.align": 7,
    "mlkit.pipeline": 8,
    "mlkit.review": 8,  # the review app uses the stages; the CLI runs it
    "mlkit.cli": 9,
    "mlkit": 10,
    "mlkit.__main__": 10,
    "mlkit.demo": 10,
}


def module_name(path: Path) -> str:
    """mlkit/align/beads.py → mlkit.align.beads; mlkit/align/__init__.py → mlkit.align."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def part_of(module: str) -> str:
    """The layer entry a module belongs to: its subpackage (mlkit.align), or itself for a top-level module."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def modules() -> list[Path]:
    """Every Python module of the package."""
    return sorted(PACKAGE.rglob("*.py"))


def imports(path: Path, source: str | None = None) -> Iterator[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) for every import in a file, nested ones included."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    source = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base, [alias.name for alias in node.names]


def targets(target: str, names: list[str]) -> list[str]:
    """The parts of mlkit an import takes: `from mlkit import segment` takes the subpackage mlkit.segment, `from
    mlkit import romanize_document` the package root; the root's dunder constants (__version__) are no layer."""
    if target != "mlkit":
        return [target]
    out = []
    for name in names:
        if (PACKAGE / name / "__init__.py").exists() or (PACKAGE / f"{name}.py").exists():
            out.append(f"mlkit.{name}")
        elif not (name.startswith("__") and name.endswith("__")):
            out.append("mlkit")
    return out


def is_submodule(module: str, name: str) -> bool:
    """Whether `module.name` is a module file of the package (a private module such as segment._scan)."""
    folder = ROOT.joinpath(*module.split("."))
    return folder.is_dir() and (
        (folder / f"{name}.py").exists() or (folder / f"{name}.c").exists() or any(folder.glob(f"{name}.*.so"))
    )


def test_every_module_has_a_layer() -> None:
    missing = sorted({part_of(module_name(p)) for p in modules()} - set(LAYERS))
    assert not missing, f"add these parts of mlkit to LAYERS in tests/test_layers.py: {missing}"


def problems(path: Path, source: str | None = None) -> list[str]:
    """Upward imports and imports of another module's private names in one file."""
    me = module_name(path)
    mine = part_of(me)
    found = []
    for line, target, names in imports(path, source):
        if target != "mlkit" and not target.startswith("mlkit."):
            continue
        for t in targets(target, names):
            theirs = part_of(t)
            if theirs != mine and LAYERS.get(theirs, -1) >= LAYERS.get(mine, -1):
                found.append(f"line {line}: {me} (layer {LAYERS.get(mine)}) imports {t} (layer {LAYERS.get(theirs)})")
        for name in names:
            private = name.startswith("_") and not name.startswith("__")
            # A package's own private module (segment._scan, the compiled core) may be imported inside it.
            if private and target != me and not (is_submodule(target, name) and me.startswith(target)):
                found.append(f"line {line}: {me} imports the private name {name} of {target}")
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_downward_and_leave_private_names_alone(path: Path) -> None:
    found = problems(path)
    assert not found, "\n".join(found)


def dependencies() -> dict[str, set[str]]:
    """Part of mlkit → the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in modules():
        mine = part_of(module_name(path))
        edges = graph.setdefault(mine, set())
        for _, target, names in imports(path):
            edges.update(part_of(t) for t in targets(target, names) if t.startswith("mlkit.") and part_of(t) != mine)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as a path, or [] when it has none (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def test_no_cycle_between_subpackages() -> None:
    found = cycle(dependencies())
    assert not found, " → ".join(found)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


def test_the_layer_check_sees_nested_relative_and_private_imports() -> None:
    source = "def f():\n    from ..align import beads\n    import mlkit.cli\n    from .runs import _private\n"
    found = problems(PACKAGE / "segment" / "example.py", source)
    assert found == [
        "line 2: mlkit.segment.example (layer 5) imports mlkit.align (layer 7)",
        "line 3: mlkit.segment.example (layer 5) imports mlkit.cli (layer 9)",
        "line 4: mlkit.segment.example imports the private name _private of mlkit.segment.runs",
    ]
    assert problems(PACKAGE / "align" / "example.py", "from mlkit.noise import find_noise\n")  # sideways
    assert problems(PACKAGE / "align" / "example.py", "from mlkit import find_noise\n")  # the package root
    assert not problems(PACKAGE / "align" / "example.py", "from mlkit import __version__, document\n")
    assert not problems(PACKAGE / "align" / "example.py", "from mlkit.korean import kiwi\nimport numpy\n")
