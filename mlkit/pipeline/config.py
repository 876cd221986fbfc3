"""One serialisable configuration for a pipeline run, recorded in every output document's `meta`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from mlkit.errors import UnknownOptionError

ALL_STAGES = ("segment", "romanize", "noise", "mentions", "parallel")
DECODE_MODES = ("strict", "replace")


@dataclass(frozen=True)
class Config:
    """Which stages run and with which options; frozen and plain so it pickles and round-trips through JSON.

    >>> Config.from_dict(Config(stages=("segment",)).to_dict()) == Config(stages=("segment",))
    True
    """

    stages: tuple[str, ...] = ALL_STAGES
    romanize_systems: tuple[str, ...] = ("rr",)
    romanize_langs: tuple[str, ...] = ("ko",)
    noise_min_score: float = 0.0
    mention_min_score: float = 0.8
    translation_key: str = "translation"
    parallel_split: bool = True
    max_bytes: int = 1 << 24  # 16 MiB
    decode_errors: str = "strict"

    def __post_init__(self) -> None:
        """Lists given as lists become tuples (so the object stays hashable), and names are checked early."""
        for name in ("stages", "romanize_systems", "romanize_langs"):
            value = getattr(self, name)
            if isinstance(value, str):
                value = tuple(v.strip() for v in value.split(",") if v.strip())
            object.__setattr__(self, name, tuple(value))
        unknown = [s for s in self.stages if s not in ALL_STAGES]
        if unknown:
            raise UnknownOptionError(f"unknown stage {unknown[0]!r}; choose from {', '.join(ALL_STAGES)}")
        if self.decode_errors not in DECODE_MODES:
            raise UnknownOptionError(f"unknown decode mode {self.decode_errors!r}; use strict or replace")
        if self.max_bytes <= 0:
            raise UnknownOptionError(f"max_bytes must be positive, got {self.max_bytes}")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples as lists), in field order."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        """The Config a `to_dict` came from; unknown keys are refused so a typo is not silently ignored."""
        names = {f.name for f in fields(cls)}
        extra = sorted(set(data) - names)
        if extra:
            raise UnknownOptionError(f"unknown config key {extra[0]!r}; known keys: {', '.join(sorted(names))}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})
