"""Near duplicates: deterministic band hashes that a syndicated copy shares, and a Jaccard estimate to confirm."""

from __future__ import annotations

import re

import numpy as np

from armswatch.ingest.dedupe import (
    BANDS,
    NUM_PERM,
    THRESHOLD,
    _mod_mersenne,
    _permutations,
    _shingle_hashes,
    jaccard_estimate,
    minhash_bands,
    shingles,
    signature,
)
from tests.test_ingest_support import FRENCH, PARAGRAPHS, SPANISH

ARTICLE = " ".join(PARAGRAPHS * 3)
COPY = "KARSK (Wire) — " + ARTICLE.replace("on Monday", "on  Monday").upper() + " Reporting by the desk."


def test_dedupe_bands_are_deterministic_and_carry_their_index() -> None:
    bands = minhash_bands(ARTICLE)
    assert bands == minhash_bands(ARTICLE)
    assert len(bands) == BANDS
    assert [b[:2] for b in bands] == [f"{i:02x}" for i in range(BANDS)]
    assert all(re.fullmatch(r"[0-9a-f]{18}", b) for b in bands)


def test_dedupe_syndicated_copy_shares_a_band_and_passes_the_threshold() -> None:
    assert set(minhash_bands(ARTICLE)) & set(minhash_bands(COPY))
    assert jaccard_estimate(ARTICLE, COPY) >= THRESHOLD


def test_dedupe_different_articles_share_no_band() -> None:
    assert not set(minhash_bands(ARTICLE)) & set(minhash_bands(SPANISH + " " + FRENCH))
    assert jaccard_estimate(ARTICLE, SPANISH) < 0.2


def test_dedupe_shingles_normalise_case_and_space() -> None:
    assert shingles("One  two\nthree four five six") == shingles("one two three four FIVE six")
    assert shingles("too short") == {b"too short"}


def test_dedupe_band_hashes_stay_those_stored_by_earlier_versions() -> None:
    # Stores keep band hashes; a faster implementation must give the very same ones, or old documents stop matching.
    text = "The ministry said the first batch of drones arrived in March, two officials told reporters."
    assert minhash_bands(text)[:3] == ("0035dcd3786d0f6e55", "01e038ae85eeffb40c", "02e013fff092030d6a")


def test_dedupe_signature_is_the_textbook_minhash_over_distinct_shingles() -> None:
    a, b = _permutations(NUM_PERM)
    hashes = {int(h) for h in _shingle_hashes(ARTICLE)}
    mersenne, wrap, low = (1 << 61) - 1, 1 << 64, (1 << 32) - 1
    expected = [min((((int(ai) * h + int(bi)) % wrap) % mersenne) & low for h in hashes) for ai, bi in zip(a, b, strict=True)]
    assert [int(v) for v in signature(ARTICLE)] == expected


def test_dedupe_mersenne_fold_equals_the_remainder_at_the_edges() -> None:
    edges = [0, 5, (1 << 61) - 2, (1 << 61) - 1, 1 << 61, (1 << 61) + 6, (1 << 62) + 3, (1 << 64) - 1]
    x = np.array(edges, dtype=np.uint64)
    assert [int(v) for v in _mod_mersenne(x, np.empty_like(x))] == [e % ((1 << 61) - 1) for e in edges]
