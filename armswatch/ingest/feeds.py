"""Reading RSS and Atom feeds, and lists of feeds (OPML, or a .feeds file of URLs one a line).

feedparser does not refuse XML entity declarations, so every feed and list
is first checked with defusedxml: a document that declares entities (the
"billion laughs", external entities reading local files) is refused whole.

A feed item becomes a Document from its own content or summary when that
holds article text (ARTICLE_MIN_CHARS or more); otherwise, when a Fetcher is
given, from the page its link points to; otherwise from the summary.
`parse_feed` and `item_document` are the two halves of `read_feed`, so a
poller can drop the items it has seen before fetching any page.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Protocol
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from armswatch.errors import EmptyInput, InputError
from armswatch.ingest import make_document
from armswatch.ingest.fetch import Fetcher, Page
from armswatch.ingest.html import html_to_text, read_html
from armswatch.ingest.text import decode
from armswatch.model import Document

__all__ = [
    "ARTICLE_MIN_CHARS",
    "FEED_ROOTS",
    "FeedItem",
    "PageSource",
    "item_document",
    "parse_feed",
    "read_feed",
    "read_feed_list",
    "root_of",
]

ARTICLE_MIN_CHARS = 300
FEED_ROOTS = ("rss", "feed", "rdf")  # RSS 2.0 / 0.9x, Atom, RSS 1.0 (rdf:RDF)

log = logging.getLogger(__name__)
_COMMENT = re.compile(r"\s#")


def root_of(data: bytes, label: str) -> str | None:
    """The local name of the XML root element in lower case, or None when the bytes are not well-formed XML.

    Raises InputError when the document declares entities or an external DTD
    subset that would be expanded: those are refused, never parsed.
    """
    try:
        for _, element in SafeET.iterparse(
            io.BytesIO(data), events=("start",), forbid_dtd=False, forbid_entities=True, forbid_external=True
        ):
            tag = str(element.tag)
            return tag.rsplit("}", 1)[-1].lower()
    except DefusedXmlException as exc:
        raise InputError(label, "XML with entity declarations refused (they can expand without bound or read local files)") from exc
    except (ParseError, ValueError, LookupError):
        # Not well-formed: feedparser's lenient parser may still read it, but only if nothing declares an entity.
        if _declares_entities(data):
            raise InputError(label, "XML with entity declarations refused (they can expand without bound or read local files)") from None
        return None
    return None


def _declares_entities(data: bytes) -> bool:
    if b"<!entity" in data.lower():
        return True
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "<!entity" in data.decode("utf-16", "replace").lower()
    return False


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, before any page is fetched: what a poller needs to tell new items from seen ones."""

    key: str  # the item's guid, else its link, else its title and text: the same item keeps it across polls
    label: str  # `feed#N`, the label its Document gets unless it is read from its link
    link: str | None
    title: str | None
    published: dt.date | None
    text: str  # the longest of its own content blocks and summary, as plain text
    feed_title: str | None

    @property
    def needs_page(self) -> bool:
        """Whether the item carries less than an article, so its Document is read from the page it links to."""
        return len(self.text) < ARTICLE_MIN_CHARS and bool(self.link)


class PageSource(Protocol):
    """What reading an item's page needs of a Fetcher (armswatch.watch puts a polite one in front of it)."""

    def fetch(self, url: str) -> Page: ...


def read_feed(data: bytes, label: str, *, fetcher: Fetcher | None = None) -> Iterator[Document | InputError]:
    """The items of an RSS or Atom feed, one Document each, labelled `label#N` (N from 1).

    Raises InputError when the whole feed cannot be read; an item that cannot
    be read is yielded as its InputError and the rest go on. An item read from
    the page its link points to is labelled with that link.
    """
    for item in parse_feed(data, label):
        try:
            yield item_document(item, fetcher)
        except InputError as exc:
            yield exc


def parse_feed(data: bytes, label: str) -> list[FeedItem]:
    """The items of an RSS or Atom feed, in the feed's order; InputError when the whole feed cannot be read."""
    if not data.strip():
        raise EmptyInput(label)
    root = root_of(data, label)
    if root is not None and root not in FEED_ROOTS:
        hint = "; name the file .opml to read it as a list of feeds" if root == "opml" else ""
        raise InputError(label, f"not a feed (root element <{root}>, not <rss> or <feed>){hint}")
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except Exception as exc:  # feedparser on hostile bytes: whatever breaks, this feed alone is skipped
        raise InputError(label, f"not a readable feed ({exc.__class__.__name__})") from exc
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {' '.join(str(problem).split())}" if problem else ""
        raise InputError(label, f"not a feed (no <rss> or <feed> root{detail})")
    feed_title = _clean(parsed.feed.get("title")) if isinstance(parsed.feed, dict) else None
    return [_feed_item(entry, f"{label}#{n}", feed_title) for n, entry in enumerate(parsed.entries, 1)]


