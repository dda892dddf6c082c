"""Events and claims as Parquet tables (pyarrow), typed for analysis in pandas, Polars or DuckDB.

Two tables, one row per event and one row per claim:

- a directory path (anything not ending in ``.parquet``; created when
  missing) receives both: ``events.parquet`` and ``claims.parquet``, joined on
  ``claims.event_id = events.id``;
- a path ending in ``.parquet``, or a binary stream, receives ONE file (a
  Parquet file holds one table): the events table with an extra column
  ``claim_records``, the event's claims as a list of structs with the claims
  table's columns. Nothing is lost; a reader flattens it with
  ``pyarrow.compute.list_flatten`` or DuckDB's ``unnest``.

Dates are date32, years and counts integers, missing values null. The
claim's evidence is flattened (doc, doc_id, sentence, start, end, text) with
its spans as a list of (start, end, role) structs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import pyarrow as pa
import pyarrow.parquet as pq

from armswatch.catalog import Catalog
from armswatch.errors import UsageError
from armswatch.exports.common import Output, claims_by_event, is_binary
from armswatch.model import Event

if TYPE_CHECKING:  # the type only: exports never touch the store, the caller passes its data
    from armswatch.store.base import StoredClaim

_STR = pa.string()
SPAN = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("role", _STR)])
STANCE_COUNT = pa.struct([("stance", _STR), ("count", pa.int32())])

EVENTS = pa.schema(
    [
        ("id", _STR),
        ("type", _STR),
        ("supplier", _STR),
        ("recipient", _STR),
        ("by", _STR),
        ("system", _STR),
        ("category", _STR),
        ("year", pa.int32()),
        ("first_seen", pa.date32()),
        ("last_seen", pa.date32()),
        ("outlets", pa.int32()),
        ("corroboration", pa.float64()),
        ("contested", pa.bool_()),
        ("status", _STR),
        ("stances", pa.list_(STANCE_COUNT)),
        ("claims", pa.int32()),
        ("claim_ids", pa.list_(_STR)),
    ]
)

CLAIMS = pa.schema(
    [
        ("id", _STR),
        ("event_id", _STR),
        ("type", _STR),
        ("supplier", _STR),
        ("recipient", _STR),
        ("target", _STR),
        ("by", _STR),
        ("system", _STR),
        ("category", _STR),
        ("stance", _STR),
        ("attributed_to", _STR),
        ("date", _STR),
        ("date_text", _STR),
        ("quantity", pa.int64()),
        ("quantity_text", _STR),
        ("value_amount", pa.float64()),
        ("value_currency", _STR),
        ("confidence", pa.float64()),
        ("rule_id", _STR),
        ("inferred", pa.bool_()),
        ("doc", _STR),
        ("doc_id", _STR),
        ("sentence", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", _STR),
        ("spans", pa.list_(SPAN)),
        ("published", pa.date32()),
        ("outlet", _STR),
        ("outlet_name", _STR),
        ("outlet_kind", _STR),
        ("outlet_state", _STR),
        ("original_doc", _STR),
        ("url", _STR),
        ("title", _STR),
        ("status", _STR),
        ("extractor_version", _STR),
    ]
)


def event_row(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "type": e.type.value,
        "supplier": e.supplier,
        "recipient": e.recipient,
        "by": e.by,
        "system": e.system,
        "category": e.category.value if e.category else None,
        "year": e.year,
        "first_seen": e.first_seen,
        "last_seen": e.last_seen,
        "outlets": e.outlets,
        "corroboration": e.corroboration,
        "contested": e.contested,
        "status": e.status.value,
        "stances": [{"stance": s, "count": n} for s, n in e.stances],
        "claims": len(e.claim_ids),
        "claim_ids": list(e.claim_ids),
    }


def claim_row(c: StoredClaim, event_id: str | None) -> dict[str, Any]:
    r, cl = c.record, c.record.claim
    ev = cl.evidence
    return {
        "id": r.id,
        "event_id": event_id or c.event_id,
        "type": cl.type.value,
        "supplier": cl.supplier,
        "recipient": cl.recipient,
        "target": cl.target,
        "by": cl.by,
        "system": cl.system,
        "category": cl.category.value if cl.category else None,
        "stance": cl.stance.value,
        "attributed_to": cl.attributed_to,
        "date": cl.date,
        "date_text": cl.date_text,
        "quantity": cl.quantity,
        "quantity_text": cl.quantity_text,
        "value_amount": cl.value.amount if cl.value else None,
        "value_currency": cl.value.currency if cl.value else None,
        "confidence": cl.confidence,
        "rule_id": cl.rule_id,
        "inferred": cl.inferred,
        "doc": ev.doc,
        "doc_id": ev.doc_id,
        "sentence": ev.sentence,
        "start": ev.start,
        "end": ev.end,
        "text": ev.text,
        "spans": [{"start": s, "end": e, "role": role} for s, e, role in ev.spans],
        "published": r.published,
        "outlet": r.outlet,
        "outlet_name": c.outlet_name,
        "outlet_kind": r.outlet_kind,
        "outlet_state": r.outlet_state,
        "original_doc": r.original_doc,
        "url": c.url,
        "title": c.title,
        "status": r.status.value,
        "extractor_version": r.extractor_version,
    }


def events_table(events: Sequence[Event]) -> pa.Table:
    return pa.Table.from_pylist([event_row(e) for e in events], schema=EVENTS)


def claims_table(events: Sequence[Event], claims: Sequence[StoredClaim]) -> pa.Table:
    """One row per claim; `event_id` from the events given, else the store's."""
    owner = {cid: e.id for e in events for cid in e.claim_ids}
    return pa.Table.from_pylist([claim_row(c, owner.get(c.record.id)) for c in claims], schema=CLAIMS)


def nested_table(events: Sequence[Event], claims: Sequence[StoredClaim]) -> pa.Table:
    """The events table with each event's claims nested in `claim_records`, for a single file."""
    mine = claims_by_event(events, claims)
    rows = [event_row(e) | {"claim_records": [claim_row(c, e.id) for c in mine[e.id]]} for e in events]
    schema = EVENTS.append(pa.field("claim_records", pa.list_(pa.struct(list(CLAIMS)))))
    return pa.Table.from_pylist(rows, schema=schema)


def write(events: Sequence[Event], claims: Sequence[StoredClaim], out: Output, catalog: Catalog | None = None) -> None:
    """Write a directory with both tables, or one file with claims nested (module docstring); `catalog` is unused."""
    if isinstance(out, str | os.PathLike) and not str(out).endswith(".parquet"):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(events_table(events), folder / "events.parquet")
        pq.write_table(claims_table(events, claims), folder / "claims.parquet")
        return
    pq.write_table(nested_table(events, claims), out if isinstance(out, str | os.PathLike) else binary_stream(out))


def binary_stream(out: IO[bytes] | IO[str]) -> IO[bytes]:
    """The byte stream under `out`: itself, or a text stream's buffer (sys.stdout -> sys.stdout.buffer)."""
    if is_binary(out):
        return cast(IO[bytes], out)
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        raise UsageError("parquet is binary: write it to a path or a binary stream, not a text stream")
    out.flush()
    return cast(IO[bytes], buffer)
