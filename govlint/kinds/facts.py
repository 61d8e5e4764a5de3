"""Kinds that hold the prose to the tables: `narrative` (stated counts = table cells),
`percentages` (stated shares can be recomputed) and `claim` (a sentence that a cell denies).

The numbers the prose states are defined once, as facts of the format template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from govlint.document import Document, Paragraph, Pos, RowStatus, TableStatus
from govlint.kinds.base import OTHER, Hit, Kind, Scope, Text, excerpt, memo
from govlint.kinds.tables import active_rows, table_text
from govlint.numbers import CellState, Number, fmt
from govlint.schema import Where, choice, expect, regex, str_list
from govlint.templates import CellRef, FactDef, Template, cell_ref

_SENTENCE_END = re.compile(r"[。；;！？!?]")
_DIGIT = re.compile(r"\d")
# Wording that says a count includes last year's carry-over.
_CARRY_WORDS = re.compile(r"含上年|包括上年|含.{0,6}结转|连同上年|加上上年")
# Wording that speaks of a whole region rather than one organ.
_REGION_WORDS = re.compile(r"全(?:省|市|区|县|州|旗|镇|乡)|各级|全系统|各部门|各单位")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph, with its section and a map from offsets to positions."""

    text: str
    folded: str
    pos_at: Callable[[int], Pos]
    section: str  # template section id, or "other" (preamble: "")


def sentences(doc: Document, section_ids: tuple[str, ...]) -> Iterator[Sentence]:
    """The sentences of the paragraphs in the given sections (all sections if none)."""
    for sec in Scope(section_ids).sections_of(doc) if section_ids else doc.sections:
        for para in sec.paragraphs():
            yield from _split(para, sec.template_id or OTHER)


def _split(para: Paragraph, section: str) -> Iterator[Sentence]:
    start = 0
    for m in [*_SENTENCE_END.finditer(para.norm), None]:
        end = m.end() if m else len(para.text)
        if para.text[start:end].strip():
            yield Sentence(para.text[start:end], para.norm[start:end], _offset(para.pos_at, start), section)
        start = end


def _offset(pos_at: Callable[[int], Pos], start: int) -> Callable[[int], Pos]:
    return lambda off: pos_at(start + off)


def cell_sum(doc: Document, template: Template, ref: CellRef) -> Number | None:
    """The sum of the referenced cells, or None when any of them was not read as a number."""
    table = doc.tables.get(ref.table)
    tdef = template.table(ref.table)
    if table is None or tdef is None or table.status in (TableStatus.ABSENT, TableStatus.UNREADABLE):
        return None
    rows = active_rows(table, tdef, ref.rows)
    if not rows or any(r.status != RowStatus.OK for r in rows):
        return None
    total: Number = 0
    for row in rows:
        for col in ref.columns:
            cell = row.cell(col)
            if cell is None or cell.state is not CellState.NUMBER or cell.value is None:
                return None
            total = total + cell.value
    return total


def describe_ref(template: Template, ref: CellRef) -> str:
    """“label”行“column”列 for the cells of a reference (joined with +)."""
    tdef = template.table(ref.table)
    assert tdef is not None
    rows = [tdef.row(r).label for r in ref.rows if not tdef.row(r).optional]
    cols = "、".join(tdef.column(c).display for c in ref.columns)
    row_text = rows[0] if len(rows) == 1 else f"{rows[0]}至{rows[-1]}"
    return f"“{row_text}”·{cols}"


