"""Band hashes of the one-permutation MinHash (ingest/dedupe.py), recomputed from the stored text.

Near duplicates are found by a shared band hash, so the bands of stored
documents must be those that new documents get. The earlier scheme (128
independent permutations) cost twice as much per document; this migration
replaces every document's bands, walking the documents in id order a
thousand at a time, so memory stays flat on a large store. Links already
made between copies and their originals (documents.original) stay as they are.

Downgrading recomputes nothing: the older code would then miss near
duplicates between documents stored before and after, so a downgrade
should be followed by re-ingesting.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from armswatch.ingest.dedupe import minhash_bands

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PAGE = 1000


def upgrade() -> None:
    conn = op.get_bind()
    documents = sa.table("documents", sa.column("id", sa.Text), sa.column("text", sa.Text))
    doc_bands = sa.table("doc_bands", sa.column("band", sa.Text), sa.column("doc_id", sa.Text))
    last = ""
    while True:
        page = conn.execute(
            sa.select(documents.c.id, documents.c.text).where(documents.c.id > last).order_by(documents.c.id).limit(PAGE)
        ).all()
        if not page:
            break
        ids = [doc_id for doc_id, _text in page]
        conn.execute(sa.delete(doc_bands).where(doc_bands.c.doc_id.in_(ids)))
        rows = sorted({(band, doc_id) for doc_id, text in page for band in minhash_bands(text or "")})
        conn.execute(sa.insert(doc_bands), [{"band": band, "doc_id": doc_id} for band, doc_id in rows])
        last = ids[-1]


def downgrade() -> None:
    pass
