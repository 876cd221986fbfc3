"""The review web app: a WSGI application with a small router, served by the standard library.

No web framework: the app has a dozen routes, and `wsgiref` keeps `mlkit review` free of dependencies.
Every request must name this server in its Host header and, when it carries an Origin, come from this server's
own origin; every write needs the per-session CSRF token. Only the routes below answer: no file path from a
request ever reaches the file system.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
from collections.abc import Callable, Iterable
from http import HTTPStatus
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, quote

from mlkit.document import SURROGATE
from mlkit.errors import MlkitError
from mlkit.review.items import Item
from mlkit.review.render import CSP, esc, history_table, page
from mlkit.review.session import STATUSES, Filters, Review
from mlkit.review.store import State
from mlkit.review.views import concordance, item_section, passage_section, passage_window, systems_of

StartResponse = Callable[..., Any]
MAX_BODY = 1 << 20
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}

KEYS = [
    ("a", "accept"), ("r", "reject"), ("c", "correct (type the text, Enter)"), ("m", "comment"),
    ("s", "skip (the item comes back at the end)"), ("u", "undo the last decision"),
    ("j / n", "next item"), ("k / p", "previous item"), ("o", "every occurrence of this text (concordance)"),
    ("f", "fix every occurrence at once"), ("y", "next romanisation system"), ("q", "queue list"),
    ("g", "bead: merge with the next"), ("t", "bead: split after its first sentence"),
    ("[ / ]", "bead: move a source sentence down / up across the lower border"),
    ("{ / }", "bead: move a translation sentence down / up"), ("A", "bead: confirm this and all above"),
    ("R", "bead: align again from the first unconfirmed bead down"),
    ("?", "this help"), ("Esc", "close"),
]


class HttpError(Exception):
    """An answer other than 200, with a short plain-text reason."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


