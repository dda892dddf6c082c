"""Which database a store URL names, and an engine set up for how armswatch writes to it.

SQLite (the default, one file): WAL so readers never block the writer,
`busy_timeout` so a second process waits for the lock instead of failing,
`synchronous=NORMAL` (in WAL a kill -9 loses no committed transaction), foreign
keys on, and the driver's own transaction handling off so that a write
transaction can start with `BEGIN IMMEDIATE`: taking the write lock up front
means two writers queue at BEGIN instead of deadlocking on a lock upgrade.

PostgreSQL: any postgres:// or postgresql:// URL, mapped to the psycopg 3
driver. Query parameters pass through to libpq, so
`?options=-csearch_path%3Dmyschema` selects a schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

from armswatch.errors import UsageError

BUSY_TIMEOUT_MS = 60_000
WRITE = "armswatch_write"  # execution option: this connection's transaction writes


def engine_url(url: str) -> sa.URL:
    """The SQLAlchemy URL for a store URL or a plain path ("armswatch.db")."""
    if "://" not in url:
        return sa.URL.create("sqlite", database=url)
    scheme = url.split("://", 1)[0]
    if scheme in ("postgres", "postgresql") or scheme.startswith("postgresql+"):
        return sa.make_url("postgresql+psycopg://" + url.split("://", 1)[1])
    if scheme == "sqlite" or scheme.startswith("sqlite+"):
        return sa.make_url(url).set(drivername="sqlite")
    raise UsageError(f"{url}: not a store URL; give a SQLite path (armswatch.db) or a postgresql:// URL")


def create_engine(url: str) -> sa.Engine:
    target = engine_url(url)
    if target.get_backend_name() == "sqlite":
        return _sqlite_engine(target)
    return sa.create_engine(target, pool_pre_ping=True)


def _sqlite_engine(target: sa.URL) -> sa.Engine:
    memory = target.database in (None, "", ":memory:")
    if not memory and target.database:
        Path(target.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict[str, Any] = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}} if memory else {}
    engine = sa.create_engine(target, **kwargs)

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    return engine
