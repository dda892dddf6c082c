"""iter_documents: dispatch by kind, folders walked in order, .gz streamed, URLs fetched, bad items skipped in one line."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from armswatch.catalog import Catalog
from armswatch.config import Settings
from armswatch.errors import InputError
from armswatch.ingest import make_document
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.sources import iter_documents, kind_of, outlet_of
from armswatch.model import Document, OutletInfo
from tests.test_ingest_support import (
    FRENCH,
    PARAGRAPHS,
    SPANISH,
    Route,
    article_html,
    gzipped,
    json_ld,
    make_pdf,
    rss,
    serve,
    write_warc,
)

SETTINGS = Settings()
ENGLISH = " ".join(PARAGRAPHS)


def _run(*sources: str | Path, fetcher: Fetcher | None = None, catalog: Catalog | None = None, settings: Settings = SETTINGS) -> list:
    return list(iter_documents([str(s) for s in sources], settings, fetcher=fetcher, catalog=catalog))


def _reasons(items: list) -> dict[str, str]:
    return {i.label: i.detail for i in items if isinstance(i, InputError)}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "text"),
        ("a.md", "text"),
        ("A.HTML", "html"),
        ("a.htm.gz", "html"),
        ("a.jsonl.gz", "jsonl"),
        ("report.pdf", "pdf"),
        ("world.rss", "feed"),
        ("x.atom", "feed"),
        ("x.xml", "feed"),
        ("list.opml", "feeds"),
        ("my.feeds", "feeds"),
        ("crawl.warc.gz", "warc"),
        ("old.arc.gz", "warc"),
        ("photo.png", None),
        ("README", None),
        (".txt", None),
    ],
)
def test_sources_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


def _corpus(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "b" / "deep").mkdir()
    (root / "a.txt").write_text(ENGLISH)
    (root / "b" / "page.html").write_text(article_html(head=json_ld("2024-01-15")))
    (root / "b" / "deep" / "report.pdf").write_bytes(make_pdf([[PARAGRAPHS[0]], [PARAGRAPHS[1]]]))
    (root / "b" / "wire.jsonl").write_text(
        json.dumps({"text": ENGLISH, "title": "T", "url": "https://fna.example/1", "published": "2024-02-02"})
        + "\n"
        + json.dumps({"html": article_html(), "url": "https://globe.example/2", "title": "From the record"})
        + "\n"
    )
    (root / "c.xml").write_bytes(rss([{"title": "Item", "link": "https://courier.example/i", "description": ENGLISH}]))
    write_warc(root / "d.warc.gz", [("https://courier.example/w", "text/html", article_html().encode())], compress=True)
    (root / ".hidden.txt").write_text(ENGLISH)
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def test_sources_folder_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    _corpus(tmp_path)
    items = _run(tmp_path)
    assert all(isinstance(i, Document) for i in items), _reasons(items)
    assert [i.label for i in items] == [
        f"{tmp_path}/a.txt",
        f"{tmp_path}/b/deep/report.pdf",
        f"{tmp_path}/b/page.html",
        f"{tmp_path}/b/wire.jsonl#1",
        f"{tmp_path}/b/wire.jsonl#2",
        f"{tmp_path}/c.xml#1",
        f"{tmp_path}/d.warc.gz#1",
    ]
    by_label = {i.label.removeprefix(f"{tmp_path}/"): i for i in items}
    assert by_label["b/page.html"].published == dt.date(2024, 1, 15)
    assert by_label["b/deep/report.pdf"].text == f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}"
    record = by_label["b/wire.jsonl#2"]
    assert record.title == "From the record" and PARAGRAPHS[2] in record.text and record.outlet == "globe.example"
    assert all(i.language == "en" for i in items)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt.gz", ENGLISH.encode()),
        ("a.html.gz", article_html().encode()),
        ("a.jsonl.gz", json.dumps({"text": ENGLISH}).encode() + b"\n"),
        ("a.pdf.gz", make_pdf([[PARAGRAPHS[0]]])),
        ("a.xml.gz", rss([{"title": "x", "link": "https://courier.example/x", "description": ENGLISH}])),
    ],
)
def test_sources_gz_of_each_kind(tmp_path: Path, name: str, data: bytes) -> None:
    (item,) = _run(gzipped(tmp_path / name, data))
    assert isinstance(item, Document), item
    assert PARAGRAPHS[0] in item.text


def test_sources_bad_files_are_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "truncated.txt.gz").write_bytes(gzip.compress(ENGLISH.encode() * 20)[:-40])
    (tmp_path / "truncated.html.gz").write_bytes(gzip.compress(article_html().encode())[:30])
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 and then nothing")
    (tmp_path / "bad.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nHTTP/1.1 200 OK\r\n")
    (tmp_path / "good.txt").write_text(ENGLISH)
    (tmp_path / "invalid-utf8.txt").write_bytes(ENGLISH.encode() + b" \xff\xfe\xc3(")
    items = _run(tmp_path, tmp_path / "missing.txt")
    reasons = _reasons(items)
    assert "binary" in reasons[f"{tmp_path}/binary.txt"]
    assert "empty" in reasons[f"{tmp_path}/empty.txt"] and "empty" in reasons[f"{tmp_path}/empty.html"]
    assert "truncated or corrupt gzip" in reasons[f"{tmp_path}/truncated.txt.gz"]
    assert "truncated or corrupt gzip" in reasons[f"{tmp_path}/truncated.html.gz"]
    assert "not a readable PDF" in reasons[f"{tmp_path}/bad.pdf"]
    assert reasons[f"{tmp_path}/bad.warc#1"].startswith("archive cut in the middle of a record")
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"
    docs = [i for i in items if isinstance(i, Document)]
    assert sorted(d.label for d in docs) == [f"{tmp_path}/good.txt", f"{tmp_path}/invalid-utf8.txt"]
    assert all("\n" not in str(i) for i in items if isinstance(i, InputError))


def test_sources_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_text(article_html())
    (item,) = _run(tmp_path / "big.html", settings=Settings(max_text_bytes=100))
    assert isinstance(item, InputError) and "limit" in str(item)


def test_sources_unknown_suffix_given_by_name_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "saved-page").write_text(article_html())
    (tmp_path / "notes").write_text(ENGLISH)
    page, notes = _run(tmp_path / "saved-page", tmp_path / "notes")
    assert PARAGRAPHS[0] in page.text and "<p>" not in page.text
    assert notes.text == ENGLISH


@pytest.mark.parametrize(("text", "code"), [(SPANISH, "es"), (FRENCH, "fr"), (ENGLISH, "en")])
def test_sources_language_is_detected(tmp_path: Path, text: str, code: str) -> None:
    (tmp_path / "a.txt").write_text(text)
    (doc,) = _run(tmp_path / "a.txt")
    assert doc.language == code


def test_sources_catalog_names_the_outlet(tmp_path: Path, tiny_catalog: Catalog) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": ENGLISH, "url": "https://www.fna.example/a"}) + "\n")
    (doc,) = _run(tmp_path / "a.jsonl", catalog=tiny_catalog)
    assert doc.outlet == "Freedonian News Agency"


def test_sources_urls_need_a_fetcher() -> None:
    (item,) = _run("https://news.example/a")
    assert isinstance(item, InputError) and "network access is off" in str(item)


def test_sources_feeds_list_without_a_fetcher(tmp_path: Path) -> None:
    (tmp_path / "my.feeds").write_text("https://a.example/feed.xml\n")
    (item,) = _run(tmp_path / "my.feeds")
    assert isinstance(item, InputError) and item.label == "https://a.example/feed.xml"


def test_sources_urls_pages_feeds_and_failures_from_a_local_server(tmp_path: Path) -> None:
    feed = rss(
        [
            {"title": "Long", "link": "https://courier.example/long", "description": ENGLISH},
            {"title": "Short", "description": "Karsk received radars."},
        ]
    )
    routes = {
        "/page": Route(body=article_html(head=json_ld("2024-06-01")).encode()),
        "/feed": Route(body=feed, content_type="application/rss+xml"),
        "/feed-as-html": Route(body=feed, content_type="text/html"),
        "/broken.xml": Route(500, b"oops"),
        "/slow.xml": Route(body=feed, delay=5, content_type="application/rss+xml"),
        "/report": Route(body=make_pdf([[PARAGRAPHS[3]]]), content_type="application/pdf"),
        "/image": Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    }
    with serve(routes) as server, Fetcher(allow_private=True, timeout=0.3) as fetcher:
        url = server.url
        (tmp_path / "list.feeds").write_text(f"# ours\n{url}/feed\n{url}/slow.xml\n{url}/broken.xml\n")
        items = _run(f"{url}/page", f"{url}/feed-as-html", tmp_path / "list.feeds", f"{url}/report", f"{url}/image", fetcher=fetcher)
    assert [i.label for i in items] == [
        f"{url}/page",
        f"{url}/feed-as-html#1",
        f"{url}/feed-as-html#2",
        f"{url}/feed#1",
        f"{url}/feed#2",
        f"{url}/slow.xml",
        f"{url}/broken.xml",
        f"{url}/report",
        f"{url}/image",
    ]
    page = items[0]
    assert isinstance(page, Document) and page.published == dt.date(2024, 6, 1) and page.url == f"{url}/page"
    assert isinstance(items[1], Document) and items[1].text == ENGLISH
    assert isinstance(items[7], Document) and items[7].text == PARAGRAPHS[3]
    reasons = _reasons(items)
    assert reasons[f"{url}/slow.xml"] == "timed out after 0.3 s"
    assert reasons[f"{url}/broken.xml"] == "HTTP 500"
    assert "content type image/png" in reasons[f"{url}/image"]


def test_sources_outlet_of_uses_the_catalog(tiny_catalog: Catalog) -> None:
    state_media = outlet_of(make_document("x", url="https://en.fna.example/story"), tiny_catalog)
    assert state_media == OutletInfo(id="frd-news", name="Freedonian News Agency", domain="en.fna.example", kind="state media", state="FRD")
    by_name = outlet_of(make_document("x", outlet="FNA"), tiny_catalog)
    assert by_name is not None and by_name.id == "frd-news" and by_name.domain == "fna.example"
    newspaper = outlet_of(make_document("x", url="https://www.globe.example/a"), tiny_catalog)
    assert newspaper is not None and newspaper.kind == "newspaper" and newspaper.state is None


def test_sources_outlet_of_unknown_sites() -> None:
    assert outlet_of(make_document("x", url="https://www.courier.example/a", outlet="Ostmark Courier"), None) == OutletInfo(
        id="courier.example", name="Ostmark Courier", domain="courier.example"
    )
    assert outlet_of(make_document("x", outlet="Ostmark Courier"), None) == OutletInfo(id="ostmark courier", name="Ostmark Courier")
    assert outlet_of(make_document("x"), None) is None
    # a look-alike domain is not the catalog's outlet
    assert outlet_of(make_document("x", url="https://notfna.example/a"), None) == OutletInfo(
        id="notfna.example", name="notfna.example", domain="notfna.example"
    )


def test_sources_ingest_imports_nothing_of_nlp_claims_or_store() -> None:
    import subprocess
    import sys

    code = (
        "import sys, armswatch.ingest.sources, armswatch.ingest.dedupe;"
        "bad = [m for m in sys.modules if m == 'spacy' or m.startswith(('spacy.', 'armswatch.nlp', 'armswatch.claims', 'armswatch.store'))];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
