"""Rule-author tooling: `govlint rules check DIR`, `govlint test DIR`, the rule-file JSON Schema,
and custom rule packs used by `govlint check`.

Every malformed rule file gives exit code 2 and a message naming its file, line and key, never
a traceback; warnings leave the exit code 0 unless --strict.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from govlint import api, rules_schema, yamlio
from govlint.config import Config
from govlint.errors import RuleErrors
from govlint.kinds.text import Pattern
from govlint.rulecheck import collect, regex_problems
from govlint.rulepack import load_pack, load_rule_files, packs_dir

ROOT = Path(__file__).resolve().parent.parent
PACKS = ROOT / "tests" / "fixtures" / "rulepacks"
PROVINCE = PACKS / "province"  # extra rules (config rule_paths), with fixture cases in tests/
WRONG = PACKS / "wrong-example"  # a rule whose examples are wrong
FULL = PACKS / "fullpack"  # a complete pack with its own pack.yaml (--pack FOLDER)
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None}


def run(*args: Any) -> Result:
    result = CliRunner(env=ENV).invoke(_main(), [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def _main() -> Any:
    from govlint.cli import main

    return main


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


GOOD = """\
rules:
  - code: JS901
    name: test-rule
    kind: pattern
    forbid: ['XX']
    severity: error
    title: {zh: 测试, en: Test}
    message: {zh: "发现“{match}”", en: "Found {match}"}
    description: {zh: 说明, en: Why}
    examples: {fail: "一、总体情况\\n本报告在XX网站下载。\\n", pass: "一、总体情况\\n本报告在网站下载。\\n"}
