"""Reading text and JSON Lines files: decoding with the encodings news pages use, refusing what is not text.

Memory holds one document at a time: a `.jsonl` file is read line by line,
and a text file is read only up to the size limit. A JSON Lines record may
carry the page's `html` instead of `text`; the HTML reader then extracts it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, cast

from armswatch.errors import BinaryInput, EmptyInput, InputError, TooLargeInput, UndecodableInput
from armswatch.ingest import make_document
from armswatch.model import Document

_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)  # control bytes that text does not hold
# A JSON escape can spell a lone surrogate ("\\ud800"), which no UTF-8 encoder (the id hash, the store) accepts:
# it becomes U+FFFD, as an undecodable byte would.
_SURROGATES = re.compile("[\ud800-\udfff]")


def sniff(data: bytes, label: str) -> None:
    """Refuse what is plainly not text (empty, NUL bytes, many control characters) before any decoder guesses at it."""
    if not data.strip():
        raise EmptyInput(label)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    sample = data[:8192]
    if b"\x00" in sample:
        raise BinaryInput(label, "binary content (NUL bytes; not text)")
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > len(sample) * 0.05:
        raise BinaryInput(label)


def decode(data: bytes, label: str) -> str:
    """Bytes to text (UTF-8, UTF-16 with a byte-order mark, Windows-1252, Latin-1), or an InputError saying why not."""
    sniff(data, label)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableInput(label) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def open_stream(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def unreadable(label: str, exc: BaseException) -> InputError:
    if isinstance(exc, gzip.BadGzipFile | EOFError | zlib.error):
        return InputError(label, f"truncated or corrupt gzip ({exc})")
    if isinstance(exc, IsADirectoryError):
        return InputError(label, "is a folder, not a file")
    return InputError(label, f"unreadable ({exc.__class__.__name__}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc})")


def human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_path(path: Path, label: str, limit: int, published: dt.date | None = None) -> Iterator[Document | InputError]:
    """Documents in a .txt or .jsonl file (optionally .gz).

    A file that cannot be read raises InputError; in a JSON Lines file a bad
    record is yielded as its InputError (labelled `path#N`) and the rest go on.
    """
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    if name.endswith(".jsonl"):
        yield from _read_jsonl(path, label, limit, published)
        return
    try:
        with open_stream(path) as f:
            data = f.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(label, exc) from exc
    if len(data) > limit:
        raise TooLargeInput(label, f"over the {human_size(limit)} limit of text (set ARMSWATCH_MAX_TEXT_BYTES to raise it)")
    yield make_document(decode(data, label), label, published=published)


def read_bytes(path: Path, label: str, limit: int) -> bytes:
    """The bytes of a one-document file (decompressed if .gz), refusing it past `limit` without reading further."""
    try:
        with open_stream(path) as f:
            data = f.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(label, exc) from exc
    if len(data) > limit:
        raise TooLargeInput(label, f"over the {human_size(limit)} limit (set ARMSWATCH_MAX_TEXT_BYTES to raise it)")
    return data


def _read_jsonl(path: Path, label: str, limit: int, published: dt.date | None) -> Iterator[Document | InputError]:
    try:
        f = open_stream(path)
    except OSError as exc:
        raise unreadable(label, exc) from exc
    with f:
        n = 0
        while True:
            try:
                line = f.readline(limit + 2)
            except (OSError, EOFError, zlib.error) as exc:
                yield unreadable(f"{label}#{n + 1}", exc)
                return
            if not line:
                return
            n += 1
            rec_label = f"{label}#{n}"
            if len(line) > limit:
                while line and not line.endswith(b"\n"):  # skip the rest of the over-long line, a chunk at a time
                    line = f.readline(1 << 20)
                yield TooLargeInput(
                    rec_label, f"record over the {human_size(limit)} limit of text (set ARMSWATCH_MAX_TEXT_BYTES to raise it)"
                )
                continue
            if not line.strip():
                continue
            try:
                rec = json.loads(decode(line, rec_label))
            except InputError as exc:
                yield exc
                continue
            except json.JSONDecodeError as exc:
                yield InputError(rec_label, f"not a JSON object ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(rec, dict):
                yield InputError(rec_label, "not a JSON object (one article a line: text or html, title, url, published, outlet)")
                continue
            rec = {k: _SURROGATES.sub("\ufffd", v) if isinstance(v, str) else v for k, v in rec.items()}
            try:
                yield _record(rec, rec_label, published)
            except InputError as exc:
                yield exc


def _record(rec: dict[str, object], label: str, published: dt.date | None) -> Document:
    """One JSON Lines record as a Document; a record may carry the page's `html` instead of `text`."""
    pub = _date(rec.get("published"))
    text = rec.get("text")
    html = rec.get("html")
    if not (isinstance(text, str) and text.strip()) and isinstance(html, str) and html.strip():
        # Imported here: the HTML reader imports this module's decoding helpers.
        from armswatch.ingest.html import read_html

        doc = read_html(html, label, url=_str(rec.get("url")), fallback_date=pub or published)
        return replace(
            doc,
            title=_str(rec.get("title")) or doc.title,
            outlet=_str(rec.get("outlet")) or doc.outlet,
            published=pub or doc.published,
            language=_str(rec.get("language")),
        )
    if not isinstance(text, str) or not text.strip():
        raise EmptyInput(label, "no 'text' (or 'html') field with text")
    return make_document(
        text,
        label,
        url=_str(rec.get("url")),
        title=_str(rec.get("title")),
        outlet=_str(rec.get("outlet")),
        published=pub or published,
        language=_str(rec.get("language")),
    )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
