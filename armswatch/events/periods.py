"""Periods of claims: the span of days an ISO 8601 date string covers.

The contested rule (ONTOLOGY.md) compares claims "in overlapping periods".
A claim's date is kept at the precision the text gave ("2022", "2022-10",
"2023-07-20", "2023-W05", ranges "2023-07-12/2023-07-14", open "2007/.."),
so the honest reading of each is an interval of days, not a point: "2022"
and "2022-10" overlap, "2022" and "2023" do not. Both ends are inclusive.
An undated claim stands for the year it was published in, because a report
speaks of its own time; a claim with neither has no period (None), which the
caller treats as unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_OPEN = ("..", "")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """An inclusive span of days; `dt.date.min`/`max` stand for an open end."""

    start: dt.date
    end: dt.date

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def hull(self, other: Period) -> Period:
        """The smallest period covering both (an event's period covers its claims')."""
        return Period(min(self.start, other.start), max(self.end, other.end))


def _bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of one ISO 8601 date at any precision, or None when it is not one."""
    text = text.strip()
    try:
        if m := _YEAR.match(text):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _DAY.match(text):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := _WEEK.match(text):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + dt.timedelta(days=6)
        if m := _QUARTER.match(text):
            y, q = int(m[1]), int(m[2])
            last = 3 * q
            return dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1])
    except ValueError:  # month 13, day 31 of a short month, week 54
        return None
    return None


def parse_period(date: str | None) -> Period | None:
    """The days an ISO 8601 date, range or open range covers; None when it is missing or malformed.

    A malformed range end makes the whole range unreadable rather than
    silently open, so a typo never stretches a claim over all time.
    """
    if not date or not date.strip():
        return None
    if "/" not in date:
        b = _bounds(date)
        return Period(*b) if b else None
    left, _, right = date.strip().partition("/")
    lo = dt.date.min if left.strip() in _OPEN else (_bounds(left) or (None, None))[0]
    hi = dt.date.max if right.strip() in _OPEN else (_bounds(right) or (None, None))[1]
    if lo is None or hi is None or (lo == dt.date.min and hi == dt.date.max) or hi < lo:
        return None
    return Period(lo, hi)


def claim_period(date: str | None, published: dt.date | None) -> Period | None:
    """A claim's period: its date, or the year of publication when the date is missing or unreadable."""
    period = parse_period(date)
    if period is None and published is not None:
        period = Period(dt.date(published.year, 1, 1), dt.date(published.year, 12, 31))
    return period


def period_start(date: str | None) -> dt.date | None:
    """The first day a date covers, for first/last seen when a claim has no publication date."""
    period = parse_period(date)
    if period is None or period.start == dt.date.min:
        return None
    return period.start