"""

T3_SUM = "kind: table_sum\n    table: t3\n    for_each: row\n    total: [c7]\n    parts: [c1]"

# (id, text replaced in GOOD, replacement, line, key path, words of the message)
MALFORMED = [
    ("unknown-key", "forbid: ['XX']", "forbid: ['XX']\n    forbidd: ['YY']", 6, "rules[0].forbidd",
     'unknown key (did you mean "forbid"?)'),
    ("unknown-envelope-key", "severity: error", "severty: error", 6, "rules[0].severty",
     'did you mean "severity"?'),
    ("duplicate-key", "    severity: error\n", "    severity: error\n    severity: warning\n", 7, "rules[0].severity",
     "duplicate key 'severity' (first on line 6)"),
    ("bad-severity", "severity: error", "severity: fatal", 6, "rules[0].severity", "must be one of error, warning"),
    ("bad-regex", "forbid: ['XX']", "forbid: ['XX', '(YY']", 5, "rules[0].forbid[1]", "invalid regular expression"),
    ("unknown-kind", "kind: pattern", "kind: patern", 4, "rules[0].kind", 'did you mean "pattern"?'),
    ("unknown-placeholder", "{match}”", "{matched}”", 8, "rules[0].message.zh", "unknown placeholder {matched}"),
    ("bad-format-string", "{match}”", "{match”", 8, "rules[0].message.zh", "bad message template"),
    ("unknown-placeholder-help", "    description:", "    help: {zh: 改正, en: 'Fix {nope}'}\n    description:", 9,
     "rules[0].help.en", "unknown placeholder {nope}"),
    ("missing-key", "    description: {zh: 说明, en: Why}\n", "", 2, "rules[0]", "missing required key 'description'"),
    ("missing-en", "title: {zh: 测试, en: Test}", "title: {zh: 测试}", 7, "rules[0].title", "missing required key 'en'"),
    ("text-not-string", "title: {zh: 测试, en: Test}", "title: {zh: 测试, en: [Test]}", 7, "rules[0].title.en",
     "expected a string"),
    ("reserved-prefix", "code: JS901", "code: GL901", 2, "rules[0].code", "reserved for govlint's own rules"),
    ("builtin-code", "code: JS901", "code: GL520", 2, "rules[0].code", "GL520 is template-placeholder"),
    ("builtin-name", "name: test-rule", "name: template-placeholder", 3, "rules[0].name",
     "is the name of built-in rule GL520"),
    ("bad-code", "code: JS901", "code: X1", 2, "rules[0].code", "code must look like GL301"),
    ("bad-name", "name: test-rule", "name: Test_Rule", 3, "rules[0].name", "kebab-case"),
    ("enabled-string", "severity: error", "severity: error\n    enabled: 'no'", 7, "rules[0].enabled",
     "expected true or false"),
    ("reference-list", "severity: error", "severity: error\n    reference: [a, b]", 7, "rules[0].reference",
     "expected a string"),
    ("min-zero", "forbid: ['XX']", "require: ['XX']\n    min: 0", 6, "rules[0].min", "must be at least 1"),
    ("min-too-large", "forbid: ['XX']", "require: ['XX']\n    min: 2", 6, "rules[0].min", "only 1 patterns"),
    ("min-chars-string", "forbid: ['XX']", "require: ['XX']\n    min_chars: abc", 6, "rules[0].min_chars",
     "expected an integer"),
    ("partial-string", "forbid: ['XX']", "require: ['XX']\n    partial: 'yes'", 6, "rules[0].partial",
     "expected true or false"),
    ("forbid-and-require", "forbid: ['XX']", "forbid: ['XX']\n    require: ['YY']", 2, "rules[0]",
     "exactly one of 'forbid' and 'require'"),
    ("unknown-section", "forbid: ['XX']", "forbid: ['XX']\n    scope: {section: s9}", 6, "rules[0].scope",
     "unknown section 's9'"),
    ("unknown-table", "kind: pattern\n    forbid: ['XX']", T3_SUM.replace("t3", "t9"), 5, "rules[0].table",
     "unknown table 't9'"),
    ("unknown-column", "kind: pattern\n    forbid: ['XX']", T3_SUM.replace("[c7]", "[c8]"), 7, "rules[0].total[0]",
     "no column or group 'c8'"),
    ("unknown-row", "kind: pattern\n    forbid: ['XX']",
     "kind: claim\n    pattern: '均已办结'\n    value: {table: t3, rows: [r99], columns: [c7]}", 6, "rules[0].value.rows[0]",
     "no row or group 'r99'"),
    ("cell-ref-key", "kind: pattern\n    forbid: ['XX']",
     "kind: percentages\n    totals: [{table: t3, rows: [r1], cols: [c7]}]", 5, "rules[0].totals[0].cols",
     'did you mean "columns"?'),
    ("unknown-fact", "kind: pattern\n    forbid: ['XX']", "kind: narrative\n    check: mismatch\n    facts: [nope]", 6,
     "rules[0].facts[0]", "unknown fact 'nope'"),
    ("bad-check", "kind: pattern\n    forbid: ['XX']", "kind: dates\n    check: perod", 5, "rules[0].check",
     'did you mean "period"?'),
    ("threshold-range", "kind: pattern\n    forbid: ['XX']", "kind: duplicates\n    mode: near\n    threshold: 2", 6,
     "rules[0].threshold", "must be between 0 and 1"),
    ("builtin-kind", "kind: pattern\n    forbid: ['XX']", "kind: builtin", 4, "rules[0].kind",
     "'builtin' kind is only for engine codes"),
    ("when-level", "severity: error", "severity: error\n    when: {level: [city]}", 7, "rules[0].when.level[0]",
     "must be one of province, prefecture, county, town"),
    ("when-year", "severity: error", "severity: error\n    when: {years: {min: '2021'}}", 7, "rules[0].when.years.min",
     "expected a year"),
    ("examples-type", 'examples: {fail: "一、总体情况\\n本报告在XX网站下载。\\n", ', "examples: {fail: 1, ", 10,
     "rules[0].examples.fail", "expected a string or a list of strings"),
    ("top-level-key", "rules:", "rule:", 1, "rule", 'did you mean "rules"?'),
    ("rules-not-list", "rules:\n  - code", "rules:\n    x:\n    code", 1, "rules", "expected a list"),
    ("rule-not-mapping", "rules:\n", "rules:\n  - [1, 2]\n", 2, "rules[0]", "expected a mapping"),
    ("yaml-syntax", "title: {zh: 测试, en: Test}", "title: {zh: 测试, en: Test", 8, "rules[0].title",
     "invalid YAML"),
    ("yaml-tab", "    severity: error\n", "\tseverity: error\n", 6, "rules[0]", "invalid YAML"),
    ("complex-key", "    severity: error\n", "    severity: error\n    ? [a, b]\n    : 1\n", 7, "rules[0]",
     "a key must be a plain string"),
]


def _pack(tmp_path: Path, text: str, name: str = "rules.yaml") -> Path:
    folder = tmp_path / "province"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_good_rule_file_passes_both_commands(tmp_path: Path) -> None:
    folder = _pack(tmp_path, GOOD)
    result = run("rules", "check", folder)
    assert result.exit_code == 0, result.output
    assert result.output == "1 rule in 1 file OK\n"
    result = run("test", folder)
    assert result.exit_code == 0, result.output
    assert "PASS JS901 test-rule (2 cases)" in result.output


@pytest.mark.parametrize(("old", "new", "line", "key", "words"), [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
def test_malformed_rule_files_exit_2_naming_file_line_and_key(tmp_path: Path, old: str, new: str, line: int,
                                                              key: str, words: str) -> None:
    assert old in GOOD
    folder = _pack(tmp_path, GOOD.replace(old, new, 1))
    path = folder / "rules.yaml"
    for command in (("rules", "check"), ("test",)):
        result = run(*command, folder)
        assert result.exit_code == 2, result.output
        errors = [row for row in result.output.splitlines() if row.startswith(f"{path}:")]
        assert any(row.startswith(f"{path}:{line}:") and f": {key}: " in row and words in row for row in errors), \
            result.output


def test_error_positions_have_the_column_of_the_key_or_element(tmp_path: Path) -> None:
    second = GOOD.split("rules:\n", 1)[1].replace("JS901", "JS902").replace("test-rule", "test-two")
    text = GOOD.replace("forbid: ['XX']", "forbid: ['XX', '(YY']") + second.replace("forbid: ['XX']", "forbidd: 1")
    output = run("rules", "check", _pack(tmp_path, text)).output
    path = tmp_path / "province" / "rules.yaml"
    assert f"{path}:5:20: rules[0].forbid[1]: invalid regular expression '(YY'" in output
    assert f"{path}:14:5: rules[1].forbidd: unknown key" in output


def test_every_error_is_reported_at_once(tmp_path: Path) -> None:
    second = GOOD.split("rules:\n", 1)[1].replace("JS901", "JS902").replace("test-rule", "test-two")
    text = GOOD.replace("{match}”", "{nope}”") + second.replace("kind: pattern", "kind: nope")
    result = run("rules", "check", _pack(tmp_path, text))
    assert result.exit_code == 2
    assert "rules[0].message.zh: unknown placeholder {nope}" in result.output
    assert "rules[1].kind: must be one of" in result.output
    assert "2 errors, 0 warnings" in result.output


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "province"
    folder.mkdir()
    (folder / "rules.yaml").write_bytes(GOOD.encode("gbk"))
    result = run("rules", "check", folder)
    assert result.exit_code == 2
    assert f"{folder / 'rules.yaml'}:7:" in result.output and "not UTF-8" in result.output


def test_codes_and_names_repeated_across_files(tmp_path: Path) -> None:
    folder = _pack(tmp_path, GOOD)
    (folder / "more.yaml").write_text(GOOD, encoding="utf-8")
    result = run("rules", "check", folder)
    assert result.exit_code == 2
    assert f"{folder / 'rules.yaml'}:2:5: rules[0].code: 'JS901' is already used by rules[0] in " \
           f"{folder / 'more.yaml'}:2" in result.output
    assert f"{folder / 'rules.yaml'}:3:5: rules[0].name: 'test-rule' is already used" in result.output


def test_an_error_only_one_template_gives_names_that_pack(tmp_path: Path) -> None:
    """Extra rules join every built-in pack, so they are checked with each pack's template."""
    text = GOOD.replace("kind: pattern\n    forbid: ['XX']",
                        "kind: table_value\n    value: {table: t2, rows: [rules], columns: [repealed]}")
    text = text.replace("{match}", "{value}")
    result = run("rules", "check", _pack(tmp_path, text))
    assert result.exit_code == 2
    assert "rules[0].value" in result.output and "[with the template of gov-2019]" in result.output


