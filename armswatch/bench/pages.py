"""Bench articles as the web serves them: HTML pages, and a WARC.gz of HTML responses streamed to disk.

The HTML stages need pages with what a real news page has around its text
(navigation, a byline, related links, a footer, JSON-LD and Open Graph
metadata), so that trafilatura has boilerplate to strip and our reader has
metadata to read; the layout follows `armswatch.samples.build.render_html`.
The WARC writer serves the memory target (DESIGN.md: a 1 GB WARC ingests in
< 500 MB RSS): it writes one record at a time, so an archive of any size is
generated in constant memory.
"""

from __future__ import annotations

import html
import io
import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from armswatch.bench.corpus import DEFENCE_SHARE, article

__all__ = ["WarcWritten", "render_page", "write_warc"]

#: What a page is given when its record does not say (a corpus of bare .txt files has no metadata).
FALLBACK = {"outlet": "Bench Outlet", "published": "2020-01-01"}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def page_url(record: Mapping[str, str]) -> str:
    """The record's URL, or one on the reserved .example domain made from its id."""
    return record.get("url") or f"https://bench.example/{quote(record['id'])}"


def render_page(record: Mapping[str, str]) -> str:
    """One article as a news page: nav, the article (headline, byline, paragraphs), related links, footer, metadata in the head."""
    title = record.get("title") or record["id"]
    outlet = record.get("outlet") or FALLBACK["outlet"]
    published = record.get("published") or FALLBACK["published"]
    url = page_url(record)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": f"{published}T08:00:00Z",
        "url": url,
        "publisher": {"@type": "Organization", "name": outlet},
    }
    e = html.escape
    body = "\n".join(f"    <p>{e(p)}</p>" for p in _paragraphs(record["text"]))
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{e(title)} | {e(outlet)}</title>
  <link rel="canonical" href="{e(url)}">
  <meta property="og:site_name" content="{e(outlet)}">
  <meta property="og:title" content="{e(title)}">
  <meta property="og:type" content="article">
  <meta property="og:url" content="{e(url)}">
  <meta property="article:published_time" content="{published}T08:00:00Z">
  <script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
  <header><a class="logo" href="/">{e(outlet)}</a></header>
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/defence">Defence</a> <a href="/sport">Sport</a></nav>
  <main>
  <article>
    <h1>{e(title)}</h1>
    <p class="byline">By our correspondent, <time datetime="{published}">{published}</time></p>
{body}
  </article>
  <aside><h2>Most read</h2><ul><li><a href="/world/1">Markets close higher</a></li><li><a href="/sport/2">Cup final tickets on sale</a></li><li><a href="/local/3">Road works on the ring road</a></li></ul></aside>
  </main>
  <footer><p>&copy; {e(outlet)}. All rights reserved.</p><p><a href="/about">About us</a> <a href="/privacy">Privacy</a> <a href="/subscribe">Subscribe to our newsletter</a></p></footer>
</body>
</html>
"""


@dataclass(frozen=True)
class WarcWritten:
    """What `write_warc` wrote: the file, its size on disk, the response records and their uncompressed payload bytes."""

    path: Path
    bytes: int
    records: int
    payload_bytes: int


def write_warc(
    path: Path, size_mb: float, seed: int = 0, defence_share: float = DEFENCE_SHARE, records: Iterable[Mapping[str, str]] | None = None
) -> WarcWritten:
    """A WARC.gz of HTML response records (one gzip member each, as crawlers write them) until the file reaches `size_mb` MB on disk.

    The records are generated articles (seed `seed`), or `records` until they run out. Each record is
    written as soon as it is made, so memory stays flat whatever the size.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    want = int(size_mb * 1_000_000)
    source = records if records is not None else (article(i, seed, defence_share) for i in itertools.count())
    n = payload_total = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for rec in source:
            payload = render_page(rec).encode("utf-8")
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))], protocol="HTTP/1.1"
            )
            published = rec.get("published") or FALLBACK["published"]
            record = writer.create_warc_record(
                page_url(rec),
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=http,  # a length: no temp file
                warc_headers_dict={"WARC-Date": f"{published}T09:00:00Z"},
            )
            writer.write_record(record)
            n += 1
            payload_total += len(payload)
            if f.tell() >= want:
                break
        size = f.tell()
    return WarcWritten(path, size, n, payload_total)
