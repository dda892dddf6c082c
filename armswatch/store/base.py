"""The one Store interface; SQLite and PostgreSQL implement it (store/sql.py). SQL lives only in store/.

Writes are batches: `write_batch` stores documents, their claims and the
skipped items of one batch in ONE transaction, then re-resolves the events
the batch touches (from all stored claims of those type+dyad groups, so
incremental and from-scratch resolution agree) in the same transaction. A
crash mid-batch leaves the store as it was before the batch; ids are content
hashes and writes are upserts, so running the same input again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from armswatch.model import ClaimRecord, Document, Event, OutletInfo, ReviewStatus, SkippedItem


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A document with what ingest learned of it."""

    document: Document
    outlet: OutletInfo | None
    original: str | None = None  # doc id of the original when this is a syndicated copy or near duplicate
    bands: tuple[str, ...] = ()  # MinHash LSH band hashes (hex), kept in the store for near-duplicate look-ups
    skip_reason: str | None = None  # why it was not extracted (language, size), or None
    extractor_version: str = ""


@dataclass(frozen=True, slots=True)
class Batch:
    documents: Sequence[DocumentRecord] = ()
    claims: Sequence[ClaimRecord] = ()
    skipped: Sequence[SkippedItem] = ()
    source: str = ""  # the shard/source label this batch finishes, for resumable jobs ("" when none)


@dataclass(frozen=True, slots=True)
class BatchResult:
    documents_added: int
    claims_added: int
    events_touched: int


@dataclass(frozen=True, slots=True)
class EventFilter:
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None  # as supplier or recipient
    types: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()  # events with at least one claim of these stances
    system: str | None = None
    category: str | None = None
    since: dt.date | None = None  # on the event date, falling back to publication
    until: dt.date | None = None
    contested: bool | None = None
    min_outlets: int = 0
    text: str | None = None  # full-text search over evidence sentences
    include_unreviewed: bool = True
    limit: int = 100
    offset: int = 0
    order: str = "last_seen"  # last_seen | first_seen | outlets | corroboration


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    event: str | None = None
    doc_id: str | None = None
    supplier: str | None = None
    recipient: str | None = None
    types: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    system: str | None = None
    text: str | None = None
    group_of: str | None = None  # an event id: the claims of its whole type+dyad group (both sides of a contested event)
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Dyad:
    """The events of one (supplier, recipient, type), summed: what the map, the network and the overview draw."""

    supplier: str
    recipient: str
    type: str
    events: int
    outlets: int  # the most independent outlets of any one of its events
    contested: int  # how many of its events are contested
    first_seen: dt.date | None
    last_seen: dt.date | None


@dataclass(frozen=True, slots=True)
class StoredClaim:
    """A claim with its document's place in the world, for listing and export."""

    record: ClaimRecord
    event_id: str | None
    url: str | None
    title: str | None
    outlet_name: str | None


@dataclass(frozen=True, slots=True)
class Review:
    target: str  # "claim" or "event"
    target_id: str
    status: ReviewStatus
    note: str = ""
    who: str = ""
    at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    documents_skipped: int
    claims: int
    events: int
    contested: int
    skipped_by_reason: dict[str, int] = field(default_factory=dict)


# -- watch mode ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the watcher knows of one feed between polls; kept in the store so a restart resumes the schedule."""

    url: str  # a feed URL, or the absolute path of a local feed file
    title: str | None = None
    etag: str | None = None  # validators of the last full read, for a conditional request
    last_modified: str | None = None
    next_poll: dt.datetime | None = None  # None: due now
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_error: str | None = None  # of the last poll; None once a poll succeeds
    failures: int = 0  # in a row
    items_day: dt.date | None = None  # the UTC day items_today counts
    items_today: int = 0
    items_total: int = 0


@dataclass(frozen=True, slots=True)
class FeedItemMark:
    """One feed item the watcher has met: so a restart neither misses it nor reads it twice."""

    feed_url: str
    key: str  # 32 hex: hash of the item's guid, else link, else title and text
    state: str  # "pending" (its document is being written), "done", or "failed" (tried `attempts` times)
    doc_id: str | None = None
    link: str | None = None
    attempts: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class WatchRule:
    """A watchlist rule as stored: its id, kind and fields (armswatch.watch.rules gives them meaning)."""

    id: str
    kind: str
    spec: dict[str, Any]
    created: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class NewAlert:
    """An alert to record; the store keeps one per (rule_id, event_id) however often it is offered."""

    rule_id: str
    event_id: str
    kind: str  # the rule's kind
    change: str  # one line: what changed ("new recipient of IRN: SDN", "stage request -> transfer", "became contested")
    detail: dict[str, Any]  # JSON: the event, the change, the evidence sentences


@dataclass(frozen=True, slots=True)
class Alert:
    """A recorded alert, with its delivery to the sinks and its acknowledgement."""

    id: int
    rule_id: str
    event_id: str
    kind: str
    change: str
    detail: dict[str, Any]
    created: dt.datetime
    delivered: dt.datetime | None = None  # None: not yet handed to the sinks
    delivery_error: str | None = None
    acked: dt.datetime | None = None
    acked_by: str | None = None
    ack_note: str = ""


