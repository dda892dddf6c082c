"""The watcher's tables: feed state, items met, watchlist rules, alerts and their acknowledgements.

Every write is one short transaction of its own, so the watcher can persist
after each step and a kill at any point leaves a state it resumes from. The
alerts table is an outbox: an alert is recorded (once per rule and event, by
a unique constraint, whatever a restart offers again) before any sink sees
it, and marked delivered after. Times come from the caller, whose clock is
injected, never from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from armswatch.store.base import Alert, AlertFilter, FeedItemMark, FeedState, NewAlert, WatchRule
from armswatch.store.dialect import chunks, insert_ignore, upsert
from armswatch.store.rows import aware
from armswatch.store.schema import alert_acks, alerts, watch_feeds, watch_items, watch_rules
from armswatch.store.write import UnknownTarget, write_transaction

# -- feeds ------------------------------------------------------------------------------------


def _when(value: dt.datetime | None) -> dt.datetime | None:
    return aware(value) if value is not None else None


def _feed_state(row: sa.RowMapping) -> FeedState:
    return FeedState(
        url=row["url"],
        title=row["title"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        next_poll=_when(row["next_poll"]),
        last_poll=_when(row["last_poll"]),
        last_success=_when(row["last_success"]),
        last_error=row["last_error"],
        failures=row["failures"],
        items_day=row["items_day"],
        items_today=row["items_today"],
        items_total=row["items_total"],
    )


def feed_states(conn: sa.Connection) -> list[FeedState]:
    return [_feed_state(r) for r in conn.execute(sa.select(watch_feeds).order_by(watch_feeds.c.url)).mappings()]


def feed_state(conn: sa.Connection, url: str) -> FeedState | None:
    row = conn.execute(sa.select(watch_feeds).where(watch_feeds.c.url == url)).mappings().first()
    return _feed_state(row) if row is not None else None


def save_feed_state(engine: sa.Engine, state: FeedState) -> None:
    row = {
        "url": state.url,
        "title": state.title,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "next_poll": state.next_poll,
        "last_poll": state.last_poll,
        "last_success": state.last_success,
        "last_error": state.last_error,
        "failures": state.failures,
        "items_day": state.items_day,
        "items_today": state.items_today,
        "items_total": state.items_total,
    }
    with write_transaction(engine) as conn:
        upsert(conn, watch_feeds, [row], ["url"], update=[k for k in row if k != "url"])


# -- items ------------------------------------------------------------------------------------


def _mark(row: sa.RowMapping) -> FeedItemMark:
    return FeedItemMark(row["feed_url"], row["item_key"], row["state"], row["doc_id"], row["link"], row["attempts"], row["error"])


def feed_items(conn: sa.Connection, feed_url: str, keys: Sequence[str]) -> dict[str, FeedItemMark]:
    out: dict[str, FeedItemMark] = {}
    for chunk in chunks(sorted(set(keys))):
        q = sa.select(watch_items).where(watch_items.c.feed_url == feed_url, watch_items.c.item_key.in_(chunk))
        out.update((r["item_key"], _mark(r)) for r in conn.execute(q).mappings())
    return out


def pending_feed_items(conn: sa.Connection) -> list[FeedItemMark]:
    q = sa.select(watch_items).where(watch_items.c.state == "pending").order_by(watch_items.c.feed_url, watch_items.c.item_key)
    return [_mark(r) for r in conn.execute(q).mappings()]


def mark_feed_items(engine: sa.Engine, marks: Sequence[FeedItemMark], at: dt.datetime) -> None:
    rows = sorted(
        (
            {
                "feed_url": m.feed_url,
                "item_key": m.key,
                "link": m.link,
                "doc_id": m.doc_id,
                "state": m.state,
                "attempts": m.attempts,
                "error": m.error,
                "first_seen": at,
                "updated": at,
            }
            for m in marks
        ),
        key=lambda r: (r["feed_url"], r["item_key"]),
    )
    if not rows:
        return
    with write_transaction(engine) as conn:
        upsert(conn, watch_items, rows, ["feed_url", "item_key"], update=["link", "doc_id", "state", "attempts", "error", "updated"])


# -- rules ------------------------------------------------------------------------------------


def watch_rule_list(conn: sa.Connection) -> list[WatchRule]:
    q = sa.select(watch_rules).order_by(watch_rules.c.id)
    return [WatchRule(r["id"], r["kind"], dict(r["spec"]), aware(r["created"])) for r in conn.execute(q).mappings()]


def save_watch_rule(engine: sa.Engine, rule: WatchRule, at: dt.datetime) -> None:
    row = {"id": rule.id, "kind": rule.kind, "spec": rule.spec, "created": rule.created or at}
    with write_transaction(engine) as conn:
        upsert(conn, watch_rules, [row], ["id"], update=["kind", "spec", "created"])


def remove_watch_rule(engine: sa.Engine, rule_id: str) -> bool:
    with write_transaction(engine) as conn:
        return conn.execute(sa.delete(watch_rules).where(watch_rules.c.id == rule_id)).rowcount > 0


# -- alerts -----------------------------------------------------------------------------------


def _alert_query() -> sa.Select[Any]:
    return sa.select(alerts, alert_acks.c.who.label("a_who"), alert_acks.c.note.label("a_note"), alert_acks.c.at.label("a_at")).outerjoin(
        alert_acks, alert_acks.c.alert_id == alerts.c.id
    )


def _alert(row: sa.RowMapping) -> Alert:
    return Alert(
        id=int(row["id"]),
        rule_id=row["rule_id"],
        event_id=row["event_id"],
        kind=row["kind"],
        change=row["change"],
        detail=dict(row["detail"]),
        created=aware(row["created"]),
        delivered=_when(row["delivered"]),
        delivery_error=row["delivery_error"],
        acked=_when(row["a_at"]),
        acked_by=row["a_who"],
        ack_note=row["a_note"] or "",
    )


def _alert_conditions(f: AlertFilter) -> list[sa.ColumnElement[bool]]:
    conds: list[sa.ColumnElement[bool]] = []
    if f.acked is not None:
        conds.append(alert_acks.c.alert_id.is_not(None) if f.acked else alert_acks.c.alert_id.is_(None))
    if f.delivered is not None:
        conds.append(alerts.c.delivered.is_not(None) if f.delivered else alerts.c.delivered.is_(None))
    if f.rule_id is not None:
        conds.append(alerts.c.rule_id == f.rule_id)
    if f.event_id is not None:
        conds.append(alerts.c.event_id == f.event_id)
    return conds


def add_alerts(engine: sa.Engine, new: Sequence[NewAlert], at: dt.datetime) -> list[Alert]:
    rows = sorted(
        (
            {"rule_id": a.rule_id, "event_id": a.event_id, "kind": a.kind, "change": a.change, "detail": a.detail, "created": at}
            for a in new
        ),
        key=lambda r: (r["rule_id"], r["event_id"]),
    )
    unique = list({(r["rule_id"], r["event_id"]): r for r in rows}.values())
    if not unique:
        return []
    with write_transaction(engine) as conn:
        added = [int(r.id) for r in insert_ignore(conn, alerts, unique, ["rule_id", "event_id"], returning=[alerts.c.id])]
        found: list[Alert] = []
        for chunk in chunks(sorted(added)):
            found.extend(_alert(r) for r in conn.execute(_alert_query().where(alerts.c.id.in_(chunk))).mappings())
    return sorted(found, key=lambda a: a.id)


def find_alerts(conn: sa.Connection, f: AlertFilter) -> list[Alert]:
    order = alerts.c.id if f.oldest_first else alerts.c.id.desc()
    q = _alert_query().where(*_alert_conditions(f)).order_by(order).limit(max(f.limit, 0)).offset(max(f.offset, 0))
    return [_alert(r) for r in conn.execute(q).mappings()]


def count_alerts(conn: sa.Connection, f: AlertFilter) -> int:
    q = sa.select(sa.func.count()).select_from(alerts.outerjoin(alert_acks, alert_acks.c.alert_id == alerts.c.id))
    return int(conn.execute(q.where(*_alert_conditions(f))).scalar_one())


def get_alert(conn: sa.Connection, alert_id: int) -> Alert | None:
    row = conn.execute(_alert_query().where(alerts.c.id == alert_id)).mappings().first()
    return _alert(row) if row is not None else None


def ack_alert(engine: sa.Engine, alert_id: int, who: str, note: str, at: dt.datetime) -> Alert:
    with write_transaction(engine) as conn:
        if conn.execute(sa.select(alerts.c.id).where(alerts.c.id == alert_id)).first() is None:
            raise UnknownTarget(f"alert {alert_id}: not in the store; list alerts with `armswatch alerts list`")
        upsert(conn, alert_acks, [{"alert_id": alert_id, "who": who, "note": note, "at": at}], ["alert_id"], update=["who", "note", "at"])
        row = conn.execute(_alert_query().where(alerts.c.id == alert_id)).mappings().one()
    return _alert(row)


def mark_alerts_delivered(engine: sa.Engine, alert_ids: Sequence[int], at: dt.datetime, error: str | None) -> None:
    if not alert_ids:
        return
    with write_transaction(engine) as conn:
        for chunk in chunks(sorted(set(alert_ids))):
            conn.execute(sa.update(alerts).where(alerts.c.id.in_(chunk)).values(delivered=at, delivery_error=error))
