"""The pre-commit hook (.pre-commit-hooks.yaml) end to end, with the real `pre-commit` tool, in
temporary git repositories: `pre-commit try-repo <hook repository> govlint` (a clean report
passes, a broken one fails with its finding), `pre-commit run` with a config naming the hook
repository (every format, no progress bar, several batches, a whole archive) and `git commit`
with the hook installed.

The hook repository is a fresh git repository holding this working tree's hook manifest,
pyproject.toml, README.md, govlint/ and rules/, committed there: what pre-commit installs is
the code under test, in CI (a clean checkout) as locally (`try-repo` on this repository would
take HEAD plus the changes to tracked files, never untracked ones). `try-repo` builds the hook's
virtualenv (from PyPI) in a store of its own at every call, so only the two tests the issue
names use it; the others share one store (PRE_COMMIT_HOME), built once for the module.
Skipped only when `pre-commit` or `git` is missing.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from reportgen import text_to_docx, text_to_html, text_to_pdf

from govlint.readers import HTML_SUFFIXES, SUPPORTED, TEXT_SUFFIXES

pytestmark = pytest.mark.slow  # real tools in subprocesses: left out of `pytest -m "not slow"`

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
CLEAN = (EXAMPLES / "2023_clean.txt").read_text(encoding="utf-8")
BROKEN = (EXAMPLES / "2023_defect_table3_row_total.txt").read_text(encoding="utf-8")  # GL301 + GL302
GL301_TEXT = "“（一）予以公开”行：“总计”应为 5"  # the message of the broken report's GL301

if importlib.util.find_spec("pre_commit") is not None:
    PRE_COMMIT: list[str] | None = [sys.executable, "-m", "pre_commit"]
else:
    found = shutil.which("pre-commit")
    PRE_COMMIT = [found] if found else None
GIT = shutil.which("git")
needs_tools = pytest.mark.skipif(PRE_COMMIT is None or GIT is None,
                                 reason="the pre-commit end-to-end tests need `pre-commit` and `git` "
                                        f"(pre-commit: {'found' if PRE_COMMIT else 'missing'}, "
                                        f"git: {'found' if GIT else 'missing'})")

ARG_MAX = 2**17  # pre-commit's limit on a hook's command line on POSIX (xargs._get_platform_max_length)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
FINDING = re.compile(r"^(?P<path>[^\s:][^:\n]*):(?P<line>\d+):(?P<col>\d+): (?P<severity>错误|警告|提示) "
                     r"(?P<code>GL\d{3}) ", re.M)
SUMMARY = re.compile(r"^共检查 (\d+) 个文件", re.M)  # the last line of every govlint run
PASSED = re.compile(r"^govlint\.+Passed$", re.M)
FAILED = re.compile(r"^govlint\.+Failed$", re.M)
SKIPPED = re.compile(r"^govlint\.+\(no files to check\)Skipped$", re.M)
# Archive defects (benchmarks/archive.py) and the finding each must give.
PLANTED = {"row_total": "GL301", "carry": "GL801", "missing_section": "GL101", "fee_missing": "GL511",
           "copied": "GL803"}
# A reports repository's own README: govlint takes it for a report (its title says 报告) and fails it.
README = ("# 年度报告归档\n\n本仓库收集本县各部门的政府信息公开工作年度报告，按年份和机关分文件夹存放。"
          + "每份报告以网站发布的原文为准，转换为文本后提交，便于检查和比对。" * 4 + "\n")
NOT_REPORTS = {"tool.py": b"print('hi')\n", "data.json": b"{}\n", "old.doc": b"\xd0\xcf\x11\xe0 not a report",
               "report.txt.bak": BROKEN.encode(), "table.csv": b"a,b\n1,2\n", "logo.png": b"\x89PNG\r\n\x1a\n",
               "README.md": README.encode(), "CHANGELOG.md": b"# Changes\n", "LICENSE.txt": b"MIT License\n"}


# --------------------------------------------------------------------------- the manifest


def hook() -> dict[str, object]:
    [entry] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return entry  # type: ignore[no-any-return]


def selected(name: str) -> bool:
    """Whether pre-commit passes a file of this name to the hook (`files` and not `exclude`)."""
    entry = hook()
    return bool(re.search(str(entry["files"]), name)) and not re.search(str(entry.get("exclude", "^$")), name)


def test_manifest_files_are_exactly_the_supported_formats() -> None:
    for suffix in SUPPORTED:
        for name in (f"report{suffix}", f"a/b/报告{suffix.upper()}", f"x{suffix[:2]}{suffix[2:].upper()}"):
            assert selected(name), name
    for name in ("tool.py", "report.doc", "report.txt.bak", "data.json", "report.xlsx", "report.wps", "txt",
                 "report_txt", "html/index", "report.pdf.zip", "a.mdx", "a.htmlx"):
        assert not selected(name), name


def test_manifest_leaves_out_the_repository_documents() -> None:
    for name in ("README.md", "reports/Readme.MD", "CHANGELOG.md", "LICENSE.txt", "docs/CONTRIBUTING.md",
                 "readme.txt", "SECURITY.md"):
        assert not selected(name), name
    for name in ("readme_reports/2023.txt", "2023年报告.md", "security_bureau/2023.html", "license_office_2023.pdf",
                 "reports/authorsoffice.txt"):
        assert selected(name), name


def test_manifest_declares_a_serial_file_hook_without_progress_bar() -> None:
    entry = hook()
    assert (entry["id"], entry["language"], entry["types"]) == ("govlint", "python", ["file"])
    assert entry.get("pass_filenames", True) is True
    assert entry["require_serial"] is True  # one govlint at a time, each with all its files
    assert str(entry["entry"]).split() == ["govlint", "check", "--no-progress", "--force-exclude"]
    assert not entry.get("args")  # a config's own args replace these; nothing must depend on them


def test_manifest_installs_the_pdf_extra() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert hook()["additional_dependencies"] == pyproject["project"]["optional-dependencies"]["pdf"]


# --------------------------------------------------------------------------- end to end


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run([GIT or "git", *args], cwd=repo, env=env, check=True, capture_output=True)


def make_repo(root: Path, env: dict[str, str], files: dict[str, str | bytes], commit: bool = True) -> Path:
    """A git repository with `files` added (and committed)."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, env, "init", "-q")
    for rel, data in files.items():
        write(root / rel, data)
    git(root, env, "add", "-A")
    if commit:
        git(root, env, "commit", "-q", "-m", "reports")
    return root


