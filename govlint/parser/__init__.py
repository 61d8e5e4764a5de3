"""Text → document tree, in three stages: logical lines, headings and tables, structure."""

from __future__ import annotations

import itertools

from govlint.document import Document, Pos, Section
from govlint.normalize import fold
from govlint.parser.headings import Heading, assign_sections, find_headings
from govlint.parser.lines import LLine, logical_lines
from govlint.parser.organ import organ_of, publication_date
from govlint.parser.structure import Fragment, fragments, paragraphs, report_year, section, title_block
from govlint.parser.tables import extract_tables
from govlint.templates import Template

__all__ = ["parse"]


def parse(text: str, template: Template, path: str = "<text>", encoding: str = "utf-8") -> Document:
    """Parse a report's text with the sections and tables of `template`."""
    lines = logical_lines(text, template)
    ll = lines.lines
    heads, demoted = find_headings(ll, template)
    assigned = assign_sections(heads, template)
    extracted = extract_tables(ll, heads, assigned, template)
    first = heads[0].index if heads else len(ll)
    title, title_pos, used = title_block(ll, first)
    if lines.meta.get("标题"):
        title, title_pos = lines.meta["标题"], title_pos or Pos(1)
    preamble = paragraphs(fragments(ll, extracted.consumed, used, first))
    sections: list[Section] = []
    for k, head in enumerate(heads):
        end = heads[k + 1].index if k + 1 < len(heads) else len(ll)
        frags = fragments(ll, extracted.consumed, head.index + 1, end)
        if head.rest:
            line = ll[head.index]
            frags.insert(0, Fragment(head.rest, line.line, line.col + head.rest_offset, False, fold(head.rest)))
        sections.append(section(head, assigned.get(k), ll, frags))
    year, year_source = report_year(title, "\n".join(p.text for p in preamble) or text[:6000])
    return Document(
        path=path,
        lines=tuple(text.split("\n")),
        title=title,
        title_pos=title_pos,
        year=year,
        year_source=year_source,
        preamble=tuple(preamble),
        sections=tuple(sections),
        tables=extracted.tables,
        meta=lines.meta,
        encoding=encoding,
        format=template.id,
        organ=organ_of(title),
        published=publication_date(lines.meta, ll),
        renumbered=tuple(_renumbered(heads, [d for d in demoted if d.index not in extracted.consumed], ll)),
    )


def _renumbered(heads: list[Heading], demoted: list[Heading], ll: tuple[LLine, ...]) -> list[tuple[Pos, str]]:
    """Headings where the top-level numbering starts again (a second numbering system)."""
    out = list(demoted)
    out += [h for prev, h in itertools.pairwise(heads) if h.ordinal <= prev.ordinal]
    return [(Pos(ll[h.index].line, ll[h.index].col), f"{h.number}、{h.title}")
            for h in sorted(out, key=lambda h: h.index)]
