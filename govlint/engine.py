"""Run a pack's rules over a document and turn hits into findings.

A rule that raises becomes one internal-error finding (GL002) and the others still
run; checks that could not be made because of blank cells become GL009 notices.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from govlint.document import Document, Pos, TableStatus
from govlint.findings import Finding
from govlint.kinds.base import Hit, Text
from govlint.rulepack import Pack, Rule

INTERNAL = "GL002"
NOT_VERIFIABLE = "GL009"
TRUNCATED = "GL008"
MAX_PER_RULE = 200  # findings of one rule in one file: beyond this the file is not a report
SOURCE_WIDTH = 60


def run(doc: Document, pack: Pack, codes: frozenset[str], lang: str) -> list[Finding]:
    """Findings of the active rules (`codes`) on `doc`, sorted by position."""
    out: list[Finding] = []
    for rule in pack.rules:
        if rule.code not in codes or rule.kind is None or not rule.when.applies(doc):
            continue
        try:
            hits = list(islice(rule.kind.check(doc), MAX_PER_RULE + 1))
        except MemoryError:  # the file's budget, not this rule's bug: the whole file is reported
            raise
        except Exception as exc:  # isolate a failing rule: report it, run the others
            crashed = pack.rule(INTERNAL)
            if crashed is not None and INTERNAL in codes:
                out.append(make(crashed, Hit(Pos(1), {"rule": rule.code, "error": f"{type(exc).__name__}: {exc}"}),
                                doc, lang))
            continue
        if len(hits) > MAX_PER_RULE:
            hits = hits[:MAX_PER_RULE]
            truncated = pack.rule(TRUNCATED)
            if truncated is not None and TRUNCATED in codes:
                fields = {"rule": rule.code, "rule_title": rule.title[lang], "limit": MAX_PER_RULE}
                out.append(make(truncated, Hit(hits[-1].pos, fields), doc, lang))
        out.extend(_findings(rule, hits, doc, pack, codes, lang))
    return sorted(out, key=Finding.sort_key)


def _findings(rule: Rule, hits: Iterable[Hit], doc: Document, pack: Pack, codes: frozenset[str],
              lang: str) -> list[Finding]:
    out = []
    notice = pack.rule(NOT_VERIFIABLE)
    for hit in hits:
        if not hit.unverifiable:
            out.append(make(rule, hit, doc, lang))
        elif notice is not None and NOT_VERIFIABLE in codes:
            fields = {**hit.fields, "rule": rule.code, "rule_title": rule.title[lang]}
            out.append(make(notice, Hit(hit.pos, fields, table=hit.table, table_name=hit.table_name), doc, lang))
    return out


def make(rule: Rule, hit: Hit, doc: Document, lang: str) -> Finding:
    """Render a hit into a finding of `rule`."""
    fields = _Missing({k: _value(v, lang) for k, v in hit.fields.items()})
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        message=rule.message[lang].format_map(fields) + _inferred_note(hit.evidence.get("inferred_rows"), lang),
        path=doc.path,
        line=hit.pos.line,
        column=hit.pos.col,
        section=doc.section_path(hit.pos),
        table=hit.table,
        table_name=hit.table_name.get(lang) if hit.table_name else None,
        row=hit.row,
        col=hit.col,
        expected=hit.expected,
        found=hit.found,
        help=rule.help[lang].format_map(fields) or None,
        source=source_excerpt(doc.line_text(hit.pos.line), hit.pos.col),
        related=hit.related,
        evidence=_evidence(hit, doc),
    )


def _inferred_note(rows: list[str] | None, lang: str) -> str:
    """Numbers govlint split from digits run together (GL007) are said to be inferred: kinds
    name the rows a hit relies on in evidence["inferred_rows"]."""
    if not rows:
        return ""
    names = "、".join(f"“{r}”" for r in rows[:3]) + ("等" if len(rows) > 3 else "")
    if lang == "zh":
        return f"（其中{names}行的数字在原文中连在一起，是按唯一可能的拆分读取的，请对照原表核实）"
    names = ", ".join(f"“{r}”" for r in rows[:3]) + (" and others" if len(rows) > 3 else "")
    return (f" (the numbers of row(s) {names} run together in the text and were read by the only split"
            " that fits; check them against the original table)")


def _evidence(hit: Hit, doc: Document) -> dict[str, Any]:
    """The hit's evidence, plus how well its table was read when that was not fully: a sum
    error on a partly read table may be an extraction artefact (see files[].extraction)."""
    table = doc.tables.get(hit.table) if hit.table else None
    if table is None or table.status == TableStatus.OK:
        return dict(hit.evidence)
    return {**hit.evidence, "table_extraction": table.status}


def _value(value: Any, lang: str) -> Any:
    return value.get(lang) if isinstance(value, Text) else value


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:  # a field a kind did not fill: show nothing
        return ""


def source_excerpt(line: str, col: int) -> str | None:
    """The source line, cut to a window around `col` for very long (one-line) documents."""
    if not line.strip():
        return None
    if len(line) <= SOURCE_WIDTH * 2:
        return line.rstrip()
    start = max(0, col - 1 - SOURCE_WIDTH // 3)
    piece = line[start:start + SOURCE_WIDTH]
    return ("…" if start else "") + piece + ("…" if start + SOURCE_WIDTH < len(line) else "")
