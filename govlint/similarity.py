"""Near-duplicate text without word segmentation: character bigrams and an inverted index.

Chinese has no spaces, so units are compared as sets of character bigrams (Jaccard).
Candidate pairs come from an inverted index over bigrams; bigrams shared by many units
(政府, 信息, 公开 …) are skipped when collecting candidates, so the work stays linear in
the size of the document instead of quadratic in the number of units.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

_NOISE = re.compile(r"[\W_]+")
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]{1,2}是|[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．]|"
    r"[一二三四五六七八九十]{1,2}[、.．]|第[一二三四五六七八九十]{1,2}[，,、])"
)
MAX_POSTING = 24  # bigrams in more units than this are too common to suggest a pair
MIN_SHARED = 3  # rare bigrams two units must share to be compared


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


def candidate_pairs(sets: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    """Pairs (i < j) sharing at least MIN_SHARED uncommon bigrams."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, grams in enumerate(sets):
        for gram in grams:
            postings[gram].append(index)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for units in postings.values():
        if len(units) < 2 or len(units) > MAX_POSTING:
            continue
        for x in range(len(units)):
            for y in range(x + 1, len(units)):
                shared[(units[x], units[y])] += 1
    return sorted(pair for pair, count in shared.items() if count >= MIN_SHARED)
