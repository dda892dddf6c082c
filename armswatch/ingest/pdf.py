"""Reading PDF files: reports of UN panels of experts and sanctions notices come as PDF.

pypdf gives the text layer page by page; pages are joined with blank lines so
sentences never run across a page break. A scanned PDF without a text layer,
an encrypted one, or a damaged one is skipped with a one-line reason.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from armswatch.errors import EmptyInput, InputError, TooLargeInput
from armswatch.ingest import make_document
from armswatch.ingest.text import human_size
from armswatch.model import Document

__all__ = ["read_pdf"]

log = logging.getLogger(__name__)


def read_pdf(source: Path | IO[bytes], label: str, limit: int) -> Document:
    """The text of a PDF (a path or a seekable binary file) as one Document, or an InputError saying why not."""
    try:
        reader = PdfReader(source)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(label, "encrypted PDF that needs a password; decrypt it first (e.g. qpdf --decrypt)")
        pages = reader.pages
        count = len(pages)
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise InputError(label, "encrypted PDF that needs a password; decrypt it first (e.g. qpdf --decrypt)") from exc
    except (PyPdfError, OSError) as exc:
        raise InputError(label, f"not a readable PDF ({_one_line(exc)})") from exc
    except Exception as exc:  # pypdf on a damaged file can fail in many ways (KeyError, ValueError, ...)
        raise InputError(label, f"not a readable PDF ({exc.__class__.__name__})") from exc
    texts: list[str] = []
    size = 0
    failed = 0
    for number in range(count):
        try:
            text = pages[number].extract_text() or ""
        except Exception as exc:  # one damaged page should not cost the rest of the report
            log.info("%s: page %d unreadable (%s)", label, number + 1, exc.__class__.__name__)
            failed += 1
            continue
        text = text.strip()
        if not text:
            continue
        size += len(text.encode("utf-8"))
        if size > limit:
            raise TooLargeInput(label, f"over the {human_size(limit)} limit of text (set ARMSWATCH_MAX_TEXT_BYTES to raise it)")
        texts.append(text)
    if not texts:
        if failed:
            raise InputError(label, f"no page of the PDF could be read ({failed} damaged)")
        raise EmptyInput(label, "no text layer in the PDF (a scanned document?); run OCR on it first")
    return make_document("\n\n".join(texts), label)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__
