"""Alerts raised by `armswatch watch`, and the watcher's health: the Alerts page, its JSON twin, /api/watch/health."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from armswatch.serve.deps import StoreDep
from armswatch.serve.schemas import Out
from armswatch.store.base import Alert, AlertFilter

router = APIRouter(tags=["alerts"])


class AlertOut(Out):
    id: int
    rule_id: str
    event_id: str
    kind: str
    change: str
    created: str
    delivered: str | None
    acked: str | None
    acked_by: str | None
    what: str | None
    evidence: list[dict[str, Any]]


class AlertList(Out):
    total: int
    unacknowledged: int
    alerts: list[AlertOut]


def _out(a: Alert) -> AlertOut:
    detail = a.detail if isinstance(a.detail, dict) else {}
    evidence = detail.get("evidence") or []
    return AlertOut(
        id=a.id,
        rule_id=a.rule_id,
        event_id=a.event_id,
        kind=a.kind,
        change=a.change,
        created=a.created.isoformat(),
        delivered=a.delivered.isoformat() if a.delivered else None,
        acked=a.acked.isoformat() if a.acked else None,
        acked_by=a.acked_by,
        what=str(detail.get("what")) if detail.get("what") else None,
        evidence=[e for e in evidence if isinstance(e, dict)][:5],
    )


def alert_list(store: Any, acked: bool | None, limit: int) -> AlertList:
    found = store.alerts(AlertFilter(acked=acked, limit=limit))
    return AlertList(
        total=store.count_alerts(AlertFilter()),
        unacknowledged=store.count_alerts(AlertFilter(acked=False)),
        alerts=[_out(a) for a in found],
    )


@router.get("/api/alerts")
def alerts_api(store: StoreDep, acked: bool | None = None, limit: int = 100) -> AlertList:
    """Alerts, newest first; `acked=false` for those not yet acknowledged."""
    return alert_list(store, acked, max(1, min(limit, 1000)))


@router.get("/api/watch/health")
def watch_health(store: StoreDep) -> Response:
    """The watcher's health: 200 "ok" or "degraded" (a feed failing), 503 "stale" (feeds overdue) or "idle" (none polled)."""
    from armswatch.watch.status import health

    status, body = health(store, dt.datetime.now(dt.UTC))
    return JSONResponse(body, status_code=status)


@router.get("/alerts", include_in_schema=False)
def alerts_page(request: Request, store: StoreDep, acked: bool | None = None, format: str = "html") -> Response:
    from armswatch.serve.routes_pages import page

    return page(request, "json" if format == "json" else "html", "alerts.html", alert_list(store, acked, 200), title="Alerts")
