"""The JSON Lines contract of `armswatch extract` (ONTOLOGY.md): one claim, every field present."""

from __future__ import annotations

from typing import Any

from armswatch.model import Claim, Event

FIELDS = (
    "type",
    "supplier",
    "recipient",
    "target",
    "by",
    "system",
    "category",
    "stance",
    "attributed_to",
    "date",
    "date_text",
    "quantity",
    "quantity_text",
    "value",
    "evidence",
    "confidence",
    "rule_id",
)


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    ev = claim.evidence
    out: dict[str, Any] = {
        "type": claim.type.value,
        "supplier": claim.supplier,
        "recipient": claim.recipient,
        "target": claim.target,
        "by": claim.by,
        "system": claim.system,
        "category": claim.category.value if claim.category else None,
        "stance": claim.stance.value,
        "attributed_to": claim.attributed_to,
        "date": claim.date,
        "date_text": claim.date_text,
        "quantity": claim.quantity,
        "quantity_text": claim.quantity_text,
        "value": {
            "amount": int(claim.value.amount) if claim.value.amount.is_integer() else claim.value.amount,
            "currency": claim.value.currency,
        }
        if claim.value
        else None,
        "evidence": {
            "doc": ev.doc,
            "doc_id": ev.doc_id,
            "sentence": ev.sentence,
            "start": ev.start,
            "end": ev.end,
            "text": ev.text,
            "spans": [list(s) for s in ev.spans],
        },
        "confidence": claim.confidence,
        "rule_id": claim.rule_id,
    }
    if claim.inferred:
        out["inferred"] = True
    return out


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as the CLI and exports show it (the API has its own schema)."""
    return {
        "id": event.id,
        "type": event.type.value,
        "supplier": event.supplier,
        "recipient": event.recipient,
        "by": event.by,
        "system": event.system,
        "category": event.category.value if event.category else None,
        "year": event.year,
        "first_seen": event.first_seen.isoformat() if event.first_seen else None,
        "last_seen": event.last_seen.isoformat() if event.last_seen else None,
        "claims": len(event.claim_ids),
        "claim_ids": list(event.claim_ids),
        "outlets": event.outlets,
        "corroboration": round(event.corroboration, 4),
        "contested": event.contested,
        "status": event.status.value if hasattr(event.status, "value") else event.status,
        "stances": dict(event.stances),
    }
