"""Writing: batches, reextraction and reviews, each in one transaction that also re-resolves its events.

Concurrency. Every write transaction first takes the locks of the type+dyad
groups it may touch, then writes. On SQLite the whole database has one
writer (`BEGIN IMMEDIATE`, see engine.py). On PostgreSQL two writers on
different groups run side by side; two on the same group queue on a
transaction-level advisory lock per group, taken in sorted order before
anything is written, so neither deadlocks and the second resolves the group
from what the first committed: nothing lost, nothing duplicated. Rows are
inserted sorted by key so concurrent inserts of the same documents wait for
each other in one order. A deadlock or serialisation failure the server
reports anyway is retried from the start, which is safe because a failed
transaction leaves nothing behind.

Events. After the claims of a batch are in, the events its claims name
(claims.key_id) are resolved again from ALL their stored, non-rejected
claims, and the contested flag of every event of their type+dyad groups is
checked against the periods of the group's claims that take a side (read
from claims.p_start/p_end, not rebuilt from whole claims): the same result
as resolving the groups from scratch (events.resolve), at a cost that grows
with the events a batch touches rather than with the groups. Events,
event_claims and claims.event_id are brought in line, writing only what
changed. Event reviews are overlaid on resolve's status.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa

from armswatch.errors import ArmswatchError, UsageError
from armswatch.events.contested import AGAINST, FOR, Sides, event_period, side_of
from armswatch.events.keys import event_id
from armswatch.events.periods import Period
from armswatch.events.resolve import group_records, resolve_event
from armswatch.model import ClaimRecord, ReviewStatus, SkippedItem, Stance
from armswatch.store.base import Batch, BatchResult, Review
from armswatch.store.dialect import chunks, insert_ignore, upsert
from armswatch.store.engine import WRITE
from armswatch.store.rows import (
    claim_record,
    claim_row,
    date_span,
    document_row,
    event_row,
    group_key_text,
    lock_key,
    now,
    outlet_row,
    review_row,
    skipped_row,
)
from armswatch.store.schema import claims, doc_bands, documents, event_claims, events, ingest_log, outlets, reviews, sources_done, tokens

T = TypeVar("T")
RETRIES = 8
_RETRY_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure
# Claim columns a reextraction may change for a claim whose id survives; status and event link stay.
_REEXTRACT_UPDATE = tuple(c.name for c in claims.columns if c.name not in ("seq", "id", "status", "event_id"))


class UnknownTarget(ArmswatchError, LookupError):
    """A review names a claim or event the store does not hold."""


@contextmanager
def write_transaction(engine: sa.Engine, groups: Iterable[str] = ()) -> Iterator[sa.Connection]:
    """One write transaction holding the locks of `groups` (see the module docstring)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                for key in sorted({lock_key(g) for g in groups}):
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
            yield conn


def retrying(work: Callable[[], T]) -> T:
    """Run a whole transaction again when the server chose it as a deadlock or serialisation victim."""
    for attempt in range(RETRIES):
        try:
            return work()
        except sa.exc.DBAPIError as exc:
            state = getattr(exc.orig, "sqlstate", None)
            locked = "database is locked" in str(exc.orig)
            if attempt == RETRIES - 1 or not (state in _RETRY_SQLSTATES or locked):
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


# -- batches -------------------------------------------------------------------------


def write_batch(engine: sa.Engine, batch: Batch) -> BatchResult:
    claim_rows = sorted({r.id: claim_row(r) for r in batch.claims}.values(), key=lambda r: r["id"])
    groups = {r["group_key"] for r in claim_rows}

    def work() -> BatchResult:
        with write_transaction(engine, groups) as conn:
            return _write_batch(conn, batch, claim_rows)

    return retrying(work)


