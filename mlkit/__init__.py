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
from typing import TYPE_CHECKING, Any

from mlkit.document import AlignmentLink, Document, Edge, Flag, Mention, Romanization, Span
from mlkit.errors import InvalidInputError, MlkitError, SchemaError

__version__ = "0.1.0"

# public name → the module that defines it, imported when the name is first used
_LAZY = {
    "segment": "mlkit.segment",
    "romanize": "mlkit.romanize",
    "romanize_document": "mlkit.romanize",
    "RomanizationResult": "mlkit.romanize",
    "find_noise": "mlkit.noise",
    "align_texts": "mlkit.align",
    "annotate_mentions": "mlkit.align",
    "annotate_parallel": "mlkit.align",
    "find_mentions": "mlkit.align",
}
# stage module → the pip extra it needs beyond the core install
_EXTRA_OF = {"mlkit.noise": "noise", "mlkit.align": "align"}

if TYPE_CHECKING:
    from mlkit.align import align_texts, annotate_mentions, annotate_parallel, find_mentions
    from mlkit.noise import find_noise
    from mlkit.romanize import RomanizationResult, romanize, romanize_document
    from mlkit.segment import segment

__all__ = [
    "AlignmentLink",
    "Document",
    "Edge",
    "Flag",
    "InvalidInputError",
    "Mention",
    "MlkitError",
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
    "romanize",
    "romanize_document",
    "segment",
]


def __getattr__(name: str) -> Any:
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

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == value.__name__ == f"{__name__}.{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
