"""Stable ids: of a claim, and of the event a claim belongs to (DESIGN.md's merge key)."""

from __future__ import annotations

import hashlib
import json

from armswatch.model import Claim, ClaimRecord, EventType

EventKey = tuple[str, str | None, str | None, str | None, str | None, int | None]


def _hash(parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()[:32]


def claim_id(claim: Claim) -> str:
    """The same claim from the same words of the same document always has the same id."""
    ev = claim.evidence
    return _hash(
        [
            ev.doc_id,
            ev.sentence,
            ev.start,
            claim.type.value,
            claim.supplier,
            claim.recipient,
            claim.target,
            claim.by,
            claim.system,
            claim.category.value if claim.category else None,
            claim.stance.value,
            claim.rule_id,
        ]
    )


def event_year(record: ClaimRecord) -> int | None:
    """The year of the event date, or of publication when the text gives none."""
    date = record.claim.date
    if date and date[:4].isdigit():
        return int(date[:4])
    return record.published.year if record.published else None


def event_key(record: ClaimRecord) -> EventKey:
    """(type, supplier, recipient, system or category, by, year); the pair is unordered for agreements."""
    c = record.claim
    supplier, recipient = c.supplier, c.recipient
    if c.type == EventType.AGREEMENT:
        a, b = sorted([supplier or "", recipient or ""])
        supplier, recipient = a or None, b or None
    what = c.system or (c.category.value if c.category else None)
    return (c.type.value, supplier, recipient, what, c.by, event_year(record))


def group_key(record: ClaimRecord) -> tuple[str, str | None, str | None]:
    """The type and dyad: where contested claims are looked for across events."""
    t, s, r, _what, _by, _year = event_key(record)
    return (t, s, r)


def event_id(key: EventKey) -> str:
    return _hash(list(key))