def _write_batch(conn: sa.Connection, batch: Batch, claim_rows: list[dict[str, Any]]) -> BatchResult:
    at = now()
    outlet_rows = sorted({d.outlet.id: outlet_row(d.outlet) for d in batch.documents if d.outlet}.values(), key=lambda r: r["id"])
    insert_ignore(conn, outlets, outlet_rows, ["id"])
    doc_rows = sorted({d.document.id: document_row(d) for d in batch.documents}.values(), key=lambda r: r["id"])
    added_docs = insert_ignore(conn, documents, doc_rows, ["id"], returning=[documents.c.id])
    band_rows = sorted({(b, d.document.id) for d in batch.documents for b in d.bands})
    insert_ignore(conn, doc_bands, [{"band": b, "doc_id": i} for b, i in band_rows], ["band", "doc_id"])
    # Documents stored but not extracted are skipped items too, so the ingest log holds every one.
    skipped = [*batch.skipped, *(SkippedItem(d.document.label, d.skip_reason, "extract") for d in batch.documents if d.skip_reason)]
    log_rows = sorted({r["id"]: r for r in (skipped_row(s, at) for s in skipped)}.values(), key=lambda r: r["id"])
    upsert(conn, ingest_log, log_rows, ["id"], update=["at"])
    added = insert_ignore(conn, claims, claim_rows, ["id"], returning=[claims.c.id, claims.c.key_id])
    _restore_claim_reviews(conn, [r.id for r in added])
    touched = resolve_keys(conn, {r.key_id for r in added})
    if batch.source:
        insert_ignore(conn, sources_done, [{"source": batch.source, "at": at}], ["source"])
    return BatchResult(documents_added=len(added_docs), claims_added=len(added), events_touched=touched)


def _restore_claim_reviews(conn: sa.Connection, claim_ids: Sequence[str]) -> None:
    """A claim that comes back (reextraction dropped it, a later one found it again) gets its review back."""
    latest = latest_reviews(conn, "claim", claim_ids)
    stmt = sa.update(claims).where(claims.c.id == sa.bindparam("b_id")).values(status=sa.bindparam("b_status"))
    params = [{"b_id": cid, "b_status": status.value} for cid, status in sorted(latest.items())]
    if params:
        conn.execute(stmt, params)


def latest_reviews(conn: sa.Connection, target: str, ids: Iterable[str]) -> dict[str, ReviewStatus]:
    """The latest review status of each of these claims or events that has one."""
    out: dict[str, ReviewStatus] = {}
    for chunk in chunks(sorted(set(ids))):
        q = (
            sa.select(reviews.c.target_id, reviews.c.status)
            .where(reviews.c.target == target, reviews.c.target_id.in_(chunk))
            .order_by(reviews.c.id)
        )
        for target_id, status in conn.execute(q):
            out[target_id] = ReviewStatus(status)
    return out


# -- event resolution ------------------------------------------------------------------


def overlay(resolved: ReviewStatus, reviewed: ReviewStatus | None) -> ReviewStatus:
    """An analyst's verdict on the event wins; resetting it to unreviewed gives resolve's status back."""
    return resolved if reviewed in (None, ReviewStatus.UNREVIEWED) else reviewed


