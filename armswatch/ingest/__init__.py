"""Ingest: one reader per source kind, each yielding Documents. Knows nothing of NLP."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from armswatch.model import Document

__all__ = ["make_document", "normalise"]


def normalise(text: str) -> str:
    """The text as armswatch holds it: NFC, Unix line ends, no byte-order mark, no NULs."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return unicodedata.normalize("NFC", text)


def make_document(
    text: str,
    label: str = "text",
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
) -> Document:
    text = normalise(text)
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(doc_id, text, label, url, title, outlet, published, language)
