"""Segmentation: where in a text each script and language is, as `run` and `passage` spans.

>>> doc = segment("The declaration opens:\\n북 남 공동 선언\\n")
>>> [(s.lang, doc.text[s.start:s.end]) for s in doc.passages()]
[('ko', '북 남 공동 선언')]
"""

from __future__ import annotations

from mlkit.document import Document, Span
from mlkit.options import check_language, check_unit
from mlkit.segment import attach, identifiers, langid, native, relatives, strays
from mlkit.segment.langid import LangIdParams
from mlkit.segment.passages import group_passages
from mlkit.segment.runs import Run, candidate_windows, document_runs, latin_candidates, main_language
from mlkit.segment.scripts import script_table

__all__ = ["LangIdParams", "segment"]

SAMPLE = 2000  # characters the main language is first judged on
HOST = "en"  # the language of the texts this toolkit reads, with passages of others embedded
HOST_SHARE = 0.15  # a text with at least this share of its run characters in HOST has HOST as main language


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
    if main_lang is not None:
        check_language(main_lang)
    check_unit(min_confidence, "min_confidence")
    original = source.text if isinstance(source, Document) else source  # the text the spans are offsets of
    params = params or LangIdParams()
    # every step reads the text with identifiers blanked out (same offsets): they are no language's words
    searched = identifiers.memo()  # identifiers per chunk searched, for all three masks and later texts
    main = main_lang or main_language(identifiers.mask(original[:SAMPLE], memo=searched), SAMPLE)
    # only where the fast scan finds something to look closer at (windows, unknown words) can a word turn
    # foreign, so only there are identifiers masked: masking all of a long text costs more than the scan
    unknown_words: list[tuple[int, int]] = []  # stretches of words the main language's list lacks
    windows = candidate_windows(original, main, params, unknown_words)
    text = (identifiers.mask(original, [*windows, *unknown_words], searched) if windows or unknown_words
            else original)
    runs = document_runs(text, main, params, windows=windows)
    if main_lang is None:  # the sample may mislead (a foreign first paragraph): check against the whole text
        # a short English text around one long foreign paragraph is still English with a passage
        best = HOST if _share(runs, HOST) >= HOST_SHARE else _dominant(runs)
        if best != HOST and main != HOST and _may_be_host(original, main):
            # words of code and names read as whatever language is main: in English prose full of code, a
            # foreign paragraph wins the sample's vote and keeps the rest. Read with English as main, the text
            # is English if English holds its share there.
            host_unknown: list[tuple[int, int]] = []
            host_text = identifiers.mask(original, memo=searched)
            host_runs = document_runs(host_text, HOST, params, host_unknown)
            if _share(host_runs, HOST) >= HOST_SHARE:
                main = best = HOST
                text, runs, unknown_words = host_text, host_runs, host_unknown
        if best not in (main, None):
            main = best
            text = identifiers.mask(original, memo=searched)
            unknown_words = []
            runs = document_runs(text, main, params, unknown_words)
    if text is not original:
        runs = identifiers.trim(original, text, runs, main)
    runs = [_gate(r, main, min_confidence) for r in runs]
    # unknown foreign words the HMM left in the main language
    runs = strays.find_strays(text, runs, main, found=unknown_words)
    runs = identifiers.english_names(text, runs, main)  # "statoverride", "libjpeg"
    runs = relatives.absorb_fragments(text, runs, main)  # a word or two of another language inside a passage
    runs = attach.attach(text, runs, main, original)  # "CRC32와", "… την GNU General Public License ή …"
    runs, passages = relatives.relabel(text, runs, main)  # Malay or Indonesian, Spanish or Portuguese, …
    if passages is None:
        passages = group_passages(text, runs, main)
    if text is not original:  # letters of identifiers outside every run: main language
        runs = identifiers.cover(original, text, runs, main)
    # runs and passages as spans, by start, a passage before the runs it starts with (the core builds them)
    spans = native.core.spans(runs if isinstance(runs, list) else list(runs), list(passages), Span)
    if not isinstance(source, Document):
        return Document(text=source, meta={"main_lang": main}, spans=spans)
    kept = tuple(s for s in source.spans if s.kind not in ("run", "passage"))
    return source.replace(spans=(*kept, *spans), meta={**source.meta, "main_lang": main})


def _may_be_host(text: str, main: str) -> bool:
    """Whether a text read with `main` as main language may still be HOST's: `main` writes Latin letters, or at
    least HOST_SHARE of the text's letters are ASCII (a text wholly in Hangul needs no second reading)."""
    if main in latin_candidates():
        return True
    ascii_letters, other = native.core.count_letters(native.char_table(), text, 0, len(text))
    return ascii_letters >= HOST_SHARE * (ascii_letters + other) > 0


def _dominant(runs: list[Run]) -> str | None:
    """The language with the most characters in runs, if any."""
    mass: dict[str, int] = {}
    for r in runs:
        mass[r.lang] = mass.get(r.lang, 0) + (r.end - r.start)
    return max(sorted(mass), key=lambda k: mass[k]) if mass else None


def _share(runs: list[Run], lang: str) -> float:
    """The share of the runs' characters in `lang`."""
    total = sum(r.end - r.start for r in runs)
    return sum(r.end - r.start for r in runs if r.lang == lang) / total if total else 0.0


def _gate(run: Run, main: str, min_confidence: float) -> Run:
    """A run too weakly set apart from the main language is read as main language, if its script can write
    that. The gate looks at foreign-vs-main evidence only: a passage surely foreign but unsure between
    Indonesian and Malay stays foreign, with its low confidence shown."""
    if run.lang == main or langid.confidence(run.foreign) >= min_confidence:
        return run
    info = script_table().get(run.script)
    if info is None or main not in info.candidates:
        return run
    return Run(run.start, run.end, main, run.script, round(1.0 - run.confidence, 4), run.words)
