"""Typed dependencies of the routes: the settings, the store, the filters of a query, the analyst behind a write.

Routes declare what they need (`store: StoreDep`, `f: EventFilterDep`,
`who: AnalystDep`) and FastAPI builds it per request; the store itself is
opened once by the app's lifespan and closed when the server stops.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from armswatch.model import Category, EventType, Stance
from armswatch.serve.schemas import EventOrder
from armswatch.serve.security import token_hash
from armswatch.store.base import ClaimFilter, EventFilter, Store

MAX_LIMIT = 1000
MAX_COUNT = 1_000_000_000  # bounds integer filters: the databases' integers are 64-bit, Python's are not


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """How the dashboard is served: `armswatch serve` flags."""

    host: str = "127.0.0.1"
    port: int = 8000
    read_only: bool = False  # refuse every write: for a public deployment
    cors_origins: tuple[str, ...] = ()  # none: cross-origin scripts get no access


def get_settings(request: Request) -> ServeSettings:
    settings: ServeSettings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


SettingsDep = Annotated[ServeSettings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]


def _blank(value: str | None) -> str | None:
    """An empty form field means no filter."""
    return value.strip() if value and value.strip() else None


def _names(value: str | None, allowed: set[str], what: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in (value or "").split(",") if v.strip())
    wrong = [n for n in names if n not in allowed]
    if wrong:
        raise HTTPException(422, f"{what} {', '.join(wrong)}: give one or more of {', '.join(sorted(allowed))}, comma-separated")
    return names


def _date(value: str | None, what: str, end: bool) -> dt.date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; a year or month stands for its first day (since) or its last (until)."""
    value = _blank(value)
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    try:
        if m is None:
            raise ValueError
        year, month, day = int(m[1]), m[2], m[3]
        if day is not None:
            return dt.date(year, int(month), int(day))
        if month is not None:
            return dt.date(year, int(month), calendar.monthrange(year, int(month))[1] if end else 1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise HTTPException(422, f"{what} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD") from None


def event_filter(
    supplier: Annotated[str | None, Query(description="Supplier: ISO3 code or group id, e.g. IRN or Houthis.")] = None,
    recipient: Annotated[str | None, Query(description="Recipient: ISO3 code or group id.")] = None,
    actor: Annotated[str | None, Query(description="Either side.")] = None,
    type: Annotated[
        str | None, Query(description="Types, comma-separated: offer,interest,request,agreement,order,transfer,production,use,sanction.")
    ] = None,
    stance: Annotated[
        str | None, Query(description="Events with a claim of these stances, comma-separated: asserted,claimed,planned,negated,denied.")
    ] = None,
    system: Annotated[str | None, Query(description="Catalog system name, e.g. Shahed-136.")] = None,
    category: Annotated[str | None, Query(description="drone, drone_technology, missile or other.")] = None,
    since: Annotated[
        str | None, Query(description="From this date (YYYY, YYYY-MM or YYYY-MM-DD), on the event date, else publication.")
    ] = None,
    until: Annotated[str | None, Query(description="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    contested: Annotated[bool | None, Query(description="true: only contested events; false: only uncontested.")] = None,
    min_outlets: Annotated[int, Query(ge=0, le=MAX_COUNT, description="At least this many independent outlets.")] = 0,
    q: Annotated[str | None, Query(description="Full-text search over the evidence sentences.")] = None,
    include_unreviewed: Annotated[bool, Query(description="false: only events an analyst confirmed.")] = True,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_COUNT, description="Events to skip.")] = 0,
    order: Annotated[EventOrder, Query(description="Newest first by this column.")] = "last_seen",
) -> EventFilter:
    if _blank(category) is not None and category not in {c.value for c in Category}:
        raise HTTPException(422, f"category {category!r}: give one of {', '.join(c.value for c in Category)}")
    return EventFilter(
        supplier=_blank(supplier),
        recipient=_blank(recipient),
        actor=_blank(actor),
        types=_names(type, {t.value for t in EventType}, "type"),
        stances=_names(stance, {s.value for s in Stance}, "stance"),
        system=_blank(system),
        category=_blank(category),
        since=_date(since, "since", end=False),
        until=_date(until, "until", end=True),
        contested=contested,
        min_outlets=min_outlets,
        text=_blank(q),
        include_unreviewed=include_unreviewed,
        limit=limit,
        offset=offset,
        order=order,
    )


def claim_filter(
    event: Annotated[str | None, Query(description="The claims of this event.")] = None,
    doc_id: Annotated[str | None, Query(description="The claims of this document.")] = None,
    supplier: Annotated[str | None, Query()] = None,
    recipient: Annotated[str | None, Query()] = None,
    type: Annotated[str | None, Query(description="Types, comma-separated.")] = None,
    stance: Annotated[str | None, Query(description="Stances, comma-separated.")] = None,
    system: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(description="Full-text search over the evidence sentences.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_COUNT)] = 0,
) -> ClaimFilter:
    return ClaimFilter(
        event=_blank(event),
        doc_id=_blank(doc_id),
        supplier=_blank(supplier),
        recipient=_blank(recipient),
        types=_names(type, {t.value for t in EventType}, "type"),
        stances=_names(stance, {s.value for s in Stance}, "stance"),
        system=_blank(system),
        text=_blank(q),
        limit=limit,
        offset=offset,
    )


EventFilterDep = Annotated[EventFilter, Depends(event_filter)]
ClaimFilterDep = Annotated[ClaimFilter, Depends(claim_filter)]

_bearer = HTTPBearer(auto_error=False, description="An analyst token from `armswatch token create NAME`.")


def analyst(store: StoreDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    """The name of the analyst whose token came with the request; 401 without a valid one."""
    if credentials is None or not credentials.credentials:
        raise HTTPException(
            401,
            "an analyst token is needed: send `Authorization: Bearer TOKEN` (armswatch token create NAME)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    name = store.token_name(token_hash(credentials.credentials))
    if name is None:
        raise HTTPException(
            401,
            "this token is not known to the store; create one with `armswatch token create NAME`",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return name


def writable(settings: SettingsDep) -> None:
    """Refuse writes on a read-only deployment, before any token is looked at."""
    if settings.read_only:
        raise HTTPException(403, "this dashboard is read-only (armswatch serve --read-only); writes are refused")


AnalystDep = Annotated[str, Depends(analyst)]
WritableDep = Annotated[None, Depends(writable)]
