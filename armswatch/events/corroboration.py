"""How many independent outlets report an event, and how well they corroborate it.

Independent sources
    A syndicated copy or near duplicate (`record.original_doc` differs from
    the claim's own doc id) repeats its original, so it is no new voice:

    - an original document's claim counts for its outlet (`record.outlet`),
      or for its own document when the outlet is unknown;
    - a copy adds nothing when its original is among the event's records
      (the original already counted);
    - a copy whose original is not among them counts for that original
      document (``doc:<original id>``): two copies of one wire story are one
      source, not two. The original's outlet is not known here, so a copy can
      still count apart from another story of that outlet: a known bias
      toward over-counting, accepted to keep `events/` free of store look-ups.

    `outlets` on an Event is the number of such distinct sources.

Corroboration score
    ``1 - exp(-K * W)`` with ``K = ln 2``, so one full-weight independent
    source gives 0.5, two 0.75, three 0.875; it is 0 with no supporting
    source and approaches 1 as sources accumulate. ``W`` sums, over the
    distinct sources, the largest weight of any of that source's claims
    (saying a thing twice is not corroboration). A claim's weight is

    - by stance: asserted 1.0, claimed 0.75 (attributed or hedged), planned
      0.5 (it supports that a plan exists); denied and negated 0, because
      they speak against the event, which the contested flag reports instead;
      inferred claims 0 (ONTOLOGY.md: never scored);
    - times 0.3 when it comes from state media of a party to the event
      (`outlet_kind == "state media"` and `outlet_state` is the supplier,
      the recipient or, for sanctions, `by`): a party vouching for itself;
    - times 0.5 when it comes from an echo (a copy whose original is absent).

    Weights are summed in the sorted order of source ids and rounded to six
    places, so the score is the same whatever order the claims come in. It
    never falls when a source is added (weights are not negative) and rises
    with every independent source that supports the event.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable

from armswatch.model import ClaimRecord, Stance

K = math.log(2)
STANCE_WEIGHT: dict[Stance, float] = {
    Stance.ASSERTED: 1.0,
    Stance.CLAIMED: 0.75,
    Stance.PLANNED: 0.5,
    Stance.DENIED: 0.0,
    Stance.NEGATED: 0.0,
}
PARTY_STATE_MEDIA = 0.3
ECHO = 0.5


def is_copy(record: ClaimRecord) -> bool:
    """Whether the claim comes from a syndicated copy or near duplicate of another document."""
    return record.original_doc != record.claim.evidence.doc_id


def source_of(record: ClaimRecord, doc_ids: Collection[str]) -> str | None:
    """The independent source a record speaks for, or None when its original already counts.

    `doc_ids` are the documents of all the event's records.
    """
    if is_copy(record):
        return None if record.original_doc in doc_ids else f"doc:{record.original_doc}"
    return f"outlet:{record.outlet}" if record.outlet else f"doc:{record.original_doc}"


def _doc_ids(records: Iterable[ClaimRecord]) -> frozenset[str]:
    return frozenset(r.claim.evidence.doc_id for r in records)


def independent_outlets(records: Collection[ClaimRecord]) -> int:
    """The number of distinct independent sources among the records."""
    docs = _doc_ids(records)
    return len({s for r in records if (s := source_of(r, docs)) is not None})


def claim_weight(record: ClaimRecord, parties: Collection[str | None]) -> float:
    """How much one claim supports its event (module docstring)."""
    if record.claim.inferred:
        return 0.0
    weight = STANCE_WEIGHT[record.claim.stance]
    if record.outlet_kind == "state media" and record.outlet_state and record.outlet_state in parties:
        weight *= PARTY_STATE_MEDIA
    if is_copy(record):
        weight *= ECHO
    return weight


def corroboration(records: Collection[ClaimRecord], parties: Collection[str | None]) -> float:
    """A 0..1 score of independent support for an event; `parties` are its supplier, recipient and `by`."""
    docs = _doc_ids(records)
    best: dict[str, float] = {}
    for r in records:
        source = source_of(r, docs)
        if source is not None:
            best[source] = max(best.get(source, 0.0), claim_weight(r, parties))
    total = math.fsum(best[s] for s in sorted(best))
    return round(1.0 - math.exp(-K * total), 6)
