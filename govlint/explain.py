"""`govlint rules` and `govlint rule CODE`: the rules as documentation."""

from __future__ import annotations

import json
import sys

from govlint.errors import UsageError
from govlint.rulepack import Rule, load_pack
from govlint.schema import suggest

HEADINGS = {
    "zh": {"why": "为什么", "fix": "如何修改", "ref": "依据", "fail": "会报告的写法", "pass": "不会报告的写法",
           "kind": "类型", "severity": "级别", "message": "提示语"},
    "en": {"why": "Why", "fix": "How to fix", "ref": "Basis", "fail": "Reported", "pass": "Not reported",
           "kind": "Kind", "severity": "Severity", "message": "Message"},
}


def rule_dict(rule: Rule, lang: str) -> dict[str, object]:
    """A rule as JSON."""
    return {"code": rule.code, "name": rule.name, "kind": rule.kind_name, "severity": rule.severity.label,
            "enabled": rule.enabled, "title": rule.title[lang], "description": rule.description[lang],
            "reference": rule.reference}


def list_rules(pack_name: str, lang: str, fmt: str) -> None:
    """Print every rule of a pack."""
    pack = load_pack(pack_name)
    if fmt == "json":
        json.dump([rule_dict(r, lang) for r in pack.rules], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=pack.title[lang], show_lines=False)
    for col in ("code", "name", "severity"):
        table.add_column(col, no_wrap=True)  # names are what --select takes: never cut
    table.add_column("title", overflow="fold")
    for rule in pack.rules:
        table.add_row(rule.code, rule.name, rule.severity.label, rule.title[lang])
    console = Console(soft_wrap=True)
    if not console.is_terminal:
        console = Console(soft_wrap=True, width=200)
    console.print(table)


def explain(pack_name: str, ident: str, lang: str) -> None:
    """Print one rule's documentation."""
    pack = load_pack(pack_name)
    rule = pack.rule(ident)
    if rule is None:
        names = [r.code for r in pack.rules] + [r.name for r in pack.rules]
        raise UsageError(f"no rule '{ident}' in pack {pack.name}{suggest(ident, names)}")
    sys.stdout.write(render(rule, lang))


def render(rule: Rule, lang: str) -> str:
    """Markdown documentation of a rule."""
    h = HEADINGS[lang]
    lines = [f"# {rule.code} {rule.name}", "", f"**{rule.title[lang]}**", "",
             f"- {h['severity']}: {rule.severity.label}", f"- {h['kind']}: {rule.kind_name}",
             f"- {h['message']}: {rule.message[lang]}", "", f"## {h['why']}", "", rule.description[lang], ""]
    if rule.help[lang]:
        lines += [f"## {h['fix']}", "", rule.help[lang], ""]
    if rule.reference:
        lines += [f"## {h['ref']}", "", rule.reference, ""]
    for label, docs in ((h["fail"], rule.examples.fail), (h["pass"], rule.examples.passing)):
        for doc in docs:
            # Only newlines are stripped: a trailing tab can be a blank table cell.
            lines += [f"## {label}", "", "```text", doc.rstrip("\n"), "```", ""]
    return "\n".join(lines)
