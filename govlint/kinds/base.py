"""What every rule kind shares: the Hit a kind yields, the Kind interface, scope helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar, cast

from govlint.document import Document, Paragraph, Pos, Section
from govlint.findings import Related
from govlint.normalize import fold
from govlint.schema import Where, check_keys, expect, str_list
from govlint.templates import Template


@dataclass(frozen=True, slots=True)
class Text:
    """A message field value that differs by language."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in `lang` ("zh" or "en")."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True, slots=True)
class Hit:
    """One violation found by a kind, anchored to a position; the engine makes it a Finding."""

    pos: Pos
    fields: Mapping[str, Any] = field(default_factory=dict)
    table: str | None = None
    table_name: Text | None = None
    row: str | None = None
    col: str | None = None
    expected: str | None = None
    found: str | None = None
    related: tuple[Related, ...] = ()
    unverifiable: bool = False  # the check could not be made (blank cells); engine reports GL009
    evidence: Mapping[str, Any] = field(default_factory=dict)


class Kind:
    """A generic check configured by YAML rules. Subclasses define `name`, `fields`, `params`."""

    name: ClassVar[str] = ""
    fields: ClassVar[frozenset[str]] = frozenset()  # placeholders a message may use
    params: ClassVar[tuple[str, ...]] = ()  # kind-specific keys of the rule
    required: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_params(cls, params: dict[str, Any], where: Where, template: Template) -> Kind:
        """Validate the kind's keys and build the check."""
        raise NotImplementedError

    def check(self, doc: Document) -> Iterator[Hit]:
        """Yield one Hit per violation."""
        raise NotImplementedError


OTHER = "other"  # scope id of sections whose titles are not the format's

_MEMO: dict[str, Any] = {"doc": None, "values": {}}
T = TypeVar("T")


def memo(doc: Document, key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """Work shared by rules on the same document (e.g. GL601 and GL602 read the same
    numbers): computed once for the document being checked, then reused."""
    if _MEMO["doc"] is not doc:
        _MEMO["doc"], _MEMO["values"] = doc, {}
    values: dict[tuple[object, ...], Any] = _MEMO["values"]
    if key not in values:
        values[key] = compute()
    return cast(T, values[key])


@dataclass(frozen=True, slots=True)
class Scope:
    """Which part of the document a text rule looks at."""

    sections: tuple[str, ...] = ()  # template section ids, or "other"; empty = whole document
    title: bool = False  # only the report's title

    @classmethod
    def parse(cls, value: Any, where: Where, template: Template) -> Scope:
        """`scope: {section: s6}` / `{sections: [s5, s6, other]}` / `document` / `title`.

        `other` means the sections whose titles match none of the format's."""
        if value is None or value == "document":
            return cls()
        if value == "title":
            return cls(title=True)
        data = check_keys(value, where, (), ("section", "sections"))
        ids = str_list(data.get("section", data.get("sections", [])), where)
        for sid in ids:
            if sid != OTHER and template.section(sid) is None:
                raise where.error(f"unknown section '{sid}' (the template defines "
                                  f"{', '.join(s.id for s in template.sections)}, and '{OTHER}')")
        return cls(ids)

    def sections_of(self, doc: Document) -> list[Section]:
        """The top-level sections in scope that the document has."""
        return [s for s in doc.sections if (s.template_id or OTHER) in self.sections]

    def texts(self, doc: Document) -> Iterator[tuple[str, str, Callable[[int], Pos]]]:
        """Every piece of text in scope — the title (whole-document scope), headings of sections
        and sub-sections, paragraphs — folded too, with a function from an offset to its position."""
        if self.title:
            if doc.title:
                yield doc.title, fold(doc.title), _shift(doc.title_pos or Pos(1))
            return
        if not self.sections and doc.title and doc.title_pos:
            yield doc.title, fold(doc.title), _shift(doc.title_pos)
        sections = self.sections_of(doc) if self.sections else list(doc.sections)
        if not self.sections:
            for para in doc.preamble:
                yield para.text, para.norm, para.pos_at
        for sec in sections:
            yield from _section_texts(sec)

    def paragraphs(self, doc: Document) -> Iterator[Paragraph]:
        """The paragraphs in scope."""
        if not self.sections:
            for _, para in doc.paragraphs():
                yield para
            return
        for sec in self.sections_of(doc):
            yield from sec.paragraphs()


def _shift(pos: Pos) -> Callable[[int], Pos]:
    return lambda offset: Pos(pos.line, pos.col + offset)


def _section_texts(sec: Section) -> Iterator[tuple[str, str, Callable[[int], Pos]]]:
    if sec.heading:
        yield sec.heading, fold(sec.heading), _shift(sec.pos)
    for child in sec.children:
        if isinstance(child, Paragraph):
            yield child.text, child.norm, child.pos_at
        else:
            yield from _section_texts(child)


def positive_int(value: Any, where: Where) -> int:
    """A positive integer parameter."""
    expect(value, int, where, "an integer")
    if value < 1:
        raise where.error("must be at least 1")
    return int(value)


def fraction(value: Any, where: Where) -> float:
    """A number in (0, 1]."""
    expect(value, (int, float), where, "a number between 0 and 1")
    if not 0 < value <= 1:
        raise where.error("must be between 0 and 1")
    return float(value)


def excerpt(text: str, limit: int = 24) -> str:
    """The start of a text, shortened with … for messages."""
    text = " ".join(text[: limit * 4 + 8].split())  # a bounded prefix: texts can be megabytes long
    return text if len(text) <= limit else text[:limit] + "…"
