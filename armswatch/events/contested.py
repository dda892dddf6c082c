"""The contested flag (ONTOLOGY.md), evaluated across the events of one type+dyad group.

"An event is contested when claims on the same type and dyad, in overlapping
periods, include a denied or negated one and an asserted or claimed one."
The events of a group differ by system, `by` and year, yet a denial of
"drones" in 2023 speaks against a 2023 Shahed-136 transfer as much as one
naming the system, so the claims looked at are those of the whole group
(events.keys.group_key) whose periods overlap the event's period.

An event's period is the hull of its claims' periods (events.periods). A
claim with no period at all (no readable date, no publication date) is of
unknown time and is taken to overlap every period: a dateless denial is
still a denial worth showing. Inferred claims (ONTOLOGY.md: designations
only, never scored) take no side.

Each side's periods are sorted by start with a running maximum of ends, so
an event is checked in O(log n): some period on that side overlaps
[start, end] exactly when, among those starting on or before `end`, the
latest end is on or after `start`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from armswatch.events.periods import Period, claim_period
from armswatch.model import ClaimRecord, Stance

ALWAYS = Period(dt.date.min, dt.date.max)
AGAINST = frozenset({Stance.DENIED, Stance.NEGATED})
FOR = frozenset({Stance.ASSERTED, Stance.CLAIMED})


def record_period(record: ClaimRecord) -> Period:
    """A claim's period; unknown time covers all time."""
    return claim_period(record.claim.date, record.published) or ALWAYS


def event_period(records: Sequence[ClaimRecord]) -> Period:
    """The hull of the claims' periods."""
    periods = [record_period(r) for r in records]
    out = periods[0]
    for p in periods[1:]:
        out = out.hull(p)
    return out


@dataclass(frozen=True, slots=True)
class _Side:
    """The periods of one side of a group, indexed for overlap queries."""

    starts: tuple[dt.date, ...]
    max_ends: tuple[dt.date, ...]  # running maximum of ends, in the order of starts

    @classmethod
    def of(cls, periods: Sequence[Period]) -> _Side:
        ordered = sorted(periods)
        ends: list[dt.date] = []
        for p in ordered:
            ends.append(max(ends[-1], p.end) if ends else p.end)
        return cls(tuple(p.start for p in ordered), tuple(ends))

    def overlaps(self, period: Period) -> bool:
        n = bisect.bisect_right(self.starts, period.end)
        return n > 0 and self.max_ends[n - 1] >= period.start


@dataclass(frozen=True, slots=True)
class Sides:
    """The periods of a group's claims against (denied, negated) and for (asserted, claimed) what it reports."""

    against: _Side
    for_: _Side

    @classmethod
    def of(cls, against: Sequence[Period], for_: Sequence[Period]) -> Sides:
        return cls(_Side.of(against), _Side.of(for_))

    @classmethod
    def of_records(cls, records: Iterable[ClaimRecord]) -> Sides:
        """The sides of these records (a whole group's kept claims); inferred claims take no side."""
        against, for_ = [], []
        for r in records:
            side = side_of(r.claim.stance, r.claim.inferred)
            if side == "against":
                against.append(record_period(r))
            elif side == "for":
                for_.append(record_period(r))
        return cls.of(against, for_)

    def contested(self, period: Period) -> bool:
        """Whether a claim of each side overlaps the event's period."""
        return self.against.overlaps(period) and self.for_.overlaps(period)


def side_of(stance: Stance, inferred: bool) -> str | None:
    """ "against", "for" or None (planned claims and inferred ones take no side)."""
    if inferred:
        return None
    if stance in AGAINST:
        return "against"
    if stance in FOR:
        return "for"
    return None


def contested_flags(events: Sequence[Sequence[ClaimRecord]]) -> list[bool]:
    """For the events of one group (each given as its claim records), whether each is contested."""
    sides = Sides.of_records(r for records in events for r in records)
    return [sides.contested(event_period(records)) for records in events]
