"""Fingerprints that tell copies of one text apart from independent write-ups.

A wire story reprinted by ten outlets is one source, not ten. A page's fingerprint is a MinHash
signature of its word 3-shingles: for each of 128 fixed hash permutations, the smallest shingle
hash (its upper 32 bits), stored as 512 bytes. The share of equal positions in two signatures
estimates the Jaccard similarity of the two shingle sets, with a standard error of at most
0.045 (sqrt(J(1 - J) / 128)).

A 64-bit one-bit signature was tried first: its estimate is too noisy (standard error 0.125 on
J), and on the local test web it merged two outlets' own reports (true J = 0.11) as reprints.

Reprints share almost all shingles even with other page furniture and a rewritten lead
(measured J 0.75-0.91 in the test web; synthetic reprints of FNC-1 bodies 0.7-0.95); two
outlets' own reports of one event share names and numbers but few three-word runs (J 0.05-0.2).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence

import numpy as np

SIGNATURE_SIZE = 128
SHINGLE_WORDS = 3
NEAR_DUPLICATE_MIN_SIMILARITY = 0.45

_WORD = re.compile(r"\w+")
_SHINGLES_PER_BLOCK = 2048  # bounds memory to 2048 x 128 x 8 bytes for a huge page


def _permutation_constants(label: str) -> np.ndarray:
    """128 fixed 64-bit constants derived from blake2b, so stored signatures never change with
    the numpy version (random generators do not promise stable streams)."""
    digests = b"".join(
        hashlib.blake2b(f"corroborate-{label}-{i}".encode(), digest_size=8).digest()
        for i in range(SIGNATURE_SIZE)
    )
    return np.frombuffer(digests, dtype="<u8").copy()


_MULTIPLIERS = _permutation_constants("minhash-multiplier") | np.uint64(1)  # odd: a bijection
_OFFSETS = _permutation_constants("minhash-offset")


def text_fingerprint(text: str) -> bytes:
    """MinHash signature of the text's word 3-shingles (512 bytes); b"" for a text with no words.

    Case, punctuation and spacing do not matter.
    """
    shingle_hashes = _shingle_hashes(text)
    if shingle_hashes.size == 0:
        return b""
    minimum = np.full(SIGNATURE_SIZE, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, shingle_hashes.size, _SHINGLES_PER_BLOCK):
        block = shingle_hashes[start : start + _SHINGLES_PER_BLOCK]
        with np.errstate(over="ignore"):
            ranks = block[:, None] * _MULTIPLIERS[None, :] + _OFFSETS[None, :]
        np.minimum(minimum, ranks.min(axis=0), out=minimum)
    return (minimum >> np.uint64(32)).astype("<u4").tobytes()


_PAIR_BLOCK = 32  # rows compared at once: 32 x 10,000 pages x 128 values = 41 MB


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingles; 0.0 when either has no signature."""
    if len(a) != SIGNATURE_SIZE * 4 or len(b) != SIGNATURE_SIZE * 4:
        return 0.0
    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


def near_duplicate_pairs(
    signatures: Sequence[bytes],
    min_similarity: float = NEAR_DUPLICATE_MIN_SIMILARITY,
) -> Iterator[tuple[int, int]]:
    """Every index pair ``i < j`` whose signatures are near duplicates (as ``similarity``);
    signatures of texts without words pair with nothing.

    Blocks of rows against the rows after them: memory stays at a few tens of MB however many
    pages (an n x n matrix of 10,000 pages alone was 800 MB), and each pair is compared once.
    """
    usable = [
        index for index, signature in enumerate(signatures) if len(signature) == SIGNATURE_SIZE * 4
    ]
    matrix = np.frombuffer(b"".join(signatures[index] for index in usable), dtype="<u4").reshape(
        len(usable), SIGNATURE_SIZE
    )
    for start in range(0, len(usable), _PAIR_BLOCK):
        block, later = matrix[start : start + _PAIR_BLOCK], matrix[start:]
        equal = block[:, None, :] == later[None, :, :]
        agreeing = np.count_nonzero(equal, axis=2) / SIGNATURE_SIZE  # = similarity(), pairwise
        for row, column in zip(*np.nonzero(agreeing >= min_similarity)):
            if column > row:  # the block also meets itself
                yield usable[start + int(row)], usable[start + int(column)]


def are_near_duplicates(
    a: bytes, b: bytes, min_similarity: float = NEAR_DUPLICATE_MIN_SIMILARITY
) -> bool:
    """True when two signatures come from copies of one text (reprint, syndication)."""
    return similarity(a, b) >= min_similarity


def content_hash(text: str) -> str:
    """SHA-256 of the text's words, lower-cased: equal for copies differing only in spacing,
    case, punctuation or Unicode form."""
    return hashlib.sha256(" ".join(_words(text)).encode("utf-8")).hexdigest()


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _shingle_hashes(text: str) -> np.ndarray:
    """Stable 64-bit hashes of the distinct runs of SHINGLE_WORDS words (a shorter text is one
    shingle); Python's own hash() of a str changes from one process to the next."""
    words = _words(text)
    count = max(len(words) - SHINGLE_WORDS + 1, 1 if words else 0)
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(count)}
    digests = b"".join(
        hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest() for shingle in shingles
    )
    return np.frombuffer(digests, dtype="<u8")
