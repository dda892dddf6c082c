"""What incremental event resolution reads: each claim's event key and period, each event's period.

A batch used to re-resolve every type+dyad group it touched from all the
group's stored claims, so the cost of a batch (and the memory it took) grew
with the largest group: on a defence-only feed, from 53 ms to 554 ms a batch.
Now a batch reads only the claims of the events it touches (`claims.key_id`,
the id of the event the claim's merge key names, set for rejected claims
too) and, for the contested flag, the periods of the group's claims that
take a side (`claims.p_start`, `p_end`) and of its events (`events.p_start`,
`p_end`, the hull of their claims' periods); see store/write.py.

The new columns of stored rows are filled here: claims a thousand at a time
(the key and period come from the claim's own columns, as events/ computes
them), then each event's hull from its claims.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from armswatch.events.contested import record_period
from armswatch.events.keys import event_id, event_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

PAGE = 1000
Id = sa.String(64)


def upgrade() -> None:
    op.add_column("claims", sa.Column("key_id", Id))
    op.add_column("claims", sa.Column("p_start", sa.Date))
    op.add_column("claims", sa.Column("p_end", sa.Date))
    op.add_column("events", sa.Column("p_start", sa.Date))
    op.add_column("events", sa.Column("p_end", sa.Date))
    op.create_index("ix_claims_key_id", "claims", ["key_id"])
    _fill_claims()
    events = sa.table("events", sa.column("id", Id), sa.column("p_start", sa.Date), sa.column("p_end", sa.Date))
    claims = sa.table("claims", sa.column("event_id", Id), sa.column("p_start", sa.Date), sa.column("p_end", sa.Date))
    hull = sa.select(sa.func.min(claims.c.p_start)).where(claims.c.event_id == events.c.id).scalar_subquery()
    end = sa.select(sa.func.max(claims.c.p_end)).where(claims.c.event_id == events.c.id).scalar_subquery()
    op.get_bind().execute(sa.update(events).values(p_start=hull, p_end=end))


def _fill_claims() -> None:
    from armswatch.store.rows import claim_record  # the row -> record reading the store itself uses

    conn = op.get_bind()
    # The claim columns as they are at this revision (not schema.py's, which may move on).
    json = sa.JSON().with_variant(JSONB(), "postgresql")
    typed: dict[str, Any] = {
        "seq": sa.BigInteger,
        "sentence": sa.Integer,
        "sent_start": sa.Integer,
        "sent_end": sa.Integer,
        "spans": json,
        "value": json,
        "quantity": sa.BigInteger,
        "confidence": sa.Float,
        "inferred": sa.Boolean,
        "published": sa.Date,
    }
    names = (
        "seq id doc_id doc_label sentence sent_start sent_end text spans type supplier recipient target by_party system "
        "category stance attributed_to date_iso date_text quantity quantity_text value confidence inferred rule_id "
        "extractor_version published outlet original_doc outlet_kind outlet_state status"
    ).split()
    claims = sa.table(
        "claims",
        *(sa.column(n, typed.get(n, sa.Text)) for n in names),
        sa.column("key_id", Id),
        sa.column("p_start", sa.Date),
        sa.column("p_end", sa.Date),
    )
    seq = claims.c.seq
    stmt = (
        sa.update(claims)
        .where(seq == sa.bindparam("b_seq"))
        .values(key_id=sa.bindparam("b_key"), p_start=sa.bindparam("b_start"), p_end=sa.bindparam("b_end"))
    )
    last = 0
    while True:
        page = conn.execute(sa.select(*(claims.c[n] for n in names)).where(seq > last).order_by(seq).limit(PAGE)).mappings().all()
        if not page:
            break
        params = []
        for row in page:
            record = claim_record(row)
            period = record_period(record)
            params.append({"b_seq": row["seq"], "b_key": event_id(event_key(record)), "b_start": period.start, "b_end": period.end})
        conn.execute(stmt, params)
        last = page[-1]["seq"]


def downgrade() -> None:
    op.drop_index("ix_claims_key_id", "claims")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): rebuilding claims would drop its full-text triggers.
    for table, column in (("events", "p_end"), ("events", "p_start"), ("claims", "p_end"), ("claims", "p_start"), ("claims", "key_id")):
        op.drop_column(table, column)
