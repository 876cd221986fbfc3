"""The views shared by the app and the static report: passage, romanisation, mentions, beads, concordance."""

from __future__ import annotations

from functools import lru_cache

from mlkit.document import Document, Romanization, Span
from mlkit.review.items import Item
from mlkit.review.render import (
    beads_table,
    context,
    esc,
    item_marks,
    line_window,
    romanization_block,
    text_block,
)
from mlkit.review.session import Review
from mlkit.review.store import State

KOREAN_SYSTEMS = ("rr", "rr-translit", "mr", "dprk", "dprk-media", "yale")


def systems_of(doc: Document) -> list[str]:
    """Romanisation systems a reviewer can choose for this document's Korean passages: those in the results
    first, then the others mlkit computes on request."""
    found = list(dict.fromkeys(r.system for r in doc.romanizations))
    return found + [s for s in KOREAN_SYSTEMS if s not in found]


def romanization_for(doc: Document, span: Span, system: str) -> Romanization | None:
    """The passage's romanisation in `system`: from the results, or computed now for a Korean passage."""
    for rom in doc.romanizations:
        if rom.system == system and rom.start <= span.start and span.end <= rom.end:
            return rom
    if span.lang != "ko" or system not in KOREAN_SYSTEMS:
        return None
    return _computed(doc.text[span.start : span.end], span.start, system)


@lru_cache(maxsize=64)
def _computed(text: str, offset: int, system: str) -> Romanization | None:
    from mlkit.romanize import romanize_document

    doc = Document(text, spans=(Span(0, len(text), "ko", "Hangul"),))
    roms = romanize_document(doc, system).romanizations
    if not roms:
        return None
    rom = roms[0]
    from mlkit.document import Edge

    edges = tuple(Edge(e.src_start + offset, e.src_end + offset, e.out_start, e.out_end, e.rules) for e in rom.edges)
    return Romanization(rom.start + offset, rom.end + offset, system, rom.text, edges)


def passage_window(doc: Document, item_start: int, item_end: int, passage: int | None) -> tuple[int, int]:
    """The stretch shown around an item: its whole passage (whole lines), or its paragraph in English text."""
    if passage is not None:
        span = doc.passages()[passage]
        lo = doc.text.rfind("\n", 0, span.start) + 1
        hi = doc.text.find("\n", span.end)
        return lo, len(doc.text) if hi < 0 else hi
    return line_window(doc.text, item_start, item_end)


def passage_section(review: Review, doc: Document, lo: int, hi: int, system: str, current: str = "",
                    link: str = "/item/", focus: tuple[int, int] | None = None) -> str:
    """A stretch of text with its flags and mentions highlighted in place, and the romanisation of each
    foreign passage inside it."""
    items, _, states, _, _ = review.snapshot()
    near = [i for i in items if i.doc == doc.id and i.end >= lo and i.start <= hi]
    parts = [text_block(doc, lo, hi, item_marks(near, states, current), link)]
    for span in doc.passages():
        if span.end <= lo or span.start >= hi:
            continue
        rom = romanization_for(doc, span, system)
        if rom is None:
            continue
        parts.append(f'<h3>Romanisation ({esc(system)}, line {doc.line_of(span.start)})</h3>')
        parts.append(romanization_block(doc, rom, max(lo, span.start), min(hi, span.end), focus))
    return "".join(parts)


def item_section(review: Review, it: Item, system: str, link: str = "/item/") -> str:
    """The views an item needs: its passage for a flag, its contexts for a mention, the aligned letters for a
    romanisation, the side-by-side translation for a bead."""
    doc = review.docs[it.doc]
    _, _, states, pairs, _ = review.snapshot()
    if it.kind == "bead":
        pid = review.pair_of(it)
        pair = review.pairs[pid] if pid else None
        if pair is None:
            return ""
        return ('<h2>Translation</h2><p class="muted">Rows are beads, coloured by score (red low, green high); '
                "dotted rows are not confirmed yet.</p>"
                + beads_table(pair.src, pair.tgt, pairs[pid], states, it.id, link))
    lo, hi = passage_window(doc, it.start, it.end, it.passage)
    out = []
    if it.kind == "mention":
        out.append("<h2>In its English context</h2>")
        out.append(f'<p class="kwic">{context(doc, it.start, it.end)}</p>')
        src = it.extra.get("source")
        if isinstance(src, tuple):
            out.append(f"<h2>The Korean original ({esc(it.detail)})</h2>")
            out.append(f'<p class="kwic">{context(doc, src[0], src[1], 80, "src")}</p>')
        same = [i for i in review.snapshot()[0] if i.kind == "mention" and i.detail == it.detail and i.id != it.id]
        if same:
            out.append(f"<h2>Other mentions of {esc(it.detail)} ({len(same)})</h2><ul class=\"kwic\">")
            for other in sorted(same, key=lambda i: (review.order.index(i.doc), i.start))[:50]:
                od = review.docs[other.doc]
                out.append(f'<li><a href="{esc(link + other.id)}">{esc(other.doc)}:{od.line_of(other.start)}</a> '
                           f"{context(od, other.start, other.end, 40)}</li>")
            out.append("</ul>")
        return "".join(out)
    focus = (it.start, it.end) if it.kind == "romanization" else None
    sys_used = it.detail if it.kind == "romanization" else system
    out.append(f"<h2>{'Passage' if it.passage is not None else 'In its paragraph'} "
               f"({esc(doc.id)}, line {doc.line_of(lo)})</h2>")
    out.append(passage_section(review, doc, lo, hi, sys_used, it.id, link, focus))
    return "".join(out)


def concordance(review: Review, it: Item, link: str = "/item/") -> str:
    """Every occurrence of an item's text in every document, one context line each (a recurring OCR error)."""
    rows = []
    states = review.snapshot()[2]
    for doc_id, start, end in review.occurrences(it.text):
        oid, known = review.occurrence_item(doc_id, start, end)
        st = states.get(oid, State())
        doc = review.docs[doc_id]
        where = f"{doc_id}:{doc.line_of(start)}"
        cell = f'<a href="{esc(link + oid)}">{esc(where)}</a>' if known else esc(where)
        rows.append(f'<tr class="st-{esc(st.status)}"><td>{cell}</td><td class="kwic">{context(doc, start, end, 50)}'
                    f"</td><td>{esc(st.status)}{': ' + esc(st.value) if isinstance(st.value, str) else ''}</td></tr>")
    return (f"<h2>Every occurrence of “{esc(it.text)}” ({len(rows)})</h2>"
            f'<table class="concordance"><tbody>{"".join(rows)}</tbody></table>')
