"""The dashboard and REST API (`armswatch serve`): FastAPI over the Store, Jinja pages, small plain scripts.

app.py           create_app(store_url, settings): the factory; lifespan opens and closes the store
deps.py          typed dependencies: settings, store, filters, the analyst behind a write
schemas.py       the API's JSON (pydantic), apart from model.py
routes_api.py    /api/...: every view as JSON, reviews, full text for analysts
routes_pages.py  the HTML pages; each has its JSON twin (?format=json or /api)
views.py         events, claims, an event's page, actors, systems: built once for both
graphs.py        map, network, timeline, overview: sums from the store
highlight.py     evidence sentences cut into segments at their spans
security.py      headers (CSP without 'unsafe-inline'), tokens, inert JSON
vendor.py        the npm front-end files and copying them into static/vendor/
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from armswatch.serve.app import create_app
    from armswatch.serve.deps import ServeSettings

__all__ = ["ServeSettings", "create_app"]


def __getattr__(name: str) -> Any:
    """Imported on first use, so `python -m armswatch.serve.vendor` runs without loading FastAPI first."""
    if name == "create_app":
        from armswatch.serve.app import create_app

        return create_app
    if name == "ServeSettings":
        from armswatch.serve.deps import ServeSettings

        return ServeSettings
    raise AttributeError(name)
