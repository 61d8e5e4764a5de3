"""Which format a report follows: its year says which it should, its table labels say which
it does. The pack for the labels is used (no cascade of missing rows), and a disagreement
is one finding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from govlint.rulepack import PackMeta, builtin_packs, pack_meta

DEFAULT = "gov-2021"
FIRST_YEAR = 2019  # the revised 条例 and the national table format start with report year 2019
_WS = re.compile(r"\s+")
_TITLE_YEAR = re.compile(r"(20\d{2})\s*年度?[^。\n]{0,40}?(?:政府信息公开|政务公开)[^。]{0,16}?报告")
_LEGACY = re.compile(r"收费及减免|政府信息公开的收费|依申请公开政府信息的?情况|因政府信息公开申请(?:提起)?行政复议")


@dataclass(frozen=True, slots=True)
class Choice:
    """The pack to check a report with, and a notice about its format (None if fine)."""

    pack: str
    notice: str | None = None  # "GL010" mismatch | "GL011" unsupported
    expected: str | None = None  # pack the year calls for
    markers: tuple[str, ...] = ()


def packs_by_year(year: int) -> str | None:
    """The built-in pack whose years include `year`."""
    for name in builtin_packs():
        low, high = pack_meta(name).years
        if (low is None or year >= low) and (high is None or year <= high):
            return name
    return None


def markers_found(meta: PackMeta, compact: str) -> tuple[str, ...]:
    """The pack's marker labels present in the (whitespace-free) text."""
    return tuple(m.pattern for m in meta.markers if m.search(compact))


@lru_cache(maxsize=1)
def _all_markers() -> re.Pattern[str]:
    patterns = [m.pattern for name in builtin_packs() for m in pack_meta(name).markers]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def quick_year(text: str) -> int | None:
    """The year of the title, read from the top of the raw text (no parsing)."""
    m = _TITLE_YEAR.search(text[:1500])
    return int(m.group(1)) if m else None


def choose(text: str, year: int | None) -> Choice:
    """Pick the pack for a report (see module docstring)."""
    compact = "".join(text.split())  # markers are written to match full- and half-width forms
    hits = {m.group() for m in _all_markers().finditer(compact)}  # one scan for every pack's markers
    found = {name: markers_found(pack_meta(name), "\n".join(hits)) for name in builtin_packs()}
    ranked = sorted(found, key=lambda n: len(found[n]), reverse=True)
    by_markers = ranked[0] if len(found[ranked[0]]) >= 2 and (
        len(ranked) == 1 or len(found[ranked[0]]) > len(found[ranked[1]])) else None
    if year is not None and year < FIRST_YEAR:
        return Choice(DEFAULT, "GL011")
    if year is None and by_markers is None and _LEGACY.search(compact):
        return Choice(DEFAULT, "GL011")
    by_year = packs_by_year(year) if year is not None else None
    if by_year and by_markers and by_year != by_markers:
        return Choice(by_markers, "GL010", by_year, found[by_markers])
    return Choice(by_year or by_markers or DEFAULT)
