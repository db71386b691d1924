"""Near-duplicate reports across a whole batch: MinHash signatures, LSH banding, exact verification.

How two reports are compared is the one-to-one check's (``analyzers/checks/similarity.py``): the prose is
joined, spaces are dropped and digits are written 0 (a copy with its figures updated is still a copy), and the
text is cut into SHINGLE-character shingles. The share of a pair is the containment of the smaller shingle set
in the larger, |A ∩ B| / min(|A|, |B|): "how much of the shorter report is repeated in the other", the same idea
as ``shared_share`` (the part of this year's text found in last year's). Jaccard would halve the share of a short
report copied whole into one twice its length, which is still a copy. Shingles are counted where
``shared_share`` counts covered characters, so a changed sentence of L characters costs L + SHINGLE - 1
shingles instead of L characters: the share reads a few points lower (a fifth of the sentences of our sample
reports replaced: 0.78-0.85 here, 0.82-0.85 there).

Finding the pairs without comparing all n²/2 of them:

1. ``Fingerprint``: the sorted 64-bit hashes of a report's shingles, and a MinHash signature of SIGNATURE_SIZE
   32-bit minima. Two signatures agree in one position with probability J, the Jaccard index of the two sets.
2. ``candidate_pairs``: the signature is cut into BANDS bands of ROWS rows; reports whose rows agree in a
   whole band land in the same bucket. A pair with Jaccard J becomes a candidate with probability
   1 - (1 - J**ROWS)**BANDS (``detection_probability``).
3. ``verify``: every candidate is measured exactly on its two shingle sets; pairs at the threshold are kept.

The banding (256 bands x 4 rows of a 1,024-hash signature) is set for the default threshold of 0.5. A share c
of the shorter report is a Jaccard index of c / (1 + ratio - c), ratio being the longer report's shingles over
the shorter's, and a pair is found with these chances:

    share               0.10    0.20    0.30    0.40    0.50    0.60    0.70    0.80
    equal lengths       0.002   0.038   0.22    0.63    0.958   0.9999  1.0     1.0
    one 1.5x the other  0.001   0.015   0.085   0.29    0.63    0.92    0.997   1.0
    one 2x the other    0.000   0.007   0.038   0.13    0.34    0.63    0.89    0.989

Two different reports in the same framework share 5-15% (formulas, headings): 3 pairs in 10,000 become candidates
(generated reports) and are turned down by the exact measure. A copy with 30% of its sentences replaced (share about
0.63, equal lengths) is missed once in 100,000. Three rows of 128 bands would find a share of 0.5 more often
(0.99 at equal lengths) but let through nine times as many unrelated pairs: the exact measure of those, not
the signatures, would then cost the most, and grow with the square of the batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# 8 characters, as the one-to-one check, so that both shares read alike: about four words, long enough that two
# unrelated reports share few (4% on average among generated reports; 8% with 5 characters), short enough that a
# sentence with one word changed keeps most of its shingles.
SHINGLE = 8
SIGNATURE_SIZE = 1024
BANDS, ROWS = 256, 4
THRESHOLD = 0.5
MIN_PASSAGE = 20  # characters: shorter shared runs are the formulas every report uses

_U64 = np.uint64
_SEED = b"shuzhi.similarity/1"  # every constant below comes from it: same signatures in every process and run


def _constants(label: bytes, count: int, dtype: str) -> np.ndarray:
    size = np.dtype(dtype).itemsize
    return np.frombuffer(hashlib.shake_128(_SEED + label).digest(count * size), dtype=dtype).copy()


_POLY = _constants(b"poly", 1, "<u8") | _U64(1)
_MIN_A = _constants(b"minhash-a", SIGNATURE_SIZE, "<u4") | np.uint32(1)  # odd: x -> a*x + b is a bijection
_MIN_B = _constants(b"minhash-b", SIGNATURE_SIZE, "<u4")
_BAND_MIX = _constants(b"band", ROWS, "<u8") | _U64(1)

# Characters str.split() drops (str.isspace); none lies above U+3000, the ideographic space.
_WHITESPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
_ZERO = ord("0")
_MINHASH_BLOCK = 64


# -- normalising and shingling ---------------------------------------------------------------------------------


def _code_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The normalised text as code points, and where each one stands in ``text``."""
    raw = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    positions = np.flatnonzero(~np.isin(raw, _WHITESPACE))
    points = raw[positions].astype(_U64)
    digits = ((points >= 0x30) & (points <= 0x39)) | ((points >= 0xFF10) & (points <= 0xFF19))
    points[digits] = _ZERO
    return points, positions


