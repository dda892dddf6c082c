"""Builders of hand-made inputs for the ingest tests (pages, feeds, PDFs, archives) and a local web server.

No tests here: the test_ingest_* modules import these. The text is our own,
about fictional states (Veloria, Karsk, Ostmark), so no test leans on world
knowledge.
"""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPHS = (
    "Veloria delivered a second batch of reconnaissance drones to Karsk last month, the Karsk defence ministry said on Monday.",
    "Officials in the capital said the aircraft would patrol the northern border, where smuggling has grown since the spring.",
    "A spokesman for the Velorian embassy declined to give the number of aircraft or the value of the contract.",
    "Analysts at a research institute in Ostmark said the deal was the largest between the two countries in a decade.",
)
SPANISH = (
    "El ministerio de defensa de Karsk anunció ayer la compra de nuevos aviones no tripulados para vigilar la frontera norte. "
    "Según los funcionarios, los aparatos llegarán antes del invierno y serán operados por la fuerza aérea."
)
FRENCH = (
    "Le ministère de la Défense de Karsk a annoncé hier l'achat de nouveaux drones destinés à surveiller la frontière nord. "
    "Selon les responsables, les appareils seront livrés avant l'hiver et confiés à l'armée de l'air."
)


def article_html(title: str = "Drones for Karsk", *, head: str = "", paragraphs: tuple[str, ...] = PARAGRAPHS) -> str:
    """A news page: navigation, an article of several paragraphs, a footer; `head` adds metadata."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | Ostmark Courier</title>{head}</head>"
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Ostmark Courier. All rights reserved.</footer></body></html>"
    )


def json_ld(date: str, kind: str = "NewsArticle", headline: str = "Drones for Karsk") -> str:
    return (
        '<script type="application/ld+json">'
        f'{{"@context": "https://schema.org", "@type": "{kind}", "headline": "{headline}", "datePublished": "{date}",'
        ' "publisher": {"@type": "Organization", "name": "Ostmark Courier"}}'
        "</script>"
    )


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal, valid PDF with one Helvetica text line per string, written by hand with a correct xref table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        shown = " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines)
        stream = f"BT /F1 11 Tf 72 740 Td 14 TL {shown} ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def rss(items: list[dict[str, str]], title: str = "Ostmark Courier: World") -> bytes:
    """An RSS 2.0 feed; each item may have title, link, description (HTML, escaped here), pubDate."""
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title><link>https://courier.example/</link>']
    for item in items:
        out.append("<item>")
        for key in ("title", "link", "pubDate"):
            if key in item:
                out.append(f"<{key}>{item[key]}</{key}>")
        if "description" in item:
            out.append(f"<description><![CDATA[{item['description']}]]></description>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def atom(entries: list[dict[str, str]], title: str = "Karsk Monitor") -> bytes:
    out = [f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>']
    for entry in entries:
        out.append(f'<entry><title>{entry["title"]}</title><link href="{entry["link"]}"/><updated>{entry["updated"]}</updated>')
        out.append(f'<content type="html"><![CDATA[{entry["content"]}]]></content></entry>')
    out.append("</feed>")
    return "".join(out).encode("utf-8")


def write_warc(path: Path, records: list[tuple[str, str, bytes]], *, compress: bool) -> None:
    """A WARC of response records (url, content type, body); `length=` keeps warcio from spooling to temp files."""
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=compress)
        for url, content_type, body in records:
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http)
            writer.write_record(record)


def gzipped(path: Path, data: bytes) -> Path:
    with gzip.open(path, "wb") as f:
        f.write(data)
    return path


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LocalServer:
    """A real HTTP server on 127.0.0.1 serving `routes` (path -> Route); anything else is a 404."""

    routes: dict[str, Route]
    url: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[LocalServer]:
    state = LocalServer(routes)
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = state.routes.get(self.path, Route(404, b"not here", "text/plain"))
            if route.delay:
                release.wait(route.delay)  # a slow server; released at teardown so the thread ends
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(route.body)
            except OSError:
                pass  # the client gave up (a timeout test)

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
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def labels(items: list[object]) -> list[str]:
    return [getattr(item, "label", "?") for item in items]


def only(kind: type, items: list[object]) -> list:
    return [item for item in items if isinstance(item, kind)]
