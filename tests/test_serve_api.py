"""The dashboard's JSON API and pages through the test client, over SQLite and PostgreSQL: every route, filter, write rule and defence."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from armswatch.serve import ServeSettings, create_app
from armswatch.serve.security import token_hash
from armswatch.store import ClaimFilter, EventFilter, SqlStore, open_store

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def client(sample_store_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(sample_store_url)) as c:
        yield c


@pytest.fixture(scope="module")
def store(sample_store_url: str) -> Iterator[SqlStore]:
    s = open_store(sample_store_url)
    yield s
    s.close()


def ids(events: list[dict]) -> list[str]:
    return [e["id"] for e in events]


# -- reading --------------------------------------------------------------------------------


def test_serve_health_says_what_is_served(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["read_only"] is False and body["store"] in ("sqlite", "postgresql")


def test_serve_overview_counts_and_lists(client: TestClient, store: SqlStore) -> None:
    body = client.get("/api/overview").json()
    counts = store.counts()
    assert body["counts"] == {
        "documents": counts.documents,
        "documents_not_extracted": counts.documents_skipped,
        "claims": counts.claims,
        "events": counts.events,
        "contested": counts.contested,
    }
    assert 0 < len(body["newest"]) <= 10 and all(e["contested"] for e in body["contested"]) and body["contested"]
    assert body["top_suppliers"][0]["events"] >= body["top_suppliers"][-1]["events"] > 0
    assert body["top_recipients"] and body["week_ending"]
    assert any("English" in reason for reason in body["skipped_by_reason"]) and body["recent_skipped"]
    last = dt.date.fromisoformat(body["week_ending"])
    assert all(last - dt.timedelta(days=7) < dt.date.fromisoformat(d["first_seen"]) <= last for d in body["new_dyads"])


FILTERS = [
    ("supplier=IRN", EventFilter(supplier="IRN")),
    ("recipient=RUS", EventFilter(recipient="RUS")),
    ("actor=IRN", EventFilter(actor="IRN")),
    ("type=transfer,request", EventFilter(types=("transfer", "request"))),
    ("stance=denied", EventFilter(stances=("denied",))),
    ("system=Shahed-136", EventFilter(system="Shahed-136")),
    ("category=missile", EventFilter(category="missile")),
    ("since=2023", EventFilter(since=dt.date(2023, 1, 1))),
    ("until=2022-06", EventFilter(until=dt.date(2022, 6, 30))),
    ("since=2022-01-01&until=2022-12-31", EventFilter(since=dt.date(2022, 1, 1), until=dt.date(2022, 12, 31))),
    ("contested=true", EventFilter(contested=True)),
    ("contested=false", EventFilter(contested=False)),
    ("min_outlets=2", EventFilter(min_outlets=2)),
    ("q=drones", EventFilter(text="drones")),
    ("include_unreviewed=false", EventFilter(include_unreviewed=False)),
    ("supplier=IRN&type=transfer&order=outlets", EventFilter(supplier="IRN", types=("transfer",), order="outlets")),
    ("supplier=&recipient=&type=", EventFilter()),  # empty form fields are no filter
]


@pytest.mark.parametrize(("query", "expected"), FILTERS, ids=[q for q, _ in FILTERS])
def test_serve_events_filters_select_what_the_store_selects(client: TestClient, store: SqlStore, query: str, expected: EventFilter) -> None:
    body = client.get(f"/api/events?{query}&limit=1000").json()
    assert ids(body["events"]) == [e.id for e in store.events(EventFilter(**{**_fields(expected), "limit": 1000}))]


def _fields(f: EventFilter) -> dict:
    return {name: getattr(f, name) for name in f.__dataclass_fields__}


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("supplier=IRN", lambda e: e["supplier"] == "IRN"),
        ("actor=IRN", lambda e: "IRN" in (e["supplier"], e["recipient"])),
        ("type=transfer,request", lambda e: e["type"] in ("transfer", "request")),
        ("stance=denied", lambda e: e["stances"].get("denied", 0) > 0),
        ("system=Shahed-136", lambda e: e["system"] == "Shahed-136"),
        ("category=missile", lambda e: e["category"] == "missile"),
        ("contested=true", lambda e: e["contested"]),
        ("min_outlets=2", lambda e: e["outlets"] >= 2),
    ],
)
def test_serve_events_filters_hold_for_every_row(client: TestClient, query: str, check: object) -> None:
    events = client.get(f"/api/events?{query}&limit=1000").json()["events"]
    assert events and all(check(e) for e in events)  # type: ignore[operator]


def test_serve_events_pages_and_sorts(client: TestClient) -> None:
    first = client.get("/api/events?limit=5").json()
    second = client.get("/api/events?limit=5&offset=5").json()
    both = client.get("/api/events?limit=10").json()
    assert first["next_offset"] == 5 and ids(first["events"]) + ids(second["events"]) == ids(both["events"])
    assert client.get("/api/events?limit=1000").json()["next_offset"] is None
    for order in ("outlets", "corroboration", "first_seen", "last_seen"):
        values = [e[order] for e in client.get(f"/api/events?order={order}&limit=1000").json()["events"] if e[order] is not None]
        assert values == sorted(values, reverse=True), order


@pytest.mark.parametrize(
    "query",
    [
        "type=bogus",
        "stance=sure",
        "since=20x1",
        "until=2022-13",
        "order=bogus",
        "limit=0",
        "limit=100000",
        "offset=-1",
        "category=tanks",
        "contested=maybe",
        "min_outlets=-2",
    ],
)
def test_serve_events_bad_filters_are_422_with_a_reason(client: TestClient, query: str) -> None:
    res = client.get(f"/api/events?{query}")
    assert res.status_code == 422 and res.json()["detail"]


def test_serve_events_csv_is_the_same_page(client: TestClient) -> None:
    res = client.get("/api/events.csv?supplier=IRN&limit=7")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert [r["id"] for r in rows] == ids(client.get("/api/events?supplier=IRN&limit=7").json()["events"])
    assert all(r["supplier"] == "IRN" for r in rows)


def test_serve_event_detail_has_claims_evidence_and_sides(client: TestClient, store: SqlStore) -> None:
    [contested] = store.events(EventFilter(contested=True, order="outlets", limit=1))
    body = client.get(f"/api/events/{contested.id}").json()
    assert body["event"]["id"] == contested.id and len(body["claims"]) == len(contested.claim_ids)
    for claim in body["claims"]:
        assert "".join(s["text"] for s in claim["evidence"]["segments"]) == claim["evidence"]["text"]
        assert any(s["role"] for s in claim["evidence"]["segments"])
    assert body["sides"]["supporting"] and body["sides"]["contradicting"]
    assert {c["stance"] for c in body["sides"]["contradicting"]} <= {"denied", "negated"}
    plain = next(e for e in store.events(EventFilter(contested=False, limit=50)))
    assert client.get(f"/api/events/{plain.id}").json()["sides"] is None
    assert client.get("/api/events/" + "0" * 32).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("supplier=IRN", ClaimFilter(supplier="IRN")),
        ("recipient=UKR", ClaimFilter(recipient="UKR")),
        ("type=denied", None),
        ("type=order", ClaimFilter(types=("order",))),
        ("stance=denied,negated", ClaimFilter(stances=("denied", "negated"))),
        ("system=Shahed-136", ClaimFilter(system="Shahed-136")),
        ("q=ballistic", ClaimFilter(text="ballistic")),
    ],
)
def test_serve_claims_filters(client: TestClient, store: SqlStore, query: str, expected: ClaimFilter | None) -> None:
    res = client.get(f"/api/claims?{query}&limit=1000")
    if expected is None:
        assert res.status_code == 422
        return
    got = [c["id"] for c in res.json()["claims"]]
    assert got and got == [c.record.id for c in store.claims(ClaimFilter(**{**_fields(expected), "limit": 1000}))]


def test_serve_claims_of_an_event_and_a_document(client: TestClient, store: SqlStore) -> None:
    [event] = store.events(EventFilter(order="outlets", limit=1))
    claims = client.get(f"/api/claims?event={event.id}").json()["claims"]
    assert sorted(c["id"] for c in claims) == sorted(event.claim_ids)
    doc = claims[0]["evidence"]["doc_id"]
    assert all(c["evidence"]["doc_id"] == doc for c in client.get(f"/api/claims?doc_id={doc}").json()["claims"])
    page = client.get("/api/claims?limit=3").json()
    assert len(page["claims"]) == 3 and page["next_offset"] == 3


def test_serve_actor_profile(client: TestClient) -> None:
    body = client.get("/api/actors/IRN").json()
    assert body["name"] == "Iran" and body["kind"] == "state"
    assert body["as_supplier"] and all(e["supplier"] == "IRN" for e in body["as_supplier"])
    assert all(e["recipient"] == "IRN" for e in body["as_recipient"])
    assert body["systems"] and body["timeline"]["counts"]
    assert client.get("/api/actors/XXX").status_code == 404


def test_serve_system_profile_by_alias(client: TestClient) -> None:
    body = client.get("/api/systems/Geran-2").json()
    assert body["name"] == "Shahed-136" and body["events"] and all(e["system"] == "Shahed-136" for e in body["events"])
    assert body["suppliers"][0]["id"] == "IRN"
    assert client.get("/api/systems/NoSuchThing").status_code == 404


def test_serve_map_one_dyad_per_pair_with_places(client: TestClient, store: SqlStore) -> None:
    body = client.get("/api/map").json()
    pairs = [(d["supplier"], d["recipient"]) for d in body["dyads"] + body["unplaced"]]
    assert len(pairs) == len(set(pairs)) == len({(d.supplier, d.recipient) for d in store.dyads(EventFilter())})
    rus = next(d for d in body["dyads"] if d["supplier"] == "IRN" and d["recipient"] == "RUS")
    assert rus["recipient_lonlat"] == pytest.approx([37.62, 55.75], abs=0.5) and rus["stage"] in body["stages"]
    assert sum(rus["types"].values()) == rus["events"] and rus["events_page"] == "/events?supplier=IRN&recipient=RUS"
    only_irn = client.get("/api/map?supplier=IRN").json()["dyads"]
    assert only_irn and len(only_irn) < len(body["dyads"]) and all(d["supplier"] == "IRN" for d in only_irn)


def test_serve_network_nodes_and_edges(client: TestClient) -> None:
    body = client.get("/api/network").json()
    nodes = {n["id"]: n for n in body["nodes"]}
    assert body["edges"] and all(e["source"] in nodes and e["target"] in nodes for e in body["edges"])
    partners = {
        n: {e["target"] if e["source"] == n else e["source"] for e in body["edges"] if n in (e["source"], e["target"])} for n in nodes
    }
    assert all(nodes[n]["partners"] == len(p) for n, p in partners.items())
    assert len(client.get("/api/network?type=use").json()["edges"]) < len(body["edges"])


def test_serve_timeline_counts_by_month_and_type(client: TestClient) -> None:
    body = client.get("/api/timeline").json()
    assert body["months"] == sorted(body["months"]) and {c["month"] for c in body["counts"]} <= set(body["months"])
    assert set(body["types"]) == {c["type"] for c in body["counts"]}
    narrow = client.get("/api/timeline?since=2023-01&until=2023-12").json()
    assert narrow["counts"] and sum(c["events"] for c in narrow["counts"]) < sum(c["events"] for c in body["counts"])


def test_serve_countries_maps_numeric_codes(client: TestClient) -> None:
    assert client.get("/api/countries").json()["643"] == "RUS"


# -- pages and their JSON twins ------------------------------------------------------------


PAGES = [
    ("/", "/api/overview"),
    ("/map?supplier=IRN", "/api/map?supplier=IRN"),
    ("/network?type=transfer", "/api/network?type=transfer"),
    ("/timeline?actor=RUS", "/api/timeline?actor=RUS"),
    ("/events?supplier=IRN&order=outlets", "/api/events?supplier=IRN&order=outlets"),
    ("/actors/IRN", "/api/actors/IRN"),
    ("/systems/Shahed-136", "/api/systems/Shahed-136"),
    ("/reviews", "/api/reviews"),
]


@pytest.mark.parametrize(("page", "api"), PAGES, ids=[p for p, _ in PAGES])
def test_serve_every_page_has_its_json_twin(client: TestClient, page: str, api: str) -> None:
    html = client.get(page)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html") and "JSON of this page" in html.text
    twin = client.get(page + ("&" if "?" in page else "?") + "format=json")
    assert twin.headers["content-type"].startswith("application/json") and twin.json() == client.get(api).json()


def test_serve_event_page_twin_and_highlight(client: TestClient, store: SqlStore) -> None:
    [event] = store.events(EventFilter(order="outlets", limit=1))
    html = client.get(f"/events/{event.id}").text
    assert html.count('<article class="claim') == len(event.claim_ids) and '<mark class="role-' in html
    assert client.get(f"/events/{event.id}?format=json").json() == client.get(f"/api/events/{event.id}").json()


def test_serve_events_page_filters_sorts_pages_and_links_csv(client: TestClient) -> None:
    html = client.get("/events?supplier=IRN&limit=3").text
    assert html.count('class="event-row"') == 3 and "/api/events.csv?supplier=IRN&amp;limit=3" in html and 'rel="next"' in html
    assert client.get("/events?supplier=IRN&limit=1000").text.count('class="event-row"') < client.get("/events?limit=1000").text.count(
        'class="event-row"'
    )


def test_serve_missing_pages_are_html_404_and_api_404_json(client: TestClient) -> None:
    page = client.get("/events/" + "0" * 32)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert client.get("/api/nothing").json()["detail"]
    bad = client.get("/events?type=bogus")
    assert bad.status_code == 422 and "type bogus" in bad.text


def test_serve_docs_and_openapi_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for route in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/events.csv",
        "/api/claims",
        "/api/map",
        "/api/network",
        "/api/timeline",
        "/api/overview",
        "/api/reviews",
        "/api/actors/{actor}",
        "/api/systems/{name}",
        "/api/documents/{doc_id}",
        "/api/health",
    ):
        assert route in spec["paths"], route
    docs = client.get("/docs").text
    assert "/static/js/docs.js" in docs and "cdn" not in docs.lower()


def test_serve_pages_render_and_say_so_without_the_front_end(sample_store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from armswatch.serve import routes_pages

    monkeypatch.setattr(routes_pages, "ready", lambda: False)
    with TestClient(create_app(sample_store_url, ServeSettings(read_only=True))) as c:
        html = c.get("/map").text
    assert 'id="vendor-notice"' in html and "make setup" in html and "/static/vendor/" not in html


# -- defences --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/events", "/static/js/common.js", "/api/nothing", "/events/" + "0" * 32])
def test_serve_security_headers_everywhere(client: TestClient, path: str) -> None:
    res = client.get(path)
    for header in HEADERS:
        assert header in res.headers, (path, header)
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert res.headers["x-frame-options"] == "DENY" and res.headers["x-content-type-options"] == "nosniff"


def test_serve_pages_hold_no_inline_script_or_style(client: TestClient) -> None:
    for page, _ in PAGES:
        html = client.get(page).text
        assert "<script>" not in html and " style=" not in html and "<style" not in html and " on" + "click=" not in html, page


def test_serve_cors_closed_unless_configured(sample_store_url: str, client: TestClient) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/api/events", headers=origin).headers
    with TestClient(create_app(sample_store_url, ServeSettings(cors_origins=("https://elsewhere.example",)))) as c:
        assert c.get("/api/events", headers=origin).headers["access-control-allow-origin"] == "https://elsewhere.example"
        assert "access-control-allow-origin" not in c.get("/api/events", headers={"Origin": "https://other.example"}).headers


def test_serve_xss_article_is_text_in_pages_and_json(client: TestClient) -> None:
    [claim] = client.get("/api/claims?q=onerror").json()["claims"]
    assert "<script>alert(1)</script>" in claim["evidence"]["text"] and claim["url"] is None  # javascript: is never a link
    raw = client.get("/api/claims?q=onerror").text
    assert "<script>" not in raw and "<img" not in raw and "\\u003cscript\\u003e" in raw
    for page in (f"/events/{claim['event_id']}", "/", "/events?supplier=IRN&limit=1000"):
        html = client.get(page).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>Evil" not in html, page
    html = client.get(f"/events/{claim['event_id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html


def test_serve_full_text_only_with_a_token(client: TestClient, store: SqlStore) -> None:
    [claim] = client.get("/api/claims?limit=1").json()["claims"]
    url = f"/api/documents/{claim['evidence']['doc_id']}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    token = "t-" + claim["id"]
    store.add_token("reader-test", token_hash(token))
    body = client.get(url, headers={"Authorization": f"Bearer {token}"}).json()
    assert claim["evidence"]["text"] in body["text"]
    assert client.get("/api/documents/nope", headers={"Authorization": f"Bearer {token}"}).status_code == 404


# -- writing ---------------------------------------------------------------------------------


@pytest.fixture()
def writer(review_store: SqlStore) -> Iterator[tuple[TestClient, SqlStore, str]]:
    token = "s3cret-token-for-tests"
    review_store.add_token("alice", token_hash(token))
    with TestClient(create_app(review_store.url)) as c:
        yield c, review_store, token


def _two_claim_event(store: SqlStore) -> tuple[str, list[str]]:
    [event] = store.events(EventFilter(supplier="IRN", recipient="RUS"))
    assert len(event.claim_ids) == 2
    return event.id, list(event.claim_ids)


def test_serve_write_without_or_with_a_bad_token_is_refused(writer: tuple[TestClient, SqlStore, str]) -> None:
    c, store, _ = writer
    event_id, claims = _two_claim_event(store)
    body = {"target": "claim", "target_id": claims[0], "status": "rejected"}
    res = c.post("/api/reviews", json=body)
    assert res.status_code == 401 and res.headers["www-authenticate"].startswith("Bearer") and "token" in res.json()["detail"]
    assert c.post("/api/reviews", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post("/api/reviews", json=body, headers={"Authorization": "Basic YWxpY2U6eA=="}).status_code == 401
    assert store.reviews() == [] and len(store.event(event_id).claim_ids) == 2  # type: ignore[union-attr]


def test_serve_rejecting_a_claim_persists_and_takes_it_out_of_its_event(writer: tuple[TestClient, SqlStore, str]) -> None:
    c, store, token = writer
    event_id, claims = _two_claim_event(store)
    auth = {"Authorization": f"Bearer {token}"}
    res = c.post("/api/reviews", json={"target": "claim", "target_id": claims[0], "status": "rejected", "note": "misread"}, headers=auth)
    assert res.status_code == 201 and res.json()["who"] == "alice"
    [logged] = c.get("/api/reviews").json()["reviews"]
    assert (logged["target_id"], logged["status"], logged["who"], logged["note"]) == (claims[0], "rejected", "alice", "misread")
    assert logged["at"]
    event = c.get(f"/api/events/{event_id}").json()
    assert event["event"]["claims"] == 1 and [cl["id"] for cl in event["claims"]] == [claims[1]]
    rejected = next(cl for cl in c.get("/api/claims?supplier=IRN").json()["claims"] if cl["id"] == claims[0])
    assert rejected["status"] == "rejected" and rejected["event_id"] is None
    assert c.get(f"/api/reviews?target_id={claims[0]}").json()["reviews"] == [logged]


def test_serve_confirming_an_event_shows_in_reviewed_only_listings(writer: tuple[TestClient, SqlStore, str]) -> None:
    c, store, token = writer
    event_id, _ = _two_claim_event(store)
    assert c.get("/api/events?include_unreviewed=false").json()["events"] == []
    res = c.post(
        "/api/reviews", json={"target": "event", "target_id": event_id, "status": "confirmed"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert res.status_code == 201
    assert ids(c.get("/api/events?include_unreviewed=false").json()["events"]) == [event_id]
    assert c.get(f"/api/events/{event_id}").json()["event"]["status"] == "confirmed"
    assert "confirmed" in c.get(f"/events/{event_id}").text


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"target": "claim", "target_id": "f" * 32, "status": "rejected"}, 404),
        ({"target": "document", "target_id": "f" * 32, "status": "rejected"}, 422),
        ({"target": "claim", "target_id": "f" * 32, "status": "maybe"}, 422),
        ({"target": "claim", "target_id": "<script>", "status": "rejected"}, 422),
        ({"target": "claim", "target_id": "f" * 32, "status": "rejected", "extra": 1}, 422),
    ],
)
def test_serve_bad_reviews_are_refused_with_a_reason(writer: tuple[TestClient, SqlStore, str], body: dict, status: int) -> None:
    c, _, token = writer
    res = c.post("/api/reviews", json=body, headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == status and res.json()["detail"]


def test_serve_read_only_refuses_writes_even_with_a_token(review_store: SqlStore) -> None:
    token = "read-only-token"
    review_store.add_token("bob", token_hash(token))
    _, claims = _two_claim_event(review_store)
    with TestClient(create_app(review_store.url, ServeSettings(read_only=True))) as c:
        res = c.post(
            "/api/reviews",
            json={"target": "claim", "target_id": claims[0], "status": "rejected"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert res.status_code == 403 and "read-only" in res.json()["detail"]
        assert c.get("/api/health").json()["read_only"] is True and c.get("/api/events").status_code == 200
        assert c.delete("/api/reviews").status_code == 405
    assert review_store.reviews() == []


def test_serve_token_create_prints_once_and_stores_only_the_hash(cli: object, tmp_path: Path) -> None:
    db = tmp_path / "tokens.db"
    res = cli("token", "create", "carol", "--db", str(db))  # type: ignore[operator]
    assert res.exit_code == 0
    token = res.stdout.strip()
    assert len(token) >= 40 and "carol" in res.stderr
    store = open_store(str(db))
    assert store.token_name(token_hash(token)) == "carol" and store.token_name(token_hash(token + "x")) is None
    store.close()
    assert token.encode() not in db.read_bytes() and token_hash(token).encode() in db.read_bytes()


def test_serve_command_prints_its_address_and_binds_loopback(cli: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    ran: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: ran.update(app=app, **kwargs))
    res = cli("serve", "--db", str(tmp_path / "s.db"), "--port", "8123", "--read-only", "--cors-origin", "https://a.example")  # type: ignore[operator]
    assert res.exit_code == 0 and "armswatch dashboard on http://127.0.0.1:8123 — Ctrl-C stops it" in res.stderr
    assert ran["host"] == "127.0.0.1" and ran["port"] == 8123
    settings = ran["app"].state.settings
    assert settings.read_only and settings.cors_origins == ("https://a.example",)
    res = cli("serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0")  # type: ignore[operator]
    assert "reachable from other machines" in res.stderr and ran["host"] == "0.0.0.0"
