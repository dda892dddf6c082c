"""Reading text files: decoding with the encodings news pages use, and refusing what is not text."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from armswatch.errors import BinaryInput, EmptyInput, InputError, TooLargeInput, UndecodableInput
from armswatch.ingest import make_document
from armswatch.model import Document

ENCODINGS = ("utf-8", "utf-16", "cp1252", "latin-1")


def decode(data: bytes, label: str) -> str:
    """Bytes to text, or an InputError saying why not."""
    if not data.strip():
        raise EmptyInput(label)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableInput(label) from exc
    sample = data[:8192]
    if b"\x00" in sample:
        raise BinaryInput(label, "binary content (NUL bytes; not text)")
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) * 0.05:
        raise BinaryInput(label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text


def read_bytes(path: Path, label: str, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                data = f.read(limit + 1)
        else:
            if size > limit:
                raise TooLargeInput(label, f"{size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit (ARMSWATCH_MAX_TEXT_BYTES)")
            data = path.read_bytes()
    except InputError:
        raise
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(label, f"unreadable ({exc.__class__.__name__}: {exc})") from exc
    if len(data) > limit:
        raise TooLargeInput(label, f"over the {limit / 1e6:.0f} MB limit (ARMSWATCH_MAX_TEXT_BYTES)")
    return data


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_path(path: Path, label: str, limit: int, published: dt.date | None = None) -> Iterator[Document | InputError]:
    """Documents in a .txt or .jsonl file (optionally .gz); a bad record yields its error and the rest go on."""
    data = read_bytes(path, label, limit)
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    text = decode(data, label)
    if name.endswith(".jsonl"):
        for n, line in enumerate(text.splitlines(), start=1):
            rec_label = f"{label}#{n}"
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(rec_label, f"not a JSON object ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
                yield EmptyInput(rec_label, "no 'text' field with text")
                continue
            yield make_document(rec["text"], rec_label, url=rec.get("url"), title=rec.get("title"), outlet=rec.get("outlet"),
                                published=_date(rec.get("published")) or published, language=rec.get("language"))
        return
    if not text.strip():
        raise EmptyInput(label)
    yield make_document(text, label, published=published)
