"""The summed views: the map's arcs, the network's nodes and edges, the timeline, the overview.

All of them start from `Store.dyads` / `Store.timeline`, which sum in the
database with the same filter as the events table, so a view never reads
events one by one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from armswatch.catalog.geo import load_geo, locate
from armswatch.serve.schemas import (
    CountsOut,
    MapDyad,
    MapOut,
    NetworkEdge,
    NetworkNode,
    NetworkOut,
    NewDyad,
    Overview,
    SkippedOut,
    Tally,
    Timeline,
)
from armswatch.serve.views import TYPES, catalog, event_out, party_kind, party_name, timeline_of
from armswatch.store.base import Dyad, EventFilter, Store

STAGES = TYPES  # offer ... use, then sanction: the map's colours in this order
TOP = 10
WEEK = dt.timedelta(days=7)


def _stage(types: Sequence[str]) -> str:
    """The furthest stage a dyad reached; a sanction names the dyad as its target, so it counts only when alone."""
    deal = [t for t in types if t != "sanction"]
    return max(deal, key=STAGES.index) if deal else "sanction"


def _by_pair(rows: Sequence[Dyad]) -> dict[tuple[str, str], list[Dyad]]:
    pairs: dict[tuple[str, str], list[Dyad]] = defaultdict(list)
    for d in rows:
        pairs[(d.supplier, d.recipient)].append(d)
    return pairs


def _lonlat(party: str) -> tuple[float, float] | None:
    point = locate(party, load_geo(), catalog())
    return (point[1], point[0]) if point else None


def map_view(store: Store, f: EventFilter) -> MapOut:
    placed: list[MapDyad] = []
    unplaced: list[MapDyad] = []
    for (s, r), rows in sorted(_by_pair(store.dyads(f)).items()):
        firsts = [d.first_seen for d in rows if d.first_seen]
        lasts = [d.last_seen for d in rows if d.last_seen]
        dyad = MapDyad(
            supplier=s,
            supplier_name=party_name(s) or s,
            recipient=r,
            recipient_name=party_name(r) or r,
            supplier_lonlat=_lonlat(s),
            recipient_lonlat=_lonlat(r),
            stage=_stage([d.type for d in rows]),
            types={d.type: d.events for d in sorted(rows, key=lambda d: STAGES.index(d.type) if d.type in STAGES else 99)},
            events=sum(d.events for d in rows),
            outlets=max(d.outlets for d in rows),
            contested=sum(d.contested for d in rows),
            first_seen=min(firsts) if firsts else None,
            last_seen=max(lasts) if lasts else None,
            events_page=f"/events?supplier={s}&recipient={r}",
        )
        (placed if dyad.supplier_lonlat and dyad.recipient_lonlat and s != r else unplaced).append(dyad)
    return MapOut(stages=list(STAGES), dyads=placed, unplaced=unplaced)


def network_view(store: Store, f: EventFilter) -> NetworkOut:
    rows = store.dyads(f)
    partners: dict[str, set[str]] = defaultdict(set)
    supplied: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    for d in rows:
        partners[d.supplier].add(d.recipient)
        partners[d.recipient].add(d.supplier)
        supplied[d.supplier] += d.events
        received[d.recipient] += d.events
    nodes = [
        NetworkNode(
            id=p,
            name=party_name(p) or p,
            kind=party_kind(p),
            partners=len(partners[p]),
            as_supplier=supplied[p],
            as_recipient=received[p],
        )
        for p in sorted(partners)
    ]
    edges = [
        NetworkEdge(
            id=f"{d.supplier}>{d.recipient}:{d.type}",
            source=d.supplier,
            target=d.recipient,
            type=d.type,
            events=d.events,
            contested=d.contested,
        )
        for d in rows
    ]
    return NetworkOut(nodes=nodes, edges=edges)


def timeline_view(store: Store, f: EventFilter) -> Timeline:
    return timeline_of(store.timeline(f))


def _top(rows: Sequence[Dyad], side: str) -> list[Tally]:
    events: dict[str, int] = defaultdict(int)
    partners: dict[str, set[str]] = defaultdict(set)
    for d in rows:
        me, other = (d.supplier, d.recipient) if side == "supplier" else (d.recipient, d.supplier)
        events[me] += d.events
        partners[me].add(other)
    ranked = sorted(events, key=lambda p: (-events[p], p))[:TOP]
    return [Tally(id=p, name=party_name(p) or p, events=events[p], partners=len(partners[p])) for p in ranked]


def overview(store: Store) -> Overview:
    """Counts, newest and contested events, new dyads of the last week of reporting, busiest parties, ingest health.

    "This week" is the seven days up to the newest report in the store, not
    up to today: an archive read months later still shows what was new in it.
    """
    counts = store.counts()
    rows = store.dyads(EventFilter())
    newest = store.events(EventFilter(limit=TOP, order="last_seen"))
    week_ending = max((d.last_seen for d in rows if d.last_seen), default=None)
    new: list[NewDyad] = []
    if week_ending is not None:
        for (s, r), group in sorted(_by_pair(rows).items()):
            first = min((d.first_seen for d in group if d.first_seen), default=None)
            if first is not None and first > week_ending - WEEK:
                new.append(
                    NewDyad(supplier=s, supplier_name=party_name(s) or s, recipient=r, recipient_name=party_name(r) or r, first_seen=first)
                )
    return Overview(
        counts=CountsOut(
            documents=counts.documents,
            documents_not_extracted=counts.documents_skipped,
            claims=counts.claims,
            events=counts.events,
            contested=counts.contested,
        ),
        newest=[event_out(e) for e in newest],
        week_ending=week_ending,
        new_dyads=sorted(new, key=lambda n: n.first_seen, reverse=True),
        contested=[event_out(e) for e in store.events(EventFilter(contested=True, limit=TOP, order="last_seen"))],
        top_suppliers=_top(rows, "supplier"),
        top_recipients=_top(rows, "recipient"),
        skipped_by_reason=counts.skipped_by_reason,
        recent_skipped=[SkippedOut(label=s.label, reason=s.reason, stage=s.stage) for s in store.skipped(TOP)],
    )
