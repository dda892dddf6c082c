"""Summed reads for the dashboard: events per dyad and type (map, network, overview), events per month and type (timeline).

Both take an EventFilter and apply its conditions exactly as `events()`
does (read.event_conditions), so a view and the events table beside it
never disagree about which events a filter selects; limit, offset and order
do not apply to a sum. The actor filter (either side) is a plain OR here:
a sum reads every matching event anyway.
"""

from __future__ import annotations

import sqlalchemy as sa

from armswatch.store.base import Dyad, EventFilter
from armswatch.store.dialect import month_of
from armswatch.store.read import event_conditions
from armswatch.store.schema import events


def _conditions(conn: sa.Connection, f: EventFilter) -> list[sa.ColumnElement[bool]]:
    conds = event_conditions(conn, f)
    if f.actor is not None:
        conds.append(sa.or_(events.c.supplier == f.actor, events.c.recipient == f.actor))
    return conds


def dyads(conn: sa.Connection, f: EventFilter) -> list[Dyad]:
    """Events with both a supplier and a recipient, summed per (supplier, recipient, type)."""
    q = (
        sa.select(
            events.c.supplier,
            events.c.recipient,
            events.c.type,
            sa.func.count().label("n"),
            sa.func.max(events.c.outlets).label("outlets"),
            sa.func.sum(sa.case((events.c.contested.is_(True), 1), else_=0)).label("contested"),
            sa.func.min(events.c.first_seen).label("first_seen"),
            sa.func.max(events.c.last_seen).label("last_seen"),
        )
        .where(*_conditions(conn, f), events.c.supplier.is_not(None), events.c.recipient.is_not(None))
        .group_by(events.c.supplier, events.c.recipient, events.c.type)
        .order_by(events.c.supplier, events.c.recipient, events.c.type)
    )
    return [
        Dyad(r.supplier, r.recipient, r.type, int(r.n), int(r.outlets or 0), int(r.contested or 0), r.first_seen, r.last_seen)
        for r in conn.execute(q)
    ]


def timeline(conn: sa.Connection, f: EventFilter) -> list[tuple[str, str, int]]:
    """Events per month of their event date (the start of the span since/until filter on) and type."""
    month = month_of(conn, events.c.date_from).label("month")
    q = (
        sa.select(month, events.c.type, sa.func.count().label("n"))
        .where(*_conditions(conn, f), events.c.date_from.is_not(None))
        .group_by(month, events.c.type)
        .order_by(month, events.c.type)
    )
    return [(str(r.month), str(r.type), int(r.n)) for r in conn.execute(q)]
