"""HTML for the review views, rendered on the server: every piece of document text goes through `esc`.

Offsets are code points (Python `str` indices) everywhere; the browser never slices document text, so UTF-16
surrogates (emoji), combining marks and Hangul cannot shift a highlight.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mlkit.document import Document, Romanization
from mlkit.review.items import Item
from mlkit.review.store import State


def esc(text: object) -> str:
    """Text as HTML, quotes included (safe in element content and in quoted attributes)."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch to highlight: `[start, end)` with CSS classes, a hover title and the item it stands for."""

    start: int
    end: int
    classes: str
    title: str = ""
    item: str = ""


def highlight(text: str, start: int, end: int, marks: Iterable[Mark], link: str = "") -> str:
    """`text[start:end]` as HTML with the marks wrapped in spans (overlaps cut into pieces, classes merged).

    `link` is a URL prefix: a piece covered by an item becomes a link to that item when given.
    """
    inside = [m for m in marks if (m.end > start and m.start < end) or (m.start == m.end and start <= m.start < end)]
    cuts = {start, end}
    for m in inside:
        cuts.add(max(start, m.start))
        cuts.add(min(end, m.end))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        piece = esc(text[a:b])
        cover = [m for m in inside if m.start <= a and b <= m.end]
        if not cover:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for m in cover for c in m.classes.split()))
        title = "\n".join(dict.fromkeys(m.title for m in cover if m.title))
        items = " ".join(dict.fromkeys(m.item for m in cover if m.item))
        attrs = f' class="{esc(classes)}" title="{esc(title)}" data-items="{esc(items)}" data-start="{a}"'
        first = next((m.item for m in cover if m.item), "")
        if link and first:
            out.append(f'<a href="{esc(link + first)}"{attrs}>{piece}</a>')
        else:
            out.append(f"<span{attrs}>{piece}</span>")
    return "".join(out)


