"""Watch mode: poll feeds on a schedule, ingest what is new, raise alerts on the events it changes.

    feeds.py    when and how a feed is read: conditional requests, backoff, politeness, the item limit
    rules.py    watchlist rules (TOML or the store), validated on load
    alerts.py   rules against the events new documents changed, before and after; once per rule and event
    sinks.py    the store's outbox to JSON Lines, a webhook, e-mail, stderr
    runner.py   the long-lived loop, resumable after a kill at any point
    status.py   per-feed status and a health verdict, from the store alone
    clock.py    time behind a seam (SystemClock, FakeClock)

The network goes through ingest.fetch.Fetcher, the clock through clock.Clock
and the database through the Store: all three are injected, so the tests
poll real local servers on fake time.
"""

from __future__ import annotations

from armswatch.watch.clock import Clock, FakeClock, SystemClock
from armswatch.watch.feeds import Schedule
from armswatch.watch.rules import Rule, RuleError, load_rules
from armswatch.watch.runner import Runner, RunReport

__all__ = ["Clock", "FakeClock", "Rule", "RuleError", "RunReport", "Runner", "Schedule", "SystemClock", "load_rules"]
