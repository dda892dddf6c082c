"""The JSON API under /api: every view of the dashboard, the audit log, reviews, full text for analysts.

Reads are open (the dashboard shows evidence sentences and links to the
source); the full text of a document and every write need an analyst token,
and a read-only deployment refuses writes before looking at tokens.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from typing import Annotated, Any

import pycountry
from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from armswatch import __version__
from armswatch.model import ReviewStatus
from armswatch.serve import graphs, views
from armswatch.serve.deps import AnalystDep, ClaimFilterDep, EventFilterDep, SettingsDep, StoreDep, WritableDep
from armswatch.serve.schemas import (
    ActorOut,
    ClaimList,
    DocumentOut,
    EventDetail,
    EventList,
    Health,
    MapOut,
    NetworkOut,
    Overview,
    Problem,
    ReviewIn,
    ReviewLog,
    ReviewOut,
    SystemOut,
    Timeline,
)
from armswatch.serve.vendor import ready
from armswatch.store.base import Review
from armswatch.store.engine import engine_url
from armswatch.store.write import UnknownTarget

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem}}
CSV_COLUMNS = (
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
    "claims",
    "outlets",
    "corroboration",
    "contested",
    "status",
)
EventId = Annotated[str, Path(pattern=r"^[0-9a-f]{8,64}$", description="An event id.")]


@router.get("/health")
def health(store: StoreDep, settings: SettingsDep) -> Health:
    """Liveness, and what this server serves."""
    return Health(
        status="ok", version=__version__, store=engine_url(store.url).get_backend_name(), read_only=settings.read_only, front_end=ready()
    )


@router.get("/overview")
def overview(store: StoreDep) -> Overview:
    """Counts, newest events, new dyads of the last week of reporting, contested events, busiest parties, skipped items."""
    return graphs.overview(store)


@router.get("/events")
def events(store: StoreDep, f: EventFilterDep) -> EventList:
    """Events with every filter of the events table, a page at a time, newest first by `order`."""
    return views.list_events(store, f)


@router.get("/events.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def events_csv(store: StoreDep, f: EventFilterDep) -> Response:
    """The same page of events as CSV: what the table shows, for a spreadsheet."""
    page = views.list_events(store, f)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in page.events:
        row = e.model_dump(mode="json")
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return Response(
        out.getvalue(), media_type="text/csv; charset=utf-8", headers={"Content-Disposition": 'attachment; filename="armswatch-events.csv"'}
    )


def _cell(value: object) -> object:
    """Spreadsheets run cells that start with = + - @ as formulas; document-derived text must not."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


@router.get("/events/{event_id}", responses=NOT_FOUND)
def event(store: StoreDep, event_id: EventId) -> EventDetail:
    """An event with every claim and its evidence, the claims on each side when contested, and its reviews."""
    found = views.event_detail(store, event_id)
    if found is None:
        raise HTTPException(404, f"event {event_id}: not in the store; list events at /api/events")
    return found


@router.get("/claims")
def claims(store: StoreDep, f: ClaimFilterDep) -> ClaimList:
    """Claims with their evidence sentences, newest publication first."""
    return views.list_claims(store, f)


@router.get("/actors/{actor}", responses=NOT_FOUND)
def actor(store: StoreDep, actor: str) -> ActorOut:
    """A state or armed group: its events as supplier and as recipient, its systems, its timeline."""
    found = views.actor_view(store, actor)
    if found is None:
        raise HTTPException(404, f"actor {actor}: neither in the catalog nor in any event; use an ISO3 code or a group id")
    return found


@router.get("/systems/{name}", responses=NOT_FOUND)
def system(store: StoreDep, name: str) -> SystemOut:
    """A weapon system (by name or alias): what the catalog knows, its events, suppliers, recipients, timeline."""
    found = views.system_view(store, name)
    if found is None:
        raise HTTPException(404, f"system {name}: not in the catalog; try its canonical name, e.g. Shahed-136")
    return found


@router.get("/map")
def map_(store: StoreDep, f: EventFilterDep) -> MapOut:
    """One arc per supplier -> recipient between capitals, its furthest stage, events and outlets."""
    return graphs.map_view(store, f)


@router.get("/network")
def network(store: StoreDep, f: EventFilterDep) -> NetworkOut:
    """Parties as nodes (with their number of partners) and one edge per supplier -> recipient and stage."""
    return graphs.network_view(store, f)


@router.get("/timeline")
def timeline(store: StoreDep, f: EventFilterDep) -> Timeline:
    """Events per month of their event date and type."""
    return graphs.timeline_view(store, f)


@functools.cache
def _numeric_to_iso3() -> dict[str, str]:
    return {c.numeric: c.alpha_3 for c in pycountry.countries}


@router.get("/countries")
def countries() -> dict[str, str]:
    """ISO 3166 numeric code -> ISO3, for the map's country shapes (world-atlas ids are numeric)."""
    return _numeric_to_iso3()


@router.get("/reviews")
def reviews(
    store: StoreDep, target_id: Annotated[str | None, Query(description="Only the reviews of this claim or event.")] = None
) -> ReviewLog:
    """The audit log: every review with who made it and when, newest first."""
    return views.review_log(store, target_id)


@router.post("/reviews", status_code=201, responses={401: {"model": Problem}, 403: {"model": Problem}, 404: {"model": Problem}})
def add_review(store: StoreDep, body: ReviewIn, _writable: WritableDep, who: AnalystDep) -> ReviewOut:
    """Confirm, reject or annotate a claim or an event (analyst token). A rejected claim leaves its event."""
    review = Review(body.target, body.target_id, ReviewStatus(body.status), body.note, who, dt.datetime.now(dt.UTC))
    try:
        store.review(review)
    except UnknownTarget as exc:
        raise HTTPException(404, str(exc)) from exc
    return views.review_out(review)


@router.get("/documents/{doc_id}", responses={401: {"model": Problem}, 404: {"model": Problem}})
def document(store: StoreDep, doc_id: str, _who: AnalystDep) -> DocumentOut:
    """A document's full text: for analysts only (readers see evidence sentences and the link to the source)."""
    found = store.document(doc_id)
    if found is None:
        raise HTTPException(404, f"document {doc_id}: not in the store")
    d = found.document
    return DocumentOut(
        id=d.id,
        label=d.label,
        url=views.safe_url(d.url),
        title=d.title,
        outlet=d.outlet,
        published=d.published,
        language=d.language,
        text=d.text,
    )
