"""Passage ↔ translation: cut both texts into units, align them in beads, and link clauses inside pairs."""

from __future__ import annotations

from mlkit.align.beads import align_units, load_weights
from mlkit.align.clauses import ClauseLink, link_clauses
from mlkit.align.sentences import split_lines, split_sentences
from mlkit.document import SURROGATE, AlignmentLink, Document, ParallelAlignment, Unit


def clause_links(
    result: ParallelAlignment, bead: AlignmentLink, src_lang: str = "ko", tgt_lang: str = "en"
) -> list[ClauseLink]:
    """Clause links inside a paired bead, with offsets into the bead's joined texts (see `text_of`)."""
    if not bead.source or not bead.target:
        return []
    src, tgt = result.text_of(bead)
    return link_clauses(src, tgt, src_lang, tgt_lang)


def units_of(text: str, split: bool, lang: str) -> list[Unit]:
    """Alignment units: sentences when `split`, otherwise one unit per non-blank line."""
    return split_sentences(text, lang) if split else split_lines(text)


def _encodable(text: str) -> str:
    return text if text.isascii() else SURROGATE.sub("\ufffd", text)


def align_texts(
    src: str, tgt: str, split: bool = False, src_lang: str = "ko", tgt_lang: str = "en", fast: bool = False
) -> ParallelAlignment:
    """Align a Korean text with its English translation (or any pair the encoder knows) in beads. `fast`
    uses the first encoder (USE) alone, with word coverage and its own learnt weights: many times quicker on long
    texts, a little less exact."""
    su, tu = units_of(src, split, src_lang), units_of(tgt, split, tgt_lang)
    # the encoders and Kiwi take UTF-8 only: a lone surrogate reads as U+FFFD there (offsets stay as they are)
    src_texts, tgt_texts = [_encodable(u.text) for u in su], [_encodable(u.text) for u in tu]
    if fast:
        beads = align_units(src_texts, tgt_texts, load_weights("use_only"), embedder_e5=None)
    else:
        beads = align_units(src_texts, tgt_texts)
    links = (AlignmentLink("bead", b.src, b.tgt, b.score, note=b.shape) for b in beads)
    return ParallelAlignment(tuple(su), tuple(tu), tuple(links))


def annotate_parallel(
    src: Document, tgt: Document, split: bool = True, src_lang: str = "ko", tgt_lang: str = "en"
) -> tuple[Document, Document]:
    """Both documents with `AlignmentLink` beads (kind "bead"): source/target are code-point ranges
    `(start, end)` of the bead's units in each document's own text (empty for an unpaired unit)."""
    result = align_texts(src.text, tgt.text, split, src_lang, tgt_lang)
    src_links, tgt_links = [], []
    for bead in result.beads:
        s_range = _range(result.src_units, bead.source)
        t_range = _range(result.tgt_units, bead.target)
        note = f"{bead.note} src {list(bead.source)} tgt {list(bead.target)}"
        src_links.append(AlignmentLink("bead", s_range, t_range, bead.score, tgt.id or None, note))
        tgt_links.append(AlignmentLink("bead", t_range, s_range, bead.score, src.id or None, note))
    return src.add(links=src_links), tgt.add(links=tgt_links)


def _range(units: tuple[Unit, ...], indices: tuple[int, ...]) -> tuple[int, ...]:
    if not indices:
        return ()
    return (units[indices[0]].start, units[indices[-1]].end)
