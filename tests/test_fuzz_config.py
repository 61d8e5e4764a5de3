"""Config, rule, baseline and .gitignore files from the fuzz campaign (issue 10): each ends in a
clean outcome (exit 2 with `file:line: key: message`, or a normal run), never a traceback, a
hang or unbounded memory. Each test writes its input in `tmp_path`, modelled on the campaign's
reproducer of the same name; the last test also runs the reproducers themselves when the
campaign's folder is there. Hang guards count work (files read, scanner calls), never time.
"""

from __future__ import annotations

import shutil
import traceback
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govlint import configfile, yamlio
from govlint.cli import main
from govlint.discover import Selection, discover
from govlint.rulecheck import regex_problems

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "2023_clean.txt"
REPRO = Path(__file__).parents[2] / "shared" / "fuzz-repro"
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "FORCE_COLOR": None}
Y = ".govlint.yaml"

RULE = """\
rules:
  - code: XX001
    name: xx-rule
    kind: pattern
    forbid: [{forbid}]
    severity: warning
    title: {{zh: t, en: t}}
    message: {{zh: "{message}", en: "{message}"}}
    description: {{zh: d, en: d}}
"""


@pytest.fixture(autouse=True)
def _fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)
    configfile.clear_caches()
    yield
    configfile.clear_caches()


def run(*args: Any) -> Result:
    configfile.clear_caches()
    result = CliRunner(env=ENV).invoke(main, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(*result.exc_info)))  # type: ignore[misc]
    assert "Traceback" not in result.output
    return result


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def report(root: Path, name: str = "r.txt") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CLEAN, path)
    return path


def refused(result: Result, path: Path, line: int, key: str | None, *texts: str) -> str:
    """Exit 2 and one message `path:line: key: …` holding `texts`; nothing on stdout."""
    assert result.exit_code == 2, result.output
    where = f"{path.resolve()}:{line}: " + (f"{key}: " if key else "")
    assert where in result.stderr, result.stderr
    for text in texts:
        assert text in result.stderr, result.stderr
    assert len(result.stderr) < 1000, result.stderr  # a hostile value is not echoed in full
    return result.stderr


def check(*args: Any) -> Result:
    return run("check", "--no-cache", "--no-progress", *args)


# --------------------------------------------------------------------------- YAML


