"""Claims -> Events: merge on DESIGN.md's key, count independent outlets, score, flag contested.

`resolve` is a pure function of the set of claim records it is given. The
store hands it ALL stored claims of the type+dyad groups a batch touches, so
resolving a group incrementally gives what resolving everything from scratch
gives; for that the result must not depend on the order of the input, so
records are de-duplicated by id and everything is computed over sorted ids,
and events come out sorted by id.

An event's review status is CONFIRMED when an analyst confirmed any of its
claims, else UNREVIEWED; rejected claims never reach an event. Reviews of the
event itself are the store's to overlay.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from armswatch.events.contested import Sides, contested_flags
from armswatch.events.corroboration import corroboration, independent_outlets
from armswatch.events.keys import EventKey, event_id, event_key, group_key
from armswatch.events.periods import Period, period_start
from armswatch.model import Category, ClaimRecord, Event, EventType, ReviewStatus


def _sort_key(r: ClaimRecord) -> tuple[str, str, str, str, str]:
    return (r.id, r.status.value, r.published.isoformat() if r.published else "", r.outlet or "", r.original_doc)


def _unique(records: Iterable[ClaimRecord]) -> list[ClaimRecord]:
    """Kept records, one per id, sorted by id; the same id twice is the same claim."""
    out: dict[str, ClaimRecord] = {}
    for r in sorted(records, key=_sort_key):
        if r.status != ReviewStatus.REJECTED:
            out.setdefault(r.id, r)
    return list(out.values())


def _category(records: Sequence[ClaimRecord]) -> Category | None:
    """The most common category of the claims; ties go to the first in Category order."""
    counts = Counter(r.claim.category for r in records if r.claim.category is not None)
    if not counts:
        return None
    order = list(Category)
    return min(counts, key=lambda c: (-counts[c], order.index(c)))


def _seen(record: ClaimRecord) -> dt.date | None:
    return record.published or period_start(record.claim.date)


def _event(key: EventKey, records: Sequence[ClaimRecord], contested: bool) -> Event:
    type_, supplier, recipient, what, by, year = key
    uses_system = any(r.claim.system for r in records)
    category = _category(records) if uses_system or what is None else Category(what)
    seen = sorted(d for r in records if (d := _seen(r)) is not None)
    stances = Counter(r.claim.stance.value for r in records)
    confirmed = any(r.status == ReviewStatus.CONFIRMED for r in records)
    return Event(
        id=event_id(key),
        type=EventType(type_),
        supplier=supplier,
        recipient=recipient,
        by=by,
        system=what if uses_system else None,
        category=category,
        year=year,
        first_seen=seen[0] if seen else None,
        last_seen=seen[-1] if seen else None,
        claim_ids=tuple(r.id for r in records),
        outlets=independent_outlets(records),
        corroboration=corroboration(records, {supplier, recipient, by} - {None}),
        contested=contested,
        status=ReviewStatus.CONFIRMED if confirmed else ReviewStatus.UNREVIEWED,
        stances=tuple(sorted(stances.items())),
    )


def group_records(records: Iterable[ClaimRecord]) -> dict[EventKey, list[ClaimRecord]]:
    """Kept records by event key, each list sorted by claim id."""
    by_key: dict[EventKey, list[ClaimRecord]] = defaultdict(list)
    for r in _unique(records):
        by_key[event_key(r)].append(r)
    return dict(by_key)


def resolve(records: Iterable[ClaimRecord]) -> list[Event]:
    """The events the records make, sorted by id; rejected records are left out.

    Give it whole type+dyad groups (every claim of each group): the contested
    flag looks across the events of a group.
    """
    by_key = group_records(records)
    groups: dict[tuple[str, str | None, str | None], list[EventKey]] = defaultdict(list)
    for key, recs in by_key.items():
        groups[group_key(recs[0])].append(key)
    events: list[Event] = []
    for keys in groups.values():
        flags = contested_flags([by_key[k] for k in keys])
        events.extend(_event(k, by_key[k], flag) for k, flag in zip(keys, flags, strict=True))
    return sorted(events, key=lambda e: e.id)


def resolve_event(key: EventKey, records: Sequence[ClaimRecord], sides: Sides, period: Period) -> Event:
    """One event from ALL its kept records (sorted by id, as group_records gives them), their period
    (contested.event_period, which the caller stores too) and the sides of its group.

    What resolve gives for this key, when `sides` are those of the group's kept claims: the store resolves the
    events a batch touches this way, with the sides read from its own columns, instead of the whole group."""
    return _event(key, records, sides.contested(period))
