"""JSON Schema (draft 2020-12) of rule files, generated from the code.

The kinds and their parameters, the message placeholders each kind provides, the severities,
the code and name patterns and the `when` values come from the modules that define them; the
shape of each parameter is declared here, and generation fails if a kind gains a parameter this
module does not describe. The schema is shipped as govlint/schemas/rules.schema.json (editors
use it for completion: `# yaml-language-server: $schema=…`) and a test keeps it in sync:

    python -m govlint.rules_schema > govlint/schemas/rules.schema.json

The loader (govlint.rulepack) stays the authority: it also checks what a schema cannot, such as
table, row and section ids against the pack's template.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from govlint.findings import Severity
from govlint.kinds import KINDS, dates, sections, tables
from govlint.rulepack import BUILTIN_FIELDS, CODE_PATTERN, ENVELOPE, LEVELS, NAME_PATTERN, ORGAN_KINDS, REQUIRED

SCHEMA_ID = "https://github.com/govlint/govlint/schemas/rules.schema.json"
SHIPPED = Path(__file__).resolve().parent / "schemas" / "rules.schema.json"
REGENERATE = "python -m govlint.rules_schema > govlint/schemas/rules.schema.json"

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _enum(values: tuple[str, ...] | list[str], description: str = "") -> Schema:
    out: Schema = {"enum": list(values)}
    if description:
        out["description"] = description
    return out


def _one_or_many(item: Schema) -> Schema:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _int(minimum: int | None = None, description: str = "") -> Schema:
    out: Schema = {"type": "integer"}
    if minimum is not None:
        out["minimum"] = minimum
    if description:
        out["description"] = description
    return out


def _described(schema: Schema, description: str) -> Schema:
    return {**schema, "description": description}


def param_schemas() -> dict[str, dict[str, Schema]]:
    """The shape of every parameter of every kind (the keys are checked against the code)."""
    ids = _ref("ids")
    return {
        "sections": {"check": _enum(sections.CHECKS, "Which aspect of the required sections is checked")},
        "table_sum": {
            "table": _described({"type": "string"}, "Template table id, e.g. t3"),
            "for_each": _enum(("row", "column"), "Check the identity once per row or once per column"),
            "over": _described(ids, "The rows or columns to check (default: all); ids, groups or ranges r3..r20"),
            "total": _described(ids, "Ids, groups or ranges (r3..r20) whose sum is the total"),
            "parts": _described(ids, "Ids, groups or ranges whose sum must equal the total"),
        },
        "table_cells": {
            "tables": _described(ids, "Template table ids (default: every table)"),
            "check": _enum(tables.CELL_CHECKS, "Which cell check (default blank)"),
            "per": _enum(("row", "table"), "One finding per row (default) or per table"),
        },
        "table_extraction": {
            "tables": _described(ids, "Template table ids (default: every table)"),
            "check": _enum(tables.EXTRACTION_CHECKS, "Which extraction problem is reported"),
        },
        "table_labels": {"tables": _described(ids, "Template table ids (default: every table)")},
        "table_value": {
            "value": _ref("cells"),
            "at_least": _int(None, "Report when the cells add up to at least this (default 1)"),
        },
        "duplicates": {
            "mode": _enum(("exact", "near"), "Verbatim repeats, or near repeats (shingle similarity)"),
            "min_chars": _int(1, "Ignore paragraphs and items shorter than this (default 20)"),
            "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1,
                          "description": "near: the similarity from which a pair is reported (default 0.5)"},
            "units": _one_or_many(_enum(("paragraph", "item"))),
        },
        "pattern": {
            "scope": _ref("scope"),
            "forbid": _described(_ref("regexes"), "Every match is reported (Python regular expressions on "
                                 "the folded text)"),
            "require": _described(_ref("regexes"), "A scope where fewer than `min` of these occur is reported"),
            "min": _int(1, "require: how many of the patterns must occur (default 1)"),
            "exceptions": _described(_ref("strings"), "forbid: matched texts that are not reported"),
            "partial": {"type": "boolean", "description": "require: report only when some, not none, occur"},
            "min_chars": _int(0, "require: skip a scope with fewer Chinese characters"),
        },
        "section_content": {
            "scope": _ref("scope"),
            "min_chars": _int(1, "A section with fewer Chinese characters is reported (default 10)"),
            "trivial": _described(_ref("regex"), "A body matching this is reported (default: 无/暂无/没有)"),
        },
        "narrative": {
            "check": _enum(("mismatch", "ambiguous"), "Stated counts that differ from the table, or that "
                           "may describe something else"),
            "facts": _described(ids, "Template fact ids (default: every fact)"),
        },
        "percentages": {"scope": _ref("scope"), "totals": {"type": "array", "items": _ref("cells")}},
        "claim": {
            "scope": _ref("scope"),
            "pattern": _described(_ref("regexes"), "The claim (e.g. 均已办结)"),
            "unless": _described(_ref("regex"), "A sentence matching this is not a claim"),
            "value": _one_or_many(_ref("cells")),
            "at_least": _int(None, "The claim is false when the cells add up to at least this (default 1)"),
        },
        "dates": {"check": _enum(dates.CHECKS, "Which aspect of years and dates is checked")},
        "enumeration": {},
    }


def _placeholders(fields: frozenset[str]) -> str:
    """A pattern for a str.format template using only `fields` ({{ and }} escape braces)."""
    names = "|".join(re.escape(f) for f in sorted(fields))
    return rf"^(?:[^{{}}]|\{{\{{|\}}\}}|\{{(?:{names})(?:![rsa])?(?::[^{{}}]*)?\}})*$"


def _texts(fields: frozenset[str]) -> Schema:
    """message/help of a kind: texts whose placeholders the kind provides."""
    text = {"type": "string", "pattern": _placeholders(fields)}
    return {"anyOf": [text, {"type": "object", "required": ["zh", "en"], "additionalProperties": False,
                             "properties": {"zh": text, "en": text}}]}


def _kind(name: str, params: dict[str, Schema], required: tuple[str, ...], fields: frozenset[str]) -> Schema:
    fields_text = ", ".join("{" + f + "}" for f in sorted(fields))
    out: Schema = {
        "description": f"Parameters of kind {name}; message placeholders: {fields_text or 'none'}",
        "properties": {**params, "message": _texts(fields), "help": _texts(fields)},
    }
    if required:
        out["required"] = list(required)
    if name == "pattern":
        out["oneOf"] = [{"required": ["forbid"], "not": {"required": ["require"]}},
                        {"required": ["require"], "not": {"required": ["forbid"]}}]
    return out


def generate() -> Schema:
    """The JSON Schema of a rule file."""
    shapes = param_schemas()
    missing = {k: sorted(set(cls.params) ^ set(shapes.get(k, {}))) for k, cls in KINDS.items()
               if set(cls.params) != set(shapes.get(k, {}))}
    if missing or set(shapes) != set(KINDS):
        raise RuntimeError(f"govlint/rules_schema.py does not describe the parameters {missing} "
                           f"(kinds {sorted(set(shapes) ^ set(KINDS))}); add their shapes")
    text = {"anyOf": [{"type": "string"}, {"type": "object", "required": ["zh", "en"], "additionalProperties": False,
                                            "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}}],
            "description": "A text in Chinese and English ({zh: …, en: …}); one string is used for both"}
    envelope: dict[str, Schema] = {
        "code": {"type": "string", "pattern": CODE_PATTERN,
                 "description": "Public, stable code: 2-4 capital letters and 3 digits (GL is govlint's own)"},
        "name": {"type": "string", "pattern": NAME_PATTERN, "description": "Stable kebab-case name"},
        "kind": _enum([*KINDS, "builtin"], "The generic check this rule configures"),
        "severity": _enum([s.label for s in sorted(Severity, reverse=True)]),
        "title": text,
        "message": _described(text, "The finding's message; {placeholders} are the kind's fields"),
        "help": _described(text, "How to fix it; the same placeholders as message"),
        "description": _described(text, "Why it matters (shown by `govlint rule CODE`)"),
        "reference": {"type": "string", "description": "The rule's basis (law, circular)"},
        "examples": _ref("examples"),
        "enabled": {"type": "boolean", "description": "false: runs only when selected"},
        "when": _ref("when"),
    }
    assert set(envelope) == set(ENVELOPE), "rules_schema.py: describe every envelope key"
    all_of: list[Schema] = []
    for name in KINDS:
        all_of.append({"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                       "then": _ref(f"kind-{name}")})
    all_of.append({"if": {"properties": {"kind": {"const": "builtin"}}, "required": ["kind"]},
                   "then": {"properties": {"code": _enum(list(BUILTIN_FIELDS))}}})
    for code, fields in BUILTIN_FIELDS.items():
        all_of.append({"if": {"properties": {"kind": {"const": "builtin"}, "code": {"const": code}},
                              "required": ["kind", "code"]},
                       "then": {"properties": {"message": _texts(fields), "help": _texts(fields)}}})
    defs: dict[str, Schema] = {
        "rule": {"type": "object", "required": list(REQUIRED), "properties": envelope, "allOf": all_of,
                 "unevaluatedProperties": False},
        "strings": _one_or_many({"type": "string"}),
        "ids": _one_or_many({"type": "string"}),
        "regex": {"type": "string", "format": "regex"},
        "regexes": _one_or_many(_ref("regex")),
        "scope": {"description": "Where the rule looks: document (default), title, or template sections "
                                 "(other: sections the format does not define)",
                  "anyOf": [{"type": "null"}, _enum(("document", "title")),
                            {"type": "object", "additionalProperties": False, "maxProperties": 1,
                             "properties": {"section": _ref("ids"), "sections": _ref("ids")}}]},
        "cells": {"type": "object", "required": ["table", "rows", "columns"], "additionalProperties": False,
                  "description": "A sum of template table cells: every listed row × every listed column",
                  "properties": {"table": {"type": "string"}, "rows": _ref("ids"), "columns": _ref("ids")}},
        "examples": {"anyOf": [{"type": "null"}, {
            "type": "object", "additionalProperties": False,
            "description": "Documents on which the rule must (fail) and must not (pass) report; run by "
                           "`govlint test`",
            "properties": {"fail": _ref("strings"), "pass": _ref("strings")}}]},
        "when": {"anyOf": [{"type": "null"}, {
            "type": "object", "additionalProperties": False,
            "description": "Documents the rule applies to (an empty field means any)",
            "properties": {
                "organ": _one_or_many(_enum(ORGAN_KINDS)),
                "level": _one_or_many(_enum(LEVELS)),
                "years": {"type": "object", "additionalProperties": False,
                          "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}}}}}]},
    }
    for name, cls in KINDS.items():
        defs[f"kind-{name}"] = _kind(name, shapes[name], cls.required, cls.fields)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "govlint rule file (rules: a list of rules)",
        "description": f"Generated by `{REGENERATE}`; do not edit.",
        "type": "object",
        "required": ["rules"],
        "additionalProperties": False,
        "properties": {"rules": {"type": "array", "items": _ref("rule")}},
        "$defs": defs,
    }


def render() -> str:
    """The schema as shipped: indented JSON, non-ASCII kept, a final newline."""
    return json.dumps(generate(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    """Print the schema (`python -m govlint.rules_schema > govlint/schemas/rules.schema.json`)."""
    import sys

    sys.stdout.write(render())


if __name__ == "__main__":
    main()
