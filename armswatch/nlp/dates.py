"""Dates in news text, resolved against the publication date.

Our own rules handle what news writes most and what dateparser gets wrong
(ranges, "since", seasons, fiscal years, "last week", weekdays); dateparser
reads the single expressions the rules only find ("three weeks ago"), with
RELATIVE_BASE set to the publication date. Values are ISO 8601 at the
precision the text gives: "2022-10", "2023-07-20", "2023-07-12/2023-07-14",
"2007/..". Relative expressions stay None when there is no publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS |= {"sept": 9}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "several": 0,
}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("between_years", re.compile(r"\bbetween\s+(?P<y1>(?:19|20)\d\d)\s+and\s+(?P<y2>(?:19|20)\d\d)\b")),
    ("year_range", re.compile(r"\b(?:from\s+)?(?P<y1>(?:19|20)\d\d)\s*(?:-|–|to|through|until)\s*(?P<y2>(?:19|20)\d\d)\b")),
    (
        "day_range",
        re.compile(r"\b(?:between\s+)?" + _MON + r"\s+(?P<d1>\d{1,2})\s*(?:-|–|to|and)\s*(?P<d2>\d{1,2})(?:,?\s+" + _YEAR + r")?\b"),
    ),
    ("since", re.compile(r"\bsince\s+(?:(?:early|late|mid)-?\s*)?(?:" + _MON + r"\s+)?" + _YEAR + r"\b")),
    ("mdy", re.compile(r"\b" + _MON + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _YEAR + r")?\b")),
    ("dmy", re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"(?:,?\s+" + _YEAR + r")?\b")),
    ("season", re.compile(r"\b(?:in\s+)?(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+of\s+" + _YEAR + r"\b", re.I)),
    ("fiscal", re.compile(r"\b(?:fiscal(?:\s+year)?|FY)\s*(?P<fy>(?:19|20)?\d\d)\b")),
    ("month_year", re.compile(r"\b(?:(?:early|late|mid)-?\s*)?" + _MON + r",?\s+" + _YEAR + r"\b")),
    (
        "relative",
        re.compile(
            r"\b(?P<rel>last|this|next|earlier this|later this|early this|late last|earlier last)\s+(?P<unit>week|month|year|spring|summer|autumn|fall|winter|January|February|March|April|May|June|July|August|September|October|November|December)\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|several)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b",
            re.I,
        ),
    ),
    ("day_word", re.compile(r"\b(?P<word>yesterday|today|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b")),
    ("year", re.compile(r"\b(?:in|since|by|during|of|from|until|early|late|mid-?)\s+" + _YEAR + r"\b")),
]


_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_HAS_MONTH = re.compile(_MON)
_SEASON_WORDS = tuple(SEASONS)
_RELATIVE_WORDS = ("last", "this", "next", "earl", "late")


def _worth_trying(text: str) -> dict[str, bool]:
    """For each pattern, whether the text holds what every match of it must hold (a year, a month name, a key word).

    A sentence of news has a digit more often than not, and most of the thirteen patterns then scan it in vain;
    these tests cost one pass each and skip the scans that cannot match, so the result is the same."""
    year = _HAS_YEAR.search(text) is not None
    month = _HAS_MONTH.search(text) is not None
    low = text.lower()
    return {
        "between_years": year and "between" in text,
        "year_range": year,
        "day_range": month,
        "since": year and "since" in text,
        "mdy": month,
        "dmy": month,
        "season": year and any(w in low for w in _SEASON_WORDS),
        "fiscal": "fiscal" in text or "FY" in text,
        "month_year": month and year,
        "relative": any(w in low for w in _RELATIVE_WORDS),
        "ago": "ago" in low,
        "day_word": "day" in text,
        "year": year,
    }


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # offsets within the text given
    end: int
    text: str
    value: str | None


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower().rstrip(".")[:3]]


def _past_year(month: int, day: int, published: dt.date | None) -> int | None:
    """The year of a date given without one: the latest such date not after publication (news looks back)."""
    if published is None:
        return None
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=31):
            year -= 1
    except ValueError:
        return None
    return year


def _resolve(kind: str, m: re.Match[str], published: dt.date | None) -> str | None:
    g = m.groupdict()
    if kind in ("between_years", "year_range"):
        return f"{g['y1']}/{g['y2']}"
    if kind == "since":
        if g.get("mon"):
            return f"{g['year']}-{_month(g['mon']):02d}/.."
        return f"{g['year']}/.."
    if kind == "day_range":
        mon = _month(g["mon"])
        year = int(g["year"]) if g.get("year") else _past_year(mon, int(g["d1"]), published)
        if year is None:
            return None
        return f"{year}-{mon:02d}-{int(g['d1']):02d}/{year}-{mon:02d}-{int(g['d2']):02d}"
    if kind in ("mdy", "dmy"):
        mon, day = _month(g["mon"]), int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else _past_year(mon, day, published)
        if year is None:
            return None
        try:
            return dt.date(year, mon, day).isoformat()
        except ValueError:
            return None
    if kind == "month_year":
        return f"{g['year']}-{_month(g['mon']):02d}"
    if kind == "season":
        lo, hi = SEASONS[g["season"].lower()]
        y = int(g["year"])
        return f"{y}-{lo:02d}/{y + (1 if hi < lo else 0)}-{hi:02d}"
    if kind == "fiscal":
        fy = g["fy"]
        return fy if len(fy) == 4 else f"20{fy}"
    if kind == "year":
        return g["year"]
    if published is None:
        return None
    if kind == "relative":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        shift = -1 if rel.startswith(("last", "late last", "earlier last")) else (1 if rel == "next" else 0)
        if unit == "week":
            d = published + dt.timedelta(weeks=shift)
            iso = d.isocalendar()
            return f"{iso.year}-W{iso.week:02d}"
        if unit == "month":
            y, mth = published.year, published.month + shift
            if mth < 1:
                y, mth = y - 1, 12
            elif mth > 12:
                y, mth = y + 1, 1
            return f"{y}-{mth:02d}"
        if unit == "year":
            return str(published.year + shift)
        if unit in SEASONS:
            lo, hi = SEASONS[unit]
            y = published.year + shift
            return f"{y}-{lo:02d}/{y + (1 if hi < lo else 0)}-{hi:02d}"
        mon = _month(unit)
        y = published.year + shift if rel != "this" else published.year
        if rel == "last" and mon < published.month:
            y = published.year
        return f"{y}-{mon:02d}"
    if kind == "ago":
        return _dateparser(m.group(0), published)
    if kind == "day_word":
        word = g["word"].lower()
        if word == "today":
            return published.isoformat()
        if word == "yesterday":
            return (published - dt.timedelta(days=1)).isoformat()
        wd = WEEKDAYS[word.split()[-1]]
        back = (published.weekday() - wd) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    return None


def _dateparser(expr: str, published: dt.date) -> str | None:
    import dateparser  # slow to import; only relative expressions need it

    base = dt.datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(expr, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
    if parsed is None:
        return None
    unit = expr.split()[-2].lower()
    if unit.startswith("year"):
        return str(parsed.year)
    if unit.startswith("month"):
        return f"{parsed.year}-{parsed.month:02d}"
    return parsed.date().isoformat()


_ANY_DATE = re.compile(r"\d|yesterday|today|\bago\b|\b(?:last|this|next)\s|earlier|later|day\b|spring|summer|autumn|fall\b|winter", re.I)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Date expressions in `text`, left to right, not overlapping (earlier patterns win)."""
    if not _ANY_DATE.search(text):
        return []  # no digit and no relative word: no pattern below can match
    taken: list[tuple[int, int]] = []
    out = []
    worth = _worth_trying(text)
    for kind, pattern in _PATTERNS:
        if not worth[kind]:
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            out.append(DateMention(s, e, m.group(0), _resolve(kind, m, published)))
    out.sort(key=lambda d: d.start)
    return out
