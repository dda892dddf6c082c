"""Watch mode against real local servers: a feed server the test controls, a webhook receiver, an SMTP server.

Time is a FakeClock, so schedules, backoff, politeness and webhook retries are
asserted without waiting for them; the only real waits are a timeout test's
0.3 s and the subprocess tests' start-up. Tests that touch the store run on
SQLite and, with ARMSWATCH_TEST_PG, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from armswatch.claims import Extractor
from armswatch.ingest.fetch import Fetcher
from armswatch.store.base import Alert, AlertFilter, FeedState
from armswatch.watch import FakeClock, Rule, Runner, Schedule
from armswatch.watch.sinks import SmtpSink, WebhookSink
from armswatch.watch.status import feed_rows, health
from tests.conftest import StoreFactory
from tests.watch_support import Item, Route, Server, page, posted, rss, serve, smtp_server

PAD = (
    " The statement came after a week of meetings in the capital. Officials gave no further details about the timing of the"
    " announcement, and reporters were told that more would be said at a briefing later in the month."
)


def item(guid: str, sentence: str, published: str = "2025-02-27", **kw: Any) -> Item:
    return Item(guid, f"Report {guid}", sentence + PAD, published, **kw)


IRN_RUS = item("irn-rus", "Iran has supplied Shahed-136 drones to Russia, officials in Kyiv said on Monday.", "2025-02-24")
IRN_SDN = item("irn-sdn", "Iran has delivered Mohajer-6 drones to Sudan, according to Western officials.", "2025-02-25")
DENIAL = item("denial", "Tehran denies sending Shahed-136 drones to Russia, the foreign ministry said.", "2025-02-26")
BLR_ASK = item("blr-ask", "Belarus has asked Iran for Shahed-136 drones, the defence ministry in Minsk said.", "2025-02-20")
BLR_GET = item("blr-get", "Iran has delivered Shahed-136 drones to Belarus, the defence ministry in Minsk said.", "2025-02-26")
RULES = [
    Rule("irn-new", "new_recipient", supplier="IRN"),
    Rule("shahed", "system", system="Shahed-136"),
    Rule("contested", "contested"),
    Rule("stage", "stage"),
]


class ListSink:
    """Collects what it is sent, like a webhook receiver that never fails."""

    name = "list"

    def __init__(self) -> None:
        self.sent: list[Alert] = []

    def send(self, alert: Alert) -> None:
        self.sent.append(alert)

    def close(self) -> None:
        pass


@pytest.fixture()
def wire() -> Iterator[Server]:
    with serve() as server:
        yield server


@pytest.fixture()
def fetchers() -> Iterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(**kw: Any) -> Fetcher:
        made.append(Fetcher(allow_private=True, **{"timeout": 5.0, **kw}))
        return made[-1]

    yield make
    for f in made:
        f.close()


@pytest.fixture()
def watcher(extractor: Extractor, fetchers: Callable[..., Fetcher]) -> Callable[..., Runner]:
    def make(
        store: Any,
        feeds: list[str],
        clock: FakeClock,
        *,
        sinks: list[Any] | None = None,
        rules: list[Rule] | None = None,
        fetcher: Fetcher | None = None,
        **schedule: Any,
    ) -> Runner:
        return Runner(
            store,
            feeds,
            rules=RULES if rules is None else rules,
            sinks=sinks or [],
            fetcher=fetcher or fetchers(),
            clock=clock,
            extractor=extractor,
            schedule=Schedule(**{"politeness": 0.0, **schedule}),
        )

    return make


def changes(alerts: list[Alert]) -> set[tuple[str, str]]:
    return {(a.rule_id, a.change.split(" (")[0]) for a in alerts}


def test_watch_new_items_between_polls_alert_once_per_event_and_rule(
    make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]
) -> None:
    store, clock, sink = make_store(), FakeClock(), ListSink()
    wire.routes["/feed"] = Route(rss([IRN_RUS]), etag='"v1"')
    runner = watcher(store, [wire.url + "/feed"], clock, sinks=[sink])
    runner.run(once=True)
    assert changes(sink.sent) == {
        ("irn-new", "new recipient of IRN: RUS"),
        ("shahed", "Shahed-136: transfer IRN -> RUS, Shahed-136, 2025, 1 outlet"),
    }

    wire.routes["/feed"] = Route(rss([IRN_SDN, IRN_RUS]), etag='"v2"')  # a new item appears at the top
    clock.advance(minutes=15)
    assert runner.poll_due() == 1
    runner.deliver()
    assert changes(sink.sent[2:]) == {("irn-new", "new recipient of IRN: SDN")}
    assert store.counts().documents == 2  # the item seen before is not read again

    clock.advance(minutes=15)
    runner.poll_due()
    last = wire.got("/feed")[-1]
    assert (last.headers.get("if-none-match"), last.status) == ('"v2"', 304)
    assert len(sink.sent) == 3

    wire.routes["/feed"] = Route(rss([DENIAL, IRN_SDN, IRN_RUS]), etag='"v3"')
    clock.advance(minutes=15)
    runner.poll_due()
    runner.deliver()
    # The denial joins the Shahed-136 event: it becomes contested; the system and new-recipient rules do not fire again.
    assert changes(sink.sent[3:]) == {("contested", "became contested: transfer IRN -> RUS, Shahed-136, 2025, 1 outlet")}
    stored = store.alerts(AlertFilter(limit=100))
    assert len(stored) == len({(a.rule_id, a.event_id) for a in stored}) == 4
    assert all(a.delivered for a in stored)
    evidence = next(a for a in stored if a.rule_id == "contested").detail["evidence"]
    assert evidence[0]["new"] and evidence[0]["stance"] == "denied" and "Tehran denies" in evidence[0]["text"]


def test_watch_stage_change_names_both_stages(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    wire.routes["/feed"] = Route(rss([BLR_ASK]))
    runner = watcher(store, [wire.url + "/feed"], clock)
    runner.run(once=True)
    wire.routes["/feed"] = Route(rss([BLR_GET, BLR_ASK]))
    runner.run(once=True)
    stage = [a for a in runner.report.alerts if a.rule_id == "stage"]
    assert [a.change for a in stage] == ["stage request -> transfer: IRN -> BLR (transfer IRN -> BLR, Shahed-136, 2025, 1 outlet)"]
    assert stage[0].detail["what"] == {"what": "stage change", "from": "request", "to": "transfer", "supplier": "IRN", "recipient": "BLR"}
    assert "Iran has delivered Shahed-136 drones to Belarus" in stage[0].detail["evidence"][0]["text"]


def test_watch_last_modified_gives_304_and_nothing_is_fetched_again(
    make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]
) -> None:
    store, clock = make_store(), FakeClock()
    stamp = "Wed, 26 Feb 2025 08:00:00 GMT"
    summary = Item("s1", "Drones for Sudan", "Short summary.", "2025-02-25", link=wire.url + "/story/1")
    wire.routes["/feed"] = Route(rss([summary]), last_modified=stamp)
    wire.routes["/story/1"] = Route(page("Drones for Sudan", [IRN_SDN.text]), content_type="text/html")
    runner = watcher(store, [wire.url + "/feed"], clock)
    runner.run(once=True)
    state = store.feed_state(wire.url + "/feed")
    assert state is not None and state.last_modified == stamp and state.etag is None
    clock.advance(minutes=15)
    runner.poll_due()
    assert [r.status for r in wire.got("/feed")] == [200, 304]
    assert wire.got("/feed")[-1].headers["if-modified-since"] == stamp
    assert len(wire.got("/story/1")) == 1  # the item's page was read once
    assert store.counts().documents == 1


def test_watch_failing_feed_backs_off_and_shows_its_error(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    wire.routes["/bad"] = Route(status=500)
    wire.routes["/good"] = Route(rss([IRN_RUS]))
    bad = wire.url + "/bad"
    runner = watcher(store, [bad, wire.url + "/good"], clock, backoff_cap=dt.timedelta(hours=2))
    waits: list[dt.timedelta] = []
    for _ in range(4):
        if waits:
            clock.advance(waits[-1].total_seconds())
        runner.poll_due()
        state = store.feed_state(bad)
        assert state is not None and state.next_poll is not None
        waits.append(state.next_poll - clock.now())
    assert waits == [dt.timedelta(minutes=30), dt.timedelta(hours=1), dt.timedelta(hours=2), dt.timedelta(hours=2)]  # doubling, capped
    row = next(r for r in feed_rows(store, clock.now()) if r["feed"] == bad)
    assert row["failures"] == 4 and row["last_error"] == "HTTP 500"
    assert health(store, clock.now())[1]["status"] == "degraded"
    wire.routes["/bad"] = Route(rss([IRN_SDN]))
    clock.advance(hours=2)
    runner.poll_due()
    state = store.feed_state(bad)
    assert state is not None and (state.failures, state.last_error, state.items_today) == (0, None, 1)


def test_watch_slow_feed_times_out_backs_off_and_others_go_on(
    make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner], fetchers: Callable[..., Fetcher]
) -> None:
    import threading

    store, clock = make_store(), FakeClock()
    wire.routes["/slow"] = Route(rss([IRN_SDN]), hold=threading.Event())
    wire.routes["/fast"] = Route(rss([IRN_RUS]))
    runner = watcher(store, [wire.url + "/slow", wire.url + "/fast"], clock, fetcher=fetchers(timeout=0.3))
    report = runner.run(once=True)
    slow = store.feed_state(wire.url + "/slow")
    assert slow is not None and slow.last_error == "timed out after 0.3 s" and slow.failures == 1
    assert slow.next_poll == clock.now() + dt.timedelta(minutes=30)
    assert report.failures == 1 and store.counts().documents == 1  # the fast feed was read all the same


def test_watch_fetches_item_pages_politely(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    items = [Item(f"p{n}", f"Story {n}", "A short summary.", f"2025-02-2{n}", link=f"{wire.url}/story/{n}") for n in (1, 2)]
    wire.routes["/feed"] = Route(rss(items))
    wire.routes["/story/1"] = Route(page("Drones for Russia", [IRN_RUS.text]), content_type="text/html")
    wire.routes["/story/2"] = Route(page("Drones for Sudan", [IRN_SDN.text]), content_type="text/html")
    runner = watcher(store, [wire.url + "/feed"], clock, politeness=5.0)
    runner.run(once=True)
    assert [r.path for r in wire.requests if r.path != "/robots.txt"] == ["/feed", "/story/1", "/story/2"]  # oldest first
    assert clock.sleeps == [5.0, 5.0]  # one host: five seconds between requests, on the fake clock
    docs = {r.document.title for r in store.documents()}
    assert docs == {"Drones for Russia", "Drones for Sudan"}
    assert {a.change.split(" (")[0] for a in runner.report.alerts if a.rule_id == "irn-new"} == {
        "new recipient of IRN: RUS",
        "new recipient of IRN: SDN",
    }


def test_watch_item_limit_leaves_the_rest_for_a_full_read(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    wire.routes["/feed"] = Route(rss([DENIAL, IRN_SDN, IRN_RUS]), etag='"v1"')
    runner = watcher(store, [wire.url + "/feed"], clock, max_items=2)
    runner.poll_due()
    state = store.feed_state(wire.url + "/feed")
    assert state is not None and state.etag is None and state.next_poll == clock.now()  # due again at once, and not conditionally
    assert store.counts().documents == 2
    runner.poll_due()
    state = store.feed_state(wire.url + "/feed")
    assert state is not None and state.etag == '"v1"' and store.counts().documents == 3
    assert [r.status for r in wire.got("/feed")] == [200, 200]
    assert "if-none-match" not in wire.got("/feed")[1].headers


def test_watch_loop_polls_on_schedule_until_stopped(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store = make_store()
    wire.routes["/feed"] = Route(rss([IRN_RUS]), etag='"v1"')

    class StopAtNoon(FakeClock):
        def sleep(self, seconds: float) -> None:
            super().sleep(seconds)
            if self.now() > dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC):
                runner.stop()

    clock = StopAtNoon()
    runner = watcher(store, [wire.url + "/feed"], clock)
    runner.run()
    assert [r.status for r in wire.got("/feed")] == [200, 304, 304, 304, 304]  # 08:00, 08:15 ... 09:00
    assert runner.stopping and store.counts().documents == 1


def test_watch_webhook_retries_then_succeeds(wire: Server) -> None:
    clock = FakeClock()
    wire.post_statuses = [500]
    alert = Alert(
        7, "irn-new", "e" * 32, "new_recipient", "new recipient of IRN: SDN", {"evidence": [{"text": "Iran has delivered"}]}, clock.now()
    )
    sink = WebhookSink(wire.url + "/hook", clock, attempts=3, backoff=2.0)
    sink.send(alert)
    sink.close()
    bodies = posted(wire, "/hook")
    assert [r.status for r in wire.got("/hook", "POST")] == [500, 200]
    assert clock.sleeps == [2.0] and bodies[0] == bodies[1]
    assert bodies[1]["id"] == 7 and bodies[1]["change"] == "new recipient of IRN: SDN" and bodies[1]["evidence"][0]["text"]


def test_watch_webhook_gives_up_and_the_alert_records_why(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    wire.post_statuses = [503, 503, 503]
    wire.routes["/feed"] = Route(rss([IRN_SDN]))
    sink = WebhookSink(wire.url + "/hook", clock, attempts=3, backoff=1.0)
    watcher(store, [wire.url + "/feed"], clock, sinks=[sink], rules=[RULES[0]]).run(once=True)
    sink.close()
    (alert,) = store.alerts(AlertFilter())
    assert alert.delivered is not None and alert.delivery_error is not None and "HTTP 503" in alert.delivery_error
    assert clock.sleeps == [1.0, 2.0]


def test_watch_mails_alerts_through_smtp(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    wire.routes["/feed"] = Route(rss([IRN_SDN]))
    with smtp_server() as box:
        sink = SmtpSink(box.host, box.port, "watch@armswatch.test", ["analyst@armswatch.test"], clock)
        watcher(store, [wire.url + "/feed"], clock, sinks=[sink], rules=[RULES[0]]).run(once=True)
    (envelope,) = box.messages
    text = envelope.content.decode()
    assert envelope.rcpt_tos == ["analyst@armswatch.test"] and envelope.mail_from == "watch@armswatch.test"
    assert "Subject: [armswatch] irn-new: new recipient of IRN: SDN" in text
    assert "Iran has delivered Mohajer-6 drones to Sudan" in text and "armswatch alerts ack 1" in text


class Crash(BaseException):
    """A kill -9 at a chosen call: nothing after it runs, nothing catches it."""


class CrashingStore:
    """The store, but the process 'dies' at the n-th call of one method (before or after the call takes effect)."""

    def __init__(self, store: Any, method: str, nth: int, before: bool) -> None:
        self._store, self._method, self._nth, self._before, self._calls = store, method, nth, before, 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if name != self._method:
            return attr

        def call(*args: Any, **kw: Any) -> Any:
            self._calls += 1
            if self._calls == self._nth and self._before:
                raise Crash
            result = attr(*args, **kw)
            if self._calls == self._nth:
                raise Crash
            return result

        return call


CRASHES = {
    "item marked pending": ("mark_feed_items", 1, False),
    "document written": ("write_batch", 1, False),
    "alerts recorded": ("add_alerts", 1, False),
    "item done": ("mark_feed_items", 2, False),
    "second item written": ("write_batch", 2, False),
    "feed state saved": ("save_feed_state", 1, False),
    "alert sent, not yet marked": ("mark_alerts_delivered", 1, True),
}


@pytest.mark.parametrize("point", list(CRASHES))
def test_watch_killed_and_restarted_neither_misses_nor_alerts_twice(
    point: str, make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]
) -> None:
    wire.routes["/feed"] = Route(rss([IRN_SDN, IRN_RUS]), etag='"v1"')
    feeds = [wire.url + "/feed"]
    reference = make_store()
    watcher(reference, feeds, FakeClock()).run(once=True)
    expected = {(a.rule_id, a.event_id) for a in reference.alerts(AlertFilter())}
    assert len(expected) == 3

    store, clock, first, second = make_store(), FakeClock(), ListSink(), ListSink()
    with pytest.raises(Crash):
        watcher(CrashingStore(store, *CRASHES[point]), feeds, clock, sinks=[first]).run(once=True)
    clock.advance(minutes=1)
    watcher(store, feeds, clock, sinks=[second]).run(once=True)

    assert store.counts().documents == 2 and store.table_digest() == reference.table_digest()
    alerts = store.alerts(AlertFilter())
    assert {(a.rule_id, a.event_id) for a in alerts} == expected and len(alerts) == len(expected)
    assert store.count_alerts(AlertFilter(delivered=False)) == 0
    sent = [a.id for a in first.sent + second.sent]
    assert set(sent) == {a.id for a in alerts}
    # The one window a sink can see an alert twice: sent, then killed before the store marked it (ids let receivers drop it).
    assert len(sent) == len(set(sent)) + (1 if point == "alert sent, not yet marked" else 0)


def test_watch_health_is_stale_when_nobody_polls(make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]) -> None:
    store, clock = make_store(), FakeClock()
    assert health(store, clock.now())[0] == 503  # nothing polled yet
    wire.routes["/feed"] = Route(rss([IRN_RUS]))
    watcher(store, [wire.url + "/feed"], clock).run(once=True)
    code, body = health(store, clock.now())
    assert (code, body["status"], body["feeds"], body["items_today"], body["alerts_unacknowledged"]) == (200, "ok", 1, 1, 2)
    clock.advance(hours=1)
    assert health(store, clock.now())[:1] == (503,) and health(store, clock.now())[1]["overdue"] == [wire.url + "/feed"]
    clock.advance(days=1)
    assert feed_rows(store, clock.now())[0]["items_today"] == 0  # a new UTC day


def test_watch_feed_state_round_trips(make_store: StoreFactory) -> None:
    store = make_store()
    at = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
    state = FeedState("https://wire.test/feed", "Wire", '"x"', "Wed, 26 Feb 2025 08:00:00 GMT", at, at, at, "HTTP 500", 2, at.date(), 3, 9)
    store.save_feed_state(state)
    assert store.feed_state(state.url) == state and store.feed_states() == [state]


def test_watch_sample_feed_from_the_cli(cli: Callable[..., Any], tmp_path: Any) -> None:
    """The README's walkthrough: the sample wire, then its later items; alerts listed, shown, acknowledged."""
    from tests.conftest import SAMPLE

    db = str(tmp_path / "watch.db")
    rules = str(SAMPLE.parent / "alerts.toml")
    result = cli("watch", str(SAMPLE / "feed.xml"), "--once", "--alerts", rules, "--db", db, "--jsonl", "-")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    lines = [json.loads(line) for line in result.stdout.splitlines()]  # type: ignore[attr-defined]
    assert {"irn-new-recipient", "shahed-136", "contested"} <= {a["rule_id"] for a in lines}
    assert all(a["evidence"] and a["event"]["id"] == a["event_id"] for a in lines)
    result = cli(
        "watch",
        str(SAMPLE / "feed.xml"),
        str(SAMPLE.parent / "watch" / "later.xml"),
        "--once",
        "--alerts",
        rules,
        "--db",
        db,
        "--jsonl",
        "-",
    )
    later = [json.loads(line) for line in result.stdout.splitlines()]  # type: ignore[attr-defined]
    assert {a["change"].split(" (")[0] for a in later} == {"new recipient of IRN: ETH", "stage request -> production: IRN -> TJK"}
    listed = cli("alerts", "list", "--db", db, "--json", "--unacked")
    assert len(listed.stdout.splitlines()) == len(lines) + 2  # type: ignore[attr-defined]
    first = later[0]["id"]
    shown = cli("alerts", "show", str(first), "--db", db)
    assert later[0]["change"] in shown.stdout and later[0]["evidence"][0]["text"] in shown.stdout  # type: ignore[attr-defined]
    assert cli("alerts", "ack", str(first), "--db", db, "--who", "ana", "--note", "seen").exit_code == 0  # type: ignore[attr-defined]
    acked = json.loads(cli("alerts", "show", str(first), "--db", db, "--json").stdout)  # type: ignore[attr-defined]
    assert (acked["acked_by"], acked["ack_note"]) == ("ana", "seen")
    assert len(cli("alerts", "list", "--db", db, "--json", "--unacked").stdout.splitlines()) == len(lines) + 1  # type: ignore[attr-defined]
    assert cli("alerts", "show", "999", "--db", db).exit_code == 2  # type: ignore[attr-defined]
    status = cli("watch-status", "--db", db, "--json")
    rows = [json.loads(line) for line in status.stdout.splitlines()]  # type: ignore[attr-defined]
    assert [r["items_today"] for r in rows[:-1]] == [13, 2] and rows[-1]["health"]["status"] == "ok"


