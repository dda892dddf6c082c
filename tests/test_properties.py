"""Properties over unbounded input: no exception, offsets inside the text, evidence equal to its slice."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armswatch.claims import Extractor
from armswatch.errors import InputError
from armswatch.ingest import make_document
from armswatch.ingest.text import decode, read_path
from armswatch.nlp.sentences import split_sentences

PIECES = [
    "Iran",
    "Russia",
    "the U.S.",
    "Tehran's",
    "Bolivia’s defence minister",
    "supplied",
    "delivered",
    "denied",
    "drones",
    "Shahed-136",
    "to",
    "from",
    "with",
    "and",
    ",",
    ".",
    "said",
    "will",
    "not",
    "22 countries",
    "including",
    "Algeria",
    "\n\n",
    "“",
    "”",
    "'",
    "Gen.",
    "Jan. 5",
    "last week",
    "\u200b",
    "\u202e",
    "ﬁ",
    "e\u0301",
    "\x00",
    "—",
    "$370 million",
    "sanctioned",
    "for supplying",
    "the two countries",
    "signed",
    "an MoU on defence",
    "used",
    "against",
    "Ukraine",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_properties_sentences_cover_the_text(text: str) -> None:
    for s in split_sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text == s.text.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_properties_extract_evidence_is_its_slice(text: str) -> None:
    extractor = _extractor()
    doc = make_document(text)
    for claim in extractor.extract(doc):
        ev = claim.evidence
        assert doc.text[ev.start : ev.end] == ev.text
        for s, e, _role in ev.spans:
            assert 0 <= s < e <= len(doc.text)
        assert claim.supplier != claim.recipient


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_properties_decode_never_crashes(data: bytes) -> None:
    try:
        text = decode(data, "x")
    except InputError as exc:
        assert str(exc).startswith("x: ") and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.jsonl", "a.txt.gz", "a.jsonl.gz"]))
def test_properties_readers_never_crash(tmp_path: Path, data: bytes, name: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    try:
        for item in read_path(f, name, 1 << 20):
            assert isinstance(item, InputError) or item.text
    except InputError as exc:
        assert "\n" not in str(exc)


_CACHE: list[Extractor] = []


def _extractor() -> Extractor:
    if not _CACHE:
        _CACHE.append(Extractor())
    return _CACHE[0]