def _joined(prose: str | Sequence[str]) -> str:
    return prose if isinstance(prose, str) else "".join(prose)


def normalise(prose: str | Sequence[str]) -> str:
    """The text both measures compare: sentences joined, spaces dropped, digits written 0."""
    points, _ = _code_points(_joined(prose))
    return points.astype("<u4").tobytes().decode("utf-32-le")


def _gram_hashes(points: np.ndarray, size: int = SHINGLE) -> np.ndarray:
    """A 64-bit hash of every ``size``-character run: a polynomial over code points, then splitmix64's mixer."""
    count = len(points) - size + 1
    if count <= 0:
        return np.empty(0, dtype=_U64)
    h = np.zeros(count, dtype=_U64)
    for j in range(size):
        h = h * _POLY + points[j : j + count]
    h ^= h >> _U64(30)
    h *= _U64(0xBF58476D1CE4E5B9)
    h ^= h >> _U64(27)
    h *= _U64(0x94D049BB133111EB)
    h ^= h >> _U64(31)
    return h


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted and unique; np.unique costs four times more for a few thousand values."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _minhash(shingles: np.ndarray) -> np.ndarray:
    # The shingle hashes are already uniform, so any fixed bijection of them gives each element the same
    # chance to be the minimum: one cheap affine map per position (uint32 arithmetic, vectorised) suffices.
    # Rows go in blocks through one small buffer: big temporaries cost more in page faults than in arithmetic.
    signature = np.full(SIGNATURE_SIZE, np.iinfo(np.uint32).max, dtype=np.uint32)
    if len(shingles) == 0:
        return signature
    keys = (shingles >> _U64(32)).astype(np.uint32)
    buffer = np.empty((_MINHASH_BLOCK, len(keys)), dtype=np.uint32)
    for row in range(0, SIGNATURE_SIZE, _MINHASH_BLOCK):
        block = buffer[: min(_MINHASH_BLOCK, SIGNATURE_SIZE - row)]
        np.multiply(_MIN_A[row : row + len(block), None], keys[None, :], out=block)
        block += _MIN_B[row : row + len(block), None]
        block.min(axis=1, out=signature[row : row + len(block)])
    return signature


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """One report's prose as a set of shingles and a MinHash signature of it."""

    shingles: np.ndarray  # sorted, unique 64-bit hashes of the SHINGLE-character runs of the normalised text
    signature: np.ndarray  # SIGNATURE_SIZE uint32 minima
    chars: int  # characters of the normalised text

    @classmethod
    def of(cls, prose: str | Sequence[str]) -> Fingerprint:
        """The fingerprint of a report's prose: one text, or its sentences in order."""
        points, _ = _code_points(_joined(prose))
        shingles = _distinct(_gram_hashes(points))
        signature = _minhash(shingles)
        shingles.setflags(write=False)
        signature.setflags(write=False)
        return cls(shingles=shingles, signature=signature, chars=len(points))

    @property
    def empty(self) -> bool:
        """Shorter than one shingle: nothing to compare."""
        return len(self.shingles) == 0


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """The part of ``a``'s shingles that ``b`` also has: ``shared_share``'s direction (this year's in last year's)."""
    if a.empty or b.empty:
        return 0.0
    at = np.minimum(np.searchsorted(b.shingles, a.shingles), len(b.shingles) - 1)
    return int(np.count_nonzero(b.shingles[at] == a.shingles)) / len(a.shingles)


def share(a: Fingerprint, b: Fingerprint) -> float:
    """The share of a pair, the same both ways: the containment of the smaller shingle set in the larger."""
    return containment(a, b) if len(a.shingles) <= len(b.shingles) else containment(b, a)


