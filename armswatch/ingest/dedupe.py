"""Near duplicates: MinHash signatures and LSH band hashes of a document's text.

Syndicated copies and lightly edited rewrites count once as an outlet. The
store keeps each document's band hashes, so finding candidates is an index
look-up rather than an in-memory LSH index; a candidate is then confirmed by
estimating the Jaccard similarity of the two texts (threshold about 0.8).

With 16 bands of 8 rows, texts of Jaccard similarity 0.8 share a band with
probability about 0.95, texts at 0.5 about 0.06.
"""

from __future__ import annotations

import hashlib
import re

from datasketch import MinHash

NUM_PERM = 128
BANDS = 16
SHINGLE = 5  # words per shingle
SEED = 1  # fixed, so signatures and band hashes are the same in every run and every process
THRESHOLD = 0.8

__all__ = ["BANDS", "NUM_PERM", "THRESHOLD", "jaccard_estimate", "minhash", "minhash_bands", "shingles"]

_SPACE = re.compile(r"\s+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word `size`-grams of the lower-cased text; a text shorter than one shingle is one shingle."""
    words = _SPACE.sub(" ", text.lower()).strip().split(" ")
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """The MinHash signature of the text's shingles (seeded, so deterministic)."""
    m = MinHash(num_perm=num_perm, seed=SEED)
    m.update_batch(sorted(shingles(text)))
    return m


def minhash_bands(text: str, num_perm: int = NUM_PERM, bands: int = BANDS) -> tuple[str, ...]:
    """LSH band hashes as hex strings; each starts with its band index (two hex digits), so equal hashes mean the same band."""
    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
    values = minhash(text, num_perm).hashvalues
    rows = num_perm // bands
    out = []
    for b in range(bands):
        digest = hashlib.blake2b(values[b * rows : (b + 1) * rows].astype("<u8").tobytes(), digest_size=8).hexdigest()
        out.append(f"{b:02x}{digest}")
    return tuple(out)


def jaccard_estimate(a_text: str, b_text: str, num_perm: int = NUM_PERM) -> float:
    """Estimated Jaccard similarity of two texts' shingles, to confirm a candidate found through a shared band."""
    return float(minhash(a_text, num_perm).jaccard(minhash(b_text, num_perm)))
