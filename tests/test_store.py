"""The store (issue 3), one suite run against SQLite and against PostgreSQL.

PostgreSQL tests need ARMSWATCH_TEST_PG (a postgresql:// URL; .ci/run sets it)
and skip without it. Each PostgreSQL test gets a schema of its own, dropped
after. Inputs are hand-built claims; ids come from events.keys.claim_id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import multiprocessing as mp
import os
import random
import signal
import time
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.errors import UsageError
from armswatch.events import resolve
from armswatch.events.keys import claim_id
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
from armswatch.store import Batch, ClaimFilter, DocumentRecord, EventFilter, Review, SqlStore, UnknownTarget, open_store
from armswatch.store.engine import engine_url
from tests.conftest import PG_ENV, StoreFactory, _pg_url  # noqa: F401  (fixtures make_store and store live in conftest)

VERSION = "test-1"
ALL = EventFilter(limit=1_000_000)


# -- fixtures -------------------------------------------------------------------------------


# -- hand-built inputs -------------------------------------------------------------------------


def article(
    *sentences: str,
    published: str | None = "2023-05-01",
    outlet: str | None = "a.example",
    bands: tuple[str, ...] = (),
    original: str | None = None,
    skip: str | None = None,
) -> DocumentRecord:
    """A document whose sentences are its lines."""
    text = "\n".join(sentences)
    doc = Document(
        id=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        label=f"news/{sentences[0][:12]}.txt",
        url=f"https://{outlet}/{len(text)}" if outlet else None,
        title=sentences[0][:20],
        outlet=outlet,
        published=dt.date.fromisoformat(published) if published else None,
        language="en",
    )
    info = OutletInfo(outlet, outlet.split(".")[0].title(), outlet, "newspaper") if outlet else None
    return DocumentRecord(doc, info, original, bands, skip, VERSION)


def claim(
    doc: DocumentRecord,
    sentence: int,
    type_: str,
    supplier: str | None,
    recipient: str | None,
    stance: str = "asserted",
    *,
    system: str | None = None,
    category: str | None = "drone",
    date: str | None = None,
    by: str | None = None,
    value: Value | None = None,
    status: ReviewStatus = ReviewStatus.UNREVIEWED,
) -> ClaimRecord:
    d = doc.document
    lines = d.text.split("\n")
    start = sum(len(line) + 1 for line in lines[:sentence])
    text = lines[sentence]
    c = Claim(
        type=EventType(type_),
        supplier=supplier,
        recipient=recipient,
        stance=Stance(stance),
        evidence=Evidence(
            d.label, d.id, sentence, start, start + len(text), text, ((start, start + 4, "supplier"), (start + 5, start + 9, "trigger"))
        ),
        rule_id=f"{type_}.test.v1",
        by=by,
        system=system,
        category=Category(category) if category else None,
        attributed_to="the ministry" if stance == "claimed" else None,
        date=date,
        date_text=f"in {date}" if date else None,
        quantity=3 if system else None,
        quantity_text="three" if system else None,
        value=value,
        confidence=0.75,
    )
    return ClaimRecord(
        claim_id(c),
        c,
        d.published,
        doc.outlet.id if doc.outlet else None,
        doc.original or d.id,
        VERSION,
        status=status,
        outlet_kind=doc.outlet.kind if doc.outlet else None,
    )


def corpus() -> tuple[list[DocumentRecord], list[ClaimRecord]]:
    """Five events: a Shahed transfer seen by two outlets and denied by a third (contested), a request, an
    order, a sanction."""
    a = article(
        "Iran delivered Shahed-136 drones to Russia.", "Washington sanctioned Iran over it.", outlet="a.example", bands=("b1", "b2")
    )
    b = article("Iran has supplied Shahed-136 drones to Moscow, reports said.", published="2023-05-03", outlet="b.example", bands=("b3",))
    c = article("Tehran denied supplying any drones to Russia.", published="2023-05-04", outlet="c.example")
    d = article("Algeria requested Iranian missiles in October 2022.", published="2022-11-02", outlet="d.example")
    e = article("Albania purchased three Bayraktar TB2 drones.", published="2024-01-10", outlet="e.example")
    claims = [
        claim(a, 0, "transfer", "IRN", "RUS", system="Shahed-136"),
        claim(a, 1, "sanction", "IRN", "RUS", by="USA"),
        claim(b, 0, "transfer", "IRN", "RUS", "claimed", system="Shahed-136"),
        claim(c, 0, "transfer", "IRN", "RUS", "denied"),
        claim(d, 0, "request", "IRN", "DZA", "claimed", category="missile", date="2022-10"),
        claim(e, 0, "order", "TUR", "ALB", system="Bayraktar TB2", value=Value(370000000.0, "USD")),
    ]
    return [a, b, c, d, e], claims


def name(e: Event) -> str:
    return f"{e.type.value}:{e.supplier}>{e.recipient}:{e.system or (e.category.value if e.category else None)}"


def names(events: list[Event]) -> set[str]:
    return {name(e) for e in events}


def stored_records(store: SqlStore) -> list[ClaimRecord]:
    return [c.record for c in store.claims(ClaimFilter(limit=1_000_000))]


def assert_consistent(store: SqlStore) -> None:
    """The stored events are what resolving every stored claim from scratch gives (with the latest review of each
    event overlaid on its status; listings leave rejected events out), and links agree; on SQLite the full-text
    index matches the claims (FTS5's own integrity check raises otherwise)."""
    if store.dialect == "sqlite":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)")
    records = stored_records(store)
    latest = {r.target_id: r.status for r in store.reviews() if r.target == "event"}
    resolved = resolve(records)
    expected = [
        e if latest.get(e.id, ReviewStatus.UNREVIEWED) == ReviewStatus.UNREVIEWED else dataclasses.replace(e, status=latest[e.id])
        for e in resolved
        if latest.get(e.id) != ReviewStatus.REJECTED
    ]
    assert sorted(store.events(ALL), key=lambda e: e.id) == expected
    member = {cid: e.id for e in resolved for cid in e.claim_ids}
    for c in store.claims(ClaimFilter(limit=1_000_000)):
        assert c.event_id == member.get(c.record.id)


