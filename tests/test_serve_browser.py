"""The dashboard in a real headless Chromium (Debian's), against `armswatch serve` running in its own process.

Each page loads with no console error and no failed request; the map draws
one arc per dyad; a filter changes the map and the table; the event page
highlights evidence; a review made in the browser persists; a write without
a token is refused on screen; the XSS article runs nothing. Screenshots go
to artifacts/screenshots/.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from armswatch.claims import Extractor
from armswatch.serve.security import token_hash
from armswatch.serve.vendor import ready
from armswatch.store import EventFilter, open_store
from tests.conftest import SAMPLE, ingest_into, write_xss_article

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
TOKEN = "browser-test-token-0123456789"

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not at /usr/bin/chromium (apt-get install chromium; .ci/run does it)", allow_module_level=True)
if not ready():
    pytest.skip("the front-end libraries are not installed: run `make setup` (npm ci)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed (pip install -e .[dev])")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[tuple[str, str]]:
    """`armswatch serve` over a fresh sample store, in a second process on a free loopback port: (base URL, store path)."""
    folder = tmp_path_factory.mktemp("browser")
    db = str(folder / "sample.db")
    store = open_store(db)
    store.upgrade()
    ingest_into(store, [str(SAMPLE), str(write_xss_article(folder))], extractor)
    store.add_token("browser-analyst", token_hash(TOKEN))
    store.close()
    port = _free_port()
    log = (folder / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "armswatch", "serve", "--db", db, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"armswatch serve did not start: {(folder / 'serve.log').read_text()}")
            time.sleep(0.2)
        yield base, db
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
        )
        yield b
        b.close()


class Watched:
    """A page with everything that went wrong on it: console errors, uncaught exceptions, failed requests, dialogs."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1300, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # A request the browser itself cancels because the page moved on (ERR_ABORTED) is not a failure of ours.
        self.page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "") else self.failed.append(f"{r.failure} {r.url}"))
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)

    def clean(self) -> bool:
        return not self.errors and not self.failed and not self.dialogs


@pytest.fixture()
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _event(db: str, **filters: Any) -> str:
    store = open_store(db)
    found = [e for e in store.events(EventFilter(limit=500, order="outlets", **filters)) if len(e.claim_ids) >= 2]
    store.close()
    return found[0].id


READY = {"/map": "#map", "/network": "#network", "/timeline": "#timeline"}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "overview"),
        ("/map", "map"),
        ("/network", "network"),
        ("/timeline", "timeline"),
        ("/events", "events"),
        ("/actors/IRN", "actor"),
        ("/systems/Shahed-136", "system"),
        ("/reviews", "reviews"),
        ("/docs", "docs"),
    ],
)
def test_browser_page_loads_clean(server: tuple[str, str], watched: Watched, path: str, name: str) -> None:
    base, _ = server
    watched.page.goto(base + path)
    if path in READY:
        watched.page.wait_for_selector(f"{READY[path]}[data-ready='true']", timeout=30_000)
    if path == "/docs":
        watched.page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    watched.page.wait_for_load_state("networkidle")
    _shot(watched.page, name)
    assert watched.clean(), (watched.errors, watched.failed, watched.dialogs)


def test_browser_event_page_highlights_evidence(server: tuple[str, str], watched: Watched) -> None:
    base, db = server
    watched.page.goto(f"{base}/events/{_event(db, contested=True)}")
    assert watched.page.locator("blockquote.evidence mark").count() >= 3
    assert watched.page.locator(".contested-banner").is_visible()
    _shot(watched.page, "event")
    assert watched.clean(), (watched.errors, watched.failed)


def test_browser_map_draws_one_arc_per_dyad(server: tuple[str, str], watched: Watched) -> None:
    base, _ = server
    dyads = httpx.get(base + "/api/map").json()["dyads"]
    watched.page.goto(base + "/map")
    watched.page.wait_for_selector("#map[data-ready='true']")
    assert watched.page.locator("#map path.arc").count() == len(dyads) > 10
    assert watched.page.locator("#map path.country").count() > 150


