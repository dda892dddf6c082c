"""The HTML reader: main text, title, a date only from structured metadata, outlet; hostile pages skipped in one line."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from armswatch.errors import BinaryInput, EmptyInput, InputError
from armswatch.ingest.html import domain_of, html_to_text, parse_date, read_html
from tests.test_ingest_support import PARAGRAPHS, article_html, json_ld


def test_html_json_ld_date_title_and_outlet() -> None:
    page = article_html(head=json_ld("2024-03-05T10:00:00+01:00") + '<meta property="og:site_name" content="Ostmark Courier">')
    doc = read_html(page.encode(), "page.html", url="https://www.courier.example/world/drones")
    assert doc.published == dt.date(2024, 3, 5)
    assert doc.title == "Drones for Karsk"
    assert doc.outlet == "Ostmark Courier"
    assert doc.url == "https://www.courier.example/world/drones"
    assert doc.label == "page.html"


def test_html_text_is_the_main_text_without_navigation_or_footer() -> None:
    doc = read_html(article_html(), "page.html")
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert "Home" not in doc.text and "All rights reserved" not in doc.text


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2023-11-20T08:15:00Z">',
        '<meta name="pubdate" content="20231120">',
        '<meta itemprop="datePublished" content="2023-11-20">',
        '<meta name="DC.date.issued" content="2023/11/20">',
    ],
)
def test_html_date_from_meta_tags(head: str) -> None:
    assert read_html(article_html(head=head), "page.html").published == dt.date(2023, 11, 20)


def test_html_time_element_with_itemprop_gives_the_date() -> None:
    page = article_html().replace("<h1>", '<time itemprop="datePublished" datetime="2022-06-01">June 1</time><h1>')
    assert read_html(page, "page.html").published == dt.date(2022, 6, 1)


def test_html_article_json_ld_wins_over_other_json_ld() -> None:
    head = json_ld("2020-01-01", kind="WebSite") + json_ld("2024-02-29")
    assert read_html(article_html(head=head), "page.html").published == dt.date(2024, 2, 29)


def test_html_without_structured_metadata_has_no_date() -> None:
    # Dates in the visible text and the URL are guesses, not metadata: they are not used.
    page = article_html(paragraphs=(*PARAGRAPHS, "Posted on 2 January 2023, updated 2023-01-03."))
    doc = read_html(page, "page.html", url="https://courier.example/2021/05/06/drones")
    assert doc.published is None


def test_html_fallback_date_when_no_metadata() -> None:
    assert read_html(article_html(), "p", fallback_date=dt.date(2019, 7, 1)).published == dt.date(2019, 7, 1)


def test_html_outlet_from_the_domain_when_the_page_names_none() -> None:
    assert read_html(article_html(), "p", url="https://www.courier.example/a").outlet == "courier.example"


def test_html_url_from_canonical_link_for_a_saved_page() -> None:
    page = article_html(head='<link rel="canonical" href="https://courier.example/world/drones">')
    doc = read_html(page, "saved.html")
    assert doc.url == "https://courier.example/world/drones"
    assert doc.outlet == "courier.example"


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyInput, "empty"),
        (b"   \n\t ", EmptyInput, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), BinaryInput, "binary"),
        (
            b"<html><head><title>App</title></head><body><div id='app'></div><script>render()</script></body></html>",
            EmptyInput,
            "no main text",
        ),
    ],
)
def test_html_bad_input_is_one_line(data: bytes, error: type[InputError], reason: str) -> None:
    with pytest.raises(error) as info:
        read_html(data, "bad.html")
    message = str(info.value)
    assert message.startswith("bad.html: ") and reason in message and message.endswith("; skipped")
    assert "\n" not in message


def test_html_ten_thousand_nested_divs_are_skipped_or_read_quickly() -> None:
    page = "<html><body>" + "<div>" * 10_000 + f"<p>{PARAGRAPHS[0]}</p>" + "</div>" * 10_000 + "</body></html>"
    start = time.monotonic()
    try:
        doc = read_html(page.encode(), "deep.html")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert doc.text
    assert time.monotonic() - start < 10


def test_html_invalid_utf8_still_reads_or_skips_cleanly() -> None:
    page = article_html().encode("utf-8").replace(b"Karsk", b"K\xffarsk\xc3")
    doc = read_html(page, "latin.html")
    assert "defence ministry" in doc.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T10:00:00Z", dt.date(2024, 3, 5)),
        ("2024-3-5", dt.date(2024, 3, 5)),
        ("2024/03/05", dt.date(2024, 3, 5)),
        ("20240305", dt.date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 10:00:00 GMT", dt.date(2024, 3, 5)),
        ("2024-02-30", None),
        ("yesterday", None),
        ("0001-01-01", None),
        ("", None),
    ],
)
def test_html_parse_date(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    text = html_to_text("<p>First <b>one</b>.</p><script>var x = 1;</script><p>Second<br>line.</p>")
    assert text == "First one.\n\nSecond\n\nline."


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.Courier.example:8443/a", "courier.example"),
        ("http://en.fna.example/x", "en.fna.example"),
        ("not a url", None),
        (None, None),
    ],
)
def test_html_domain_of(url: str | None, domain: str | None) -> None:
    assert domain_of(url) == domain
