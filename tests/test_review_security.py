"""The review app and report treat documents as untrusted and refuse writes from anywhere but their own page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from review_helpers import PAYLOADS, call, hostile_documents, unicode_document, write_results

from mlkit.cli import main as cli
from mlkit.review.app import App
from mlkit.review.report import report_html
from mlkit.review.session import Filters, Review
from mlkit.review.store import Store


class _Elements(HTMLParser):
    """Every element with its attributes, and the text outside any tag."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def assert_inert(html: str, own_scripts: int) -> None:
    """No payload became markup: no handler attribute, no javascript: URL, no script but the app's own."""
    parsed = _Elements()
    parsed.feed(html)
    for tag, attrs in parsed.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
        assert tag != "img"
    assert [t for t, _ in parsed.elements].count("script") == own_scripts
    assert parsed.scripts == []


@pytest.fixture()
def app(tmp_path: Path) -> App:
    docs = [*hostile_documents(), unicode_document()[0]]
    review = Review(docs, Store(str(tmp_path / "review.sqlite")), "ana")
    a = App(review)
    a.port = 8765
    return a


def test_payloads_render_as_text_on_every_item_page(app: App) -> None:
    items = app.review.queue(Filters(status="all"))
    assert {i.kind for i in items} >= {"flag", "mention", "bead"}
    for it in items:
        status, _, html = call(app, "GET", f"/item/{it.id}")
        assert status == 200
        assert_inert(html, own_scripts=1)
        if it.kind == "flag":
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html or "javascript:alert(1)" in html
    status, _, html = call(app, "GET", f"/concordance/{items[0].id}")
    assert status == 200
    assert_inert(html, own_scripts=1)
    for path in ("/queue?status=all", "/api/queue?status=all"):
        assert call(app, "GET", path)[0] == 200
    assert_inert(call(app, "GET", "/queue?status=all")[2], own_scripts=1)


def test_report_renders_payloads_as_text_and_has_no_script(tmp_path: Path, app: App) -> None:
    flag = app.review.first(Filters(kind="flag"))
    app.review.decide(flag.id, "correct", PAYLOADS[1], reviewer=PAYLOADS[0])
    html = report_html(app.review)
    assert "<h1>Decisions (1)</h1>" in html and html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") > 3
    assert_inert(html, own_scripts=0)
    assert "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html
    results = write_results(tmp_path / "hostile.jsonl", hostile_documents())
    assert cli(["report", str(results), "-o", str(tmp_path / "r.html")]) == 0
    assert_inert((tmp_path / "r.html").read_text(encoding="utf-8"), own_scripts=0)


def test_write_without_token_is_refused(app: App) -> None:
    item = app.review.first(Filters())
    assert item is not None
    body = {"item": item.id, "action": "accept"}
    assert call(app, "POST", "/api/decide", body, token=False)[0] == 403
    assert call(app, "POST", "/api/decide", body, headers={"X-CSRF-Token": "guess"}, token=False)[0] == 403
    assert app.review.store.rows() == []
    status, _, answer = call(app, "POST", "/api/decide", body)
    assert status == 200 and '"ok": true' in answer
    assert [r["action"] for r in app.review.store.rows()] == ["accept"]


def test_other_origins_and_hosts_are_refused(app: App) -> None:
    item = app.review.first(Filters())
    body = {"item": item.id, "action": "accept"}
    assert call(app, "POST", "/api/decide", body, headers={"Origin": "http://evil.example"})[0] == 403
    assert call(app, "POST", "/api/decide", body, headers={"Sec-Fetch-Site": "cross-site"})[0] == 403
    assert call(app, "GET", "/", headers={"Host": "evil.example:8765"})[0] == 403
    assert call(app, "GET", "/", headers={"Origin": "http://127.0.0.1:8765"})[0] == 303
    assert app.review.store.rows() == []


@pytest.mark.parametrize("path", ["/static/../store.py", "/static/%2e%2e/store.py", "/static/review.py",
                                  "/static//etc/passwd", "/etc/passwd", "/static/", "/item/../../x"])
