"""What each page and its JSON twin show, built from the store: events, an event with its claims, claims, actors, systems.

The API routes return these models as they are and the HTML routes render
them, so a page and its JSON can never disagree (STYLE.md 10).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import fields
from urllib.parse import urlsplit

from armswatch.catalog import Catalog, System
from armswatch.catalog import load as load_catalog
from armswatch.events.contested import AGAINST, FOR, event_period, record_period
from armswatch.model import Event, ReviewStatus
from armswatch.serve.highlight import segments
from armswatch.serve.schemas import (
    ActorOut,
    ClaimList,
    ClaimOut,
    EventDetail,
    EventList,
    EventOut,
    EvidenceOut,
    MonthCount,
    PartyKind,
    ReviewLog,
    ReviewOut,
    Sides,
    SpanOut,
    SystemOut,
    Tally,
    Timeline,
)
from armswatch.store.base import ClaimFilter, EventFilter, Review, Store, StoredClaim

PROFILE_LIMIT = 500  # events listed on an actor's or a system's page, per side
TYPES = ("offer", "interest", "request", "agreement", "order", "transfer", "production", "use", "sanction")


@functools.cache
def catalog() -> Catalog:
    return load_catalog()


@functools.cache
def _parties() -> dict[str, tuple[str, str]]:
    cat = catalog()
    out = {g.id: (g.name, "group") for g in cat.groups}
    out.update({s.id: (s.name, "state") for s in cat.states})
    return out


def party_name(party: str | None) -> str | None:
    """A party's display name: the catalog's name of a state or group, else its id as stored."""
    if party is None:
        return None
    return _parties().get(party, (party, ""))[0]


def party_kind(party: str) -> PartyKind:
    kind = _parties().get(party, ("", "other"))[1]
    return "state" if kind == "state" else "group" if kind == "group" else "other"


def safe_url(url: str | None) -> str | None:
    """A link to the source only when it is http(s): a `javascript:` address in a feed must never become a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def event_out(e: Event) -> EventOut:
    return EventOut(
        id=e.id,
        type=e.type.value,
        supplier=e.supplier,
        supplier_name=party_name(e.supplier),
        recipient=e.recipient,
        recipient_name=party_name(e.recipient),
        by=e.by,
        system=e.system,
        category=e.category.value if e.category else None,
        year=e.year,
        first_seen=e.first_seen,
        last_seen=e.last_seen,
        claims=len(e.claim_ids),
        outlets=e.outlets,
        corroboration=round(e.corroboration, 4),
        contested=e.contested,
        status=e.status.value,
        stances=dict(e.stances),
        page=f"/events/{e.id}",
    )


def claim_out(sc: StoredClaim) -> ClaimOut:
    r, c = sc.record, sc.record.claim
    ev = c.evidence
    return ClaimOut(
        id=r.id,
        event_id=sc.event_id,
        type=c.type.value,
        supplier=c.supplier,
        recipient=c.recipient,
        target=c.target,
        by=c.by,
        system=c.system,
        category=c.category.value if c.category else None,
        stance=c.stance.value,
        attributed_to=c.attributed_to,
        date=c.date,
        date_text=c.date_text,
        quantity=c.quantity,
        quantity_text=c.quantity_text,
        value={"amount": c.value.amount, "currency": c.value.currency} if c.value else None,
        confidence=c.confidence,
        rule_id=c.rule_id,
        inferred=c.inferred,
        status=r.status.value,
        published=r.published,
        outlet=sc.outlet_name or r.outlet,
        url=safe_url(sc.url),
        title=sc.title,
        evidence=EvidenceOut(
            doc=ev.doc,
            doc_id=ev.doc_id,
            sentence=ev.sentence,
            start=ev.start,
            end=ev.end,
            text=ev.text,
            spans=[SpanOut(start=s, end=e, role=role) for s, e, role in ev.spans],
            segments=segments(ev),
        ),
    )


def review_out(r: Review) -> ReviewOut:
    return ReviewOut(target=r.target, target_id=r.target_id, status=r.status.value, note=r.note, who=r.who, at=r.at)


def filter_params(f: EventFilter) -> dict[str, str]:
    """The filters of `f` that differ from the defaults, as query parameters (for links, CSV and the JSON)."""
    out: dict[str, str] = {}
    default = EventFilter()
    for field in fields(EventFilter):
        value, base = getattr(f, field.name), getattr(default, field.name)
        if value == base or field.name in ("limit", "offset", "order"):
            continue
        name = {"types": "type", "stances": "stance", "text": "q"}.get(field.name, field.name)
        out[name] = ",".join(value) if isinstance(value, tuple) else str(value).lower() if isinstance(value, bool) else str(value)
    return out


