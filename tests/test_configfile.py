"""Configuration files: `.govlint.yaml` / `.govlint.yml` (nearest to each report wins) and
`[tool.govlint]` in `pyproject.toml`; validation errors (file, line, key, did-you-mean, exit 2,
never a traceback); `extends` and presets; precedence flag > config > default; `govlint config
show`, `govlint init`; the shipped JSON Schema; reports read from standard input.

Every test works in its own `tmp_path` with copies of the example reports. Waivers and the
baseline are only checked for their validation errors here, not for their effect.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govlint import configfile
from govlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA_FILE = ROOT / "govlint" / "schemas" / "config.schema.json"

ROW_TOTAL = "2023_defect_table3_row_total.txt"  # GL301 table3-row-total + GL302 table3-result-total (errors)
BALANCE = "2023_defect_table3_balance.txt"  # GL303 (error)
FEE = "2023_defect_fee_missing.txt"  # GL511 (warning only)
CLEAN = "2023_clean.txt"

# Deterministic console: no colours, 80 columns.
ENV = {"COLUMNS": "80", "LINES": "25", "FORCE_COLOR": None, "NO_COLOR": "1", "TTY_COMPATIBLE": None,
       "TTY_INTERACTIVE": None, "CLICOLOR_FORCE": None}

# Two rules of our own, both off by default, for extend_select / rule_paths.
RULE_FILE = """\
rules:
  - code: {code}
    name: {name}
    kind: pattern
    forbid: ['青山市']
    severity: warning
    enabled: false
    title: {{zh: 城市名, en: City name}}
    message: {{zh: "城市名“{{match}}”", en: "City name “{{match}}”"}}
    help: {{zh: 无, en: none}}
    description: {{zh: 测试规则, en: A test rule}}
"""


@pytest.fixture(autouse=True)
def _fresh_config_caches() -> Any:
    """configfile caches discovery and loading for the life of the process (one CLI run); the
    tests run many CLI invocations in one process, on different folders, so start each afresh."""
    configfile.clear_caches()
    yield
    configfile.clear_caches()


def run(*args: Any, input: bytes | str | None = None) -> Result:
    """`govlint ARGS` in-process, as a fresh process would run it (config caches cleared);
    exceptions are caught so a crash shows as a failed assertion."""
    configfile.clear_caches()
    runner = CliRunner(env=ENV)
    return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=True)


def crash(result: Result) -> str:
    """The traceback of an unexpected exception in `result`, or ''."""
    if result.exception is None or isinstance(result.exception, SystemExit):
        return ""
    return "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]


def ok(result: Result, *codes: int) -> Result:
    """Assert the run ended with one of `codes` and without a crash."""
    assert not crash(result), crash(result)
    assert result.exit_code in codes, (result.exit_code, result.output)
    return result


def write(root: Path, files: dict[str, str]) -> None:
    """Write files under `root`; a value naming an example report copies it."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content in (ROW_TOTAL, BALANCE, FEE, CLEAN):
            shutil.copyfile(EXAMPLES / content, path)
        else:
            path.write_text(content, encoding="utf-8")


def check_json(*args: Any, input: bytes | None = None) -> tuple[Result, dict[str, Any]]:
    result = ok(run("check", "--output-format", "json", "--no-cache", *args, input=input), 0, 1)
    return result, json.loads(result.stdout)


