"""Serving the review app on a local port with the standard library's WSGI server, one thread a request."""

from __future__ import annotations

import errno
import socket
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from mlkit.document import Document, read_jsonl
from mlkit.errors import InvalidInputError
from mlkit.review.app import App
from mlkit.review.session import Review
from mlkit.review.store import Store


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _ThreadingServer6(_ThreadingServer):
    address_family = socket.AF_INET6  # an IPv6 address to listen on (::1)


class _QuietHandler(WSGIRequestHandler):
    timeout = 30  # a client that stops sending (a body shorter than its Content-Length) frees its thread

    def log_message(self, format: str, *args: object) -> None:
        """No access log on the terminal."""


def load_results(path: str) -> list[Document]:
    """The documents of a results file (mlkit JSONL)."""
    try:
        with open(path, encoding="utf-8") as fh:
            return list(read_jsonl(fh))
    except OSError as exc:
        raise InvalidInputError(f"{path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: byte offset {exc.start} is not UTF-8") from None


def default_db(results: str) -> str:
    """The decisions database beside the results: `out/seeds.jsonl` → `out/seeds.review.sqlite`."""
    base = results[:-6] if results.endswith(".jsonl") else results
    return base + ".review.sqlite"


def make_app(results: str, db: str | None, reviewer: str, host: str = "127.0.0.1") -> App:
    """The app for one results file and its database."""
    review = Review(load_results(results), Store(db or default_db(results)), reviewer)
    return App(review, host_names(host))


def host_names(host: str) -> set[str]:
    """The names a browser may put in the Host header for a server bound to `host`: the loopback names, the
    address itself, and for a wildcard address (0.0.0.0, ::) this machine's name and addresses."""
    names = {"127.0.0.1", "localhost", host}
    if host in ("0.0.0.0", "::", ""):
        for name in (socket.gethostname(), socket.getfqdn()):
            names.add(name)
            try:
                names.update(socket.gethostbyname_ex(name)[2])
            except OSError:
                pass
    return names - {""}


def listen(app: App, host: str, port: int) -> WSGIServer:
    """A server bound to `host:port` (port 0 picks a free one), not yet serving; the app learns its port."""
    try:
        server_class = _ThreadingServer6 if ":" in host else _ThreadingServer
        server = make_server(host, port, app, server_class=server_class, handler_class=_QuietHandler)
    except OSError as exc:
        hint = "pass another --port" if exc.errno == errno.EADDRINUSE else "check --host"
        raise InvalidInputError(f"cannot listen on {host}:{port}: {exc.strerror}; {hint}") from None
    app.port = server.server_port
    return server


def serve(app: App, host: str, port: int, open_browser: bool = False) -> None:
    """Serve until interrupted; prints the address first."""
    server = listen(app, host, port)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{app.port}/"
    print(f"mlkit review: serving {url} (Ctrl-C stops)", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("mlkit review: stopped", file=sys.stderr)
    finally:
        server.server_close()
        app.review.store.close()