def test_browser_filter_changes_map_and_table(server: tuple[str, str], watched: Watched) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + "/events?limit=1000")
    all_rows = page.locator("tr.event-row").count()
    page.goto(base + "/map")
    page.wait_for_selector("#map[data-ready='true']")
    all_arcs = page.locator("#map path.arc").count()
    page.fill("#filters input[name=supplier]", "IRN")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/map?supplier=IRN")
    page.wait_for_selector("#map[data-ready='true']")
    arcs = page.locator("#map path.arc")
    assert 0 < arcs.count() < all_arcs == len(httpx.get(base + "/api/map").json()["dyads"])
    assert arcs.count() == len(httpx.get(base + "/api/map?supplier=IRN").json()["dyads"])
    assert {arcs.nth(i).get_attribute("data-supplier") for i in range(arcs.count())} == {"IRN"}
    page.click("nav a[href^='/events']")  # the navigation carries the filter to the table
    page.wait_for_url("**/events?supplier=IRN")
    rows = page.locator("tr.event-row")
    assert 0 < rows.count() < all_rows
    assert all(rows.nth(i).locator("td").nth(1).inner_text() == "Iran" for i in range(rows.count()))
    assert watched.clean(), (watched.errors, watched.failed)


def test_browser_timeline_brush_filters_the_other_views(server: tuple[str, str], watched: Watched) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + "/timeline")
    page.wait_for_selector("#timeline[data-ready='true']")
    box = page.locator("#timeline svg").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.80, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.95, y, steps=5)
    page.mouse.up()
    link = page.locator("#brush-links a[data-view='/map']")
    href = link.get_attribute("href") or ""
    assert "since=" in href and "until=" in href
    link.click()
    page.wait_for_selector("#map[data-ready='true']")
    query = href.split("?", 1)[1]
    assert page.locator("#map path.arc").count() == len(httpx.get(f"{base}/api/map?{query}").json()["dyads"])
    assert watched.clean(), (watched.errors, watched.failed)


def test_browser_review_persists_and_changes_the_event(server: tuple[str, str], watched: Watched) -> None:
    base, db = server
    event_id = _event(db, supplier="IRN", recipient="RUS")
    before = httpx.get(f"{base}/api/events/{event_id}").json()
    page = watched.page
    page.goto(f"{base}/events/{event_id}")
    page.click("#token-panel summary")
    page.fill("#token-input", TOKEN)
    page.click("#token-save")
    assert "kept" in page.inner_text("#token-state")
    claim_id = before["claims"][0]["id"]
    form = page.locator(f"form.review[data-id='{claim_id}']")
    form.locator("select[name=status]").select_option("rejected")
    form.locator("input[name=note]").fill("wrong dyad, from the browser")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    after = httpx.get(f"{base}/api/events/{event_id}").json()
    assert after["event"]["claims"] == before["event"]["claims"] - 1 and claim_id not in {c["id"] for c in after["claims"]}
    log = httpx.get(f"{base}/api/reviews?target_id={claim_id}").json()["reviews"]
    assert log[0]["who"] == "browser-analyst" and log[0]["status"] == "rejected" and log[0]["note"] == "wrong dyad, from the browser"
    assert page.locator(f"details.rejected #claim-{claim_id}").count() == 1 and "browser-analyst" in page.inner_text("ul.reviews")
    assert page.locator("main > article.claim").count() == after["event"]["claims"]
    assert not watched.errors, watched.errors


def test_browser_write_without_a_token_is_refused_on_screen(server: tuple[str, str], watched: Watched) -> None:
    base, db = server
    event_id = _event(db, contested=True)
    page = watched.page
    page.goto(f"{base}/events/{event_id}")
    form = page.locator("form.review[data-target='event']")
    form.locator("button[type=submit]").click()
    message = form.locator(".review-msg")
    message.filter(has_text="refused").wait_for()
    assert "401" in message.inner_text() and "token" in message.inner_text()
    assert httpx.get(f"{base}/api/reviews?target_id={event_id}").json()["reviews"] == []


def test_browser_xss_article_runs_nothing(server: tuple[str, str], watched: Watched) -> None:
    base, _ = server
    [claim] = httpx.get(base + "/api/claims?q=onerror").json()["claims"]
    page = watched.page
    for path in (f"/events/{claim['event_id']}", "/", "/events?limit=1000", "/reviews"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.goto(f"{base}/events/{claim['event_id']}")
    page.click("#token-panel summary")
    page.fill("#token-input", TOKEN)
    page.click("#token-save")
    page.locator(f"#claim-{claim['id']} button.fulltext").click()
    page.locator(f"#claim-{claim['id']} pre.doc-text").filter(has_text="onerror").wait_for()
    assert "<script>alert(1)</script>" in page.inner_text(f"#claim-{claim['id']} blockquote.evidence")
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    _shot(page, "xss")
    assert watched.clean(), (watched.errors, watched.failed, watched.dialogs)
