"""Time behind a seam: the watcher asks a Clock for the time and to wait, so tests run a day of polling in no time.

`SystemClock` is the real one; its `sleep` can be cut short by `wake()`, which
is how SIGTERM ends a watch that is waiting for its next poll at once rather
than after it. `FakeClock` only moves when told (or when something sleeps on
it), and records every sleep, so a test can assert the backoff and the
politeness delays without waiting for them.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

__all__ = ["Clock", "FakeClock", "SystemClock"]


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware, in UTC."""

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` (or less, when woken)."""

    def wake(self) -> None:
        """Cut every sleep short from now on: the process is shutting down."""


class SystemClock:
    """The wall clock; sleeps wait on an event so a signal handler can end them."""

    def __init__(self) -> None:
        self._woken = threading.Event()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._woken.wait(seconds)

    def wake(self) -> None:
        self._woken.set()


class FakeClock:
    """A clock for tests: time stands still until `advance` or a `sleep`, which returns at once."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._now = start or dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
        self.sleeps: list[float] = []
        self.woken = False

    def now(self) -> dt.datetime:
        return self._now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if seconds > 0 and not self.woken:
            self._now += dt.timedelta(seconds=seconds)

    def advance(self, seconds: float = 0.0, **delta: float) -> dt.datetime:
        """Move time on by `seconds` (and/or timedelta keywords: minutes=15); returns the new time."""
        self._now += dt.timedelta(seconds=seconds, **delta)
        return self._now

    def wake(self) -> None:
        self.woken = True
