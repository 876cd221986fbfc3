"""The stage registry: each stage a pure, picklable module-level `Document -> Document` function.

A stage declares what it `requires` (annotations that must be there before it runs) and what it `assigns`,
as spaCy's factories do. Stage code is imported inside each function so that importing the registry (and
pickling a stage to a worker) stays light; the models behind the stages are cached per process by the
modules themselves, so a worker loads them once and keeps them for every later document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mlkit.document import Document
from mlkit.errors import InvalidInputError, UnknownOptionError
from mlkit.pipeline.config import ALL_STAGES, Config

DEFAULT = Config()


def segment(doc: Document, config: Config = DEFAULT) -> Document:
    """Script runs and embedded-language passages (`spans`, `meta["main_lang"]`)."""
    from mlkit.segment import segment as run

    return run(doc)


def romanize(doc: Document, config: Config = DEFAULT) -> Document:
    """A romanisation of each passage in `config.romanize_langs`, once per system in `config.romanize_systems`."""
    from mlkit.romanize import romanize_document

    chosen = tuple(s for s in doc.passages() if s.lang in config.romanize_langs)
    if not chosen:
        return doc
    only = doc.replace(spans=chosen)  # romanize_document romanises every passage it is given
    found = []
    for system in config.romanize_systems:
        found.extend(romanize_document(only, system).romanizations[len(doc.romanizations) :])
    return doc.add(romanizations=found)


def noise(doc: Document, config: Config = DEFAULT) -> Document:
    """Flags for a reviewer: OCR and scraping noise, layout breaks, doubtful characters (`flags`)."""
    from mlkit.noise import find_noise

    return find_noise(doc, min_score=config.noise_min_score)


def mentions(doc: Document, config: Config = DEFAULT) -> Document:
    """English mentions of the Korean names found in the document's own Korean passages (`mentions`)."""
    if not any(s.lang == "ko" for s in doc.passages()):  # names come from the document's own Korean passages
        return doc
    from mlkit.align.mentions import annotate_mentions

    return annotate_mentions(doc, min_score=config.mention_min_score)


def parallel(doc: Document, config: Config = DEFAULT) -> Document:
    """Alignment beads (`links`) with the translation in `meta[config.translation_key]`, when one is given."""
    translation = doc.meta.get(config.translation_key)
    if translation is None:
        return doc
    if not isinstance(translation, str):
        raise InvalidInputError(f"meta[{config.translation_key!r}] must be a string, got {type(translation).__name__}")
    from mlkit.align.parallel import annotate_parallel

    target = Document(text=translation, id=f"{doc.id}#{config.translation_key}")
    src_lang = str(doc.meta.get("main_lang") or "ko")
    return annotate_parallel(doc, target, split=config.parallel_split, src_lang=src_lang)[0]


@dataclass(frozen=True)
class Stage:
    """A registered stage: its name, function, the annotations it needs and those it adds."""

    name: str
    func: Callable[[Document, Config], Document]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES: dict[str, Stage] = {
    "segment": Stage("segment", segment, (), ("spans", "meta.main_lang")),
    "romanize": Stage("romanize", romanize, ("spans",), ("romanizations",)),
    "noise": Stage("noise", noise, ("spans",), ("flags",)),
    "mentions": Stage("mentions", mentions, ("spans",), ("mentions",)),
    "parallel": Stage("parallel", parallel, ("spans",), ("links",)),
}
assert tuple(STAGES) == ALL_STAGES


def resolve(names: Iterable[str]) -> tuple[str, ...]:
    """The stages to run for `names`, in registry order, with every stage they require added before them."""
    wanted = set()
    for name in names:
        if name not in STAGES:
            raise UnknownOptionError(f"unknown stage {name!r}; choose from {', '.join(STAGES)}")
        wanted.add(name)
    provided = {a: s.name for s in STAGES.values() for a in s.assigns}
    changed = True
    while changed:
        needed = {provided[r] for n in wanted for r in STAGES[n].requires} - wanted
        wanted |= needed
        changed = bool(needed)
    return tuple(n for n in STAGES if n in wanted)


# stage → the pip extra it needs beyond the core install (checked once, before any document is read)
EXTRA_OF = {"noise": "noise", "mentions": "align", "parallel": "align"}


def check(config: Config) -> Config:
    """The config with its stage list resolved; extras and system names are checked now, not once per document."""
    from mlkit.extras import require
    from mlkit.romanize.tables import SYSTEMS

    for system in config.romanize_systems:
        if system not in SYSTEMS:
            raise UnknownOptionError(f"unknown romanisation system {system!r}; choose from {', '.join(SYSTEMS)}")
    stages = resolve(config.stages)
    for name in stages:
        if name in EXTRA_OF:
            require(EXTRA_OF[name], f"the {name} stage")
    return config if stages == config.stages else Config.from_dict({**config.to_dict(), "stages": list(stages)})
