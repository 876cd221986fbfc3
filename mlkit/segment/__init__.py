"""Segmentation: where in a text each script and language is, as `run` and `passage` spans.

>>> doc = segment("The declaration opens:\\n북 남 공동 선언\\n")
>>> [(s.lang, doc.text[s.start:s.end]) for s in doc.passages()]
[('ko', '북 남 공동 선언')]
"""

from __future__ import annotations

from mlkit.document import Document, Span
from mlkit.segment.langid import LangIdParams
from mlkit.segment.passages import group_passages
from mlkit.segment.runs import document_runs, main_language

__all__ = ["LangIdParams", "segment"]


def segment(
    source: str | Document,
    *,
    main_lang: str | None = None,
    min_confidence: float = 0.6,
    params: LangIdParams | None = None,
) -> Document:
    """Find script runs and embedded-language passages; returns the Document with `spans` added.

    Runs (one line, one language) cover every stretch with letters; passages group the runs of each language
    other than the document's main language (`meta["main_lang"]`, detected unless given).
    """
    doc = source if isinstance(source, Document) else Document(text=source)
    text = doc.text
    params = params or LangIdParams()
    main = main_lang or main_language(text)
    runs = document_runs(text, main, params)
    runs = [r if r.lang == main or r.confidence >= min_confidence else _as_main(r, main) for r in runs]
    spans = [Span(r.start, r.end, r.lang, r.script, "run", r.confidence) for r in runs]
    spans += [Span(p.start, p.end, p.lang, p.script, "passage", p.confidence) for p in group_passages(text, runs, main)]
    spans.sort(key=lambda s: (s.start, s.kind != "passage", s.end))
    kept = tuple(s for s in doc.spans if s.kind not in ("run", "passage"))
    return doc.replace(spans=(*kept, *spans), meta={**doc.meta, "main_lang": main})


def _as_main(run, main):  # type: ignore[no-untyped-def]
    from mlkit.segment.runs import Run

    return Run(run.start, run.end, main, run.script, 1.0 - run.confidence, run.words)