def resolve_keys(conn: sa.Connection, keys: set[str]) -> int:
    """Resolve again the events these keys name (claims.key_id) from all their stored claims, and the contested
    flag of every event of their type+dyad groups; the number of events touched.

    What resolving the whole groups from scratch gives (events.resolve): an event's fields other than the
    contested flag depend only on its own claims, and the flag on the event's period and the periods of the
    group's claims that take a side, which are read from their columns rather than rebuilt from whole claims.
    """
    if not keys:
        return 0
    rows: list[sa.RowMapping] = []
    old_events: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(keys)):
        rows.extend(conn.execute(sa.select(claims).where(claims.c.key_id.in_(chunk))).mappings())
        old_events.update((r["id"], dict(r)) for r in conn.execute(sa.select(events).where(events.c.id.in_(chunk))).mappings())
    current: dict[str, str | None] = {r["id"]: r["event_id"] for r in rows}
    records = [claim_record(r) for r in rows if r["status"] != ReviewStatus.REJECTED.value]
    by_key = group_records(records)
    group_of = {key: group_key_text(recs[0]) for key, recs in by_key.items()}
    groups = {r["group_key"] for r in rows} | {e["group_key"] for e in old_events.values()}
    sides = _group_sides(conn, groups)
    reviewed = latest_reviews(conn, "event", [event_id(k) for k in by_key])
    target: dict[str, str | None] = dict.fromkeys(current)
    changed_events = []
    for key, recs in by_key.items():
        period = event_period(recs)
        e = resolve_event(key, recs, sides[group_of[key]], period)
        row = event_row(e, group_of[key], date_span(recs), overlay(e.status, reviewed.get(e.id)), period)
        if old_events.get(e.id) != row:
            changed_events.append(row)
        target.update(dict.fromkeys(e.claim_ids, e.id))
    changed_events.sort(key=lambda r: r["id"])
    upsert(conn, events, changed_events, ["id"], update=[c.name for c in events.columns if c.name != "id"])
    _relink(conn, [(cid, current[cid], new) for cid, new in sorted(target.items()) if current[cid] != new])
    gone = sorted(set(old_events) - {event_id(k) for k in by_key})
    for chunk in chunks(gone):
        conn.execute(sa.delete(events).where(events.c.id.in_(chunk)))
    flipped = _reflag(conn, groups, sides, set(old_events) | {event_id(k) for k in by_key})
    return len(changed_events) + len(gone) + flipped


def _group_sides(conn: sa.Connection, groups: set[str]) -> dict[str, Sides]:
    """The periods of each group's kept claims against and for what it reports (events.contested)."""
    periods: dict[str, tuple[list[Period], list[Period]]] = {g: ([], []) for g in groups}
    stances = sorted(s.value for s in (*AGAINST, *FOR))
    for chunk in chunks(sorted(groups)):
        q = sa.select(claims.c.group_key, claims.c.stance, claims.c.p_start, claims.c.p_end).where(
            claims.c.group_key.in_(chunk),
            claims.c.status != ReviewStatus.REJECTED.value,
            claims.c.inferred.is_(False),
            claims.c.stance.in_(stances),
        )
        for group, stance, start, end in conn.execute(q):
            side = side_of(Stance(stance), False)
            periods[group][0 if side == "against" else 1].append(Period(start, end))
    return {g: Sides.of(against, for_) for g, (against, for_) in periods.items()}


def _reflag(conn: sa.Connection, groups: set[str], sides: dict[str, Sides], resolved: set[str]) -> int:
    """Bring the contested flag of the groups' other events in line with the sides; the number changed."""
    flips: list[dict[str, Any]] = []
    for chunk in chunks(sorted(groups)):
        q = sa.select(events.c.id, events.c.group_key, events.c.p_start, events.c.p_end, events.c.contested).where(
            events.c.group_key.in_(chunk)
        )
        for eid, group, start, end, contested in conn.execute(q):
            if eid in resolved:
                continue
            flag = sides[group].contested(Period(start or dt.date.min, end or dt.date.max))
            if flag != contested:
                flips.append({"b_id": eid, "b_flag": flag})
    if flips:
        flips.sort(key=lambda r: r["b_id"])
        conn.execute(sa.update(events).where(events.c.id == sa.bindparam("b_id")).values(contested=sa.bindparam("b_flag")), flips)
    return len(flips)


def _relink(conn: sa.Connection, changes: list[tuple[str, str | None, str | None]]) -> None:
    """Move claims between events: event_claims and claims.event_id, only for the claims that moved."""
    if not changes:
        return
    unlink = [{"b_claim": cid} for cid, old, _new in changes if old is not None]
    if unlink:
        conn.execute(sa.delete(event_claims).where(event_claims.c.claim_id == sa.bindparam("b_claim")), unlink)
    insert_ignore(
        conn, event_claims, [{"event_id": new, "claim_id": cid} for cid, _old, new in changes if new is not None], ["event_id", "claim_id"]
    )
    stmt = sa.update(claims).where(claims.c.id == sa.bindparam("b_claim")).values(event_id=sa.bindparam("b_event"))
    conn.execute(stmt, [{"b_claim": cid, "b_event": new} for cid, _old, new in changes])


