"""Dyads on a map as GeoJSON (RFC 7946): one LineString per supplier -> recipient dyad.

Each Feature runs from the supplier's point to the recipient's
(catalog.geo: a state's capital, a group's seat or its country's capital),
positions as [longitude, latitude] as the RFC requires. Its `id` is
"SUPPLIER->RECIPIENT" and its properties hold the dyad's events: `supplier`,
`recipient` and their display names, `count`, `types` (type -> number of
events), `contested` (how many are), `event_ids`, and `events` (id, type,
system, category, year, contested, outlets, corroboration of each).

An agreement has no direction: it joins the feature of whichever direction
of its pair already carries other events (the supplier -> recipient dyad
it qualifies), else the alphabetical one, so one pair draws one line when it
can. Dyads with a party that has no place (unnamed, supranational, not in
the catalog) are not drawn; they are listed in the collection's foreign
member `unlocated` (supplier, recipient, event_ids) so nothing vanishes.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from armswatch.catalog import Catalog
from armswatch.catalog import load as load_catalog
from armswatch.catalog.geo import Geo, load_geo, locate
from armswatch.exports.common import Output, actor_name, open_text
from armswatch.model import Event, EventType

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim

Dyad = tuple[str | None, str | None]


def dyads(events: Sequence[Event]) -> dict[Dyad, list[Event]]:
    """Events by the directed dyad they are drawn on (agreements as the module docstring says)."""
    directed = {(e.supplier, e.recipient) for e in events if e.type != EventType.AGREEMENT}
    out: dict[Dyad, list[Event]] = defaultdict(list)
    for e in sorted(events, key=lambda e: e.id):
        dyad: Dyad = (e.supplier, e.recipient)
        if e.type == EventType.AGREEMENT and dyad not in directed and (e.recipient, e.supplier) in directed:
            dyad = (e.recipient, e.supplier)
        out[dyad].append(e)
    return dict(out)


def _event_summary(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "type": e.type.value,
        "system": e.system,
        "category": e.category.value if e.category else None,
        "year": e.year,
        "contested": e.contested,
        "outlets": e.outlets,
        "corroboration": e.corroboration,
    }


def collection(events: Sequence[Event], catalog: Catalog, geo: Geo) -> dict[str, Any]:
    """The FeatureCollection as a JSON-ready dict."""
    features, unlocated = [], []
    for (s, r), evs in sorted(dyads(events).items(), key=lambda item: (item[0][0] or "", item[0][1] or "")):
        ids = [e.id for e in evs]
        a, b = locate(s, geo, catalog), locate(r, geo, catalog)
        if a is None or b is None:
            unlocated.append({"supplier": s, "recipient": r, "event_ids": ids})
            continue
        types = Counter(e.type.value for e in evs)
        features.append(
            {
                "type": "Feature",
                "id": f"{s}->{r}",
                "geometry": {"type": "LineString", "coordinates": [[a[1], a[0]], [b[1], b[0]]]},
                "properties": {
                    "supplier": s,
                    "recipient": r,
                    "supplier_name": actor_name(s, catalog),
                    "recipient_name": actor_name(r, catalog),
                    "count": len(evs),
                    "types": dict(sorted(types.items())),
                    "contested": sum(1 for e in evs if e.contested),
                    "event_ids": ids,
                    "events": [_event_summary(e) for e in evs],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "unlocated": unlocated}


def write(
    events: Sequence[Event], claims: Sequence[StoredClaim], out: Output, catalog: Catalog | None = None, geo: Geo | None = None
) -> None:
    """Write the FeatureCollection (UTF-8 JSON) to a path or stream; `claims` are not drawn."""
    data = collection(events, catalog or load_catalog(), geo or load_geo())
    with open_text(out) as f:
        json.dump(data, f, ensure_ascii=False)
        f.write("\n")
