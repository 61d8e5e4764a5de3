"""Kinds over running text: `duplicates`, `pattern` and `section_content`."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from govlint import similarity
from govlint.document import Document, Pos
from govlint.findings import Related
from govlint.kinds.base import Hit, Kind, Scope, Text, excerpt, fraction, memo, positive_int
from govlint.normalize import cjk_count, fold, key
from govlint.schema import Where, choice, expect, regex, str_list
from govlint.templates import Template


@dataclass(frozen=True, slots=True)
class _Unit:
    text: str
    norm: str
    pos: Pos
    kind: str  # "paragraph" | "item"
    marker: str = ""
    parent: int | None = None


def _units(doc: Document, min_chars: int, with_items: bool) -> list[_Unit]:
    units: list[_Unit] = []
    for _, para in doc.paragraphs():
        norm = similarity.normalize(para.text)
        parent = len(units)
        units.append(_Unit(para.text, norm, para.pos, "paragraph"))
        if with_items and len(para.items) >= 2:
            for item in para.items:
                units.append(_Unit(item.text, similarity.normalize(item.text), item.pos, "item",
                                   item.marker, parent))
    return [u if len(u.norm) >= min_chars else _Unit(u.text, "", u.pos, u.kind, u.marker, u.parent)
            for u in units]


def _name(unit: _Unit) -> Text:
    if unit.kind == "item":
        return Text(f"“{unit.marker}”项", f"item “{unit.marker}”")
    return Text("段落", "paragraph")


@dataclass(frozen=True, slots=True)
class Duplicates(Kind):
    """Paragraphs or enumerated items repeated verbatim (`mode: exact`) or nearly (`near`)."""

    mode: str
    min_chars: int
    threshold: float
    items: bool

    name = "duplicates"
    fields = frozenset({"unit", "other", "other_line", "similarity", "excerpt", "other_excerpt"})
    params = ("mode", "min_chars", "threshold", "units")
    required = ("mode",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Duplicates:
        mode = choice(params["mode"], ("exact", "near"), where.at("mode", params))
        units = str_list(params.get("units", ["paragraph", "item"]), where.at("units", params))
        for unit in units:
            choice(unit, ("paragraph", "item"), where.at("units", params))
        return cls(mode, positive_int(params.get("min_chars", 20), where.at("min_chars", params)),
                   fraction(params.get("threshold", 0.5), where.at("threshold", params)), "item" in units)

    def check(self, doc: Document) -> Iterator[Hit]:
        units = memo(doc, ("units", self.min_chars, self.items), lambda: _units(doc, self.min_chars, self.items))
        pairs = self._exact(units) if self.mode == "exact" else self._near(units)
        reported: set[tuple[int, int]] = set()
        for first, later, score in pairs:
            a, b = units[first], units[later]
            if a.parent is not None and b.parent is not None and (a.parent, b.parent) in reported:
                continue  # the paragraphs holding these items are already reported
            reported.add((first, later))
            yield self._hit(doc, a, b, score)

    def _exact(self, units: list[_Unit]) -> list[tuple[int, int, float]]:
        seen: dict[str, int] = {}
        out = []
        for index, unit in enumerate(units):
            if not unit.norm:
                continue
            first = seen.setdefault(unit.norm, index)
            if first != index and not _related(units, first, index):
                out.append((first, index, 1.0))
        return out

    def _near(self, units: list[_Unit]) -> list[tuple[int, int, float]]:
        out = []
        for i, j in similarity.candidate_pairs([u.norm for u in units]):
            if units[i].norm == units[j].norm or _related(units, i, j):
                continue
            score = similarity.jaccard(similarity.shingles(units[i].norm), similarity.shingles(units[j].norm))
            if score >= self.threshold:
                out.append((i, j, score))
        return sorted(out)

    def _hit(self, doc: Document, a: _Unit, b: _Unit, score: float) -> Hit:
        section = doc.section_path(a.pos)
        where_zh = f"第 {a.pos.line} 行" + (f"（{section}）" if section else "")
        where_en = f"line {a.pos.line}" + (f" ({section})" if section else "")
        other = Text(f"{where_zh}的{_name(a).zh}", f"the {_name(a).en} on {where_en}")
        return Hit(b.pos, {"unit": _name(b), "other": other, "other_line": a.pos.line,
                           "similarity": f"{score:.0%}", "excerpt": excerpt(b.text),
                           "other_excerpt": excerpt(a.text)},
                   related=(Related(a.pos.line, a.pos.col, section, excerpt(a.text, 60)),),
                   evidence={"similarity": round(score, 3)})


def _related(units: list[_Unit], i: int, j: int) -> bool:
    """A paragraph and one of its own items are not duplicates of each other."""
    return units[j].parent == i or units[i].parent == j


@dataclass(frozen=True, slots=True)
class Pattern(Kind):
    """Regular expressions that must not (`forbid`) or must (`require`) occur in a scope.

    `forbid` reports every match (except `exceptions`); `require` reports a scope where
    fewer than `min` of the patterns occur (default 1: at least one of them)."""

    scope: Scope
    forbid: tuple[re.Pattern[str], ...]
    require: tuple[re.Pattern[str], ...]
    minimum: int
    exceptions: frozenset[str]
    partial: bool  # require: report only when some, not none, of the patterns occur
    min_chars: int  # require: skip a scope with fewer CJK characters (an empty section has its own rule)

    name = "pattern"
    fields = frozenset({"match", "section", "excerpt", "missing", "found"})
    params = ("scope", "forbid", "require", "min", "exceptions", "partial", "min_chars")

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Pattern:
        if ("forbid" in params) == ("require" in params):
            raise where.error("give exactly one of 'forbid' and 'require'")
        patterns = {k: tuple(regex(p, where.at(k, params)) for p in str_list(params[k], where.at(k, params)))
                    for k in ("forbid", "require") if k in params}
        require = patterns.get("require", ())
        minimum = positive_int(params.get("min", 1), where.at("min", params))
        if require and minimum > len(require):
            raise where.error(f"min is {minimum} but only {len(require)} patterns are given", "min")
        return cls(Scope.parse(params.get("scope"), where.at("scope", params), template),
                   patterns.get("forbid", ()), require, minimum,
                   frozenset(str_list(params.get("exceptions", []), where.at("exceptions", params))),
                   expect(params.get("partial", False), bool, where.at("partial", params), "true or false"),
                   expect(params.get("min_chars", 0), int, where.at("min_chars", params), "an integer"))

    def check(self, doc: Document) -> Iterator[Hit]:
        if self.forbid:
            yield from self._forbidden(doc)
            return
        for heading, pos, text in self._targets(doc):
            if cjk_count(text) < self.min_chars:
                continue
            found = [p for p in self.require if p.search(text)]
            if len(found) < self.minimum and (found or not self.partial):
                # a pattern is named by its first alternative: 责任追究|追责 → 责任追究
                missing = "、".join(p.pattern.split("|")[0] for p in self.require if p not in found)
                yield Hit(pos, {"section": heading or "", "excerpt": excerpt(text or "（空）", 40),
                                "missing": missing, "found": len(found)})

    def _forbidden(self, doc: Document) -> Iterator[Hit]:
        texts, joined, starts = memo(doc, ("texts", self.scope), lambda: _joined(self.scope, doc))
        for pattern in self.forbid:  # one scan of all the text in scope per pattern
            for m in pattern.finditer(joined):
                k = bisect_right(starts, m.start()) - 1
                text, _, pos_at = texts[k]
                a, b = m.start() - starts[k], m.end() - starts[k]
                matched = text[a:b]
                if b > len(text) or matched in self.exceptions or fold(matched) in self.exceptions:
                    continue
                yield Hit(pos_at(a), {"match": matched, "excerpt": excerpt(text[max(0, a - 8):], 40)},
                          found=matched)

    def _targets(self, doc: Document) -> list[tuple[str | None, Pos, str]]:
        if self.scope.title:
            return [(doc.title, doc.title_pos or Pos(1), key(doc.title or ""))]
        if self.scope.sections:
            return [(s.heading, s.pos, "\n".join(p.norm for p in s.paragraphs())) for s in self.scope.sections_of(doc)]
        return [(None, Pos(1), "\n".join(p.norm for _, p in doc.paragraphs()))]


def _joined(scope: Scope, doc: Document) -> tuple[list[tuple[str, str, Callable[[int], Pos]]], str, list[int]]:
    """The texts in scope, their folded forms joined by blank lines, and where each starts."""
    texts = list(scope.texts(doc))
    starts, pos = [], 0
    for _, folded, _ in texts:
        starts.append(pos)
        pos += len(folded) + 2
    return texts, "\n\n".join(folded for _, folded, _ in texts), starts


@dataclass(frozen=True, slots=True)
class SectionContent(Kind):
    """A section whose body is empty, a bare “无”, or too short to say anything."""

    scope: Scope
    min_chars: int
    trivial: re.Pattern[str]

    name = "section_content"
    fields = frozenset({"section", "chars", "min_chars", "excerpt"})
    params = ("scope", "min_chars", "trivial")
    required = ("scope",)

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> SectionContent:
        scope = Scope.parse(params["scope"], where.at("scope", params), template)
        if not scope.sections:
            raise where.error("scope must name at least one section", "scope")
        return cls(scope, positive_int(params.get("min_chars", 10), where.at("min_chars", params)),
                   regex(params.get("trivial", r"^(无|暂无|没有)[。.]?$"), where.at("trivial", params)))

    def check(self, doc: Document) -> Iterator[Hit]:
        for sec in self.scope.sections_of(doc):
            body = sec.text().strip()
            chars = cjk_count(body)
            if chars < self.min_chars or self.trivial.search(fold(body)):
                yield Hit(sec.pos, {"section": sec.heading, "chars": chars, "min_chars": self.min_chars,
                                    "excerpt": excerpt(body or "（空）", 30)}, found=body[:40])
