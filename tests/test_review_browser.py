"""End to end in headless Chromium: review flags and a bead with the keyboard, reload, find the decisions kept;
highlights stay on their code points; hostile documents stay text in the app and in the report."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from review_helpers import PAYLOADS, hostile_documents, unicode_document, write_results
from review_seeds import seed_results

from mlkit.document import Document
from mlkit.review.report import report_html
from mlkit.review.serve import listen, make_app
from mlkit.review.session import Filters

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM and DRIVER),
        reason="needs Debian's chromium and chromium-driver (listed in .ci/apt-packages.txt; `make system-deps`)",
    ),
]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="mlkit-chromium-")
    for flag in (*FLAGS, f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    folder = tmp_path_factory.mktemp("review")
    docs = [Document.from_json(line) for line in seed_results().splitlines()]
    results = write_results(folder / "seeds.jsonl", [*docs, *hostile_documents(), unicode_document()[0]])
    app = make_app(str(results), str(folder / "seeds.review.sqlite"), "linguist")
    httpd = listen(app, "127.0.0.1", 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{app.port}", app
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def press(driver, keys: str, leave: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Type keys into the page and, when they should lead elsewhere, wait for the next page."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import WebDriverWait

    before = driver.current_url
    ActionChains(driver).send_keys(keys).perform()
    if leave:
        WebDriverWait(driver, 15).until(lambda d: d.current_url != before and d.execute_script(
            "return document.readyState") == "complete")


def card(driver) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The item on the page: id, kind and status."""
    return driver.execute_script(
        "const c = document.getElementById('item');"
        "return {id: c.dataset.item, kind: c.dataset.kind, status: document.getElementById('status').textContent};")


def test_keyboard_review_of_three_flags_and_a_bead_survives_a_reload(browser, server) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.keys import Keys

    base, app = server
    doc = next(d for d in app.review.order if d.startswith("004_"))
    browser.get(f"{base}/?{urlencode({'doc': doc, 'kind': 'flag'})}")
    first = card(browser)
    assert first["id"] == app.review.first(Filters(doc=doc, kind="flag")).id and first["status"] == "pending"
    press(browser, "?", leave=False)
    assert browser.find_element("id", "help").is_displayed()
    press(browser, Keys.ESCAPE, leave=False)
    decided = {}
    for keys in ("a", "r"):
        decided[card(browser)["id"]] = keys
        press(browser, keys)
    decided[card(browser)["id"]] = "c"
    press(browser, "c", leave=False)
    assert browser.find_element("id", "textvalue").is_displayed()
    press(browser, "함부르크" + Keys.ENTER)
    browser.get(f"{base}/?{urlencode({'kind': 'bead'})}")
    bead = card(browser)
    assert bead["kind"] == "bead"
    assert "unconfirmed" in browser.find_element("css selector", "tr.bead.current").get_attribute("class")
    press(browser, "a")

    browser.refresh()
    want = {"a": "accepted", "r": "rejected", "c": "corrected"}
    for item, keys in decided.items():
        browser.get(f"{base}/item/{item}")
        assert card(browser)["status"].startswith(want[keys])
        assert "linguist" in card(browser)["status"]
    assert browser.find_element("id", "corrected").text == "함부르크"
    browser.get(f"{base}/item/{bead['id']}")
    assert card(browser)["status"].startswith("accepted")
    assert "confirmed" in browser.find_element("css selector", "tr.bead.current").get_attribute("class").split()
    rows = app.review.store.rows()
    assert [(r["item"], r["action"], r["reviewer"]) for r in rows] == [
        *[(i, {"a": "accept", "r": "reject", "c": "correct"}[k], "linguist") for i, k in decided.items()],
        (bead["id"], "accept", "linguist")]


def test_highlights_in_the_browser_cover_the_same_code_points(browser, server) -> None:  # type: ignore[no-untyped-def]
    base, app = server
    doc, ranges = unicode_document()
    for it in app.review.queue(Filters(doc="unicode", status="all")):
        browser.get(f"{base}/item/{it.id}")
        shown = browser.execute_script("return document.querySelector('.current').textContent")
        assert shown == doc.text[it.start : it.end]
        assert (it.start, it.end) in ranges.values()


def test_hostile_documents_stay_text_in_the_app_and_the_report(browser, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoAlertPresentException

    base, app = server
    hostile = hostile_documents()[0].id
    for it in app.review.queue(Filters(doc=hostile, status="all")):
        browser.get(f"{base}/item/{it.id}")
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert browser.execute_script("return document.scripts.length") == 1
        if it.kind == "flag":
            assert browser.find_element("css selector", ".covered code").text in PAYLOADS
    report = tmp_path / "report.html"
    report.write_text(report_html(app.review), encoding="utf-8")
    browser.get(report.as_uri())
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert browser.execute_script("return document.scripts.length") == 0
    assert PAYLOADS[0] in browser.find_element("tag name", "body").text


def test_bead_edits_and_a_fix_everywhere_from_the_keyboard(browser, server) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.keys import Keys

    base, app = server
    pid = next(iter(app.review.pairs))
    beads = app.review.snapshot()[3][pid]
    browser.get(f"{base}/item/{beads[2].id}")

    def rows() -> int:
        return len(browser.find_elements("css selector", "tr.bead"))

    assert rows() == 12
    press(browser, "g")
    assert rows() == 11 and card(browser)["kind"] == "bead"
    press(browser, "u")
    assert rows() == 12
    browser.get(f"{base}/item/{beads[2].id}")
    press(browser, "A")
    confirmed = browser.find_elements("css selector", "tr.bead.confirmed")
    assert len(confirmed) >= 3 and all(app.review.state(b.id).status == "accepted" for b in beads[:3])

    flag = next(i for i in app.review.queue(Filters(kind="flag", status="all")) if i.text == "한부르")
    browser.get(f"{base}/item/{flag.id}")
    press(browser, "o")
    assert len(browser.find_elements("css selector", "table.concordance tr")) == 2
    press(browser, "f", leave=False)
    assert browser.find_element("id", "textvalue").get_attribute("value") == flag.suggestion
    press(browser, "함부르크" + Keys.ENTER, leave=False)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(
        lambda d: len(d.find_elements("css selector", "table.concordance tr.st-corrected")) == 2)
    assert all(app.review.state(app.review.occurrence_item(*w)[0]).value == "함부르크"
               for w in app.review.occurrences("한부르"))
