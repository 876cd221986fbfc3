"""How fast the review app answers on the seeds' results: page render times, the static report, and decisions
per second through HTTP with a commit (fsync) each. Usage: python bench/review.py [RESULTS.jsonl]."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main(results: str = "") -> int:
    """Print one table of timings (milliseconds) and sizes."""
    from review_helpers import call

    from mlkit.review.report import report_html
    from mlkit.review.serve import listen, make_app
    from mlkit.review.session import Filters

    folder = Path(tempfile.mkdtemp(prefix="mlkit-review-bench-"))
    if not results:
        from review_seeds import write_seed_results

        results = str(write_seed_results(folder / "seeds.jsonl"))
    t = time.perf_counter()
    app = make_app(results, str(folder / "bench.sqlite"), "bench")
    items = app.review.queue(Filters(status="all"))
    load = time.perf_counter() - t
    app.port = 8765
    times: dict[str, list[float]] = {}
    for it in items:
        t = time.perf_counter()
        status, _, _ = call(app, "GET", f"/item/{it.id}")
        times.setdefault(it.kind, []).append(time.perf_counter() - t)
        assert status == 200
    t = time.perf_counter()
    html = report_html(app.review)
    report = time.perf_counter() - t

    httpd = listen(app, "127.0.0.1", 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{app.port}"
    n = 200
    t = time.perf_counter()
    for k in range(n):
        body = json.dumps({"item": items[k % len(items)].id, "action": ("accept", "reject")[k % 2]}).encode()
        req = urllib.request.Request(base + "/api/decide", body, method="POST",
                                     headers={"Content-Type": "application/json", "X-CSRF-Token": app.token})
        urllib.request.urlopen(req, timeout=10).read()
    rate = n / (time.perf_counter() - t)
    httpd.shutdown()

    print(f"results: {len(app.review.order)} documents, {len(items)} items; load and queue {load * 1000:.0f} ms")
    print("| page | pages | median ms | max ms |")
    print("|---|---|---|---|")
    for kind, ts in sorted(times.items()):
        print(f"| item ({kind}) | {len(ts)} | {statistics.median(ts) * 1000:.1f} | {max(ts) * 1000:.1f} |")
    print(f"| static report ({len(html) // 1024} KB) | 1 | {report * 1000:.0f} | |")
    print(f"decisions through HTTP, each committed before the answer: {rate:.0f} per second ({n} decisions)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
