"""The store's tables, as SQLAlchemy Core metadata shared by SQLite and PostgreSQL.

The tables are the store's own shape, not the public JSON (STYLE.md 8):
columns are flat where a query filters on them and JSON where a value is
only carried (evidence spans, a deal value, an event's stance counts).

Two surrogate integer keys exist only for the engines' sake: `documents.seq`
and `claims.seq` are INTEGER PRIMARY KEYs, so on SQLite they are the rowid,
which an external-content FTS5 table needs as a stable key (VACUUM keeps an
INTEGER PRIMARY KEY, not an implicit rowid), and `documents.seq` orders
documents by age for near-duplicate look-ups. The content-hash ids stay the
keys everything else refers to (unique, referenced by foreign keys).

Full-text search over evidence is not in this metadata because it differs by
dialect; the first migration creates it:
- SQLite: an FTS5 table `claims_fts` over `claims.text` (external content,
  rowid = `claims.seq`, porter stemming), kept in step by triggers;
- PostgreSQL: a GIN index on `to_tsvector('english', claims.text)`.

`group_key` on claims and events is json of events.keys.group_key (type and
dyad, agreement pair sorted): the unit of event resolution and of locking.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# BIGINT on PostgreSQL; exactly INTEGER on SQLite, which makes the column the rowid.
SeqKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")
Id = sa.String(64)  # content hashes: 64 hex for documents, 32 for claims and events

outlets = sa.Table(
    "outlets",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("domain", sa.Text),
    sa.Column("kind", sa.Text),
    sa.Column("state", sa.Text),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("seq", SeqKey, primary_key=True, autoincrement=True),
    sa.Column("id", Id, nullable=False, unique=True),
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),  # Document.outlet as read
    sa.Column("outlet_id", sa.Text, sa.ForeignKey("outlets.id")),  # OutletInfo.id as resolved
    sa.Column("published", sa.Date),
    sa.Column("language", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("original", Id),  # the original's id for a syndicated copy or near duplicate
    sa.Column("skip_reason", sa.Text),
    sa.Column("extractor_version", sa.Text, nullable=False, server_default=""),
)

doc_bands = sa.Table(
    "doc_bands",
    metadata,
    sa.Column("band", sa.Text, primary_key=True),
    sa.Column("doc_id", Id, sa.ForeignKey("documents.id"), primary_key=True),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("seq", SeqKey, primary_key=True, autoincrement=True),
    sa.Column("id", Id, nullable=False, unique=True),
    sa.Column("doc_id", Id, sa.ForeignKey("documents.id"), nullable=False, index=True),
    # evidence
    sa.Column("doc_label", sa.Text, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("sent_start", sa.Integer, nullable=False),
    sa.Column("sent_end", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("spans", Json, nullable=False),
    # the claim
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("supplier", sa.Text),
    sa.Column("recipient", sa.Text),
    sa.Column("target", sa.Text),
    sa.Column("by_party", sa.Text),
    sa.Column("system", sa.Text),
    sa.Column("category", sa.Text),
    sa.Column("stance", sa.Text, nullable=False),
    sa.Column("attributed_to", sa.Text),
    sa.Column("date_iso", sa.Text),
    sa.Column("date_text", sa.Text),
    sa.Column("quantity", sa.BigInteger),
    sa.Column("quantity_text", sa.Text),
    sa.Column("value", Json),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("inferred", sa.Boolean, nullable=False),
    sa.Column("rule_id", sa.Text, nullable=False),
    # the record
    sa.Column("extractor_version", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
    sa.Column("outlet", sa.Text),
    sa.Column("original_doc", Id, nullable=False),
    sa.Column("outlet_kind", sa.Text),
    sa.Column("outlet_state", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("group_key", sa.Text, nullable=False, index=True),
    sa.Column("event_id", Id),
    # Revision 0006: what incremental event resolution reads instead of whole groups (store/write.py):
    # the id of the event the claim's key names (kept or rejected), and the claim's period (events/periods).
    sa.Column("key_id", Id),
    sa.Column("p_start", sa.Date),
    sa.Column("p_end", sa.Date),
    # One index serves "claims of an event" and "events with a claim of this stance".
    sa.Index("ix_claims_event_id_stance", "event_id", "stance"),
    sa.Index("ix_claims_key_id", "key_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", Id, primary_key=True),
    sa.Column("group_key", sa.Text, nullable=False, index=True),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("supplier", sa.Text),
    sa.Column("recipient", sa.Text),
    sa.Column("by_party", sa.Text),
    sa.Column("system", sa.Text, index=True),
    sa.Column("category", sa.Text),
    sa.Column("year", sa.Integer, index=True),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date, index=True),
    # The span of days the event's claims speak of (their dates, else publication), for since/until.
    sa.Column("date_from", sa.Date, index=True),
    sa.Column("date_to", sa.Date, index=True),
    sa.Column("outlets", sa.Integer, nullable=False),
    sa.Column("corroboration", sa.Float, nullable=False),
    sa.Column("contested", sa.Boolean, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # resolve's status overlaid with the latest event review
    sa.Column("stances", Json, nullable=False),
    # Revision 0006: the hull of the claims' periods, against which the group's denials and assertions are checked.
    sa.Column("p_start", sa.Date),
    sa.Column("p_end", sa.Date),
    # Filter and order in one index walk: the newest events of a party, a type or the contested ones
    # come straight off the index instead of being gathered and sorted.
    sa.Index("ix_events_type_last_seen", "type", "last_seen"),
    sa.Index("ix_events_supplier_last_seen", "supplier", "last_seen"),
    sa.Index("ix_events_recipient_last_seen", "recipient", "last_seen"),
    sa.Index("ix_events_contested_last_seen", "contested", "last_seen"),
    # Revision 0004: every sort order of the events table off an index, and date ranges checked inside one.
    sa.Index("ix_events_outlets", "outlets"),
    sa.Index("ix_events_corroboration", "corroboration"),
    sa.Index("ix_events_first_seen", "first_seen"),
    sa.Index("ix_events_last_seen_date_from_date_to_status", "last_seen", "date_from", "date_to", "status"),
)

event_claims = sa.Table(
    "event_claims",
    metadata,
    sa.Column("event_id", Id, sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("claim_id", Id, sa.ForeignKey("claims.id"), primary_key=True, index=True),
)

ingest_log = sa.Table(
    "ingest_log",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # hash of (label, stage, reason): one row per skipped item
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # last time it was skipped
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", SeqKey, primary_key=True, autoincrement=True),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("target_id", Id, nullable=False, index=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

sources_done = sa.Table(
    "sources_done",
    metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

# Analyst tokens for the dashboard's writes (revision 0002): only the sha256 of a token is kept, so a
# copy of the store hands out no working token; `name` is who the reviews made with it are recorded as.
tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("hash", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

# table_digest leaves these out: surrogate keys that depend on insertion order,
# and times that legitimately move when the same input is read again.
DIGEST_EXCLUDED: dict[str, frozenset[str]] = {
    "documents": frozenset({"seq"}),
    "claims": frozenset({"seq"}),
    "ingest_log": frozenset({"at"}),
    "sources_done": frozenset({"at"}),
    "tokens": frozenset({"created"}),
}
# The natural order of each table's rows for table_digest.
DIGEST_ORDER: dict[str, tuple[str, ...]] = {
    "outlets": ("id",),
    "documents": ("id",),
    "doc_bands": ("band", "doc_id"),
    "claims": ("id",),
    "events": ("id",),
    "event_claims": ("event_id", "claim_id"),
    "ingest_log": ("id",),
    "reviews": ("id",),
    "sources_done": ("source",),
    "tokens": ("hash",),
}

# -- watch mode (revision 0003): feeds polled, items seen, watchlist rules, alerts and their acks ------------------
# The poller's whole state lives here, so a watch killed at any point and started again resumes where it was.

watch_feeds = sa.Table(
    "watch_feeds",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # a feed URL, or the absolute path of a local feed file
    sa.Column("title", sa.Text),
    sa.Column("etag", sa.Text),  # validators for the next conditional request
    sa.Column("last_modified", sa.Text),
    sa.Column("next_poll", sa.DateTime(timezone=True)),  # NULL: due now
    sa.Column("last_poll", sa.DateTime(timezone=True)),
    sa.Column("last_success", sa.DateTime(timezone=True)),
    sa.Column("last_error", sa.Text),
    sa.Column("failures", sa.Integer, nullable=False),  # in a row; the backoff grows with them
    sa.Column("items_day", sa.Date),  # the UTC day items_today counts
    sa.Column("items_today", sa.Integer, nullable=False),
    sa.Column("items_total", sa.Integer, nullable=False),
)

watch_items = sa.Table(
    "watch_items",
    metadata,
    sa.Column("feed_url", sa.Text, primary_key=True),
    sa.Column("item_key", sa.String(32), primary_key=True),  # hash of the item's guid (else link, else title and text)
    sa.Column("link", sa.Text),
    sa.Column("doc_id", Id),  # the document it became (set before the document is written)
    # pending: its document is being written, alerts not yet evaluated; done; failed: to try again (attempts)
    sa.Column("state", sa.Text, nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
)

watch_rules = sa.Table(
    "watch_rules",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("spec", Json, nullable=False),  # the rule's fields as in a watchlist TOML file
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", SeqKey, primary_key=True, autoincrement=True),
    sa.Column("rule_id", sa.Text, nullable=False),
    sa.Column("event_id", Id, nullable=False),  # no foreign key: an alert outlives an event that re-resolution merges away
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("change", sa.Text, nullable=False),  # one line: what changed
    sa.Column("detail", Json, nullable=False),  # the event, the stage change, the evidence sentences
    sa.Column("created", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("delivered", sa.DateTime(timezone=True)),  # NULL: not yet handed to the sinks (an outbox)
    sa.Column("delivery_error", sa.Text),
    sa.UniqueConstraint("rule_id", "event_id"),  # an alert fires once per event and rule
)

alert_acks = sa.Table(
    "alert_acks",
    metadata,
    sa.Column("alert_id", SeqKey, sa.ForeignKey("alerts.id"), primary_key=True),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)
