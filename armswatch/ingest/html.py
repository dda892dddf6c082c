"""Reading HTML pages: trafilatura finds the article's main text; the page's own markup gives title, date and outlet.

The date is taken only from structured metadata (JSON-LD `datePublished`,
`article:published_time` and kindred meta tags, `<time itemprop=...>`):
trafilatura's own date guesses, from text and URLs, are poor on pages that
are not news. A page without such metadata gets `fallback_date` (a WARC
capture time, a feed item's date) or none.

The page is parsed once: metadata is read from the tree, then trafilatura
extracts from (a copy of) the same tree. Document.text is the extracted
main text, so evidence offsets index into it.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import functools
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml.etree import LxmlError
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from armswatch.errors import EmptyInput, InputError
from armswatch.ingest import make_document
from armswatch.ingest.text import sniff
from armswatch.model import Document

__all__ = ["domain_of", "html_to_text", "read_html"]

#: meta tags (property, name or itemprop) that carry the publication date, most trusted first
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "publication_date",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "report", "pressrelease")
JSON_LD_MAX = 1 << 20  # bytes of one JSON-LD block; more is not metadata
JSON_LD_DEPTH = 12
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\D|$)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>")


def read_html(data: bytes | str, label: str, url: str | None = None, fallback_date: dt.date | None = None) -> Document:
    """One HTML page as a Document (main text, title, structured date, outlet), or an InputError saying why not."""
    if isinstance(data, bytes):
        sniff(data, label)
    elif not data.strip():
        raise EmptyInput(label)
    tree = _parse(data, label)
    meta = _meta(tree)
    url = url or _page_url(tree, meta)
    jsonld = list(_jsonld(tree))
    try:
        # trafilatura works on a copy, so the tree stays as parsed; hostile markup can trip it anywhere
        result = trafilatura.bare_extraction(tree, options=_options(url))
    except RecursionError as exc:
        raise InputError(label, "HTML nested too deeply to extract text") from exc
    except Exception as exc:  # a third-party parser on hostile input: any failure skips this page only
        raise InputError(label, f"HTML text extraction failed ({exc.__class__.__name__})") from exc
    text = (result.get("text") if isinstance(result, dict) else getattr(result, "text", None)) if result is not None else None
    if not text or not text.strip():
        raise EmptyInput(label, "no main text found in the HTML (a page of links, or a script-built page?)")
    return make_document(
        text,
        label,
        url=url,
        title=_title(tree, meta, jsonld),
        outlet=_outlet(meta, jsonld) or domain_of(url),
        published=_published(tree, meta, jsonld) or fallback_date,
    )


@functools.cache
def _base_options() -> Extractor:
    """trafilatura's options for every page (main text without comments, no metadata), built once: building them
    reads trafilatura's configuration, which costs a tenth of an extraction."""
    return Extractor(output_format="python", comments=False, with_metadata=False)


def _options(url: str | None) -> Extractor:
    """The options for one page: the shared ones with this page's address (trafilatura's own CLI does the same)."""
    options = copy.copy(_base_options())
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options


def _parse(data: bytes | str, label: str) -> lxml.html.HtmlElement:
    """The page as an lxml tree; a fragment without <html> is wrapped so it still parses."""
    try:
        tree = load_html(data)
        if tree is None:
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            tree = load_html(f"<html><body>{text}</body></html>")
    except (LxmlError, ValueError, TypeError, RecursionError) as exc:
        raise InputError(label, f"not parseable as HTML ({exc.__class__.__name__})") from exc
    if tree is None:
        raise InputError(label, "not parseable as HTML")
    return tree


def domain_of(url: str | None) -> str | None:
    """The site's host name in lower case, without a leading "www." (None for no URL or no host)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def html_to_text(fragment: str) -> str:
    """The readable text of an HTML fragment (a feed item's content), one paragraph a block element."""
    fragment = _CONTROLS.sub("", fragment).encode("utf-8", "replace").decode("utf-8")  # lxml refuses both
    if "<" not in fragment:
        return _tidy(fragment)
    try:
        root = lxml.html.fromstring(f"<html><body><div>{fragment}</div></body></html>")
        for bad in root.xpath("//script | //style | //noscript | //template"):
            bad.drop_tree()
        for el in root.iter():
            if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
                el.tail = "\n\n" + (el.tail or "")
                if el.tag.lower() != "br":
                    el.text = "\n\n" + (el.text or "")
        return _tidy(root.text_content())
    except (LxmlError, ValueError):
        return _tidy(_TAG.sub(" ", fragment))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tags by property, name or itemprop (lower case); the first of each wins."""
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    return found


def _jsonld(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, outermost first (including those in @graph lists)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if len(raw) > JSON_LD_MAX:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        yield from _objects(data, 0)


def _objects(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > JSON_LD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), list | dict):
                yield from _objects(data[key], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.lower() for k in kinds if isinstance(k, str)]


def _published(tree: lxml.html.HtmlElement, meta: dict[str, str], jsonld: list[dict[str, Any]]) -> dt.date | None:
    """The publication date from structured metadata only (an article's JSON-LD first, then meta tags, then <time>)."""
    ranked = sorted(jsonld, key=lambda o: 0 if any(t in ARTICLE_TYPES for t in _types(o)) else 1)
    for obj in ranked:
        for key in ("datePublished", "dateCreated"):
            value = obj.get(key)
            if isinstance(value, str) and (day := parse_date(value)):
                return day
    for key in DATE_META:
        if key in meta and (day := parse_date(meta[key])):
            return day
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" or el.get("pubdate") is not None:
            if day := parse_date(el.get("datetime") or ""):
                return day
    return None


def parse_date(value: str) -> dt.date | None:
    """A calendar date from the formats metadata uses (ISO 8601, 2024/03/05, 20240305, RFC 2822), or None."""
    value = value.strip()
    for pattern in (_ISO, _SLASHED, _COMPACT):
        m = pattern.match(value)
        if m:
            try:
                day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
            return day if 1900 <= day.year <= 2100 else None
    try:
        stamp = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return stamp.date() if stamp and 1900 <= stamp.year <= 2100 else None


def _title(tree: lxml.html.HtmlElement, meta: dict[str, str], jsonld: list[dict[str, Any]]) -> str | None:
    for key in ("og:title", "twitter:title"):
        if meta.get(key):
            return _tidy(meta[key])
    for obj in jsonld:
        if isinstance(obj.get("headline"), str) and obj["headline"].strip():
            return _tidy(obj["headline"])
    for el in tree.iter("title", "h1"):
        text = _tidy(el.text_content())
        if text:
            return text
    return None


def _outlet(meta: dict[str, str], jsonld: list[dict[str, Any]]) -> str | None:
    if meta.get("og:site_name"):
        return _tidy(meta["og:site_name"])
    for obj in jsonld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
            return _tidy(publisher["name"])
    return None


def _page_url(tree: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    """The page's own address (canonical link, then og:url), for a saved page read without one."""
    candidates = [el.get("href") or "" for el in tree.iter("link") if "canonical" in (el.get("rel") or "").lower().split()]
    candidates.append(meta.get("og:url", ""))
    for href in candidates:
        href = href.strip()
        if href.startswith(("http://", "https://")) and domain_of(href):
            return href
    return None
