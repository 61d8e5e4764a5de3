"""Text normalisation for matching: width, quotes, brackets and whitespace.

The original text is always kept for display; these functions produce the form
that labels, titles and patterns are matched against.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Length-preserving character map (str.translate keeps offsets valid, so a match in
# the normalised text points at the same offset in the original).
_MAP: dict[int, str] = {0xFF01 + i: chr(0x21 + i) for i in range(0x5E)}  # full-width ASCII
_MAP.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space (&nbsp;)
        0x201C: '"',
        0x201D: '"',
        0x201E: '"',
        0x301D: '"',
        0x301E: '"',
        0x2018: "'",
        0x2019: "'",
        0xFE59: "(",
        0xFE5A: ")",
        0x2014: "—",
        0x2015: "—",
        0x2500: "—",
        0x2013: "–",
        0x2212: "-",
    }
)

_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Map full-width forms, quotes and dashes to one spelling, keeping the length."""
    return text.translate(_MAP)


def key(text: str) -> str:
    """Normalise a label or title for comparison: NFKC, unified quotes, no whitespace."""
    return _WS.sub("", fold(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True, slots=True)
class Stripped:
    """Folded text with all whitespace removed, mapping each character back to its origin."""

    text: str
    run_starts: tuple[int, ...]
    run_origins: tuple[int, ...]

    def origin(self, index: int) -> int:
        """Offset in the original text of character `index` of the stripped text."""
        k = bisect_right(self.run_starts, index) - 1
        return self.run_origins[k] + (index - self.run_starts[k])


_RUN = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")


def strip_ws(text: str, folded: bool = False) -> Stripped:
    """Remove whitespace from `fold(text)` and remember where every run came from
    (`folded=True`: the text is already folded)."""
    source = text if folded else fold(text)
    starts: list[int] = []
    origins: list[int] = []
    pos = 0
    for m in _RUN.finditer(source):
        a, b = m.span()
        starts.append(pos)
        origins.append(a)
        pos += b - a
    if not starts:
        starts, origins = [0], [0]
    return Stripped(_SPACE.sub("", source), tuple(starts), tuple(origins))


CJK = re.compile(r"[\u4e00-\u9fff]")


def cjk_count(text: str) -> int:
    """Number of CJK ideographs in `text`."""
    return len(CJK.findall(text))
