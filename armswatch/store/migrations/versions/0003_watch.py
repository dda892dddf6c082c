"""Watch mode: feeds polled and their validators, items seen, watchlist rules, alerts (once per rule and event), acks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SeqKey = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")
Id = sa.String(64)
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "watch_feeds",
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("next_poll", When),
        sa.Column("last_poll", When),
        sa.Column("last_success", When),
        sa.Column("last_error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("items_day", sa.Date),
        sa.Column("items_today", sa.Integer, nullable=False),
        sa.Column("items_total", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("url", name="pk_watch_feeds"),
    )
    op.create_table(
        "watch_items",
        sa.Column("feed_url", sa.Text, nullable=False),
        sa.Column("item_key", sa.String(32), nullable=False),
        sa.Column("link", sa.Text),
        sa.Column("doc_id", Id),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("first_seen", When, nullable=False),
        sa.Column("updated", When, nullable=False),
        sa.PrimaryKeyConstraint("feed_url", "item_key", name="pk_watch_items"),
    )
    op.create_index("ix_watch_items_state", "watch_items", ["state"])
    op.create_table(
        "watch_rules",
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("spec", Json, nullable=False),
        sa.Column("created", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_watch_rules"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", SeqKey, autoincrement=True),
        sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("event_id", Id, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("detail", Json, nullable=False),
        sa.Column("created", When, nullable=False),
        sa.Column("delivered", When),
        sa.Column("delivery_error", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("rule_id", "event_id", name="uq_alerts_rule_id_event_id"),
    )
    op.create_index("ix_alerts_created", "alerts", ["created"])
    op.create_table(
        "alert_acks",
        sa.Column("alert_id", SeqKey, nullable=False),
        sa.Column("who", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("at", When, nullable=False),
        sa.PrimaryKeyConstraint("alert_id", name="pk_alert_acks"),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name="fk_alert_acks_alert_id_alerts"),
    )


def downgrade() -> None:
    for table in ("alert_acks", "alerts", "watch_rules", "watch_items", "watch_feeds"):
        op.drop_table(table)
