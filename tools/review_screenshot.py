"""Take docs/review.png: the review app's passage page for the June 15 declaration (seed 004, lines 917–935),
with its flags and its romanisation, in headless Chromium. Usage: python tools/review_screenshot.py [URL] [OUT]."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def chrome(width: int = 1280, height: int = 1400):  # type: ignore[no-untyped-def]
    """Headless Chromium (Debian's chromium and chromium-driver) with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", f"--window-size={width},{height}",
                 f"--user-data-dir={tempfile.mkdtemp(prefix='mlkit-chromium-')}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main(out: str = str(ROOT / "docs" / "review.png")) -> int:
    """Serve the seeds' results on a free port, open the declaration's passage page and save a screenshot."""
    import threading
    from urllib.parse import urlencode

    from review_seeds import write_seed_results

    from mlkit.review.serve import make_app
    from mlkit.review.serve import serve as run

    folder = Path(tempfile.mkdtemp(prefix="mlkit-review-"))
    results = write_seed_results(folder / "seeds.jsonl")
    app = make_app(str(results), str(folder / "review.sqlite"), "linguist")
    threading.Thread(target=run, args=(app, "127.0.0.1", 0), daemon=True).start()
    while not app.port:
        threading.Event().wait(0.05)
    doc = next(d for d in app.review.order if d.startswith("004_"))
    n = next(i for i, s in enumerate(app.review.docs[doc].passages()) if app.review.docs[doc].line_of(s.start) == 917)
    driver = chrome()
    try:
        driver.get(f"http://127.0.0.1:{app.port}/passage?{urlencode({'doc': doc, 'n': n, 'system': 'mr'})}")
        driver.save_screenshot(out)
    finally:
        driver.quit()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