def test_watch_watchlist_commands(cli: Callable[..., Any], tmp_path: Any) -> None:
    db = str(tmp_path / "w.db")
    assert cli("watchlist", "add", "system", "--system", "geran 2", "--db", db).exit_code == 0  # type: ignore[attr-defined]
    assert cli("watchlist", "add", "stage", "--supplier", "irn", "--min-outlets", "2", "--db", db).exit_code == 0  # type: ignore[attr-defined]
    listed = [json.loads(line) for line in cli("watchlist", "list", "--db", db, "--json").stdout.splitlines()]  # type: ignore[attr-defined]
    assert listed == [
        {"id": "stage-IRN", "kind": "stage", "supplier": "IRN", "min_outlets": 2},
        {"id": "system-Shahed-136", "kind": "system", "system": "Shahed-136"},
    ]
    bad = cli("watchlist", "add", "sold", "--db", db)
    assert bad.exit_code == 2 and "kind 'sold' is not one of new_recipient, system, contested, stage" in bad.stderr  # type: ignore[attr-defined]
    assert cli("watchlist", "remove", "stage-IRN", "--db", db).exit_code == 0  # type: ignore[attr-defined]
    assert cli("watchlist", "remove", "stage-IRN", "--db", db).exit_code == 2  # type: ignore[attr-defined]


