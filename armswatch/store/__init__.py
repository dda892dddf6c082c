"""The store: one interface (base.py), SQLite and PostgreSQL behind it (sql.py); SQL lives only here.

Usage: `store = open_store("armswatch.db")` (or a postgresql:// URL), then
`store.upgrade()` to create or migrate the schema, `store.write_batch(Batch(
documents, claims, skipped))` to write, `store.events(EventFilter(supplier="IRN"))`
to read.
"""

from __future__ import annotations

from armswatch.store.base import (
    Alert,
    AlertFilter,
    Batch,
    BatchResult,
    ClaimFilter,
    Counts,
    DocumentRecord,
    Dyad,
    EventFilter,
    FeedItemMark,
    FeedState,
    NewAlert,
    Review,
    Store,
    StoredClaim,
    WatchRule,
)
from armswatch.store.sql import SqlStore, open_store
from armswatch.store.write import UnknownTarget

__all__ = [
    "Alert",
    "AlertFilter",
    "Batch",
    "BatchResult",
    "ClaimFilter",
    "Counts",
    "DocumentRecord",
    "Dyad",
    "EventFilter",
    "FeedItemMark",
    "FeedState",
    "NewAlert",
    "Review",
    "SqlStore",
    "Store",
    "StoredClaim",
    "UnknownTarget",
    "WatchRule",
    "open_store",
]
