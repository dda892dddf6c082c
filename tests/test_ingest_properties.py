"""Readers on arbitrary bytes: a Document or an InputError, never any other exception."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.config import Settings
from armswatch.errors import InputError
from armswatch.ingest.feeds import read_feed, read_feed_list
from armswatch.ingest.html import html_to_text, read_html
from armswatch.ingest.pdf import read_pdf
from armswatch.ingest.sources import iter_documents
from armswatch.ingest.warc import read_warc
from armswatch.model import Document
from tests.test_ingest_support import article_html, make_pdf, rss

# Random bytes, and random damage to real inputs (where the parsers' deeper paths are).
SEEDS = [article_html().encode(), rss([{"title": "t", "link": "https://a.example/", "description": "d"}]), make_pdf([["Some text."]])]
damaged = st.tuples(st.sampled_from(SEEDS), st.integers(0, 4000), st.binary(max_size=64)).map(
    lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 64 :]
)
inputs = st.one_of(st.binary(max_size=2048), damaged)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _drain(items: object) -> None:
    for item in items:  # type: ignore[attr-defined]
        assert isinstance(item, Document | InputError | str)


@FAST
@given(inputs)
def test_properties_html_reader_raises_only_input_errors(data: bytes) -> None:
    try:
        doc = read_html(data, "x.html")
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert doc.text.strip()


@FAST
@given(st.text(max_size=500))
def test_properties_html_to_text_never_raises(fragment: str) -> None:
    assert isinstance(html_to_text(fragment), str)


@FAST
@given(inputs)
def test_properties_feed_readers_raise_only_input_errors(data: bytes) -> None:
    for read in (lambda: read_feed(data, "x.xml"), lambda: read_feed_list(data, "x.feeds")):
        with contextlib.suppress(InputError):
            _drain(read())


@FAST
@given(inputs)
def test_properties_pdf_reader_raises_only_input_errors(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read_pdf(io.BytesIO(data), "x.pdf", 1 << 20)


@FAST
@given(
    st.binary(max_size=2048),
    st.sampled_from(["x.warc", "x.warc.gz", "x.txt", "x.html", "x.jsonl", "x.xml", "x.pdf", "x.opml", "x.gz", "x"]),
)
def test_properties_iter_documents_yields_only_documents_and_input_errors(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str
) -> None:
    path: Path = tmp_path_factory.mktemp("prop") / name
    path.write_bytes(data)
    for item in iter_documents([str(path)], Settings()):
        assert isinstance(item, Document | InputError)
        if isinstance(item, InputError):
            assert "please report" not in str(item), str(item)


@FAST
@given(st.binary(max_size=2048))
def test_properties_warc_reader_raises_only_input_errors(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("warc") / "x.warc"
    path.write_bytes(b"WARC/1.0\r\n" + data)
    with contextlib.suppress(InputError):
        _drain(read_warc(path, "x.warc", 1 << 20))
