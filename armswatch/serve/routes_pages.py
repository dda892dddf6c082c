"""The dashboard's HTML pages, each the rendering of one API model; `?format=json` returns that model (STYLE.md 10).

Jinja autoescapes every value; the templates hold no inline script or style
(the CSP forbids both), and the interactive views (map, network, timeline)
are shells whose own small scripts fetch the /api twin with the page's filters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from armswatch import __version__
from armswatch.serve import graphs, views
from armswatch.serve.deps import EventFilterDep, StoreDep
from armswatch.serve.security import SafeJSONResponse
from armswatch.serve.vendor import ready

router = APIRouter(include_in_schema=False)
Format = Annotated[Literal["html", "json"], Query(description="json: this page's data, the same as its /api twin.")]
NAV = (
    ("/", "Overview"),
    ("/map", "Map"),
    ("/network", "Network"),
    ("/timeline", "Timeline"),
    ("/events", "Events"),
    ("/reviews", "Reviews"),
    ("/alerts", "Alerts"),
)
FILTERED = ("/map", "/network", "/timeline", "/events")  # views that share the filter bar


def _query(params: Any, **changes: Any) -> str:
    """The query string of `params` with `changes` applied (None removes a key); format is never carried."""
    merged = {k: v for k, v in dict(params).items() if k != "format"}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return urlencode({k: v for k, v in merged.items() if v not in ("", None)})


_env = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=select_autoescape(default=True, default_for_string=True)
)
_env.globals.update(
    nav=NAV,
    filtered=FILTERED,
    version=__version__,
    query=_query,
    types=views.TYPES,
    stances=("asserted", "claimed", "planned", "negated", "denied"),
    categories=("drone", "drone_technology", "missile", "other"),
)
templates = Jinja2Templates(env=_env)


def page(request: Request, fmt: str, template: str, model: BaseModel | None, **context: Any) -> Response:
    """The page, or with ?format=json the model it renders."""
    if fmt == "json":
        if model is None:
            raise HTTPException(404, "this page has no JSON of its own")
        return SafeJSONResponse(model.model_dump(mode="json"))
    json_url = request.url.path + "?" + _query(request.query_params, format="json")
    settings = request.app.state.settings
    return templates.TemplateResponse(
        request,
        template,
        {
            "model": model,
            "json_url": json_url,
            "vendor_ready": ready(),
            "read_only": settings.read_only,
            "params": request.query_params,
            "path": request.url.path,
            **context,
        },
    )


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, store: StoreDep, format: Format = "html") -> Response:
    return page(request, format, "overview.html", graphs.overview(store), title="Overview")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep, f: EventFilterDep, format: Format = "html") -> Response:
    if format == "json":
        return page(request, format, "map.html", graphs.map_view(store, f))
    return _shell(request, "map.html", "Map", f)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, store: StoreDep, f: EventFilterDep, format: Format = "html") -> Response:
    if format == "json":
        return page(request, format, "network.html", graphs.network_view(store, f))
    return _shell(request, "network.html", "Network", f)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, store: StoreDep, f: EventFilterDep, format: Format = "html") -> Response:
    if format == "json":
        return page(request, format, "timeline.html", graphs.timeline_view(store, f))
    return _shell(request, "timeline.html", "Timeline", f)


def _shell(request: Request, template: str, title: str, f: Any) -> Response:
    """An interactive view: the page holds the filter bar and a container; its script fetches the /api twin."""
    return page(request, "html", template, None, title=title, filters=f)


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, store: StoreDep, f: EventFilterDep, format: Format = "html") -> Response:
    return page(request, format, "events.html", views.list_events(store, f), title="Events", filters=f)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: StoreDep, event_id: str, format: Format = "html") -> Response:
    found = views.event_detail(store, event_id)
    if found is None:
        raise HTTPException(404, f"event {event_id}: not in the store")
    e = found.event
    title = f"{e.type}: {e.supplier_name or e.supplier or '?'} → {e.recipient_name or e.recipient or e.by or '?'}"
    return page(request, format, "event.html", found, title=title)


@router.get("/actors/{actor}", response_class=HTMLResponse)
def actor_page(request: Request, store: StoreDep, actor: str, format: Format = "html") -> Response:
    found = views.actor_view(store, actor)
    if found is None:
        raise HTTPException(404, f"actor {actor}: neither in the catalog nor in any event")
    return page(request, format, "actor.html", found, title=found.name)


@router.get("/systems/{name}", response_class=HTMLResponse)
def system_page(request: Request, store: StoreDep, name: str, format: Format = "html") -> Response:
    found = views.system_view(store, name)
    if found is None:
        raise HTTPException(404, f"system {name}: not in the catalog")
    return page(request, format, "system.html", found, title=found.name)


@router.get("/reviews", response_class=HTMLResponse)
def reviews_page(request: Request, store: StoreDep, target_id: str | None = None, format: Format = "html") -> Response:
    return page(request, format, "reviews.html", views.review_log(store, target_id or None), title="Reviews")


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> Response:
    """Swagger UI from the vendored swagger-ui-dist (no CDN), started by our own script (no inline code)."""
    return page(request, "html", "docs.html", None, title="API")


def error_page(request: Request, status: int, detail: str) -> Response:
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "model": None,
            "status": status,
            "detail": detail,
            "title": f"{status}",
            "json_url": None,
            "vendor_ready": ready(),
            "read_only": request.app.state.settings.read_only,
            "params": {},
            "path": request.url.path,
        },
        status_code=status,
    )
