"""Near-duplicate text without word segmentation: character bigrams and an inverted index.

Chinese has no spaces, so units are compared as sets of character bigrams (Jaccard).
Candidate pairs come from an inverted index over trigrams; trigrams shared by many units
(政府信, 信息公 …) are skipped when collecting candidates, so the work stays linear in the
size of the document instead of quadratic in the number of units.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence

_NOISE = re.compile(r"[\W_]+")
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．]|"
    r"[一二三四五六七八九十]{1,2}[、.．]|第[一二三四五六七八九十]{1,2}[，,、])"
)
MAX_POSTING = 8  # trigrams in more units than this are too common to suggest a pair
MIN_SHARED = 2  # sampled rare trigrams two units must share to be compared


def normalize(text: str) -> str:
    """Text for comparison: leading enumerator, punctuation and whitespace removed."""
    text = _ENUMERATOR.sub("", text.strip())
    return _NOISE.sub("", text)


def shingles(norm: str) -> frozenset[str]:
    """Character bigrams of a normalised text."""
    return frozenset(norm[i : i + 2] for i in range(len(norm) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b|."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def shared_counts(sets: Sequence[Iterable[Hashable]], max_posting: int) -> dict[tuple[int, int], int]:
    """For each pair (i < j) of sets sharing values, how many they share, through an inverted
    index; a value in more than `max_posting` sets is too common to count (and to pay for)."""
    postings: dict[Hashable, list[int]] = defaultdict(list)
    for index, own in enumerate(sets):
        for value in own:
            postings[value].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > max_posting:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                shared[(members[x], members[y])] += 1
    return shared


def candidate_pairs(norms: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i < j) of texts sharing uncommon character trigrams: at least MIN_SHARED and at
    least a quarter of the shorter text's trigrams (a cheap filter before Jaccard)."""
    # A deterministic quarter of the trigrams (by their first character) is enough to find
    # texts that share most of them, and makes the index four times smaller.
    grams = [{norm[i : i + 3] for i in range(len(norm) - 2) if ord(norm[i]) % 4 == 0} for norm in norms]
    shared = shared_counts(grams, MAX_POSTING)
    return sorted(
        (i, j) for (i, j), count in shared.items()
        if count >= max(MIN_SHARED, len(grams[i]) // 4, len(grams[j]) // 4)
    )