def test_nothing_outside_the_app_is_served(app: App, path: str) -> None:
    assert call(app, "GET", path)[0] == 404


def test_static_files_are_served(app: App) -> None:
    status, headers, body = call(app, "GET", "/static/review.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and "X-CSRF-Token" in body
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_highlights_keep_code_point_offsets(app: App) -> None:
    """Each flag's highlighted text is exactly text[start:end], past emoji, flags of ZWJ sequences and
    combining marks (the server slices by code point; the browser never slices)."""
    doc, ranges = unicode_document()


    flags = app.review.queue(Filters(doc="unicode", status="all"))
    assert len(flags) == len(ranges)
    for it in flags:
        _, _, html = call(app, "GET", f"/item/{it.id}")
        parsed = _Current()
        parsed.feed(html)
        assert "".join(parsed.text) == doc.text[it.start : it.end]
        assert parsed.start == it.start
    assert sorted((i.start, i.end) for i in flags) == sorted(ranges.values())


class _Current(HTMLParser):
    """The text of the highlight marked `current`, and its data-start."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.start = -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "current" in (a.get("class") or "").split() and tag in ("a", "span") and self.start < 0:
            self.depth = 1
            self.start = int(a.get("data-start") or -1)

    def handle_endtag(self, tag: str) -> None:
        self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def test_listening_beyond_loopback_warns(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
                                         tmp_path: Path) -> None:
    import mlkit.review.serve as serve_module

    seen = {}
    monkeypatch.setattr(serve_module, "serve", lambda app, host, port, open_browser: seen.update(hosts=app.hosts))
    results = write_results(tmp_path / "r.jsonl", [unicode_document()[0]])
    assert cli(["review", str(results), "--host", "0.0.0.0", "--port", "0"]) == 0
    assert "warning: listening on 0.0.0.0" in capsys.readouterr().err
    assert {"127.0.0.1", "localhost"} <= seen["hosts"]
    assert cli(["review", str(results), "--port", "0"]) == 0
    assert capsys.readouterr().err == "" and seen["hosts"] == {"127.0.0.1", "localhost"}
    assert (tmp_path / "r.review.sqlite").exists()


@pytest.mark.parametrize(
    "body",
    [b'{"item": "x", "action": "accept", "comment": "\\ud800"}', b'{"a": ' * 5000 + b"1" + b"}" * 5000],
    ids=["lone surrogate", "nested too deeply"],
)
def test_a_body_the_store_cannot_keep_is_a_clear_400(app: App, body: bytes) -> None:
    status, _, answer = call(app, "POST", "/api/decide", body)
    assert status == 400 and "Traceback" not in answer
    assert app.review.store.rows() == []


def test_a_body_that_never_arrives_is_a_408(app: App) -> None:
    import io

    class Stalled(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise TimeoutError("timed out")  # what the server's socket timeout raises mid-body

    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/decide", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
               "SERVER_PORT": str(app.port), "HTTP_HOST": f"127.0.0.1:{app.port}", "wsgi.input": Stalled(),
               "CONTENT_LENGTH": "100", "CONTENT_TYPE": "application/json", "wsgi.url_scheme": "http",
               "HTTP_X_CSRF_TOKEN": app.token}
    seen: list[str] = []
    app(environ, lambda status, headers: seen.append(status))
    assert seen == ["408 Request Timeout"] and app.review.store.rows() == []


def test_an_ipv6_loopback_address_is_listened_on(app: App) -> None:
    import socket

    from mlkit.review.serve import listen

    if not socket.has_ipv6:
        pytest.skip("this Python has no IPv6")
    try:
        server = listen(app, "::1", 0)
    except Exception as exc:  # the machine has IPv6 switched off: then the message must name --host
        assert "check --host" in str(exc)
        return
    try:
        assert server.socket.family == socket.AF_INET6 and app.port == server.server_port > 0
    finally:
        server.server_close()
