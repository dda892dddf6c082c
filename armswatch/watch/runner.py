"""The long-lived watch: due feeds -> new items -> their documents -> the store -> alerts -> the sinks, on a clock.

One step is one feed item, and every step leaves the store in a state a
restart resumes from:

1. the item's document is read (its page fetched when the feed carries only
   a summary) and finished as `ingest` finishes documents;
2. a document the store already holds is not new: the item is marked done;
3. a new one is marked *pending* with its document id, then written (one
   transaction, pipeline.ingest_documents), then the rules are evaluated on
   it (alerts.evaluate_documents), the alerts recorded (once per rule and
   event), and the item marked done.

A kill anywhere in 3 leaves the item pending: the next start (`recover`)
evaluates the pending items whose document was written, and an item whose
document was not is simply read again from its feed. The feed's state
(validators, schedule, failures) is saved after each poll; it is saved
without validators when items were left for later, so the next read is a
full one. SIGTERM or SIGINT (`stop`) lets the step under way finish, then
the watch returns; the clock's sleep is woken so nobody waits for the next
poll to end it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from armswatch.claims import Extractor
from armswatch.errors import InputError
from armswatch.ingest.feeds import FeedItem, item_document
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.sources import finish_document
from armswatch.model import SkippedItem
from armswatch.pipeline import ingest_documents
from armswatch.store.base import Alert, FeedItemMark, FeedState, Store
from armswatch.watch.alerts import evaluate_documents
from armswatch.watch.clock import Clock
from armswatch.watch.feeds import HostGate, PoliteFetcher, Schedule, failed, item_key, read_feed_source, succeeded
from armswatch.watch.rules import Rule
from armswatch.watch.sinks import Sink, deliver

__all__ = ["RunReport", "Runner"]

MAX_NAP = 60.0  # seconds: a long wait is taken in naps, so a changed clock or a missed wake costs at most this


@dataclass
class RunReport:
    """What a run did, for the closing line and the exit code."""

    polls: int = 0
    failures: int = 0  # polls that failed
    items: int = 0  # items taken (new to the store or not)
    documents: int = 0  # documents new to the store
    alerts: list[Alert] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Runner:
    """Polls `feeds` on `schedule` into `store`, evaluates `rules`, hands alerts to `sinks`; see the module docstring."""

    def __init__(
        self,
        store: Store,
        feeds: Sequence[str],
        *,
        rules: Sequence[Rule],
        sinks: Sequence[Sink],
        fetcher: Fetcher | None,
        clock: Clock,
        extractor: Extractor,
        schedule: Schedule | None = None,
        log: Callable[[str], None] = lambda _m: None,
    ) -> None:
        self.store, self.feeds, self.rules, self.sinks = store, list(feeds), list(rules), list(sinks)
        self.clock, self.extractor, self.schedule, self.log = clock, extractor, schedule or Schedule(), log
        self.fetcher = PoliteFetcher(fetcher, HostGate(clock, self.schedule.politeness)) if fetcher is not None else None
        self.report = RunReport()
        self._stopping = False

    # -- control ------------------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the watch to end after the step under way (a signal handler calls this)."""
        self._stopping = True
        self.clock.wake()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def run(self, *, once: bool = False) -> RunReport:
        """Poll until stopped; with `once`, every feed once, due or not, then return."""
        self.recover()
        while not self._stopping:
            self.poll_due(every_feed=once)
            self.deliver()
            if once:
                break
            self.wait()
        self.deliver()
        return self.report

    def recover(self) -> None:
        """Finish the steps a killed watch left half done: items whose document was written but not yet evaluated."""
        pending = self.store.pending_feed_items()
        stored = self.store.has_documents([m.doc_id for m in pending if m.doc_id])
        finished = [m for m in pending if m.doc_id in stored]
        if finished:
            self._alerts({m.doc_id for m in finished if m.doc_id})
            self.store.mark_feed_items([_done(m) for m in finished], self.clock.now())
            self.log(f"resumed {len(finished)} item(s) a stopped watch had written")

    def deliver(self) -> None:
        deliver(self.store, self.sinks, self.clock)

    def wait(self) -> None:
        """Sleep until the next feed is due (in naps, so a stop or a moved clock is noticed)."""
        while not self._stopping:
            due = self._next_due()
            left = (due - self.clock.now()).total_seconds() if due is not None else MAX_NAP
            if left <= 0:
                return
            self.clock.sleep(min(left, MAX_NAP))

    def _next_due(self) -> dt.datetime | None:
        states = {s.url: s for s in self.store.feed_states()}
        times = [states[u].next_poll if u in states else None for u in self.feeds]
        if any(t is None for t in times):
            return self.clock.now()
        return min((t for t in times if t is not None), default=None)

    # -- polling -----------------------------------------------------------------------------
    def poll_due(self, *, every_feed: bool = False) -> int:
        """Poll the feeds that are due (all of them with `every_feed`), the most overdue first; returns how many."""
        now = self.clock.now()
        states = {s.url: s for s in self.store.feed_states()}
        due = [(states[u].next_poll if u in states else None, n, u) for n, u in enumerate(self.feeds)]
        due = [d for d in due if every_feed or d[0] is None or d[0] <= now]
        due.sort(key=lambda d: (d[0] is not None, d[0] or now, d[1]))
        polled = 0
        for _when, _n, url in due:
            if self._stopping:
                break
            self.poll(url, states.get(url) or FeedState(url))
            polled += 1
        return polled

    def poll(self, url: str, state: FeedState) -> FeedState:
        """One poll of one feed: read it (conditionally), take its new items one step each, save its state."""
        self.report.polls += 1
        try:
            polled = read_feed_source(url, state, self.fetcher)
        except InputError as exc:
            new_state = failed(state, self.clock.now(), self.schedule, exc.detail)
            self.store.save_feed_state(new_state)
            self.report.failures += 1
            self.report.errors.append(str(exc))
            self.log(f"{url}: {exc.detail}; failure {new_state.failures} in a row, next try at {_hhmm(new_state.next_poll)}")
            return new_state
        if polled.not_modified:
            new_state = succeeded(state, self.clock.now(), self.schedule, polled, 0)
            self.store.save_feed_state(new_state)
            return new_state
        fresh = self._fresh(url, polled.items)
        outcomes: list[str] = []
        for item in fresh[: self.schedule.max_items]:
            if self._stopping:
                break
            outcomes.append(self._take(url, item))
        taken = outcomes.count("taken")
        left = len(fresh) - taken - outcomes.count("skipped")  # to take at a later poll
        more = len(outcomes) < len(fresh)  # some not even tried (the item limit, or a stop): due again at once
        new_state = succeeded(state, self.clock.now(), self.schedule, polled, taken, complete=not left, more=more)
        self.store.save_feed_state(new_state)
        if taken or left:
            self.log(f"{url}: {taken} new item(s)" + (f"; {left} left for the next poll" if left else ""))
        return new_state

    def _fresh(self, url: str, items: list[FeedItem]) -> list[FeedItem]:
        """The items not yet done, oldest first (feeds list the newest first; undated items keep that order, reversed)."""
        marks = self.store.feed_items(url, [item_key(i) for i in items])
        out: list[tuple[dt.date, int, FeedItem]] = []
        for n, item in enumerate(items):
            mark = marks.get(item_key(item))
            if mark is None or mark.state == "pending" or (mark.state == "failed" and mark.attempts < self.schedule.item_attempts):
                out.append((item.published or dt.date.max, -n, item))
        return [item for _d, _n, item in sorted(out, key=lambda t: (t[0], t[1]))]

    def _take(self, url: str, item: FeedItem) -> str:
        """One step: the item's document into the store and its alerts out. Returns "taken", "retry" (its page could
        not be read; tried again next poll) or "skipped" (given up after `item_attempts`, the reason logged)."""
        key = item_key(item)
        mark = self.store.feed_items(url, [key]).get(key)
        attempts = (mark.attempts if mark else 0) + 1
        try:
            doc = finish_document(item_document(item, self.fetcher), self.extractor.catalog)
        except InputError as exc:
            gave_up = attempts >= self.schedule.item_attempts
            state = "done" if gave_up else "failed"
            self.store.mark_feed_items([FeedItemMark(url, key, state, None, item.link, attempts, exc.detail)], self.clock.now())
            ingest_documents([], self.store, self.extractor, [SkippedItem(exc.label, exc.detail)])  # the reason, in the ingest log
            self.log(f"{exc}" + ("" if gave_up else f" (attempt {attempts} of {self.schedule.item_attempts})"))
            return "skipped" if gave_up else "retry"
        new = {doc.id} - self.store.has_documents([doc.id])
        if mark is not None and mark.state == "pending" and mark.doc_id:
            new.add(mark.doc_id)  # written by a watch that was stopped before its alerts: still new
        self.report.items += 1
        if not new:
            self.store.mark_feed_items([FeedItemMark(url, key, "done", doc.id, item.link, attempts)], self.clock.now())
            return "taken"
        self.store.mark_feed_items([FeedItemMark(url, key, "pending", doc.id, item.link, attempts)], self.clock.now())
        summary = ingest_documents([doc], self.store, self.extractor)
        self.report.documents += summary.stored
        self._alerts(new)
        self.store.mark_feed_items([FeedItemMark(url, key, "done", doc.id, item.link, attempts)], self.clock.now())
        self.deliver()
        return "taken"

    def _alerts(self, doc_ids: set[str]) -> None:
        added = self.store.add_alerts(evaluate_documents(self.store, self.rules, doc_ids), self.clock.now())
        self.report.alerts.extend(added)


def _done(mark: FeedItemMark) -> FeedItemMark:
    return FeedItemMark(mark.feed_url, mark.key, "done", mark.doc_id, mark.link, mark.attempts, None)


def _hhmm(when: dt.datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else "now"
