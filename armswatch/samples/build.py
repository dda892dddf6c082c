"""Build the bundled sample corpus from `articles.jsonl` in the four forms ingest reads.

The 55 articles were written by us about real, public events. They are
spread over HTML pages (with structured metadata), a JSON Lines file, an
RSS feed, a WARC archive and plain text files, so that the main job shows
every reader at work. The output is deterministic and committed under
`samples/corpus/`; a test checks that it matches this builder.

    python -m armswatch.samples.build
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import json
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).parent
ARTICLES = HERE / "articles.jsonl"
CORPUS = HERE / "corpus"
TEXT_ONLY = {"a50", "a51", "a52", "a53"}  # negatives, as bare text without metadata


def articles() -> Iterator[dict]:
    with ARTICLES.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _kind(art: dict, n: int) -> str:
    if art["id"] in TEXT_ONLY:
        return "txt"
    return ("html", "warc", "rss", "jsonl")[n % 4]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def render_html(art: dict) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art["title"],
        "datePublished": art["published"],
        "publisher": {"@type": "Organization", "name": art["outlet"]},
    }
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in _paragraphs(art["text"]))
    return f"""<!doctype html>
<html lang="{art.get("language", "en")}">
<head>
  <meta charset="utf-8">
  <title>{html.escape(art["title"])} | {html.escape(art["outlet"])}</title>
  <meta property="og:site_name" content="{html.escape(art["outlet"])}">
  <meta property="og:title" content="{html.escape(art["title"])}">
  <meta property="article:published_time" content="{art["published"]}T08:00:00Z">
  <script type="application/ld+json">{json.dumps(ld)}</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/defence">Defence</a></nav>
  <article>
    <h1>{html.escape(art["title"])}</h1>
{body}
  </article>
  <footer>All rights reserved. Subscribe to our newsletter.</footer>
</body>
</html>
"""


def render_rss(items: list[dict]) -> str:
    entries = []
    for art in items:
        published = dt.datetime.fromisoformat(art["published"] + "T08:00:00+00:00")
        content = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(art["text"]))
        entries.append(f"""  <item>
    <title>{html.escape(art["title"])}</title>
    <link>{html.escape(art["url"])}</link>
    <guid>{html.escape(art["url"])}</guid>
    <pubDate>{format_datetime(published)}</pubDate>
    <source url="{html.escape(art["url"])}">{html.escape(art["outlet"])}</source>
    <content:encoded><![CDATA[{content}]]></content:encoded>
  </item>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>armswatch sample wire</title>
  <link>https://wire.example/</link>
  <description>Sample articles for armswatch, written by its authors.</description>
{chr(10).join(entries)}
</channel>
</rss>
"""


def render_warc(items: list[dict]) -> bytes:
    """A WARC.gz of HTML responses, one gzip member a record, byte-for-byte reproducible (gzip mtime 0)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    for art in items:
        payload = render_html(art).encode("utf-8")
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload)))], protocol="HTTP/1.1"
        )
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=False)
        record = writer.create_warc_record(
            art["url"],
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": art["published"] + "T09:00:00Z", "WARC-Record-ID": f"<urn:armswatch:{art['id']}>"},
        )
        writer.write_record(record)
        out.write(gzip.compress(buf.getvalue(), mtime=0))
    return out.getvalue()


def build(out: Path = CORPUS) -> list[Path]:
    """Write the corpus; returns the files written."""
    arts = list(articles())
    by_kind: dict[str, list[dict]] = {}
    for n, art in enumerate(arts):
        by_kind.setdefault(_kind(art, n), []).append(art)
    written: list[Path] = []
    for sub in ("html", "text"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for art in by_kind.get("html", []):
        p = out / "html" / f"{art['id']}.html"
        p.write_text(render_html(art), encoding="utf-8")
        written.append(p)
    for art in by_kind.get("txt", []):
        p = out / "text" / f"{art['id']}.txt"
        p.write_text(art["title"] + "\n\n" + art["text"] + "\n", encoding="utf-8")
        written.append(p)
    p = out / "items.jsonl"
    fields = ("title", "outlet", "url", "published", "text")
    p.write_text(
        "".join(json.dumps({k: a[k] for k in fields}, ensure_ascii=False) + "\n" for a in by_kind.get("jsonl", [])), encoding="utf-8"
    )
    written.append(p)
    p = out / "feed.xml"
    p.write_text(render_rss(by_kind.get("rss", [])), encoding="utf-8")
    written.append(p)
    p = out / "archive.warc.gz"
    p.write_bytes(render_warc(by_kind.get("warc", [])))
    written.append(p)
    return written


if __name__ == "__main__":
    for path in build():
        print(path)
