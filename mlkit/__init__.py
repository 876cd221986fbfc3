"""mlkit: find, romanise, align and review foreign-language passages embedded in mostly-English text.

The stages load on first use (PEP 562), so `import mlkit` costs little and a user of one stage never pays for
the others or for their optional dependencies.

>>> import mlkit
>>> mlkit.romanize("평양", system="dprk-media").text
'Pyongyang'
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs a user of the CLI ~8 ms

__version__ = "0.1.0"

# public name → the module that defines it, imported when the name is first used
_LAZY = {
    "AlignmentLink": "mlkit.document",
    "Document": "mlkit.document",
    "Edge": "mlkit.document",
    "Flag": "mlkit.document",
    "Mention": "mlkit.document",
    "Romanization": "mlkit.document",
    "Span": "mlkit.document",
    "InvalidInputError": "mlkit.errors",
    "MlkitError": "mlkit.errors",
    "SchemaError": "mlkit.errors",
    "segment": "mlkit.segment",
    "romanize": "mlkit.romanize",
    "romanize_document": "mlkit.romanize",
    "RomanizationResult": "mlkit.romanize",
    "find_noise": "mlkit.noise",
    "align_texts": "mlkit.align",
    "annotate_mentions": "mlkit.align",
    "annotate_parallel": "mlkit.align",
    "find_mentions": "mlkit.align",
    "process": "mlkit.pipeline",
    "Pipeline": "mlkit.pipeline",
    "Config": "mlkit.pipeline",
}
# stage module → the pip extra it needs beyond the core install
_EXTRA_OF = {"mlkit.noise": "noise", "mlkit.align": "align"}

if TYPE_CHECKING:
    from mlkit.align import align_texts, annotate_mentions, annotate_parallel, find_mentions
    from mlkit.document import AlignmentLink, Document, Edge, Flag, Mention, Romanization, Span
    from mlkit.errors import InvalidInputError, MlkitError, SchemaError
    from mlkit.noise import find_noise
    from mlkit.pipeline import Config, Pipeline, process
    from mlkit.romanize import RomanizationResult, romanize, romanize_document
    from mlkit.segment import segment

__all__ = [
    "AlignmentLink",
    "Config",
    "Document",
    "Edge",
    "Flag",
    "InvalidInputError",
    "Mention",
    "MlkitError",
    "Pipeline",
    "Romanization",
    "RomanizationResult",
    "SchemaError",
    "Span",
    "__version__",
    "align_texts",
    "annotate_mentions",
    "annotate_parallel",
    "find_mentions",
    "find_noise",
    "process",
    "romanize",
    "romanize_document",
    "segment",
]


def __getattr__(name: str) -> object:
    """Import a stage the first time one of its public names is used, and keep it."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mlkit' has no attribute {name!r}")
    if module in _EXTRA_OF:
        from mlkit.extras import require

        require(_EXTRA_OF[module], f"mlkit.{name}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """`mlkit.segment` and `mlkit.romanize` are both a subpackage and the function it exports. Importing the
    subpackage binds its name on this package; keep the public function under that name instead."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
