"""The dashboard shows the alerts `armswatch watch` raised, and the watcher's health."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient

from armswatch.config import Settings
from armswatch.pipeline import ingest
from armswatch.store import EventFilter, open_store
from armswatch.store.base import NewAlert

SAMPLE = Path(__file__).resolve().parents[1] / "armswatch" / "samples" / "corpus"


def test_serve_alerts_page_and_twin_show_recorded_alerts(tmp_path: Path, extractor: object) -> None:
    from armswatch.serve import create_app

    db = tmp_path / "a.db"
    store = open_store(str(db))
    store.upgrade()
    ingest([str(SAMPLE / "items.jsonl")], store, Settings.from_env(db=str(db)), extractor=extractor)  # type: ignore[arg-type]
    event = store.events(EventFilter(limit=1))[0]
    detail = {"what": "new recipient", "evidence": [{"text": "Iran <b>sent</b> drones to Russia.", "outlet": "Wire"}]}
    store.add_alerts([NewAlert("iran-any", event.id, "new_recipient", "new recipient of IRN: RUS", detail)], dt.datetime.now(dt.UTC))
    store.close()
    with TestClient(create_app(str(db))) as client:
        _check(client, event.id)


def _check(client: TestClient, event_id: str) -> None:
    twin = client.get("/api/alerts").json()
    assert twin["total"] == 1 and twin["unacknowledged"] == 1 and twin["alerts"][0]["event_id"] == event_id
    page = client.get("/alerts")
    assert page.status_code == 200 and "new recipient of IRN: RUS" in page.text
    assert "<b>sent</b>" not in page.text and "&lt;b&gt;sent&lt;/b&gt;" in page.text
    assert client.get("/alerts?format=json").json()["total"] == 1
    health = client.get("/api/watch/health")
    assert health.status_code == 503 and health.json()["status"] == "idle"