def _feed_item(entry: Any, label: str, feed_title: str | None) -> FeedItem:
    title = _clean(entry.get("title"))
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    text = _best_text(entry)
    guid = entry.get("id") if isinstance(entry.get("id"), str) and entry.get("id").strip() else None
    key = guid.strip() if guid else link or "\n".join([title or "", text])
    return FeedItem(key, label, link, title, _entry_date(entry), text, feed_title)


def item_document(item: FeedItem, fetcher: PageSource | None) -> Document:
    """The item as a Document: from its own text when that holds an article, else (given a fetcher) from the page
    its link points to, falling back to its summary when the page cannot be read."""
    text, link = item.text, item.link
    if item.needs_page and fetcher is not None and link:
        try:
            page = fetcher.fetch(link)
            doc = read_html(page.body, link, url=page.final_url, fallback_date=item.published)
        except InputError as exc:
            if not text:
                raise
            log.info("%s; using the feed's summary instead", exc)
        else:
            return replace(doc, title=doc.title or item.title, outlet=doc.outlet or item.feed_title)
    if not text:
        raise EmptyInput(item.label, "feed item without text or summary" + ("" if fetcher or not link else " (fetching its link is off)"))
    return make_document(text, item.label, url=link, title=item.title, outlet=item.feed_title, published=item.published)


def _best_text(entry: Any) -> str:
    """The longest of the item's content blocks and summary, as plain text."""
    candidates: list[tuple[str, str]] = []
    for block in entry.get("content") or []:
        if isinstance(block, dict) and isinstance(block.get("value"), str):
            candidates.append((block["value"], str(block.get("type") or "text/html")))
    summary = entry.get("summary")
    if isinstance(summary, str):
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, str(detail.get("type") or "text/html")))
    best = ""
    for value, kind in candidates:
        text = html_to_text(value) if "html" in kind else " ".join(value.split())
        if len(text) > len(best):
            best = text
    return best


def _entry_date(entry: Any) -> dt.date | None:
    # dict.get, not entry.get: feedparser maps a missing `updated_parsed` to `published_parsed` with a DeprecationWarning
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def read_feed_list(data: bytes, label: str) -> Iterator[str | InputError]:
    """The feed URLs in an OPML file or a .feeds file (one URL a line, # comments), in order, without repeats.

    A line or outline that is not an http(s) URL is yielded as an InputError
    labelled `label#N`; a file that is neither raises InputError.
    """
    if not data.strip():
        raise EmptyInput(label)
    root = root_of(data, label) if data.lstrip()[:1] == b"<" else None
    seen: set[str] = set()
    if root is not None:
        if root != "opml":
            raise InputError(label, f"not a list of feeds (root element <{root}>, not <opml>)")
        urls = _opml_urls(data, label)
    else:
        urls = _line_urls(decode(data, label), label)
    for item in urls:
        if isinstance(item, str):
            if item in seen:
                continue
            seen.add(item)
        yield item


def _opml_urls(data: bytes, label: str) -> Iterator[str | InputError]:
    try:
        tree = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(label, "XML with entity declarations refused (they can expand without bound or read local files)") from exc
    except ParseError as exc:
        raise InputError(label, f"not well-formed OPML ({exc})") from exc
    for n, outline in enumerate(tree.iter("outline"), 1):
        url = next((v.strip() for k, v in outline.attrib.items() if k.lower() == "xmlurl" and v.strip()), None)
        if url is None:
            continue  # a folder of outlines, not a feed
        if url.lower().startswith(("http://", "https://")):
            yield url
        else:
            yield InputError(f"{label}#{n}", f"feed address {url!r} is not an http(s) URL")


def _line_urls(text: str, label: str) -> Iterator[str | InputError]:
    for n, line in enumerate(text.splitlines(), 1):
        line = _COMMENT.split(line, maxsplit=1)[0].strip()  # a URL may hold "#", so a comment starts a line or follows a space
        if not line or line.startswith("#"):
            continue
        if line.lower().startswith(("http://", "https://")) and " " not in line:
            yield line
        else:
            yield InputError(f"{label}#{n}", f"line {line[:80]!r} is not an http(s) URL (one feed URL a line; # starts a comment)")