def alias_bomb(levels: int = 9) -> str:
    anchors = ['&a0 [' + ",".join(['"lol"'] * 9) + "]"]
    anchors += [f"&a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return f"fail_on: [{', '.join(anchors)}]\n"


def test_config_alias_bomb(tmp_path: Path) -> None:
    write(tmp_path, {Y: alias_bomb()})
    refused(check(report(tmp_path)), tmp_path / Y, 1, None, "expands to more than")


def test_yaml_aliases_within_bounds_still_load() -> None:
    assert yamlio.loads("a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}, e: 2}\n") == {"a": [1, 2], "b": [1, 2],
                                                                           "c": {"d": 1, "e": 2}}
    with pytest.raises(yamlio.YamlError, match="contains it"):
        yamlio.loads("a: &x [*x]\n")


@pytest.mark.parametrize(("text", "line"), [("? [a, b]\n: 1\n", 1), ("lang: zh\nignore: {[a]: b}\n", 2),
                                            ("lang: {[a]: b}\n", 1)])
def test_config_unhashable_key(tmp_path: Path, text: str, line: int) -> None:
    write(tmp_path, {Y: text})
    refused(check(report(tmp_path)), tmp_path / Y, line, None, "a key must be a plain string")


def test_yaml_date_where_text_is_expected(tmp_path: Path) -> None:
    write(tmp_path, {Y: "lang: zh\nexclude: 2024-13-45\n"})
    refused(check(report(tmp_path)), tmp_path / Y, 2, "exclude", "date 2024-13-45", "quote it")
    write(tmp_path, {Y: "exclude: ['2024-13-45']\n"})  # quoted: a folder name
    assert check(report(tmp_path)).exit_code == 0


# --------------------------------------------------------------------------- extends


def test_config_extends_chain(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {Y: "extends: c0.yaml\n", "c1000.yaml": "select: [GL301]\n"}
    files.update({f"c{i}.yaml": f"extends: c{i + 1}.yaml\n" for i in range(1000)})
    write(tmp_path, files)
    limit = configfile.MAX_EXTENDS
    refused(check(report(tmp_path)), tmp_path / f"c{limit - 2}.yaml", 1, "extends", f"more than {limit} files")


def test_extends_chain_at_the_limit_loads(tmp_path: Path) -> None:
    depth = configfile.MAX_EXTENDS - 1  # the file itself and MAX_EXTENDS - 1 parents
    files: dict[str, str | bytes] = {Y: "extends: c0.yaml\n", f"c{depth - 1}.yaml": "fail_on: never\n"}
    files.update({f"c{i}.yaml": f"extends: c{i + 1}.yaml\n" for i in range(depth - 1)})
    write(tmp_path, files)
    assert configfile.load(tmp_path / Y).get("fail_on") == "never"


@pytest.mark.parametrize("distinct", [False, True], ids=["same-file-twice", "two-files"])
def test_config_extends_diamond(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, distinct: bool) -> None:
    """30 levels of two parents that share their own parent: 2**30 paths, each file read once."""
    files: dict[str, str | bytes] = {Y: "extends: a0.yaml\n", "a30.yaml": "extend_select: [GL301]\n"}
    for i in range(30):
        files[f"a{i}.yaml"] = f"extends: [a{i + 1}.yaml, {'b' if distinct else 'a'}{i + 1}.yaml]\n"
        files[f"b{i + 1}.yaml"] = f"extends: a{i + 2}.yaml\n" if i < 29 else "extend_select: [GL302]\n"
    write(tmp_path, files)
    reads: list[Path] = []
    original = configfile._read

    def counted(path: Path) -> Any:
        reads.append(path)
        return original(path)

    monkeypatch.setattr(configfile, "_read", counted)
    settings = configfile.load(tmp_path / Y)
    assert len(reads) == len(set(reads)) <= len(files)
    assert settings.get("extend_select") == (["GL301", "GL302"] if distinct else ["GL301"])
    assert len(settings.files) == len(set(settings.files))


def test_config_long_extends(tmp_path: Path) -> None:
    write(tmp_path, {Y: f"extends: '{'x' * 300}'\n"})
    refused(check(report(tmp_path)), tmp_path / Y, 1, "extends", "no such file")


def test_long_rule_path(tmp_path: Path) -> None:
    write(tmp_path, {Y: f"rule_paths: ['{'x' * 300}']\n"})
    refused(check(report(tmp_path)), tmp_path / Y, 1, "rule_paths", "no such file or folder")


# --------------------------------------------------------------------------- patterns


def test_config_exclude_bang(tmp_path: Path) -> None:
    write(tmp_path, {Y: "exclude: ['!']\n"})
    report(tmp_path, "reports/r.txt")
    refused(check("."), tmp_path / Y, 1, "exclude", "'!' is not a valid .gitignore pattern")


def test_gitignore_bang(tmp_path: Path) -> None:
    """git skips a line that is not a pattern; so does the walk, and the report is checked."""
    write(tmp_path, {".gitignore": "!\n*.bak.txt\n"})
    report(tmp_path, "report.txt")
    report(tmp_path, "old.bak.txt")
    assert [p.name for p in discover([tmp_path])] == ["report.txt"]
    result = check("--show-files", ".")
    assert result.exit_code == 0 and result.stdout.split() == ["report.txt"], result.output


@pytest.mark.parametrize("flag", ["--exclude", "--include"])
def test_invalid_pattern_flag(tmp_path: Path, flag: str) -> None:
    report(tmp_path)
    result = check(flag, "\\", ".")
    assert result.exit_code == 2 and f"{flag}: '\\' is not a valid .gitignore pattern" in result.stderr
    with pytest.raises(Exception, match="not a valid"):
        list(discover([tmp_path], Selection(exclude=("!",))))


REFUSED = [
    # (config text, line, key, text in the message): from the campaign's "accepted" list
    ("lang: zh\nextend_select: GL\n", 2, "extend_select", "only a code namespace"),
    ("ignore: GL\n", 1, "ignore", "ignores every rule"),
    ("ignore: [GL301, ALL]\n", 1, "ignore", "ignores every rule"),
    ("select: [GL]\n", 1, "select", "write ALL"),
    ("severity: {GL: info}\n", 1, "severity", "only a code namespace"),
    ("per_file_ignores: {}\n", 1, "per_file_ignores", "empty mapping changes nothing"),
    ("lang: zh\nseverity: {}\n", 2, "severity", "empty mapping changes nothing"),
    ("exclude: '*'\n", 1, "exclude", "excludes every report file"),
    ("exclude: ['drafts/', '**/*.*']\n", 1, "exclude", "'**/*.*' excludes every report file"),
    ("exclude: ['*.txt', '*.md', '*.markdown', '*.text', '*.htm*', '*.shtml', '*.xhtml', '*.docx', '*.pdf']\n", 1,
     "exclude", "together exclude every report file"),
    ("include: ['***', '[', '!', '\\\\']\n", 1, "include", "'[' matches nothing"),
    ("include: ['!']\n", 1, "include", "not a valid .gitignore pattern"),
    ("include: ['\\']\n", 1, "include", "not a valid .gitignore pattern"),
    ("include: [NOPE]\n", 1, "include", "matches no report file", "(NOPE/)"),
    ("include: ['*.doc']\n", 1, "include", "matches only .doc files"),
    ("include: ['#drafts']\n", 1, "include", "matches nothing"),
    ("per_file_ignores: {'!': [GL301]}\n", 1, "per_file_ignores.!", "not a valid .gitignore pattern"),
    ("waivers:\n  - rule: GL301\n    reason: known\n    path: '\\'\n", 4, "waivers[0].path", "not a valid"),
    ("lang: " + "x" * 5000 + "\n", 1, "lang", "got 'xxx"),
    ("y" * 300 + ": 1\n", 1, "y" * 200 + "…", "unknown key"),
]


@pytest.mark.parametrize(("text", "line", "key", "message"), [pytest.param(*c[:3], c[3], id=f"{c[2][:20]}-{i}")
                                                               for i, c in enumerate(REFUSED)])
def test_accepted_values_now_refused(tmp_path: Path, text: str, line: int, key: str, message: str) -> None:
    write(tmp_path, {Y: text})
    refused(check(report(tmp_path)), tmp_path / Y, line, key, message)


@pytest.mark.parametrize("text", [
    "include: [NOPE/]\n",  # a folder, written as one
    "include: [sub]\n",  # a folder that exists
    "include: ['*', '2023*', '*.tx?', '!old/']\n",
    "exclude: ['*', '!*.txt']\n",  # a top-level .txt is checked again
    "exclude: ['*/']\n",  # subfolders only
    "per_file_ignores: {'old/**': []}\n",  # an empty list clears what a parent file ignores there
    "per_file_ignores: {'old/**': [ALL]}\n",
])
def test_narrow_patterns_still_accepted(tmp_path: Path, text: str) -> None:
    write(tmp_path, {Y: text})
    (tmp_path / "sub").mkdir()
    result = check(report(tmp_path))
    assert result.exit_code == 0, result.output


def test_select_repeats_are_kept_once(tmp_path: Path) -> None:
    """Decision: a repeated selector is harmless and kept once, not refused."""
    write(tmp_path, {Y: "select: [" + ", ".join(["GL301"] * 1000) + "]\n"})
    assert configfile.load(tmp_path / Y).get("select") == ["GL301"]
    assert check(report(tmp_path)).exit_code == 0


def test_namespace_that_names_part_of_the_rules_is_kept(tmp_path: Path) -> None:
    """With a province's XX rules loaded, GL is a part of the rules: ignoring it leaves XX001."""
    write(tmp_path, {Y: "rule_paths: [rules]\nignore: [GL]\nextend_select: [XX]\n",
                     "rules/xx.yaml": RULE.format(forbid="'总体情况'", message="m {match}")})
    result = check("--format", "concise", report(tmp_path))
    assert result.exit_code == 0 and "XX001" in result.stdout, result.output


# --------------------------------------------------------------------------- pyproject.toml


def test_pyproject_deep_array(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.govlint]\nselect = " + "[" * 1000 + "]" * 1000 + "\n"})
    refused(check(report(tmp_path)), tmp_path / "pyproject.toml", 2, "select", "nested too deeply")


def test_pyproject_not_utf8(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": b"[tool.govlint]\nfail_on = 'warning'\n# \xff\n"})
    refused(check(report(tmp_path)), tmp_path / "pyproject.toml", 3, None, "not UTF-8")


def test_foreign_pyproject_not_utf8_is_not_ours(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": b"[project]\nname = 'x'\n# \xff\n"})
    assert check(report(tmp_path)).exit_code == 0


# --------------------------------------------------------------------------- rule files


RULE_CASES = [
    # (reproducer, forbid, message, line, key, text)
    ("rule-bad-conversion", "'总体情况'", "{match!z}", 8, "rules[0].message.zh", "placeholder {match!z}"),
    ("rule-repr-conversion", "'总体情况'", "{match!r}", 8, "rules[0].message.zh", "placeholder {match!r}"),
    ("rule-format-spec", "'总体情况'", "{match:>1000000000}", 8, "rules[0].message.zh", "format spec"),
    ("rule-repeat-overflow", "'x{99999999999}'", "m", 5, "rules[0].forbid", "repetition number is too large"),
]


@pytest.mark.parametrize(("forbid", "message", "line", "key", "text"), [pytest.param(*c[1:], id=c[0])
                                                                         for c in RULE_CASES])
def test_bad_rule_in_rule_paths(tmp_path: Path, forbid: str, message: str, line: int, key: str, text: str) -> None:
    write(tmp_path, {Y: "rule_paths: [rules.yaml]\n", "rules.yaml": RULE.format(forbid=forbid, message=message)})
    refused(check(report(tmp_path)), tmp_path / "rules.yaml", line, f"rule XX001: {key}", text)


@pytest.mark.parametrize(("forbid", "message", "line", "key", "text"), [pytest.param(*c[1:], id=c[0])
                                                                         for c in RULE_CASES])
def test_bad_rule_in_rules_check(tmp_path: Path, forbid: str, message: str, line: int, key: str, text: str) -> None:
    write(tmp_path, {"rules/rules.yaml": RULE.format(forbid=forbid, message=message)})
    result = run("rules", "check", "rules")
    assert result.exit_code == 2, result.output
    assert f"rules.yaml:{line}:" in result.output and key in result.output and text in result.output


def test_rule_not_utf8(tmp_path: Path) -> None:
    text = RULE.format(forbid="'x'", message="m").encode() + b"# \xff\n"
    write(tmp_path, {Y: "rule_paths: [rules.yaml]\n", "rules.yaml": text})
    refused(check(report(tmp_path)), tmp_path / "rules.yaml", 10, None, "not UTF-8")
    result = run("rules", "check", "rules.yaml")
    assert result.exit_code == 2 and "rules.yaml:10:" in result.output and "not UTF-8" in result.output


def test_rulecheck_deep_nesting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`[` 50,000 deep: an error at its line, and the pure-Python YAML scanner (quadratic in
    nesting) is not run over the file to find the key."""
    import yaml.scanner

    calls = []
    original = yaml.scanner.Scanner.fetch_more_tokens

    def counted(self: Any) -> Any:
        calls.append(1)
        return original(self)

    monkeypatch.setattr(yaml.scanner.Scanner, "fetch_more_tokens", counted)
    text = RULE.format(forbid="'x'", message="m").replace("forbid: ['x']",
                                                          "forbid: " + "[" * 50_000 + "'x'" + "]" * 50_000)
    write(tmp_path, {"rules/rules.yaml": text})
    result = run("rules", "check", "rules")
    assert result.exit_code == 2 and "rules.yaml:5:" in result.output and "nest" in result.output, result.output
    assert len(calls) < 20_000


def test_rules_check_warns_of_nested_quantifiers() -> None:
    assert any("nested unbounded repetition" in p for p in regex_problems("(a+)+$"))
    assert any("nested unbounded repetition" in p for p in regex_problems(r"(\s*\d+\s*)+"))
    for safe in ("a+b+", "(ab)+", "(a*b)*", "(?>a+)+", "(a{1,3})+", "[一二三]+、"):
        assert not any("nested" in p for p in regex_problems(safe)), safe


# --------------------------------------------------------------------------- baseline


def test_baseline_deep_json(tmp_path: Path) -> None:
    write(tmp_path, {Y: "baseline: b.json\n", "b.json": "[" * 100_000 + "]" * 100_000})
    refused(check(report(tmp_path)), tmp_path / "b.json", 1, None, "nested too deeply")


# --------------------------------------------------------------------------- the reproducers themselves

EXPECTED = {  # reproducer → exit code (the ones without a report get a clean one)
    "baseline-deep-json": 2, "config-alias-bomb": 2, "config-exclude-bang": 2, "config-extends-chain": 2,
    "config-extends-diamond": 0, "config-long-extends": 2, "config-unhashable-key": 2, "gitignore-bang": 1,
    "pyproject-deep-array": 2, "pyproject-not-utf8": 2, "rule-bad-conversion": 2, "rule-format-spec": 2,
    "rule-not-utf8": 2, "rule-repeat-overflow": 2, "rulecheck-deep-nesting": 2,
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_campaign_reproducer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    source = REPRO / name
    if not source.is_dir():
        pytest.skip(f"the fuzz campaign's reproducers are not at {REPRO}")
    folder = tmp_path / name
    shutil.copytree(source, folder)
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)  # the campaign's copies are read-only
    monkeypatch.chdir(folder)  # run settings (the baseline) come from the config of the working folder
    if name == "rulecheck-deep-nesting":
        result = run("rules", "check", ".")
    else:
        if not any(p.suffix == ".txt" for p in folder.rglob("*")):
            report(folder)
        result = check("--timeout", "60", ".")
    assert result.exit_code == EXPECTED[name], result.output
    if EXPECTED[name] == 2:
        assert len(result.output) < 1000, result.output
