"""From what a user names on the command line to Documents: dispatch by kind, folders walked, URLs fetched.

`iter_documents` takes files, folders and URLs and yields a Document for each
article, or an InputError (one line: label, reason) for each item it cannot
read; it never stops the batch for a bad item. Every Document leaves with its
language detected, so the pipeline can store text that is not English and
skip extracting it.

Labels (they become evidence.doc): the path as given for a file (as found,
for a file in a folder), `path#N` for the N-th record of a JSON Lines file,
feed or web archive, the URL for a fetched page (also for a feed item read
from the page its link points to).
"""

from __future__ import annotations

import io
import logging
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

from armswatch.catalog import Catalog, Outlet
from armswatch.config import Settings
from armswatch.errors import InputError, TooLargeInput
from armswatch.ingest import lang, make_document
from armswatch.ingest.feeds import FEED_ROOTS, read_feed, read_feed_list, root_of
from armswatch.ingest.fetch import Fetcher
from armswatch.ingest.html import domain_of, read_html
from armswatch.ingest.pdf import read_pdf
from armswatch.ingest.text import decode, human_size, open_stream, read_bytes, read_path, unreadable
from armswatch.ingest.warc import read_warc
from armswatch.model import Document, OutletInfo

__all__ = ["KINDS", "finish_document", "iter_documents", "kind_of", "outlet_of", "read_file_as", "readable_files"]

#: file suffix (after any .gz) -> the reader for it
KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".opml": "feeds",
    ".feeds": "feeds",
    ".warc": "warc",
    ".arc": "warc",
}
PDF_FACTOR = 4  # a PDF file may be this many times the text limit: its fonts and images weigh more than its text
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml", "text/x-opml")

