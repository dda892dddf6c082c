"""SqlStore: the Store of store/base.py over SQLAlchemy Core, for SQLite and PostgreSQL alike.

`open_store(url)` picks the database from the URL (engine.py); the methods
are thin: writing lives in write.py, reading in read.py, the tables in
schema.py, the migrations in migrations/. Reads run in short transactions of
their own, so a reader never holds up a writer for long.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from armswatch.model import ClaimRecord, Event, SkippedItem
from armswatch.store import aggregate, read, watch, write
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
    StoredClaim,
    WatchRule,
)
from armswatch.store.engine import WRITE, create_engine, engine_url

MIGRATIONS = Path(__file__).with_name("migrations")
_UPGRADE_LOCK = 0x61726D7377617463  # "armswatc": serialises concurrent upgrades of one PostgreSQL database


class SqlStore:
    """The one Store implementation; see store/base.py for what each method promises."""

    def __init__(self, url: str) -> None:
        target = engine_url(url)
        self.url = url if target.get_backend_name() == "sqlite" else target.render_as_string(hide_password=True)
        self.dialect = target.get_backend_name()
        self.engine = create_engine(url)

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def upgrade(self, revision: str = "head") -> None:
        """Migrate to the newest revision (or `revision`); a no-op when there already, safe to run from two processes at once."""
        self._migrate(command.upgrade, revision)

    def downgrade(self, revision: str) -> None:
        """Migrate back to `revision` (tests of migrations; a downgrade may drop what later revisions stored)."""
        self._migrate(command.downgrade, revision)

    def _migrate(self, step: Any, revision: str) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})  # SQLite: BEGIN IMMEDIATE
            with conn.begin():
                if self.dialect == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_UPGRADE_LOCK)))
                config.attributes["connection"] = conn
                step(config, revision)

    # -- writing ---------------------------------------------------------------------
    def has_documents(self, doc_ids: Sequence[str]) -> set[str]:
        with self.engine.connect() as conn:
            return read.has_documents(conn, doc_ids)

    def near_duplicates(self, bands: Sequence[str]) -> list[str]:
        with self.engine.connect() as conn:
            return read.near_duplicates(conn, bands)

    def band_owners(self, bands: Sequence[str]) -> dict[str, tuple[int, str]]:
        with self.engine.connect() as conn:
            return read.band_owners(conn, bands)

    def write_batch(self, batch: Batch) -> BatchResult:
        return write.write_batch(self.engine, batch)

    def source_done(self, source: str) -> bool:
        with self.engine.connect() as conn:
            return read.source_done(conn, source)

    def replace_claims(self, doc_id: str, claims: Sequence[ClaimRecord], extractor_version: str) -> None:
        write.replace_claims(self.engine, doc_id, claims, extractor_version)

    def review(self, review: Review) -> None:
        write.review(self.engine, review)

    # -- reading ---------------------------------------------------------------------
    def documents(self) -> Iterator[DocumentRecord]:
        return read.iter_documents(self.engine)

    def events(self, f: EventFilter) -> list[Event]:
        with self.engine.connect() as conn:
            return read.find_events(conn, f)

    def event(self, event_id: str) -> Event | None:
        with self.engine.connect() as conn:
            return read.get_event(conn, event_id)

    def claims(self, f: ClaimFilter) -> list[StoredClaim]:
        with self.engine.connect() as conn:
            return read.find_claims(conn, f)

    def reviews(self, target_id: str | None = None) -> list[Review]:
        with self.engine.connect() as conn:
            return read.find_reviews(conn, target_id)

    def skipped(self, limit: int = 100) -> list[SkippedItem]:
        with self.engine.connect() as conn:
            return read.skipped(conn, limit)

    def counts(self) -> Counts:
        with self.engine.connect() as conn:
            return read.counts(conn)

    def document(self, doc_id: str) -> DocumentRecord | None:
        with self.engine.connect() as conn:
            return read.get_document(conn, doc_id)

    def dyads(self, f: EventFilter) -> list[Dyad]:
        with self.engine.connect() as conn:
            return aggregate.dyads(conn, f)

    def timeline(self, f: EventFilter) -> list[tuple[str, str, int]]:
        with self.engine.connect() as conn:
            return aggregate.timeline(conn, f)

    def add_token(self, name: str, token_hash: str) -> None:
        write.add_token(self.engine, name, token_hash)

    def token_name(self, token_hash: str) -> str | None:
        with self.engine.connect() as conn:
            return read.token_name(conn, token_hash)

    def table_digest(self) -> dict[str, str]:
        with self.engine.connect() as conn, conn.begin():  # one snapshot for all tables
            return read.table_digest(conn)

    # -- watch mode (store/watch.py) ------------------------------------------------------
    def feed_states(self) -> list[FeedState]:
        with self.engine.connect() as conn:
            return watch.feed_states(conn)

    def feed_state(self, url: str) -> FeedState | None:
        with self.engine.connect() as conn:
            return watch.feed_state(conn, url)

    def save_feed_state(self, state: FeedState) -> None:
        watch.save_feed_state(self.engine, state)

    def feed_items(self, feed_url: str, keys: Sequence[str]) -> dict[str, FeedItemMark]:
        with self.engine.connect() as conn:
            return watch.feed_items(conn, feed_url, keys)

    def pending_feed_items(self) -> list[FeedItemMark]:
        with self.engine.connect() as conn:
            return watch.pending_feed_items(conn)

    def mark_feed_items(self, marks: Sequence[FeedItemMark], at: dt.datetime) -> None:
        watch.mark_feed_items(self.engine, marks, at)

    def watch_rules(self) -> list[WatchRule]:
        with self.engine.connect() as conn:
            return watch.watch_rule_list(conn)

    def save_watch_rule(self, rule: WatchRule) -> None:
        watch.save_watch_rule(self.engine, rule, rule.created or dt.datetime.now(dt.UTC))

    def remove_watch_rule(self, rule_id: str) -> bool:
        return watch.remove_watch_rule(self.engine, rule_id)

    def add_alerts(self, alerts: Sequence[NewAlert], at: dt.datetime) -> list[Alert]:
        return watch.add_alerts(self.engine, alerts, at)

    def alerts(self, f: AlertFilter) -> list[Alert]:
        with self.engine.connect() as conn:
            return watch.find_alerts(conn, f)

    def count_alerts(self, f: AlertFilter) -> int:
        with self.engine.connect() as conn:
            return watch.count_alerts(conn, f)

    def alert(self, alert_id: int) -> Alert | None:
        with self.engine.connect() as conn:
            return watch.get_alert(conn, alert_id)

    def ack_alert(self, alert_id: int, who: str, note: str, at: dt.datetime) -> Alert:
        return watch.ack_alert(self.engine, alert_id, who, note, at)

    def mark_alerts_delivered(self, alert_ids: Sequence[int], at: dt.datetime, error: str | None = None) -> None:
        watch.mark_alerts_delivered(self.engine, alert_ids, at, error)


def open_store(url: str) -> SqlStore:
    """The store at `url`: a SQLite path or sqlite:/// URL (the default), or a postgresql:// URL.

    The schema is not touched: call `upgrade()` (`armswatch db upgrade`) first.
    """
    return SqlStore(url)
