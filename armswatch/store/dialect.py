"""What differs between SQLite and PostgreSQL, behind small helpers: upserts and full-text search.

Everything else in store/ is dialect-neutral SQLAlchemy Core. Every value a
user gives reaches the database as a bound parameter; the only SQL text here
is fixed (the FTS table name and the text-search configuration).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from armswatch.store.schema import claims, events

CHUNK = 500  # values per IN (...) list: far below SQLite's bound-parameter limit
RARE = 5_000  # FTS hits up to which events are found from the hits rather than checked one by one
T = TypeVar("T")

_fts = sa.table("claims_fts", sa.column("rowid", sa.Integer))
_english: sa.ColumnElement[str] = sa.literal_column("'english'")  # must match the GIN index expression of the first migration


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for v in values:
        batch.append(v)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    return postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)


def insert_ignore(
    conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]], key: Sequence[str], returning: Sequence[sa.Column[Any]] = ()
) -> list[sa.Row[Any]]:
    """INSERT .. ON CONFLICT (key) DO NOTHING; with `returning`, the rows actually inserted.

    Callers pass rows sorted by key: two PostgreSQL writers inserting the
    same rows in the same order wait for each other instead of deadlocking.
    """
    if not rows:
        return []
    stmt = _insert(conn, table).on_conflict_do_nothing(index_elements=list(key))
    if returning:
        return list(conn.execute(stmt.returning(*returning), list(rows)))
    conn.execute(stmt, list(rows))
    return []


def upsert(
    conn: sa.Connection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    key: Sequence[str],
    update: Sequence[str],
    returning: Sequence[sa.Column[Any]] = (),
) -> list[sa.Row[Any]]:
    """INSERT .. ON CONFLICT (key) DO UPDATE SET the `update` columns to the new values."""
    if not rows:
        return []
    stmt = _insert(conn, table)
    stmt = stmt.on_conflict_do_update(index_elements=list(key), set_={c: stmt.excluded[c] for c in update})
    if returning:
        return list(conn.execute(stmt.returning(*returning), list(rows)))
    conn.execute(stmt, list(rows))
    return []


def fts_terms(text: str) -> list[str]:
    """The words of a search: every one must occur (stemmed) in the evidence sentence."""
    return re.findall(r"\w+", text)


def evidence_matches(conn: sa.Connection, text: str) -> sa.ColumnElement[bool]:
    """A condition on `claims`: its evidence sentence matches the words of `text`.

    SQLite's FTS5 query language would treat quotes, AND, NEAR or a stray
    parenthesis as syntax, so each word is passed as a quoted string;
    PostgreSQL's websearch_to_tsquery accepts any input as is.
    """
    if conn.dialect.name == "postgresql":
        document = sa.func.to_tsvector(_english, claims.c.text)
        return document.bool_op("@@")(sa.func.websearch_to_tsquery(_english, text))
    query = " ".join(f'"{w}"' for w in fts_terms(text))
    hits = sa.select(_fts.c.rowid).where(sa.literal_column("claims_fts").op("MATCH")(query))
    return claims.c.seq.in_(hits)


def events_matching(conn: sa.Connection, text: str) -> sa.ColumnElement[bool]:
    """A condition on `events`: one of its claims' evidence matches `text`.

    On SQLite the best plan depends on how common the words are, which the
    planner cannot know: a rare word is best found through its few FTS hits
    (then their events sorted), a common one by walking events in the
    requested order and checking each until the page is full (taking all hits
    of "drones" first costs seconds at a million claims). A capped probe of
    the FTS index decides. PostgreSQL's planner has statistics for this.
    """
    if conn.dialect.name == "postgresql":
        return events.c.id.in_(sa.select(claims.c.event_id).where(evidence_matches(conn, text)))
    query = " ".join(f'"{w}"' for w in fts_terms(text))
    match = sa.literal_column("claims_fts").op("MATCH")(query)
    hits = list(conn.execute(sa.select(_fts.c.rowid).where(match).limit(RARE + 1)).scalars())
    if len(hits) <= RARE:
        return events.c.id.in_(sa.select(claims.c.event_id).where(claims.c.seq.in_(hits)))
    return sa.exists().where(claims.c.event_id == events.c.id, _fts.c.rowid == claims.c.seq, match)


def month_of(conn: sa.Connection, column: sa.ColumnElement[object]) -> sa.ColumnElement[str]:
    """A date column as its month, "YYYY-MM" (SQLite keeps dates as ISO text; PostgreSQL formats them)."""
    if conn.dialect.name == "postgresql":
        return sa.func.to_char(column, "YYYY-MM")
    return sa.func.substr(column, 1, 7)


def date_conditions(conn: sa.Connection, since: Any, until: Any, walk: bool) -> list[sa.ColumnElement[bool]]:
    """since/until on the event's span: it ends on or after `since` and starts on or before `until`.

    SQLite's planner reaches for the date_to or date_from index, then sorts
    what it finds: right when the range is rare, seconds at a million claims
    when it is not ("since 2010" holds most events). With `walk` (the listing
    is newest first), a capped probe of each index decides: a rare side keeps
    its index; otherwise the columns are wrapped so no date index applies and
    the newest events are walked on (last_seen, date_from, date_to, status),
    checking the span inside the index. PostgreSQL's planner has statistics.
    """
    bounds = [(events.c.date_to, since, "ge"), (events.c.date_from, until, "le")]
    bounds = [(col, value, op) for col, value, op in bounds if value is not None]

    def cond(column: sa.ColumnElement[Any], value: Any, op: str) -> sa.ColumnElement[bool]:
        return column >= value if op == "ge" else column <= value

    if not walk or conn.dialect.name != "sqlite":
        return [cond(col, value, op) for col, value, op in bounds]
    for col, value, op in bounds:
        probe = sa.select(sa.func.count()).select_from(sa.select(events.c.id).where(cond(col, value, op)).limit(RARE + 1).subquery())
        if conn.execute(probe).scalar_one() <= RARE:
            return [cond(col, value, op) for col, value, op in bounds]
    return [cond(sa.func.coalesce(col, None), value, op) for col, value, op in bounds]
