"""The supply network as GraphML (networkx DiGraph), for Gephi, Cytoscape or networkx itself.

Nodes are parties (the catalog id as node id) with `label` (a state's short
name, a group's short name) and `kind` (state; the group's kind, e.g. armed
group, militia, private military company; supranational; unknown).

Edges run supplier -> recipient and carry the number of events on that dyad:
`events` in all, one integer attribute per event type (`offer`, `interest`,
..., `sanction`, zero when none, so every edge has the same attributes),
`contested` (how many of them are contested), and `first_seen`/`last_seen`
(ISO dates, absent when unknown).

Agreements have no direction (ONTOLOGY.md), so an agreement event is counted
on BOTH edges of its pair, in `agreement` and in `events`: each edge then
answers "what ties A to B", at the price that summing `events` over all
edges counts an agreement twice. The graph attribute `directed_events` is the
number of events drawn once, `agreements` the number drawn twice.

A sanction is drawn on the supplier -> recipient edge it is about; who
imposed it (`by`) is not a node unless it is a party elsewhere. Events with
an unnamed supplier or recipient cannot be drawn and are counted in the
graph attribute `events_not_drawn`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from armswatch.catalog import Catalog
from armswatch.catalog import load as load_catalog
from armswatch.exports.common import Output, actor_kind, actor_name, open_text
from armswatch.model import Event, EventType

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim


def _edges(e: Event) -> list[tuple[str, str]]:
    assert e.supplier is not None and e.recipient is not None
    if e.type == EventType.AGREEMENT and e.supplier != e.recipient:
        return [(e.supplier, e.recipient), (e.recipient, e.supplier)]
    return [(e.supplier, e.recipient)]


def graph(events: Sequence[Event], catalog: Catalog) -> nx.DiGraph:
    """The network of the events given."""
    g = nx.DiGraph(name="armswatch supply network")
    drawn = [e for e in events if e.supplier is not None and e.recipient is not None]
    g.graph["events_not_drawn"] = len(events) - len(drawn)
    g.graph["agreements"] = sum(1 for e in drawn if e.type == EventType.AGREEMENT)
    g.graph["directed_events"] = len(drawn) - g.graph["agreements"]
    for actor in sorted({a for e in drawn for a in (e.supplier, e.recipient) if a is not None}):
        g.add_node(actor, label=actor_name(actor, catalog), kind=actor_kind(actor, catalog))
    for e in sorted(drawn, key=lambda e: e.id):
        for s, r in _edges(e):
            if not g.has_edge(s, r):
                g.add_edge(s, r, events=0, contested=0, **{t.value: 0 for t in EventType})
            data: dict[str, Any] = g.edges[s, r]
            data["events"] += 1
            data[e.type.value] += 1
            data["contested"] += int(e.contested)
            for name, day, pick in (("first_seen", e.first_seen, min), ("last_seen", e.last_seen, max)):
                if day is not None:
                    iso = day.isoformat()
                    data[name] = pick(data.get(name, iso), iso)
    return g


def write(events: Sequence[Event], claims: Sequence[StoredClaim], out: Output, catalog: Catalog | None = None) -> None:
    """Write the network as GraphML (UTF-8 XML) to a path or stream; `claims` are not drawn."""
    g = graph(events, catalog or load_catalog())
    with open_text(out) as f:
        for line in nx.generate_graphml(g, encoding="utf-8", prettyprint=True):
            f.write(line + "\n")