@dataclass(frozen=True, slots=True)
class Narrative(Kind):
    """Counts stated in the prose against the table cells they describe."""

    template: Template
    aspect: str  # "mismatch" | "ambiguous"
    facts: tuple[FactDef, ...]

    name = "narrative"
    fields = frozenset({"fact", "stated", "expected", "table", "cells", "excerpt", "reason"})
    params = ("check", "facts")
    required = ("check",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Narrative:
        aspect = choice(params["check"], ("mismatch", "ambiguous"), where.at("check", params))
        ids = str_list(params.get("facts", [f.id for f in template.facts]), where.at("facts", params))
        known = {f.id: f for f in template.facts}
        for ident in ids:
            if ident not in known:
                raise where.error(f"unknown fact '{ident}' (the template defines {', '.join(known)})", "facts")
        return cls(template, aspect, tuple(known[i] for i in ids))

    def check(self, doc: Document) -> Iterator[Hit]:
        for fact, sentence, m, stated, expected, (aspect, reason) in memo(
                doc, ("narrative", *(f.id for f in self.facts)), lambda: self._verdicts(doc)):
            if aspect == self.aspect:
                yield self._hit(doc, fact, sentence, m, stated, expected, reason)

    def _verdicts(self, doc: Document) -> list[tuple[FactDef, Sentence, re.Match[str], int, Number, tuple[str, Text]]]:
        """Every stated number that disagrees with its cells, with the verdict."""
        values = {f.id: (cell_sum(doc, self.template, f.value),
                         cell_sum(doc, self.template, f.with_carry) if f.with_carry else None) for f in self.facts}
        live = [f for f in self.facts if values[f.id][0] is not None]
        out = []
        for sentence in sentences(doc, ()) if live else ():
            if not _DIGIT.search(sentence.folded):
                continue  # every fact states a number
            for fact in live:
                if sentence.section not in fact.sections:
                    continue
                expected, carry = values[fact.id]
                assert expected is not None
                for m in _matches(sentence, fact):
                    if len(m.group("n")) > MAX_DIGITS:
                        continue  # not a count: a run of digits from a damaged table
                    stated = int(m.group("n"))
                    verdict = _verdict(stated, expected, carry, _clause(sentence.folded, m), doc)
                    if verdict is not None:
                        out.append((fact, sentence, m, stated, expected, verdict))
        return out

    def _hit(self, doc: Document, fact: FactDef, sentence: Sentence, m: re.Match[str], stated: int,
             expected: Number, reason: Text) -> Hit:
        tdef = self.template.table(fact.value.table)
        assert tdef is not None
        cells = describe_ref(self.template, fact.value)
        fields = {"fact": Text(fact.label["zh"], fact.label["en"]), "stated": stated, "expected": fmt(expected),
                  "table": table_text(tdef), "cells": cells, "excerpt": excerpt(sentence.text.strip(), 40),
                  "reason": reason}
        table = doc.tables.get(tdef.id)
        inferred = [r.label for r in table.rows if r.id in fact.value.rows and r.inferred] if table else []
        return Hit(sentence.pos_at(m.start("n")), fields, table=tdef.id, table_name=table_text(tdef),
                   row=cells, expected=fmt(expected), found=str(stated),
                   evidence={"inferred_rows": inferred} if inferred else {})


def _matches(sentence: Sentence, fact: FactDef) -> Iterator[re.Match[str]]:
    seen: set[int] = set()
    for pattern in fact.patterns:
        for m in pattern.finditer(sentence.folded):
            if m.start("n") not in seen:
                seen.add(m.start("n"))
                yield m


def _clause(text: str, m: re.Match[str]) -> str:
    """The words that qualify a stated number: its clause, plus a parenthesis right after it
    ("受理申请 749 件（含上年结转 36 件）"), but not the next clause ("…，答复 3050 件（含…）")."""
    start = max(text.rfind(",", 0, m.start()), text.rfind("，", 0, m.start())) + 1
    tail = text[m.end():]
    if tail.lstrip().startswith("("):
        close = tail.find(")")
        return text[start:m.end()] + (tail[: close + 1] if close >= 0 else tail)
    stop = re.search(r"[,，;；]", tail)
    return text[start: m.end() + (stop.start() if stop else len(tail))]


def _verdict(stated: int, expected: Number, carry: Number | None, text: str,
             doc: Document) -> tuple[str, Text] | None:
    """None if the clause agrees with the table, else ("mismatch"|"ambiguous", why)."""
    says_carry = bool(_CARRY_WORDS.search(text))
    if stated == expected and not (says_carry and carry is not None):
        return None
    if says_carry and carry is not None and stated == carry:
        return None
    if carry is not None and stated == carry:
        return "ambiguous", Text(f"该数等于本年新收与上年结转之和（{fmt(carry)}），如含上年结转请写明",
                                 f"it equals new plus carried-over requests ({fmt(carry)}); say so if that is meant")
    if stated == expected:  # "含上年结转" said, but the number is this year's alone
        return "ambiguous", Text("句中写明含上年结转，但该数只等于本年新收数",
                                 "the sentence says it includes the carry-over, but the number is this year's alone")
    region = bool(_REGION_WORDS.search(text))
    if region and doc.organ.kind == "department":
        return "ambiguous", Text("句子说的是全地区的情况，而表格只统计本机关",
                                 "the sentence speaks of the whole region while the table counts this organ only")
    if not region and doc.organ.kind == "government":
        return "ambiguous", Text("句子可能只说本级政府（或其办公室）自身，而表格统计全地区",
                                 "the sentence may speak of the government office itself while the table covers "
                                 "the whole region")
    return "mismatch", Text("", "")


_PERCENT = (
    re.compile(r"(?<!\d)(?P<n>\d{1,9})\s*件\s*\(\s*(?P<p>\d+(?:\.\d+)?)\s*%"),
    re.compile(r"(?<!\d)(?P<n>\d{1,9})\s*件\s*,?\s*占(?:比|总数的|全部申请的|申请总数的)?\s*(?P<p>\d+(?:\.\d+)?)\s*%"),
)
_COUNT = re.compile(r"(?<!\d)(?P<n>\d{1,9})\s*件")
MAX_DIGITS = 12  # longer digit runs are not counts (and int() refuses very long ones)
MAX_DECIMALS = 6  # decimals of a percentage that are compared


@dataclass(frozen=True, slots=True)
class Percentages(Kind):
    """A share stated next to a count (“208 件（17.46%）”) that no total reproduces."""

    template: Template
    scope: Scope
    totals: tuple[CellRef, ...]

    name = "percentages"
    fields = frozenset({"count", "percent", "total", "computed", "excerpt"})
    params = ("scope", "totals")

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Percentages:
        tables = {t.id: t for t in template.tables}
        totals = expect(params.get("totals", []), list, where.at("totals", params), "a list")
        return cls(template, Scope.parse(params.get("scope"), where.at("scope", params), template),
                   tuple(cell_ref(t, where.at("totals", params).at(i, t), tables) for i, t in enumerate(totals)))

    def check(self, doc: Document) -> Iterator[Hit]:
        table_totals = [t for t in (cell_sum(doc, self.template, ref) for ref in self.totals) if t]
        for para in self.scope.paragraphs(doc):
            folded = para.norm
            for pattern in _PERCENT:
                for m in pattern.finditer(folded):
                    hit = self._check(m, folded, table_totals, para.pos_at, para.text)
                    if hit is not None:
                        yield hit

    def _check(self, m: re.Match[str], folded: str, table_totals: list[Number],
               pos_at: Callable[[int], Pos], text: str) -> Hit | None:
        count, percent = int(m.group("n")), Decimal(m.group("p"))
        earlier = [int(c.group("n")) for c in _COUNT.finditer(folded, 0, m.start())]
        totals = [t for t in (*reversed(earlier), *table_totals) if t and t >= count]
        exponent = percent.as_tuple().exponent
        # a share is printed with a few decimals; more (fuzz: 32) would overflow quantize's precision
        decimals = min(-exponent, MAX_DECIMALS) if isinstance(exponent, int) else 0
        tolerance = Decimal(1).scaleb(-decimals)  # one unit of the last digit: rounding or truncation
        if not totals or any(abs(Decimal(count) * 100 / Decimal(t) - percent) <= tolerance for t in totals):
            return None
        total = totals[0]
        computed = (Decimal(count) * 100 / Decimal(total)).quantize(Decimal(1).scaleb(-decimals))
        return Hit(pos_at(m.start("p")), {"count": count, "percent": f"{percent}%", "total": fmt(total),
                                          "computed": f"{computed}%", "excerpt": excerpt(text[m.start():], 30)},
                   expected=f"{computed}%", found=f"{percent}%")


@dataclass(frozen=True, slots=True)
class Claim(Kind):
    """A sentence that a table cell contradicts (“均已办结” while requests are carried forward)."""

    template: Template
    scope: Scope
    patterns: tuple[re.Pattern[str], ...]
    unless: re.Pattern[str] | None
    values: tuple[CellRef, ...]  # the first that can be read is used
    at_least: int

    name = "claim"
    fields = frozenset({"match", "value", "table", "cells", "excerpt"})
    params = ("scope", "pattern", "unless", "value", "at_least")
    required = ("pattern", "value")

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Claim:
        tables = {t.id: t for t in template.tables}
        at = where.at("pattern", params)
        patterns = tuple(regex(p, at) for p in str_list(params["pattern"], at))
        unless = regex(params["unless"], where.at("unless", params)) if "unless" in params else None
        at_least = expect(params.get("at_least", 1), int, where.at("at_least", params), "an integer")
        raw = params["value"] if isinstance(params["value"], list) else [params["value"]]
        values = tuple(cell_ref(v, where.at("value", params).at(i, v), tables) for i, v in enumerate(raw))
        return cls(template, Scope.parse(params.get("scope"), where.at("scope", params), template), patterns,
                   unless, values, at_least)

    def check(self, doc: Document) -> Iterator[Hit]:
        ref, value = next(((r, v) for r in self.values if (v := cell_sum(doc, self.template, r)) is not None),
                          (self.values[0], None))
        if value is None or value < self.at_least:
            return
        tdef = self.template.table(ref.table)
        assert tdef is not None
        for sentence in sentences(doc, self.scope.sections):
            if self.unless is not None and self.unless.search(sentence.folded):
                continue
            for pattern in self.patterns:
                m = pattern.search(sentence.folded)
                if m:
                    yield Hit(sentence.pos_at(m.start()),
                              {"match": sentence.text[m.start():m.end()], "value": fmt(value),
                               "table": table_text(tdef), "cells": describe_ref(self.template, ref),
                               "excerpt": excerpt(sentence.text.strip(), 40)},
                              table=tdef.id, table_name=table_text(tdef), found=sentence.text[m.start():m.end()],
                              expected=fmt(value))
                    break
