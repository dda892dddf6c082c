"""Near duplicates: MinHash signatures and LSH band hashes of a document's text.

Syndicated copies and lightly edited rewrites count once as an outlet. The
store keeps each document's band hashes, so finding candidates is an index
look-up rather than an in-memory LSH index; a candidate is then confirmed by
estimating the Jaccard similarity of the two texts (threshold about 0.8).

With 16 bands of 8 rows, texts of Jaccard similarity 0.8 share a band with
probability about 0.95, texts at 0.5 about 0.06.
"""

from __future__ import annotations

import functools
import hashlib
import sys
import zlib

import numpy as np

NUM_PERM = 128
BANDS = 16
SHINGLE = 5  # words per shingle
SEED = 1  # fixed, so signatures and band hashes are the same in every run and every process
THRESHOLD = 0.8

__all__ = ["BANDS", "NUM_PERM", "THRESHOLD", "jaccard_estimate", "minhash_bands", "shingles", "signature"]

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX = np.uint64((1 << 32) - 1)
_61 = np.uint64(61)
_BASE = np.uint64(1_000_003)
_LITTLE = sys.byteorder == "little"


@functools.cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of num_perm universal hash functions, from a fixed seed: the same in every process and run."""
    rng = np.random.RandomState(SEED)
    a = rng.randint(1, int(_MERSENNE), size=num_perm, dtype=np.uint64)
    b = rng.randint(0, int(_MERSENNE), size=num_perm, dtype=np.uint64)
    return a, b


def _words(text: str) -> list[str]:
    """The lower-cased words; [""] for a text without any. (str.split() and the regex \\s agree on what is white space.)"""
    return text.lower().split() or [""]


def _mod_mersenne(x: np.ndarray, high: np.ndarray) -> np.ndarray:
    """x % (2^61 - 1) for uint64 x, in place (`high` is scratch of the same shape): 2^61 is 1 modulo 2^61 - 1,
    so the top three bits fold onto the rest.

    Exactly what `%` gives, at a fraction of the cost: numpy divides 64-bit integers in a slow loop. After the
    fold x is at most 2^61 + 6, so it needs one more subtraction only in the rare case that it reached the modulus."""
    np.right_shift(x, _61, out=high)
    x &= _MERSENNE
    x += high
    if x.max() >= _MERSENNE:
        np.subtract(x, _MERSENNE, out=x, where=x >= _MERSENNE)
    return x


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word `size`-grams of the lower-cased text; a text shorter than one shingle is one shingle."""
    words = _words(text)
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the word `size`-grams (a repeated shingle repeats its hash), computed from CRC-32s of the words (C) combined in numpy."""
    words = _words(text)
    if len(words) <= size:
        return np.array([zlib.crc32(" ".join(words).encode("utf-8"))], dtype=np.uint64)
    w = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = len(words) - size + 1
    h = np.zeros(n, dtype=np.uint64)
    high = np.empty(n, dtype=np.uint64)
    for k in range(size):  # a polynomial over the window, mod 2^61-1, folded to 32 bits
        h *= _BASE
        h += w[k : n + k]
        _mod_mersenne(h, high)
    h &= _MAX
    return h  # repeated shingles repeat a row of the signature matrix, which leaves its minima as they are


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """The MinHash signature of the text's shingles: for each of num_perm hash functions, the least value.

    Each value is ((a * h + b) mod 2^64) mod (2^61 - 1), keeping its low 32 bits; those bits are read through
    a 32-bit view of the 64-bit values (little-endian), which spares a pass over the shingles-by-permutations
    matrix."""
    a, b = _permutations(num_perm)
    values = np.multiply.outer(_shingle_hashes(text), a)  # wraps modulo 2^64, as it always has: signatures stay comparable
    values += b
    _mod_mersenne(values, np.empty_like(values))
    if _LITTLE:
        return values.view(np.uint32)[:, 0::2].min(axis=0).astype(np.uint64)
    values &= _MAX
    return values.min(axis=0)


def minhash_bands(text: str, num_perm: int = NUM_PERM, bands: int = BANDS) -> tuple[str, ...]:
    """LSH band hashes as hex strings; each starts with its band index (two hex digits), so equal hashes mean the same band."""
    if num_perm % bands:
        raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
    values = signature(text, num_perm)
    rows = num_perm // bands
    out = []
    for i in range(bands):
        digest = hashlib.blake2b(values[i * rows : (i + 1) * rows].astype("<u8").tobytes(), digest_size=8).hexdigest()
        out.append(f"{i:02x}{digest}")
    return tuple(out)


def jaccard_estimate(a_text: str, b_text: str, num_perm: int = NUM_PERM) -> float:
    """Estimated Jaccard similarity of two texts' shingles, to confirm a candidate found through a shared band."""
    return float(np.mean(signature(a_text, num_perm) == signature(b_text, num_perm)))
