"""Every decision the server confirmed is in the database, even when the server is killed with SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

from review_helpers import csrf_token, unicode_document, write_results

DECISIONS = 1000
KILL_AFTER = 300


def test_sigkill_in_the_middle_of_1000_decisions_loses_no_confirmed_one(tmp_path: Path) -> None:
    results = write_results(tmp_path / "r.jsonl", [unicode_document()[0]])
    db = tmp_path / "r.sqlite"
    server = subprocess.Popen(
        [sys.executable, "-m", "mlkit", "review", str(results), "--db", str(db), "--port", "0", "--reviewer", "bot"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
    )
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        assert "serving http://127.0.0.1:" in line, line + server.stderr.read()  # type: ignore[union-attr]
        base = line.split()[3].rstrip("/")
        page = urllib.request.urlopen(base + "/api/queue?status=all", timeout=10).read()
        items = [i["id"] for i in json.loads(page)]
        token = csrf_token(urllib.request.urlopen(f"{base}/item/{items[0]}", timeout=10).read().decode())
        confirmed: list[tuple[int, str, str, str | None]] = []
        enough = threading.Event()

        def kill_when_enough() -> None:
            enough.wait(120)
            os.kill(server.pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_when_enough)
        killer.start()
        failed = None
        for n in range(DECISIONS):
            item = items[n % len(items)]
            action = ("accept", "reject", "correct", "comment")[n % 4]
            value = f"v{n} 😀" if action in ("correct", "comment") else None
            body = json.dumps({"item": item, "action": action, "value": value}).encode()
            request = urllib.request.Request(base + "/api/decide", body, method="POST", headers={
                "Content-Type": "application/json", "X-CSRF-Token": token})
            try:
                answer = json.loads(urllib.request.urlopen(request, timeout=10).read())
            except (urllib.error.URLError, ConnectionError, OSError) as exc:
                failed = exc
                break
            confirmed.append((answer["seqs"][0], item, action, value))
            if len(confirmed) == KILL_AFTER:
                enough.set()
        enough.set()
        killer.join()
        assert server.wait(10) == -signal.SIGKILL
    finally:
        if server.poll() is None:
            server.kill()
        server.communicate()
    assert failed is not None, "the server was not killed before the client finished"
    assert KILL_AFTER <= len(confirmed) < DECISIONS
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = {seq: (item, action, None if value is None else json.loads(value))
            for seq, item, action, value in con.execute("SELECT seq, item, action, value FROM decisions")}
    con.close()
    missing = [c for c in confirmed if rows.get(c[0]) != c[1:]]
    assert missing == []
    assert len(rows) in (len(confirmed), len(confirmed) + 1)
