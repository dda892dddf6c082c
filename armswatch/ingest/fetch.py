"""The one door to the network: a Fetcher that is polite, bounded and hard to turn against its host.

Every URL armswatch reads goes through `Fetcher.fetch`:

- only http and https; anything else (file:, ftp:, gopher:) is refused;
- the host's addresses are resolved and checked before each request, and
  again after every redirect (followed by hand, at most 5), so a page cannot
  bounce the fetcher onto 127.0.0.1, 10.0.0.0/8 or a cloud metadata address;
  `allow_private=True` (the --allow-private flag) lifts that check;
- robots.txt is honoured (RFC 9309: missing means allowed, unreachable
  means disallowed for now), cached per site;
- the user agent names armswatch and where to read about it;
- timeouts on every phase, a deadline on the whole download, and a cap on
  the body, enforced while streaming.

Errors are InputErrors with a one-line reason, so a batch skips the URL and
goes on. Tests swap the network for an `httpx.MockTransport` and the DNS for
a `resolver` callable.

Conditional requests: `fetch(url, etag=..., last_modified=...)` sends
If-None-Match / If-Modified-Since, and a 304 then comes back as a Page with
status 304 and no body instead of an error, so a poller (armswatch.watch)
reads a feed again only when it changed. Every Page carries the validators
(ETag, Last-Modified) the server sent, for the next request.

Known limit: httpx resolves the host again when it connects, so a DNS server
that answers differently within milliseconds (rebinding) is not caught here.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from armswatch import __version__
from armswatch.config import DEFAULT_MAX_TEXT_BYTES
from armswatch.errors import InputError, TooLargeInput
from armswatch.ingest.text import human_size

__all__ = ["USER_AGENT", "Fetcher", "Page", "Resolver", "system_resolver"]

USER_AGENT = f"armswatch/{__version__} (+https://github.com/armswatch/armswatch)"
ROBOTS_AGENT = "armswatch"  # the token robots.txt rules name
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 300.0  # an unreachable robots.txt is asked again after five minutes
REDIRECTS = frozenset({301, 302, 303, 307, 308})

#: host, port -> the IP addresses the host resolves to
Resolver = Callable[[str, int], Sequence[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the operating system resolves `host` to."""
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response body and what is needed to read it."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # media type in lower case, without parameters ("" when not given)
    body: bytes
    etag: str | None = None  # the validators the server sent, for a conditional request next time
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server answered a conditional request with 304: what was fetched before still holds."""
        return self.status == 304


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _refusal(ip: str) -> str | None:
    """What kind of non-public address `ip` is, or None when it is a public one."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    for kind, flag in (
        ("loopback", addr.is_loopback),
        ("link-local", addr.is_link_local),
        ("multicast", addr.is_multicast),
        ("unspecified", addr.is_unspecified),
        ("reserved", addr.is_reserved),
        ("private", addr.is_private),
    ):
        if flag:
            return kind
    return None if addr.is_global else "non-public"