def found(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, code) of the findings, in output order (each pair once)."""
    return list(dict.fromkeys((f["path"], f["code"]) for f in data["findings"]))


def codes(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"]}


def shown(result: Result) -> dict[str, tuple[Any, str]]:
    """`govlint config show` output: key → (value, source)."""
    out: dict[str, tuple[Any, str]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, _, rest = line.partition(": ")
        value, _, source = rest.rpartition("  # ")
        out[key] = (json.loads(value), source)
    return out


def files_read(result: Result) -> list[str]:
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("# files read"))
    listed = line.split(": ", 1)[1]
    return [] if listed == "none" else listed.split(", ")


def rules(root: Path, folder: str, code: str, name: str) -> None:
    write(root, {f"{folder}/{name}.yaml": RULE_FILE.format(code=code, name=name)})


# =========================================================================== malformed config files
#
# Each case: files to write next to a copy of ROW_TOTAL (r.txt), the config file the message
# must name, its line, the key (None: a syntax error has none), other text the message must
# contain, and extra arguments to `govlint check r.txt`.

PROJECT = '[project]\nname = "demo"\nversion = "1.0"\n\n[tool.govlint]\n'  # [tool.govlint] on line 5


NO_LINE = "the message names no line number"
TOML_LINES = ("configfile._read_pyproject: the '^\\s*' of its header and key patterns also matches newlines, so "
              "blank lines before [tool.govlint] or before a key, and the first key after the header, are "
              "counted on the wrong (earlier) line")


def case(id: str, files: dict[str, str], cfg: str, line: int, key: str | None, *extra: str,
         args: tuple[str, ...] = (), marks: Any = ()) -> Any:
    return pytest.param(files, cfg, line, key, extra, args, id=id, marks=marks)


Y = ".govlint.yaml"
MALFORMED = [
    # --- keys and syntax
    case("unknown-key", {Y: "fail_on: error\nselct: [GL301]\n"}, Y, 2, "selct", 'did you mean "select"'),
    case("unknown-key-no-suggestion", {Y: "lang: zh\nwhatever: 1\n"}, Y, 2, "whatever", "unknown key"),
    case("unknown-key-yml", {".govlint.yml": "lang: zh\nfailon: warning\n"}, ".govlint.yml", 2, "failon",
         'did you mean "fail_on"'),
    case("unknown-waiver-key", {Y: "waivers:\n  - rule: GL301\n    reason: known\n    pth: a.txt\n"}, Y, 4, "pth",
         'did you mean "path"'),
    case("duplicate-key", {Y: "lang: zh\nfail_on: error\nlang: en\n"}, Y, 3, "lang", "duplicate", "line 1"),
    case("yaml-syntax-flow", {Y: "lang: zh\nselect: [GL301\nfail_on: error\n"}, Y, 3, None, "invalid YAML"),
    case("yaml-syntax-tab", {Y: "select: [GL301]\n\tbad\n"}, Y, 2, None, "invalid YAML"),
    case("top-level-list", {Y: "- select\n- GL301\n"}, Y, 1, None, "mapping", "list"),
    # --- wrong types and values
    case("select-number", {Y: "lang: zh\nselect: 5\n"}, Y, 2, "select", "list of strings"),
    case("select-item-number", {Y: "select: [GL301, 5]\n"}, Y, 1, "select", "list of strings"),
    case("extend-select-mapping", {Y: "extend_select: {GL301: 1}\n"}, Y, 1, "extend_select", "list of strings"),
    case("ignore-blank", {Y: "ignore: ['  ']\n"}, Y, 1, "ignore", "list of strings"),
    case("jobs-zero", {Y: "jobs: 0\n"}, Y, 1, "jobs", "got 0"),
    case("jobs-many", {Y: "lang: zh\njobs: many\n"}, Y, 2, "jobs", "'many'", "auto"),
    case("jobs-bool", {Y: "jobs: true\n"}, Y, 1, "jobs"),
    case("timeout-negative", {Y: "timeout: -1\n"}, Y, 1, "timeout", "positive"),
    case("timeout-string", {Y: "timeout: soon\n"}, Y, 1, "timeout", "positive"),
    case("fail-on-sometimes", {Y: "fail_on: sometimes\n"}, Y, 1, "fail_on", "'sometimes'", "never"),
    case("lang-fr", {Y: "lang: fr\n"}, Y, 1, "lang", "'fr'", "zh, en"),
    case("output-format-xml", {Y: "output_format: xml\n"}, Y, 1, "output_format", "'xml'", "json"),
    case("pack-number", {Y: "pack: 2021\n"}, Y, 1, "pack", "string"),
    case("warn-unused-string", {Y: "warn_unused_suppressions: 'yes'\n"}, Y, 1, "warn_unused_suppressions",
         "true or false"),
    case("exclude-number", {Y: "exclude: 5\n"}, Y, 1, "exclude", "list of strings"),
    case("severity-fatal", {Y: "severity:\n  GL301: fatal\n"}, Y, 2, "severity.GL301", "'fatal'",
         "error, warning, info, off"),
    case("severity-typo", {Y: "severity:\n  GL302: warnng\n"}, Y, 2, "severity.GL302", 'did you mean "warning"'),
    case("severity-not-mapping", {Y: "lang: zh\nseverity: [GL301]\n"}, Y, 2, "severity", "mapping"),
    case("per-file-ignores-not-mapping", {Y: "per_file_ignores: ['*.txt']\n"}, Y, 1, "per_file_ignores", "mapping"),
    case("per-file-ignores-value-not-list", {Y: "per_file_ignores:\n  '*.txt': 5\n"}, Y, 2,
         "per_file_ignores.*.txt", "list of strings"),
    case("waivers-not-list", {Y: "waivers: GL301\n"}, Y, 1, "waivers", "list"),
    case("waiver-not-mapping", {Y: "lang: zh\nwaivers:\n  - GL301\n"}, Y, 2, "waivers", "mapping"),
    case("waiver-missing-reason", {Y: "waivers:\n  - rule: GL301\n    path: r.txt\n"}, Y, 2, "waivers[0]",
         "reason"),
    case("waiver-empty-reason", {Y: "waivers:\n  - rule: GL301\n    reason: '  '\n"}, Y, 3, "reason", "non-empty"),
    case("waiver-missing-rule", {Y: "waivers:\n  - reason: known\n"}, Y, 2, "waivers[0]", "rule"),
    case("waiver-rule-number", {Y: "waivers:\n  - rule: 301\n    reason: known\n"}, Y, 2, "rule"),
    case("waiver-path-number", {Y: "waivers:\n  - rule: GL301\n    reason: known\n    path: 5\n"}, Y, 4, "path"),
    case("waiver-bad-expires", {Y: "waivers:\n  - rule: GL301\n    reason: known\n    expires: soon\n"}, Y, 4,
         "expires", "2026-12-31"),
    case("waiver-impossible-date", {Y: "waivers:\n  - rule: GL301\n    reason: known\n    expires: 2026-13-45\n"},
         Y, 4, "expires"),
    case("waiver-feb-30", {Y: "waivers:\n  - rule: GL301\n    reason: known\n    expires: 2026-02-30\n"},
         Y, 4, "expires"),
    case("baseline-empty", {Y: "baseline: ''\n"}, Y, 1, "baseline", "file name"),
    case("baseline-number", {Y: "lang: zh\nbaseline: 5\n"}, Y, 2, "baseline", "file name"),
    case("rule-paths-missing", {Y: "lang: zh\nrule_paths: [provincial]\n"}, Y, 2, "rule_paths", "provincial"),
    # --- extends
    case("extends-number", {Y: "extends: 5\n"}, Y, 1, "extends", "list of strings"),
    case("extends-missing-file", {Y: "lang: zh\nextends: [base.yaml]\n"}, Y, 2, "extends", "base.yaml"),
    case("extends-unknown-preset", {Y: "extends: govlint:strct\n"}, Y, 1, "extends", "govlint:strct",
         "did you mean", "strict"),
    case("extends-cycle", {Y: "extends: b.yaml\n", "b.yaml": "lang: zh\nextends: .govlint.yaml\n"}, "b.yaml", 2,
         "extends", "circular", ".govlint.yaml"),
    case("extends-self", {Y: "extends: .govlint.yaml\n"}, Y, 1, "extends", "circular"),
    case("error-in-parent", {Y: "extends: base.yaml\n", "base.yaml": "fail_on: error\nlang: fr\n"}, "base.yaml",
         2, "lang", "'fr'"),
    # --- rule codes and names, checked against the pack
    case("select-unknown-code", {Y: "lang: zh\nselect: [GL3O1]\n"}, Y, 2, "select", "GL3O1",
         'did you mean "GL301"'),
    case("ignore-unknown-name", {Y: "ignore: [table3-row-totl]\n"}, Y, 1, "ignore", 'did you mean "table3-row-total"'),
    case("extend-select-unknown", {Y: "fail_on: error\nextend_select: [GL3O2]\n"}, Y, 2, "extend_select",
         'did you mean "GL302"'),
    case("severity-unknown-rule", {Y: "lang: zh\nseverity:\n  GL3O1: info\n"}, Y, 2, "severity",
         'did you mean "GL301"'),
    case("per-file-ignores-unknown-rule", {Y: "lang: zh\nper_file_ignores:\n  '*.txt': [GL3O1]\n"}, Y, 2,
         "per_file_ignores", 'did you mean "GL301"'),
    case("waiver-unknown-rule", {Y: "lang: zh\nwaivers:\n  - rule: GL3O1\n    reason: known\n"}, Y, 2, "waivers",
         'did you mean "GL301"'),
    case("inherited-unknown-rule", {Y: "extends: base.yaml\nextend_select: [GL302]\n",
                                    "base.yaml": "extend_select: [GL3O1]\n"}, "base.yaml", 1, "extend_select",
         'did you mean "GL301"'),
    case("config-flag", {"cfg/strict.yaml": "fail_on: error\nselect: GL3O1\n"}, "cfg/strict.yaml", 2, "select",
         'did you mean "GL301"', args=("--config", "cfg/strict.yaml")),
    # --- pyproject.toml [tool.govlint]
    case("toml-unknown-key", {"pyproject.toml": PROJECT + 'fail_on = "error"\nselct = ["GL301"]\n'},
         "pyproject.toml", 7, "selct", 'did you mean "select"'),
    case("toml-jobs-zero", {"pyproject.toml": PROJECT + "jobs = 0\n"}, "pyproject.toml", 6, "jobs"),
    case("toml-output-format", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\noutput_format = "xml"\n'},
         "pyproject.toml", 3, "output_format", "'xml'"),
    case("toml-timeout", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\n\ntimeout = -1\n[tool.other]\nx = 1\n'},
         "pyproject.toml", 4, "timeout", "positive"),
    case("toml-unknown-rule", {"pyproject.toml": PROJECT + 'lang = "zh"\nselect = ["GL3O1"]\n'},
         "pyproject.toml", 7, "select", 'did you mean "GL301"'),
    case("toml-unknown-rule-ignore", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\nignore = ["GL3O2"]\n'},
         "pyproject.toml", 3, "ignore", 'did you mean "GL302"'),
    case("toml-severity-table", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\n\n[tool.govlint.severity]\n'
                                                   'GL301 = "fatal"\n'},
         "pyproject.toml", 4, "severity.GL301", "'fatal'"),  # the line of the [tool.govlint.severity] header
    case("toml-severity-inline", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\nseverity = { GL301 = "warnng" }\n'},
         "pyproject.toml", 3, "severity.GL301", 'did you mean "warning"'),
    case("toml-per-file-ignores", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\n'
                                                     'per_file_ignores = { "*.txt" = 5 }\n'},
         "pyproject.toml", 3, "per_file_ignores", "list of strings"),
    case("toml-waiver-missing-reason", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\n\n[[tool.govlint.waivers]]\n'
                                                          'rule = "GL301"\n'},
         "pyproject.toml", 4, "waivers[0]", "reason"),
    case("toml-syntax", {"pyproject.toml": '[tool.govlint]\nlang = "zh\n'}, "pyproject.toml", 2, None,
         "invalid TOML"),
    case("toml-duplicate-key", {"pyproject.toml": '[tool.govlint]\nlang = "zh"\nlang = "en"\n'}, "pyproject.toml",
         3, "lang", "invalid TOML"),
    case("toml-table-not-mapping", {"cfg/pyproject.toml": "[tool]\ngovlint = 5\n"}, "cfg/pyproject.toml", 2,
         "govlint", "table", args=("--config", "cfg/pyproject.toml")),
    case("toml-tool-not-table", {"cfg/pyproject.toml": 'tool = "x"\n'}, "cfg/pyproject.toml", 1, "tool",
         args=("--config", "cfg/pyproject.toml")),
]


@pytest.mark.parametrize(("files", "cfg", "line", "key", "extra", "args"), MALFORMED)
def test_malformed_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], cfg: str,
                          line: int, key: str | None, extra: tuple[str, ...], args: tuple[str, ...]) -> None:
    write(tmp_path, {"r.txt": ROW_TOTAL, **files})
    monkeypatch.chdir(tmp_path)
    result = run("check", *args, "r.txt")
    assert not crash(result), crash(result)
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    message = result.stderr
    path = str((tmp_path / cfg).resolve())
    assert path in message, message
    where = re.escape(path) + r"(?: \[tool\.govlint\])?"
    assert re.search(rf"{where}:{line}:", message) or re.search(rf"{where}: .*\(at line {line},", message), message
    if key is not None:
        assert key in message.split(path, 1)[1], message
    for text in extra:
        assert text in message, message
    assert result.stdout == ""  # nothing reported: the run stopped before reading any report


def test_malformed_config_count() -> None:
    assert len(MALFORMED) >= 30


def test_malformed_config_real_process(tmp_path: Path) -> None:
    """End to end in a real process: exit code 2, one line on stderr, no traceback."""
    write(tmp_path, {"r.txt": ROW_TOTAL, Y: "lang: zh\nselct: [GL301]\n"})
    proc = subprocess.run([sys.executable, "-m", "govlint", "check", "r.txt"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip() == (f"govlint: {(tmp_path / Y).resolve()}:2: selct: unknown key "
                                   '(did you mean "select"?)')


@pytest.mark.parametrize("command", [("config", "show"), ("config", "show", "r.txt")])
def test_config_show_broken_config_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           command: tuple[str, ...]) -> None:
    write(tmp_path, {"r.txt": ROW_TOTAL, Y: "lang: zh\nfail_on: sometimes\n"})
    monkeypatch.chdir(tmp_path)
    result = ok(run(*command), 2)
    assert f"{(tmp_path / Y).resolve()}:2: fail_on:" in result.stderr


def test_config_show_unknown_rule_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "select: [GL3O1]\n"})
    monkeypatch.chdir(tmp_path)
    result = ok(run("config", "show"), 2)
    assert f"{(tmp_path / Y).resolve()}:1: select: unknown rule code or name 'GL3O1'" in result.stderr


def test_broken_config_elsewhere_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken config file in a folder no checked report is in does not matter; with --no-config
    even the one that applies is not read."""
    write(tmp_path, {"a/r.txt": CLEAN, "b/.govlint.yaml": "lang: fr\n", "b/r.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    ok(run("check", "a/r.txt"), 0)
    ok(run("check", "b/r.txt"), 2)
    ok(run("check", "--no-config", "b/r.txt"), 0)


@pytest.mark.parametrize(("args", "message"), [
    (("--select", "GL3O1"), 'did you mean "GL301"'),
    (("--ignore", "table3-row-totl"), 'did you mean "table3-row-total"'),
    (("--extend-select", "GL3O2"), 'did you mean "GL302"'),
    (("-j", "many"), "--jobs"),
    (("-j", "0"), "--jobs"),
    (("--timeout", "0"), "--timeout"),
    (("--fail-on", "sometimes"), "--fail-on"),
    (("--lang", "fr"), "--lang"),
    (("--output-format", "xml"), "--output-format"),
    (("--config", "missing.yaml"), "missing.yaml"),
])
def test_bad_flags_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
                          message: str) -> None:
    write(tmp_path, {"r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("check", *args, "r.txt"), 2)
    assert message in result.stderr
    assert "Traceback" not in result.output


# =========================================================================== discovery


def test_nearest_config_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "select: [GL301]\n", "r.txt": ROW_TOTAL,
                     "sub/.govlint.yaml": "select: [GL302]\n", "sub/r.txt": ROW_TOTAL,
                     "sub/deeper/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    _, data = check_json(".")
    assert found(data) == [("r.txt", "GL301"), ("sub/deeper/r.txt", "GL302"), ("sub/r.txt", "GL302")]


def test_sibling_folders_in_one_run_each_get_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a/.govlint.yaml": "select: [GL301]\n", "a/r.txt": ROW_TOTAL, "a/s.txt": BALANCE,
                     "b/.govlint.yaml": "select: [table3-result-total, GL303]\n", "b/r.txt": ROW_TOTAL,
                     "b/s.txt": BALANCE})
    monkeypatch.chdir(tmp_path)
    _, one = check_json("-j", "1", ".")
    assert found(one) == [("a/r.txt", "GL301"), ("b/r.txt", "GL302"), ("b/s.txt", "GL303")]
    _, two = check_json("-j", "2", "b", "a")
    assert found(two) == [("b/r.txt", "GL302"), ("b/s.txt", "GL303"), ("a/r.txt", "GL301")]
    _, two_sorted = check_json("-j", "2", ".")
    assert two_sorted["findings"] == one["findings"]
    assert two_sorted["summary"] == one["summary"]


def test_yml_name_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".govlint.yml": "select: [GL302]\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert codes(check_json("r.txt")[1]) == {"GL302"}


def test_yaml_wins_over_yml_in_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {".govlint.yml": "select: [GL302]\n", Y: "select: [GL301]\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert codes(check_json("r.txt")[1]) == {"GL301"}


def test_pyproject_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyproject.toml [tool.govlint] applies where no .govlint.yaml is nearer; a .govlint.yaml in
    the same folder wins over it; a pyproject.toml without the table is passed over."""
    write(tmp_path, {"pyproject.toml": PROJECT + 'select = ["GL302"]\n',
                     "a/.govlint.yaml": "select: [GL301]\n", "a/r.txt": ROW_TOTAL,
                     "b/r.txt": ROW_TOTAL,
                     "c/pyproject.toml": '[project]\nname = "c"\n', "c/r.txt": ROW_TOTAL,
                     "d/pyproject.toml": '[tool.govlint]\nselect = ["GL303"]\n', "d/.govlint.yaml": "select: [GL301]\n",
                     "d/r.txt": ROW_TOTAL, "d/s.txt": BALANCE})
    monkeypatch.chdir(tmp_path)
    _, data = check_json(".")
    assert found(data) == [("a/r.txt", "GL301"), ("b/r.txt", "GL302"), ("c/r.txt", "GL302"), ("d/r.txt", "GL301")]


def test_nearer_pyproject_wins_over_farther_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "select: [GL301]\n", "sub/pyproject.toml": '[tool.govlint]\nselect = ["GL302"]\n',
                     "sub/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert codes(check_json("sub/r.txt")[1]) == {"GL302"}


def test_pyproject_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"pyproject.toml": PROJECT + 'fail_on = "never"\noutput_format = "json"\n'
                                                 'ignore = ["GL302"]\n\n[tool.govlint.severity]\nGL301 = "info"\n'
                                                 "\n[tool.other]\nselect = 5\n",
                     "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("check", "--no-cache", "r.txt"), 0)
    data = json.loads(result.stdout)
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("GL301", "info")]


def test_config_flag_overrides_discovery_for_all_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "select: [GL301]\n", "a/.govlint.yaml": "select: [GL302]\n", "a/r.txt": ROW_TOTAL,
                     "b/r.txt": ROW_TOTAL, "b/s.txt": BALANCE, "cfg/only303.yaml": "select: [GL303]\nfail_on: never\n"})
    monkeypatch.chdir(tmp_path)
    result, data = check_json("--config", "cfg/only303.yaml", ".")
    assert found(data) == [("b/s.txt", "GL303")]
    assert result.exit_code == 0  # fail_on: never from the --config file


def test_empty_and_comment_only_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty .govlint.yaml is a config file (it stops the search upwards) that sets nothing."""
    write(tmp_path, {Y: "select: [GL301]\n", "a/.govlint.yaml": "", "a/r.txt": ROW_TOTAL,
                     "b/.govlint.yaml": "# nothing yet\n", "b/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert found(check_json(".")[1]) == [("a/r.txt", "GL301"), ("a/r.txt", "GL302"), ("b/r.txt", "GL301"),
                                         ("b/r.txt", "GL302")]
    assert files_read(ok(run("config", "show", "a"), 0)) == [str((tmp_path / "a" / Y).resolve())]


def test_config_flag_globs_relative_to_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`a/*` in cfg/shared.yaml means cfg/a/*, whatever the current folder; b/ (outside cfg/) is not matched."""
    write(tmp_path, {"cfg/shared.yaml": "per_file_ignores:\n  'a/*': [GL3]\n  'b/*': [GL3]\n",
                     "cfg/a/r.txt": ROW_TOTAL, "b/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert found(check_json("--config", "cfg/shared.yaml", ".")[1]) == [("b/r.txt", "GL301"), ("b/r.txt", "GL302")]
    monkeypatch.chdir(tmp_path / "b")
    assert found(check_json("--config", "../cfg/shared.yaml", "r.txt", "../cfg/a/r.txt")[1]) == [
        ("r.txt", "GL301"), ("r.txt", "GL302")]


def test_no_config_ignores_config_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "select: [GL301]\nfail_on: never\noutput_format: concise\n",
                     "sub/.govlint.yaml": "ignore: [GL3]\n", "sub/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert codes(check_json("sub/r.txt")[1]) == set()
    result, data = check_json("--no-config", "sub/r.txt")
    assert codes(data) == {"GL301", "GL302"}
    assert result.exit_code == 1
    assert ok(run("check", "--no-config", "sub/r.txt"), 1).stdout.startswith("sub/r.txt:")  # full, not concise


def test_fail_on_and_select_come_from_the_config_nearest_each_report(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """fail_on, like select, is a setting of the report's folder: the same exit code from the
    folder above as from the report's own folder (issue 10)."""
    write(tmp_path, {"sub/.govlint.yaml": "fail_on: never\nselect: [GL301]\n", "sub/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result, data = check_json("sub/r.txt")
    assert codes(data) == {"GL301"}
    assert result.exit_code == 0
    monkeypatch.chdir(tmp_path / "sub")
    result, data = check_json("r.txt")
    assert codes(data) == {"GL301"}
    assert result.exit_code == 0


# =========================================================================== extends and presets


def test_extends_merges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules(tmp_path, "shared/rules", "GL901", "city-a")
    rules(tmp_path, "rules_b", "GL902", "city-b")
    write(tmp_path, {
        "shared/base.yaml": ("fail_on: warning\nlang: en\nselect: [GL301]\nextend_select: [GL901]\n"
                             "rule_paths: [rules]\nseverity:\n  GL301: warning\n  GL302: info\n"
                             "per_file_ignores:\n  'x/*': [GL301]\n"),
        Y: ("extends: shared/base.yaml\nfail_on: never\nextend_select: [city-b]\nrule_paths: [rules_b]\n"
            "severity:\n  GL302: error\nper_file_ignores:\n  'y/*': [GL302]\n"),
        "r.txt": ROW_TOTAL, "x/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("config", "show", "r.txt"), 0)
    show = shown(result)
    base, child = str((tmp_path / "shared/base.yaml").resolve()), str((tmp_path / Y).resolve())
    assert files_read(result) == [child, base]
    assert show["fail_on"] == ("never", f"{child}:2")  # a child's scalar wins
    assert show["lang"] == ("en", f"{base}:2")  # kept from the parent
    assert show["select"] == (["GL301"], f"{base}:3")
    assert show["extend_select"][0] == ["GL901", "city-b"]  # accumulated
    assert show["rule_paths"][0] == [str((tmp_path / "shared/rules").resolve()), str((tmp_path / "rules_b").resolve())]
    assert show["severity"][0] == {"GL301": "warning", "GL302": "error"}  # merged key by key
    assert show["per_file_ignores"][0] == {"x/*": ["GL301"], "y/*": ["GL302"]}
    # and in a run: GL301 (parent's select and severity), the rules of both rule_paths, extend_select of both
    result, data = check_json("r.txt")
    assert codes(data) == {"GL301", "GL901", "GL902"}
    assert {f["severity"] for f in data["findings"] if f["code"] == "GL301"} == {"warning"}
    assert result.exit_code == 0  # fail_on: never (child)
    # the parent's per_file_ignores glob is relative to the parent's folder (shared/), so x/ is not matched
    assert "GL301" in codes(check_json("x/r.txt")[1])


def test_extends_accumulates_waivers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"base.yaml": "waivers:\n  - rule: GL301\n    reason: parent\n",
                     Y: "extends: base.yaml\nwaivers:\n  - rule: table3-result-total\n    reason: child\n"
                        "    expires: 2030-01-31\n"})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show"), 0))
    assert show["waivers"] == ([{"rule": "GL301", "reason": "parent"},
                                {"rule": "table3-result-total", "reason": "child", "expires": "2030-01-31"}],
                               f"{(tmp_path / Y).resolve()}:2")


def test_extends_several_parents_later_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"p1.yaml": "select: [GL301]\nlang: en\n", "p2.yaml": "select: [GL302]\n",
                     Y: "extends: [p1.yaml, p2.yaml]\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show"), 0))
    assert show["select"] == (["GL302"], f"{(tmp_path / 'p2.yaml').resolve()}:1")
    assert show["lang"][0] == "en"
    assert codes(check_json("r.txt")[1]) == {"GL302"}


def test_extends_chain_relative_to_each_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A parent's extends and rule_paths are relative to the parent's own folder."""
    rules(tmp_path, "org/rules", "GL901", "city-a")
    write(tmp_path, {"org/root.yaml": "extend_select: [GL901]\nrule_paths: [rules]\n",
                     "org/team/team.yaml": "extends: ../root.yaml\nignore: [GL302]\n",
                     Y: "extends: org/team/team.yaml\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("config", "show"), 0)
    assert len(files_read(result)) == 3
    assert codes(check_json("r.txt")[1]) == {"GL301", "GL901"}


def test_preset_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"fee.txt": FEE})
    monkeypatch.chdir(tmp_path)
    ok(run("check", "fee.txt"), 0)  # GL511 is a warning
    write(tmp_path, {Y: "extends: govlint:strict\n"})
    show = shown(ok(run("config", "show"), 0))
    assert show["fail_on"] == ("warning", "govlint:strict")
    assert show["warn_unused_suppressions"] == (True, "govlint:strict")
    # in a run (without the unused-suppression report, which is govlint.suppress's business)
    write(tmp_path, {Y: "extends: govlint:strict\nwarn_unused_suppressions: false\n"})
    result = ok(run("check", "fee.txt"), 1)
    assert "GL511" in result.stdout
    ok(run("check", "--fail-on", "error", "fee.txt"), 0)  # the flag wins


def test_preset_strict_child_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"fee.txt": FEE, Y: "extends: govlint:strict\nfail_on: error\n"})
    monkeypatch.chdir(tmp_path)
    ok(run("check", "fee.txt"), 0)


def test_preset_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"base.yaml": "select: [GL301]\n", "r.txt": ROW_TOTAL,
                     Y: "extends: [base.yaml, 'govlint:all']\n"})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show"), 0))
    assert show["select"] == (["ALL"], "govlint:all")
    assert codes(check_json("r.txt")[1]) == {"GL301", "GL302"}


def test_preset_recommended_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "extends: govlint:recommended\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show"), 0))
    assert all(source == "default" for _, source in show.values())
    assert codes(check_json("r.txt")[1]) == {"GL301", "GL302"}


# =========================================================================== rule selection


@pytest.mark.parametrize(("config", "expected"), [
    ("select: [GL301]", {"GL301"}),
    ("select: [GL30]", {"GL301", "GL302"}),
    ("select: [gl302]", {"GL302"}),
    ("select: [table3-row-total]", {"GL301"}),
    ("select: [ALL]", {"GL301", "GL302"}),
    ("select: GL302", {"GL302"}),  # a single string is a list of one
    ("select: [GL4]", set()),
    ("select: [GL4]\nextend_select: [table3-result-total]", {"GL302"}),
    ("extend_select: [GL301]", {"GL301", "GL302"}),
    ("ignore: [GL302]", {"GL301"}),
    ("ignore: [GL3]", set()),
    ("ignore: [table3-row-total]", {"GL302"}),
    ("select: [GL3]\nignore: [GL302]", {"GL301"}),
])
def test_selection_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str,
                               expected: set[str]) -> None:
    write(tmp_path, {Y: config + "\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert codes(check_json("r.txt")[1]) == expected


@pytest.mark.parametrize(("config", "args", "expected"), [
    ("select: [GL301]", ("--select", "GL302"), {"GL302"}),  # --select replaces
    ("select: [GL301]", ("--select", "table3-result-total,GL301"), {"GL301", "GL302"}),
    ("select: [GL301]", ("--extend-select", "GL302"), {"GL301", "GL302"}),  # adds
    ("ignore: [GL302]", ("--ignore", "GL301"), set()),  # --ignore adds to the config's
    ("ignore: [GL302]", ("--select", "GL3"), {"GL301"}),  # config ignore still applies
    ("select: [GL301]\nextend_select: [GL302]", ("--select", "GL303"), {"GL302"}),
])
def test_selection_flags_and_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str,
                                    args: tuple[str, ...], expected: set[str]) -> None:
    write(tmp_path, {Y: config + "\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    assert codes(check_json(*args, "r.txt")[1]) == expected


# =========================================================================== severity, per-file ignores


def severities(data: dict[str, Any]) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in data["findings"]}


@pytest.mark.parametrize(("config", "expected", "exit_code"), [
    ("severity:\n  GL301: warning\n  table3-result-total: warning", {"GL301": "warning", "GL302": "warning"}, 0),
    ("select: [GL301]\nseverity:\n  GL301: warning", {"GL301": "warning"}, 0),
    ("severity:\n  GL301: warning", {"GL301": "warning", "GL302": "error"}, 1),
    ("severity:\n  GL3: info", {"GL301": "info", "GL302": "info"}, 0),
    ("severity:\n  GL3: 'off'\n  GL301: error", {"GL301": "error"}, 1),  # the most specific selector wins
    ("severity:\n  ALL: info\n  table3-row-total: warning", {"GL301": "warning", "GL302": "info"}, 0),
    ("severity:\n  GL301: 'off'\n  GL302: \"off\"", {}, 0),
    ("fail_on: warning\nseverity:\n  GL30: warning", {"GL301": "warning", "GL302": "warning"}, 1),
])
def test_severity_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str,
                           expected: dict[str, str], exit_code: int) -> None:
    write(tmp_path, {Y: config + "\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result, data = check_json("r.txt")
    assert severities(data) == expected
    assert data["summary"]["by_severity"] == {level: list(expected.values()).count(level)
                                              for level in ("error", "warning", "info")}
    assert result.exit_code == exit_code


def test_severity_off_unquoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "severity:\n  GL301: off\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    _, data = check_json("r.txt")
    assert codes(data) == {"GL302"}


def test_severity_override_with_flags_and_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "severity:\n  GL30: warning\n", "a/r.txt": ROW_TOTAL, "b/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    one = check_json("-j", "1", ".")
    two = check_json("-j", "2", ".")
    assert one[0].exit_code == two[0].exit_code == 0
    assert one[1]["findings"] == two[1]["findings"]
    assert {f["severity"] for f in two[1]["findings"]} == {"warning"}
    assert check_json("--fail-on", "warning", ".")[0].exit_code == 1


def test_severity_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"a/.govlint.yaml": "severity:\n  GL3: info\n", "a/r.txt": ROW_TOTAL, "b/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result, data = check_json(".")
    assert [(f["path"], f["severity"]) for f in data["findings"]] == [
        ("a/r.txt", "info"), ("a/r.txt", "info"), ("b/r.txt", "error"), ("b/r.txt", "error")]
    assert result.exit_code == 1


def test_per_file_ignores_relative_to_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "per_file_ignores:\n  'a/*.txt': [GL301]\n  '**/old/**': [table3-result-total, GL301]\n",
                     "a/r.txt": ROW_TOTAL, "b/r.txt": ROW_TOTAL, "b/old/r.txt": ROW_TOTAL, "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    _, data = check_json(".")
    assert found(data) == [("a/r.txt", "GL302"), ("b/r.txt", "GL301"), ("b/r.txt", "GL302"),
                           ("r.txt", "GL301"), ("r.txt", "GL302")]
    # from another current folder the globs still mean the same files
    monkeypatch.chdir(tmp_path / "b")
    _, data = check_json("r.txt", "../a/r.txt", "old/r.txt")
    assert found(data) == [("r.txt", "GL301"), ("r.txt", "GL302"), ("../a/r.txt", "GL302")]


def test_per_file_ignores_in_subfolder_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"sub/.govlint.yaml": "per_file_ignores:\n  '*.txt': [GL30]\n", "sub/r.txt": ROW_TOTAL,
                     "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result, data = check_json(".")
    assert found(data) == [("r.txt", "GL301"), ("r.txt", "GL302")]
    result, data = check_json("sub")
    assert found(data) == []
    assert result.exit_code == 0


# =========================================================================== run settings


def test_fail_on_config_and_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"fee.txt": FEE, "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    ok(run("check", "fee.txt"), 0)
    write(tmp_path, {Y: "fail_on: warning\n"})
    ok(run("check", "fee.txt"), 1)
    ok(run("check", "--fail-on", "error", "fee.txt"), 0)
    ok(run("check", "--fail-on", "never", "r.txt"), 0)


@pytest.mark.parametrize(("config", "args", "exit_code"), [
    ("fail_on: never", (), 0),
    ("fail_on: never", ("--fail-on", "error"), 1),
    ("fail_on: info", (), 1),
    ("fail_on: error", ("--fail-on", "never"), 0),
])
def test_fail_on_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, args: tuple[str, ...],
                            exit_code: int) -> None:
    write(tmp_path, {Y: config + "\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    ok(run("check", *args, "r.txt"), exit_code)


def test_output_format_config_and_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "output_format: json\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    data = json.loads(ok(run("check", "r.txt"), 1).stdout)
    assert codes(data) == {"GL301", "GL302"}
    out = ok(run("check", "--output-format", "concise", "r.txt"), 1).stdout
    assert out.startswith("r.txt:") and "GL301" in out
    lines = ok(run("check", "--format", "json-lines", "r.txt"), 1).stdout.splitlines()
    assert {json.loads(line)["code"] for line in lines if '"code"' in line} >= {"GL301", "GL302"}


def test_lang_config_and_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"r.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    assert "未发现问题" in ok(run("check", "r.txt"), 0).stdout
    write(tmp_path, {Y: "lang: en\n"})
    assert "No findings in 1 file(s)." in ok(run("check", "r.txt"), 0).stdout
    assert "未发现问题" in ok(run("check", "--lang", "zh", "r.txt"), 0).stdout


def test_lang_from_config_in_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "lang: en\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    messages = [f["message"] for f in check_json("r.txt")[1]["findings"]]
    assert len(messages) == 2 and all(m.startswith("Table 3") for m in messages)
    zh = [f["message"] for f in check_json("--lang", "zh", "r.txt")[1]["findings"]]
    assert len(zh) == 2 and all(m.startswith("表三") for m in zh)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Record what the CLI passes to govlint.batch.jobs_for and govlint.batch.Options."""
    from govlint import batch

    seen: dict[str, Any] = {}
    real_jobs, real_options = batch.jobs_for, batch.Options

    def jobs_for(value: str) -> int:
        seen["jobs"] = value
        return real_jobs(value)

    def options(*args: Any, **kwargs: Any) -> Any:
        seen["time_limit"] = kwargs.get("time_limit")
        return real_options(*args, **kwargs)

    monkeypatch.setattr(batch, "jobs_for", jobs_for)
    monkeypatch.setattr(batch, "Options", options)
    return seen


@pytest.mark.parametrize(("config", "args", "jobs", "time_limit"), [
    ("", (), "auto", 60.0),
    ("jobs: 3\ntimeout: 12.5", (), "3", 12.5),
    ("jobs: auto\ntimeout: 30", (), "auto", 30),
    ("jobs: 3\ntimeout: 12.5", ("-j", "1", "--timeout", "7"), "1", 7.0),
    ("jobs: 3", ("--jobs", "auto"), "auto", 60.0),
])
def test_jobs_and_timeout_config_and_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spy: dict[str, Any],
                                           config: str, args: tuple[str, ...], jobs: str,
                                           time_limit: float) -> None:
    write(tmp_path, {Y: config + "\n", "r.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    ok(run("check", *args, "r.txt"), 0)
    assert spy == {"jobs": jobs, "time_limit": time_limit}


def test_exclude_include_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "exclude: ['drafts/', '*.bak.txt']\n", "a.txt": CLEAN, "a.bak.txt": CLEAN,
                     "drafts/d.txt": CLEAN, "sub/drafts/d.txt": CLEAN, "sub/s.txt": CLEAN, "keep/k.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    listed = ok(run("check", "--show-files", "."), 0).stdout.splitlines()
    assert listed == ["a.txt", "keep/k.txt", "sub/s.txt"]
    # --exclude adds to the config's patterns
    listed = ok(run("check", "--show-files", "--exclude", "keep/", "."), 0).stdout.splitlines()
    assert listed == ["a.txt", "sub/s.txt"]
    # --no-config drops them
    listed = ok(run("check", "--show-files", "--no-config", "."), 0).stdout.splitlines()
    assert listed == ["a.bak.txt", "a.txt", "drafts/d.txt", "keep/k.txt", "sub/drafts/d.txt", "sub/s.txt"]
    # a file named on the command line is checked even if excluded (only folder walks are filtered)
    assert ok(run("check", "--show-files", "drafts/d.txt"), 0).stdout.splitlines() == ["drafts/d.txt"]


def test_include_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "include: ['keep/']\n", "a.txt": CLEAN, "keep/k.txt": CLEAN, "keep/more/m.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    assert ok(run("check", "--show-files", "."), 0).stdout.splitlines() == ["keep/k.txt", "keep/more/m.txt"]
    # a flag wins over the config file: --include replaces the config's include
    assert ok(run("check", "--show-files", "--include", "a.txt", "."), 0).stdout.splitlines() == ["a.txt"]


def test_exclude_relative_to_config_file_when_walking_a_subfolder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "exclude: ['sub/drafts/']\n", "sub/drafts/d.txt": CLEAN, "sub/s.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    assert ok(run("check", "--show-files", "."), 0).stdout.splitlines() == ["sub/s.txt"]
    assert ok(run("check", "--show-files", "sub"), 0).stdout.splitlines() == ["sub/s.txt"]


def test_include_relative_to_config_file_when_walking_a_subfolder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "include: ['sub/*.txt']\n", "sub/s.txt": CLEAN, "other/o.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    assert ok(run("check", "--show-files", "."), 0).stdout.splitlines() == ["sub/s.txt"]
    assert ok(run("check", "--show-files", "sub"), 0).stdout.splitlines() == ["sub/s.txt"]


# =========================================================================== config show, init


def test_config_show_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = ok(run("config", "show"), 0)
    assert result.stdout.startswith("# settings for .\n")
    assert files_read(result) == []
    show = shown(result)
    assert show == {"fail_on": ("error", "default"), "jobs": ("auto", "default"), "lang": ("zh", "default"),
                    "output_format": ("full", "default"), "timeout": (60.0, "default"),
                    "warn_unused_suppressions": (False, "default")}


def test_config_show_every_key_with_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules(tmp_path, "rules", "GL901", "city-a")
    config = {
        "select": "[GL3]", "extend_select": "[GL901]", "ignore": "[GL303]", "severity": "{GL301: warning}",
        "per_file_ignores": "{'old/*': [GL302]}", "fail_on": "warning", "exclude": "[drafts/]",
        "include": "['*.txt']", "rule_paths": "[rules]", "output_format": "concise", "jobs": "2", "lang": "en",
        "pack": "gov-2021", "timeout": "30", "baseline": "base.json", "warn_unused_suppressions": "true",
        "waivers": "[{rule: GL301, reason: known, path: 'old/*', expires: 2030-01-31}]",
    }
    assert set(config) | {"extends"} == set(configfile.KEYS)
    write(tmp_path, {Y: "".join(f"{k}: {v}\n" for k, v in config.items()), "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("config", "show", "r.txt"), 0)
    assert result.stdout.startswith("# settings for r.txt\n")
    path = str((tmp_path / Y).resolve())
    assert files_read(result) == [path]
    show = shown(result)
    assert set(show) == set(config)
    for line, key in enumerate(config, 1):
        assert show[key][1] == f"{path}:{line}", key
    assert show["select"][0] == ["GL3"]
    assert show["severity"][0] == {"GL301": "warning"}
    assert show["per_file_ignores"][0] == {"old/*": ["GL302"]}
    assert show["exclude"][0] == ["drafts/"]
    assert show["jobs"][0] == 2 and show["timeout"][0] == 30
    assert show["baseline"][0] == str((tmp_path / "base.json").resolve())
    assert show["waivers"][0] == [{"rule": "GL301", "reason": "known", "path": "old/*", "expires": "2030-01-31"}]


def test_config_show_with_config_flag_and_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"sub/.govlint.yaml": "lang: en\n", "sub/r.txt": CLEAN, "cfg/other.yaml": "fail_on: info\n"})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show", "sub"), 0))
    assert show["lang"] == ("en", f"{(tmp_path / 'sub/.govlint.yaml').resolve()}:1")
    result = ok(run("config", "show", "sub/r.txt", "--config", "cfg/other.yaml"), 0)
    assert files_read(result) == [str((tmp_path / "cfg/other.yaml").resolve())]
    show = shown(result)
    assert show["fail_on"] == ("info", f"{(tmp_path / 'cfg/other.yaml').resolve()}:1")
    assert show["lang"] == ("zh", "default")


def test_config_show_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.govlint]\nlang = "en"\nfail_on = "warning"\n'})
    monkeypatch.chdir(tmp_path)
    result = ok(run("config", "show"), 0)
    path = str((tmp_path / "pyproject.toml").resolve())
    assert files_read(result) == [path]
    assert shown(result)["fail_on"] == ("warning", f"{path}:3")


def test_config_show_pyproject_lines_after_other_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"pyproject.toml": PROJECT + 'lang = "en"\nfail_on = "warning"\n'})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show"), 0))
    path = str((tmp_path / "pyproject.toml").resolve())
    assert show["lang"] == ("en", f"{path}:6")
    assert show["fail_on"] == ("warning", f"{path}:7")


def test_init_writes_a_config_that_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("init"), 0)
    assert ".govlint.yaml" in result.stdout
    target = tmp_path / Y
    assert target.read_text(encoding="utf-8") == configfile.STARTER
    result = ok(run("config", "show", "r.txt"), 0)
    assert files_read(result) == [str(target.resolve())]
    assert all(source == "default" for _, source in shown(result).values())  # everything is commented out
    assert codes(check_json("r.txt")[1]) == {"GL301", "GL302"}


def test_init_refuses_to_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / Y).write_text("lang: en\n", encoding="utf-8")
    result = ok(run("init"), 2)
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert (tmp_path / Y).read_text(encoding="utf-8") == "lang: en\n"
    ok(run("init", "--force"), 0)
    assert (tmp_path / Y).read_text(encoding="utf-8") == configfile.STARTER


def test_starter_examples_are_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The starter file's commented examples, uncommented, form a valid config."""
    lines = [ln[2:] if ln.startswith("# ") and re.match(r"# [a-z_]+:|#   ", ln) else ln
             for ln in configfile.STARTER.splitlines()]
    text = "\n".join(ln for ln in lines if not ln.startswith("#"))
    rules(tmp_path, "rules/province", "GL901", "city-a")
    write(tmp_path, {Y: text + "\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    show = shown(ok(run("config", "show"), 0))
    assert show["severity"][0] == {"GL514": "info"}
    assert show["waivers"][0][0]["rule"] == "GL514"
    assert show["select"][0] == ["ALL"]


# =========================================================================== JSON Schema


def test_shipped_schema_in_sync() -> None:
    shipped = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert shipped == configfile.json_schema(), (
        "govlint/schemas/config.schema.json is out of date: run "
        "`python -m govlint.configfile > govlint/schemas/config.schema.json`")


def test_schema_module_output_matches_file() -> None:
    proc = subprocess.run([sys.executable, "-m", "govlint.configfile"], cwd=ROOT, capture_output=True,
                          timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.decode("utf-8") == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "run `python -m govlint.configfile > govlint/schemas/config.schema.json`")


def test_schema_covers_every_key() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(configfile.KEYS)
    assert schema["additionalProperties"] is False
    assert all(prop.get("description") for prop in schema["properties"].values())


def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def as_json(yaml_text: str) -> Any:
    """A YAML config as an editor's YAML language server sees it (dates as strings)."""
    import yaml

    return json.loads(json.dumps(yaml.safe_load(yaml_text), default=str))


GOOD = [
    "{}",
    "extends: 'govlint:strict'",
    "extends: ['govlint:all', base.yaml]\nselect: [GL3, table3-row-total]\nignore: [GL302]",
    "severity: {GL301: warning, GL3: 'off'}\nper_file_ignores: {'old/**': [GL1, GL2]}",
    "fail_on: never\noutput_format: sarif\njobs: auto\nlang: en\ntimeout: 2.5\npack: gov-2021",
    "jobs: 8\nwarn_unused_suppressions: true\nbaseline: base.json\nexclude: [drafts/]\ninclude: ['*.txt']",
    "waivers:\n  - rule: GL514\n    reason: 另行公开\n    path: '2023/*.txt'\n    contains: 考核\n    expires: 2027-06-30",
]
BAD = [
    "selct: [GL301]",
    "select: 5",
    "jobs: 0",
    "jobs: many",
    "timeout: -1",
    "timeout: 0",
    "fail_on: sometimes",
    "lang: fr",
    "output_format: xml",
    "severity: {GL301: fatal}",
    "severity: [GL301]",
    "per_file_ignores: {'*.txt': 5}",
    "waivers: GL301",
    "waivers: [{rule: GL301}]",
    "waivers: [{rule: GL301, reason: ''}]",
    "waivers: [{rule: GL301, reason: x, pth: a}]",
    "waivers: [{rule: GL301, reason: x, expires: soon}]",
    "waivers: [{reason: x}]",
    "warn_unused_suppressions: 'yes'",
    "- a list",
]


@pytest.mark.parametrize("text", GOOD)
def test_schema_accepts_good_configs(text: str) -> None:
    errors = [e.message for e in validator().iter_errors(as_json(text))]
    assert errors == []


@pytest.mark.parametrize("text", BAD)
def test_schema_rejects_bad_configs(text: str) -> None:
    assert not validator().is_valid(as_json(text))


@pytest.mark.parametrize("text", GOOD)
def test_good_configs_load(tmp_path: Path, text: str) -> None:
    write(tmp_path, {"base.yaml": "lang: zh\n", Y: text + "\n"})
    settings = configfile.load(tmp_path / Y)
    assert isinstance(settings.values, dict)


@pytest.mark.parametrize("text", BAD)
def test_bad_configs_rejected_by_govlint_too(tmp_path: Path, text: str) -> None:
    from govlint.errors import GovlintError

    write(tmp_path, {Y: text + "\n"})
    with pytest.raises(GovlintError):
        configfile.load(tmp_path / Y)


@pytest.mark.parametrize("text", ["select: GL301", "per_file_ignores: {'*.txt': GL301}", "exclude: drafts/"])
def test_schema_agrees_with_validator_on_string_shorthand(tmp_path: Path, text: str) -> None:
    write(tmp_path, {Y: text + "\n"})
    configfile.load(tmp_path / Y)  # govlint accepts it
    assert validator().is_valid(as_json(text))


# =========================================================================== standard input


def test_stdin_same_as_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    data = (tmp_path / "r.txt").read_bytes()
    result, from_stdin = check_json("-", "--stdin-filename", "r.txt", input=data)
    _, from_file = check_json("r.txt")
    assert result.exit_code == 1
    assert from_stdin["findings"] == from_file["findings"]
    assert {f["path"] for f in from_stdin["findings"]} == {"r.txt"}
    concise = ok(run("check", "--output-format", "concise", "-", "--stdin-filename", "r.txt", input=data), 1)
    assert concise.stdout.splitlines()[0].startswith("r.txt:")


def test_stdin_uses_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "severity:\n  GL30: warning\nignore: [GL302]\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    data = (tmp_path / "r.txt").read_bytes()
    result, out = check_json("-", "--stdin-filename", "r.txt", input=data)
    assert severities(out) == {"GL301": "warning"}
    assert result.exit_code == 0
    result, out = check_json("--no-config", "-", "--stdin-filename", "r.txt", input=data)
    assert severities(out) == {"GL301": "error", "GL302": "error"}


def test_stdin_filename_in_subfolder_severity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"sub/.govlint.yaml": "severity:\n  GL30: info\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    _, out = check_json("-", "--stdin-filename", "sub/new.txt", input=(tmp_path / "r.txt").read_bytes())
    assert severities(out) == {"GL301": "info", "GL302": "info"}


def test_stdin_filename_in_subfolder_selection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"sub/.govlint.yaml": "select: [GL301]\n", "r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    _, out = check_json("-", "--stdin-filename", "sub/new.txt", input=(tmp_path / "r.txt").read_bytes())
    assert found(out) == [("sub/new.txt", "GL301")]


def test_stdin_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import text_to_html

    page = text_to_html((EXAMPLES / ROW_TOTAL).read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    _, data = check_json("-", "--stdin-filename", "r.html", input=page)
    assert codes(data) == {"GL301", "GL302"}
    assert {f["path"] for f in data["files"]} == {"r.html"}
    _, as_text = check_json("-", "--stdin-filename", "r.txt", input=page)
    assert codes(as_text) != {"GL301", "GL302"}  # read as plain text, the markup is not a report


def test_stdin_default_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, data = check_json("-", input=(EXAMPLES / ROW_TOTAL).read_bytes())
    assert {f["path"] for f in data["findings"]} == {"stdin.txt"}


@pytest.mark.parametrize("paths", [("-", "r.txt"), ("r.txt", "-"), ("-", "-", "r.txt")])
def test_stdin_mixed_with_paths_is_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               paths: tuple[str, ...]) -> None:
    write(tmp_path, {"r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("check", *paths, input=b""), 2)
    assert "cannot be mixed" in result.stderr
    assert result.stdout == ""


def test_force_exclude_applies_to_named_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {Y: "exclude: ['drafts/']\n", "drafts/d.txt": CLEAN, "r.txt": CLEAN})
    monkeypatch.chdir(tmp_path)
    named = ("drafts/d.txt", "r.txt")
    assert ok(run("check", "--show-files", *named), 0).stdout.splitlines() == list(named)
    assert ok(run("check", "--show-files", "--force-exclude", *named), 0).stdout.splitlines() == ["r.txt"]
    assert ok(run("check", "--show-files", "--force-exclude", "--exclude", "r.txt", "--no-config", *named),
              0).stdout.splitlines() == ["drafts/d.txt"]


def test_cli_select_of_a_rule_only_one_folder_adds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--select names a province rule that only folder A's rule_paths add: A runs it, B runs only
    the other selected rules (not every rule), and a typo is still an error."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "rulepacks" / "province", tmp_path / "A" / "prov")
    write(tmp_path, {"A/.govlint.yaml": "rule_paths: [prov]\n", "A/r.txt": CLEAN,
                     "B/r.txt": ROW_TOTAL})
    monkeypatch.chdir(tmp_path)
    result = ok(run("check", "A/r.txt", "B/r.txt", "--select", "JS001,GL301", "--format", "json"), 1)
    assert [(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]] == [("B/r.txt", "GL301")]
    assert "JS002" in ok(run("check", "A/r.txt", "B/r.txt", "--select", "JS00X"), 2).output


def test_cache_sees_edits_of_rule_paths_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results are cached by file content and rules: an edit of a province rule file is a new rule set."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "rulepacks" / "province", tmp_path / "prov")
    fail_case = next((tmp_path / "prov" / "tests" / "JS001" / "fail").glob("*.txt"))
    write(tmp_path, {Y: "rule_paths: [prov]\nselect: [JS001]\n"})
    shutil.copyfile(fail_case, tmp_path / "r.txt")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / "cache"))
    first = json.loads(ok(run("check", "r.txt", "--format", "json"), 0, 1).stdout)
    assert first["findings"] and all(f["severity"] == "warning" for f in first["findings"])
    rules = tmp_path / "prov" / "wording.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("severity: warning", "severity: error", 1),
                     encoding="utf-8")
    configfile.clear_caches()
    from govlint import batch, rulepack

    rulepack._with_rules.cache_clear()  # a new process would load the edited file …
    monkeypatch.setattr(batch, "_CACHES", {})  # … and open the result cache afresh
    second = json.loads(ok(run("check", "r.txt", "--format", "json"), 1).stdout)
    assert {f["severity"] for f in second["findings"]} == {"error"}
