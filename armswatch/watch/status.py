"""How the watch is doing, from the store alone: per feed (last poll, last error, items today) and one health verdict.

Both read only what the runner persists, so `armswatch watch-status`, a
health endpoint and the dashboard can ask from another process while the
watch runs. A feed is overdue when its next poll is more than `grace` in the
past: the watcher is not running (or is stuck), which a health check should
report even though every poll so far went well.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from armswatch.store.base import AlertFilter, FeedState, Store

__all__ = ["feed_rows", "health"]

GRACE = dt.timedelta(minutes=10)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def feed_rows(store: Store, now: dt.datetime) -> list[dict[str, Any]]:
    """One row per feed the watcher has polled: what `watch-status` prints (its items today count from UTC midnight)."""
    return [_row(s, now) for s in store.feed_states()]


def _row(s: FeedState, now: dt.datetime) -> dict[str, Any]:
    return {
        "feed": s.url,
        "title": s.title,
        "last_poll": _iso(s.last_poll),
        "last_success": _iso(s.last_success),
        "next_poll": _iso(s.next_poll),
        "overdue": bool(s.next_poll and now - s.next_poll > GRACE),
        "failures": s.failures,
        "last_error": s.last_error,
        "items_today": s.items_today if s.items_day == now.date() else 0,
        "items_total": s.items_total,
    }


def health(store: Store, now: dt.datetime) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for a health endpoint: 200 "ok" or "degraded" (some feed failing), 503 "stale"
    (feeds overdue: the watcher is not polling) or "idle" (no feed polled yet)."""
    rows = feed_rows(store, now)
    failing = [r["feed"] for r in rows if r["failures"]]
    overdue = [r["feed"] for r in rows if r["overdue"]]
    status = "idle" if not rows else "stale" if overdue else "degraded" if failing else "ok"
    polls = [r["last_poll"] for r in rows if r["last_poll"]]
    body = {
        "status": status,
        "feeds": len(rows),
        "failing": failing,
        "overdue": overdue,
        "last_poll": max(polls) if polls else None,
        "items_today": sum(r["items_today"] for r in rows),
        "alerts_unacknowledged": store.count_alerts(AlertFilter(acked=False)),
        "time": _iso(now),
    }
    return (200 if status in ("ok", "degraded") else 503), body
