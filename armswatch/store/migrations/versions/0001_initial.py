"""The first schema: documents, outlets, claims, events and their links, bands, ingest log, reviews, sources done, FTS.

The tables are written out here rather than taken from schema.py, so this
revision keeps meaning what it meant once schema.py moves on.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SeqKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")
Id = sa.String(64)

# SQLite: external-content FTS5 over claims.text, rowid = claims.seq (an INTEGER PRIMARY KEY, stable
# across VACUUM), kept in step by triggers, so no code path can forget it.
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='claims', content_rowid='seq', tokenize='porter unicode61')",
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN INSERT INTO claims_fts(rowid, text) VALUES (new.seq, new.text); END",
    "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.seq, old.text); END",
    "CREATE TRIGGER claims_fts_au AFTER UPDATE OF text ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, text) VALUES ('delete', old.seq, old.text); "
    "INSERT INTO claims_fts(rowid, text) VALUES (new.seq, new.text); END",
)
# PostgreSQL: an expression index; queries use the same expression (store/dialect.py) so the planner finds it.
PG_FTS = ("CREATE INDEX ix_claims_text_fts ON claims USING gin (to_tsvector('english', text))",)


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("domain", sa.Text),
        sa.Column("kind", sa.Text),
        sa.Column("state", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
    )
    op.create_table(
        "documents",
        sa.Column("seq", SeqKey, autoincrement=True),
        sa.Column("id", Id, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("outlet_id", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("original", Id),
        sa.Column("skip_reason", sa.Text),
        sa.Column("extractor_version", sa.Text, nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("seq", name="pk_documents"),
        sa.UniqueConstraint("id", name="uq_documents_id"),
        sa.ForeignKeyConstraint(["outlet_id"], ["outlets.id"], name="fk_documents_outlet_id_outlets"),
    )
    op.create_table(
        "doc_bands",
        sa.Column("band", sa.Text, nullable=False),
        sa.Column("doc_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("band", "doc_id", name="pk_doc_bands"),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], name="fk_doc_bands_doc_id_documents"),
    )
    op.create_table(
        "claims",
        sa.Column("seq", SeqKey, autoincrement=True),
        sa.Column("id", Id, nullable=False),
        sa.Column("doc_id", Id, nullable=False),
        sa.Column("doc_label", sa.Text, nullable=False),
        sa.Column("sentence", sa.Integer, nullable=False),
        sa.Column("sent_start", sa.Integer, nullable=False),
        sa.Column("sent_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("spans", Json, nullable=False),
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
        sa.Column("extractor_version", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("outlet", sa.Text),
        sa.Column("original_doc", Id, nullable=False),
        sa.Column("outlet_kind", sa.Text),
        sa.Column("outlet_state", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("group_key", sa.Text, nullable=False),
        sa.Column("event_id", Id),
        sa.PrimaryKeyConstraint("seq", name="pk_claims"),
        sa.UniqueConstraint("id", name="uq_claims_id"),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], name="fk_claims_doc_id_documents"),
    )
    op.create_index("ix_claims_doc_id", "claims", ["doc_id"])
    op.create_index("ix_claims_group_key", "claims", ["group_key"])
    op.create_index("ix_claims_event_id_stance", "claims", ["event_id", "stance"])
    op.create_table(
        "events",
        sa.Column("id", Id, nullable=False),
        sa.Column("group_key", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("supplier", sa.Text),
        sa.Column("recipient", sa.Text),
        sa.Column("by_party", sa.Text),
        sa.Column("system", sa.Text),
        sa.Column("category", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date),
        sa.Column("date_from", sa.Date),
        sa.Column("date_to", sa.Date),
        sa.Column("outlets", sa.Integer, nullable=False),
        sa.Column("corroboration", sa.Float, nullable=False),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("stances", Json, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    for column in ("group_key", "system", "year", "last_seen", "date_from", "date_to"):
        op.create_index(f"ix_events_{column}", "events", [column])
    for column in ("type", "supplier", "recipient", "contested"):  # filter and default order in one index walk
        op.create_index(f"ix_events_{column}_last_seen", "events", [column, "last_seen"])
    op.create_table(
        "event_claims",
        sa.Column("event_id", Id, nullable=False),
        sa.Column("claim_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("event_id", "claim_id", name="pk_event_claims"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_claims_event_id_events"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_event_claims_claim_id_claims"),
    )
    op.create_index("ix_event_claims_claim_id", "event_claims", ["claim_id"])
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("stage", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_log"),
    )
    op.create_index("ix_ingest_log_reason", "ingest_log", ["reason"])
    op.create_table(
        "reviews",
        sa.Column("id", SeqKey, autoincrement=True),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("target_id", Id, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
    )
    op.create_index("ix_reviews_target_id", "reviews", ["target_id"])
    op.create_table(
        "sources_done",
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", name="pk_sources_done"),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else PG_FTS if dialect == "postgresql" else ():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("claims_fts_ai", "claims_fts_ad", "claims_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
    for table in ("sources_done", "reviews", "ingest_log", "event_claims", "events", "claims", "doc_bands", "documents", "outlets"):
        op.drop_table(table)