@dataclass(frozen=True, slots=True)
class AlertFilter:
    acked: bool | None = None  # True: acknowledged only; False: not yet acknowledged
    delivered: bool | None = None
    rule_id: str | None = None
    event_id: str | None = None
    limit: int = 100
    offset: int = 0
    oldest_first: bool = False  # newest first unless asked


class Store(Protocol):
    url: str

    def close(self) -> None: ...

    def upgrade(self) -> None:
        """Create or migrate the schema to the newest revision (Alembic)."""

    # -- writing ---------------------------------------------------------------
    def has_documents(self, doc_ids: Sequence[str]) -> set[str]:
        """Which of these documents are stored already."""

    def near_duplicates(self, bands: Sequence[str]) -> list[str]:
        """Stored documents sharing at least one LSH band hash, oldest first."""

    def band_owners(self, bands: Sequence[str]) -> dict[str, tuple[int, str]]:
        """For each band hash, the first stored document holding it, as (order stored, doc id): one query a batch."""

    def write_batch(self, batch: Batch) -> BatchResult: ...

    def source_done(self, source: str) -> bool:
        """Whether a batch job already finished this source (shard), for resuming."""

    def replace_claims(self, doc_id: str, claims: Sequence[ClaimRecord], extractor_version: str) -> None:
        """Reextraction: the document's claims become these; reviews of claims that remain are kept."""

    def review(self, review: Review) -> None:
        """Record a review (kept with who and when); a rejected claim leaves its event, which is re-resolved."""

    # -- reading ---------------------------------------------------------------
    def documents(self) -> Iterator[DocumentRecord]: ...

    def events(self, f: EventFilter) -> list[Event]: ...

    def event(self, event_id: str) -> Event | None: ...

    def claims(self, f: ClaimFilter) -> list[StoredClaim]: ...

    def reviews(self, target_id: str | None = None) -> list[Review]: ...

    def skipped(self, limit: int = 100) -> list[SkippedItem]: ...

    def counts(self) -> Counts: ...

    def document(self, doc_id: str) -> DocumentRecord | None:
        """One stored document with its full text (the dashboard shows it to analysts only)."""

    def dyads(self, f: EventFilter) -> list[Dyad]:
        """The events that `f` selects (its limit, offset and order aside), summed per (supplier, recipient, type)."""

    def timeline(self, f: EventFilter) -> list[tuple[str, str, int]]:
        """(month "YYYY-MM" of the event date, type, events) for the events `f` selects; undated events left out."""

    # -- analyst tokens ----------------------------------------------------------
    def add_token(self, name: str, token_hash: str) -> None:
        """Keep the sha256 (hex) of a new analyst token under `name`; the token itself is never stored."""

    def token_name(self, token_hash: str) -> str | None:
        """Whose token has this sha256 (hex), or None."""

    def table_digest(self) -> dict[str, str]:
        """A digest of every table's rows, to show that ingesting twice changes nothing."""

    # -- watch mode: feeds and items ------------------------------------------------
    def feed_states(self) -> list[FeedState]:
        """Every feed the watcher has polled, by URL."""

    def feed_state(self, url: str) -> FeedState | None: ...

    def save_feed_state(self, state: FeedState) -> None:
        """Insert or replace the state of `state.url`."""

    def feed_items(self, feed_url: str, keys: Sequence[str]) -> dict[str, FeedItemMark]:
        """The marks of these items of one feed, by key; items never met are absent."""

    def pending_feed_items(self) -> list[FeedItemMark]:
        """Items whose document was being written when a watch stopped: their alerts are still to evaluate."""

    def mark_feed_items(self, marks: Sequence[FeedItemMark], at: dt.datetime) -> None:
        """Insert or replace these marks (first_seen is kept)."""

    # -- watch mode: rules -------------------------------------------------------------
    def watch_rules(self) -> list[WatchRule]: ...

    def save_watch_rule(self, rule: WatchRule) -> None:
        """Insert or replace a watchlist rule."""

    def remove_watch_rule(self, rule_id: str) -> bool:
        """Remove a rule; False when there was none."""

    # -- watch mode: alerts (the dashboard reads these) ------------------------------------
    def add_alerts(self, alerts: Sequence[NewAlert], at: dt.datetime) -> list[Alert]:
        """Record these alerts; returns only those new to the store (one per rule and event, ever)."""

    def alerts(self, f: AlertFilter) -> list[Alert]:
        """Alerts, newest first, with their acknowledgement."""

    def count_alerts(self, f: AlertFilter) -> int:
        """How many alerts `f` selects, its limit and offset aside (e.g. unacknowledged: AlertFilter(acked=False))."""

    def alert(self, alert_id: int) -> Alert | None: ...

    def ack_alert(self, alert_id: int, who: str, note: str, at: dt.datetime) -> Alert:
        """Acknowledge an alert (again: the latest acknowledgement wins); UnknownTarget when there is none."""

    def mark_alerts_delivered(self, alert_ids: Sequence[int], at: dt.datetime, error: str | None = None) -> None:
        """The sinks have had these alerts (`error`: what some sink refused, after its retries)."""
