"""`govlint test DIR`: run every rule's embedded examples and fixture cases.

A `fail` example or fixture must give at least one finding of its rule (exactly the findings
listed in the fixture's `.expected` file, when it has one); a `pass` one must give none. Each
document is checked as `govlint check --select CODE` would check it: the pack is chosen by the
report's year, and a folder of extra rules is added to it as the config key `rule_paths` adds
it. A rule that crashes shows as its GL002 finding. A failed case is shown as a unified diff of
the expected and the actual findings, one `CODE line N: message` a line.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govlint.config import Config, matches
from govlint.errors import InputError, UsageError
from govlint.findings import Finding
from govlint.rulecheck import RuleSet, RuleSource, display, read_expected

INTERNAL = "GL002"  # a rule that raised: shown as a finding, so a crash never passes unnoticed
ANY = "(at least one finding)"


@dataclass(frozen=True, slots=True)
class Case:
    """One document a rule is tested on."""

    code: str
    label: str  # examples.fail[0], or the fixture's path
    where: str  # path:line of an example ('' for a fixture: its label is its path)
    expect: str  # "fail" | "pass"
    text: str | None = None  # an embedded example
    path: Path | None = None  # a fixture document
    expected: Path | None = None  # the fixture's .expected file


@dataclass
class CaseResult:
    """What a case gave."""

    case: Case
    ok: bool
    expected: list[str]
    actual: list[str]
    note: str = ""

    def diff(self) -> list[str]:
        """Unified diff of the expected and the actual findings."""
        return list(difflib.unified_diff(self.expected, self.actual, "expected", "actual", lineterm="", n=2))


@dataclass
class RuleResult:
    """The cases of one rule."""

    code: str
    name: str
    where: str
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        """PASS, FAIL, or SKIP (a rule with no case)."""
        if not self.cases:
            return "SKIP"
        return "PASS" if all(c.ok for c in self.cases) else "FAIL"


def cases(rules: RuleSet, source: RuleSource) -> list[Case]:
    """The embedded examples and fixture cases of a rule."""
    rule, out = source.rule, []
    shown = display(source.path)
    info = rules.yaml.get(source.path)
    for expect, docs in (("fail", rule.examples.fail), ("pass", rule.examples.passing)):
        key = f"{source.key}.examples.{expect}"
        listed = info is not None and f"{key}[0]" in info.positions
        for index, doc in enumerate(docs):
            item = f"{key}[{index}]" if listed else key
            line = rules.source_line(source, item)
            label = f"examples.{expect}[{index}]" if listed else f"examples.{expect}"
            out.append(Case(rule.code, label, f"{shown}:{line}", expect, text=doc))
    for fixture in rules.fixtures:
        if fixture.code == rule.code:
            out.append(Case(rule.code, display(fixture.path), "", fixture.expect,
                            path=fixture.path, expected=fixture.expected))
    return out


def run(rules: RuleSet, lang: str = "zh", select: Sequence[str] = ()) -> list[RuleResult]:
    """Run the cases of every rule of `rules` (or of the selected ones). Raises GovlintError when
    the rules cannot be used for checking (what `govlint check` would report with exit code 2)."""
    results = []
    seen: set[str] = set()
    for source in rules.sources:
        rule = source.rule
        if select and not any(matches(rule, s) for s in select):
            continue
        key = f"{rule.code}\0{source.path}\0{source.index}"
        if key in seen:
            continue
        seen.add(key)
        result = RuleResult(rule.code, rule.name, f"{display(source.path)}:{rules.source_line(source, source.key)}")
        for case in cases(rules, source):
            result.cases.append(_run_case(rules, source, case, lang))
        results.append(result)
    return results


def _config(rules: RuleSet, source: RuleSource, lang: str, text: str) -> Config:
    """The options `govlint check --select CODE` would run the rule's document with."""
    select: tuple[str, ...] = (source.rule.code, INTERNAL)
    if rules.mode == "builtin":
        return Config(lang=lang, select=select)
    if rules.mode == "packs":
        from govlint.rulepack import load_pack

        folder = str(rules.pack_folders[_pack_for(rules, source, text)])
        if load_pack(folder).rule(INTERNAL) is None:
            select = (source.rule.code,)
        return Config(pack=folder, lang=lang, select=select)
    return Config(lang=lang, select=select, rule_paths=(str(rules.target),))


def _pack_for(rules: RuleSet, source: RuleSource, text: str) -> str:
    """Of the packs a rule is in, the one a document is for: the format govlint would choose for
    it (by its year and labels), else the pack whose years include the document's year."""
    from govlint import formats
    from govlint.rulepack import load_pack

    names = source.packs
    if len(names) == 1:
        return names[0]
    year = formats.quick_year(text)
    chosen = formats.choose(text, year).pack
    if chosen in names:
        return chosen
    for name in names:
        low, high = load_pack(str(rules.pack_folders[name])).years
        if year is not None and (low is None or year >= low) and (high is None or year <= high):
            return name
    return names[0]


def _run_case(rules: RuleSet, source: RuleSource, case: Case, lang: str) -> CaseResult:
    from govlint import api

    code = case.code
    try:
        if case.path is not None:
            doc = api.read_path(case.path)
            text, name, encoding = doc.text, str(case.path), doc.encoding
        else:
            text, name, encoding = case.text or "", "<text>", "utf-8"
        result = api.check_text(text, name, _config(rules, source, lang, text), encoding)
    except InputError as exc:
        return CaseResult(case, False, _expected(case, []), [], f"cannot read the document: {exc.text(lang)}")
    except UsageError as exc:  # the pack chosen for the document does not have the rule
        return CaseResult(case, False, _expected(case, []), [],
                          f"the document was checked with the pack its year calls for, which cannot run "
                          f"{code}: {exc}")
    found = [f for f in result.findings if f.code == code or (f.code == INTERNAL and code in f.message)]
    actual = [line(f) for f in found]
    expected = _expected(case, actual)
    if case.expect == "pass":
        ok = not actual
    elif case.expected is not None:
        ok = sorted(expected) == sorted(actual)
    else:
        ok = any(f.code == code for f in found) and not any(f.code == INTERNAL for f in found)
    note = "" if ok else _note(case, actual, result.format or "?")
    return CaseResult(case, ok, expected, actual, note)


def line(finding: Finding) -> str:
    """A finding as `govlint test` compares it: code, line and message."""
    return f"{finding.code} line {finding.line}: {finding.message}"


def _expected(case: Case, actual: list[str]) -> list[str]:
    if case.expect == "pass":
        return []
    if case.expected is not None:
        return read_expected(case.expected)
    own = [a for a in actual if a.startswith(case.code + " ")]
    return own or [f"{case.code} {ANY}"]


def _note(case: Case, actual: list[str], pack: str) -> str:
    if case.expect == "pass":
        return f"reported {case.code} on a document it must pass (checked with pack {pack})"
    if case.expected is not None:
        return f"the findings differ from {display(case.expected)}"
    if any(a.startswith(INTERNAL) for a in actual):
        return f"{case.code} failed while checking"
    return f"expected a {case.code} finding, got none (checked with pack {pack})"