def clean_env(tmp: Path) -> dict[str, str]:
    """This environment without what would change pre-commit's, git's or govlint's behaviour
    (CI markers that hide the progress bar, SKIP, git variables of an enclosing hook, colour
    settings), plus a private pre-commit store, govlint cache and git configuration."""
    drop = {"CI", "GITHUB_ACTIONS", "GOVLINT_NO_PROGRESS", "SKIP", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE",
            "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES", "VIRTUAL_ENV"}
    env = {k: v for k, v in os.environ.items()
           if k not in drop and not k.startswith(("GIT_", "PRE_COMMIT", "GOVLINT_"))}
    env.update(PRE_COMMIT_HOME=str(tmp / "pre-commit-home"), GOVLINT_CACHE_DIR=str(tmp / "govlint-cache"),
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="govlint test",
               GIT_AUTHOR_EMAIL="test@example.invalid", GIT_COMMITTER_NAME="govlint test",
               GIT_COMMITTER_EMAIL="test@example.invalid", TERM="dumb")
    return env


class Hook:
    """The hook repository, a config using it, and ways to run its hook in a repository."""

    def __init__(self, repo: Path, config: Path, env: dict[str, str]) -> None:
        self.repo, self.config, self.env = repo, config, env

    def pre_commit(self, target: Path, args: list[str], env: dict[str, str]) -> tuple[int, str]:
        assert PRE_COMMIT is not None
        proc = subprocess.run([*PRE_COMMIT, *args], cwd=target, env={**self.env, **env}, capture_output=True,
                              timeout=600)
        return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace")

    def try_repo(self, target: Path, *args: str) -> tuple[int, str]:
        """`pre-commit try-repo <hook repository> govlint` in `target` (which builds the hook's
        environment afresh, in a store of its own): exit code and output."""
        return self.pre_commit(target, ["try-repo", str(self.repo), "govlint", "--color", "never", *args], {})

    def run(self, target: Path, *args: str, color: str = "never", **env: str) -> tuple[int, str]:
        """`pre-commit run` in `target` with a config naming the hook repository (the
        environment built once, in PRE_COMMIT_HOME): exit code and output."""
        return self.pre_commit(target, ["run", "--config", str(self.config), "--color", color, *args], env)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Hook:
    tmp = tmp_path_factory.mktemp("precommit")
    env = clean_env(tmp)
    repo = tmp / "govlint-hook"
    repo.mkdir()
    junk = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in (".pre-commit-hooks.yaml", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, repo / name)
    for name in ("govlint", "rules"):
        shutil.copytree(ROOT / name, repo / name, ignore=junk)
    make_repo(repo, env, {})
    rev = subprocess.run([GIT or "git", "rev-parse", "HEAD"], cwd=repo, env=env, capture_output=True, text=True,
                         check=True).stdout.strip()
    config = write(tmp / "pre-commit-config.yaml",  # outside the repositories checked: never passed to the hook
                   yaml.safe_dump({"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": "govlint"}]}]}))
    hook = Hook(repo, config, env)
    code, out = hook.pre_commit(repo, ["install-hooks", "--config", str(config)], {})  # pip install from PyPI
    assert code == 0, f"pre-commit could not install the hook's environment:\n{out}"
    return hook