# -- reextraction ----------------------------------------------------------------------


def replace_claims(engine: sa.Engine, doc_id: str, records: Sequence[ClaimRecord], extractor_version: str) -> None:
    new_rows = sorted({r.id: claim_row(r) for r in records}.values(), key=lambda r: r["id"])
    with engine.connect() as conn:  # the groups the document's claims are in now, to lock them too
        old_groups = set(conn.execute(sa.select(claims.c.group_key).where(claims.c.doc_id == doc_id).distinct()).scalars())
        conn.rollback()

    def work() -> None:
        with write_transaction(engine, old_groups | {r["group_key"] for r in new_rows}) as conn:
            _replace_claims(conn, doc_id, new_rows, extractor_version)

    retrying(work)


def _replace_claims(conn: sa.Connection, doc_id: str, new_rows: list[dict[str, Any]], extractor_version: str) -> None:
    if conn.execute(sa.select(documents.c.id).where(documents.c.id == doc_id)).first() is None:
        raise UnknownTarget(f"document {doc_id}: not in the store; ingest it first")
    old = {cid: key for cid, key in conn.execute(sa.select(claims.c.id, claims.c.key_id).where(claims.c.doc_id == doc_id))}
    new_ids = {r["id"] for r in new_rows}
    gone = sorted(set(old) - new_ids)
    for chunk in chunks(gone):
        conn.execute(sa.delete(event_claims).where(event_claims.c.claim_id.in_(chunk)))
        conn.execute(sa.delete(claims).where(claims.c.id.in_(chunk)))
    for row in new_rows:
        row["extractor_version"] = extractor_version
    upsert(conn, claims, new_rows, ["id"], update=_REEXTRACT_UPDATE)
    _restore_claim_reviews(conn, sorted(new_ids - set(old)))
    conn.execute(sa.update(documents).where(documents.c.id == doc_id).values(extractor_version=extractor_version))
    resolve_keys(conn, set(old.values()) | {r["key_id"] for r in new_rows})


# -- reviews -------------------------------------------------------------------------------


def review(engine: sa.Engine, rev: Review) -> None:
    if rev.target not in ("claim", "event"):
        raise UsageError(f"review target {rev.target!r}: give 'claim' or 'event'")
    table = claims if rev.target == "claim" else events
    key_column = claims.c.key_id if rev.target == "claim" else events.c.id
    with engine.connect() as conn:
        found = conn.execute(sa.select(table.c.group_key, key_column).where(table.c.id == rev.target_id)).first()
        conn.rollback()
    if found is None:
        raise UnknownTarget(f"{rev.target} {rev.target_id}: not in the store; list ids with `armswatch {rev.target}s`")

    group, key = found

    def work() -> None:
        with write_transaction(engine, [group]) as conn:
            conn.execute(sa.insert(reviews).values(**review_row(rev)))
            if rev.target == "claim":
                conn.execute(sa.update(claims).where(claims.c.id == rev.target_id).values(status=rev.status.value))
            # Rejecting or restoring a claim moves it; confirming one or reviewing the event changes a status.
            resolve_keys(conn, {key})

    retrying(work)


# -- analyst tokens ----------------------------------------------------------------------


def add_token(engine: sa.Engine, name: str, token_hash: str) -> None:
    if not name.strip():
        raise UsageError("a token needs a name: who the reviews made with it are recorded as")
    if len(token_hash) != 64 or any(c not in "0123456789abcdef" for c in token_hash):
        raise UsageError("a token is stored as the lower-case hex sha256 of the token, 64 characters")
    with write_transaction(engine) as conn:
        insert_ignore(conn, tokens, [{"hash": token_hash, "name": name.strip(), "created": now()}], ["hash"])
