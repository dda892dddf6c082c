"""The Fetcher: honest user agent, robots.txt, private addresses refused, bounded in time and size.

Network tests use a real server on 127.0.0.1 (so allow_private=True); address
checks use httpx.MockTransport with a stub resolver, so nothing leaves the machine.
"""

from __future__ import annotations

import httpx
import pytest

from armswatch import __version__
from armswatch.errors import InputError, TooLargeInput
from armswatch.ingest.fetch import USER_AGENT, Fetcher, _refusal
from tests.test_ingest_support import Route, serve

PUBLIC = "93.184.216.34"
ADDRESSES = {"news.example": [PUBLIC], "intranet.example": ["10.0.0.1"], "metadata.example": [PUBLIC, "169.254.169.254"]}


def _resolver(host: str, port: int) -> list[str]:
    if host not in ADDRESSES:
        raise OSError(-2, "Name or service not known")
    return ADDRESSES[host]


def _mock(routes: dict[str, httpx.Response], **kwargs: object) -> tuple[Fetcher, list[str]]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return routes.get(str(request.url), httpx.Response(404))

    return Fetcher(transport=httpx.MockTransport(handler), resolver=_resolver, **kwargs), seen  # type: ignore[arg-type]


def test_fetch_identifies_itself_and_returns_the_page() -> None:
    with serve({"/a": Route(body=b"<html>hello</html>")}) as server, Fetcher(allow_private=True) as fetcher:
        page = fetcher.fetch(server.url + "/a")
    assert page.body == b"<html>hello</html>" and page.status == 200 and page.content_type == "text/html"
    assert f"armswatch/{__version__} (+https://github.com/armswatch/armswatch)" == USER_AGENT
    assert ("/a", USER_AGENT) in server.requests
    assert server.requests[0][0] == "/robots.txt"  # asked first


def test_fetch_refuses_loopback_without_allow_private() -> None:
    with serve({"/a": Route(body=b"x")}) as server, Fetcher() as fetcher:
        with pytest.raises(InputError) as info:
            fetcher.fetch(server.url + "/a")
        assert server.requests == []  # refused before connecting
    assert "refused: resolves to a loopback address 127.0.0.1 (use --allow-private" in str(info.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example/a.txt", "gopher://news.example/"])
def test_fetch_refuses_other_schemes(url: str) -> None:
    fetcher, seen = _mock({})
    with fetcher, pytest.raises(InputError, match=r"refused: scheme '\w+:'; only http and https"):
        fetcher.fetch(url)
    assert seen == []


def test_fetch_refuses_a_private_host() -> None:
    fetcher, seen = _mock({})
    with fetcher, pytest.raises(InputError, match=r"resolves to a private address 10\.0\.0\.1 \(use --allow-private"):
        fetcher.fetch("http://intranet.example/admin")
    assert seen == []


def test_fetch_refuses_a_host_with_any_private_address() -> None:
    fetcher, _ = _mock({})
    with fetcher, pytest.raises(InputError, match=r"link-local address 169\.254\.169\.254"):
        fetcher.fetch("http://metadata.example/")


def test_fetch_refuses_a_redirect_to_a_private_address() -> None:
    routes = {"http://news.example/story": httpx.Response(302, headers={"Location": "http://intranet.example/secret"})}
    fetcher, seen = _mock(routes)
    with fetcher, pytest.raises(InputError) as info:
        fetcher.fetch("http://news.example/story")
    assert "refused: redirected to http://intranet.example/secret, which resolves to a private address 10.0.0.1" in str(info.value)
    assert "http://intranet.example/secret" not in seen


def test_fetch_follows_redirects_to_public_hosts() -> None:
    routes = {
        "http://news.example/old": httpx.Response(301, headers={"Location": "/new"}),
        "http://news.example/new": httpx.Response(200, text="<p>moved</p>", headers={"Content-Type": "text/html; charset=utf-8"}),
    }
    fetcher, _ = _mock(routes)
    with fetcher:
        page = fetcher.fetch("http://news.example/old")
    assert page.final_url == "http://news.example/new" and page.url == "http://news.example/old"


def test_fetch_stops_after_five_redirects() -> None:
    routes = {f"http://news.example/{i}": httpx.Response(302, headers={"Location": f"/{i + 1}"}) for i in range(10)}
    fetcher, _ = _mock(routes)
    with fetcher, pytest.raises(InputError, match="more than 5 redirects"):
        fetcher.fetch("http://news.example/0")


def test_fetch_unresolvable_host() -> None:
    fetcher, _ = _mock({})
    with fetcher, pytest.raises(InputError, match=r"cannot resolve nowhere\.example"):
        fetcher.fetch("http://nowhere.example/")


def test_fetch_honours_robots_disallow() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    routes = {
        "/robots.txt": Route(body=robots, content_type="text/plain"),
        "/private/a": Route(body=b"no"),
        "/public/a": Route(body=b"yes"),
    }
    with serve(routes) as server, Fetcher(allow_private=True) as fetcher:
        with pytest.raises(InputError, match=r"disallowed by .*/robots\.txt"):
            fetcher.fetch(server.url + "/private/a")
        assert fetcher.fetch(server.url + "/public/a").body == b"yes"
        assert [p for p, _ in server.requests].count("/robots.txt") == 1  # cached per site
        assert "/private/a" not in [p for p, _ in server.requests]


def test_fetch_robots_rules_for_armswatch_by_name() -> None:
    robots = "User-agent: armswatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    fetcher, _ = _mock(
        {"http://news.example/robots.txt": httpx.Response(200, text=robots), "http://news.example/a": httpx.Response(200, text="x")}
    )
    with fetcher, pytest.raises(InputError, match="disallowed"):
        fetcher.fetch("http://news.example/a")


