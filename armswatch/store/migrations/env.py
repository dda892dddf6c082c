"""Alembic environment: runs on the connection SqlStore.upgrade() hands over in `config.attributes`.

There is no alembic.ini and no URL here: the store builds the Config in code
(script_location inside the package, so an installed armswatch migrates
itself) and passes an open connection, already inside the transaction that
serialises concurrent upgrades.
"""

from __future__ import annotations

from alembic import context

from armswatch.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through the alembic CLI
    raise RuntimeError("run migrations through armswatch (`armswatch db upgrade`), which passes a connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
