"""Where alerts go besides the store: JSON Lines (a file or stdout), a webhook, e-mail, a line on stderr.

The store's alerts table is an outbox. `deliver` hands every alert not yet
delivered to each sink, then marks it delivered (with what any sink refused,
after its retries), so an alert recorded just before a kill is still sent
after the restart. The window between a send and its mark means a sink may,
rarely, see an alert twice after a kill: every payload carries the alert's
id for the receiver to drop repeats. Retries wait on the injected clock.
"""

from __future__ import annotations

import json
import smtplib
import sys
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from typing import Any, Protocol, TextIO

import httpx

from armswatch.errors import SinkError
from armswatch.ingest.fetch import USER_AGENT
from armswatch.store.base import Alert, AlertFilter, Store
from armswatch.watch.clock import Clock

__all__ = ["JsonlSink", "LineSink", "Sink", "SinkError", "SmtpSink", "WebhookSink", "alert_payload", "deliver", "summary_line"]

RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class Sink(Protocol):
    name: str

    def send(self, alert: Alert) -> None:
        """Deliver one alert, or raise SinkError."""

    def close(self) -> None: ...


def alert_payload(alert: Alert) -> dict[str, Any]:
    """An alert as JSON: what the webhook posts and the JSON Lines sink writes."""
    return {
        "id": alert.id,
        "rule_id": alert.rule_id,
        "event_id": alert.event_id,
        "kind": alert.kind,
        "change": alert.change,
        "created": alert.created.isoformat(),
        **alert.detail,
    }


def summary_line(alert: Alert) -> str:
    """One line for a person: "alert 3 [irn-new] new recipient of IRN: SDN (transfer IRN -> SDN, ...)"."""
    return f"alert {alert.id} [{alert.rule_id}] {alert.change}"


class LineSink:
    """One readable line per alert (to stderr, by default, for the person running the watch)."""

    name = "log"

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    def send(self, alert: Alert) -> None:
        self.write(summary_line(alert))

    def close(self) -> None:
        pass


class JsonlSink:
    """One JSON object a line: a file appended to, or stdout (`-`)."""

    name = "jsonl"

    def __init__(self, target: str) -> None:
        self.target = target
        self._stream: TextIO = sys.stdout if target == "-" else open(target, "a", encoding="utf-8")  # noqa: SIM115

    def send(self, alert: Alert) -> None:
        try:
            self._stream.write(json.dumps(alert_payload(alert), ensure_ascii=False, default=str) + "\n")
            self._stream.flush()
        except OSError as exc:
            raise SinkError(f"{self.target}: cannot write ({exc.strerror or exc})") from exc

    def close(self) -> None:
        if self._stream is not sys.stdout:
            self._stream.close()


class WebhookSink:
    """A JSON POST per alert; a 5xx, 429 or a failed connection is tried again after 2, 4, 8 ... seconds."""

    name = "webhook"

    def __init__(
        self,
        url: str,
        clock: Clock,
        *,
        attempts: int = 4,
        backoff: float = 2.0,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url, self.clock, self.attempts, self.backoff = url, clock, max(1, attempts), backoff
        self._client = httpx.Client(transport=transport, timeout=timeout, headers={"User-Agent": USER_AGENT})

    def send(self, alert: Alert) -> None:
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self.clock.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.post(self.url, json=alert_payload(alert))
            except httpx.HTTPError as exc:
                problem = f"{exc.__class__.__name__}: {' '.join(str(exc).split()) or 'no detail'}"
                continue
            if 200 <= response.status_code < 300:
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code not in RETRY_STATUS:
                break  # the receiver refuses this payload: asking again will not change its mind
        raise SinkError(f"webhook {self.url}: {problem} (alert {alert.id}, {self.attempts} attempt(s) at most)")

    def close(self) -> None:
        self._client.close()


class SmtpSink:
    """One e-mail per alert through an SMTP server (host:port, no login: a local relay), with retries."""

    name = "email"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        clock: Clock,
        *,
        attempts: int = 3,
        backoff: float = 5.0,
        timeout: float = 10.0,
        smtp: Callable[..., smtplib.SMTP] = smtplib.SMTP,
    ) -> None:
        self.host, self.port, self.sender, self.recipients = host, port, sender, list(recipients)
        self.clock, self.attempts, self.backoff, self.timeout, self._smtp = clock, max(1, attempts), backoff, timeout, smtp

    def message(self, alert: Alert) -> EmailMessage:
        msg = EmailMessage()
        subject = f"[armswatch] {alert.rule_id}: {alert.change}"
        msg["Subject"] = subject if len(subject) <= 200 else subject[:197] + "..."
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.recipients)
        msg["X-Armswatch-Alert"] = str(alert.id)
        msg.set_content(email_body(alert))
        return msg

    def send(self, alert: Alert) -> None:
        problem = ""
        for attempt in range(self.attempts):
            if attempt:
                self.clock.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with self._smtp(self.host, self.port, timeout=self.timeout) as server:
                    server.send_message(self.message(alert))
                return
            except (smtplib.SMTPException, OSError) as exc:
                problem = f"{exc.__class__.__name__}: {' '.join(str(exc).split()) or 'no detail'}"
        raise SinkError(f"smtp {self.host}:{self.port}: {problem} (alert {alert.id}, {self.attempts} attempt(s))")

    def close(self) -> None:
        pass


def email_body(alert: Alert) -> str:
    """The alert as plain text: what changed, the event, the evidence sentences with their sources."""
    event = alert.detail.get("event", {})
    lines = [alert.change, "", f"rule: {alert.rule_id} ({alert.kind})", f"event: {alert.event_id}"]
    if event:
        lines.append(
            f"       {event.get('type')} {event.get('supplier')} -> {event.get('recipient')}, {event.get('system') or event.get('category')}, "
            f"{event.get('year')}, {event.get('outlets')} outlet(s), contested: {'yes' if event.get('contested') else 'no'}"
        )
    lines += ["", "evidence:"]
    for ev in alert.detail.get("evidence", []):
        source = ", ".join(str(v) for v in (ev.get("outlet"), ev.get("published"), ev.get("url") or ev.get("doc")) if v)
        lines.append(f'- "{ev.get("text")}" ({ev.get("stance")}; {source})')
    lines += ["", f"armswatch alerts show {alert.id}    armswatch alerts ack {alert.id}"]
    return "\n".join(lines) + "\n"


def deliver(store: Store, sinks: Sequence[Sink], clock: Clock, batch: int = 500) -> list[Alert]:
    """Hand every alert not yet delivered to each sink, oldest first; returns them."""
    done: list[Alert] = []
    while True:
        pending = store.alerts(AlertFilter(delivered=False, limit=batch, oldest_first=True))
        if not pending:
            return done
        for alert in pending:
            errors: list[str] = []
            for sink in sinks:
                try:
                    sink.send(alert)
                except SinkError as exc:
                    errors.append(str(exc))
            store.mark_alerts_delivered([alert.id], clock.now(), "; ".join(errors) or None)
            done.append(alert)
