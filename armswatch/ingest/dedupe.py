"""Near duplicates: MinHash signatures and LSH band hashes of a document's text.

Syndicated copies and lightly edited rewrites count once as an outlet. The
store keeps each document's band hashes, so finding candidates is an index
look-up rather than an in-memory LSH index; texts that share a band are
near duplicates (Jaccard similarity of their shingles about 0.8 or more).

The signature is one-permutation MinHash (Li, Owen and Zhang, 2012) with
densification by rotation (Shrivastava and Li, 2014), which estimates the
Jaccard similarity as 128 independent permutations do, for one hash per
shingle instead of 128:

- shingles are the word 5-grams of the lower-cased text (words split at any
  white space, so spacing and case do not matter);
- each shingle gets one 64-bit hash: the CRC-32s of its words, combined with
  five odd 64-bit multipliers (wrapping), then the splitmix64 finaliser, so
  every bit depends on every word;
- the top 7 bits pick one of 128 bins and the other 57 bits are the value;
  each bin keeps its least value;
- a bin no shingle fell into (short texts) takes the value of the next
  non-empty bin to its right, circularly, with the distance in its top 7
  bits, so two texts agree on it about as often as on the bin it borrows.

Two texts then agree on each entry with probability about their Jaccard
similarity. With 16 bands of 8 entries, texts of similarity 0.8 share a band
with probability about 0.95, texts at 0.5 about 0.06.

Stores made before this scheme hold band hashes of the older one (128
independent permutations); migration 0005 recomputes them from the stored text.
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np

NUM_PERM = 128  # entries of a signature (bins)
BANDS = 16
SHINGLE = 5  # words per shingle
THRESHOLD = 0.8

__all__ = ["BANDS", "NUM_PERM", "THRESHOLD", "jaccard_estimate", "minhash_bands", "shingle_hashes", "shingles", "signature"]

_U64 = np.uint64
# Odd 64-bit multipliers, one per word of a shingle (from splitmix64, xxhash and murmur3: well-mixed constants).
_WORD_MULTIPLIERS = tuple(
    _U64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD)
)
_MIX1, _MIX2 = _U64(0xBF58476D1CE4E5B9), _U64(0x94D049BB133111EB)
_BIN_BITS = 7  # 2^7 = 128 bins
_VALUE_BITS = 64 - _BIN_BITS
_VALUE_MASK = _U64((1 << _VALUE_BITS) - 1)
_EMPTY = np.iinfo(np.uint64).max


def _words(text: str) -> list[str]:
    """The lower-cased words; [""] for a text without any."""
    return text.lower().split() or [""]


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word `size`-grams of the lower-cased text; a text shorter than one shingle is one shingle."""
    words = _words(text)
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def _finalise(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place: every output bit depends on every input bit."""
    h ^= h >> _U64(30)
    h *= _MIX1
    h ^= h >> _U64(27)
    h *= _MIX2
    h ^= h >> _U64(31)
    return h


def shingle_hashes(text: str) -> np.ndarray:
    """One 64-bit hash per word 5-gram of the text (a repeated shingle repeats its hash)."""
    words = _words(text)
    if len(words) <= SHINGLE:
        return _finalise(np.array([zlib.crc32(" ".join(words).encode("utf-8"))], dtype=np.uint64))
    w = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    h = w[:n] * _WORD_MULTIPLIERS[0]
    for k in range(1, SHINGLE):
        h += w[k : n + k] * _WORD_MULTIPLIERS[k]
    return _finalise(h)


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    """The text's one-permutation MinHash signature: num_perm (a power of two up to 128) entries, densified."""
    if num_perm & (num_perm - 1) or not 1 <= num_perm <= 1 << _BIN_BITS:
        raise ValueError(f"num_perm ({num_perm}) must be a power of two up to {1 << _BIN_BITS}")
    h = shingle_hashes(text)
    bins = (h >> _U64(64 - num_perm.bit_length() + 1)).astype(np.intp) if num_perm > 1 else np.zeros(len(h), dtype=np.intp)
    values = np.full(num_perm, _EMPTY, dtype=np.uint64)
    np.minimum.at(values, bins, h & _VALUE_MASK)
    filled = np.flatnonzero(values != _EMPTY)  # never empty: a text has at least one shingle
    here = np.arange(num_perm)
    source = filled[np.searchsorted(filled, here) % len(filled)]  # the next filled bin at or after each bin, circularly
    distance = ((source - here) % num_perm).astype(np.uint64)
    return (distance << _U64(_VALUE_BITS)) | values[source]


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
    """Estimated Jaccard similarity of two texts' shingles: the share of signature entries they agree on."""
    return float(np.mean(signature(a_text, num_perm) == signature(b_text, num_perm)))