def test_watch_item_whose_page_fails_waits_for_the_next_poll_then_is_left(
    make_store: StoreFactory, wire: Server, watcher: Callable[..., Runner]
) -> None:
    store, clock = make_store(), FakeClock()
    bare = Item("bare", "No text", "", "2025-02-25", link=wire.url + "/gone")  # nothing to fall back on
    wire.routes["/feed"] = Route(rss([bare, IRN_RUS]), etag='"v1"')
    wire.routes["/gone"] = Route(status=500)
    runner = watcher(store, [wire.url + "/feed"], clock, item_attempts=2)
    runner.poll_due()
    state = store.feed_state(wire.url + "/feed")
    assert state is not None and state.etag is None  # a full read next time, so the item is seen again
    assert state.next_poll == clock.now() + dt.timedelta(minutes=15)  # not at once: no hammering a failing page
    clock.advance(minutes=15)
    runner.poll_due()
    state = store.feed_state(wire.url + "/feed")
    assert state is not None and state.etag == '"v1"' and len(wire.got("/gone")) == 2  # given up after two attempts
    assert any(s.label == wire.url + "/gone" and "HTTP 500" in s.reason for s in store.skipped())
    clock.advance(minutes=15)
    runner.poll_due()
    assert len(wire.got("/gone")) == 2 and store.counts().documents == 1


def test_watch_reads_lists_of_feeds(tmp_path: Any, wire: Server) -> None:
    from armswatch.watch.feeds import feed_sources

    wire.routes["/list.opml"] = Route(
        f'<opml version="2.0"><body><outline xmlUrl="{wire.url}/a"/><outline xmlUrl="ftp://x/b"/></body></opml>'.encode(),
        content_type="text/x-opml",
    )
    listed = tmp_path / "wire.feeds"
    listed.write_text(f"# our feeds\n{wire.url}/b\n{wire.url}/a\nnot a url\n")
    local = tmp_path / "local.xml"
    local.write_bytes(rss([IRN_RUS]))
    with Fetcher(allow_private=True) as fetcher:
        feeds, problems = feed_sources([wire.url + "/list.opml", str(listed), str(local), str(tmp_path / "missing.xml")], fetcher)
    assert feeds == [wire.url + "/a", wire.url + "/b", str(local.resolve())]
    assert [p.label for p in problems] == [f"{wire.url}/list.opml#2", f"{listed}#4", str(tmp_path / "missing.xml")]
