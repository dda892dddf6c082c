"""The store: one interface (base.py), SQLite and PostgreSQL behind it (sql.py); SQL lives only here.

Usage: `store = open_store("armswatch.db")` (or a postgresql:// URL), then
`store.upgrade()` to create or migrate the schema, `store.write_batch(Batch(
documents, claims, skipped))` to write, `store.events(EventFilter(supplier="IRN"))`
to read.
"""

from __future__ import annotations

from armswatch.store.base import (
    Batch,
    BatchResult,
    ClaimFilter,
    Counts,
    DocumentRecord,
    Dyad,
    EventFilter,
    Review,
    Store,
    StoredClaim,
)
from armswatch.store.sql import SqlStore, open_store
from armswatch.store.write import UnknownTarget

__all__ = [
    "Batch",
    "BatchResult",
    "ClaimFilter",
    "Counts",
    "DocumentRecord",
    "Dyad",
    "EventFilter",
    "Review",
    "SqlStore",
    "Store",
    "StoredClaim",
    "UnknownTarget",
    "open_store",
]