class App:
    """The WSGI callable for one review (one results file, one database, one reviewer)."""

    def __init__(self, review: Review, hosts: Iterable[str] = ("127.0.0.1", "localhost")) -> None:
        self.review = review
        self.token = secrets.token_urlsafe(32)
        self.hosts = set(hosts)
        self.port = 0
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., tuple[str, str | bytes]]]] = [
            ("GET", re.compile(r"/"), self.home),
            ("GET", re.compile(r"/item/([0-9a-f]{16})"), self.item_page),
            ("GET", re.compile(r"/passage"), self.passage_page),
            ("GET", re.compile(r"/queue"), self.queue_page),
            ("GET", re.compile(r"/concordance/([0-9a-f]{16})"), self.concordance_page),
            ("GET", re.compile(r"/static/(review\.js|review\.css)"), self.static),
            ("GET", re.compile(r"/agreement"), self.agreement_page),
            ("GET", re.compile(r"/api/queue"), self.api_queue),
            ("POST", re.compile(r"/api/decide"), self.api_decide),
            ("POST", re.compile(r"/api/undo"), self.api_undo),
            ("POST", re.compile(r"/api/beads"), self.api_beads),
            ("POST", re.compile(r"/api/fix-all"), self.api_fix_all),
        ]

    # -- plumbing ---------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        headers = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                   ("Cache-Control", "no-store"), ("Content-Security-Policy", CSP), ("X-Frame-Options", "DENY")]
        try:
            self.check_origin(environ)
            method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
            query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
            for verb, pattern, handler in self.routes:
                m = pattern.fullmatch(path)
                if m is None:
                    continue
                if verb != method:
                    raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not allowed here")
                if method == "POST":
                    body = self.check_write(environ)
                    ctype, content = handler(body, query)
                else:
                    ctype, content = handler(*m.groups(), query)
                if ctype == "redirect":
                    start_response("303 See Other", [*headers, ("Location", str(content))])
                    return [b""]
                data = content.encode("utf-8") if isinstance(content, str) else content
                start_response("200 OK", [*headers, ("Content-Type", ctype), ("Content-Length", str(len(data)))])
                return [data]
            raise HttpError(HTTPStatus.NOT_FOUND, "no such page")
        except HttpError as exc:
            data = f"{exc.status.value} {exc.status.phrase}: {exc}\n".encode()
            plain = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
            start_response(f"{exc.status.value} {exc.status.phrase}", [*headers, *plain])
            return [data]

    def allowed_hosts(self) -> set[str]:
        """Host header values that name this server."""
        out = set()
        for h in self.hosts:
            name = f"[{h}]" if ":" in h else h
            out |= {f"{name}:{self.port}", name} if self.port in (0, 80) else {f"{name}:{self.port}"}
        return out

    def check_origin(self, environ: dict[str, Any]) -> None:
        """Refuse requests that name another host (DNS rebinding) or come from another origin."""
        host = environ.get("HTTP_HOST", "")
        if host not in self.allowed_hosts():
            raise HttpError(HTTPStatus.FORBIDDEN, "unexpected Host header; open the address mlkit review printed")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin != f"http://{host}":
            raise HttpError(HTTPStatus.FORBIDDEN, "requests from other origins are refused")
        site = environ.get("HTTP_SEC_FETCH_SITE")
        if site is not None and site not in ("same-origin", "none"):
            raise HttpError(HTTPStatus.FORBIDDEN, "requests from other sites are refused")

    def check_write(self, environ: dict[str, Any]) -> dict[str, Any]:
        """A write must carry this session's CSRF token and a JSON body; returns the body."""
        sent = environ.get("HTTP_X_CSRF_TOKEN", "")
        if not hmac.compare_digest(sent.encode(), self.token.encode()):
            raise HttpError(HTTPStatus.FORBIDDEN, "missing or wrong CSRF token; reload the page")
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        try:
            raw = environ["wsgi.input"].read(length)
        except OSError:  # the client stopped sending before its Content-Length (the server's timeout)
            raise HttpError(HTTPStatus.REQUEST_TIMEOUT, "the body did not arrive") from None
        try:
            body = json.loads(raw or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise HttpError(HTTPStatus.BAD_REQUEST, "body is not JSON") from None
        except RecursionError:
            raise HttpError(HTTPStatus.BAD_REQUEST, "body is nested too deeply") from None
        if not isinstance(body, dict):
            raise HttpError(HTTPStatus.BAD_REQUEST, "body must be a JSON object")
        if SURROGATE.search(json.dumps(body, ensure_ascii=False)):  # no text the store could keep (UTF-8)
            raise HttpError(HTTPStatus.BAD_REQUEST, "body holds a lone surrogate (\\ud800-\\udfff): send valid text")
        return body

    # -- pages ------------------------------------------------------------------------------------------

    def home(self, query: dict[str, str]) -> tuple[str, str]:
        """The first item that needs review (under the filters), or a page saying none is left."""
        f = Filters.from_query(query)
        first = self.review.first(f)
        if first is not None:
            return "redirect", self.url(first.id, f, query.get("system", ""))
        body = self.header(f, None) + ('<main><section class="card"><h1>Nothing left to review</h1>'
                                       '<p>Every item under these filters has a decision. '
                                       '<a href="/queue?status=all">See them all</a>.</p></section></main>')
        return "text/html; charset=utf-8", page("mlkit review", body + self.help(), self.token)

    def url(self, item_id: str, f: Filters, system: str = "") -> str:
        """The address of an item page, keeping the filters and the chosen system."""
        q = f.query()
        if system:
            q = (q + "&" if q else "") + "system=" + quote(system)
        return f"/item/{item_id}" + (f"?{q}" if q else "")

    def item_page(self, item_id: str, query: dict[str, str]) -> tuple[str, str]:
        """One item: what it is, its decision buttons, its views and its history."""
        it = self.review.item(item_id)
        if it is None:
            raise HttpError(HTTPStatus.NOT_FOUND, "no such item (the results may have changed); go to /")
        f = Filters.from_query(query)
        doc = self.review.docs[it.doc]
        systems = systems_of(doc)
        system = query.get("system") if query.get("system") in systems else systems[0]
        if it.kind == "romanization":  # the item is one system's spelling: show that system
            system = it.detail
        st = self.review.state(it.id)
        q = self.review.queue(f)
        ids = [i.id for i in q]
        pos = ids.index(it.id) + 1 if it.id in ids else 0
        nxt = self.review.next_after(it.id, f)
        prev = q[pos - 2] if pos >= 2 else (q[-1] if q and pos == 0 else None)
        nav = {
            "next": self.url(nxt.id, f, query.get("system", "")) if nxt else "/",
            "prev": self.url(prev.id, f, query.get("system", "")) if prev else "",
            "query": f.query(), "system": system, "systems": systems, "kind": it.kind,
        }
        body = [self.header(f, it, pos, len(q)), "<main>", self.card(it, st, doc.line_of(it.start), nav)]
        if it.passage is not None:
            whole = _with(_q(it.doc, it.passage), system=system)
            body.append(f'<p><a href="/passage?{esc(whole)}">the whole passage</a></p>')
        body.append(f'<section class="view">{item_section(self.review, it, system)}</section>')
        body.append(f"<section><h2>History</h2>{history_table(self.review.store.history(it.id))}</section></main>")
        return "text/html; charset=utf-8", page(f"{it.kind} · mlkit review", "".join(body) + self.help(), self.token)

    def card(self, it: Item, st: State, line: int, nav: dict[str, Any]) -> str:
        """The item's summary, its status and the decision buttons (each with its key)."""
        value = st.value if isinstance(st.value, str) else (it.suggestion or it.text)
        rows = [f"<dt>document</dt><dd>{esc(it.doc)}, line {line}, offsets {it.start}–{it.end}</dd>",
                f"<dt>confidence</dt><dd>{it.confidence:.2f}</dd>",
                f'<dt>status</dt><dd id="status" class="st-{esc(st.status)}">{esc(st.status)}'
                + (f" ({esc(st.reviewer)}, {esc(st.time)})" if st.reviewer else "") + "</dd>"]
        if it.note:
            rows.append(f"<dt>why</dt><dd>{esc(it.note)}</dd>")
        if it.suggestion is not None:
            rows.append(f"<dt>suggested</dt><dd><code>{esc(it.suggestion)}</code></dd>")
        if isinstance(st.value, str):
            rows.append(f'<dt>corrected</dt><dd><code id="corrected">{esc(st.value)}</code></dd>')
        if it.kind == "bead" and it.target:
            rows.append(f"<dt>translation</dt><dd>{esc(it.target[0])} {it.target[1]}–{it.target[2]}</dd>")
        buttons = [("accept", "a"), ("reject", "r"), ("correct", "c"), ("comment", "m"), ("skip", "s"), ("undo", "u"),
                   ("concordance", "o"), ("fix-all", "f")]
        if it.kind == "bead":
            buttons += [("merge", "g"), ("split", "t"), ("move-src-down", "["), ("move-src-up", "]"),
                        ("move-tgt-down", "{"), ("move-tgt-up", "}"), ("confirm-above", "A"), ("realign", "R")]
        btns = "".join(f'<button type="button" data-action="{a}"><kbd>{esc(k)}</kbd> {a.replace("-", " ")}</button>'
                       for a, k in buttons)
        systems = " ".join(
            f'<a class="sys{" on" if s == nav["system"] else ""}" href="?{esc(_with(nav["query"], system=s))}">'
            f"{esc(s)}</a>" for s in nav["systems"])
        return (f'<section class="card" id="item" data-item="{esc(it.id)}" data-kind="{esc(it.kind)}"'
                f' data-next="{esc(nav["next"])}" data-prev="{esc(nav["prev"])}" data-query="{esc(nav["query"])}">'
                f'<h1>{esc(it.kind)}: {esc(it.detail)}</h1><p class="covered"><code>{esc(it.text)}</code></p>'
                f'<dl>{"".join(rows)}</dl><div class="actions">{btns}</div>'
                f'<form id="textform" hidden><label><span id="textlabel">text</span> <input id="textvalue" name="value"'
                f' value="{esc(value)}" autocomplete="off"></label> <button type="submit">save</button></form>'
                f'<p class="systems">Romanisation: {systems}</p><p id="message" role="status"></p></section>')

    def header(self, f: Filters, it: Item | None, pos: int = 0, total: int = 0) -> str:
        """The top bar: position in the queue and the filters."""
        docs = "".join(f'<option value="{esc(d)}"{" selected" if d == f.doc else ""}>{esc(d)}</option>'
                       for d in self.review.order)
        kinds = "".join(f'<option{" selected" if k == f.kind else ""}>{k}</option>'
                        for k in ("flag", "mention", "bead", "romanization"))
        statuses = "".join(f'<option{" selected" if s == f.status else ""}>{s}</option>' for s in STATUSES)
        where = f"item {pos} of {total}" if pos else (f"{total} to review here" if it is None else "not in this queue")
        return ('<header><a href="/" class="brand">mlkit review</a>'
                f'<span class="pos">{where}</span>'
                '<form method="get" action="/" class="filters">'
                f'<select name="doc"><option value="">all documents</option>{docs}</select>'
                f'<input name="passage" size="3" placeholder="passage" value="{esc(f.passage)}">'
                f'<select name="kind"><option value="">all kinds</option>{kinds}</select>'
                f'<select name="status">{statuses}</select><button type="submit">filter</button></form>'
                f'<a href="/queue?{esc(f.query())}">queue</a> <a href="/agreement">agreement</a> '
                f'<span class="who">{esc(self.review.reviewer)}</span>'
                '<button type="button" id="helpbutton" title="keyboard (?)">?</button></header>')

    def help(self) -> str:
        """The keyboard help, shown with `?`."""
        rows = "".join(f"<tr><td><kbd>{esc(k)}</kbd></td><td>{esc(v)}</td></tr>" for k, v in KEYS)
        return f'<div id="help" hidden><h2>Keyboard</h2><table>{rows}</table></div>'

    def passage_page(self, query: dict[str, str]) -> tuple[str, str]:
        """A whole foreign passage: text with its flags and mentions, and its romanisation in a chosen system."""
        doc = self.review.docs.get(query.get("doc", ""))
        try:
            n = int(query.get("n", "0"))
        except ValueError:
            n = -1
        if doc is None or not 0 <= n < len(doc.passages()):
            raise HttpError(HTTPStatus.NOT_FOUND, "no such passage")
        span = doc.passages()[n]
        systems = systems_of(doc)
        system = query.get("system") if query.get("system") in systems else systems[0]
        lo, hi = passage_window(doc, span.start, span.end, n)
        links = " ".join(f'<a class="sys{" on" if s == system else ""}" href="?{esc(_with(_q(doc.id, n), system=s))}">'
                         f"{esc(s)}</a>" for s in systems)
        f = Filters(doc=doc.id, passage=str(n))
        body = (self.header(f, None, 0, len(self.review.queue(f))) + '<main><section class="card passage">'
                f"<h1>Passage {n} of {esc(doc.id)}, lines {doc.line_of(span.start)}–{doc.line_of(span.end)}</h1>"
                f'<p class="systems">Romanisation: {links}</p></section><section class="view">'
                f"{passage_section(self.review, doc, lo, hi, system)}</section></main>")
        return "text/html; charset=utf-8", page(f"passage · {doc.id}", body + self.help(), self.token)

    def queue_page(self, query: dict[str, str]) -> tuple[str, str]:
        """The queue as a table (first 1,000 items)."""
        f = Filters.from_query(query)
        q = self.review.queue(f)
        states = self.review.snapshot()[2]
        rows = []
        for it in q[:1000]:
            st = states.get(it.id, State())
            sq = f.query()
            rows.append(f'<tr class="st-{esc(st.status)}"><td><a href="/item/{it.id}{"?" + esc(sq) if sq else ""}">'
                        f"{esc(it.kind)}</a></td><td>{esc(it.detail)}</td><td>{it.confidence:.2f}</td>"
                        f"<td>{esc(it.doc)}:{self.review.docs[it.doc].line_of(it.start)}</td>"
                        f"<td><code>{esc(it.text[:80])}</code></td><td>{esc(st.status)}</td></tr>")
        body = (self.header(f, None, 0, len(q)) + f"<main><h1>Queue ({len(q)})</h1><table class=\"queue\"><thead><tr>"
                "<th>kind</th><th>what</th><th>confidence</th><th>where</th><th>text</th><th>status</th></tr></thead>"
                f'<tbody>{"".join(rows)}</tbody></table></main>')
        return "text/html; charset=utf-8", page("queue · mlkit review", body + self.help(), self.token)

    def concordance_page(self, item_id: str, query: dict[str, str]) -> tuple[str, str]:
        """Every occurrence of an item's text, with the action that fixes them all."""
        it = self.review.item(item_id)
        if it is None:
            raise HttpError(HTTPStatus.NOT_FOUND, "no such item")
        f = Filters.from_query(query)
        value = it.suggestion if it.suggestion is not None else it.text
        body = (self.header(f, it) + f'<main><section class="card" id="item" data-item="{esc(it.id)}"'
                f' data-kind="concordance" data-next="{esc(self.url(it.id, f))}" data-prev="{esc(self.url(it.id, f))}"'
                f' data-query="{esc(f.query())}"><p><a href="{esc(self.url(it.id, f))}">back to the item</a></p>'
                '<div class="actions"><button type="button" data-action="fix-all"><kbd>f</kbd> fix all</button></div>'
                '<form id="textform" hidden><label><span id="textlabel">text</span> <input id="textvalue"'
                f' value="{esc(value)}" autocomplete="off"></label> <button type="submit">save</button></form>'
                f'<p id="message" role="status"></p></section><section class="view">{concordance(self.review, it)}'
                "</section></main>")
        return "text/html; charset=utf-8", page("concordance · mlkit review", body + self.help(), self.token)

    def agreement_page(self, query: dict[str, str]) -> tuple[str, str]:
        """The items two reviewers decided differently, and Cohen's kappa over the items both decided."""
        from mlkit.review.export import agreement

        rows = self.review.store.rows()
        names = list(dict.fromkeys(r["reviewer"] for r in rows if r["action"] != "undo"))
        ra, rb = query.get("a", names[0] if names else ""), query.get("b", names[1] if len(names) > 1 else "")
        choose = "".join(f"<li>{esc(n)}</li>" for n in names)
        out = [f"<h1>Agreement</h1><p>Reviewers in this database:</p><ul>{choose}</ul>"]
        if ra and rb and ra != rb:
            try:
                kappa, n, diffs = agreement(rows, ra, rb)
            except MlkitError as exc:
                out.append(f"<p>{esc(exc)}</p>")
            else:
                by_id = self.review.snapshot()[1]
                out.append(f"<p>{esc(ra)} and {esc(rb)} both decided {n} items and disagree on {len(diffs)}: "
                           f"Cohen's kappa <strong>{kappa:.3f}</strong>.</p><table class=\"queue\"><tbody>")
                for item, a, b in diffs:
                    it = by_id.get(item)
                    what = (f'<a href="/item/{it.id}">{esc(it.kind)}</a> <code>{esc(it.text[:60])}</code>'
                            if it else esc(item))
                    out.append(f"<tr><td>{what}</td><td>{esc(ra)}: {esc(a)}</td><td>{esc(rb)}: {esc(b)}</td></tr>")
                out.append("</tbody></table>")
        else:
            out.append("<p>Import another reviewer's decisions (<code>mlkit review import</code>) to compare.</p>")
        body = self.header(Filters(), None) + "<main>" + "".join(out) + "</main>"
        return "text/html; charset=utf-8", page("agreement · mlkit review", body + self.help(), self.token)

    def static(self, name: str, query: dict[str, str]) -> tuple[str, bytes]:
        """One of the two files shipped in mlkit/review/static (a fixed list, never a path from the request)."""
        del query
        return STATIC[name], resources.files("mlkit.review").joinpath("static", name).read_bytes()

    # -- API --------------------------------------------------------------------------------------------

    def api_queue(self, query: dict[str, str]) -> tuple[str, str]:
        """The queue as JSON: id, kind, status (for scripts and tests)."""
        f = Filters.from_query(query)
        states = self.review.snapshot()[2]
        data = [{"id": i.id, "kind": i.kind, "doc": i.doc, "start": i.start, "end": i.end,
                 "status": states.get(i.id, State()).status} for i in self.review.queue(f)]
        return "application/json", json.dumps(data, ensure_ascii=False)

    def _item(self, body: dict[str, Any]) -> Item:
        it = self.review.item(str(body.get("item", "")))
        if it is None:
            raise HttpError(HTTPStatus.NOT_FOUND, "no such item; reload the page")
        return it

    def _answer(self, seqs: list[int], next_url: str, **more: Any) -> tuple[str, str]:
        return "application/json", json.dumps({"ok": True, "seqs": seqs, "next": next_url, **more})

    def api_decide(self, body: dict[str, Any], query: dict[str, str]) -> tuple[str, str]:
        """Accept, reject, correct, comment or skip one item; answers after the commit, with the next item."""
        it = self._item(body)
        action = body.get("action")
        if action not in ("accept", "reject", "correct", "comment", "skip"):
            raise HttpError(HTTPStatus.BAD_REQUEST, "action must be accept, reject, correct, comment or skip")
        value = body.get("value")
        if action in ("correct", "comment") and not isinstance(value, str):
            raise HttpError(HTTPStatus.BAD_REQUEST, f"{action} needs a text value")
        if action not in ("correct", "comment"):
            value = None
        seqs = self.review.decide(it.id, action, value)
        f = Filters.from_query(dict(parse_qsl(str(body.get("query", "")))))
        nxt = it if action == "comment" else self.review.next_after(it.id, f)
        return self._answer(seqs, self.url(nxt.id, f, str(body.get("system", ""))) if nxt else "/?" + f.query())

    def api_undo(self, body: dict[str, Any], query: dict[str, str]) -> tuple[str, str]:
        """Take back the reviewer's last decision; answers with the page of the item it concerned."""
        taken = self.review.store.undo(self.review.reviewer)
        if not taken:
            raise HttpError(HTTPStatus.CONFLICT, "nothing to undo")
        f = Filters.from_query(dict(parse_qsl(str(body.get("query", "")))))
        target = taken[0]["item"]
        if target.startswith("pair-"):  # a bead edit: back to the bead it was made on, there again
            target = str((taken[0]["value"] or {}).get("bead", ""))
        it = self.review.item(target)
        return self._answer([], self.url(it.id, f) if it else "/?" + f.query(), undone=len(taken))

    def api_beads(self, body: dict[str, Any], query: dict[str, str]) -> tuple[str, str]:
        """Merge, split, move a sentence, or confirm all beads above; answers with the bead now in that place."""
        it = self._item(body)
        if it.kind != "bead":
            raise HttpError(HTTPStatus.BAD_REQUEST, "not a bead")
        op = body.get("op")
        pid = self.review.pair_of(it)
        number = int(it.extra.get("number", 0))  # type: ignore[call-overload]
        if op == "confirm-above":
            seqs = self.review.confirm_above(it.id)
        elif op == "realign":
            try:
                seqs = self.review.realign(it.id)
            except MlkitError as exc:
                raise HttpError(HTTPStatus.CONFLICT, str(exc)) from None
        elif op in ("merge", "split", "move"):
            seqs = self.review.edit_beads(it.id, op, "tgt" if body.get("side") == "tgt" else "src",
                                          bool(body.get("down", True)))
        else:
            raise HttpError(HTTPStatus.BAD_REQUEST, "op must be merge, split, move, realign or confirm-above")
        beads = self.review.snapshot()[3][pid] if pid else []
        if op == "confirm-above":  # on to the first bead below, which is not confirmed yet
            number += 1
        here = beads[min(number, len(beads) - 1)] if beads else None
        f = Filters.from_query(dict(parse_qsl(str(body.get("query", "")))))
        return self._answer(seqs, self.url(here.id, f) if here else "/")

    def api_fix_all(self, body: dict[str, Any], query: dict[str, str]) -> tuple[str, str]:
        """Correct every occurrence of the item's text in one action."""
        it = self._item(body)
        value = body.get("value")
        if not isinstance(value, str):
            raise HttpError(HTTPStatus.BAD_REQUEST, "fix-all needs the corrected text")
        seqs = self.review.fix_all(it.id, value)
        return self._answer(seqs, f"/concordance/{it.id}", fixed=len(seqs))


def _q(doc: str, n: int) -> str:
    from urllib.parse import urlencode

    return urlencode({"doc": doc, "n": n})


def _with(query: str, **changes: str) -> str:
    from urllib.parse import urlencode

    pairs = dict(parse_qsl(query))
    pairs.update(changes)
    return urlencode(pairs)
