"""Source text → logical lines: page furniture, Markdown marks and archive headers removed,
long one-line dumps split at the headings of the format.

A logical line may be part of a physical line; it keeps the physical line number and
the column where it starts, so positions still point into the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from govlint.normalize import fold, key
from govlint.templates import Template


class LLine(NamedTuple):
    """A logical line: text plus its 1-based physical line and start column."""

    text: str
    line: int
    col: int
    norm: str  # fold(text): same length, full-width forms and quotes unified


@dataclass(frozen=True, slots=True)
class Lines:
    """The logical lines of a document and what was taken out of the text."""

    lines: tuple[LLine, ...]
    meta: dict[str, str]
    dropped: int  # page numbers and similar furniture removed


_META_KEY = re.compile(
    r"^\s*(标题|发布时间|发布日期|成文日期|文号|发文字号|发布机构|来源|栏目|原文链接|本地目录|索引号|主题分类|生成日期)"
    r"\s*[:：]\s*(.*)$"
)
# (?:=+\s*)? rather than =*\s*: two adjacent \s* backtrack quadratically on a long blank line
_BODY_MARK = re.compile(r"^\s*(?:=+\s*)?正\s*文\s*(?:=+\s*)?$")
_FURNITURE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]"  # - 3 -   — 5 —
    r"|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"  # 第3页 / 第3页共9页
    r"|(?:Page|P\.)\s*\d{1,3}(?:\s*-.*)?"  # Page 9 - 2020年报_审计局
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$",  # 3/9
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)")
_MD_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*(?:\|\s*)?$")
_HTML_COMMENT_ARROW = re.compile(r"^\s*-->\s*")


def logical_lines(text: str, template: Template) -> Lines:
    """Split decoded text into logical lines (see module docstring)."""
    physical = text.split("\n")
    folded_lines = fold(text).split("\n")  # one translate for the document (fold keeps lengths)
    meta, body_start = _archive_header(physical)
    splitter = _splitter(template)
    out: list[LLine] = []
    dropped = 0
    for index in range(body_start, len(physical)):
        raw = physical[index]
        if not raw.strip() or _MD_RULE.match(raw):
            continue
        folded = folded_lines[index]
        if _FURNITURE.match(folded):
            dropped += 1
            continue
        col = 1
        m = _MD_HEADING.match(raw)
        if m:
            col += m.end()
            raw, folded = raw[m.end() :], folded[m.end() :]
        out.extend(_split_at_headings(raw, folded, index + 1, col, splitter))
    return Lines(tuple(out), meta, dropped)


def _archive_header(physical: list[str]) -> tuple[dict[str, str], int]:
    """Read `标题: …` style metadata at the top; skip it and a `==== 正文 ====` marker."""
    meta: dict[str, str] = {}
    last = -1
    for index, raw in enumerate(physical[:25]):
        m = _META_KEY.match(raw)
        if m:
            meta.setdefault(m.group(1), m.group(2).strip())
            last = index
        elif _BODY_MARK.match(raw):
            return meta, index + 1
        elif raw.strip() and last >= 0 and index - last > 3:
            break
    if not meta:
        return meta, 0
    return meta, last + 1


class _Splitter:
    """Finds section headings inside a line: exact titles, or a section's own number
    followed by its key words (a heading with a typo, e.g. 四、政府信息公开行政法复议…)."""

    def __init__(self, template: Template) -> None:
        titles = sorted({fold(t) for s in template.sections for t in (s.title, *s.variants)},
                        key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in titles)
        self.exact = re.compile(rf"[一二三四五六七八九十]{{1,2}}\s*[、.]\s*(?:{alternatives})")
        self.by_number = {s.number: s for s in template.sections}
        self.veto = template.heading_veto

    def cuts(self, folded: str) -> list[int]:
        """Offsets to cut at: before each heading, and after its title when text follows."""
        cuts: set[int] = set()
        stop = len(folded.rstrip())  # once per line: a one-line dump has thousands of headings
        for m in self.exact.finditer(folded):
            cuts.update(_cut(folded, stop, m.start(), m.end()))
        for m in _ORDINAL.finditer(folded):
            sec = self.by_number.get(m.group(1))
            if m.start() in cuts or sec is None:
                continue
            window = key(folded[m.end(): m.end() + 30])
            if sec.match.search(window[:25]) and not self.veto.search(window[:24]):
                end = _TITLE_END.search(folded, m.end(), m.end() + 40)
                cuts.update(_cut(folded, stop, m.start(), end.end() if end else None))
        return sorted(cuts)


def _cut(folded: str, stop: int, start: int, end: int | None) -> tuple[int, ...]:
    """Text after the title on the same line (one-line web dumps) becomes its own line, unless it
    is a short tail that may belong to the heading (`stop`: the end of the line's text)."""
    if end is not None:
        text = _TEXT.search(folded, end)
        if text is not None and stop - text.start() > 12:
            return start, end
    return (start,)


_TEXT = re.compile(r"\S")


_SPLITTERS: dict[int, tuple[Template, _Splitter]] = {}


def _splitter(template: Template) -> _Splitter:
    """One splitter per loaded template (building it compiles a regex of all titles)."""
    cached = _SPLITTERS.get(id(template))
    if cached is None or cached[0] is not template:
        cached = _SPLITTERS[id(template)] = (template, _Splitter(template))
    return cached[1]


_ORDINAL = re.compile(r"([一二三四五六七八九十]{1,2})\s*、")
_TITLE_END = re.compile(r"情况|事项")


def _split_at_headings(raw: str, folded: str, line: int, col: int, splitter: _Splitter) -> list[LLine]:
    """Cut a line before and after every section heading it contains."""
    cuts = [c for c in splitter.cuts(folded) if c > 0]
    if not cuts:
        return [_lline(raw, folded, line, col)]
    pieces: list[LLine] = []
    bounds = [0, *cuts, len(raw)]
    for start, end in pairwise(bounds):
        piece = raw[start:end]
        if piece.strip():
            pieces.append(_lline(piece, folded[start:end], line, col + start))
    return pieces


def _lline(text: str, folded: str, line: int, col: int) -> LLine:
    lead = len(text) - len(text.lstrip())
    m = _HTML_COMMENT_ARROW.match(text)
    if m:  # web-page dumps: "相关链接： --> 根据《条例》…"
        lead = m.end()
    # Trailing tabs are kept: in a tab-separated row they delimit a blank last cell.
    body = text[lead:].rstrip(" \r\n\u3000")
    return LLine(body, line, col + lead, folded[lead:lead + len(body)])
