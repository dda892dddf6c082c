"""Events as JSON Lines: one event a line, with its claims in the ONTOLOGY.md contract.

Each line is the event's fields (dates ISO 8601, `stances` as an object
stance -> count, `claim_ids` all of its claim ids) and `claims`: those of its
claims that were given, each `contract.claim_to_dict` (every contract field
present) plus where it was read: `id`, `status`, `published`, `outlet`
(outlet id), `outlet_name`, `url`, `title`. These names are not contract
fields, so a consumer of the contract can read a claim here unchanged.
Keys keep their order; nothing is escaped beyond JSON's rules
(ensure_ascii=False keeps names readable).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from armswatch.catalog import Catalog
from armswatch.contract import claim_to_dict
from armswatch.exports.common import Output, claims_by_event, event_fields, open_text
from armswatch.model import Event

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim


def claim_dict(c: StoredClaim) -> dict[str, Any]:
    """A claim in the contract, with its id and source."""
    r = c.record
    return claim_to_dict(r.claim) | {
        "id": r.id,
        "status": r.status.value,
        "published": r.published.isoformat() if r.published else None,
        "outlet": r.outlet,
        "outlet_name": c.outlet_name,
        "url": c.url,
        "title": c.title,
    }


def event_dict(event: Event, claims: Sequence[StoredClaim]) -> dict[str, Any]:
    out = event_fields(event)
    out["stances"] = dict(event.stances)
    out["claim_ids"] = list(event.claim_ids)
    out["claims"] = [claim_dict(c) for c in claims]
    return out


def write(events: Sequence[Event], claims: Sequence[StoredClaim], out: Output, catalog: Catalog | None = None) -> None:
    """Write one JSON object per event per line to a path or stream; `catalog` is unused."""
    mine = claims_by_event(events, claims)
    with open_text(out) as f:
        for e in events:
            f.write(json.dumps(event_dict(e, mine[e.id]), ensure_ascii=False) + "\n")