class Fetcher:
    """Fetch http(s) URLs for ingest; see the module docstring for the rules it keeps."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout: float = 10.0,
        max_seconds: float = 60.0,
        max_bytes: int = DEFAULT_MAX_TEXT_BYTES,
        max_redirects: int = 5,
        robots: bool = True,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_seconds = max_seconds
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.robots = robots
        self._resolve = resolver or system_resolver
        self._robots: dict[str, tuple[urllib.robotparser.RobotFileParser | str, float]] = {}
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={
                "User-Agent": user_agent,
                "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
            },
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The body of `url` after redirects, or an InputError labelled with `url` saying why not.

        With `etag` or `last_modified` (the validators of an earlier Page) the request is conditional, and a
        304 answer is returned as a Page with status 304 and an empty body."""
        conditional = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        status, headers, body, final = self._follow(url, url, self.max_bytes, check_robots=self.robots, request_headers=conditional)
        if status == 304 and conditional:
            return Page(url, final, status, "", b"", headers.get("etag") or etag, headers.get("last-modified") or last_modified)
        if not 200 <= status < 300:
            where = "" if final == url else f" (redirected to {final})"
            raise InputError(url, f"HTTP {status}{where}")
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        return Page(url, final, status, content_type, body, headers.get("etag"), headers.get("last-modified"))

    def _follow(
        self, label: str, url: str, limit: int, *, check_robots: bool, truncate: bool = False, request_headers: dict[str, str] | None = None
    ) -> tuple[int, httpx.Headers, bytes, str]:
        """GET `url`, following redirects by hand so every hop passes the scheme, address and robots checks."""
        current = url
        for _ in range(self.max_redirects + 1):
            self._check_address(label, current, hop=current != url)
            if check_robots:
                self._check_robots(label, current)
            status, headers, body = self._get(label, current, limit, truncate=truncate, request_headers=request_headers)
            location = headers.get("location")
            if status in REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            return status, headers, body, current
        raise InputError(label, f"more than {self.max_redirects} redirects (last to {current})")

    def _check_address(self, label: str, url: str, *, hop: bool) -> None:
        """Refuse what is not http(s), and hosts with any non-public address unless allow_private."""
        where = f"redirected to {url}, which " if hop else ""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise InputError(label, f"{where}is not a valid URL ({_one_line(exc)})") from exc
        if parts.scheme not in ("http", "https"):
            what = f"scheme '{parts.scheme}:'" if parts.scheme else "no scheme"
            raise InputError(
                label, f"refused: {where}{'has ' if hop else ''}{what}; only http and https URLs are fetched (give a local file as a path)"
            )
        if not host:
            raise InputError(label, f"{where}{'is ' if hop else ''}not a URL with a host")
        if self.allow_private:
            return
        try:
            ips = self._resolve(host, port)
        except (OSError, UnicodeError, ValueError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise InputError(label, f"cannot resolve {host} ({_one_line(detail)}); check the URL and the network") from exc
        if not ips:
            raise InputError(label, f"cannot resolve {host} (no addresses)")
        for ip in ips:
            kind = _refusal(ip)
            if kind is not None:
                article = "an" if kind[0] in "aeiou" else "a"
                raise InputError(
                    label, f"refused: {where}resolves to {article} {kind} address {ip} (use --allow-private to fetch it anyway)"
                )

    def _check_robots(self, label: str, url: str) -> None:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        now = time.monotonic()
        cached = self._robots.get(site)
        if cached is None or cached[1] < now:
            rules = self._load_robots(label, site)
            self._robots[site] = (rules, now + (ROBOTS_RETRY if isinstance(rules, str) else ROBOTS_TTL))
            cached = self._robots[site]
        rules = cached[0]
        if isinstance(rules, str):
            raise InputError(label, f"{site}/robots.txt unreachable ({rules}); RFC 9309 says to hold off, so try again later")
        if not rules.can_fetch(ROBOTS_AGENT, url):
            raise InputError(label, f"disallowed by {site}/robots.txt (the site asks crawlers not to fetch it)")

    def _load_robots(self, label: str, site: str) -> urllib.robotparser.RobotFileParser | str:
        """The site's rules, or the reason robots.txt could not be read (then nothing on the site is fetched for now)."""
        rules = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        try:
            status, _, body, _ = self._follow(label, site + "/robots.txt", ROBOTS_MAX_BYTES, check_robots=False, truncate=True)
        except InputError as exc:
            if exc.detail.startswith("refused"):
                raise
            return exc.detail
        if 200 <= status < 300:
            rules.parse(body.decode("utf-8", "replace").splitlines())
        elif 400 <= status < 500:
            rules.parse([])  # RFC 9309 2.3.1.3: unavailable means no restrictions
        else:
            return f"HTTP {status}"
        return rules

    def _get(
        self, label: str, url: str, limit: int, *, truncate: bool = False, request_headers: dict[str, str] | None = None
    ) -> tuple[int, httpx.Headers, bytes]:
        """One GET without redirects; the body is streamed and refused past `limit` bytes (or cut there, with
        `truncate`, as for robots.txt) or past the overall deadline."""
        deadline = time.monotonic() + self.max_seconds
        try:
            with self._client.stream("GET", url, headers=request_headers) as response:
                if response.status_code in REDIRECTS or not 200 <= response.status_code < 300:
                    return response.status_code, response.headers, b""
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and not truncate:
                    raise TooLargeInput(label, f"response of {human_size(int(declared))} is over the {human_size(limit)} limit")
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > limit:
                        if truncate:
                            return response.status_code, response.headers, bytes(data[:limit])
                        raise TooLargeInput(
                            label, f"response over the {human_size(limit)} limit (set ARMSWATCH_MAX_TEXT_BYTES to raise it)"
                        )
                    if time.monotonic() > deadline:
                        raise InputError(label, f"timed out: download took over {self.max_seconds:g} s")
                return response.status_code, response.headers, bytes(data)
        except httpx.TimeoutException as exc:
            raise InputError(label, f"timed out after {self.timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise InputError(label, f"request failed ({exc.__class__.__name__}: {_one_line(exc) or 'no detail'})") from exc
        except httpx.InvalidURL as exc:
            raise InputError(label, f"not a valid URL ({_one_line(exc)})") from exc
