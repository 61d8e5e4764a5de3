"""Kind `dates`: the report year, the statistical period, dates in the text and the
publication deadline of 条例 第四十九条."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from govlint.document import Document, Pos
from govlint.kinds.base import OTHER, Hit, Kind, Scope, Text, excerpt
from govlint.schema import Where, choice
from govlint.templates import Template

CHECKS = ("title-period", "period", "stale-year", "malformed", "deadline")
_PERIOD = re.compile(
    r"统计(?:期限|周期|时限|时间|区间|范围)?[^。]{0,30}?(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日"
    r"[^。\d]{0,12}?(?:至|到|—|–|-|~)\s*(?:(?P<y2>\d{4})\s*年\s*)?(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
)
_OPENING_YEAR = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]{1,2}[)）]\s*)?(?P<y>20\d{2})\s*年度?\s*[,，]")
_GLUED_MONTH = re.compile(r"(?<![\d.])(?P<y>20\d{2})(?P<m>\d{1,2})\s*月")
_FULL_DATE = re.compile(r"(?<!\d)(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?")
# 条例 第四十九条: departments publish by 1月31日, 县级以上地方人民政府 by 3月31日 of the next year.
DEADLINES = {"department": (1, 31), "government": (3, 31)}


@dataclass(frozen=True, slots=True)
class Dates(Kind):
    """One aspect (`check`) of years and dates."""

    aspect: str

    name = "dates"
    fields = frozenset({"year", "found", "expected", "period", "excerpt", "deadline", "published", "organ"})
    params = ("check",)
    required = ("check",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Dates:
        return cls(choice(params["check"], CHECKS, where.at("check", params)))

    def check(self, doc: Document) -> Iterator[Hit]:
        yield from getattr(self, "_" + self.aspect.replace("-", "_"))(doc)

    def _title_period(self, doc: Document) -> Iterator[Hit]:
        period = _period(doc)
        if period is None or doc.year is None or doc.year_source != "title":
            return
        pos, start, _, text = period
        if start.year != doc.year:
            yield Hit(pos, {"year": doc.year, "found": start.year, "expected": doc.year,
                            "period": text, "excerpt": excerpt(text, 40)},
                      expected=str(doc.year), found=str(start.year))

    def _period(self, doc: Document) -> Iterator[Hit]:
        period = _period(doc)
        if period is None:
            return
        pos, start, end, text = period
        year = start.year  # a period in the wrong year is GL701's finding, not this one's
        if (start, end) != (date(year, 1, 1), date(year, 12, 31)):
            expected = f"{year}年1月1日至{year}年12月31日"
            yield Hit(pos, {"year": year, "period": text, "expected": expected, "found": text,
                            "excerpt": excerpt(text, 40)}, expected=expected, found=text)

    def _stale_year(self, doc: Document) -> Iterator[Hit]:
        if doc.year is None:
            return
        scope = Scope(("s1", "s2", "s3", "s4", OTHER))
        for para in scope.paragraphs(doc):
            m = _OPENING_YEAR.match(para.norm)
            if m and int(m.group("y")) == doc.year - 1:
                yield Hit(para.pos_at(m.start("y")), {"year": doc.year, "found": m.group("y"),
                                                      "excerpt": excerpt(para.text, 30)},
                          expected=str(doc.year), found=m.group("y"))

    def _malformed(self, doc: Document) -> Iterator[Hit]:
        for text, folded, pos_at in Scope().texts(doc):
            for m in _GLUED_MONTH.finditer(folded):
                if 1 <= int(m.group("m")) <= 12:
                    yield _bad_date(text, m, pos_at(m.start()), Text("年份与月份之间缺少“年”",
                                                                    "“年” is missing between year and month"))
            for m in _FULL_DATE.finditer(folded):
                if not _valid(int(m.group("y")), int(m.group("m")), int(m.group("d") or 1)):
                    yield _bad_date(text, m, pos_at(m.start()), Text("不存在这一日期", "no such date"))

    def _deadline(self, doc: Document) -> Iterator[Hit]:
        if doc.year is None or doc.published is None:
            return
        if doc.published.year <= doc.year:
            yield _late(doc, Text(f"早于报告年度结束（{doc.year}年12月31日），可能沿用了上一年度报告的日期",
                                  f"before the report year ended ({doc.year}-12-31): a date copied from "
                                  "last year's report?"), None)
            return
        limit = DEADLINES.get(doc.organ.kind or "")
        if limit is None or doc.organ.level == "town":
            return  # 乡镇、街道: deadlines are set locally
        deadline = date(doc.year + 1, *limit)
        if doc.published > deadline:
            yield _late(doc, Text(f"晚于法定公布期限 {deadline.isoformat()}", f"after the legal deadline "
                                  f"{deadline.isoformat()}"), deadline)


def _period(doc: Document) -> tuple[Pos, date, date, str] | None:
    """Position, start, end and text of the statistical-period sentence."""
    for para in [*doc.preamble, *(p for s in doc.sections[:1] for p in s.paragraphs())]:
        m = _PERIOD.search(para.norm)
        if not m:
            continue
        y1 = int(m.group("y1"))
        y2 = int(m.group("y2") or y1)
        try:
            start = date(y1, int(m.group("m1")), int(m.group("d1")))
            end = date(y2, int(m.group("m2")), int(m.group("d2")))
        except ValueError:
            return None  # a malformed date: the `malformed` check reports it
        return para.pos_at(m.start("y1")), start, end, para.text[m.start("y1"):m.end()]
    return None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _bad_date(text: str, m: re.Match[str], pos: Pos, why: Text) -> Hit:
    found = text[m.start():m.end()]
    return Hit(pos, {"found": found, "expected": why, "excerpt": excerpt(text[max(0, m.start() - 6):], 30)},
               found=found)


def _late(doc: Document, why: Text, deadline: date | None) -> Hit:
    assert doc.published is not None
    organ = Text("部门" if doc.organ.kind == "department" else "人民政府",
                 "department" if doc.organ.kind == "department" else "people's government")
    return Hit(doc.title_pos or Pos(1), {"year": doc.year, "published": doc.published.isoformat(),
                                         "deadline": deadline.isoformat() if deadline else "", "expected": why,
                                         "organ": organ},
               expected=deadline.isoformat() if deadline else None, found=doc.published.isoformat())
