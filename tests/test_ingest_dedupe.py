"""Near duplicates: deterministic band hashes that a syndicated copy shares, and a Jaccard estimate to confirm."""

from __future__ import annotations

import random
import re

from armswatch.ingest.dedupe import BANDS, NUM_PERM, THRESHOLD, jaccard_estimate, minhash_bands, shingle_hashes, shingles, signature
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


def test_dedupe_band_hashes_stay_those_stored() -> None:
    # Stores keep band hashes; a change of scheme needs a migration that recomputes them (see 0005).
    text = "The ministry said the first batch of drones arrived in March, two officials told reporters."
    assert minhash_bands(text)[:3] == BANDS_OF_TEXT


BANDS_OF_TEXT = ("002784bd4343c4636f", "01fbc8d847056abf07", "029be05965adb17cbb")


def test_dedupe_signature_is_one_permutation_minhash_densified_by_rotation() -> None:
    hashes = [int(h) for h in shingle_hashes(ARTICLE)]
    bins: dict[int, int] = {}
    for h in hashes:
        bins[h >> 57] = min(bins.get(h >> 57, h & ((1 << 57) - 1)), h & ((1 << 57) - 1))
    expected = []
    for i in range(NUM_PERM):
        distance = next(d for d in range(NUM_PERM) if (i + d) % NUM_PERM in bins)
        expected.append((distance << 57) | bins[(i + distance) % NUM_PERM])
    assert [int(v) for v in signature(ARTICLE)] == expected
    short = signature("three words only")
    assert len(set(short.tolist())) == NUM_PERM  # one shingle, spread over every bin by its distance


def test_dedupe_estimate_follows_the_true_jaccard_similarity() -> None:
    rng = random.Random(7)
    words = ARTICLE.split()
    errors = []
    for _ in range(60):
        edited = [rng.choice(["alpha", "beta", "gamma", str(rng.random())]) if rng.random() < 0.3 * rng.random() else w for w in words]
        a, b = shingles(ARTICLE), shingles(" ".join(edited))
        errors.append(abs(len(a & b) / len(a | b) - jaccard_estimate(ARTICLE, " ".join(edited))))
    assert sum(errors) / len(errors) < 0.05
    assert max(errors) < 0.2
