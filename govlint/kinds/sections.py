"""Kind `sections`: the required sections of the format — present, titled, numbered, in order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from govlint.document import Document, Pos, Section
from govlint.kinds.base import Hit, Kind, Text
from govlint.normalize import key
from govlint.parser.headings import chinese_ordinal
from govlint.schema import Where, choice
from govlint.templates import SectionDef, Template

CHECKS = ("missing", "title", "number", "order", "renumbered", "declared")
_DECLARED = re.compile(r"(?:由|包括|分为|包含|共)[^。]{0,120}?([一二三四五六七八九十])个?部分")


@dataclass(frozen=True, slots=True)
class Sections(Kind):
    """One aspect (`check`) of the template's required sections."""

    template: Template
    aspect: str

    name = "sections"
    fields = frozenset({"number", "title", "heading", "found", "expected", "variant", "after"})
    params = ("check",)
    required = ("check",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Sections:
        return cls(template, choice(params["check"], CHECKS, where.at("check", params)))

    def check(self, doc: Document) -> Iterator[Hit]:
        found: dict[str | None, Section] = {s.template_id: s for s in reversed(doc.sections) if s.template_id}
        if self.aspect == "missing":
            yield from self._missing(doc, found)
        elif self.aspect == "title":
            yield from self._titles(found)
        elif self.aspect == "number":
            yield from self._numbers(found)
        elif self.aspect == "order":
            yield from self._order(doc)
        elif self.aspect == "renumbered":
            for pos, heading in doc.renumbered:
                yield Hit(pos, {"found": heading}, found=heading)
        else:
            yield from self._declared(doc)

    def _declared(self, doc: Document) -> Iterator[Hit]:
        expected = len(self.template.sections)
        for para in doc.preamble[:3]:
            m = _DECLARED.search(para.text)
            if m and chinese_ordinal(m.group(1)) != expected:
                yield Hit(para.pos_at(m.start(1)), {"found": m.group(1), "expected": _NUMERALS[expected]},
                          expected=_NUMERALS[expected], found=m.group(1))
                return

    def _missing(self, doc: Document, found: dict[str | None, Section]) -> Iterator[Hit]:
        for index, sdef in enumerate(self.template.sections):
            if sdef.id in found:
                continue
            # Anchor where the section should be: at the next required section that exists.
            later = [found[s.id] for s in self.template.sections[index + 1:] if s.id in found]
            pos = later[0].pos if later else _end(doc)
            yield Hit(pos, _fields(sdef))

    def _titles(self, found: dict[str | None, Section]) -> Iterator[Hit]:
        for sdef in self.template.sections:
            sec = found.get(sdef.id)
            if sec is None or key(sec.title) == key(sdef.title):
                continue
            variant = key(sec.title) in {key(v) for v in sdef.variants}
            yield Hit(sec.pos, {**_fields(sdef), "found": sec.heading or sec.title, "expected": sdef.heading,
                                "variant": Text("（已知的常见写法）" if variant else "",
                                                " (a known variant)" if variant else "")},
                      expected=sdef.heading, found=sec.heading or sec.title)

    def _numbers(self, found: dict[str | None, Section]) -> Iterator[Hit]:
        for sdef in self.template.sections:
            sec = found.get(sdef.id)
            if sec is not None and sec.number != sdef.number:
                yield Hit(sec.pos, {**_fields(sdef), "found": sec.number, "expected": sdef.number},
                          expected=sdef.number, found=sec.number)

    def _order(self, doc: Document) -> Iterator[Hit]:
        order = [s.id for s in self.template.sections]
        seen: list[SectionDef] = []
        for sec in doc.sections:
            if sec.template_id is None:
                continue
            sdef = self.template.sections[order.index(sec.template_id)]
            later = [s for s in seen if order.index(s.id) > order.index(sdef.id)]
            if later:
                yield Hit(sec.pos, {**_fields(sdef), "after": later[0].heading})
            seen.append(sdef)


_NUMERALS = "零一二三四五六七八九十"


def _fields(sdef: SectionDef) -> dict[str, Any]:
    return {"number": sdef.number, "title": sdef.title, "heading": sdef.heading}


def _end(doc: Document) -> Pos:
    return Pos(max(1, len(doc.lines)))
