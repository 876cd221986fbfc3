"""Helpers for the review tests: documents with hostile or tricky text, and a WSGI client without sockets."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from mlkit.document import AlignmentLink, Document, Flag, Mention, Span

PAYLOADS = ('<script>alert("x")</script>', '" onmouseover="alert(1)', "javascript:alert(1)")


def hostile_documents() -> list[Document]:
    """A document whose text, id, flag reasons and suggestions carry script, attribute and URL payloads, and
    its "translation" carrying them too."""
    text = (f"Intro {PAYLOADS[0]} then {PAYLOADS[1]} and <a href=\"{PAYLOADS[2]}\">link</a>.\n"
            f"김정일 만세 {PAYLOADS[0]}\n")
    doc_id = '<img src=x onerror=alert(2)>"doc'
    flags = []
    for p in PAYLOADS:
        k = text.index(p)
        flags.append(Flag(k, k + len(p), "markup", 0.1, f"reason {p}", suggestion=p))
    k = text.index("김정일")
    spans = (Span(k, len(text) - 1, "ko", "Hangul"),)
    en = Document(f"Long live {PAYLOADS[0]} Kim Jong Il {PAYLOADS[1]}", id=f"{PAYLOADS[2]}en")
    link = AlignmentLink("bead", (k, len(text) - 1), (0, len(en.text)), 0.3, en.id, PAYLOADS[0])
    doc = Document(text, id=doc_id, spans=spans, flags=tuple(flags), links=(link,),
                   mentions=(Mention(0, 5, PAYLOADS[0], "rr", 0.2, k, k + 3),))
    return [doc, en]


def unicode_document() -> tuple[Document, dict[str, tuple[int, int]]]:
    """Text mixing astral emoji, combining marks and Hangul (precomposed and conjoining jamo), with a flag
    after each, and the code-point ranges of the flagged words."""
    text = "😀😀 cafe\u0301 🇰🇷 한국어 👩‍👩‍👧 e\u0301te\u0301 김정일 \u1100\u1161\u11a8 끝😀 end"
    words = {"한국어": text.index("한국어"), "e\u0301te\u0301": text.index("e\u0301te\u0301"),
             "김정일": text.index("김정일"), "\u1100\u1161\u11a8": text.index("\u1100\u1161\u11a8"),
             "끝😀": text.index("끝😀")}
    ranges = {w: (k, k + len(w)) for w, k in words.items()}
    flags = tuple(Flag(a, b, "korean-ocr", 0.01 * (i + 1), f"word {i}") for i, (a, b) in enumerate(ranges.values()))
    return Document(text, id="unicode", flags=flags), ranges


def write_results(path: Path, docs: list[Document]) -> Path:
    """Write documents as a results file."""
    path.write_text("".join(d.to_json() + "\n" for d in docs), encoding="utf-8")
    return path


def call(app: Any, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
         token: bool = True) -> tuple[int, dict[str, str], str]:
    """One request straight into the WSGI app: (status, headers, body text)."""
    path, _, query = path.partition("?")
    data = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(app.port), "HTTP_HOST": f"127.0.0.1:{app.port}", "wsgi.input": io.BytesIO(data),
        "CONTENT_LENGTH": str(len(data)), "CONTENT_TYPE": "application/json" if body is not None else "",
        "wsgi.url_scheme": "http",
    }
    if token and method == "POST":
        environ["HTTP_X_CSRF_TOKEN"] = app.token
    for k, v in (headers or {}).items():
        environ["HTTP_" + k.upper().replace("-", "_")] = v
    seen: dict[str, Any] = {}

    def start_response(status: str, hdrs: list[tuple[str, str]]) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = dict(hdrs)

    out = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], out.decode("utf-8")


def csrf_token(html: str) -> str:
    """The CSRF token a page carries."""
    m = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert m, "page has no CSRF token"
    return m.group(1)