def line_window(text: str, start: int, end: int, limit: int = 1500) -> tuple[int, int]:
    """Whole lines around `[start, end)`: the paragraph (between blank lines), at most `limit` each side."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    lo = max(para_start, start - limit)
    hi = min(para_end, end + limit)
    if lo > para_start:
        nl = text.find("\n", lo, start)
        lo = nl + 1 if nl >= 0 else lo
    if hi < para_end:
        nl = text.rfind("\n", end, hi)
        hi = nl if nl >= 0 else hi
    return lo, max(hi, end)


def status_class(state: State) -> str:
    """The CSS class of a status."""
    return f"st-{state.status}"


def item_marks(items: Iterable[Item], states: dict[str, State], current: str = "") -> list[Mark]:
    """Highlights for flags, mentions and the Korean names romanised (beads have a view of their own)."""
    marks = []
    for it in items:
        if it.kind not in ("flag", "mention", "romanization"):
            continue
        st = states.get(it.id, State())
        if it.kind == "romanization":
            cls = "name current" if it.id == current else "name"
            marks.append(Mark(it.start, it.end, cls, f"name {it.text} → {it.note} ({it.detail}) [{st.status}]", it.id))
            continue
        if it.kind == "flag":
            fix = f" → {it.suggestion!r}" if it.suggestion is not None else ""
            title = f"{it.detail} {it.confidence:.2f}: {it.note}{fix} [{st.status}]"
            cls = f"flag k-{it.detail} {status_class(st)}"
        else:
            title = f"{it.detail} ({it.note}) {it.confidence:.2f} [{st.status}]"
            cls = f"mention {status_class(st)}"
        if it.id == current:
            cls += " current"
        marks.append(Mark(it.start, it.end, cls, title, it.id))
    return marks


def text_block(doc: Document, lo: int, hi: int, marks: Sequence[Mark], link: str = "") -> str:
    """A stretch of a document with line numbers in the margin and the marks highlighted."""
    first_line = doc.line_of(lo)
    return (f'<pre class="text" data-doc="{esc(doc.id)}" data-line="{first_line}" data-start="{lo}">'
            f"{highlight(doc.text, lo, hi, marks, link)}</pre>")


def romanization_block(doc: Document, rom: Romanization, lo: int, hi: int, focus: tuple[int, int] | None = None) -> str:
    """The romanisation of `doc.text[lo:hi]`, each source syllable over the letters it became (rules on hover)."""
    edges = sorted((e for e in rom.edges if lo <= e.src_start and e.src_end <= hi), key=lambda e: (e.src_start,
                                                                                                 e.src_end))
    out = []
    cursor = lo
    for e in edges:
        if e.src_start < cursor:
            continue
        if e.src_start > cursor:
            out.append(_gap(doc.text[cursor : e.src_start]))
        src = doc.text[e.src_start : e.src_end]
        letters = rom.text[e.out_start : e.out_end]
        if not src.strip():
            out.append(_gap(src))
            cursor = e.src_end
            continue
        rules = ", ".join(e.rules) or "letters"
        cls = "syl"
        if focus and focus[0] <= e.src_start and e.src_end <= focus[1]:
            cls += " focus"
        if e.rules and e.rules != ("letters",):
            cls += " ruled"
        out.append(
            f'<span class="{cls}" title="{esc(src)} → {esc(letters)}: {esc(rules)}" data-src="{e.src_start}"'
            f' data-out="{e.out_start}"><span class="src">{esc(src)}</span><span class="out">{esc(letters)}</span>'
            "</span>"
        )
        cursor = e.src_end
    if cursor < hi:
        out.append(_gap(doc.text[cursor:hi]))
    return f'<div class="roman" data-system="{esc(rom.system)}">{"".join(out)}</div>'


def _gap(text: str) -> str:
    """Source text no edge covers: spaces keep their width, line breaks start a new row."""
    parts = text.split("\n")
    return '<span class="br"></span>'.join(f'<span class="gap">{esc(p)}</span>' if p else "" for p in parts)


def context(doc: Document, start: int, end: int, width: int = 60, cls: str = "hit") -> str:
    """A key-word-in-context line: `width` code points each side, line breaks shown as ⏎."""
    left = doc.text[max(0, start - width) : start].replace("\n", " ⏎ ")
    right = doc.text[end : end + width].replace("\n", " ⏎ ")
    hit = doc.text[start:end]
    return (f'<span class="left">{esc(left)}</span><mark class="{esc(cls)}">{esc(hit)}</mark>'
            f'<span class="right">{esc(right)}</span>')


def score_colour(score: float) -> str:
    """A background from red (0) through amber to green (1), for bead scores."""
    s = min(1.0, max(0.0, score))
    return f"hsl({round(120 * s)}, 70%, 88%)"


def beads_table(src: Document, tgt: Document, beads: Sequence[Item], states: dict[str, State],
                current: str = "", link: str = "") -> str:
    """Source and translation side by side, one row per bead, coloured by score; unconfirmed beads dotted."""
    rows = []
    for it in beads:
        st = states.get(it.id, State())
        confirmed = st.status == "accepted"
        cls = ["bead", "confirmed" if confirmed else "unconfirmed", status_class(st)]
        if it.id == current:
            cls.append("current")
        _t_doc, t0, t1 = it.target or (tgt.id, 0, 0)
        left = esc(src.text[it.start : it.end]) if it.end > it.start else '<span class="empty">—</span>'
        right = esc(tgt.text[t0:t1]) if t1 > t0 else '<span class="empty">—</span>'
        number = f'<a href="{esc(link + it.id)}">{esc(it.detail)}</a>' if link else esc(it.detail)
        rows.append(
            f'<tr id="b-{esc(it.id)}" class="{" ".join(cls)}" style="background:{score_colour(it.confidence)}"'
            f' data-item="{esc(it.id)}" title="score {it.confidence:.2f} [{esc(st.status)}]">'
            f'<td class="n">{number}<br><small>{it.confidence:.2f}</small></td>'
            f'<td class="s">{left}</td><td class="t">{right}</td></tr>'
        )
    return (f'<table class="beads"><thead><tr><th></th><th>{esc(src.id)}</th><th>{esc(tgt.id)}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def history_table(rows: Sequence[dict], with_item: bool = False) -> str:
    """Who decided what and when (on which item), and what each decision replaced."""
    if not rows:
        return '<p class="muted">No decision yet.</p>'
    body = []
    for r in rows:
        cls = ' class="undone"' if r.get("undone") else ""
        value = "" if r["value"] is None else esc(r["value"] if isinstance(r["value"], str) else _brief(r["value"]))
        replaced = esc(_brief(r["replaced"])) if r["replaced"] is not None else ""
        item = f"<td>{esc(r['item'])}</td>" if with_item else ""
        body.append(f"<tr{cls}><td>{esc(r['time'])}</td><td>{esc(r['reviewer'])}</td>{item}<td>{esc(r['action'])}</td>"
                    f"<td>{value}</td><td>{replaced}</td></tr>")
    head = "<th>item</th>" if with_item else ""
    return (f'<table class="history"><thead><tr><th>time</th><th>reviewer</th>{head}<th>decision</th><th>value</th>'
            f'<th>replaced</th></tr></thead><tbody>{"".join(body)}</tbody></table>')


def _brief(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, ""))
    return str(value)


CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def page(title: str, body: str, token: str = "", head: str = "", styles: str = "") -> str:
    """A whole HTML page: the app's (static files linked) or, given `styles`, a self-contained one."""
    if styles:
        links = f"<style>{styles}</style>"
        meta = ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                "style-src 'unsafe-inline'; img-src data:\">")
    else:
        links = '<link rel="stylesheet" href="/static/review.css"><script src="/static/review.js" defer></script>'
        meta = f'<meta name="csrf-token" content="{esc(token)}">'
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{meta}'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
            f"{links}{head}</head><body>{body}</body></html>")
