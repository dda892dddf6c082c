"""Model objects to table rows and back: the only place that knows both shapes.

Rows are plain dicts keyed by column name, so the same code feeds SQLite and
PostgreSQL. Reading back gives objects equal to those written (a round trip
is exact), which is what lets the events stage treat stored claims exactly
like fresh ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from armswatch.events.contested import record_period
from armswatch.events.keys import event_id, event_key, group_key
from armswatch.events.periods import Period, parse_period
from armswatch.model import (
    Category,
    Claim,
    ClaimRecord,
    Document,
    Event,
    EventType,
    Evidence,
    OutletInfo,
    ReviewStatus,
    SkippedItem,
    Stance,
    Value,
)
from armswatch.store.base import DocumentRecord, Review

Row = Mapping[Any, Any]  # a dict or an SQLAlchemy RowMapping


def group_key_text(record: ClaimRecord) -> str:
    """The group key (type, dyad) as the text stored in claims.group_key and events.group_key."""
    return json.dumps(list(group_key(record)), ensure_ascii=False, separators=(",", ":"))


def lock_key(group: str) -> int:
    """A signed 64-bit number for pg_advisory_xact_lock, stable across processes (unlike hash())."""
    return int.from_bytes(hashlib.sha256(group.encode()).digest()[:8], "big", signed=True)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands datetimes back naive; everything stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


# -- documents and outlets ------------------------------------------------------


def outlet_row(outlet: OutletInfo) -> dict[str, Any]:
    return {"id": outlet.id, "name": outlet.name, "domain": outlet.domain, "kind": outlet.kind, "state": outlet.state}


def document_row(record: DocumentRecord) -> dict[str, Any]:
    d = record.document
    return {
        "id": d.id,
        "label": d.label,
        "url": d.url,
        "title": d.title,
        "outlet": d.outlet,
        "outlet_id": record.outlet.id if record.outlet else None,
        "published": d.published,
        "language": d.language,
        "text": d.text,
        "original": record.original,
        "skip_reason": record.skip_reason,
        "extractor_version": record.extractor_version,
    }


def document_record(row: Row, bands: Iterable[str]) -> DocumentRecord:
    doc = Document(
        id=row["id"],
        text=row["text"],
        label=row["label"],
        url=row["url"],
        title=row["title"],
        outlet=row["outlet"],
        published=row["published"],
        language=row["language"],
    )
    outlet = None
    if row["outlet_id"] is not None:
        outlet = OutletInfo(row["outlet_id"], row["o_name"], row["o_domain"], row["o_kind"], row["o_state"])
    return DocumentRecord(doc, outlet, row["original"], tuple(sorted(bands)), row["skip_reason"], row["extractor_version"])


def skipped_row(item: SkippedItem, at: dt.datetime) -> dict[str, Any]:
    key = hashlib.sha256(json.dumps([item.label, item.stage, item.reason], ensure_ascii=False).encode()).hexdigest()[:32]
    return {"id": key, "label": item.label, "stage": item.stage, "reason": item.reason, "at": at}


# -- claims ---------------------------------------------------------------------------


def claim_row(record: ClaimRecord) -> dict[str, Any]:
    c, ev = record.claim, record.claim.evidence
    period = record_period(record)
    return {
        "id": record.id,
        "doc_id": ev.doc_id,
        "doc_label": ev.doc,
        "sentence": ev.sentence,
        "sent_start": ev.start,
        "sent_end": ev.end,
        "text": ev.text,
        "spans": [list(s) for s in ev.spans],
        "type": c.type.value,
        "supplier": c.supplier,
        "recipient": c.recipient,
        "target": c.target,
        "by_party": c.by,
        "system": c.system,
        "category": c.category.value if c.category else None,
        "stance": c.stance.value,
        "attributed_to": c.attributed_to,
        "date_iso": c.date,
        "date_text": c.date_text,
        "quantity": c.quantity,
        "quantity_text": c.quantity_text,
        "value": {"amount": c.value.amount, "currency": c.value.currency} if c.value else None,
        "confidence": c.confidence,
        "inferred": c.inferred,
        "rule_id": c.rule_id,
        "extractor_version": record.extractor_version,
        "published": record.published,
        "outlet": record.outlet,
        "original_doc": record.original_doc,
        "outlet_kind": record.outlet_kind,
        "outlet_state": record.outlet_state,
        "status": record.status.value,
        "group_key": group_key_text(record),
        "key_id": event_id(event_key(record)),
        "p_start": period.start,
        "p_end": period.end,
    }


def claim_record(row: Row) -> ClaimRecord:
    spans = tuple((int(s[0]), int(s[1]), str(s[2])) for s in row["spans"] or ())
    value = row["value"]
    claim = Claim(
        type=EventType(row["type"]),
        supplier=row["supplier"],
        recipient=row["recipient"],
        stance=Stance(row["stance"]),
        evidence=Evidence(row["doc_label"], row["doc_id"], row["sentence"], row["sent_start"], row["sent_end"], row["text"], spans),
        rule_id=row["rule_id"],
        target=row["target"],
        by=row["by_party"],
        system=row["system"],
        category=Category(row["category"]) if row["category"] else None,
        attributed_to=row["attributed_to"],
        date=row["date_iso"],
        date_text=row["date_text"],
        quantity=row["quantity"],
        quantity_text=row["quantity_text"],
        value=Value(float(value["amount"]), value["currency"]) if value else None,
        confidence=row["confidence"],
        inferred=bool(row["inferred"]),
    )
    return ClaimRecord(
        id=row["id"],
        claim=claim,
        published=row["published"],
        outlet=row["outlet"],
        original_doc=row["original_doc"],
        extractor_version=row["extractor_version"],
        status=ReviewStatus(row["status"]),
        outlet_kind=row["outlet_kind"],
        outlet_state=row["outlet_state"],
    )


# -- events ---------------------------------------------------------------------------


def date_span(records: Iterable[ClaimRecord]) -> tuple[dt.date | None, dt.date | None]:
    """The days an event's claims speak of, for since/until: their dates, else their publication dates.

    An undated claim stands for its publication day here (not its year, as
    in the contested rule): a filter "since June" should not pull in a
    report from May. Open ends ("since 2007") stop at publication, the last
    day the report can speak for.
    """
    lo: dt.date | None = None
    hi: dt.date | None = None
    for r in records:
        period = parse_period(r.claim.date)
        start = r.published if period is None or period.start == dt.date.min else period.start
        end = r.published if period is None or period.end == dt.date.max else period.end
        if period is not None and end is None:
            end = start
        if start is not None:
            lo = start if lo is None else min(lo, start)
        if end is not None:
            hi = end if hi is None else max(hi, end)
    return lo, hi


def event_row(
    event: Event, group: str, span: tuple[dt.date | None, dt.date | None], status: ReviewStatus, period: Period
) -> dict[str, Any]:
    return {
        "id": event.id,
        "group_key": group,
        "type": event.type.value,
        "supplier": event.supplier,
        "recipient": event.recipient,
        "by_party": event.by,
        "system": event.system,
        "category": event.category.value if event.category else None,
        "year": event.year,
        "first_seen": event.first_seen,
        "last_seen": event.last_seen,
        "date_from": span[0],
        "date_to": span[1],
        "outlets": event.outlets,
        "corroboration": event.corroboration,
        "contested": event.contested,
        "status": status.value,
        "stances": [list(s) for s in event.stances],
        "p_start": period.start,
        "p_end": period.end,
    }


def event_from_row(row: Row, claim_ids: Iterable[str]) -> Event:
    return Event(
        id=row["id"],
        type=EventType(row["type"]),
        supplier=row["supplier"],
        recipient=row["recipient"],
        by=row["by_party"],
        system=row["system"],
        category=Category(row["category"]) if row["category"] else None,
        year=row["year"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        claim_ids=tuple(sorted(claim_ids)),
        outlets=row["outlets"],
        corroboration=row["corroboration"],
        contested=bool(row["contested"]),
        status=ReviewStatus(row["status"]),
        stances=tuple((str(s), int(n)) for s, n in row["stances"]),
    )


def review_row(review: Review) -> dict[str, Any]:
    return {
        "target": review.target,
        "target_id": review.target_id,
        "status": review.status.value,
        "note": review.note,
        "who": review.who,
        "at": (review.at or now()).astimezone(dt.UTC),
    }


def review_from_row(row: Row) -> Review:
    return Review(row["target"], row["target_id"], ReviewStatus(row["status"]), row["note"], row["who"], aware(row["at"]))
