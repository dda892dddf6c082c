"""Near duplicates: deterministic band hashes that a syndicated copy shares, and a Jaccard estimate to confirm."""

from __future__ import annotations

import re

from armswatch.ingest.dedupe import BANDS, THRESHOLD, jaccard_estimate, minhash_bands, shingles
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