def test_an_exception_in_the_loader_is_a_message_not_a_traceback(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: Any) -> Any:
        raise KeyError("surprise")

    monkeypatch.setattr(Pattern, "from_params", classmethod(boom))
    result = run("rules", "check", _pack(tmp_path, GOOD))
    assert result.exit_code == 2
    assert f"{tmp_path / 'province' / 'rules.yaml'}:2:5: rules[0]: cannot load rule JS901: KeyError" in result.output


def test_no_rule_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("rules", "check", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no rule files (*.yaml) found" in result.output


def test_a_single_file_can_be_checked() -> None:
    result = run("rules", "check", PROVINCE / "wording.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("2 rules in 1 file OK\n")


# --------------------------------------------------------------------------- warnings


WARNED = """\
rules:
  - code: JS801
    name: boundary-rule
    kind: pattern
    forbid: ['\\b报告\\b', 'ok']
    severity: warning
    enabled: yes
    title: {zh: 测试, en: Test}
    message: {zh: "发现“{match}”", en: "Found {match}"}
    description: {zh: 说明, en: ""}
  - code: JS802
    name: empty-rule
    kind: pattern
    require: ['(?:公开)?']
    severity: warning
    title: {zh: 测试, en: Test}
    message: {zh: "缺少", en: "Missing"}
    description: {zh: 说明, en: Why}
    examples: {fail: "一、总体情况\\n本报告。\\n"}
"""


def test_lint_warnings_do_not_fail_unless_strict(tmp_path: Path) -> None:
    folder = _pack(tmp_path, WARNED)
    (folder / "old.yml").write_text("rules: []\n", encoding="utf-8")
    path = folder / "rules.yaml"
    result = run("rules", "check", folder)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"{path}:5:14: rules[0].forbid[0]: warning: '\\b' next to “报” never matches" in out
    assert f"{path}:14:15: rules[1].require[0]: warning: the pattern can match the empty string" in out
    assert f"{path}:2:5: rules[0]: warning: no fail example" in out
    assert f"{path}:19:5: rules[1].examples: warning: no pass example" in out
    assert f"{path}:7:5: rules[0].enabled: warning: YAML reads 'yes' as a boolean" in out
    assert f"{path}:10:5: rules[0].description: warning: empty en text" in out
    assert f"{folder / 'old.yml'}: warning: ignored: rule files are named *.yaml" in out
    assert out.endswith("2 rules in 1 file OK, 8 warnings\n")
    assert run("rules", "check", "--strict", folder).exit_code == 1


def test_fixture_cases_count_as_examples(tmp_path: Path) -> None:
    text = GOOD.replace('    examples: {fail: "一、总体情况\\n本报告在XX网站下载。\\n", pass: "一、总体情况\\n本报告在网站下载。\\n"}\n',
                        "")
    folder = _pack(tmp_path, text)
    assert "no fail example" in run("rules", "check", folder).output
    for kind, body in (("fail", "一、总体情况\n本报告在XX网站下载。\n"), ("pass", "一、总体情况\n本报告在网站下载。\n")):
        case = folder / "tests" / "JS901" / kind
        case.mkdir(parents=True)
        (case / "doc.txt").write_text(body, encoding="utf-8")
    result = run("rules", "check", folder)
    assert result.output == "1 rule in 1 file OK\n"
    result = run("test", folder)
    assert result.exit_code == 0 and "PASS JS901 test-rule (2 cases)" in result.output


@pytest.mark.parametrize(("pattern", "warned"), [
    (r"\b报告", "'\\b' next to “报”"),
    (r"[\u4e00-\u9fff]+\b", "'\\b' next to"),
    (r"(?:年度|季度)\b", "'\\b' next to"),
    (r"\bXX\b", ""),
    (r"报告\s*\bXX", ""),
    (r"(?:公开)?", "empty string"),
    (r"(?=公开)", "empty string"),
    (r"^|公开", "empty string"),
    (r"公开+", ""),
])
def test_regex_problems(pattern: str, warned: str) -> None:
    problems = " ".join(regex_problems(pattern))
    assert (warned in problems) if warned else not problems, problems


def test_the_builtin_rules_check_clean() -> None:
    codes = sum(len(yamlio.load(p).get("rules", [])) for p in packs_dir().glob("*/*.yaml")
                if p.name != "pack.yaml" and not p.name.startswith("template"))
    result = run("rules", "check", "rules/")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{codes} rules in 10 files OK\n"), result.output
    assert run("rules", "check", "--strict", "rules/common/text.yaml").exit_code == 0


# --------------------------------------------------------------------------- govlint test


def test_govlint_test_on_a_good_custom_pack() -> None:
    result = run("test", PROVINCE)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "PASS JS001 js-old-portal-name (4 cases)",
        "PASS JS002 js-public-evaluation (4 cases)",
        "2 rules: 2 passed, 0 failed (8 cases, 0 failed)",
    ]


def test_govlint_test_shows_diffs_for_wrong_examples() -> None:
    result = run("test", WRONG)
    assert result.exit_code == 1
    path = "tests/fixtures/rulepacks/wrong-example/rules.yaml"
    assert result.output.splitlines() == [
        "FAIL JS101 js-word-order (2 cases of 2 failed)",
        f"  examples.fail ({path}:13): expected a JS101 finding, got none (checked with pack gov-2021)",
        "    --- expected",
        "    +++ actual",
        "    @@ -1 +0,0 @@",
        "    -JS101 (at least one finding)",
        f"  examples.pass ({path}:16): reported JS101 on a document it must pass (checked with pack gov-2021)",
        "    --- expected",
        "    +++ actual",
        "    @@ -0,0 +1 @@",
        "    +JS101 line 2: “公开信息政府”词序颠倒",
        "1 rule: 0 passed, 1 failed (2 cases, 2 failed)",
    ]


def test_govlint_test_compares_expected_findings(tmp_path: Path) -> None:
    folder = tmp_path / "province"
    shutil.copytree(PROVINCE, folder)
    expected = folder / "tests" / "JS001" / "fail" / "portal.expected"
    expected.write_text(expected.read_text(encoding="utf-8").replace("line 4", "line 5"), encoding="utf-8")
    result = run("test", "--select", "JS001", folder)
    assert result.exit_code == 1
    assert f"  {folder / 'tests/JS001/fail/portal.txt'}: the findings differ from {expected}" in result.output
    assert "    -JS001 line 5: “江苏政府门户网站”是旧称" in result.output
    assert "    +JS001 line 4: “江苏政府门户网站”是旧称" in result.output
    assert "JS002" not in result.output


def test_govlint_test_in_english(tmp_path: Path) -> None:
    folder = tmp_path / "province"
    shutil.copytree(PROVINCE, folder)
    (folder / "tests" / "JS001" / "fail" / "portal.expected").unlink()
    result = run("test", "--lang", "en", folder)
    assert result.exit_code == 0, result.output


def test_a_rule_that_crashes_fails_its_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: Any) -> Any:
        raise RuntimeError("kaput")

    monkeypatch.setattr(Pattern, "check", boom)
    result = run("test", "--select", "JS001", PROVINCE)
    assert result.exit_code == 1
    assert "examples.fail (tests/fixtures/rulepacks/province/wording.yaml:21): JS001 failed while checking" \
        in result.output
    assert "+GL002 line 1: 规则 JS001 运行出错" in result.output


