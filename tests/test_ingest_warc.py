"""Web archives: HTML responses read in a stream; a cut archive keeps the pages before the cut."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from armswatch.errors import InputError, TooLargeInput
from armswatch.ingest.warc import read_warc
from armswatch.model import Document
from tests.test_ingest_support import PARAGRAPHS, article_html, json_ld, write_warc

RECORDS = [
    ("https://courier.example/one", "text/html; charset=utf-8", article_html("One", head=json_ld("2023-09-09", headline="One")).encode()),
    ("https://courier.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
    ("https://www.monitor.example/two", "text/html", article_html("Two", paragraphs=PARAGRAPHS[1:]).encode()),
]


def _warc(tmp_path: Path, compress: bool) -> Path:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_warc(path, RECORDS, compress=compress)
    return path


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_warc_html_responses_become_documents(tmp_path: Path, compress: bool) -> None:
    path = _warc(tmp_path, compress)
    items = list(read_warc(path, str(path), 1 << 20))
    assert all(isinstance(i, Document) for i in items)
    one, two = items
    assert one.label == f"{path}#1" and two.label == f"{path}#3"  # N counts response records, the image included
    assert one.url == "https://courier.example/one" and one.title == "One"
    assert one.published == dt.date(2023, 9, 9)  # structured metadata wins over capture time
    assert two.published is not None and two.published.year >= 2024  # no metadata: the capture date (when the test wrote it)
    assert two.outlet == "monitor.example"
    assert PARAGRAPHS[3] in two.text


def _cut_points(data: bytes) -> dict[str, int]:
    second = data.index(b"WARC/1", 10)
    third = data.index(b"WARC/1", second + 10)
    return {"in-content": third + (len(data) - third) // 2, "in-header": third + 60}


@pytest.mark.parametrize("where", ["in-content", "in-header"])
def test_warc_cut_in_a_record_keeps_the_pages_before(tmp_path: Path, where: str) -> None:
    path = _warc(tmp_path, compress=False)
    data = path.read_bytes()
    path.write_bytes(data[: _cut_points(data)[where]])
    items = list(read_warc(path, "cut.warc", 1 << 20))
    assert [type(i) for i in items] == [Document, InputError]
    assert items[0].label == "cut.warc#1"
    assert "archive cut in the middle of a record" in str(items[1]) and "\n" not in str(items[1])


@pytest.mark.parametrize("fraction", [0.5, 0.75, 0.9])
def test_warc_gz_cut_keeps_the_pages_before(tmp_path: Path, fraction: float) -> None:
    path = _warc(tmp_path, compress=True)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * fraction)])
    items = list(read_warc(path, "cut.warc.gz", 1 << 20))
    assert isinstance(items[-1], InputError) and "cut" in str(items[-1])
    assert all(isinstance(i, Document) for i in items[:-1])
    assert len(items) <= 2


def test_warc_page_over_the_limit_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    big = article_html(paragraphs=PARAGRAPHS * 40).encode()
    write_warc(
        path,
        [("https://a.example/big", "text/html", big), ("https://a.example/small", "text/html", article_html().encode())],
        compress=False,
    )
    first, second = list(read_warc(path, "big.warc", len(big) - 1))
    assert isinstance(first, TooLargeInput) and first.label == "big.warc#1"
    assert isinstance(second, Document)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<html>not an archive</html>" * 10, "not a WARC or ARC archive"),
        (b"\x1f\x8b\x08\x00", "not a WARC or ARC archive"),
    ],
    ids=["empty", "html", "gzip-header-only"],
)
def test_warc_bad_files(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        list(read_warc(path, "x.warc", 1 << 20))
