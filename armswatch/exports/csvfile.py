"""Events as CSV: one row per event, its claims as a count plus the first report's evidence.

A spreadsheet wants one flat row per thing; the full claims are in the jsonl
and parquet exports. The evidence shown is the earliest report among the
claims given (publication date, then claim id), so a reader sees where the
story started. Empty cells are missing values; booleans are true/false;
`stances` is "stance:count" joined by ";".

Columns: COLUMNS, in order.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from armswatch.catalog import Catalog
from armswatch.exports.common import Output, claims_by_event, earliest, event_fields, open_text, stances_text
from armswatch.model import Event

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim

COLUMNS = (
    "id",
    "type",
    "supplier",
    "recipient",
    "by",
    "system",
    "category",
    "year",
    "first_seen",
    "last_seen",
    "outlets",
    "corroboration",
    "contested",
    "status",
    "stances",
    "claims",
    "evidence_text",
    "evidence_stance",
    "evidence_doc",
    "evidence_url",
    "evidence_outlet",
    "evidence_published",
)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def rows(events: Sequence[Event], claims: Sequence[StoredClaim]) -> list[dict[str, str]]:
    """One row per event, as strings keyed by COLUMNS."""
    mine = claims_by_event(events, claims)
    out = []
    for e in events:
        row: dict[str, Any] = event_fields(e)
        row["stances"] = stances_text(e.stances)
        first = earliest(mine[e.id])
        row |= {
            "evidence_text": first.record.claim.evidence.text if first else None,
            "evidence_stance": first.record.claim.stance.value if first else None,
            "evidence_doc": first.record.claim.evidence.doc if first else None,
            "evidence_url": first.url if first else None,
            "evidence_outlet": (first.outlet_name or first.record.outlet) if first else None,
            "evidence_published": first.record.published.isoformat() if first and first.record.published else None,
        }
        out.append({k: cell(row[k]) for k in COLUMNS})
    return out


def write(events: Sequence[Event], claims: Sequence[StoredClaim], out: Output, catalog: Catalog | None = None) -> None:
    """Write the events CSV (header + one row per event) to a path or stream; `catalog` is unused."""
    with open_text(out) as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(events, claims))