def test_fetch_unreachable_robots_means_not_now() -> None:
    fetcher, _ = _mock({"http://news.example/robots.txt": httpx.Response(503), "http://news.example/a": httpx.Response(200, text="x")})
    with fetcher, pytest.raises(InputError, match=r"robots.txt unreachable \(HTTP 503\).*try again later"):
        fetcher.fetch("http://news.example/a")


def test_fetch_without_robots_check() -> None:
    fetcher, seen = _mock({"http://news.example/a": httpx.Response(200, text="x")}, robots=False)
    with fetcher:
        assert fetcher.fetch("http://news.example/a").body == b"x"
    assert seen == ["http://news.example/a"]


def test_fetch_stops_a_body_over_the_limit() -> None:
    server_routes = {"/big": Route(body=b"x" * 5000)}
    with (
        serve(server_routes) as server,
        Fetcher(allow_private=True, max_bytes=1000) as fetcher,
        pytest.raises(TooLargeInput, match="over the 1000 bytes limit"),
    ):
        fetcher.fetch(server.url + "/big")


def test_fetch_stops_a_streamed_body_without_length_over_the_limit() -> None:
    def chunks():
        for _ in range(100):
            yield b"y" * 100

    fetcher, _ = _mock({"http://news.example/stream": httpx.Response(200, content=chunks())}, robots=False, max_bytes=1000)
    with fetcher, pytest.raises(TooLargeInput, match="over the 1000 bytes limit"):
        fetcher.fetch("http://news.example/stream")


def test_fetch_times_out_in_one_line() -> None:
    with (
        serve({"/slow": Route(body=b"late", delay=5)}) as server,
        Fetcher(allow_private=True, timeout=0.3) as fetcher,
        pytest.raises(InputError) as info,
    ):
        fetcher.fetch(server.url + "/slow")
    assert str(info.value) == f"{server.url}/slow: timed out after 0.3 s; skipped"


def test_fetch_server_error_in_one_line() -> None:
    with serve({"/broken": Route(500, b"oops")}) as server, Fetcher(allow_private=True) as fetcher, pytest.raises(InputError) as info:
        fetcher.fetch(server.url + "/broken")
    assert str(info.value) == f"{server.url}/broken: HTTP 500; skipped"


@pytest.mark.parametrize(
    ("ip", "kind"),
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("172.16.5.4", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("not-an-ip", "unparseable"),
    ],
)
def test_fetch_address_kinds(ip: str, kind: str | None) -> None:
    assert _refusal(ip) == kind


def test_fetch_refuses_a_redirect_to_another_scheme() -> None:
    fetcher, _ = _mock({"http://news.example/a": httpx.Response(302, headers={"Location": "file:///etc/passwd"})})
    with fetcher, pytest.raises(InputError, match=r"refused: redirected to file:///etc/passwd, which has scheme 'file:'"):
        fetcher.fetch("http://news.example/a")


@pytest.mark.parametrize("url", ["http://[::1", "http://news.example:99999/", "http://"])
def test_fetch_malformed_urls_are_one_line(url: str) -> None:
    fetcher, seen = _mock({})
    with fetcher, pytest.raises(InputError) as info:
        fetcher.fetch(url)
    assert "\n" not in str(info.value) and seen == []