@pytest.mark.parametrize(("entry", "words"), [
    ("JS009/fail/a.txt", "no rule JS009 among the rules checked (did you mean"),
    ("JS001/fial/a.txt", "unexpected entry: a rule's cases are in 'fail' and 'pass' folders (did you mean \"fail\"?)"),
    ("JS001/pass/a.expected", "a pass case gives no findings"),
])
def test_bad_fixture_layouts_are_errors(tmp_path: Path, entry: str, words: str) -> None:
    folder = tmp_path / "province"
    shutil.copytree(PROVINCE, folder)
    target = folder / "tests" / entry
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("一、总体情况\n", encoding="utf-8")
    for command in (("rules", "check"), ("test",)):
        result = run(*command, folder)
        assert result.exit_code == 2
        assert words in result.output


def test_govlint_test_on_the_builtin_rules() -> None:
    result = run("test", "rules/")
    assert result.exit_code == 0, result.output
    last = result.output.splitlines()[-1]
    assert " 0 failed, " in last and last.endswith(", 0 failed)"), last
    assert "FAIL" not in result.output
    assert "PASS GL301 table3-row-total" in result.output


def test_govlint_test_on_a_copy_of_the_builtin_packs(tmp_path: Path) -> None:
    """Folders with pack.yaml (a fork of the built-in packs): each example is checked with the
    pack of its format, as `govlint check --pack FOLDER` would check it."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    assert collect(tmp_path / "rules").mode == "packs"
    assert run("rules", "check", tmp_path / "rules").exit_code == 0
    result = run("test", "--quiet", tmp_path / "rules")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith(", 0 failed)")


def test_govlint_test_on_a_complete_pack() -> None:
    result = run("test", FULL)
    assert result.exit_code == 0, result.output
    assert "PASS JS201 js-placeholder (2 cases)" in result.output


# --------------------------------------------------------------------------- custom packs in govlint check


PORTAL = PROVINCE / "tests" / "JS001" / "fail" / "portal.txt"


def test_extra_rules_through_the_library() -> None:
    result = api.check_text(PORTAL.read_text(encoding="utf-8"), config=Config(rule_paths=(str(PROVINCE),)))
    assert [f.line for f in result.findings if f.code == "JS001"] == [2, 4]


def test_extra_rules_through_config_rule_paths(tmp_path: Path) -> None:
    shutil.copytree(PROVINCE, tmp_path / "rules-js")
    (tmp_path / ".govlint.yaml").write_text("rule_paths: [rules-js]\nselect: [JS]\n", encoding="utf-8")
    shutil.copy(PORTAL, tmp_path / "report.txt")
    result = run("check", "--format", "json", tmp_path / "report.txt")
    assert result.exit_code == 0, result.output  # JS001 is a warning, JS002 info
    found = [(f["code"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("JS002", 1), ("JS001", 2), ("JS001", 4)]


def test_a_complete_pack_folder_with_pack_option(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("一、总体情况\n某某局认真落实条例要求。\n", encoding="utf-8")
    result = run("check", "--format", "json", "--pack", FULL, report)
    assert result.exit_code == 1, result.output
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["JS201"]


def test_collect_knows_what_a_folder_holds() -> None:
    assert collect(PROVINCE).mode == "extra"
    assert collect(FULL).mode == "packs"
    assert collect("rules/common").mode == "builtin"
    content = collect("rules/gov-2021/content.yaml")
    assert content.sources and all(s.path.name == "content.yaml" for s in content.sources)
    assert content.files == [s.path for s in content.sources][:1]


# --------------------------------------------------------------------------- JSON Schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(rules_schema.SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _json(data: Any) -> Any:
    return json.loads(json.dumps(data))


def test_shipped_schema_is_generated_from_the_code() -> None:
    assert rules_schema.SHIPPED.read_text(encoding="utf-8") == rules_schema.render(), \
        f"govlint/schemas/rules.schema.json is out of date; regenerate it: {rules_schema.REGENERATE}"


def test_schema_module_prints_the_schema() -> None:
    proc = subprocess.run([sys.executable, "-m", "govlint.rules_schema"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, check=True)
    assert proc.stdout == rules_schema.SHIPPED.read_text(encoding="utf-8")


def test_schema_describes_every_kind_parameter() -> None:
    from govlint.kinds import KINDS

    shapes = rules_schema.param_schemas()
    assert {k: set(v) for k, v in shapes.items()} == {k: set(c.params) for k, c in KINDS.items()}


def test_builtin_rule_files_conform_to_the_schema() -> None:
    validator = _validator()
    files = [p for p in sorted(packs_dir().glob("*/*.yaml")) if p.name != "pack.yaml"
             and not p.name.startswith("template")]
    assert len(files) >= 10
    for path in files:
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(_json(yamlio.load(path)))]
        assert not errors, (path, errors[:5])
    for path in (PROVINCE / "wording.yaml", FULL / "own.yaml", WRONG / "rules.yaml"):
        assert not list(validator.iter_errors(_json(yamlio.load(path)))), path


# Malformed files that are template-independent: both the schema and the loader reject them.
SCHEMA_REJECTS = [m for m in MALFORMED if m[0] in {
    "unknown-key", "unknown-envelope-key", "bad-severity", "bad-regex", "unknown-kind", "unknown-placeholder",
    "bad-format-string", "unknown-placeholder-help", "missing-key", "missing-en", "text-not-string", "bad-code",
    "bad-name", "enabled-string", "reference-list", "min-zero", "min-chars-string", "partial-string",
    "forbid-and-require", "cell-ref-key", "bad-check", "threshold-range", "builtin-kind", "when-level", "when-year",
    "examples-type", "top-level-key", "rules-not-list", "rule-not-mapping"}]


@pytest.mark.parametrize(("old", "new"), [m[1:3] for m in SCHEMA_REJECTS], ids=[m[0] for m in SCHEMA_REJECTS])
def test_malformed_files_are_rejected_by_schema_and_loader(tmp_path: Path, old: str, new: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert list(_validator().iter_errors(_json(yamlio.loads(text)))), "the schema accepted it"
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    assert run("rules", "check", path).exit_code == 2


def test_the_good_file_conforms_to_the_schema() -> None:
    assert not list(_validator().iter_errors(_json(yamlio.loads(GOOD))))


MINIMAL = {
    "sections": {"check": "missing"},
    "table_sum": {"table": "t3", "for_each": "row", "total": ["c7"], "parts": ["c1"]},
    "table_cells": {},
    "table_extraction": {"check": "absent"},
    "duplicates": {"mode": "exact"},
    "narrative": {"check": "mismatch"},
    "dates": {"check": "period"},
}


def _enum_params() -> list[tuple[str, str, str]]:
    out = []
    for kind, params in rules_schema.param_schemas().items():
        for param, shape in params.items():
            shape = shape["anyOf"][0] if "anyOf" in shape else shape
            out += [(kind, param, value) for value in shape.get("enum", [])]
    return out


@pytest.mark.parametrize(("kind", "param", "value"), _enum_params())
def test_schema_enums_agree_with_the_loader(tmp_path: Path, kind: str, param: str, value: str) -> None:
    """Every value the schema allows loads; a value it does not allow fails to load."""
    pack = load_pack("gov-2021")
    for candidate, ok in ((value, True), (value + "-bogus", False)):
        params = {**MINIMAL.get(kind, {}), param: candidate}
        if kind == "table_sum" and param == "for_each" and candidate == "column":
            params.update(total=["r1"], parts=["r2"])
        rule = {"code": "JS999", "name": "probe", "kind": kind, "severity": "info", "title": "t",
                "message": "m", "description": "d", **params}
        path = tmp_path / "probe.yaml"
        path.write_text(json.dumps({"rules": [rule]}, ensure_ascii=False), encoding="utf-8")
        assert bool(list(_validator().iter_errors({"rules": [rule]}))) != ok, (candidate, "schema")
        if ok:
            load_rule_files([path], pack.template)
        else:
            with pytest.raises(RuleErrors):
                load_rule_files([path], pack.template)
