"""Feeds on a schedule: conditional reads, backoff on failure, politeness per host, items as keys the store keeps.

A feed is polled every `Schedule.every`. A read is conditional (ETag and
Last-Modified from the last full read; a local feed file uses its size and
modification time as its ETag), so an unchanged feed costs one 304 and no
parsing. A failed poll (HTTP error, timeout, unreadable feed) is tried again
after `every` x 2^failures, capped at `backoff_cap`, and its one-line reason
is kept as the feed's last error. Two requests to one host are at least
`politeness` seconds apart, feeds and item pages alike (`HostGate`, on the
injected clock).

The state transitions (`succeeded`, `failed`) are pure: the runner persists
what they return after each step. Validators are kept only when a poll took
every new item: when the item limit left some for later (or an item's page
failed and is to be tried again), the next read must be a full one, or a 304
would hide those items for good.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from armswatch.errors import InputError, UsageError
from armswatch.ingest.feeds import FeedItem, PageSource, parse_feed, read_feed_list
from armswatch.ingest.fetch import Fetcher, Page
from armswatch.ingest.sources import kind_of
from armswatch.ingest.text import read_bytes
from armswatch.store.base import FeedState
from armswatch.watch.clock import Clock

__all__ = [
    "HostGate",
    "PoliteFetcher",
    "Polled",
    "Schedule",
    "failed",
    "feed_sources",
    "item_key",
    "parse_duration",
    "read_feed_source",
    "succeeded",
]

MAX_FEED_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Schedule:
    """How often, how politely and how much: one object for the whole watch (STYLE 6)."""

    every: dt.timedelta = dt.timedelta(minutes=15)
    backoff_cap: dt.timedelta = dt.timedelta(hours=6)
    max_items: int = 20  # new items taken from one feed per poll; the rest wait for the next (due at once)
    politeness: float = 2.0  # seconds between two requests to one host
    item_attempts: int = 3  # an item whose page cannot be read is tried this often, then left with its reason

    def backoff(self, failures: int) -> dt.timedelta:
        """The wait after `failures` failed polls in a row: doubling each time, never past the cap (nor under `every`)."""
        grown = self.every * 2 ** min(max(failures, 0), 32)
        return min(grown, max(self.backoff_cap, self.every))


def item_key(item: FeedItem) -> str:
    """The stored key of an item: its guid (else link, else title and text) hashed to 32 hex characters."""
    return hashlib.sha256(item.key.encode("utf-8")).hexdigest()[:32]


class HostGate:
    """Keeps requests to one host `interval` seconds apart, waiting on the injected clock."""

    def __init__(self, clock: Clock, interval: float) -> None:
        self.clock, self.interval = clock, interval
        self._last: dict[str, dt.datetime] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).hostname
        if not host:
            return  # a local file: nobody to be polite to
        last = self._last.get(host)
        if last is not None:
            gap = self.interval - (self.clock.now() - last).total_seconds()
            if gap > 0:
                self.clock.sleep(gap)
        self._last[host] = self.clock.now()


class PoliteFetcher:
    """A Fetcher behind a HostGate: what the watcher hands to everything that fetches."""

    def __init__(self, fetcher: Fetcher, gate: HostGate) -> None:
        self.fetcher, self.gate = fetcher, gate

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        self.gate.wait(url)
        return self.fetcher.fetch(url, etag=etag, last_modified=last_modified)


@dataclass(frozen=True, slots=True)
class Polled:
    """One read of a feed: its items in the feed's order, or nothing new (304, or a file unchanged since)."""

    items: list[FeedItem]
    not_modified: bool
    etag: str | None
    last_modified: str | None
    title: str | None = None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_feed_source(url: str, state: FeedState, fetcher: PoliteFetcher | None) -> Polled:
    """Read one feed, conditionally; InputError (one line) when it cannot be read."""
    if not is_url(url):
        return _read_file(url, state)
    if fetcher is None:
        raise InputError(url, "a feed URL, but network access is off for this run")
    page = fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)
    if page.not_modified:
        return Polled([], True, page.etag, page.last_modified)
    items = parse_feed(page.body, url)
    return Polled(items, False, page.etag, page.last_modified, items[0].feed_title if items else None)