def list_events(store: Store, f: EventFilter) -> EventList:
    found = store.events(EventFilter(**{**{x.name: getattr(f, x.name) for x in fields(EventFilter)}, "limit": f.limit + 1}))
    more = len(found) > f.limit
    return EventList(
        events=[event_out(e) for e in found[: f.limit]],
        limit=f.limit,
        offset=f.offset,
        next_offset=f.offset + f.limit if more else None,
        order=f.order,  # type: ignore[arg-type]  # checked by the route's Literal
        filters=filter_params(f),
    )


def list_claims(store: Store, f: ClaimFilter) -> ClaimList:
    found = store.claims(ClaimFilter(**{**{x.name: getattr(f, x.name) for x in fields(ClaimFilter)}, "limit": f.limit + 1}))
    more = len(found) > f.limit
    return ClaimList(
        claims=[claim_out(c) for c in found[: f.limit]], limit=f.limit, offset=f.offset, next_offset=f.offset + f.limit if more else None
    )


def event_detail(store: Store, event_id: str) -> EventDetail | None:
    event = store.event(event_id)
    if event is None:
        return None
    own = store.claims(ClaimFilter(event=event_id, limit=10_000))
    # The whole type+dyad group: the contested rule looks at it (events/contested.py), and rejected claims,
    # which have left every event, are still shown beside the event they were reviewed on.
    group = store.claims(ClaimFilter(group_of=event_id, limit=10_000))
    rejected = [c for c in group if c.record.status == ReviewStatus.REJECTED]
    sides = None
    if event.contested:
        period = event_period([c.record for c in own]) if own else None
        live = [c for c in group if not c.record.claim.inferred and c.record.status != ReviewStatus.REJECTED]
        near = [c for c in live if period is None or record_period(c.record).overlaps(period)]
        sides = Sides(
            supporting=[claim_out(c) for c in near if c.record.claim.stance in FOR],
            contradicting=[claim_out(c) for c in near if c.record.claim.stance in AGAINST],
        )
    reviews = [*store.reviews(event_id), *(r for c in (*own, *rejected) for r in store.reviews(c.record.id))]
    return EventDetail(
        event=event_out(event),
        claims=[claim_out(c) for c in own],
        rejected=[claim_out(c) for c in rejected],
        sides=sides,
        reviews=[review_out(r) for r in sorted(reviews, key=lambda r: r.at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)],
    )


def timeline_of(rows: Iterable[tuple[str, str, int]]) -> Timeline:
    counts = [MonthCount(month=m, type=t, events=n) for m, t, n in rows]
    months: list[str] = []
    if counts:
        first, last = min(c.month for c in counts), max(c.month for c in counts)
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last:
            months.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    present = {c.type for c in counts}
    return Timeline(months=months, types=[t for t in TYPES if t in present], counts=counts)


def _tally(ids: Iterable[str | None]) -> list[Tally]:
    counted = Counter(i for i in ids if i)
    return [Tally(id=i, name=party_name(i) or i, events=n) for i, n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))]


def actor_view(store: Store, actor: str) -> ActorOut | None:
    as_supplier = store.events(EventFilter(supplier=actor, limit=PROFILE_LIMIT))
    as_recipient = store.events(EventFilter(recipient=actor, limit=PROFILE_LIMIT))
    kind = party_kind(actor)
    if kind == "other" and not as_supplier and not as_recipient:
        return None
    systems = Counter(e.system or (e.category.value if e.category else "unspecified") for e in (*as_supplier, *as_recipient))
    return ActorOut(
        id=actor,
        name=party_name(actor) or actor,
        kind=kind,
        as_supplier=[event_out(e) for e in as_supplier],
        as_recipient=[event_out(e) for e in as_recipient],
        systems=[Tally(id=s, name=s, events=n) for s, n in sorted(systems.items(), key=lambda kv: (-kv[1], kv[0]))],
        timeline=timeline_of(store.timeline(EventFilter(actor=actor))),
    )


def find_system(name: str) -> System | None:
    """A catalog system by its name or any alias, ignoring case, spaces and hyphens (as `armswatch systems` does)."""
    wanted = name.lower().replace("-", "").replace(" ", "")
    return next(
        (s for s in catalog().systems if wanted in {a.lower().replace("-", "").replace(" ", "") for a in (s.name, *s.aliases)}), None
    )


def system_view(store: Store, name: str) -> SystemOut | None:
    entry = find_system(name)
    if entry is None:
        return None
    found = store.events(EventFilter(system=entry.name, limit=PROFILE_LIMIT))
    return SystemOut(
        name=entry.name,
        aliases=list(entry.aliases),
        category=entry.category.value,
        klass=entry.klass,
        origin=entry.origin,
        maker=entry.maker,
        events=[event_out(e) for e in found],
        suppliers=_tally(e.supplier for e in found),
        recipients=_tally(e.recipient for e in found),
        timeline=timeline_of(store.timeline(EventFilter(system=entry.name))),
    )


def review_log(store: Store, target_id: str | None = None) -> ReviewLog:
    return ReviewLog(reviews=[review_out(r) for r in reversed(store.reviews(target_id))])
