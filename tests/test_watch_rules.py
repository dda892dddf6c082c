"""Watchlist rules (loading, one-line errors) and alert evaluation as a pure function of events before and after.

Events here are built by hand, so each test shows the rule, not the extractor.
Also the small pure parts of watch mode: durations, the backoff, conditional
requests in the Fetcher, and the schema of revision 0003 against schema.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from armswatch.catalog import Catalog, load
from armswatch.errors import InputError, UsageError
from armswatch.ingest.fetch import Fetcher
from armswatch.model import Event, EventType, ReviewStatus
from armswatch.store.schema import metadata
from armswatch.watch.alerts import Touched, evaluate, group_of
from armswatch.watch.feeds import Schedule, parse_duration
from armswatch.watch.rules import Rule, RuleError, load_rules
from tests.conftest import StoreFactory

SAMPLE_RULES = Path(__file__).resolve().parents[1] / "armswatch" / "samples" / "alerts.toml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load()


def ev(
    type_: str,
    supplier: str,
    recipient: str,
    *,
    system: str | None = None,
    outlets: int = 1,
    contested: bool = False,
    stances: tuple[tuple[str, int], ...] = (("claimed", 1),),
    year: int = 2025,
    status: ReviewStatus = ReviewStatus.UNREVIEWED,
) -> Event:
    return Event(
        id=f"{type_}-{supplier}-{recipient}-{system}-{year}",
        type=EventType(type_),
        supplier=supplier,
        recipient=recipient,
        by=None,
        system=system,
        category=None,
        year=year,
        first_seen=None,
        last_seen=None,
        claim_ids=(),
        outlets=outlets,
        corroboration=0.5,
        contested=contested,
        status=status,
        stances=stances,
    )


def fired(rules: list[Rule], before: list[Event], after: list[Event], untouched: tuple[Event, ...] = ()) -> list[str]:
    """The changes the rules report when a batch turned `before` into `after` (plus events of other groups, unchanged)."""
    touched = Touched(before={e.id: e for e in before}, after={e.id: e for e in after}, groups={group_of(e) for e in before + after})

    def dyads(supplier: str, recipient: str) -> tuple[list[Event], list[Event]]:
        def mine(events: list[Event]) -> list[Event]:
            return [
                e
                for e in [*untouched, *events]
                if {e.supplier, e.recipient} == {supplier, recipient}
                and (e.type == EventType.AGREEMENT or (e.supplier, e.recipient) == (supplier, recipient))
            ]

        return mine(before), mine(after)

    return [f"{a.rule_id}: {a.change.split(' (')[0]}" for a in evaluate(rules, touched, dyads)]


NEW = Rule("new", "new_recipient", supplier="IRN")
STAGE = Rule("stage", "stage")
CONTESTED = Rule("contested", "contested")
SHAHED = Rule("shahed", "system", system="Shahed-136")


def test_rules_sample_watchlist_loads_and_follows_aliases(catalog: Catalog) -> None:
    rules = load_rules(SAMPLE_RULES, catalog)
    assert [(r.id, r.kind) for r in rules] == [
        ("irn-new-recipient", "new_recipient"),
        ("shahed-136", "system"),
        ("contested", "contested"),
        ("stage-drones", "stage"),
    ]
    assert rules[1].system == "Shahed-136"  # written as its alias Geran-2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[rule]]\nid = "a"\nkind = "sold"', "rule 1 (a): kind 'sold' is not one of new_recipient, system, contested, stage"),
        ('[[rule]]\nkind = "stage"', "rule 1: needs an id of letters, digits"),
        ('[[rule]]\nid = "a"\nkind = "stage"\nsuplier = "IRN"', "rule 1 (a): unknown field 'suplier'; a rule has id, kind, supplier"),
        ('[[rule]]\nid = "a"\nkind = "system"\nsystem = "Flying Teapot"', "system 'Flying Teapot' is not in the catalog"),
        ('[[rule]]\nid = "a"\nkind = "system"', 'a system rule needs system = "NAME"'),
        ('[[rule]]\nid = "a"\nkind = "stage"\nsupplier = "Atlantis"', "supplier 'Atlantis' is not a party in the catalog"),
        ('[[rule]]\nid = "a"\nkind = "stage"\ntypes = ["sale"]', "types: 'sale' not known; use offer, interest"),
        ('[[rule]]\nid = "a"\nkind = "stage"\nmin_outlets = 0', "min_outlets must be a whole number, 1 or more"),
        ('[[rule]]\nid = "a"\nkind = "stage"\n[[rule]]\nid = "a"\nkind = "contested"', "rule id 'a' is used twice"),
        ('[rules]\nid = "a"', "unknown table 'rules'; a watchlist is a list of [[rule]] tables"),
        ("[[rule]\nid = ", "not valid TOML"),
    ],
)
def test_rules_mistakes_are_one_line_with_the_remedy(tmp_path: Path, catalog: Catalog, text: str, message: str) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(text)
    with pytest.raises(RuleError) as info:
        load_rules(path, catalog)
    assert message in str(info.value) and str(info.value).startswith(str(path)) and "\n" not in str(info.value)
    assert isinstance(info.value, UsageError)


def test_rules_parties_are_matched_as_the_catalog_spells_them(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text('[[rule]]\nid = "a"\nkind = "new_recipient"\nsupplier = "irn"\nrecipient = "houthis"')
    (rule,) = load_rules(path, catalog)
    assert (rule.supplier, rule.recipient) == ("IRN", "Houthis")


def test_alerts_new_recipient_fires_for_a_first_dyad_only() -> None:
    sdn = ev("transfer", "IRN", "SDN", system="Mohajer-6")
    assert fired([NEW], [], [sdn]) == ["new: new recipient of IRN: SDN"]
    assert fired([NEW], [], [sdn], untouched=(ev("request", "IRN", "SDN", year=2016),)) == []  # seen before, in another group
    assert fired([NEW], [], [ev("transfer", "TUR", "SDN")]) == []  # another supplier


def test_alerts_new_recipient_waits_for_min_outlets() -> None:
    rule = Rule("new2", "new_recipient", supplier="IRN", min_outlets=2)
    one, two = ev("transfer", "IRN", "SDN"), ev("transfer", "IRN", "SDN", outlets=2)
    assert fired([rule], [], [one]) == []
    assert fired([rule], [one], [two]) == ["new2: new recipient of IRN: SDN"]  # the second outlet makes it count
    assert fired([rule], [two], [ev("transfer", "IRN", "SDN", outlets=3)]) == []


def test_alerts_new_recipient_ignores_denials_and_reads_agreements_both_ways() -> None:
    denied = ev("transfer", "IRN", "BOL", stances=(("denied", 1),))
    assert fired([NEW], [], [denied]) == []
    agreement = ev("agreement", "BOL", "IRN")  # an agreement's pair is stored sorted
    assert fired([NEW], [], [agreement]) == ["new: new recipient of IRN: BOL"]


def test_alerts_stage_moves_on_affirmed_claims_only() -> None:
    ask = ev("request", "IRN", "BLR")
    assert fired([STAGE], [], [ask]) == []  # a first sighting is not a move
    got = ev("transfer", "IRN", "BLR", year=2026)
    assert fired([STAGE], [], [got], untouched=(ask,)) == ["stage: stage request -> transfer: IRN -> BLR"]
    denied = ev("transfer", "IRN", "BLR", year=2026, stances=(("denied", 1),))
    assert fired([STAGE], [], [denied], untouched=(ask,)) == []
    assert fired([STAGE], [], [ev("offer", "IRN", "BLR", year=2026)], untouched=(ask,)) == []  # an earlier stage is no move


def test_alerts_contested_fires_when_an_event_becomes_contested() -> None:
    plain, flagged = ev("transfer", "IRN", "RUS", system="Shahed-136"), ev("transfer", "IRN", "RUS", system="Shahed-136", contested=True)
    assert fired([CONTESTED], [plain], [flagged]) == ["contested: became contested: transfer IRN -> RUS, Shahed-136, 2025, 1 outlet"]
    assert fired([CONTESTED], [flagged], [flagged]) == []
    assert fired([CONTESTED], [], [flagged]) != []  # new, and contested from its first claims


def test_alerts_system_rule_and_rejected_events() -> None:
    shahed = ev("use", "IRN", "RUS", system="Shahed-136")
    assert fired([SHAHED], [], [shahed]) == ["shahed: Shahed-136: use IRN -> RUS, Shahed-136, 2025, 1 outlet"]
    assert fired([SHAHED], [shahed], [shahed]) == []  # once per event: more claims on it say nothing new
    assert fired([SHAHED], [], [ev("use", "IRN", "RUS", system="Mohajer-6")]) == []
    rejected = ev("use", "IRN", "RUS", system="Shahed-136", status=ReviewStatus.REJECTED)
    assert fired([SHAHED, NEW], [], [rejected]) == []


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("90s", 90), ("1h30m", 5400), ("1d", 86400), ("5", 300), ("0.5h", 1800)])
def test_watch_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "soon", "15x", "0s", "15m now"])
def test_watch_durations_refused(text: str) -> None:
    with pytest.raises(UsageError, match=r"duration|once a second"):
        parse_duration(text)


def test_watch_backoff_doubles_and_is_capped() -> None:
    schedule = Schedule(every=dt.timedelta(minutes=10), backoff_cap=dt.timedelta(hours=1))
    assert [schedule.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 100)] == [20, 40, 60, 60, 60]


def test_fetch_conditional_request_returns_304_as_a_page() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Wed, 26 Feb 2025 08:00:00 GMT"})

    with Fetcher(transport=httpx.MockTransport(handler), resolver=lambda h, p: ["93.184.216.34"]) as fetcher:
        full = fetcher.fetch("http://news.example/feed")
        again = fetcher.fetch("http://news.example/feed", etag=full.etag, last_modified=full.last_modified)
        with pytest.raises(InputError, match="HTTP 304"):  # a 304 nobody asked for is an error, as before
            Fetcher(
                transport=httpx.MockTransport(lambda r: httpx.Response(304)), resolver=lambda h, p: ["93.184.216.34"], robots=False
            ).fetch("http://news.example/x")
    assert (full.status, full.etag, full.last_modified, full.not_modified) == (200, '"v1"', "Wed, 26 Feb 2025 08:00:00 GMT", False)
    assert (again.status, again.body, again.not_modified, again.etag) == (304, b"", True, '"v1"')
    assert seen[-1].headers["if-modified-since"] == "Wed, 26 Feb 2025 08:00:00 GMT"


def test_watch_tables_of_revision_0003_match_schema_py(make_store: StoreFactory) -> None:
    store = make_store()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # Full-text search is the first migration's own, by dialect (FTS5 tables, a GIN index), not in schema.py.
    assert [d for d in diff if "claims_fts" not in str(d) and "ix_claims_text_fts" not in str(d)] == []