log = logging.getLogger(__name__)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def kind_of(name: str) -> str | None:
    """The reader for a file name ("text", "jsonl", "html", "pdf", "feed", "feeds", "warc"), looking through .gz; None if unknown."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    dot = lower.rfind(".")
    return KINDS.get(lower[dot:]) if dot > 0 else None


def iter_documents(
    sources: Sequence[str], settings: Settings, fetcher: Fetcher | None = None, catalog: Catalog | None = None
) -> Iterator[Document | InputError]:
    """Every article in `sources` (files, folders, http(s) URLs) as a Document, or an InputError for what cannot be read.

    Without a `fetcher` nothing touches the network: URLs are skipped and feed
    items keep their summaries. With a `catalog`, a document without an outlet
    name gets the catalog's name for its site.
    """
    for source in sources:
        for item in _source(source, settings, fetcher):
            yield finish_document(item, catalog) if isinstance(item, Document) else item


def readable_files(folder: Path) -> Iterator[Path]:
    """The files `iter_documents` reads in `folder`, in the order it reads them: so an engine that makes each file
    a shard of its own (armswatch.scale) reads the same files, under the same labels, as reading the folder."""
    for file in _walk(folder):
        if kind_of(file.name) is not None:
            yield file


def read_file_as(
    path: Path, label: str, settings: Settings, fetcher: Fetcher | None = None, catalog: Catalog | None = None
) -> Iterator[Document | InputError]:
    """The documents of a local file read under another name: a worker's copy of a remote shard (an fsspec URL)
    keeps the URL as its label and kind, not the temporary path."""
    name = label.rsplit("/", 1)[-1]
    kind = kind_of(name) or _sniff_file(path)
    for item in _guard(label, partial(_file, path, label, kind, settings, fetcher)):
        yield finish_document(item, catalog) if isinstance(item, Document) else item


def finish_document(doc: Document, catalog: Catalog | None) -> Document:
    """A document as every reader hands it on: its language detected and, with a catalog, its outlet named.
    (Public so that a reader outside this module, the watcher's feed items, finishes documents the same way.)"""
    language = doc.language or lang.detect(doc.text)
    outlet = doc.outlet
    if outlet is None and catalog is not None and doc.url:
        info = outlet_of(doc, catalog)
        if info is not None and info.kind is not None:
            outlet = info.name
    if language == doc.language and outlet == doc.outlet:
        return doc
    return replace(doc, language=language, outlet=outlet)


def _source(source: str, settings: Settings, fetcher: Fetcher | None) -> Iterator[Document | InputError]:
    if _URL.match(source):
        yield from _guard(source, partial(_url, source, settings, fetcher))
        return
    path = Path(source)
    if path.is_dir():
        for file in _walk(path):
            kind = kind_of(file.name)
            if kind is None:
                log.debug("%s: not a kind armswatch reads; passed over", file)
                continue
            label = str(file)
            yield from _guard(label, partial(_file, file, label, kind, settings, fetcher))
    elif path.exists():
        yield from _guard(source, partial(_file, path, source, kind_of(path.name) or _sniff_file(path), settings, fetcher))
    else:
        yield InputError(source, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Files under `folder` in sorted order, depth first; hidden entries and symbolic links to folders are passed over."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        log.warning("%s: cannot list the folder (%s); passed over", folder, exc.strerror or exc)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def _guard(label: str, read: Callable[[], Iterable[Document | InputError]]) -> Iterator[Document | InputError]:
    """Run one reader: its InputError ends this source only, and so does a failure nobody foresaw (reported as a bug)."""
    try:
        yield from read()
    except InputError as exc:
        yield exc
    except Exception as exc:
        log.exception("%s: reader failed", label)
        detail = " ".join(str(exc).split())[:200]
        yield InputError(label, f"could not be read ({exc.__class__.__name__}: {detail}); please report this as an armswatch bug")


def _file(path: Path, label: str, kind: str, settings: Settings, fetcher: Fetcher | None) -> Iterator[Document | InputError]:
    limit = settings.max_text_bytes
    if kind in ("text", "jsonl"):
        yield from read_path(path, label, limit)
    elif kind == "html":
        yield read_html(read_bytes(path, label, limit), label)
    elif kind == "pdf":
        yield _pdf_file(path, label, limit)
    elif kind == "feed":
        yield from read_feed(read_bytes(path, label, limit), label, fetcher=fetcher)
    elif kind == "feeds":
        yield from _feed_list(read_bytes(path, label, limit), label, fetcher)
    elif kind == "warc":
        yield from read_warc(path, label, limit)
    else:
        raise InputError(label, f"unknown kind {kind!r}")


def _pdf_file(path: Path, label: str, limit: int) -> Document:
    cap = limit * PDF_FACTOR
    if path.name.lower().endswith(".gz"):
        return read_pdf(io.BytesIO(read_bytes(path, label, cap)), label, limit)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(label, exc) from exc
    if size > cap:
        raise TooLargeInput(
            label, f"PDF of {human_size(size)} is over the {human_size(cap)} limit (set ARMSWATCH_MAX_TEXT_BYTES to raise it)"
        )
    return read_pdf(path, label, limit)


def _feed_list(data: bytes, label: str, fetcher: Fetcher | None) -> Iterator[Document | InputError]:
    for url in read_feed_list(data, label):
        if isinstance(url, InputError):
            yield url
        elif fetcher is None:
            yield InputError(url, "feed URL not fetched: network access is off for this run")
        else:
            yield from _guard(url, partial(_feed_url, url, fetcher))


def _feed_url(url: str, fetcher: Fetcher) -> Iterator[Document | InputError]:
    page = fetcher.fetch(url)
    yield from read_feed(page.body, url, fetcher=fetcher)


def _url(url: str, settings: Settings, fetcher: Fetcher | None) -> Iterator[Document | InputError]:
    """A fetched URL, read as a feed, a list of feeds, a PDF, plain text or (by default) an HTML page."""
    if fetcher is None:
        raise InputError(url, "a URL, but network access is off for this run")
    page = fetcher.fetch(url)
    body, ctype = page.body, page.content_type
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if ctype == "application/pdf" or head.startswith(b"%pdf-"):
        yield read_pdf(io.BytesIO(body), url, settings.max_text_bytes)
        return
    if ctype in FEED_TYPES or head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf", b"<opml")):
        root = root_of(body, url)
        if root in FEED_ROOTS or (root is None and ctype in FEED_TYPES[:3]):  # a malformed feed: feedparser is lenient
            yield from read_feed(body, url, fetcher=fetcher)
            return
        if root == "opml":
            yield from _feed_list(body, url, fetcher)
            return
    if ctype == "text/plain":
        yield make_document(decode(body, url), url, url=page.final_url)
    elif ctype in HTML_TYPES or ctype in FEED_TYPES:
        yield read_html(body, url, url=page.final_url)
    else:
        raise InputError(url, f"not an article, feed or PDF (content type {ctype})")


def _sniff_file(path: Path) -> str:
    """The kind of a file named without a known suffix, from its first bytes; text when nothing else fits."""
    try:
        with open_stream(path) as f:
            head = f.read(1024)
    except (OSError, EOFError, zlib.error):
        return "text"  # the text reader says why it cannot be read
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"WARC/", b"filedesc://")) or (path.name.lower().endswith(".gz") and _gz_warc(path)):
        return "warc"
    if lowered.startswith(b"<"):
        if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
            return "feed"
        if b"<opml" in lowered:
            return "feeds"
        return "html"
    return "text"