# -- the batch -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarPair:
    """Two reports of the batch (indices into the fingerprints, first < second) and their share."""

    first: int
    second: int
    share: float


def detection_probability(jaccard: float, bands: int = BANDS, rows: int = ROWS) -> float:
    """The chance that a pair with this Jaccard index becomes a candidate."""
    return 1.0 - (1.0 - jaccard**rows) ** bands


_SPAN = np.int64(1 << 31)  # pair codes: first * _SPAN + second


def _band_keys(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    # A key collision between different rows only adds a candidate, which verification then turns down.
    columns = signatures[:, band * rows : (band + 1) * rows].astype(_U64)
    return (columns * _BAND_MIX[:rows]).sum(axis=1, dtype=_U64)


def _bucket_pairs(keys: np.ndarray, members: np.ndarray) -> list[np.ndarray]:
    """Every pair inside each bucket of equal keys, as codes first * _SPAN + second."""
    order = np.argsort(keys, kind="stable")
    ordered_keys, ordered = keys[order], members[order]
    starts = np.flatnonzero(np.r_[True, ordered_keys[1:] != ordered_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    codes: list[np.ndarray] = []
    twos = starts[sizes == 2]  # nearly every bucket: handled at once
    if len(twos):
        first, second = ordered[twos], ordered[twos + 1]
        codes.append(np.minimum(first, second) * _SPAN + np.maximum(first, second))
    for start, size in zip(starts[sizes > 2], sizes[sizes > 2], strict=True):
        bucket = np.sort(ordered[start : start + size])
        i, j = np.triu_indices(size, 1)
        codes.append(bucket[i] * _SPAN + bucket[j])
    return codes


def candidate_pairs(fingerprints: Sequence[Fingerprint], bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """The pairs (first < second) whose signatures agree in at least one band, as an (m, 2) array."""
    if bands * rows > SIGNATURE_SIZE or rows > len(_BAND_MIX):
        raise ValueError(f"{bands} bands of {rows} rows do not fit a signature of {SIGNATURE_SIZE}")
    members = np.array([i for i, f in enumerate(fingerprints) if not f.empty], dtype=np.int64)
    if len(members) < 2:
        return np.empty((0, 2), dtype=np.int64)
    signatures = np.stack([fingerprints[i].signature for i in members])
    codes = [c for band in range(bands) for c in _bucket_pairs(_band_keys(signatures, band, rows), members)]
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    unique = np.unique(np.concatenate(codes))
    return np.stack([unique // _SPAN, unique % _SPAN], axis=1)


def verify(
    fingerprints: Sequence[Fingerprint],
    candidates: np.ndarray | Sequence[tuple[int, int]],
    threshold: float = THRESHOLD,
) -> list[SimilarPair]:
    """The candidates whose exact share reaches ``threshold``, highest share first."""
    pairs = []
    for first, second in np.asarray(candidates, dtype=np.int64).reshape(-1, 2).tolist():
        value = share(fingerprints[first], fingerprints[second])
        if value >= threshold:
            pairs.append(SimilarPair(first=first, second=second, share=value))
    return sorted(pairs, key=lambda p: (-p.share, p.first, p.second))


def near_duplicates(fingerprints: Sequence[Fingerprint], threshold: float = THRESHOLD) -> list[SimilarPair]:
    """The pairs of the batch that share ``threshold`` or more of their text, highest share first.

    Near-linear: the banding makes candidates of the pairs likely to reach the threshold (see the module
    docstring for the chances), and only those are measured.
    """
    if len(fingerprints) >= _SPAN:
        raise ValueError(f"at most {int(_SPAN) - 1} reports in one batch")
    return verify(fingerprints, candidate_pairs(fingerprints), threshold)


# -- shared passages -------------------------------------------------------------------------------------------

_MAX_REPEATS = 8  # places of b a shingle of a is matched with: a formula used 50 times costs no more than 8


def shared_passages(a_text: str, b_text: str, min_chars: int = MIN_PASSAGE) -> list[str]:
    """The longest passages the two texts share, longest first, each as ``a_text`` writes it.

    Passages are matched on the normalised text, as the share is, so a passage may cross a line break of
    ``a_text`` that ``b_text`` does not have, and the figures inside it are those of ``a_text`` (a copy with
    updated figures still shows as one passage); it begins and ends on characters both texts have. Passages
    do not overlap in ``a_text``, and each is at least ``min_chars`` normalised characters long. Time and
    memory grow with ``len(a_text) * _MAX_REPEATS`` and ``len(b_text)``, whatever the texts repeat.
    """
    if min_chars < 1:
        raise ValueError(f"min_chars must be 1 or more, not {min_chars}")
    size = min(SHINGLE, min_chars)
    a_points, a_positions = _code_points(a_text)
    b_points, b_positions = _code_points(b_text)
    a_grams, b_grams = _gram_hashes(a_points, size), _gram_hashes(b_points, size)
    if len(a_grams) == 0 or len(b_grams) == 0:
        return []
    a_raw = np.frombuffer(a_text.encode("utf-32-le"), dtype="<u4")[a_positions]
    b_raw = np.frombuffer(b_text.encode("utf-32-le"), dtype="<u4")[b_positions]
    covered = np.zeros(len(a_points), dtype=bool)
    passages: list[str] = []
    for a_start, b_start, grams in zip(*_diagonal_runs(a_grams, b_grams), strict=True):
        end = a_start + grams + size - 1
        if end - a_start < min_chars:
            break
        # a run may begin or end on a digit that only the normalising made equal (…学习21次。 and …8次。)
        while a_start < end and a_raw[a_start] != b_raw[b_start]:
            a_start, b_start = a_start + 1, b_start + 1
        while end > a_start and a_raw[end - 1] != b_raw[b_start + end - 1 - a_start]:
            end -= 1
        if end - a_start < min_chars or covered[a_start:end].any():
            continue
        covered[a_start:end] = True
        passage = a_text[a_positions[a_start] : a_positions[end - 1] + 1]
        if passage not in passages:
            passages.append(passage)
    return passages


def _diagonal_runs(a_grams: np.ndarray, b_grams: np.ndarray) -> tuple[list[int], list[int], list[int]]:
    """Runs of consecutive grams equal in both texts, as (start in a, start in b, grams), longest first."""
    matches_a, matches_b = _matches(a_grams, b_grams)
    if len(matches_a) == 0:
        return [], [], []
    offset = matches_b - matches_a
    order = np.lexsort((matches_a, offset))
    offset, at = offset[order], matches_a[order]
    breaks = np.flatnonzero(np.r_[True, (offset[1:] != offset[:-1]) | (at[1:] != at[:-1] + 1)])
    lengths = np.diff(np.r_[breaks, len(at)])
    longest = np.lexsort((at[breaks], -lengths))
    starts = at[breaks][longest]
    return starts.tolist(), (starts + offset[breaks][longest]).tolist(), lengths[longest].tolist()


def _matches(a_grams: np.ndarray, b_grams: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j) with a_grams[i] == b_grams[j]; of a gram b repeats, the _MAX_REPEATS places nearest to
    where a proportional copy would put it."""
    distinct, rank = np.unique(b_grams, return_inverse=True)
    at = np.minimum(np.searchsorted(distinct, a_grams), len(distinct) - 1)
    a_index = np.flatnonzero(distinct[at] == a_grams)
    a_rank = at[a_index]
    span = len(b_grams) + 1
    by_rank = np.sort(rank * span + np.arange(len(b_grams)))  # (rank, place in b), ascending
    low = np.searchsorted(by_rank, a_rank * span)
    high = np.searchsorted(by_rank, (a_rank + 1) * span)
    expected = np.searchsorted(by_rank, a_rank * span + a_index * len(b_grams) // len(a_grams))
    first = np.clip(expected - _MAX_REPEATS // 2, low, np.maximum(high - _MAX_REPEATS, low))
    counts = np.minimum(high - first, _MAX_REPEATS)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(a_index, counts), by_rank[np.repeat(first, counts) + within] % span
