"""Loading rule files: every mistake is an error naming the file, the line, the rule and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.errors import RuleErrors
from govlint.rulepack import load_rule_files

GOOD = """\
rules:
  - code: GL901
    name: test-rule
    kind: pattern
    forbid: ['XX']
    severity: error
    title: {zh: 测试, en: Test}
    message: {zh: "发现“{match}”", en: "Found {match}"}
    description: {zh: 说明, en: Why}
"""


def load(tmp_path: Path, pack, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    load_rule_files([path], pack.template)


def test_a_valid_rule_loads(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    load(tmp_path, pack, GOOD)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("forbid: ['XX']", "forbid: ['XX']\n    forbidd: ['YY']"), ["rules.yaml:", "GL901", "forbidd", 'did you mean "forbid"']),
        (("forbid: ['XX']", "forbid: ['(XX']"), ["GL901", "forbid", "invalid regular expression"]),
        (("{match}", "{matched}"), ["GL901", "message.zh", "unknown placeholder {matched}", "{match}"]),
        (("kind: pattern", "kind: patern"), ["GL901", "kind", 'did you mean "pattern"']),
        (("severity: error", "severity: fatal"), ["GL901", "severity", "must be one of"]),
        (("code: GL901", "code: X1"), ["code must look like GL301"]),
        (("name: test-rule", "name: Test_Rule"), ["GL901", "kebab-case"]),
        (("    description: {zh: 说明, en: Why}\n", ""), ["GL901", "missing required key 'description'"]),
        (("kind: pattern\n    forbid: ['XX']", "kind: table_sum\n    table: t9\n    for_each: row\n    total: [c7]\n    parts: [c1]"),
         ["GL901", "table", "unknown table 't9'"]),
        (("kind: pattern\n    forbid: ['XX']", "kind: table_sum\n    table: t3\n    for_each: row\n    total: [c8]\n    parts: [c1]"),
         ["GL901", "total", "no column or group 'c8'"]),
        (("kind: pattern\n    forbid: ['XX']", "kind: pattern\n    forbid: ['XX']\n    require: ['YY']"),
         ["GL901", "exactly one of 'forbid' and 'require'"]),
        (("kind: pattern\n    forbid: ['XX']", "kind: pattern\n    require: ['XX']\n    scope: {section: s9}"),
         ["GL901", "scope", "unknown section 's9'"]),
        (("    severity: error\n", "    severity: error\n    severity: warning\n"), ["rules.yaml:", "duplicate key 'severity'"]),
        (("rules:", "rules:\n  - [1, 2]\n"), ["expected a mapping"]),
        (("    title: {zh: 测试, en: Test}\n", "    title: {zh: 测试, en: Test\n"), ["rules.yaml:", "invalid YAML"]),
    ],
)
def test_invalid_rules_are_reported_precisely(tmp_path: Path, pack, change, expected) -> None:  # type: ignore[no-untyped-def]
    old, new = change
    assert old in GOOD
    with pytest.raises(RuleErrors) as info:
        load(tmp_path, pack, GOOD.replace(old, new, 1))
    text = str(info.value)
    for fragment in expected:
        assert fragment in text, text


def test_error_names_the_line_of_the_bad_key(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleErrors) as info:
        load(tmp_path, pack, GOOD.replace("forbid: ['XX']", "forbid: ['XX']\n    forbidd: 1"))
    assert "rules.yaml:6" in str(info.value)


def test_all_errors_are_collected(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    second = GOOD.split("rules:\n", 1)[1].replace("GL901", "GL902").replace("test-rule", "test-two")
    text = GOOD.replace("{match}", "{nope}") + second.replace("kind: pattern", "kind: nope")
    with pytest.raises(RuleErrors) as info:
        load(tmp_path, pack, text)
    assert len(info.value.errors) == 2


def test_duplicate_codes_are_rejected(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    second = GOOD.split("rules:\n", 1)[1].replace("test-rule", "test-two")
    with pytest.raises(RuleErrors) as info:
        load(tmp_path, pack, GOOD + second)
    assert "'GL901' is already used" in str(info.value)
