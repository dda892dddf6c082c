"""armswatch: news text in, sourced arms-transfer claims out.

>>> import armswatch
>>> claims = armswatch.extract("Iran has supplied drones to Russia.")
>>> [(c.type.value, c.supplier, c.recipient) for c in claims]
[('transfer', 'IRN', 'RUS')]
"""

from __future__ import annotations

import datetime as dt
import functools

from armswatch.model import Category, Claim, Document, Event, EventType, Evidence, Stance

__all__ = ["Category", "Claim", "Document", "Event", "EventType", "Evidence", "Stance", "__version__", "extract"]
__version__ = "0.1.0"


@functools.cache
def _extractor() -> object:
    from armswatch.claims import Extractor

    return Extractor()


def extract(text: str, published: dt.date | str | None = None, label: str = "text") -> list[Claim]:
    """Claims in one text, with evidence pointing into it. No store is involved."""
    from armswatch.claims import Extractor
    from armswatch.ingest import make_document

    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    extractor = _extractor()
    assert isinstance(extractor, Extractor)
    return extractor.extract(make_document(text, label, published=published))
