"""events/: merge on the key, independent outlets, corroboration, contested, order independence; periods."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.events import Period, claim_id, claim_period, event_id, event_key, group_key, parse_period, resolve
from armswatch.events.corroboration import corroboration
from armswatch.model import Category, Claim, ClaimRecord, Event, EventType, Evidence, ReviewStatus, Stance

PUB = dt.date(2023, 3, 1)


def rec(
    type: str = "transfer",
    supplier: str | None = "IRN",
    recipient: str | None = "RUS",
    stance: str = "asserted",
    doc: str = "d1",
    sentence: int = 0,
    system: str | None = None,
    category: str | None = "drone",
    date: str | None = None,
    published: dt.date | None = PUB,
    outlet: str | None = "reuters",
    original: str | None = None,
    status: ReviewStatus = ReviewStatus.UNREVIEWED,
    outlet_kind: str | None = None,
    outlet_state: str | None = None,
    by: str | None = None,
    quantity: int | None = None,
    attributed_to: str | None = None,
    text: str = "x" * 9,
) -> ClaimRecord:
    """A hand-built record; `original` makes it a syndicated copy of that document."""
    claim = Claim(
        type=EventType(type),
        supplier=supplier,
        recipient=recipient,
        stance=Stance(stance),
        evidence=Evidence(doc=f"{doc}.txt", doc_id=doc, sentence=sentence, start=10 * sentence, end=10 * sentence + len(text), text=text),
        rule_id="test.rule.v1",
        by=by,
        system=system,
        category=Category(category) if category else None,
        date=date,
        quantity=quantity,
        attributed_to=attributed_to,
    )
    return ClaimRecord(
        id=claim_id(claim),
        claim=claim,
        published=published,
        outlet=outlet,
        original_doc=original or doc,
        extractor_version="test",
        status=status,
        outlet_kind=outlet_kind,
        outlet_state=outlet_state,
    )


def one(records: list[ClaimRecord]) -> Event:
    events = resolve(records)
    assert len(events) == 1, events
    return events[0]


# -- periods -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2022-10", dt.date(2022, 10, 1), dt.date(2022, 10, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2023-07-20", dt.date(2023, 7, 20), dt.date(2023, 7, 20)),
        ("2023-07-12/2023-07-14", dt.date(2023, 7, 12), dt.date(2023, 7, 14)),
        ("2022-11/2023-02", dt.date(2022, 11, 1), dt.date(2023, 2, 28)),
        ("2019/2021", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
        ("2007/..", dt.date(2007, 1, 1), dt.date.max),
        ("2022-10/..", dt.date(2022, 10, 1), dt.date.max),
        ("../2007", dt.date.min, dt.date(2007, 12, 31)),
        ("2023-W01", dt.date(2023, 1, 2), dt.date(2023, 1, 8)),
        ("2023-Q2", dt.date(2023, 4, 1), dt.date(2023, 6, 30)),
    ],
)
def test_periods_parse_iso_dates_at_their_precision(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text", [None, "", "soon", "2022-13", "2023-02-30", "2023/x", "../..", "2024/2020", "22"])
def test_periods_unreadable_dates_have_no_period(text: str | None) -> None:
    assert parse_period(text) is None


def test_periods_undated_claim_takes_its_publication_year() -> None:
    assert claim_period(None, dt.date(2021, 6, 5)) == Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert claim_period("garbage", dt.date(2021, 6, 5)) == Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert claim_period("2019-05", dt.date(2021, 6, 5)) == parse_period("2019-05")
    assert claim_period(None, None) is None


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("2022", "2022-10", True),
        ("2022", "2023", False),
        ("2022-12-31", "2022-12-31/2023-01-02", True),
        ("2007/..", "2023-07", True),
        ("2023-07-12/2023-07-14", "2023-07-15", False),
        ("../2007", "2008", False),
    ],
)
def test_periods_overlap_as_intervals(a: str, b: str, overlap: bool) -> None:
    pa, pb = parse_period(a), parse_period(b)
    assert pa is not None and pb is not None
    assert pa.overlaps(pb) is overlap
    assert pb.overlaps(pa) is overlap


# -- merging -------------------------------------------------------------------


def test_events_merge_claims_on_the_key() -> None:
    a = rec(doc="d1", system="Shahed-136")
    b = rec(doc="d2", system="Shahed-136", outlet="ap")
    c = rec(doc="d3", system="Mohajer-6", outlet="bbc")
    d = rec(doc="d4", type="order", system="Shahed-136", outlet="bbc")
    events = resolve([a, b, c, d])
    assert len(events) == 3
    shahed = next(e for e in events if e.system == "Shahed-136" and e.type == EventType.TRANSFER)
    assert shahed.claim_ids == tuple(sorted([a.id, b.id]))
    assert shahed.id == event_id(event_key(a))
    assert (shahed.supplier, shahed.recipient, shahed.category, shahed.year) == ("IRN", "RUS", Category.DRONE, 2023)
    assert shahed.stances == (("asserted", 2),)


def test_events_category_key_when_no_system_is_named() -> None:
    drones = rec(doc="d1", category="drone")
    missiles = rec(doc="d2", category="missile")
    events = resolve([drones, missiles])
    assert sorted(e.category for e in events if e.category) == [Category.DRONE, Category.MISSILE]
    assert all(e.system is None for e in events)


def test_events_system_key_takes_the_systems_category() -> None:
    e = one([rec(doc="d1", system="Shahed-136", category="drone"), rec(doc="d2", system="Shahed-136", category="drone", outlet="ap")])
    assert (e.system, e.category) == ("Shahed-136", Category.DRONE)


def test_events_year_from_event_date_before_publication() -> None:
    dated = rec(doc="d1", date="2022-10", published=dt.date(2024, 1, 2))
    undated = rec(doc="d2", date=None, published=dt.date(2022, 5, 1), outlet="ap")
    later = rec(doc="d3", date=None, published=dt.date(2024, 1, 2), outlet="bbc")
    events = resolve([dated, undated, later])
    assert sorted((e.year, len(e.claim_ids)) for e in events) == [(2022, 2), (2024, 1)]


def test_events_agreement_pairs_are_unordered() -> None:
    a = rec(type="agreement", supplier="IRN", recipient="BOL", doc="d1", category=None)
    b = rec(type="agreement", supplier="BOL", recipient="IRN", doc="d2", category=None, outlet="ap")
    e = one([a, b])
    assert (e.supplier, e.recipient) == ("BOL", "IRN")
    assert e.category is None and e.system is None
    assert group_key(a) == group_key(b)


def test_events_sanctions_merge_on_by() -> None:
    us = rec(type="sanction", by="USA", doc="d1")
    eu = rec(type="sanction", by="EU", doc="d2")
    assert sorted(e.by or "" for e in resolve([us, eu])) == ["EU", "USA"]


def test_events_first_and_last_seen_from_publication_else_event_date() -> None:
    a = rec(doc="d1", published=dt.date(2023, 5, 2))
    b = rec(doc="d2", published=dt.date(2023, 1, 9), outlet="ap")
    c = rec(doc="d3", published=None, date="2023-08-15", outlet="bbc")
    e = one([a, b, c])
    assert (e.first_seen, e.last_seen) == (dt.date(2023, 1, 9), dt.date(2023, 8, 15))


def test_events_without_any_date_have_no_year_or_seen_dates() -> None:
    e = one([rec(published=None, date=None)])
    assert (e.year, e.first_seen, e.last_seen) == (None, None, None)


def test_events_rejected_claims_leave() -> None:
    kept = rec(doc="d1")
    gone = rec(doc="d2", outlet="ap", status=ReviewStatus.REJECTED)
    e = one([kept, gone])
    assert e.claim_ids == (kept.id,)
    assert e.outlets == 1
    assert resolve([gone]) == []


def test_events_confirmed_claim_confirms_the_event() -> None:
    assert one([rec(doc="d1"), rec(doc="d2", status=ReviewStatus.CONFIRMED)]).status == ReviewStatus.CONFIRMED
    assert one([rec(doc="d1")]).status == ReviewStatus.UNREVIEWED


def test_events_same_record_twice_counts_once() -> None:
    a = rec()
    assert resolve([a, a]) == resolve([a])


# -- outlets and corroboration -------------------------------------------------


def test_events_syndicated_copy_raises_no_outlet_count() -> None:
    original = rec(doc="orig", outlet="ap")
    copy = rec(doc="copy", outlet="yahoo", original="orig")
    e = one([original, copy])
    assert e.outlets == 1
    assert e.corroboration == one([original]).corroboration


def test_events_copies_of_an_absent_original_count_once() -> None:
    c1 = rec(doc="copy1", outlet="yahoo", original="orig")
    c2 = rec(doc="copy2", outlet="msn", original="orig")
    assert one([c1, c2]).outlets == 1
    assert one([c1, c2, rec(doc="d9", outlet="bbc")]).outlets == 2


def test_events_two_outlets_count_two_one_outlet_twice_counts_one() -> None:
    assert one([rec(doc="d1", outlet="ap"), rec(doc="d2", outlet="bbc")]).outlets == 2
    assert one([rec(doc="d1", outlet="ap"), rec(doc="d2", outlet="ap")]).outlets == 1
    assert one([rec(doc="d1", outlet=None), rec(doc="d2", outlet=None)]).outlets == 2


def test_events_corroboration_grows_with_independent_outlets() -> None:
    scores = [one([rec(doc=f"d{i}", outlet=f"o{i}") for i in range(n)]).corroboration for n in range(1, 6)]
    assert scores == sorted(scores) and len(set(scores)) == 5
    assert scores[0] == pytest.approx(0.5)
    assert all(0.0 < s < 1.0 for s in scores)


def test_events_state_media_of_a_party_weighs_less() -> None:
    independent = one([rec(doc="d1", outlet="reuters")])
    party = one([rec(doc="d1", outlet="irna", outlet_kind="state media", outlet_state="IRN")])
    third = one([rec(doc="d1", outlet="trt", outlet_kind="state media", outlet_state="TUR")])
    assert party.corroboration < independent.corroboration == third.corroboration


def test_events_echo_weighs_less_than_an_original() -> None:
    assert one([rec(doc="c", original="o")]).corroboration < one([rec(doc="o")]).corroboration


def test_events_denials_do_not_corroborate() -> None:
    e = one([rec(stance="denied")])
    assert e.corroboration == 0.0
    assert one([rec(doc="d1"), rec(doc="d2", outlet="tass", stance="denied")]).corroboration == one([rec(doc="d1")]).corroboration


def test_events_corroboration_counts_by_as_a_party_for_sanctions() -> None:
    r = rec(type="sanction", by="USA", outlet="voa", outlet_kind="state media", outlet_state="USA")
    assert corroboration([r], {"IRN", "RUS", "USA"}) < corroboration([r], {"IRN", "RUS"})


# -- contested -----------------------------------------------------------------


def test_events_contested_within_one_event() -> None:
    e = one([rec(doc="d1"), rec(doc="d2", outlet="tass", stance="denied")])
    assert e.contested
    assert e.stances == (("asserted", 1), ("denied", 1))


def test_events_not_contested_without_both_sides() -> None:
    assert not one([rec(doc="d1"), rec(doc="d2", stance="claimed", outlet="ap")]).contested
    assert not one([rec(doc="d1", stance="denied"), rec(doc="d2", stance="negated", outlet="ap")]).contested
    assert not one([rec(doc="d1", stance="planned"), rec(doc="d2", stance="denied", outlet="ap")]).contested


def test_events_contested_across_events_of_a_group_with_overlapping_periods() -> None:
    shahed = rec(doc="d1", system="Shahed-136", date="2022-10")
    denial = rec(doc="d2", outlet="irna", stance="denied", category="drone", date="2022")
    events = resolve([shahed, denial])
    assert len(events) == 2
    assert all(e.contested for e in events)


def test_events_not_contested_when_periods_do_not_overlap() -> None:
    shahed = rec(doc="d1", system="Shahed-136", date="2022-10")
    denial = rec(doc="d2", outlet="irna", stance="denied", date="2021-03")
    assert not any(e.contested for e in resolve([shahed, denial]))


def test_events_contested_by_an_undated_denial_in_the_publication_year() -> None:
    ongoing = rec(doc="d1", date="2007/..", published=dt.date(2015, 1, 1))
    denial = rec(doc="d2", outlet="tass", stance="negated", published=dt.date(2023, 4, 1))
    assert all(e.contested for e in resolve([ongoing, denial]))


def test_events_contested_only_within_the_type_and_dyad() -> None:
    transfer = rec(doc="d1")
    other_type = rec(doc="d2", type="order", stance="denied")
    other_dyad = rec(doc="d3", recipient="SDN", stance="denied")
    assert not any(e.contested for e in resolve([transfer, other_type, other_dyad]))


def test_events_agreement_denial_contests_either_direction() -> None:
    a = rec(type="agreement", supplier="IRN", recipient="BOL", category=None, date="2023-07")
    b = rec(type="agreement", supplier="BOL", recipient="IRN", category=None, doc="d2", stance="denied", outlet="ap", date="2023")
    assert one([a, b]).contested


def test_events_undated_unpublished_claim_overlaps_every_period() -> None:
    denial = rec(doc="d2", stance="denied", date=None, published=None, outlet="ap")
    assert all(e.contested for e in resolve([rec(doc="d1", date="2019"), denial]))


# -- order independence and incremental resolution -----------------------------

POOL = [
    rec(doc="a1", system="Shahed-136", date="2022-10", outlet="ap"),
    rec(doc="a2", system="Shahed-136", date="2022", outlet="bbc", stance="claimed"),
    rec(doc="a3", original="a1", outlet="yahoo", system="Shahed-136", date="2022-10"),
    rec(doc="a4", stance="denied", outlet="irna", outlet_kind="state media", outlet_state="IRN", published=dt.date(2022, 11, 2)),
    rec(doc="a5", stance="asserted", date="2021", outlet="ap"),
    rec(doc="a6", type="agreement", supplier="BOL", recipient="IRN", category=None, outlet="irna"),
    rec(doc="a7", type="agreement", supplier="IRN", recipient="BOL", category=None, stance="denied", outlet="efe"),
    rec(doc="a8", recipient="SDN", system="Mohajer-6", outlet=None, published=None),
    rec(doc="a9", recipient="SDN", system="Mohajer-6", status=ReviewStatus.REJECTED),
    rec(doc="b1", type="sanction", by="USA", outlet="voa", outlet_kind="state media", outlet_state="USA"),
    rec(doc="b2", type="sanction", by="EU", stance="claimed", date="2023-07-12/2023-07-14"),
    rec(doc="b3", system="Shahed-136", date="2022-10", outlet="ap", sentence=3, status=ReviewStatus.CONFIRMED),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(POOL), st.lists(st.sampled_from(POOL), max_size=4))
def test_events_resolve_is_order_independent(shuffled: list[ClaimRecord], repeats: list[ClaimRecord]) -> None:
    assert resolve(shuffled + repeats) == resolve(POOL)


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_events_incremental_resolution_of_a_group_equals_from_scratch(rnd: random.Random) -> None:
    """A store keeps events by id and re-resolves whole groups a batch touches; the end state matches."""
    pool = POOL[:]
    rnd.shuffle(pool)
    cut = rnd.randrange(len(pool) + 1)
    stored: list[ClaimRecord] = []
    events: dict[str, Event] = {}
    for batch in (pool[:cut], pool[cut:]):
        stored.extend(batch)
        touched = {group_key(r) for r in batch}
        in_groups = [r for r in stored if group_key(r) in touched]
        for e in list(events.values()):
            if (e.type.value, e.supplier, e.recipient) in touched:
                del events[e.id]
        events.update({e.id: e for e in resolve(in_groups)})
    assert sorted(events.values(), key=lambda e: e.id) == resolve(POOL)


def test_events_pool_resolves_as_expected() -> None:
    events = {(e.type.value, e.recipient, e.system, e.by, e.year): e for e in resolve(POOL)}
    shahed = events[("transfer", "RUS", "Shahed-136", None, 2022)]
    assert shahed.outlets == 2  # ap (a1, b3) and bbc; the yahoo copy of a1 adds nothing
    assert shahed.contested  # a4 denies drones to Russia in 2022
    assert shahed.status == ReviewStatus.CONFIRMED
    assert not events[("transfer", "RUS", None, None, 2021)].contested
    assert events[("agreement", "IRN", None, None, 2023)].contested
    assert events[("transfer", "SDN", "Mohajer-6", None, None)].outlets == 1
    assert len(events) == 7
