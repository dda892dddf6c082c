"""Local servers and builders for the watch tests: a feed server the test controls, a webhook receiver, an SMTP server.

No tests here. Everything listens on 127.0.0.1 only. The feed server honours
ETag and Last-Modified (a 304 when either matches), can fail a feed (any
status), and can hold a response until the test releases it: a slow feed
for timeout tests, or a point at which a subprocess test kills the watch.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Item:
    """One feed item; `text` is its description (an article, or a short summary whose page the watcher fetches)."""

    guid: str
    title: str
    text: str
    published: str = "2025-02-27"  # YYYY-MM-DD
    link: str = ""


def rss(items: list[Item], title: str = "Test Wire") -> bytes:
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title><link>https://wire.test/</link>']
    for it in items:
        date = email.utils.format_datetime(dt.datetime.fromisoformat(it.published).replace(hour=8, tzinfo=dt.UTC))
        out.append(f"<item><title>{it.title}</title><guid>{it.guid}</guid><pubDate>{date}</pubDate>")
        if it.link:
            out.append(f"<link>{it.link}</link>")
        out.append(f"<description><![CDATA[<p>{it.text}</p>]]></description></item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Test Wire</footer></body></html>"
    ).encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None  # answered with 304 when the request's If-None-Match matches
    last_modified: str | None = None  # answered with 304 when If-Modified-Since matches
    hold: threading.Event | None = None  # the response waits until this is set (a slow server)
    reached: threading.Event = field(default_factory=threading.Event)  # set when a request for this route arrives


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0


@dataclass
class Server:
    """What a test sees of a running server: its routes to change, its URL, the requests it answered."""

    routes: dict[str, Route] = field(default_factory=dict)
    url: str = ""
    requests: list[Request] = field(default_factory=list)
    post_statuses: list[int] = field(default_factory=list)  # statuses for successive POSTs; 200 when used up

    def got(self, path: str, method: str = "GET") -> list[Request]:
        return [r for r in self.requests if r.path == path and r.method == method]


@contextmanager
def serve() -> Iterator[Server]:
    """A ThreadingHTTPServer on 127.0.0.1 that the test drives through the yielded Server."""
    state = Server()
    lock = threading.Lock()
    holds: list[threading.Event] = []

    class Handler(BaseHTTPRequestHandler):
        def _reply(self, request: Request, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            request.status = status
            with lock:
                state.requests.append(request)
            try:
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (a timeout test, a killed watch)

        def do_GET(self) -> None:
            request = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, b"")
            route = state.routes.get(self.path)
            if route is None:
                self._reply(request, 404, b"not here", {"Content-Type": "text/plain"})
                return
            route.reached.set()
            if route.hold is not None:
                holds.append(route.hold)
                route.hold.wait(30)
            if route.status != 200:
                self._reply(request, route.status, b"failing", {"Content-Type": "text/plain"})
                return
            validators = {k: v for k, v in (("ETag", route.etag), ("Last-Modified", route.last_modified)) if v}
            if (route.etag and request.headers.get("if-none-match") == route.etag) or (
                route.last_modified and request.headers.get("if-modified-since") == route.last_modified
            ):
                self._reply(request, 304, b"", validators)
                return
            self._reply(request, 200, route.body, {"Content-Type": route.content_type, **validators})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Request("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
            with lock:
                status = state.post_statuses.pop(0) if state.post_statuses else 200
            self._reply(request, status, b"{}", {"Content-Type": "application/json"})

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        for hold in holds:
            hold.set()
        for route in state.routes.values():
            if route.hold is not None:
                route.hold.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Any] = field(default_factory=list)  # aiosmtpd envelopes

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    """aiosmtpd's debugging server on 127.0.0.1, collecting what it is sent."""
    box = Mailbox("127.0.0.1", free_port())
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def posted(server: Server, path: str) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.got(path, "POST")]
