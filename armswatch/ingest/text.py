"""Reading text and JSON Lines files: decoding with the encodings news pages use, refusing what is not text.

Memory holds one document at a time: a `.jsonl` file is read line by line,
and a text file is read only up to the size limit.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from armswatch.errors import BinaryInput, EmptyInput, InputError, TooLargeInput, UndecodableInput
from armswatch.ingest import make_document
from armswatch.model import Document


def decode(data: bytes, label: str) -> str:
    """Bytes to text (UTF-8, UTF-16 with a byte-order mark, Windows-1252, Latin-1), or an InputError saying why not."""
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
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def _unreadable(label: str, exc: BaseException) -> InputError:
    if isinstance(exc, gzip.BadGzipFile | EOFError):
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
        with _open(path) as f:
            data = f.read(limit + 1)
    except (OSError, EOFError) as exc:
        raise _unreadable(label, exc) from exc
    if len(data) > limit:
        raise TooLargeInput(label, f"over the {human_size(limit)} limit of text (set ARMSWATCH_MAX_TEXT_BYTES to raise it)")
    yield make_document(decode(data, label), label, published=published)


def _read_jsonl(path: Path, label: str, limit: int, published: dt.date | None) -> Iterator[Document | InputError]:
    try:
        f = _open(path)
    except OSError as exc:
        raise _unreadable(label, exc) from exc
    with f:
        n = 0
        while True:
            try:
                line = f.readline(limit + 2)
            except (OSError, EOFError) as exc:
                yield _unreadable(f"{label}#{n + 1}", exc)
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
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str) or not rec["text"].strip():
                yield EmptyInput(rec_label, "no 'text' field with text")
                continue
            yield make_document(
                rec["text"],
                rec_label,
                url=_str(rec.get("url")),
                title=_str(rec.get("title")),
                outlet=_str(rec.get("outlet")),
                published=_date(rec.get("published")) or published,
                language=_str(rec.get("language")),
            )


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
