"""The PDF reader: text page by page; encrypted, damaged and image-only PDFs skipped in one line."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from armswatch.errors import EmptyInput, InputError, TooLargeInput
from armswatch.ingest.pdf import read_pdf
from tests.test_ingest_support import make_pdf

PAGES = [
    ["The Panel of Experts found parts of Velorian drones in Karsk.", "The parts bore serial numbers from 2021."],
    ["Annex 4: photographs of the recovered engine."],
]


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(PAGES))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_pages_are_joined_with_blank_lines(tmp_path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(PAGES))
    doc = read_pdf(path, "report.pdf", 1 << 20)
    assert doc.label == "report.pdf"
    first, second = doc.text.split("\n\n")
    assert "Panel of Experts found parts of Velorian drones" in first
    assert second == "Annex 4: photographs of the recovered engine."


def test_pdf_reads_from_a_binary_stream() -> None:
    assert "Annex 4" in read_pdf(io.BytesIO(make_pdf(PAGES)), "r", 1 << 20).text


def test_pdf_encrypted_with_an_empty_user_password_is_read() -> None:
    assert "Velorian drones" in read_pdf(io.BytesIO(_encrypted("")), "open.pdf", 1 << 20).text


def test_pdf_encrypted_with_a_password_is_skipped_with_the_remedy() -> None:
    with pytest.raises(InputError, match=r"^locked\.pdf: encrypted PDF that needs a password; decrypt it first"):
        read_pdf(io.BytesIO(_encrypted("secret")), "locked.pdf", 1 << 20)


@pytest.mark.parametrize(
    "data",
    [b"", b"%PDF-1.4\nnothing else", make_pdf(PAGES)[:200], b"\x00\x01binary\xff" * 50, b"not a pdf, just words"],
    ids=["empty", "header-only", "truncated", "binary", "text"],
)
def test_pdf_damaged_is_one_line(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_pdf(io.BytesIO(data), "bad.pdf", 1 << 20)
    assert str(info.value).startswith("bad.pdf: ") and "\n" not in str(info.value)


def test_pdf_without_a_text_layer_says_to_run_ocr() -> None:
    with pytest.raises(EmptyInput, match=r"no text layer.*OCR"):
        read_pdf(io.BytesIO(make_pdf([[]])), "scan.pdf", 1 << 20)


def test_pdf_over_the_text_limit() -> None:
    with pytest.raises(TooLargeInput, match="limit"):
        read_pdf(io.BytesIO(make_pdf(PAGES)), "big.pdf", 40)
