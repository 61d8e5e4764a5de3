"""SARIF 2.1.0 (code-scanning services, IDE viewers): one run, the rules that fired as
reportingDescriptors (id = code, name = readable name), one result per finding.

A finding suppressed by a waiver or the baseline stays a result, with `suppressions`
([{"kind": "external", "status": "accepted", "justification": reason}]); when the run used a
baseline (some finding is baselined), every result has a `baselineState`: "unchanged" for
baselined ones, "new" for the others. `partialFingerprints` use the baseline's line-independent
recipe (govlint.suppress.fingerprints). A config or baseline file with findings about the
suppressions is listed as an artifact with the role "userSpecifiedConfiguration"."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from functools import cache
from typing import Any
from urllib.parse import quote

from govlint import __version__
from govlint.findings import FileResult, Finding
from govlint.reporters import Collecting
from govlint.reporters.summary import Tally

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFO_URI = "https://pypi.org/project/govlint/"


class Sarif(Collecting):
    """One SARIF log."""

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        json.dump(log(results, self.lang, self.added), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def log(results: Sequence[FileResult], lang: str, config_files: Collection[str] = ()) -> dict[str, Any]:
    """The SARIF log for a run (`config_files`: paths that are config or baseline files)."""
    findings = [f for r in results for f in r.findings]
    codes = sorted({f.code for f in findings})
    index = {code: k for k, code in enumerate(codes)}
    baseline = any(f.suppression is not None and f.suppression.kind == "baseline" for f in findings)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "govlint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFO_URI, "rules": [_rule(c, lang) for c in codes]}},
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": uri(r.path)},
                           "roles": ["userSpecifiedConfiguration" if r.path in config_files else "analysisTarget"],
                           **({"encoding": r.encoding} if _charset(r.encoding) else {})} for r in results],
            "results": [_result(f, index[f.code], lang, print_, baseline)
                        for f, print_ in zip(findings, fingerprints(findings), strict=True)],
        }],
    }


def uri(path: str) -> str:
    """A path as a relative URI reference (forward slashes, non-ASCII percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/:._-~")


def _result(f: Finding, rule_index: int, lang: str, print_: str, baseline: bool = False) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": uri(f.path)},
                             "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)}},
    }
    if f.section:
        location["logicalLocations"] = [{"name": f.section, "kind": "module"}]
    props = {k: v for k, v in {"table": f.table_name, "row": f.row, "column": f.col, "expected": f.expected,
                               "found": f.found, "section": f.section}.items() if v is not None}
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity.label],
        "message": {"text": f.message + (f"\n{f.help}" if f.help else "")},
        "locations": [location],
        "partialFingerprints": {"govlint/v1": print_},
    }
    if f.related:
        result["relatedLocations"] = [
            {"id": k, "physicalLocation": {"artifactLocation": {"uri": uri(rel.path or f.path)},
                                           "region": {"startLine": max(rel.line, 1)}}}
            for k, rel in enumerate(f.related)]
    if f.suppression is not None:
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        justification = f.suppression.reason or (f"baseline: {f.suppression.source}" if f.suppression.kind == "baseline"
                                                 else "")
        if justification:
            suppression["justification"] = justification
        props["suppression"] = f.suppression.kind
        if f.suppression.source:
            props["suppressedBy"] = f.suppression.source
        result["suppressions"] = [suppression]
    if baseline:
        result["baselineState"] = ("unchanged" if f.suppression is not None and f.suppression.kind == "baseline"
                                   else "new")
    if props:
        result["properties"] = props
    return result


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Line-independent identities of the findings: rule, file, table cell (or normalised
    message), and the occurrence among findings sharing those, so that two results never share
    one (the baseline's recipe, with the paths as reported)."""
    from govlint.suppress import fingerprints as recipe

    return recipe(findings)


@cache
def _rule(code: str, lang: str) -> dict[str, Any]:
    from govlint.rulepack import builtin_rule

    rule = builtin_rule(code)
    if rule is None:
        return {"id": code}
    other = "en" if lang == "zh" else "zh"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title[lang] or rule.title[other]},
        "fullDescription": {"text": rule.description[lang] or rule.description[other]},
        "help": {"text": rule.help[lang] or rule.help[other] or rule.title[lang]},
        "defaultConfiguration": {"level": LEVEL[rule.severity.label]},
        "properties": {"tags": [rule.kind_name], **({"reference": rule.reference} if rule.reference else {})},
    }


def _charset(encoding: str | None) -> bool:
    """Whether a file's encoding is a character set SARIF can name (Word and PDF files have none)."""
    return bool(encoding) and encoding not in ("docx", "pdf")