# -- schema ------------------------------------------------------------------------------


def test_store_upgrade_is_idempotent(store: SqlStore) -> None:
    before = store.table_digest()
    store.upgrade()
    store.upgrade()
    assert store.table_digest() == before
    assert store.counts().documents == 0


@pytest.mark.parametrize(
    ("url", "driver", "database"),
    [
        ("armswatch.db", "sqlite", "armswatch.db"),
        ("sqlite:///x.db", "sqlite", "x.db"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg", "db"),
        ("postgres://u@h/db", "postgresql+psycopg", "db"),
    ],
)
def test_store_url_picks_the_database(url: str, driver: str, database: str) -> None:
    target = engine_url(url)
    assert (target.drivername, target.database) == (driver, database)


def test_store_sqlite_uses_wal(tmp_path: Any) -> None:
    with open_store(str(tmp_path / "w.db")) as store:
        store.upgrade()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) > 0


# -- writing -----------------------------------------------------------------------------------


def test_store_write_batch_round_trips(store: SqlStore) -> None:
    docs, claims = corpus()
    skipped = [SkippedItem("bad.bin", "binary content (not text)"), SkippedItem("empty.txt", "empty (no text)")]
    result = store.write_batch(Batch(docs, claims, skipped, source="news/"))
    assert (result.documents_added, result.claims_added, result.events_touched) == (5, 6, 5)
    assert sorted(store.documents(), key=lambda d: d.document.id) == sorted(
        [DocumentRecord(d.document, d.outlet, d.original, tuple(sorted(d.bands)), d.skip_reason, d.extractor_version) for d in docs],
        key=lambda d: d.document.id,
    )
    assert sorted(stored_records(store), key=lambda r: r.id) == sorted(claims, key=lambda r: r.id)
    stored = store.claims(ClaimFilter(doc_id=docs[4].document.id))
    assert [c.record.claim.evidence.spans for c in stored] == [claims[5].claim.evidence.spans]
    assert (stored[0].url, stored[0].title, stored[0].outlet_name) == (docs[4].document.url, docs[4].document.title, "E")
    assert {(s.label, s.reason) for s in store.skipped()} == {(s.label, s.reason) for s in skipped}
    assert store.has_documents([docs[0].document.id, "nope"]) == {docs[0].document.id}
    assert store.source_done("news/") and not store.source_done("other/")
    counts = store.counts()
    assert (counts.documents, counts.claims, counts.events, counts.contested) == (5, 6, 5, 2)
    assert counts.skipped_by_reason == {"binary content (not text)": 1, "empty (no text)": 1}


