"""`armswatch watch` as a real process: SIGTERM ends it cleanly after the step under way; SIGKILL loses nothing.

The feed server holds an item's page until the test lets it go, so the
signal lands at a known point (mid-step) without any sleeping in the test.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.store import AlertFilter, open_store
from tests.test_watch import IRN_RUS, IRN_SDN
from tests.watch_support import Item, Route, Server, page, rss, serve

RULES = '[[rule]]\nid = "irn-new"\nkind = "new_recipient"\nsupplier = "IRN"\n\n[[rule]]\nid = "shahed"\nkind = "system"\nsystem = "Shahed-136"\n'


@pytest.fixture()
def wire() -> Iterator[Server]:
    with serve() as server:
        yield server


def watch(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as err:
        return subprocess.Popen([sys.executable, "-m", "armswatch", "watch", *args], stdout=subprocess.DEVNULL, stderr=err)


def held_story(wire: Server) -> tuple[threading.Event, Item]:
    """An item whose page the server holds until the returned event is set."""
    hold = threading.Event()
    wire.routes["/story"] = Route(page("Drones for Sudan", [IRN_SDN.text]), content_type="text/html", hold=hold)
    return hold, Item("held", "Drones for Sudan", "A short summary.", "2025-02-25", link=wire.url + "/story")


def test_watch_sigterm_finishes_the_step_and_exits_0(tmp_path: Path, wire: Server) -> None:
    hold, story = held_story(wire)
    wire.routes["/feed"] = Route(rss([story]))
    db, log = tmp_path / "w.db", tmp_path / "err.txt"
    proc = watch([wire.url + "/feed", "--every", "15m", "--allow-private", "--politeness", "0", "--db", str(db)], log)
    try:
        assert wire.routes["/story"].reached.wait(120), log.read_text()
        proc.send_signal(signal.SIGTERM)  # while the item's page is being read
        hold.set()
        assert proc.wait(120) == 0, log.read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "SIGTERM: stopping after the current step" in log.read_text()
    with open_store(str(db)) as store:
        assert store.counts().documents == 1  # the step under way was finished
        state = store.feed_state(wire.url + "/feed")
        assert state is not None and state.last_success is not None and state.items_today == 1
        assert store.pending_feed_items() == []


def test_watch_sigkill_then_restart_neither_misses_nor_repeats(tmp_path: Path, wire: Server) -> None:
    hold, story = held_story(wire)
    wire.routes["/feed"] = Route(rss([story, IRN_RUS]))  # IRN_RUS is older: taken first, then the held story
    db, log, out, rules = tmp_path / "w.db", tmp_path / "err.txt", tmp_path / "alerts.jsonl", tmp_path / "alerts.toml"
    rules.write_text(RULES)
    args = [
        wire.url + "/feed",
        "--every",
        "15m",
        "--allow-private",
        "--politeness",
        "0",
        "--db",
        str(db),
        "--alerts",
        str(rules),
        "--jsonl",
        str(out),
    ]
    proc = watch(args, log)
    try:
        assert wire.routes["/story"].reached.wait(120), log.read_text()
    finally:
        proc.kill()  # SIGKILL, mid-step
        proc.wait()
    with open_store(str(db)) as store:
        assert store.counts().documents == 1
    wire.routes["/story"] = Route(wire.routes["/story"].body, content_type="text/html")
    hold.set()
    again = watch([*args, "--once"], log)
    assert again.wait(120) == 0, log.read_text()
    with open_store(str(db)) as store:
        assert store.counts().documents == 2
        alerts = store.alerts(AlertFilter())
        assert sorted(a.change.split(" (")[0] for a in alerts) == [
            "Shahed-136: transfer IRN -> RUS, Shahed-136, 2025, 1 outlet",
            "new recipient of IRN: RUS",
            "new recipient of IRN: SDN",
        ]
    delivered = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert sorted(delivered) == sorted(a.id for a in alerts)  # each alert out once, across the kill