def _read_file(path: str, state: FeedState) -> Polled:
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise InputError(path, f"cannot read the feed file ({exc.strerror or exc})") from exc
    tag = f"{st.st_size}-{st.st_mtime_ns}"  # a file's own validator: unchanged size and time mean unchanged
    if state.etag == tag:
        return Polled([], True, tag, None)
    items = parse_feed(read_bytes(Path(path), path, MAX_FEED_BYTES), path)
    return Polled(items, False, tag, None, items[0].feed_title if items else None)


def feed_sources(sources: Sequence[str], fetcher: PageSource | None) -> tuple[list[str], list[InputError]]:
    """The feeds named by SOURCES: feed URLs and files as they are (a file by its absolute path), lists of feeds
    (.opml, .feeds; a file or a URL) opened once. Returns the feeds, in order without repeats, and what could not be read."""
    feeds: list[str] = []
    problems: list[InputError] = []
    for source in sources:
        kind = kind_of(urlsplit(source).path if is_url(source) else source)
        try:
            if kind == "feeds":
                data = fetcher.fetch(source).body if is_url(source) and fetcher else _list_file(source)
                for url in read_feed_list(data, source):
                    if isinstance(url, InputError):
                        problems.append(url)
                    else:
                        feeds.append(url)
            elif is_url(source):
                feeds.append(source)
            elif Path(source).is_file():
                feeds.append(str(Path(source).resolve()))
            else:
                problems.append(InputError(source, "no such feed file; give a feed (file or URL), an .opml or a .feeds list"))
        except InputError as exc:
            problems.append(exc)
    return list(dict.fromkeys(feeds)), problems


def _list_file(source: str) -> bytes:
    if is_url(source):
        raise InputError(source, "a list of feeds at a URL, but network access is off for this run")
    return read_bytes(Path(source), source, MAX_FEED_BYTES)


def succeeded(
    state: FeedState, now: dt.datetime, schedule: Schedule, polled: Polled, taken: int, *, complete: bool = True, more: bool = False
) -> FeedState:
    """The state after a poll that read the feed and took `taken` new items.

    `complete`: no item is left to take (else the validators are dropped, so the next read is a full one);
    `more`: items were left by the item limit, so the feed is due again at once (an item whose page failed
    waits for the next scheduled poll instead, rather than being asked for again and again)."""
    today = now.date()
    before = state.items_today if state.items_day == today else 0
    return replace(
        state,
        title=polled.title or state.title,
        etag=polled.etag if complete else None,
        last_modified=polled.last_modified if complete else None,
        next_poll=now if more else now + schedule.every,
        last_poll=now,
        last_success=now,
        last_error=None,
        failures=0,
        items_day=today,
        items_today=before + taken,
        items_total=state.items_total + taken,
    )


def failed(state: FeedState, now: dt.datetime, schedule: Schedule, error: str) -> FeedState:
    """The state after a failed poll: the reason kept, the next try pushed back by the backoff."""
    failures = state.failures + 1
    today = now.date()
    return replace(
        state,
        next_poll=now + schedule.backoff(failures),
        last_poll=now,
        last_error=error,
        failures=failures,
        items_day=today,
        items_today=state.items_today if state.items_day == today else 0,
    )


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> dt.timedelta:
    """ "15m", "90s", "1h30m", "1d" as a timedelta; a bare number is minutes. UsageError (one line) otherwise."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        value += "m"
    parts = _DURATION.findall(value)
    if not parts or _DURATION.sub("", value).strip():
        raise UsageError(f"{text!r} is not a duration; write it like 15m, 90s, 1h30m or 1d")
    seconds = sum(float(n) * _UNITS[unit] for n, unit in parts)
    if seconds < 1:
        raise UsageError(f"{text!r}: poll at most once a second")
    return dt.timedelta(seconds=seconds)
