"""Feeds and lists of feeds: items become Documents; entity declarations are refused before any parsing."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from armswatch.errors import InputError
from armswatch.ingest.feeds import ARTICLE_MIN_CHARS, read_feed, read_feed_list
from armswatch.ingest.fetch import Fetcher
from armswatch.model import Document
from tests.test_ingest_support import PARAGRAPHS, article_html, atom, json_ld, rss

LONG = " ".join(PARAGRAPHS)
assert len(LONG) >= ARTICLE_MIN_CHARS

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&secret;</title><description>&secret;</description></item></channel></rss>"""


def _docs(items: list[Document | InputError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def test_feeds_rss_items_become_documents() -> None:
    data = rss(
        [
            {
                "title": "Drones for Karsk",
                "link": "https://courier.example/1",
                "description": f"<p>{LONG}</p>",
                "pubDate": "Tue, 05 Mar 2024 10:00:00 GMT",
            },
            {"title": "Short note", "link": "https://courier.example/2", "description": "Karsk <b>received</b> radars."},
        ]
    )
    first, second = list(read_feed(data, "world.xml"))
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.label == "world.xml#1" and second.label == "world.xml#2"
    assert first.text == LONG
    assert first.title == "Drones for Karsk" and first.url == "https://courier.example/1"
    assert first.published == dt.date(2024, 3, 5)
    assert first.outlet == "Ostmark Courier: World"
    assert second.text == "Karsk received radars."  # no fetcher: the summary stands
    assert second.published is None


def test_feeds_atom_entries_use_their_content() -> None:
    data = atom(
        [
            {
                "title": "Radar deal",
                "link": "https://monitor.example/a",
                "updated": "2024-04-01T00:00:00Z",
                "content": f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>",
            }
        ]
    )
    (doc,) = list(read_feed(data, "monitor.atom"))
    assert isinstance(doc, Document)
    assert doc.text == f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}"
    assert doc.published == dt.date(2024, 4, 1)
    assert doc.outlet == "Karsk Monitor" and doc.url == "https://monitor.example/a"


def _fetcher(pages: dict[str, httpx.Response]) -> Fetcher:
    def handler(request: httpx.Request) -> httpx.Response:
        return pages.get(str(request.url), httpx.Response(404))

    return Fetcher(transport=httpx.MockTransport(handler), resolver=lambda host, port: ["93.184.216.34"])


def test_feeds_short_item_is_read_from_its_link_with_a_fetcher() -> None:
    page = article_html(head=json_ld("2024-05-06"))
    fetcher = _fetcher({"https://courier.example/2": httpx.Response(200, text=page, headers={"Content-Type": "text/html"})})
    data = rss([{"title": "Short note", "link": "https://courier.example/2", "description": "Karsk received drones."}])
    with fetcher:
        (doc,) = list(read_feed(data, "world.xml", fetcher=fetcher))
    assert isinstance(doc, Document)
    assert doc.label == "https://courier.example/2"
    assert PARAGRAPHS[2] in doc.text
    assert doc.published == dt.date(2024, 5, 6)


def test_feeds_link_that_fails_falls_back_to_the_summary_or_is_skipped() -> None:
    fetcher = _fetcher({"https://courier.example/3": httpx.Response(500)})
    data = rss(
        [
            {"title": "A", "link": "https://courier.example/3", "description": "Karsk received drones."},
            {"title": "B", "link": "https://courier.example/3"},
        ]
    )
    with fetcher:
        summary, skipped = list(read_feed(data, "world.xml", fetcher=fetcher))
    assert isinstance(summary, Document) and summary.text == "Karsk received drones."
    assert isinstance(skipped, InputError) and "HTTP 500" in str(skipped)


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, EXTERNAL_ENTITY, BILLION_LAUGHS.replace(b"</rss>", b"")], ids=["billion-laughs", "external", "malformed"]
)
def test_feeds_entity_declarations_are_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^evil\.xml: XML with entity declarations refused"):
        list(read_feed(data, "evil.xml"))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html><body><p>hello</p></body></html>", "not a feed (root element <html>"),
        (b'<?xml version="1.0"?><opml version="2.0"><body/></opml>', "name the file .opml"),
        (b"just some words, no XML", "not a feed"),
    ],
)
def test_feeds_not_a_feed_is_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        list(read_feed(data, "x.xml"))
    assert reason in str(info.value) and "\n" not in str(info.value)


def test_feeds_opml_list_in_order_without_repeats() -> None:
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>
      <outline text="Wires"><outline text="A" type="rss" xmlUrl="https://a.example/feed.xml"/>
        <outline text="B" type="rss" xmlUrl="https://b.example/rss"/></outline>
      <outline text="A again" xmlUrl="https://a.example/feed.xml"/>
      <outline text="Local" xmlUrl="file:///etc/feed.xml"/>
    </body></opml>"""
    items = list(read_feed_list(opml, "feeds.opml"))
    assert items[:2] == ["https://a.example/feed.xml", "https://b.example/rss"]
    assert len(items) == 3 and isinstance(items[2], InputError) and "not an http(s) URL" in str(items[2])


def test_feeds_opml_with_entities_is_refused() -> None:
    opml = b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body><outline xmlUrl="&x;"/></body></opml>'
    with pytest.raises(InputError, match="entity declarations refused"):
        list(read_feed_list(opml, "feeds.opml"))


def test_feeds_dot_feeds_file_with_comments() -> None:
    text = b"# wires\nhttps://a.example/feed.xml\n\n  https://b.example/rss#frag   # the B wire\nnot a url\n"
    items = list(read_feed_list(text, "my.feeds"))
    assert items[:2] == ["https://a.example/feed.xml", "https://b.example/rss#frag"]
    assert isinstance(items[2], InputError) and items[2].label == "my.feeds#5"
