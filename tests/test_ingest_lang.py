"""Language detection: text that is not English is stored and skipped for extraction; short text counts as English."""

from __future__ import annotations

import pytest

from armswatch.ingest.lang import detect, skip_reason
from tests.test_ingest_support import FRENCH, PARAGRAPHS, SPANISH


@pytest.mark.parametrize(("text", "code"), [(SPANISH, "es"), (FRENCH, "fr"), (" ".join(PARAGRAPHS), "en")])
def test_lang_detects_paragraphs(text: str, code: str) -> None:
    assert detect(text) == code


@pytest.mark.parametrize("text", ["", "Karsk", "Sí, señor.", "12 345 678 — 2024", "\x00\u202e"])
def test_lang_short_text_counts_as_english(text: str) -> None:
    assert detect(text) == "en"


def test_lang_looks_at_the_start_only() -> None:
    assert detect(" ".join([SPANISH] * 10) + " " + " ".join(PARAGRAPHS) * 200) == "es"


def test_lang_skip_reason() -> None:
    assert skip_reason("en") is None and skip_reason(None) is None
    assert skip_reason("es") == "not English (language: es); stored, not extracted"
