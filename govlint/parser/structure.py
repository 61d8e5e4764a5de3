"""Logical lines → title, preamble, sections, sub-sections, paragraphs and enumerated items."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from govlint.document import Item, Paragraph, Pos, Section
from govlint.normalize import fold, key
from govlint.parser.headings import Heading
from govlint.parser.lines import LLine
from govlint.templates import SectionDef

_TERMINAL = "。！？!?；;：:"
_SUB = re.compile(r"^[(（]([一二三四五六七八九十]{1,3})[)）]\s*(.*)$")
_SUB_TITLE_END = re.compile(r"[。：:]")
_DATE_LINE = re.compile(r"^[(（]?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?$")
_YEAR = re.compile(r"(20\d{2})\s*年")
_PERIOD_YEAR = re.compile(
    r"统计(?:期限|周期|时限|时间|区间|范围)?[^。]{0,30}?(20\d{2})\s*年\s*(?:度\s*)?1\s*月\s*1\s*日"
)
_ITEM_MARKERS = (
    re.compile(r"(?:^|(?<=[。；;！？!?，,：:\s]))([一二三四五六七八九十]{1,2}是)"),
    re.compile(r"(?:^|(?<=[。；;：:]))([(（][一二三四五六七八九十]{1,2}[)）])"),
    re.compile(r"(?:^|(?<=[。；;：:]))(\d{1,2}[.、．])(?!\d)"),
)
MAX_SUB_TITLE = 30


class Fragment(NamedTuple):
    """A piece of running text (table text removed) with its position."""

    text: str
    line: int
    col: int
    after_break: bool  # a table or other non-text block came just before
    norm: str  # fold(text)


def fragments(lines: Sequence[LLine], consumed: dict[int, list[tuple[int, int]]],
              start: int, end: int) -> list[Fragment]:
    """The running text of logical lines [start, end), with table spans cut out."""
    out: list[Fragment] = []
    broken = False
    for i in range(start, end):
        ll = lines[i]
        spans = sorted(consumed.get(i, []))
        pos = 0
        for a, b in spans:
            _add(out, ll, pos, a, broken)
            broken = True
            pos = max(pos, b)
        if _add(out, ll, pos, len(ll.text), broken):
            broken = False
    return out


def _add(out: list[Fragment], ll: LLine, a: int, b: int, broken: bool) -> bool:
    piece = ll.text[a:b]
    text = piece.strip()
    if not text:
        return False
    lead = len(piece) - len(piece.lstrip())
    start = a + lead
    out.append(Fragment(text, ll.line, ll.col + start, broken, ll.norm[start:start + len(text)]))
    return True


def paragraphs(frags: Sequence[Fragment]) -> list[Paragraph]:
    """Join fragments into paragraphs: a line that does not end a sentence continues."""
    out: list[Paragraph] = []
    buf: list[Fragment] = []
    for frag in frags:
        if buf and (frag.after_break or buf[-1].text[-1] in _TERMINAL):
            out.append(_paragraph(buf))
            buf = []
        buf.append(frag)
    if buf:
        out.append(_paragraph(buf))
    return out


def _paragraph(buf: list[Fragment]) -> Paragraph:
    text = buf[0].text
    norm = buf[0].norm
    starts = [0]
    for frag in buf[1:]:
        joiner = " " if text[-1].isascii() and text[-1].isalnum() and frag.text[0].isascii() else ""
        text += joiner
        norm += joiner
        starts.append(len(text))
        text += frag.text
        norm += frag.norm

    def locate(offset: int) -> Pos:
        k = bisect_right(starts, offset) - 1
        return Pos(buf[k].line, buf[k].col + offset - starts[k])

    first = buf[0]
    return Paragraph(text, Pos(first.line, first.col), items(text, locate),
                     tuple(dict.fromkeys(f.line for f in buf)),
                     tuple((start, f.line, f.col) for start, f in zip(starts, buf, strict=True)), norm)


def items(text: str, locate: Callable[[int], Pos]) -> tuple[Item, ...]:
    """Enumerated items (一是…二是…, （一）…（二）…, 1.…2.…) of a paragraph."""
    best: list[re.Match[str]] = []
    for marker in _ITEM_MARKERS:
        found = list(marker.finditer(text))
        if len(found) >= 2 and len(found) > len(best):
            best = found
    out = []
    for k, m in enumerate(best):
        end = best[k + 1].start(1) if k + 1 < len(best) else len(text)
        body = text[m.end(1):end].strip()
        if body:
            out.append(Item(m.group(1), body, locate(m.start(1))))
    return tuple(out)


def title_block(lines: Sequence[LLine], end: int) -> tuple[str | None, Pos | None, int]:
    """The report title from the short lines at the top; returns (title, pos, lines used)."""
    block: list[LLine] = []
    skipped = 0
    for ll in lines[:end]:
        text = ll.text.strip()
        if not block and key(text) in {"正文", "目录"}:
            skipped += 1
            continue
        if len(key(text)) > 40 or "。" in text or _DATE_LINE.match(fold(text)):
            break
        block.append(ll)
        if len(block) == 4:
            break
    hit = next((k for k, ll in enumerate(block) if "报告" in ll.text), None)
    if hit is None:
        return None, None, 0
    chosen = block[: hit + 1]
    title = "".join(ll.text.strip() for ll in chosen)
    return title, Pos(chosen[0].line, chosen[0].col), skipped + len(chosen)


def report_year(title: str | None, body: str) -> tuple[int | None, str | None]:
    """The report year: from the title, else from the statistical-period sentence."""
    if title:
        m = _YEAR.search(fold(title))
        if m:
            return int(m.group(1)), "title"
    m = _PERIOD_YEAR.search(fold(body[:6000]))
    if m:
        return int(m.group(1)), "period"
    return None, None


def section(heading: Heading, sec: SectionDef | None, lines: Sequence[LLine], frags: list[Fragment]) -> Section:
    """A top-level section with its level-2 sub-sections and paragraphs."""
    ll = lines[heading.index]
    children: list[Section | Paragraph] = []
    pending: list[Fragment] = []
    current: tuple[str, str, Pos, str] | None = None
    sub_frags: list[Fragment] = []
    for frag in frags:
        sub = _sub_heading(frag)
        if sub is None:
            (sub_frags if current else pending).append(frag)
            continue
        if current:
            children.append(_subsection(current, sub_frags))
        else:
            children.extend(paragraphs(pending))
        number, title, rest = sub
        current = (number, title, Pos(frag.line, frag.col),
                   frag.text[: len(frag.text) - len(rest)].strip().rstrip("。：:"))
        col = frag.col + len(frag.text) - len(rest)
        sub_frags = [Fragment(rest, frag.line, col, False, fold(rest))] if rest else []
    if current:
        children.append(_subsection(current, sub_frags))
    else:
        children.extend(paragraphs(pending))
    return Section(heading.number, heading.title.strip(), 1, Pos(ll.line, ll.col), tuple(children),
                   sec.id if sec else None, ll.text[: heading.rest_offset].strip())


def _subsection(head: tuple[str, str, Pos, str], frags: list[Fragment]) -> Section:
    number, title, pos, heading = head
    return Section(number, title, 2, pos, tuple(paragraphs(frags)), None, heading)


def _sub_heading(frag: Fragment) -> tuple[str, str, str] | None:
    """(number, title, rest) if the fragment starts with （一）…; rest is the text after the title."""
    m = _SUB.match(frag.text)
    if not m:
        return None
    number = frag.text[: m.start(2)].strip()
    body = frag.text[m.start(2):]
    end = _SUB_TITLE_END.search(body)
    if end and len(key(body[: end.start()])) <= MAX_SUB_TITLE:
        return number, body[: end.start()].strip(), body[end.end():].strip()
    if not end and len(key(body)) <= MAX_SUB_TITLE:
        return number, body.strip(), ""
    return None