def test_store_same_batch_twice_changes_nothing(store: SqlStore) -> None:
    docs, claims = corpus()
    batch = Batch(docs, claims, [SkippedItem("bad.bin", "binary content (not text)")], source="news/")
    store.write_batch(batch)
    digest = store.table_digest()
    again = store.write_batch(batch)
    assert (again.documents_added, again.claims_added, again.events_touched) == (0, 0, 0)
    assert store.table_digest() == digest
    assert store.counts().skipped_by_reason == {"binary content (not text)": 1}


def test_store_documents_not_extracted_are_logged(store: SqlStore) -> None:
    doc = article("Der Iran lieferte Drohnen.", skip="not English (detected 'de'); stored, not extracted")
    store.write_batch(Batch([doc]))
    assert store.counts().documents_skipped == 1
    assert store.skipped() == [SkippedItem(doc.document.label, doc.skip_reason or "", "extract")]


def test_store_events_merge_by_key(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    by_name = {name(e): e for e in store.events(ALL)}
    shahed = by_name["transfer:IRN>RUS:Shahed-136"]
    assert set(shahed.claim_ids) == {claims[0].id, claims[2].id}
    assert (shahed.first_seen, shahed.last_seen, shahed.outlets) == (dt.date(2023, 5, 1), dt.date(2023, 5, 3), 2)
    assert shahed.contested and by_name["transfer:IRN>RUS:drone"].contested  # claimed and denied, same type, dyad and year
    assert not by_name["sanction:IRN>RUS:drone"].contested
    assert dict(shahed.stances) == {"asserted": 1, "claimed": 1}
    assert store.event(shahed.id) == shahed
    assert store.event("0" * 32) is None
    assert_consistent(store)


def test_store_events_resolve_incrementally_as_from_scratch(store: SqlStore) -> None:
    docs, claims = corpus()
    for doc in docs:  # one document a batch, in an order that splits the contested group
        store.write_batch(Batch([doc], [c for c in claims if c.claim.evidence.doc_id == doc.document.id]))
    assert_consistent(store)
    assert store.counts().contested == 2


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_store_incremental_events_equal_from_scratch_through_batches_reviews_and_reextraction(
    make_store: StoreFactory, rnd: random.Random
) -> None:
    """Only the events a write touches are resolved again (and their groups' contested flags checked); after any
    order of batches, claim and event reviews and reextractions the store holds what resolving all its claims gives."""
    store = make_store()
    items = big_corpus(24)
    rnd.shuffle(items)
    cut = sorted(rnd.sample(range(1, len(items)), 3))
    written: list[tuple[DocumentRecord, list[ClaimRecord]]] = []
    for part in (items[: cut[0]], items[cut[0] : cut[1]], items[cut[1] : cut[2]], items[cut[2] :]):
        store.write_batch(Batch([d for d, _ in part], [c for _, cs in part for c in cs]))
        written.extend(part)
        assert_consistent(store)
        target = rnd.choice(stored_records(store))
        store.review(Review("claim", target.id, rnd.choice([ReviewStatus.REJECTED, ReviewStatus.CONFIRMED, ReviewStatus.UNREVIEWED])))
        assert_consistent(store)
        stored_events = store.events(ALL)
        if stored_events:
            store.review(Review("event", rnd.choice(stored_events).id, rnd.choice(list(ReviewStatus))))
        assert_consistent(store)
        doc, claims = rnd.choice(written)
        kept = [c for c in claims if rnd.random() < 0.5]  # a reextraction drops some claims and finds a denial
        denial = claim(doc, 1, "transfer", claims[0].claim.supplier, claims[0].claim.recipient, "denied", date="2021")
        store.replace_claims(doc.document.id, [*kept, denial], "test-2")
        assert_consistent(store)


def test_store_near_duplicates_by_band(store: SqlStore) -> None:
    first = article("Iran delivered drones to Russia.", bands=("x1", "x2"))
    copy = article("Iran delivered drones to Russia, AP reported.", bands=("x2", "x3"), original=first.document.id)
    store.write_batch(Batch([first]))
    store.write_batch(Batch([copy]))
    assert store.near_duplicates(["x2"]) == [first.document.id, copy.document.id]
    assert store.near_duplicates(["x3", "zz"]) == [copy.document.id]
    assert store.near_duplicates(["zz"]) == []
    stored = {d.document.id: d for d in store.documents()}
    assert stored[copy.document.id].original == first.document.id


def test_store_migration_0005_recomputes_band_hashes_from_the_text(store: SqlStore) -> None:
    from armswatch.ingest.dedupe import minhash_bands

    docs = [
        article(f"Iran delivered {n} drones to Russia, officials in Kyiv said on Monday.", bands=(f"old{n}", "shared")) for n in range(3)
    ]
    store.write_batch(Batch(docs))
    with store.engine.begin() as conn:  # as a store made before revision 0005 was written
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0004'"))
    store.upgrade("0005")
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT doc_id, band FROM doc_bands ORDER BY doc_id, band")).all()
    expected = sorted((d.document.id, band) for d in docs for band in set(minhash_bands(d.document.text)))
    assert rows == expected
    assert store.near_duplicates(["shared"]) == []


def test_store_migration_0006_fills_keys_and_periods_as_the_writer_does(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    columns = {"claims": ("id", "key_id", "p_start", "p_end"), "events": ("id", "p_start", "p_end", "contested")}

    def snapshot() -> dict[str, list[Any]]:
        with store.engine.connect() as conn:
            return {t: conn.execute(sa.text(f"SELECT {', '.join(c)} FROM {t} ORDER BY id")).all() for t, c in columns.items()}

    written = snapshot()
    assert written["claims"] and all(row[1] and row[2] and row[3] for row in written["claims"])
    store.downgrade("0005")
    store.upgrade()
    assert snapshot() == written


def test_store_copies_count_once_as_an_outlet(store: SqlStore) -> None:
    first = article("Iran delivered drones to Russia.", outlet="a.example")
    copy = article("Iran delivered drones to Russia (AP).", outlet="b.example", original=first.document.id)
    other = article("Russia received Iranian drones.", outlet="c.example")
    store.write_batch(Batch([first, copy, other], [claim(d, 0, "transfer", "IRN", "RUS") for d in (first, copy, other)]))
    [event] = store.events(ALL)
    assert (len(event.claim_ids), event.outlets) == (3, 2)


# -- queries ------------------------------------------------------------------------------------


FILTERS = {
    "supplier": (EventFilter(supplier="TUR"), {"order:TUR>ALB:Bayraktar TB2"}),
    "recipient": (EventFilter(recipient="DZA"), {"request:IRN>DZA:missile"}),
    "actor": (EventFilter(actor="ALB"), {"order:TUR>ALB:Bayraktar TB2"}),
    "actor, both sides": (EventFilter(actor="RUS", types=("transfer",)), {"transfer:IRN>RUS:Shahed-136", "transfer:IRN>RUS:drone"}),
    "type": (EventFilter(types=("request", "order")), {"request:IRN>DZA:missile", "order:TUR>ALB:Bayraktar TB2"}),
    "stance": (EventFilter(stances=("denied",)), {"transfer:IRN>RUS:drone"}),
    "system": (EventFilter(system="Shahed-136"), {"transfer:IRN>RUS:Shahed-136"}),
    "category": (EventFilter(category="missile"), {"request:IRN>DZA:missile"}),
    "contested": (EventFilter(contested=True), {"transfer:IRN>RUS:Shahed-136", "transfer:IRN>RUS:drone"}),
    "not contested": (EventFilter(contested=False, types=("order", "sanction")), {"order:TUR>ALB:Bayraktar TB2", "sanction:IRN>RUS:drone"}),
    "since": (EventFilter(since=dt.date(2023, 6, 1)), {"order:TUR>ALB:Bayraktar TB2"}),
    "since, event date": (EventFilter(since=dt.date(2022, 10, 15), until=dt.date(2022, 10, 20)), {"request:IRN>DZA:missile"}),
    "until": (EventFilter(until=dt.date(2022, 12, 31)), {"request:IRN>DZA:missile"}),
    "min outlets": (EventFilter(min_outlets=2), {"transfer:IRN>RUS:Shahed-136"}),
    "text": (EventFilter(text="denied"), {"transfer:IRN>RUS:drone"}),
    "text, stemmed": (EventFilter(text="Bayraktar purchase"), {"order:TUR>ALB:Bayraktar TB2"}),
    "text with syntax": (EventFilter(text='Washington "sanctioned" (*'), {"sanction:IRN>RUS:drone"}),
    "reviewed only": (EventFilter(include_unreviewed=False), set()),
}


@pytest.mark.parametrize("case", list(FILTERS))
def test_store_event_filters_select(store: SqlStore, case: str) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    f, expected = FILTERS[case]
    assert names(store.events(f)) == expected


@pytest.mark.parametrize("rare", [5_000, 0], ids=["from hits", "event by event"])
def test_store_event_text_search_either_plan(store: SqlStore, monkeypatch: pytest.MonkeyPatch, rare: int) -> None:
    """SQLite finds events by text from the FTS hits (rare words) or by checking events in order (common ones)."""
    monkeypatch.setattr("armswatch.store.dialect.RARE", rare)
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    assert names(store.events(EventFilter(text="Shahed drones"))) == {"transfer:IRN>RUS:Shahed-136"}
    assert names(store.events(EventFilter(text="drones", supplier="TUR"))) == {"order:TUR>ALB:Bayraktar TB2"}
    assert names(store.events(EventFilter(text="nowhere"))) == set()


def test_store_events_order_and_page(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    by_outlets = store.events(EventFilter(order="outlets"))
    assert name(by_outlets[0]) == "transfer:IRN>RUS:Shahed-136"
    by_last = [e.last_seen or dt.date.min for e in store.events(EventFilter(order="last_seen"))]
    assert by_last == sorted(by_last, reverse=True)
    assert store.events(EventFilter(order="first_seen", limit=2, offset=1)) == store.events(EventFilter(order="first_seen"))[1:3]
    iran = store.events(EventFilter(actor="IRN"))
    assert store.events(EventFilter(actor="IRN", limit=2, offset=1)) == iran[1:3]
    assert len(iran) == 4
    with pytest.raises(UsageError, match="order"):
        store.events(EventFilter(order="nonsense"))


def test_store_claim_filters_select(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    shahed = next(e for e in store.events(ALL) if e.system == "Shahed-136")
    assert {c.record.id for c in store.claims(ClaimFilter(event=shahed.id))} == set(shahed.claim_ids)
    assert {c.record.id for c in store.claims(ClaimFilter(stances=("denied",)))} == {claims[3].id}
    assert {c.record.id for c in store.claims(ClaimFilter(types=("sanction",), supplier="IRN"))} == {claims[1].id}
    assert {c.record.id for c in store.claims(ClaimFilter(text="Algeria"))} == {claims[4].id}
    assert len(store.claims(ClaimFilter(limit=2))) == 2


# -- reviews and reextraction ------------------------------------------------------------------


def test_store_rejecting_a_claim_removes_it_from_its_event(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    store.review(Review("claim", claims[3].id, ReviewStatus.REJECTED, "misread", "ana"))
    assert "transfer:IRN>RUS:drone" not in names(store.events(ALL))  # the denial was its only claim
    shahed = next(e for e in store.events(ALL) if e.system == "Shahed-136")
    assert not shahed.contested  # nothing denies it any more
    [rejected] = store.claims(ClaimFilter(stances=("denied",)))
    assert (rejected.record.status, rejected.event_id) == (ReviewStatus.REJECTED, None)
    assert_consistent(store)
    store.review(Review("claim", claims[3].id, ReviewStatus.UNREVIEWED, "on second thought", "ana"))
    assert shahed.id in {e.id for e in store.events(EventFilter(contested=True))}


def test_store_event_reviews_show_as_status(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    shahed = next(e for e in store.events(ALL) if e.system == "Shahed-136")
    store.review(Review("event", shahed.id, ReviewStatus.CONFIRMED, "two sources", "ana"))
    assert store.event(shahed.id).status == ReviewStatus.CONFIRMED  # type: ignore[union-attr]
    assert [e.id for e in store.events(EventFilter(include_unreviewed=False))] == [shahed.id]
    # A later batch re-resolves the group; the event keeps its review.
    extra = article("Iran shipped more Shahed-136 drones to Russia.", published="2023-05-09", outlet="f.example")
    store.write_batch(Batch([extra], [claim(extra, 0, "transfer", "IRN", "RUS", system="Shahed-136")]))
    assert store.event(shahed.id).status == ReviewStatus.CONFIRMED  # type: ignore[union-attr]
    store.review(Review("event", shahed.id, ReviewStatus.REJECTED, "duplicate", "bob"))
    assert shahed.id not in {e.id for e in store.events(ALL)}
    assert store.event(shahed.id).status == ReviewStatus.REJECTED  # type: ignore[union-attr]
    assert [(r.status, r.who) for r in store.reviews(shahed.id)] == [(ReviewStatus.CONFIRMED, "ana"), (ReviewStatus.REJECTED, "bob")]
    assert all(r.at is not None and r.at.tzinfo is not None for r in store.reviews())


def test_store_review_of_unknown_target_says_so(store: SqlStore) -> None:
    with pytest.raises(UnknownTarget, match="not in the store"):
        store.review(Review("claim", "f" * 32, ReviewStatus.CONFIRMED))


def test_store_reviews_survive_replace_claims(store: SqlStore) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs, claims))
    a = docs[0]
    store.review(Review("claim", claims[0].id, ReviewStatus.CONFIRMED, "seen the footage", "ana"))
    store.review(Review("claim", claims[1].id, ReviewStatus.REJECTED, "not a sanction", "ana"))
    # New rules: the transfer claim again (now dated), the sanction gone, a new production claim.
    dated = claim(a, 0, "transfer", "IRN", "RUS", system="Shahed-136", date="2022-08")
    assert dated.id == claims[0].id
    new = claim(a, 1, "production", "IRN", "RUS")
    store.replace_claims(a.document.id, [dated, new], "test-2")
    by_id = {c.record.id: c.record for c in store.claims(ClaimFilter(doc_id=a.document.id))}
    assert set(by_id) == {claims[0].id, new.id}
    assert by_id[claims[0].id].status == ReviewStatus.CONFIRMED
    assert by_id[claims[0].id].claim.date == "2022-08"
    assert {r.extractor_version for r in by_id.values()} == {"test-2"}
    assert len(store.reviews()) == 2
    assert_consistent(store)
    # The sanction claim coming back later brings its rejection with it.
    store.replace_claims(a.document.id, [dated, new, claims[1]], "test-3")
    assert store.claims(ClaimFilter(types=("sanction",)))[0].record.status == ReviewStatus.REJECTED
    assert "sanction:IRN>RUS:drone" not in names(store.events(ALL))
    assert_consistent(store)


# Text as ingest hands it over: any Unicode but NUL (PostgreSQL text cannot hold it) and lone surrogates.
TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=40)
MAYBE = st.none() | TEXT


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    sentence=TEXT,
    supplier=MAYBE,
    attributed=MAYBE,
    date=st.none() | st.sampled_from(["2022", "2022-10", "2023-07-12/2023-07-14", "2007/..", "garbage"]),
    amount=st.none() | st.floats(min_value=0, max_value=1e12, allow_nan=False),
    confidence=st.floats(min_value=0, max_value=1),
    stance=st.sampled_from(list(Stance)),
)
def test_store_claims_round_trip(
    store: SqlStore,
    sentence: str,
    supplier: str | None,
    attributed: str | None,
    date: str | None,
    amount: float | None,
    confidence: float,
    stance: Stance,
) -> None:
    doc = article(sentence, uuid.uuid4().hex, published=None, outlet=None)  # a new document each example
    made = claim(doc, 0, "transfer", supplier, "XXB", stance.value, date=date, value=None if amount is None else Value(amount, "EUR"))
    c = dataclasses.replace(made.claim, attributed_to=attributed, confidence=confidence)
    record = ClaimRecord(claim_id(c), c, None, None, doc.document.id, VERSION)
    store.write_batch(Batch([doc], [record]))
    [stored] = store.claims(ClaimFilter(doc_id=doc.document.id))
    assert stored.record == record
    assert next(d for d in store.documents() if d.document.id == doc.document.id).document == doc.document


# -- failures ----------------------------------------------------------------------------------


def test_store_crash_mid_batch_leaves_nothing(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, claims = corpus()
    store.write_batch(Batch(docs[:2], [c for c in claims if c.claim.evidence.doc_id in {docs[0].document.id, docs[1].document.id}]))
    before = store.table_digest()
    orphan = claim(article("A sentence of a document never stored."), 0, "transfer", "XXA", "XXB")
    with pytest.raises(sa.exc.IntegrityError):  # a claim whose document is in no batch
        store.write_batch(Batch(docs[2:], [*claims, orphan], [SkippedItem("x", "y")], source="s"))
    assert store.table_digest() == before

    def boom(*args: Any) -> Event:
        raise RuntimeError("killed while resolving")

    monkeypatch.setattr("armswatch.store.write.resolve_event", boom)
    with pytest.raises(RuntimeError):
        store.write_batch(Batch(docs[2:], claims, [SkippedItem("x", "y")], source="s"))
    assert store.table_digest() == before
    assert not store.source_done("s")


# -- several processes ---------------------------------------------------------------------------


def _write_batches(url: str, batches: list[Batch], progress: Any = None, slow: float = 0.0, start: Any = None) -> None:
    """A separate ingest process: writes the batches in order (spawned, so it shares nothing)."""
    if slow:
        import armswatch.store.write as write

        real = write.resolve_event

        def resolve_slowly(*args: Any) -> Event:
            time.sleep(slow)  # widen the window a kill lands inside a transaction
            return real(*args)

        write.resolve_event = resolve_slowly  # type: ignore[assignment]
    with open_store(url) as store:
        if start is not None:
            start.wait(60)  # both processes connected: now write at once
        for batch in batches:
            store.write_batch(batch)
            if progress is not None:
                with progress.get_lock():
                    progress.value += 1


def big_corpus(n: int = 60) -> list[tuple[DocumentRecord, list[ClaimRecord]]]:
    """Documents over a few dyads and years, stances mixed, so groups are shared and some are contested."""
    out = []
    dyads = [("IRN", "RUS"), ("IRN", "DZA"), ("TUR", "ALB"), ("CHN", "SRB")]
    stances = ["asserted", "claimed", "asserted", "denied", "planned"]
    for i in range(n):
        s, r = dyads[i % len(dyads)]
        doc = article(
            f"Report {i}: {s} and {r} drones.",
            f"Follow-up {i}.",
            published=f"{2020 + i % 3}-0{1 + i % 9}-1{i % 10}",
            outlet=f"o{i % 7}.example",
            bands=(f"band{i}", f"band{i // 2}x"),
        )
        claims = [
            claim(doc, 0, "transfer", s, r, stances[i % 5], system=None if i % 2 else "Shahed-136"),
            claim(doc, 1, ["order", "request", "agreement"][i % 3], s, r, stances[(i + 1) % 5]),
        ]
        out.append((doc, claims))
    return out


def batches_of(items: list[tuple[DocumentRecord, list[ClaimRecord]]], size: int) -> list[Batch]:
    return [
        Batch([d for d, _ in items[i : i + size]], [c for _, cs in items[i : i + size] for c in cs]) for i in range(0, len(items), size)
    ]


def test_store_two_processes_lose_and_duplicate_nothing(make_store: StoreFactory) -> None:
    """Two ingest processes at once: on PostgreSQL they interleave by group, on SQLite they take turns."""
    store = make_store()
    items = big_corpus()
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_write_batches, args=(_url_of(store), batches_of(items[:40], 4), None, 0.005, start)),
        ctx.Process(target=_write_batches, args=(_url_of(store), batches_of(items[20:][::-1], 3), None, 0.005, start)),
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    all_claims = {c.id for _, cs in items for c in cs}
    records = stored_records(store)
    assert sorted(r.id for r in records) == sorted(all_claims)  # every claim, once
    assert store.counts().documents == len(items)
    assert_consistent(store)
    serial = make_store()
    serial.write_batch(batches_of(items, len(items))[0])
    assert serial.table_digest() == store.table_digest()


def test_store_kill_mid_ingest_then_rerun_finishes(make_store: StoreFactory) -> None:
    store = make_store()
    items = big_corpus(40)
    batches = batches_of(items, 2)
    ctx = mp.get_context("spawn")
    progress = ctx.Value("i", 0)
    worker = ctx.Process(target=_write_batches, args=(_url_of(store), batches, progress, 0.05))
    worker.start()
    deadline = time.monotonic() + 60
    while progress.value < 3 and time.monotonic() < deadline and worker.is_alive():
        time.sleep(0.01)
    time.sleep(0.02)
    assert worker.pid is not None
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(30)
    assert 3 <= store.counts().documents < len(items)
    assert_consistent(store)
    for batch in batches:  # the same command again
        store.write_batch(batch)
    assert_consistent(store)
    serial = make_store()
    serial.write_batch(batches_of(items, len(items))[0])
    assert serial.table_digest() == store.table_digest()


def _url_of(store: SqlStore) -> str:
    return store.engine.url.render_as_string(hide_password=False)
