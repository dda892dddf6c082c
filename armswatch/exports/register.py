"""A trade register in the manner of SIPRI's: one line per supplier, recipient and weapon, with its sources.

SIPRI's register lists, for each deal, supplier, recipient, designation,
description, number ordered, year of order, years of delivery, number
delivered and comments. Ours is built from `order` and `transfer` events
(other types are not deals) of the same supplier -> recipient dyad and the
same designation, and unlike SIPRI's every line names where it comes from.

Columns (COLUMNS, in order):

- supplier, recipient: display names (state short names; group short names)
- designation: the system when named, else the category ("drone", "missile")
- description: the catalog's class of the system ("loitering munition"),
  else the category
- number_ordered, number_delivered: the largest quantity any asserted or
  claimed order (transfer) claim gives, empty when none does. Largest, not
  summed: reports of one deal repeat its figure and delivery figures in news
  are mostly running totals; a line with several orders is therefore a
  lower bound (see comments)
- year_of_order: the earliest year of an order event with an asserted or
  claimed claim
- years_of_delivery: years of transfer events with an asserted or claimed
  claim, runs joined ("2021; 2023-2024")
- status: `contested` when any of the line's events is (ONTOLOGY.md), else
  `delivered` when a transfer is asserted or claimed, else `ordered` when an
  order is, else `planned` when only plans are reported, else `denied`
  (only denials and negations)
- comments: the stances counted, order years when more than one, source
  attributions, quantity words when no number was given
- sources: outlet names of the claims given, sorted, "; "-joined
- urls: their distinct URLs, sorted, space-separated (URLs hold no spaces)
- supplier_id, recipient_id: catalog ids; event_ids: space-separated;
  claims: the number of claims behind the line
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from armswatch.catalog import Catalog
from armswatch.catalog import load as load_catalog
from armswatch.exports.common import Output, actor_name, claims_by_event, open_text
from armswatch.model import Event, EventType, Stance

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim

COLUMNS = (
    "supplier",
    "recipient",
    "designation",
    "description",
    "number_ordered",
    "year_of_order",
    "years_of_delivery",
    "number_delivered",
    "status",
    "comments",
    "sources",
    "urls",
    "supplier_id",
    "recipient_id",
    "event_ids",
    "claims",
)
DEALS = (EventType.ORDER, EventType.TRANSFER)
SUPPORT = frozenset({Stance.ASSERTED.value, Stance.CLAIMED.value})
STANCE_ORDER = [s.value for s in Stance]


@dataclass(frozen=True, slots=True)
class Line:
    supplier: str | None
    recipient: str | None
    designation: str
    events: tuple[Event, ...]
    claims: tuple[StoredClaim, ...]


def lines(events: Sequence[Event], claims: Sequence[StoredClaim]) -> list[Line]:
    """Order and transfer events grouped by dyad and designation, with the claims given for them."""
    mine = claims_by_event(events, claims)
    grouped: dict[tuple[str | None, str | None, str], list[Event]] = defaultdict(list)
    for e in sorted(events, key=lambda e: e.id):
        if e.type in DEALS:
            what = e.system or (e.category.value if e.category else "")
            grouped[(e.supplier, e.recipient, what)].append(e)
    out = []
    for (s, r, what), evs in sorted(grouped.items(), key=lambda item: (item[0][0] or "", item[0][1] or "", item[0][2])):
        cl = tuple(c for e in evs for c in mine[e.id])
        out.append(Line(s, r, what, tuple(evs), cl))
    return out


def _supported(e: Event) -> bool:
    return any(s in SUPPORT for s, _ in e.stances)


def _years(years: Iterable[int]) -> str:
    """Runs of consecutive years: [2021, 2023, 2024] -> "2021; 2023-2024"."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "; ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _number(claims: Iterable[StoredClaim], type_: EventType) -> str:
    numbers = [
        c.record.claim.quantity
        for c in claims
        if c.record.claim.type == type_
        and c.record.claim.quantity is not None
        and c.record.claim.stance.value in SUPPORT
        and not c.record.claim.inferred
    ]
    return str(max(numbers)) if numbers else ""


def _status(line: Line) -> str:
    stances = {s for e in line.events for s, _ in e.stances}
    if any(e.contested for e in line.events):
        return "contested"
    if any(_supported(e) for e in line.events if e.type == EventType.TRANSFER):
        return "delivered"
    if any(_supported(e) for e in line.events if e.type == EventType.ORDER):
        return "ordered"
    if Stance.PLANNED.value in stances:
        return "planned"
    return "denied"


def _comments(line: Line, order_years: list[int]) -> str:
    counts: Counter[str] = Counter()
    for e in line.events:
        counts.update(dict(e.stances))
    parts = ["claims: " + ", ".join(f"{s} {counts[s]}" for s in STANCE_ORDER if counts[s])]
    if len(order_years) > 1:
        parts.append("orders reported for " + ", ".join(map(str, order_years)))
    sources = sorted({c.record.claim.attributed_to for c in line.claims if c.record.claim.attributed_to})
    if sources:
        parts.append("according to " + ", ".join(sources[:3]) + (" and others" if len(sources) > 3 else ""))
    words = sorted({c.record.claim.quantity_text for c in line.claims if c.record.claim.quantity is None and c.record.claim.quantity_text})
    if words:
        parts.append("numbers reported as " + ", ".join(f'"{w}"' for w in words[:3]))
    return "; ".join(parts)


def row(line: Line, catalog: Catalog) -> dict[str, str]:
    """One register line as strings keyed by COLUMNS."""
    system = catalog.system_by_name.get(line.designation)
    category = next((e.category.value for e in line.events if e.category), "")
    order_years = sorted({e.year for e in line.events if e.type == EventType.ORDER and e.year is not None and _supported(e)})
    delivery_years = [e.year for e in line.events if e.type == EventType.TRANSFER and e.year is not None and _supported(e)]
    return {
        "supplier": actor_name(line.supplier, catalog),
        "recipient": actor_name(line.recipient, catalog),
        "designation": line.designation,
        "description": (system.klass if system and system.klass else category),
        "number_ordered": _number(line.claims, EventType.ORDER),
        "year_of_order": str(order_years[0]) if order_years else "",
        "years_of_delivery": _years(delivery_years),
        "number_delivered": _number(line.claims, EventType.TRANSFER),
        "status": _status(line),
        "comments": _comments(line, order_years),
        "sources": "; ".join(sorted({name for c in line.claims if (name := c.outlet_name or c.record.outlet)})),
        "urls": " ".join(sorted({c.url for c in line.claims if c.url})),
        "supplier_id": line.supplier or "",
        "recipient_id": line.recipient or "",
        "event_ids": " ".join(e.id for e in line.events),
        "claims": str(sum(len(e.claim_ids) for e in line.events)),
    }


def write(events: Sequence[Event], claims: Sequence[StoredClaim], out: Output, catalog: Catalog | None = None) -> None:
    """Write the register as CSV (header + one row per line) to a path or stream."""
    cat = catalog or load_catalog()
    with open_text(out) as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(row(line, cat) for line in lines(events, claims))
