"""Rules against what new documents changed: each event compared before and after, alerts once per rule and event.

"Before" is not a snapshot taken before the write (a kill between the write
and the alerts would lose it): it is recomputed. The claims of every
type+dyad group the new documents touch are read back, and events.resolve
runs twice, with and without the new documents' claims. Resolution is a pure
function of the claims, so this gives exactly the events the store held
before and holds after, and it gives the same answer when a restarted watch
evaluates the same documents again; the store's unique (rule, event) then
keeps the alert single.

Dyad-level rules (a new recipient, a later stage) also need the dyad's
events in groups the documents did not touch (another type): those are read
from the store as they are, which is what they were before too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from armswatch.contract import event_to_dict
from armswatch.events import resolve
from armswatch.model import Event, EventType, ReviewStatus
from armswatch.store.base import ClaimFilter, EventFilter, NewAlert, Store, StoredClaim
from armswatch.watch.rules import STAGES, Rule

__all__ = ["Touched", "evaluate", "evaluate_documents", "touched_by"]

ALL = 10_000_000  # "no limit" for the store's listings
EVIDENCE = 5  # sentences an alert carries
Group = tuple[str, str | None, str | None]  # type, supplier, recipient: the unit of resolution
Dyad = tuple[str, str]
DyadLookup = Callable[[str, str], tuple[list[Event], list[Event]]]


@dataclass
class Touched:
    """The events of the groups some new documents touched, resolved without (`before`) and with (`after`) them."""

    before: dict[str, Event] = field(default_factory=dict)
    after: dict[str, Event] = field(default_factory=dict)
    groups: set[Group] = field(default_factory=set)
    claims: dict[str, StoredClaim] = field(default_factory=dict)  # every claim of those groups, for evidence
    new_claims: set[str] = field(default_factory=set)  # the ids of the new documents' claims


def group_of(event: Event) -> Group:
    return (event.type.value, event.supplier, event.recipient)


def touched_by(store: Store, doc_ids: Iterable[str]) -> Touched:
    """Read back the groups the documents' claims fall in and resolve them with and without those claims."""
    docs = set(doc_ids)
    out = Touched()
    seeds: dict[str, str] = {}  # one event id per group, to read the group by
    for doc_id in sorted(docs):
        for sc in store.claims(ClaimFilter(doc_id=doc_id, limit=ALL)):
            out.new_claims.add(sc.record.id)
            if sc.event_id is not None:
                seeds.setdefault(sc.record.claim.type.value + repr(_pair(sc)), sc.event_id)
    for seed in sorted(set(seeds.values())):
        group = store.claims(ClaimFilter(group_of=seed, limit=ALL))
        records = [sc.record for sc in group]
        out.claims.update((sc.record.id, sc) for sc in group)
        for event in resolve(records):
            out.after[event.id] = _reviewed(store, event)
            out.groups.add(group_of(event))
        for event in resolve(r for r in records if r.claim.evidence.doc_id not in docs):
            out.before[event.id] = _reviewed(store, event)
    return out


def _pair(sc: StoredClaim) -> tuple[str, ...]:
    c = sc.record.claim
    pair = [c.supplier or "", c.recipient or ""]
    return tuple(sorted(pair) if c.type == EventType.AGREEMENT else pair)


def _reviewed(store: Store, event: Event) -> Event:
    """The event with the analyst's verdict the store overlays (a rejected event alerts nobody)."""
    stored = store.event(event.id)
    return replace(event, status=stored.status) if stored is not None and stored.status == ReviewStatus.REJECTED else event


def store_dyads(store: Store, touched: Touched) -> DyadLookup:
    """The events of one dyad before and after: untouched groups as stored, touched ones as recomputed."""

    def lookup(supplier: str, recipient: str) -> tuple[list[Event], list[Event]]:
        stored = store.events(EventFilter(supplier=supplier, recipient=recipient, limit=ALL))
        stored += store.events(EventFilter(supplier=recipient, recipient=supplier, types=("agreement",), limit=ALL))
        untouched = [e for e in stored if group_of(e) not in touched.groups]
        before = untouched + [e for e in touched.before.values() if _in_dyad(e, supplier, recipient)]
        after = untouched + [e for e in touched.after.values() if _in_dyad(e, supplier, recipient)]
        return before, after

    return lookup


def _in_dyad(event: Event, supplier: str, recipient: str) -> bool:
    if event.type == EventType.AGREEMENT:
        return {event.supplier, event.recipient} == {supplier, recipient}
    return (event.supplier, event.recipient) == (supplier, recipient)


def _dyads(event: Event, rule: Rule) -> list[Dyad]:
    """The (supplier, recipient) pairs an event stands for under a rule: an agreement's pair goes both ways."""
    s, r = event.supplier, event.recipient
    if s is None or r is None:
        return []
    pairs = [(s, r), (r, s)] if event.type == EventType.AGREEMENT else [(s, r)]
    return [(a, b) for a, b in pairs if rule.supplier in (None, a) and rule.recipient in (None, b)]


def _stage(events: Iterable[Event], rule: Rule) -> int | None:
    found = [STAGES.index(e.type.value) for e in events if e.type.value in STAGES and rule.matches(e)]
    return max(found) if found else None


