"""Kind `enumeration`: 一是/二是/三是 lists and （一）（二）（三） sub-sections that skip or repeat."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from govlint.document import Document, Paragraph, Pos, Section
from govlint.kinds.base import Hit, Kind, Text, excerpt
from govlint.normalize import fold
from govlint.parser.headings import chinese_ordinal
from govlint.schema import Where
from govlint.templates import Template

# 一是 starts a list even when glued to a preceding sub-heading ("加强平台建设一是…");
# later numbers must follow punctuation, so words such as 统一是 are not list markers.
_SHI = re.compile(r"(?:^|(?<=[。；;！？!?，,：:\s])|(?=一是))([一二三四五六七八九十]{1,3})是")
_SUB_NUMBER = re.compile(r"[(（]([一二三四五六七八九十]{1,3})[)）]")


@dataclass(frozen=True, slots=True)
class Enumeration(Kind):
    """A list numbered 一是, 二是, … (or sub-sections （一）, （二）, …) with a gap or a repeat."""

    name = "enumeration"
    fields = frozenset({"found", "expected", "previous", "excerpt", "problem"})

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Enumeration:
        return cls()

    def check(self, doc: Document) -> Iterator[Hit]:
        for sec in doc.sections:
            yield from _sub_sections(sec)
            for part in (sec, *sec.subsections()):
                markers = [m for para in _own_paragraphs(part) for m in _shi_markers(para)]
                yield from _sequence(markers, "是")


def _own_paragraphs(sec: Section) -> list[Paragraph]:
    return [c for c in sec.children if isinstance(c, Paragraph)]


def _shi_markers(para: Paragraph) -> list[tuple[int, Pos, str]]:
    folded = para.norm
    return [(chinese_ordinal(m.group(1)), para.pos_at(m.start(1)), para.text[m.start(1):m.start(1) + 30])
            for m in _SHI.finditer(folded)]


def _sub_sections(sec: Section) -> Iterator[Hit]:
    subs = []
    for sub in sec.subsections():
        m = _SUB_NUMBER.fullmatch(fold(sub.number).strip())
        if m:
            subs.append((chinese_ordinal(m.group(1)), sub.pos, sub.heading))
    yield from _sequence(subs, "")


def _sequence(markers: list[tuple[int, Pos, str]], suffix: str) -> Iterator[Hit]:
    """Gaps and repeats; a list may start again at 一 (a new list)."""
    for (prev, _, _), (num, pos, text) in itertools.pairwise(markers):
        if num in (prev + 1, 1) or num == 0:
            continue
        problem = (Text("重复", "repeats the previous number") if num == prev else
                   Text("跳号", "skips a number") if num > prev else Text("顺序颠倒", "goes backwards"))
        yield Hit(pos, {"found": _label(num, suffix), "expected": _label(prev + 1, suffix),
                        "previous": _label(prev, suffix), "excerpt": excerpt(text, 20), "problem": problem},
                  expected=_label(prev + 1, suffix), found=_label(num, suffix))


def _label(number: int, suffix: str) -> str:
    digits = "零一二三四五六七八九"
    if number <= 10:
        text = "十" if number == 10 else digits[number]
    else:
        text = ("" if number < 20 else digits[number // 10]) + "十" + (digits[number % 10] if number % 10 else "")
    return f"{text}{suffix}" if suffix else f"（{text}）"
