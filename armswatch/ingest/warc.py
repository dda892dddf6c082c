"""Reading web archives (WARC, WARC.gz, ARC.gz): the HTML pages among their response records.

The archive is streamed record by record (warcio), so a 1 GB archive never
sits in memory; one record's page is read up to the size limit. A page is
labelled `path#N`, N counting response records from 1, and dated by its
structured metadata or else by its capture time (WARC-Date).

Crawls get cut off. A record that ends early, or an archive that stops in the
middle of a record's headers, yields one InputError; the pages before it have
been yielded already and stay good.
"""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from armswatch.errors import EmptyInput, InputError, TooLargeInput
from armswatch.ingest.html import parse_date, read_html
from armswatch.ingest.text import human_size, unreadable
from armswatch.model import Document

__all__ = ["read_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
# warcio repairs a WARC-Target-URI with spaces itself and says so in a bare WARNING on stderr (no handler is set,
# so Python's last-resort one prints it): the batch reports one line per item, so its notices stay below errors.
logging.getLogger("warcio").setLevel(logging.ERROR)


def read_warc(path: Path, label: str, limit: int) -> Iterator[Document | InputError]:
    """The HTML pages of a WARC or ARC file (gzipped or not), or InputErrors for those that cannot be read."""
    try:
        f = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        raise unreadable(label, exc) from exc
    with f:
        if size == 0:
            raise EmptyInput(label)
        head = _head(f)
        if not head.startswith((b"WARC/", b"filedesc://")):
            raise InputError(label, "not a WARC or ARC archive (it does not start with a WARC or ARC header)")
        yield from _records(f, size, label, limit)


def _head(f: IO[bytes]) -> bytes:
    """The first bytes of the archive, through gzip if it is gzipped; the file is left at its start."""
    start = f.read(16)
    try:
        if start.startswith(b"\x1f\x8b"):
            f.seek(0)
            with gzip.GzipFile(fileobj=f) as z:
                return z.read(16)
        return start
    except (OSError, EOFError, zlib.error):
        return b""
    finally:
        f.seek(0)


def _records(f: IO[bytes], size: int, label: str, limit: int) -> Iterator[Document | InputError]:
    archive = ArchiveIterator(f, arc2warc=True)
    # warcio writes a three-line warning straight to stderr when a record's Content-Length lies; the batch's
    # report is one line per item, so the warning is silenced here and counted below instead.
    archive.INC_RECORD = ""
    n = 0
    try:
        for record in archive:
            is_response = record.rec_type == "response"
            if is_response:
                n += 1
            item = _page(record, f"{label}#{n}", limit) if is_response else None
            archive.read_to_end(record)
            if getattr(record.raw_stream, "limit", 1) != 0:  # fewer bytes than its Content-Length promised
                yield _cut(label, n if is_response else None, f"record ends {'early' if is_response else 'early (a non-page record)'}")
                return
            if item is not None:
                yield item
    except Exception as exc:  # warcio on a damaged archive fails in many ways; the pages read so far stay good
        detail = " ".join(str(exc).split())[:200] or exc.__class__.__name__
        yield _cut(label, n + 1, f"damaged record ({exc.__class__.__name__}: {detail})")
        return
    finally:
        archive.close()
    if getattr(archive, "err_count", 0):
        yield InputError(
            label,
            f"{archive.err_count} record(s) longer or shorter than their Content-Length says; "
            "the records around them were read as well as they could be",
        )
    # An archive cut inside a record's headers ends the iteration quietly: look for bytes left after the last record.
    offset = int(getattr(archive, "offset", size) or 0)
    if offset < size:
        f.seek(offset)
        if f.read(64).strip(b"\r\n"):
            yield _cut(label, n + 1, f"{size - offset} bytes after the last whole record")


def _cut(label: str, n: int | None, detail: str) -> InputError:
    where = f"{label}#{n}" if n else label
    return InputError(where, f"archive cut in the middle of a record ({detail}); the records before it were read")


def _page(record: Any, label: str, limit: int) -> Document | InputError | None:
    """The page in one response record; None for what is not an HTML page (images, scripts, redirects, errors)."""
    http = record.http_headers
    if http is None:
        return None
    try:
        status = int(http.get_statuscode() or 0)
    except (TypeError, ValueError):
        return None
    content_type = (http.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if not 200 <= status < 300 or content_type not in HTML_TYPES:
        return None
    try:
        data = record.content_stream().read(limit + 1)
    except Exception as exc:  # a bad chunked or gzip transfer encoding in this response only
        return InputError(label, f"page content not decodable ({exc.__class__.__name__})")
    if len(data) > limit:
        return TooLargeInput(label, f"page over the {human_size(limit)} limit (set ARMSWATCH_MAX_TEXT_BYTES to raise it)")
    url = record.rec_headers.get_header("WARC-Target-URI")
    captured = _capture_date(record.rec_headers.get_header("WARC-Date"))
    try:
        return read_html(data, label, url=url or None, fallback_date=captured)
    except InputError as exc:
        return exc


def _capture_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    if len(value) == 14 and value.isdigit():  # ARC dates: 20240305101500
        value = f"{value[:4]}-{value[4:6]}-{value[6:8]}"
    return parse_date(value)