def _best(events: Iterable[Event]) -> Event:
    """The one event an alert about a dyad names: the most reported, then one naming its system, then the latest
    stage, then the first by id (so a restart names the same one)."""
    ordered = sorted(events, key=lambda e: e.id)  # max keeps the first of equals
    return max(ordered, key=lambda e: (e.outlets, e.system is not None, STAGES.index(e.type.value) if e.type.value in STAGES else -1))


def evaluate(rules: Sequence[Rule], touched: Touched, dyads: DyadLookup) -> list[NewAlert]:
    """The alerts the change from `touched.before` to `touched.after` fires; pure, given the dyad look-up."""
    out: list[NewAlert] = []
    after = sorted(touched.after.values(), key=lambda e: e.id)
    for rule in rules:
        if rule.kind in ("system", "contested"):
            for event in after:
                old = touched.before.get(event.id)
                if rule.kind == "system" and rule.matches(event) and not (old is not None and rule.matches(old)):
                    out.append(_alert(rule, event, touched, f"{event.system}: {_describe(event)}", {"what": "new event about the system"}))
                if rule.kind == "contested" and event.contested and rule.matches(event):
                    if not (old is not None and old.contested and rule.matches(old)):
                        out.append(_alert(rule, event, touched, f"became contested: {_describe(event)}", {"what": "became contested"}))
            continue
        candidates: dict[Dyad, list[Event]] = {}
        for event in after:
            if rule.matches(event):
                for dyad in _dyads(event, rule):
                    candidates.setdefault(dyad, []).append(event)
        for (supplier, recipient), events in sorted(candidates.items()):
            before, now = dyads(supplier, recipient)
            if rule.kind == "new_recipient":
                if not any(rule.matches(e) for e in before):
                    who = f"new recipient of {supplier}: {recipient}" if rule.supplier else f"new dyad {supplier} -> {recipient}"
                    event = _best(events)
                    out.append(
                        _alert(
                            rule,
                            event,
                            touched,
                            f"{who} ({_describe(event)})",
                            {"what": "new recipient", "supplier": supplier, "recipient": recipient},
                        )
                    )
            elif rule.kind == "stage":
                old_stage, new_stage = _stage(before, rule), _stage(now, rule)
                if old_stage is not None and new_stage is not None and new_stage > old_stage:
                    at_stage = [e for e in events if e.type.value == STAGES[new_stage]]
                    if at_stage:
                        event = _best(at_stage)
                        change = f"stage {STAGES[old_stage]} -> {STAGES[new_stage]}: {supplier} -> {recipient} ({_describe(event)})"
                        out.append(
                            _alert(
                                rule,
                                event,
                                touched,
                                change,
                                {
                                    "what": "stage change",
                                    "from": STAGES[old_stage],
                                    "to": STAGES[new_stage],
                                    "supplier": supplier,
                                    "recipient": recipient,
                                },
                            )
                        )
    return out


def evaluate_documents(store: Store, rules: Sequence[Rule], doc_ids: Iterable[str]) -> list[NewAlert]:
    """The alerts that documents just written fire (again, after a restart: the store keeps each alert once)."""
    ids = set(doc_ids)
    if not rules or not ids:
        return []
    touched = touched_by(store, ids)
    return evaluate(rules, touched, store_dyads(store, touched)) if touched.after else []


def _describe(event: Event) -> str:
    """One line for an event: "transfer IRN -> SDN, Mohajer-6, 2024, 2 outlets"."""
    what = event.system or (event.category.value if event.category else None)
    parts = [f"{event.type.value} {event.supplier or '?'} -> {event.recipient or event.by or '?'}", what, str(event.year or "")]
    parts.append(f"{event.outlets} outlet{'s' if event.outlets != 1 else ''}")
    return ", ".join(p for p in parts if p)


def _alert(rule: Rule, event: Event, touched: Touched, change: str, what: dict[str, str]) -> NewAlert:
    detail = {
        "rule": {"id": rule.id, "kind": rule.kind, "description": rule.description},
        "what": what,
        "event": event_to_dict(event),
        "evidence": _evidence(event, touched),
    }
    return NewAlert(rule.id, event.id, rule.kind, change, detail)


def _evidence(event: Event, touched: Touched) -> list[dict[str, object]]:
    """The sentences behind the event, those the new documents brought first, then the latest."""
    found = [touched.claims[c] for c in event.claim_ids if c in touched.claims]
    found.sort(
        key=lambda sc: (
            sc.record.id not in touched.new_claims,
            -(sc.record.published.toordinal() if sc.record.published else 0),
            sc.record.id,
        )
    )
    out: list[dict[str, object]] = []
    for sc in found[:EVIDENCE]:
        c = sc.record.claim
        out.append(
            {
                "text": c.evidence.text,
                "stance": c.stance.value,
                "doc": c.evidence.doc,
                "url": sc.url,
                "title": sc.title,
                "outlet": sc.outlet_name,
                "published": sc.record.published.isoformat() if sc.record.published else None,
                "new": sc.record.id in touched.new_claims,
            }
        )
    return out