def findings(output: str) -> dict[str, set[str]]:
    """{path: codes} of the findings govlint printed (full format)."""
    found: dict[str, set[str]] = defaultdict(set)
    for m in FINDING.finditer(ANSI.sub("", output)):
        found[m["path"]].add(m["code"])
    return dict(found)


def errors(output: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for m in FINDING.finditer(ANSI.sub("", output)):
        if m["severity"] == "错误":
            found[m["path"]].add(m["code"])
    return dict(found)


def runs(output: str) -> list[int]:
    """Files checked by each govlint invocation, in order."""
    return [int(n) for n in SUMMARY.findall(ANSI.sub("", output))]


@needs_tools
def test_manifest_is_valid_for_pre_commit(hook_repo: Hook) -> None:
    assert PRE_COMMIT is not None
    proc = subprocess.run([*PRE_COMMIT, "validate-manifest", str(MANIFEST)], env=hook_repo.env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_tools
def test_try_repo_clean_report_passes(hook_repo: Hook, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", hook_repo.env, {"reports/2023_clean.txt": CLEAN})
    code, out = hook_repo.try_repo(repo, "--files", "reports/2023_clean.txt", "--verbose")
    assert code == 0, out
    assert PASSED.search(out), out
    assert (runs(out), findings(out)) == ([1], {}), out


@needs_tools
def test_try_repo_broken_report_fails_with_the_finding(hook_repo: Hook, tmp_path: Path) -> None:
    """As at commit time (no --files): only the staged report is passed, and its findings shown."""
    repo = make_repo(tmp_path / "repo", hook_repo.env, {"reports/2023_clean.txt": CLEAN})
    write(repo / "reports/2023_broken.txt", BROKEN)
    git(repo, hook_repo.env, "add", "reports/2023_broken.txt")
    code, out = hook_repo.try_repo(repo)
    assert code == 1, out
    assert FAILED.search(out) and "- exit code: 1" in out, out
    assert "reports/2023_broken.txt:43:31: 错误 GL301 " in out and GL301_TEXT in out, out
    assert findings(out) == {"reports/2023_broken.txt": {"GL301", "GL302"}}, out
    assert runs(out) == [1], out  # the committed clean report is not passed


@needs_tools
def test_git_commit_of_a_broken_report_is_refused(hook_repo: Hook, tmp_path: Path) -> None:
    """`pre-commit install`ed as the repository's git hook: `git commit` refuses a broken
    report, showing the finding, and accepts it once fixed."""
    assert PRE_COMMIT is not None
    repo = make_repo(tmp_path / "repo", hook_repo.env, {"reports/2022_clean.txt": CLEAN})
    code, out = hook_repo.pre_commit(repo, ["install", "--config", str(hook_repo.config)], {})
    assert code == 0, out
    write(repo / "reports/2023.txt", BROKEN)
    git(repo, hook_repo.env, "add", "-A")
    commit = [GIT or "git", "commit", "-m", "2023 report"]
    proc = subprocess.run(commit, cwd=repo, env=hook_repo.env, capture_output=True)
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode != 0 and FAILED.search(out), out
    assert "reports/2023.txt:43:31: 错误 GL301 " in out and GL301_TEXT in out, out
    write(repo / "reports/2023.txt", CLEAN)
    git(repo, hook_repo.env, "add", "-A")
    proc = subprocess.run(commit, cwd=repo, env=hook_repo.env, capture_output=True)
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode == 0 and PASSED.search(out), out


@needs_tools
def test_every_report_format_is_passed_and_nothing_else(hook_repo: Hook, tmp_path: Path) -> None:
    """Each supported suffix (and upper-case ones) reaches govlint and is read — the PDF too,
    so the hook's environment has the pdf extra; other files are never passed."""
    reports: dict[str, str | bytes] = {}
    for suffix in sorted(SUPPORTED):
        if suffix in TEXT_SUFFIXES:
            data: str | bytes = BROKEN
        elif suffix in HTML_SUFFIXES:
            data = text_to_html(BROKEN)
        elif suffix == ".docx":
            data = text_to_docx(BROKEN)
        else:
            assert suffix == ".pdf", f"a new supported suffix {suffix}: add it to this test"
            data = text_to_pdf(BROKEN)
        reports[f"formats/broken{suffix}"] = data
    reports["formats/LOUD.TXT"] = BROKEN
    reports["formats/LOUD.DOCX"] = text_to_docx(BROKEN)
    repo = make_repo(tmp_path / "repo", hook_repo.env, {**reports, **{f"other/{k}": v for k, v in NOT_REPORTS.items()}})
    code, out = hook_repo.run(repo, "--all-files")
    assert code == 1, out
    assert runs(out) == [len(reports)], out
    assert errors(out) == {path: {"GL301", "GL302"} for path in reports}, out
    assert "other/" not in out
    code, out = hook_repo.run(repo, "--files", *(f"other/{k}" for k in NOT_REPORTS))
    assert code == 0 and SKIPPED.search(out), out


@needs_tools
def test_no_progress_bar_in_a_terminal(hook_repo: Hook, tmp_path: Path) -> None:
    """With --color always pre-commit runs the hook in a pseudo-terminal, where govlint would
    draw its progress bar (a run of several files, stderr a terminal): it must not."""
    files: dict[str, str | bytes] = {f"r/{i:02d}_clean.txt": CLEAN for i in range(12)}
    files["r/99_broken.txt"] = BROKEN
    repo = make_repo(tmp_path / "repo", hook_repo.env, files)
    code, out = hook_repo.run(repo, "--all-files", "--verbose", color="always", TERM="xterm-256color")
    assert code == 1, out
    [line] = [ln for ln in out.splitlines() if "GL301" in ln]
    assert "\x1b[" in line, "govlint's output was not styled: the hook did not run in a terminal"
    assert runs(out) == [13]
    plain = ANSI.sub("", out)
    assert "━" not in plain and "\x1b[?25l" not in out, out  # the bar, hiding the cursor
    assert not re.search(r"\b\d+/13\b", plain), out  # files done/total
    assert not re.search(r"\r(?!\n)", out), out  # a line redrawn in place


@needs_tools
def test_files_in_several_batches(hook_repo: Hook, tmp_path: Path) -> None:
    """pre-commit splits a long list of files into several govlint runs (require_serial makes
    them sequential, not fewer): every file is checked once, every finding shown, the exit
    code is that of the worst run; a clean set passes."""
    folder = "/".join(f"{k:02d}" + "政府信息公开工作年度报告" * 6 for k in range(12))  # ~2.6 kB in UTF-8
    count = math.ceil(1.6 * ARG_MAX / (len(folder.encode()) + 10))
    names = [f"{folder}/{i:03d}.txt" for i in range(count)]
    broken = {names[0], names[count // 2], names[-1]}
    repo = make_repo(tmp_path / "repo", hook_repo.env, {n: BROKEN if n in broken else CLEAN for n in names},
                     commit=False)
    code, out = hook_repo.run(repo, "--all-files")
    assert code == 1 and FAILED.search(out), out[-3000:]
    batches = runs(out)
    assert len(batches) >= 2 and sum(batches) == count, batches
    assert errors(out) == {name: {"GL301", "GL302"} for name in broken}
    for name in broken:
        write(repo / name, CLEAN)
    git(repo, hook_repo.env, "add", "-A")
    code, out = hook_repo.run(repo, "--all-files", "--verbose")
    assert code == 0 and PASSED.search(out), out[-3000:]
    assert len(runs(out)) >= 2 and sum(runs(out)) == count and findings(out) == {}


def archive_module() -> ModuleType:
    """benchmarks/archive.py (not a package): loaded by path."""
    spec = importlib.util.spec_from_file_location("govlint_bench_archive", ROOT / "benchmarks" / "archive.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    return module


@needs_tools
def test_all_files_of_an_archive_in_one_run(hook_repo: Hook, tmp_path: Path) -> None:
    """--all-files on 32 reports in nested folders (text, HTML, Word) with planted defects:
    one govlint run (require_serial), so the cross-report checks see every report and the
    broken carry-over between two years of one organ is found."""
    repo = tmp_path / "repo"
    generate: Callable[..., dict[str, list[str]]] = archive_module().generate
    manifest = generate(repo / "archive", 32, seed=28)
    kinds = {d.split(":")[0] for defects in manifest.values() for d in defects}
    assert kinds >= {"row_total", "carry", "missing_section", "fee_missing", "copied"}
    make_repo(repo, hook_repo.env, {})
    code, out = hook_repo.run(repo, "--all-files")
    assert code == 1, out
    assert runs(out) == [len(manifest)], out  # MANIFEST.json is not passed
    found = findings(out)
    for rel, defects in manifest.items():
        expected = {PLANTED[d.split(":")[0].split("+")[0]] for d in defects}
        codes = found.get(f"archive/{rel}", set())
        assert codes >= expected, (rel, defects, codes)
        if not defects:
            assert not codes, (rel, codes)