def _gz_warc(path: Path) -> bool:
    try:
        with open_stream(path) as f:
            return f.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


def outlet_of(document: Document, catalog: Catalog | None) -> OutletInfo | None:
    """The document's outlet: the catalog's entry for its site (by domain, then by name), else its domain or name."""
    domain = domain_of(document.url)
    name = document.outlet
    found = None
    if catalog is not None:
        by_domain, by_name = _outlet_index(catalog)
        if domain:
            parts = domain.split(".")
            # the site's domain or a parent of it (en.irna.ir -> irna.ir); the longest match wins
            found = next((by_domain[d] for d in (".".join(parts[i:]) for i in range(len(parts) - 1)) if d in by_domain), None)
        if found is None and name:
            found = by_name.get(name.casefold())
    if found is not None:
        return OutletInfo(
            id=found.id,
            name=found.name,
            domain=domain or (found.domains[0] if found.domains else None),
            kind=found.kind or None,
            state=found.state or None,
        )
    if domain:
        return OutletInfo(id=domain, name=name or domain, domain=domain)
    if name:
        return OutletInfo(id=name.lower(), name=name)
    return None


_INDEXES: dict[int, tuple[Catalog, dict[str, Outlet], dict[str, Outlet]]] = {}


def _outlet_index(catalog: Catalog) -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    """The catalog's outlets by domain and by name, built once per catalog."""
    hit = _INDEXES.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1], hit[2]
    by_domain: dict[str, Outlet] = {}
    by_name: dict[str, Outlet] = {}
    for outlet in catalog.outlets:
        for known in outlet.domains:
            by_domain.setdefault(known.lower().removeprefix("www."), outlet)
        for key in (outlet.id, outlet.name, *outlet.aliases):
            by_name.setdefault(key.casefold(), outlet)
    _INDEXES[id(catalog)] = (catalog, by_domain, by_name)
    return by_domain, by_name


def _by_domain(domain: str, catalog: Catalog) -> Outlet | None:
    """The outlet whose domain is the site's or a parent of it (en.irna.ir -> irna.ir); the longest match wins."""
    best: tuple[int, Outlet] | None = None
    for outlet in catalog.outlets:
        for known in outlet.domains:
            known = known.lower().removeprefix("www.")
            if (domain == known or domain.endswith("." + known)) and (best is None or len(known) > best[0]):
                best = (len(known), outlet)
    return best[1] if best else None
