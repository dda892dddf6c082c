"""The FastAPI app factory: `create_app(store_url, settings)` serves the dashboard and the JSON API over one store.

The store is opened by the lifespan (and its schema brought up to date,
unless read-only) and closed when the server stops; routes reach it through
typed dependencies (deps.py). Errors keep their shape: JSON under /api and
for `?format=json`, an HTML page elsewhere.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from armswatch import __version__
from armswatch.errors import UsageError
from armswatch.serve import routes_alerts, routes_api, routes_pages
from armswatch.serve.deps import ServeSettings
from armswatch.serve.security import SafeJSONResponse, SecurityHeaders
from armswatch.store import open_store

STATIC = Path(__file__).with_name("static")


def create_app(store_url: str, settings: ServeSettings | None = None) -> FastAPI:
    """The dashboard and API over the store at `store_url` (a SQLite path or a postgresql:// URL)."""
    settings = settings or ServeSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(store_url)
        if not settings.read_only:
            store.upgrade()
        app.state.store = store
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="armswatch",
        version=__version__,
        summary="Sourced arms-transfer claims and events: the dashboard's JSON API.",
        docs_url=None,  # served by routes_pages from the vendored Swagger UI, not from a CDN
        redoc_url=None,
        lifespan=lifespan,
        default_response_class=SafeJSONResponse,
    )
    app.state.settings = settings
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(routes_api.router)
    app.include_router(routes_alerts.router)
    app.include_router(routes_pages.router)

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api") or request.query_params.get("format") == "json" or request.url.path.startswith("/static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return SafeJSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return routes_pages.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        if wants_json(request):
            return SafeJSONResponse({"detail": detail}, status_code=422)
        return routes_pages.error_page(request, 422, detail)

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> Response:
        if wants_json(request):
            return SafeJSONResponse({"detail": str(exc)}, status_code=422)
        return routes_pages.error_page(request, 422, str(exc))

    return app
