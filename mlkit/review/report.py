"""`mlkit report`: the review's views in one self-contained, read-only HTML file (no script, styles inline)."""

from __future__ import annotations

from collections import Counter
from importlib import resources

from mlkit.review.render import beads_table, context, esc, history_table, item_marks, page, text_block
from mlkit.review.session import Filters, Review
from mlkit.review.store import State
from mlkit.review.views import passage_section, passage_window, systems_of

LINK = "#i-"


def report_html(review: Review, system: str = "") -> str:
    """The whole report: a summary, the queue, then each document with its passages, mentions and beads."""
    items, _, states, pairs, _ = review.snapshot()
    counts = Counter((i.kind, states.get(i.id, State()).status) for i in items)
    kinds = sorted({k for k, _ in counts})
    statuses = sorted({s for _, s in counts})
    head = "".join(f"<th>{esc(s)}</th>" for s in statuses)
    body_rows = "".join(f"<tr><td>{esc(k)}</td>" + "".join(f"<td>{counts[(k, s)]}</td>" for s in statuses) + "</tr>"
                        for k in kinds)
    parts = [f"<header><span class=\"brand\">mlkit report</span><span>{len(review.order)} documents, "
             f"{len(items)} items to review</span></header><main>",
             f'<h1>Summary</h1><table class="queue"><thead><tr><th></th>{head}</tr></thead><tbody>{body_rows}'
             "</tbody></table>", "<h1>Queue, lowest confidence first</h1>", _queue(review)]
    for doc_id in review.order:
        parts.append(_document(review, doc_id, system, states))
    for pid, pair in review.pairs.items():
        parts.append(f"<h1>Translation: {esc(pair.src.id)} ↔ {esc(pair.tgt.id)}</h1>"
                     '<p class="muted">Rows are beads coloured by score (red low, green high); dotted rows are not '
                     "confirmed.</p>" + beads_table(pair.src, pair.tgt, pairs[pid], states, "", LINK))
    decisions = review.store.rows()
    if decisions:
        by_id = review.snapshot()[1]
        for r in decisions:
            it = by_id.get(r["item"])
            if it is not None:
                r["item"] = f"{it.kind} {it.doc}:{review.docs[it.doc].line_of(it.start)} {it.text[:40]!r}"
        parts.append(f"<h1>Decisions ({len(decisions)})</h1>" + history_table(decisions, with_item=True))
    parts.append("</main>")
    styles = resources.files("mlkit.review").joinpath("static", "review.css").read_text(encoding="utf-8")
    return page("mlkit report", "".join(parts), styles=styles)


def _queue(review: Review) -> str:
    states = review.snapshot()[2]
    rows = []
    for it in review.queue(Filters(status="all")):
        st = states.get(it.id, State())
        doc = review.docs[it.doc]
        rows.append(f'<tr id="i-{it.id}" class="st-{esc(st.status)}"><td>{esc(it.kind)}</td><td>{esc(it.detail)}</td>'
                    f"<td>{it.confidence:.2f}</td><td>{esc(it.doc)}:{doc.line_of(it.start)}</td>"
                    f'<td class="kwic">{context(doc, it.start, it.end, 30)}</td><td>{esc(it.note)}</td>'
                    f"<td>{esc(st.status)}{(': ' + esc(st.value)) if isinstance(st.value, str) else ''}</td></tr>")
    return ('<table class="queue"><thead><tr><th>kind</th><th>what</th><th>confidence</th><th>where</th>'
            f'<th>text</th><th>why</th><th>status</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _document(review: Review, doc_id: str, system: str, states: dict[str, State]) -> str:
    doc = review.docs[doc_id]
    items = [i for i in review.snapshot()[0] if i.doc == doc_id]
    chosen = system if system in systems_of(doc) else systems_of(doc)[0]
    out = [f'<h1 id="d-{esc(doc_id)}">{esc(doc_id)}</h1>']
    for n, span in enumerate(doc.passages()):
        lo, hi = passage_window(doc, span.start, span.end, n)
        out.append(f"<h2>Passage {n} ({esc(span.lang)}), lines {doc.line_of(span.start)}–{doc.line_of(span.end)}</h2>")
        out.append(passage_section(review, doc, lo, hi, chosen, link=LINK))
    mentions = [i for i in items if i.kind == "mention"]
    if mentions:
        out.append(f"<h2>Mentions ({len(mentions)})</h2><ul class=\"kwic\">")
        for it in sorted(mentions, key=lambda i: (i.detail, i.start)):
            out.append(f'<li><a href="{LINK}{it.id}">{esc(it.detail)}</a> {it.confidence:.2f} '
                       f"line {doc.line_of(it.start)}: {context(doc, it.start, it.end, 40)}</li>")
        out.append("</ul>")
    out.append(f"<details><summary>Whole text with every flag and mention ({len(doc.text)} characters)</summary>"
               f"{text_block(doc, 0, len(doc.text), item_marks(items, states), LINK)}</details>")
    return "".join(out)
