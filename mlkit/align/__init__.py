"""Alignment: Korean names to English mentions, passages to translations (OCR text to references: mlkit.korean).

>>> from mlkit.align import find_mentions
>>> from mlkit.document import Document
>>> find_mentions(["평양"], [Document("They met in P'yŏngyang.", id="a")])["평양"][0].text
"P'yŏngyang"

The submodules load lazily: the sentence encoder and rapidfuzz are imported only when used.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "align_texts": "mlkit.align.parallel",
    "annotate_parallel": "mlkit.align.parallel",
    "align_units": "mlkit.align.beads",
    "Bead": "mlkit.align.beads",
    "split_sentences": "mlkit.align.sentences",
    "find_mentions": "mlkit.align.mentions",
    "annotate_mentions": "mlkit.align.mentions",
    "korean_names": "mlkit.align.mentions",
    "link_clauses": "mlkit.align.clauses",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import the public names on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mlkit.align' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
