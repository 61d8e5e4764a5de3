"""Batch audits: folder discovery, worker processes, per-file limits, progress, every output
format, the result cache, the cross-report checks (GL801–GL803), GL013 and the library API.

Most runs go through click's CliRunner in this process (as tests/test_cli.py does); the
progress bar is tested in a real terminal (a pty) with `python -m govlint`. The synthetic
archive comes from benchmarks/archive.py (seeded), built once per module.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import pickle
import pty
import random
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import lxml.html
import pytest
from click.testing import CliRunner, Result

import govlint
from govlint import api, batch
from govlint.cli import FORMAT_NAMES, main
from govlint.config import Config
from govlint.findings import FileResult, Finding, Severity
from govlint.readers import MAX_BYTES, SUPPORTED
from govlint.reporters import csv as csv_reporter
from govlint.reporters import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REAL = ROOT.parent / "shared" / "corpus" / "real"

# Deterministic console: no forced colours, 80 columns (as in a pipe or CI log).
ENV = {"COLUMNS": "80", "LINES": "25", "FORCE_COLOR": None, "NO_COLOR": "1", "TTY_COMPATIBLE": None,
       "TTY_INTERACTIVE": None, "CLICOLOR_FORCE": None}
QUIET = ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "GOVLINT_NO_PROGRESS")
ARITHMETIC = {"GL301", "GL302", "GL303", "GL401", "GL402", "GL403"}
CROSS = {"GL801", "GL802", "GL803"}
ARCHIVE_SIZE, ARCHIVE_SEED = 60, 12  # 60 reports in txt, html, docx and md; 2 carry and 3 copied defects
DIGITS = b"1234567890" * 100_000  # 1 MB on one line: a real check of ~1.5 s
ENGLISH = """# Archive of annual reports

This folder holds the annual reports collected from the websites of the county
government and its departments in January. Each file is named after the year and
the organ. The numbers in the tables were not edited. Contact the maintainer for
questions about the provenance of individual files.
"""
NEWS = """我市举办春季招聘会

3月15日上午，市人力资源和社会保障局在市体育馆举办春季大型招聘会，共有230家企业参会，提供就业岗位5600余个，吸引了8000多名求职者入场。

招聘会现场人头攒动，岗位涵盖制造业、信息技术、现代服务业等多个领域。不少企业负责人表示，今年的招聘需求比去年明显增加，特别是技术工人和工程师岗位。

据了解，市人社局今年将陆续举办各类招聘活动40余场，帮助高校毕业生、退役军人和农民工等重点群体实现就业。
"""
ROW = "（一）予以公开\t4\t1\t0\t0\t0\t0\t5"  # a row of examples/2023_clean.txt; total 6 breaks GL301


# --------------------------------------------------------------------------- helpers


def run(*args: Any, env: dict[str, str | None] | None = None) -> Result:
    runner = CliRunner(env={**ENV, **(env or {})})
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def run_json(*args: Any) -> tuple[Result, dict[str, Any]]:
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    return result, json.loads(result.stdout)


def triples(findings: list[dict[str, Any]]) -> set[tuple[str, str, int]]:
    return {(f["path"], f["code"], f["location"]["line"]) for f in findings}


@cache
def archive_module() -> ModuleType:
    """benchmarks/archive.py (not a package): loaded by path."""
    spec = importlib.util.spec_from_file_location("govlint_bench_archive", ROOT / "benchmarks" / "archive.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def consecutive(organ: str, seed: int, carry: bool = False, in_force: bool = False) -> tuple[str, str]:
    """The 2022 and 2023 reports of one organ, connected (or with the 2023 carry-over or
    现行有效件数 broken), as text."""
    arc = archive_module()
    rng = random.Random(seed)
    last = arc.make_report(rng, organ, 2022, [0, 1, 0, 0, 0, 0], [0, 5])
    this = arc.make_report(rng, organ, 2023, last.t3["r25"][:6], [last.t2["rules"][2], last.t2["normative"][2]])
    if carry:
        arc.plant(rng, this, "carry", None)  # 上年结转 自然人 + 1, the table still balanced
    if in_force:
        this.t2["normative"][2] += 2
    return arc.text_of(last), arc.text_of(this)


def copied_pair(seed: int) -> tuple[str, str]:
    """A 2022 report of one organ and a 2023 report of another organ whose prose is the first's."""
    arc = archive_module()
    rng = random.Random(seed)
    donor = arc.make_report(rng, "云溪市安平县商务局", 2022, [0] * 6, [0, 3])
    copier = arc.make_report(rng, "白石市长宁县统计局", 2023, [0] * 6, [0, 3])
    arc.plant(rng, copier, "copied", donor)
    return arc.text_of(donor), arc.text_of(copier)


def html_report(seed: int, organ: str = "北湖市河东区教育局") -> str:
    arc = archive_module()
    rng = random.Random(seed)
    return arc.html_of(arc.make_report(rng, organ, 2023, [0] * 6, [0, 2]))


def example(name: str) -> bytes:
    return (EXAMPLES / f"{name}.txt").read_bytes()


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def entries(cache_folder: Path) -> list[Path]:
    results = cache_folder / "results"
    return sorted(p for p in results.rglob("*") if p.is_file()) if results.is_dir() else []


# --------------------------------------------------------------------------- fixtures (built once)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    out = tmp_path_factory.mktemp("archive")
    manifest = archive_module().generate(out, ARCHIVE_SIZE, seed=ARCHIVE_SEED)
    return out, manifest


@pytest.fixture(scope="module")
def archive_json(archive: tuple[Path, dict[str, list[str]]]) -> dict[str, Any]:
    root, _ = archive
    result, data = run_json(root, "--no-cache", "-j", "1")
    assert result.exit_code == 1
    return data


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 files: clean, defective (error, warning and info findings), a carry-over break, a
    copy, an HTML page, an English README (GL013) and a damaged Word file (GL001)."""
    root = tmp_path_factory.mktemp("mixed")
    write(root / "a_clean.txt", example("2023_clean"))
    write(root / "b_row_total.txt", example("2023_defect_table3_row_total"))
    write(root / "c_fee_missing.txt", example("2023_defect_fee_missing"))
    write(root / "d_blank_cell.txt", example("2023_defect_blank_cell"))
    write(root / "e_duplicate.txt", example("2023_defect_duplicate_paragraph"))
    last, this = consecutive("临川市城南区民政局", seed=5, carry=True)
    write(root / "carry" / "2022.txt", last)
    write(root / "carry" / "2023.txt", this)
    donor, copier = copied_pair(seed=9)
    write(root / "copy" / "donor.txt", donor)
    write(root / "copy" / "copier.txt", copier)
    write(root / "page.html", html_report(3))
    write(root / "README.md", ENGLISH)
    write(root / "z_junk.docx", b"PK\x03\x04" + bytes(range(256)) * 8)
    return root


@pytest.fixture(scope="module")
def mixed_json(mixed: Path) -> dict[str, Any]:
    result, data = run_json(mixed)
    assert result.exit_code == 1
    return data


# --------------------------------------------------------------------------- 1. discovery


def _tree(root: Path) -> None:
    for name in ["x.txt", "x.text", "x.md", "x.markdown", "x.html", "x.htm", "x.shtml", "x.xhtml", "x.docx",
                 "x.pdf", "x.doc", "x.csv", "x.json", "x.xlsx", "x.png", "noext", ".hidden.txt", "sub/y.TXT",
                 "sub/deep/z.md", ".hid/q.txt", "drafts/d.txt", "sub/.cache/c.txt"]:
        write(root / name, "hi")


def show(*args: Any) -> list[str]:
    result = run("check", "--show-files", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_show_files_lists_supported_files_recursively_and_checks_nothing(tmp_path: Path) -> None:
    _tree(tmp_path)
    listed = show(tmp_path)
    rel = [Path(p).relative_to(tmp_path).as_posix() for p in listed]
    expected = sorted(["x.txt", "x.text", "x.md", "x.markdown", "x.html", "x.htm", "x.shtml", "x.xhtml", "x.docx",
                       "x.pdf", "sub/y.TXT", "sub/deep/z.md", "drafts/d.txt"], key=lambda p: p.split("/"))
    assert rel == expected  # a sorted walk: no unsupported suffix, no hidden file or folder
    assert {Path(p).suffix.lower() for p in listed} == SUPPORTED
    # nothing was checked: no summary line, no findings
    result = run("check", "--show-files", "--format", "json", tmp_path)
    assert result.stdout.splitlines() == listed


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    _tree(tmp_path)

    def rel(*args: str) -> list[str]:
        return [Path(p).relative_to(tmp_path).as_posix() for p in show(tmp_path, *args)]

    assert rel("--include", "*.md") == ["sub/deep/z.md", "x.md"]
    assert rel("--include", "sub/") == ["sub/deep/z.md", "sub/y.TXT"]
    assert rel("--include", "*.md", "--include", "*.docx") == ["sub/deep/z.md", "x.docx", "x.md"]
    assert "drafts/d.txt" not in rel("--exclude", "drafts/")
    assert not any(p.startswith("sub/") for p in rel("--exclude", "sub"))
    assert rel("--include", "*.md", "--exclude", "deep/") == ["x.md"]
    everything = rel()
    assert rel("--exclude", "*.txt") == [p for p in everything if not p.endswith(".txt")]


def test_gitignore_respected_by_default_and_switched_off(tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / ".gitignore", "drafts/\n*.htm\n")
    write(tmp_path / "sub" / ".gitignore", "z.md\n")  # nested ignore files apply below them
    default = [Path(p).relative_to(tmp_path).as_posix() for p in show(tmp_path)]
    assert "drafts/d.txt" not in default and "x.htm" not in default and "sub/deep/z.md" not in default
    assert "x.html" in default and "sub/y.TXT" in default
    everything = [Path(p).relative_to(tmp_path).as_posix() for p in show(tmp_path, "--no-respect-gitignore")]
    assert {"drafts/d.txt", "x.htm", "sub/deep/z.md"} <= set(everything)
    assert set(everything) - set(default) == {"drafts/d.txt", "x.htm", "sub/deep/z.md"}


def test_gitignore_of_the_enclosing_work_tree_applies(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / ".gitignore", "private/\n")
    write(repo / "reports" / "a.txt", "hi")
    write(repo / "reports" / "private" / "b.txt", "hi")
    assert [Path(p).name for p in show(repo / "reports")] == ["a.txt"]
    assert [Path(p).name for p in show(repo / "reports", "--no-respect-gitignore")] == ["a.txt", "b.txt"]
    # outside a git work tree, a parent folder's .gitignore does not apply
    shutil.rmtree(repo / ".git")
    assert [Path(p).name for p in show(repo / "reports")] == ["a.txt", "b.txt"]


def test_hidden_files_skipped_in_folders_but_checked_when_named(tmp_path: Path) -> None:
    write(tmp_path / ".draft.txt", example("2023_defect_table3_row_total"))
    write(tmp_path / ".old" / "r.txt", example("2023_defect_table3_row_total"))
    write(tmp_path / "r.txt", example("2023_clean"))
    assert show(tmp_path) == [str(tmp_path / "r.txt")]
    assert run("check", tmp_path).exit_code == 0  # the hidden defective reports were not checked
    assert run("check", tmp_path / ".draft.txt").exit_code == 1


def test_overlapping_arguments_checked_once(tmp_path: Path) -> None:
    write(tmp_path / "r.txt", example("2023_defect_table3_row_total"))
    _, data = run_json(tmp_path, tmp_path / "r.txt", "--no-cross-report")
    assert data["summary"]["files"] == 1
    assert data["summary"]["by_code"] == {"GL301": 1, "GL302": 1}


# --------------------------------------------------------------------------- 2. parallelism


@pytest.mark.parametrize("fmt", ["json", "json-lines"])
def test_jobs_give_byte_identical_output(archive: tuple[Path, dict[str, list[str]]], fmt: str) -> None:
    root, _ = archive
    outputs = {}
    for jobs in ("1", "2", "auto"):
        result = run("check", root, "--format", fmt, "--no-cache", "-j", jobs)
        assert result.exit_code == 1
        outputs[jobs] = result.stdout_bytes
    assert outputs["1"] == outputs["2"] == outputs["auto"]
    assert outputs["1"].count(b"GL801") >= 2  # the cross-report findings are part of it


def test_results_in_deterministic_path_order(archive: tuple[Path, dict[str, list[str]]],
                                             archive_json: dict[str, Any]) -> None:
    root, manifest = archive
    paths = [f["path"] for f in archive_json["files"]]
    assert paths == show(root)
    assert len(paths) == len(manifest) == ARCHIVE_SIZE
    rel = [Path(p).relative_to(root).parts for p in paths]
    assert rel == sorted(rel)
    # findings: per file in that order (cross-report findings merged into their file)
    order = {p: k for k, p in enumerate(paths)}
    keys = [(order[f["path"]], f["location"]["line"], f["location"]["column"]) for f in archive_json["findings"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_jobs_value_is_a_usage_error(value: str) -> None:
    result = run("check", "-j", value, EXAMPLES / "2023_clean.txt")
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


# --------------------------------------------------------------------------- 3. limits


@pytest.fixture
def endless(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """endless(name): the check of files named `name` runs until the time limit stops it (30 s at
    most), in this process and in forked workers alike; the others are checked as usual."""
    real = api.check_document
    names: set[str] = set()

    def check_document(text: str, path: str, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name in names:
            for _ in range(3000):
                time.sleep(0.01)
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr(api, "check_document", check_document)
    return names.add


def test_timeout_gives_gl012_and_other_files_are_checked(tmp_path: Path, endless: Callable[[str], None]) -> None:
    write(tmp_path / "a_clean.txt", example("2023_clean"))
    write(tmp_path / "b_digits.txt", DIGITS)
    write(tmp_path / "c_fee.txt", example("2023_defect_fee_missing"))
    endless("b_digits.txt")
    result, data = run_json(tmp_path, "--timeout", "1", "-j", "1", "--no-cache", "--lang", "en")
    assert result.exit_code == 1  # GL012 is an error
    by_path = {}
    for f in data["findings"]:
        by_path.setdefault(Path(f["path"]).name, []).append(f)
    [timeout] = by_path["b_digits.txt"]
    assert (timeout["code"], timeout["name"], timeout["severity"]) == ("GL012", "check-timeout", "error")
    assert "1 s" in timeout["message"]
    assert [f["code"] for f in by_path["c_fee.txt"]] == ["GL511"]
    assert "a_clean.txt" not in by_path


def test_timeout_in_worker_processes(tmp_path: Path, endless: Callable[[str], None]) -> None:
    for k in range(8):
        write(tmp_path / f"r{k}.txt", example("2023_clean"))
    write(tmp_path / "r9_digits.txt", DIGITS)
    endless("r9_digits.txt")
    result, data = run_json(tmp_path, "--timeout", "1", "-j", "2", "--no-cache")
    assert result.exit_code == 1
    assert [(Path(f["path"]).name, f["code"]) for f in data["findings"]] == [("r9_digits.txt", "GL012")]
    assert data["summary"]["files"] == 9


def test_timeout_with_a_slow_check_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = write(tmp_path / "b_slow.txt", example("2023_clean"))
    write(tmp_path / "a.txt", example("2023_defect_table3_row_total"))
    real = api.check_document
    finished = tmp_path / "slow check finished"

    def check_document(text: str, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == str(slow):
            for _ in range(3000):  # 30 s unless the 1 s limit stops it (which is what is tested)
                time.sleep(0.01)
            finished.touch()
        return real(text, name, *args, **kwargs)

    monkeypatch.setattr(api, "check_document", check_document)
    _, data = run_json(tmp_path, "--timeout", "1", "--no-cache")
    assert not finished.exists()
    assert sorted((Path(f["path"]).name, f["code"]) for f in data["findings"]) == [
        ("a.txt", "GL301"), ("a.txt", "GL302"), ("b_slow.txt", "GL012")]


def test_timeouts_are_not_cached(tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digits = write(tmp_path / "digits.txt", DIGITS)
    write(tmp_path / "clean.txt", example("2023_clean"))
    slow = tmp_path / "slow"  # while it exists, digits.txt's check runs until the limit stops it
    slow.touch()
    real = api.check_document

    def check_document(text: str, name: str, *args: Any, **kwargs: Any) -> Any:
        while name == str(digits) and slow.exists():
            time.sleep(0.01)
        return real(text, name, *args, **kwargs)

    monkeypatch.setattr(api, "check_document", check_document)
    _, first = run_json(tmp_path, "--timeout", "1")
    slow.unlink()
    assert {f["code"] for f in first["findings"]} == {"GL012"}
    assert len(entries(own_cache)) == 1  # only the clean report's result was kept
    _, second = run_json(digits)  # default limit: really checked now
    assert "GL012" not in {f["code"] for f in second["findings"]}
    assert second["findings"]


def test_crash_in_a_check_is_gl002_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = write(tmp_path / "a_bad.txt", example("2023_clean"))
    write(tmp_path / "b.txt", example("2023_defect_fee_missing"))
    real = api.check_document

    def check_document(text: str, name: str, *args: Any, **kwargs: Any) -> Any:
        if name == str(bad):
            raise ZeroDivisionError("boom")
        return real(text, name, *args, **kwargs)

    monkeypatch.setattr(api, "check_document", check_document)
    result, data = run_json(tmp_path, "--no-cache")
    assert result.exit_code == 1
    assert [(Path(f["path"]).name, f["code"]) for f in data["findings"]] == [("a_bad.txt", "GL002"),
                                                                           ("b.txt", "GL511")]
    assert "ZeroDivisionError" in data["findings"][0]["message"]


def test_file_over_size_limit_is_gl001_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "a_huge.txt"
    with open(huge, "wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_BYTES + 1)
    write(tmp_path / "b.txt", example("2023_defect_fee_missing"))
    result, data = run_json(tmp_path, "--lang", "en", "--no-cache")
    assert result.exit_code == 1
    [too_large, fee] = data["findings"]
    assert (Path(too_large["path"]).name, too_large["code"]) == ("a_huge.txt", "GL001")
    assert "the limit is 20 MB" in too_large["message"]
    assert (Path(fee["path"]).name, fee["code"]) == ("b.txt", "GL511")

    reads: list[int] = []

    class Spy:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def fileno(self) -> int:
            return int(self.handle.fileno())

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return bytes(self.handle.read(size))

    def spy_open(name: str, mode: str = "r") -> Spy:
        return Spy(open(name, mode))  # closed by Spy.__exit__

    import govlint.readers

    monkeypatch.setattr(govlint.readers, "open", spy_open, raising=False)  # where files are opened
    outcome = batch.check_one(str(huge), batch.Options(cache=False))
    assert [f.code for f in outcome.result.findings] == ["GL001"]
    assert reads == []  # refused on its size, not read


def test_damaged_files_are_findings_and_exit_code_is_the_worst(tmp_path: Path) -> None:
    write(tmp_path / "a_clean.txt", example("2023_clean"))
    write(tmp_path / "b_fee.txt", example("2023_defect_fee_missing"))  # a warning only
    assert run("check", tmp_path).exit_code == 0
    write(tmp_path / "c_junk.docx", os.urandom(3000))
    write(tmp_path / "d_truncated.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    write(tmp_path / "e_zip.docx", b"PK\x03\x04garbage")
    result, data = run_json(tmp_path, "--no-cache")
    assert result.exit_code == 1
    codes = {Path(f["path"]).name: f["code"] for f in data["findings"]}
    assert codes == {"b_fee.txt": "GL511", "c_junk.docx": "GL001", "d_truncated.pdf": "GL001",
                     "e_zip.docx": "GL001"}
    assert data["summary"]["files"] == 5
    assert run("check", tmp_path, "--fail-on", "never").exit_code == 0
    assert run("check", tmp_path, "--ignore", "GL001").exit_code == 0
    assert run("check", tmp_path, "--ignore", "GL001", "--fail-on", "warning").exit_code == 1


# --------------------------------------------------------------------------- 4. progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Pipe(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def no_ci(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in QUIET:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_progress_wanted_in_a_terminal(no_ci: pytest.MonkeyPatch) -> None:
    from govlint.progress import wanted

    no_ci.setattr(sys, "stderr", _Tty())
    assert wanted(True, 10)
    assert not wanted(False, 10)  # --no-progress
    assert not wanted(True, 1)  # one file: nothing to show


@pytest.mark.parametrize("name", QUIET)
def test_progress_not_wanted_under_ci_or_pre_commit(no_ci: pytest.MonkeyPatch, name: str) -> None:
    from govlint.progress import wanted

    no_ci.setattr(sys, "stderr", _Tty())
    no_ci.setenv(name, "1")
    assert not wanted(True, 10)


def test_progress_not_wanted_when_stderr_is_not_a_terminal(no_ci: pytest.MonkeyPatch) -> None:
    from govlint.progress import wanted

    no_ci.setattr(sys, "stderr", _Pipe())
    assert not wanted(True, 10)


def test_no_progress_output_through_a_pipe(mixed: Path) -> None:
    result = run("check", mixed, "--format", "json", env={name: None for name in QUIET})
    assert result.stderr == ""
    json.loads(result.stdout)


def _in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    """Run `python -m govlint` with stderr on a pseudo-terminal; (exit code, stderr, stdout)."""
    master, slave = pty.openpty()
    base = {k: v for k, v in os.environ.items() if k not in QUIET}
    proc = subprocess.Popen([sys.executable, "-m", "govlint", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave, env={**base, **env}, cwd=ROOT)
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if not ready:
            if proc.poll() is not None and not select.select([master], [], [], 0)[0]:
                break
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not data:
            break
        chunks.append(data)
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, b"".join(chunks), out


def test_progress_bar_in_a_terminal_and_not_under_ci(mixed: Path) -> None:
    args = ["check", str(mixed), "--format", "json", "--no-cache"]
    code, err, out = _in_terminal(args, {})
    assert code == 1
    assert "检查".encode() in err and b"12/12" in err  # the bar, finished
    assert json.loads(out)["summary"]["files"] == 12  # stdout untouched
    for env in ({"CI": "true"}, {"PRE_COMMIT": "1"}):
        code, err, out = _in_terminal(args, env)
        assert (code, err) == (1, b""), env
    code, err, _ = _in_terminal([*args, "--no-progress"], {})
    assert (code, err) == (1, b"")


# --------------------------------------------------------------------------- 5. outputs


HEADLINE = re.compile(r"^(?P<path>/.+?):(?P<line>\d+):(?P<col>\d+): \S+ (?P<code>GL\d{3}) ")
GITHUB = re.compile(r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]*),line=(?P<line>\d+),col=(?P<col>\d+),"
                    r"title=(?P<title>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    return text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def parse_triples(fmt: str, text: str) -> set[tuple[str, str, int]]:
    """(path, code, line) of every finding in an output."""
    if fmt == "json":
        return triples(json.loads(text)["findings"])
    if fmt == "json-lines":
        return triples([r for r in map(json.loads, text.splitlines()) if r["type"] == "finding"])
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
        return {(r["文件"], r["规则"], int(r["行"])) for r in rows}
    if fmt == "sarif":
        out = set()
        for res in json.loads(text)["runs"][0]["results"]:
            loc = res["locations"][0]["physicalLocation"]
            out.add((unquote(loc["artifactLocation"]["uri"]), res["ruleId"], loc["region"]["startLine"]))
        return out
    if fmt == "junit":
        out = set()
        for failure in ET.fromstring(text).iter("failure"):
            path, line, _, rest = failure.get("message", "").split(":", 3)
            out.add((path, rest.split()[0], int(line)))
        for listed in ET.fromstring(text).iter("system-out"):  # findings below --fail-on
            for entry in (listed.text or "").splitlines():
                path, line, _, rest = entry.split(":", 3)
                out.add((path, rest.split()[1], int(line)))
        return out
    if fmt == "github":
        return {(_unescape(m["file"]), m["title"].split()[0], int(m["line"]))
                for m in map(GITHUB.match, text.splitlines()) if m and m["title"] != "govlint"}
    if fmt == "html":
        rows = json.loads(lxml.html.fromstring(text).get_element_by_id("findings-data").text)
        return {(r["path"], r["code"], r["line"]) for r in rows}
    return {(m["path"], m["code"], int(m["line"])) for m in map(HEADLINE.match, text.splitlines()) if m}


SELECTIONS = [[], ["--select", "GL3,GL5"], ["--ignore", "GL009,GL013,table3-row-total"], ["--select", "GL8"],
              ["--fail-on", "warning", "--ignore", "GL3,GL001,GL801"], ["--select", "GL5,GL013,GL009"]]
EXIT_CODES = [1, 1, 1, 1, 1, 0]  # the last selection holds warnings and notices only


@pytest.fixture(scope="module")
def every_format(mixed: Path) -> dict[tuple[int, str], Result]:
    return {(k, fmt): run("check", mixed, "--format", fmt, *selection)
            for k, selection in enumerate(SELECTIONS) for fmt in FORMAT_NAMES}


@pytest.mark.parametrize("k", range(len(SELECTIONS)))
def test_every_format_same_findings_and_exit_code(every_format: dict[tuple[int, str], Result], k: int) -> None:
    results = {fmt: r for (i, fmt), r in every_format.items() if i == k}
    reference = json.loads(results["json"].stdout)
    expected = triples(reference["findings"])
    threshold = 2 if "--fail-on" in SELECTIONS[k] else 3  # warning / error
    rank = {"error": 3, "warning": 2, "info": 1}
    exit_code = 1 if any(rank[f["severity"]] >= threshold for f in reference["findings"]) else 0
    assert expected
    assert exit_code == EXIT_CODES[k]
    for fmt, result in results.items():
        assert result.exit_code == exit_code, fmt
        assert parse_triples(fmt, result.stdout) == expected, fmt


def test_selection_filters_every_format(every_format: dict[tuple[int, str], Result]) -> None:
    select = {c for _, c, _ in parse_triples("json", every_format[(1, "json")].stdout)}
    assert select and all(c.startswith(("GL3", "GL5")) for c in select)
    ignored = {c for _, c, _ in parse_triples("json", every_format[(2, "json")].stdout)}
    assert not ignored & {"GL009", "GL013", "GL301"}
    assert "GL302" in ignored
    cross = {c for _, c, _ in parse_triples("json", every_format[(3, "json")].stdout)}
    assert cross == {"GL801", "GL803"}


def test_json_schema_version_and_summary(mixed_json: dict[str, Any]) -> None:
    data = mixed_json
    assert data["version"] == 1
    assert data["tool"] == {"name": "govlint", "version": govlint.__version__}
    summary, findings = data["summary"], data["findings"]
    assert summary["files"] == len(data["files"]) == 12
    assert summary["findings"] == len(findings)
    assert summary["by_severity"] == {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
    assert summary["by_code"] == {c: sum(f["code"] == c for f in findings) for c in {f["code"] for f in findings}}
    assert summary["files_with_findings"] == len({f["path"] for f in findings})
    assert {f["code"] for f in findings} >= {"GL001", "GL013", "GL301", "GL511", "GL801", "GL803", "GL009"}


def test_json_lines_records(mixed: Path, mixed_json: dict[str, Any]) -> None:
    result = run("check", mixed, "--format", "json-lines")
    records = [json.loads(line) for line in result.stdout.splitlines()]  # one object per line
    assert all(isinstance(r, dict) for r in records)
    assert {r["type"] for r in records} == {"finding", "file", "summary"}
    summary = records[-1]
    assert summary["type"] == "summary" and summary["version"] == 1
    assert [r["type"] for r in records].count("summary") == 1
    assert {k: summary[k] for k in mixed_json["summary"]} == mixed_json["summary"]
    files = [r for r in records if r["type"] == "file"]
    assert [r["path"] for r in files] == [f["path"] for f in mixed_json["files"]]
    findings = [r for r in records if r["type"] == "finding"]
    assert len(findings) == summary["findings"]
    assert [{k: v for k, v in r.items() if k != "type"} for r in findings
            if r["code"] not in CROSS] == [f for f in mixed_json["findings"] if f["code"] not in CROSS]
    # each file's own findings come just before its file record; cross-report ones at the end
    pending: list[dict[str, Any]] = []
    last_file = max(k for k, r in enumerate(records) if r["type"] == "file")
    for record in records[:last_file + 1]:
        if record["type"] == "finding":
            pending.append(record)
        elif record["type"] == "file":
            assert {f["path"] for f in pending} <= {record["path"]}
            assert len(pending) == record["findings"]
            pending = []
    assert {r["code"] for r in records[last_file + 1:-1]} == {"GL801", "GL803"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_bom_header_and_rows(mixed: Path, mixed_json: dict[str, Any], tmp_path: Path, lang: str) -> None:
    out = tmp_path / "out.csv"
    run("check", mixed, "--format", "csv", "--lang", lang, "-o", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = {"zh": ["文件", "机关", "年度", "规则", "规则名称", "级别", "行", "列号", "部分", "表格", "表格行", "表格列",
                     "应为", "实为", "问题", "建议"],
              "en": ["path", "organ", "year", "code", "name", "severity", "line", "column", "section", "table", "row",
                     "table_column", "expected", "found", "message", "help"]}[lang]
    assert rows[0] == header == csv_reporter.HEADER[lang]
    if lang == "en":
        assert set(rows[0]) >= {"path", "organ", "year", "code", "severity", "section", "table", "row", "column",
                                "expected", "found", "message"}
    # rows by the English names, whatever the header language
    body = [dict(zip(csv_reporter.HEADER["en"], r, strict=True)) for r in rows[1:]]
    assert len(body) == len(mixed_json["findings"])
    assert sorted((r["path"], r["code"], int(r["line"])) for r in body) == sorted(
        (f["path"], f["code"], f["location"]["line"]) for f in mixed_json["findings"])  # streamed: cross ones last
    [gl301] = [r for r in body if r["code"] == "GL301"]
    assert (gl301["organ"], gl301["year"]) == ("青山市河东区市场监督管理局", "2023")
    assert (gl301["row"], gl301["table_column"], gl301["expected"], gl301["found"]) == ("（一）予以公开", "总计", "5", "6")
    assert gl301["severity"] == ("错误" if lang == "zh" else "error")
    assert gl301["path"].endswith("b_row_total.txt")
    if lang == "zh":
        assert gl301["table"] == "表三（收到和处理政府信息公开申请情况）"
        assert "“（一）予以公开”行：“总计”应为 5" in gl301["message"]
    else:
        assert gl301["table"] == "Table 3 (requests received and handled)"
        assert "Table 3" in gl301["message"]


def test_sarif_structure(every_format: dict[tuple[int, str], Result], mixed_json: dict[str, Any]) -> None:
    log = json.loads(every_format[(0, "sarif")].stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://") and "sarif" in log["$schema"]
    [run_] = log["runs"]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    results = run_["results"]
    assert len(results) == len(mixed_json["findings"])
    assert {r["ruleId"] for r in results} <= set(rules)
    for res in results:
        assert rules[res["ruleIndex"]] == res["ruleId"]
        assert res["level"] in {"error", "warning", "note"}
        assert res["message"]["text"]
        [loc] = res["locations"]
        assert loc["physicalLocation"]["artifactLocation"]["uri"]
        assert loc["physicalLocation"]["region"]["startLine"] >= 1
        assert res["partialFingerprints"]
    levels = {r["ruleId"]: r["level"] for r in results}
    assert (levels["GL301"], levels["GL511"], levels["GL009"]) == ("error", "warning", "note")


def test_sarif_distinct_results_have_distinct_fingerprints(every_format: dict[tuple[int, str], Result]) -> None:
    results = json.loads(every_format[(0, "sarif")].stdout)["runs"][0]["results"]
    seen: dict[str, str] = {}
    for res in results:
        fp = res["partialFingerprints"]["govlint/v1"]
        assert seen.setdefault(fp, res["message"]["text"]) == res["message"]["text"], res["ruleId"]


def test_sarif_validates_against_the_official_schema(every_format: dict[tuple[int, str], Result]) -> None:
    schema_path = os.environ.get("GOVLINT_SARIF_SCHEMA")
    if not schema_path or not Path(schema_path).is_file():
        pytest.skip("set GOVLINT_SARIF_SCHEMA to the SARIF 2.1.0 JSON schema file (not shipped) to validate")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed")
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(json.loads(every_format[(0, "sarif")].stdout)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_junit_cases_and_failures(every_format: dict[tuple[int, str], Result], mixed_json: dict[str, Any]) -> None:
    root = ET.fromstring(every_format[(0, "junit")].stdout)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [f["path"] for f in mixed_json["files"]]
    failed = [c for c in cases if c.findall("failure")]
    # a file fails with one <failure> per finding at or above --fail-on (default error), like the
    # exit code; the findings below it are listed in <system-out>
    errors = [f for f in mixed_json["findings"] if f["severity"] == "error"]
    assert int(suite.get("failures", "-1")) == int(root.get("failures", "-1")) == len(failed) \
        == len({f["path"] for f in errors}) > 0
    assert int(suite.get("tests", "-1")) == len(cases) == 12
    assert sum(len(c.findall("failure")) for c in cases) == len(errors)
    below = sum(len((c.findtext("system-out") or "").splitlines()) for c in cases)
    assert below == len(mixed_json["findings"]) - len(errors) > 0
    clean = next(c for c in cases if c.get("name", "").endswith("a_clean.txt"))
    assert clean.findall("failure") == []


def test_github_annotations(every_format: dict[tuple[int, str], Result], mixed_json: dict[str, Any]) -> None:
    lines = every_format[(0, "github")].stdout.splitlines()
    annotations = [m for m in map(GITHUB.match, lines) if m]
    assert len(annotations) == len(mixed_json["findings"])  # under the limit: nothing dropped
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    assert sorted((_unescape(m["file"]), int(m["line"]), m["level"]) for m in annotations) == sorted(
        (f["path"], f["location"]["line"], levels[f["severity"]]) for f in mixed_json["findings"])
    assert not any(line.startswith("::notice title=govlint") for line in lines)


def test_github_note_when_over_the_limit(tmp_path: Path) -> None:
    for k in range(7):  # 14 errors (GL301 + GL302 each): 4 over GitHub's 10 per level
        write(tmp_path / f"r{k}.txt", example("2023_defect_table3_row_total"))
    result = run("check", tmp_path, "--format", "github", "--lang", "en")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    [note] = [line for line in lines if line.startswith("::notice title=govlint::")]
    assert "4 more finding(s)" in note
    zh = run("check", tmp_path, "--format", "github").stdout
    assert "另有 4 条问题" in zh


def test_github_summary_note_fits_in_the_notice_limit() -> None:
    findings = tuple(Finding("GL009", "check-not-verifiable", Severity.INFO, f"m{k}", "r.txt", line=k + 1)
                     for k in range(12))
    out = io.StringIO()
    render("github", [FileResult("r.txt", findings)], out, "en")
    lines = out.getvalue().splitlines()
    assert any(line.startswith("::notice title=govlint::") and "3 more" in line for line in lines)
    assert sum(line.startswith("::notice") for line in lines) <= 10


def test_html_self_contained_page(every_format: dict[tuple[int, str], Result], mixed_json: dict[str, Any]) -> None:
    text = every_format[(0, "html")].stdout
    page = lxml.html.fromstring(text)
    for element in page.iter():
        for attr in ("src", "href"):
            value = element.get(attr) if isinstance(element.tag, str) else None
            assert value is None or not re.match(r"(?i)\s*(https?:)?//", value), (element.tag, value)
    assert not page.xpath("//link[@rel='stylesheet'] | //script[@src] | //img[@src] | //iframe")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text)
    assert page.xpath("//style") and page.xpath("//svg")
    summary = mixed_json["summary"]
    totals = [int(page.get_element_by_id(f"total-{k}").text) for k in range(6)]
    assert totals[:5] == [summary["files"], summary["files_with_findings"], *summary["by_severity"].values()]
    assert totals[5] == 1  # the damaged Word file
    bars = page.xpath("//svg//rect")
    assert len(bars) == min(12, len(summary["by_code"]))
    rows = json.loads(page.get_element_by_id("findings-data").text)
    assert len(rows) == summary["findings"]
    assert {(r["path"], r["code"], r["line"]) for r in rows} == triples(mixed_json["findings"])


def test_several_reports_in_one_pass(mixed: Path, tmp_path: Path) -> None:
    paths = {fmt: tmp_path / f"out.{fmt}" for fmt in ("sarif", "csv", "junit", "html", "json-lines", "concise")}
    main_out = tmp_path / "main.json"
    args = ["check", mixed, "--format", "json", "-o", main_out]
    for fmt, path in paths.items():
        args += ["--report", f"{fmt}:{path}"]
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""

    def volatile(fmt: str, text: str) -> str:
        if fmt == "junit":
            return re.sub(r' time="[0-9.]+"', "", text)
        if fmt == "html":
            return re.sub(r"<p class=meta>.*?</p>", "", text)
        return text

    for fmt, path in {"json": main_out, **paths}.items():
        alone = run("check", mixed, "--format", fmt)
        assert alone.exit_code == result.exit_code
        assert volatile(fmt, path.read_text(encoding="utf-8")) == volatile(fmt, alone.stdout), fmt


@pytest.mark.parametrize("spec", ["xml:out.xml", "jsonout.json", "json:", ":out.json"])
def test_bad_report_spec_exits_2(spec: str, tmp_path: Path) -> None:
    result = run("check", EXAMPLES / "2023_clean.txt", "--report", spec)
    assert result.exit_code == 2
    assert "--report" in result.stderr
    assert "Traceback" not in result.output


def test_statistics_text_and_json(mixed: Path, mixed_json: dict[str, Any]) -> None:
    plain = run("check", mixed, "--format", "concise").stdout
    for lang, rules, files in (("zh", "按规则统计", "按文件统计"), ("en", "Findings per rule", "Findings per file")):
        text = run("check", mixed, "--format", "concise", "--statistics", "--lang", lang).stdout
        assert rules in text and files in text
        assert rules not in plain
    stats = run_json(mixed, "--statistics")[1]["statistics"]
    assert "statistics" not in mixed_json
    assert {r["code"]: r["count"] for r in stats["by_rule"]} == mixed_json["summary"]["by_code"]
    counts = [r["count"] for r in stats["by_rule"]]
    assert counts == sorted(counts, reverse=True)
    per_file: dict[str, dict[str, int]] = {}
    for f in mixed_json["findings"]:
        per_file.setdefault(f["path"], {"error": 0, "warning": 0, "info": 0})[f["severity"]] += 1
    assert {r["path"]: {k: r[k] for k in ("error", "warning", "info")} for r in stats["by_file"]} == per_file
    lines = run("check", mixed, "--format", "json-lines", "--statistics").stdout.splitlines()
    assert json.loads(lines[-1])["statistics"] == stats


def test_text_alias_is_full(mixed: Path) -> None:
    assert run("check", mixed, "--format", "text").stdout == run("check", mixed, "--format", "full").stdout


# --------------------------------------------------------------------------- 6. cache


def test_cache_second_run_identical_and_served_from_cache(mixed: Path, own_cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = run("check", mixed, "--format", "json")
    stored = entries(own_cache)
    assert len(stored) == 12  # one entry per file content
    stamps = [p.stat().st_mtime_ns for p in stored]

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr(api, "check_document", explode)
    second = run("check", mixed, "--format", "json")
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert "GL002" not in second.stdout
    assert [p.stat().st_mtime_ns for p in entries(own_cache)] == stamps


def test_changed_file_is_rechecked(tmp_path: Path, own_cache: Path) -> None:
    report = write(tmp_path / "r.txt", example("2023_clean"))
    write(tmp_path / "other.txt", example("2023_defect_fee_missing"))
    _, before = run_json(tmp_path)
    assert {f["code"] for f in before["findings"]} == {"GL511"}
    text = report.read_text(encoding="utf-8")
    assert ROW in text
    report.write_text(text.replace(ROW, ROW[:-1] + "6"), encoding="utf-8")
    _, after = run_json(tmp_path)
    assert {(Path(f["path"]).name, f["code"]) for f in after["findings"]} >= {("r.txt", "GL301"),
                                                                              ("other.txt", "GL511")}
    assert len(entries(own_cache)) == 3


def test_no_cache_writes_no_entries(mixed: Path, own_cache: Path) -> None:
    cached = run("check", mixed, "--format", "json")
    assert entries(own_cache)
    shutil.rmtree(own_cache)
    uncached = run("check", mixed, "--format", "json", "--no-cache")
    assert entries(own_cache) == []
    assert uncached.stdout == cached.stdout


def test_cache_clean_and_dir(mixed: Path, own_cache: Path) -> None:
    shown = run("cache", "dir")
    assert shown.exit_code == 0
    assert shown.stdout.strip() == str(own_cache)
    run("check", mixed)
    count = len([p for p in own_cache.rglob("*") if p.is_file()])
    assert count >= 12
    cleaned = run("cache", "clean")
    assert cleaned.exit_code == 0
    assert f"removed {count} cached file(s)" in cleaned.stdout
    assert not own_cache.exists() or not any(p.is_file() for p in own_cache.rglob("*"))
    assert "removed 0" in run("cache", "clean").stdout
    run("check", mixed)
    assert len(entries(own_cache)) == 12  # the cache comes back


def test_cache_never_serves_results_of_other_options(tmp_path: Path, own_cache: Path) -> None:
    write(tmp_path / "a.txt", example("2023_defect_table3_row_total"))
    write(tmp_path / "b.txt", example("2023_defect_fee_missing"))
    runs = [["--select", "GL301"], [], ["--ignore", "GL511"], ["--select", "GL5"], ["--lang", "en"],
            ["--pack", "gov-2019"], []]
    for options in runs:
        cached = run("check", tmp_path, "--format", "json", *options)
        fresh = run("check", tmp_path, "--format", "json", "--no-cache", *options)
        assert (cached.exit_code, cached.stdout) == (fresh.exit_code, fresh.stdout), options


def test_cache_key_depends_on_the_file_type(tmp_path: Path, own_cache: Path) -> None:
    page = html_report(3)
    write(tmp_path / "a" / "r.html", page)
    as_text = write(tmp_path / "b" / "r.txt", page)
    fresh = run("check", as_text, "--format", "json", "--no-cache")
    assert json.loads(fresh.stdout)["findings"]  # read as text, the page is not a clean report
    run("check", tmp_path / "a" / "r.html")
    cached = run("check", as_text, "--format", "json")
    assert cached.stdout == fresh.stdout


def test_cache_folder_follows_the_environment_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "r" / "a.txt", example("2023_clean"))
    monkeypatch.setattr(batch, "_CACHES", {})
    for name in ("one", "two"):
        monkeypatch.setenv("GOVLINT_CACHE_DIR", str(tmp_path / name))
        run("check", tmp_path / "r")
        assert len(entries(tmp_path / name)) == 1, name


# --------------------------------------------------------------------------- 7. cross-report checks


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pairs")
    for name, organ, kwargs in (("clean", "江宁市高新区财政局", {}), ("carry", "青山市城北区商务局", {"carry": True}),
                                ("inforce", "玉泉市丰乐县民政局", {"in_force": True})):
        last, this = consecutive(organ, seed=5, **kwargs)
        write(root / name / "2022.txt", last)
        write(root / name / "2023.txt", this)
    donor, copier = copied_pair(seed=9)
    write(root / "copied" / "donor.txt", donor)
    write(root / "copied" / "copier.txt", copier)
    return root


def cross(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if f["code"] in CROSS]


def test_connected_years_give_no_cross_findings(pairs: Path) -> None:
    result, data = run_json(pairs / "clean")
    assert (result.exit_code, data["findings"]) == (0, [])


def test_text_output_has_no_cross_heading_without_cross_findings(pairs: Path) -> None:
    for fmt in ("full", "concise"):
        assert "跨报告检查" not in run("check", pairs / "clean", "--format", fmt).stdout


def test_carry_over_break_is_gl801(pairs: Path) -> None:
    last, this = str(pairs / "carry" / "2022.txt"), str(pairs / "carry" / "2023.txt")
    result, data = run_json(pairs / "carry")
    assert result.exit_code == 1
    [finding] = cross(data)
    assert (finding["code"], finding["name"], finding["severity"]) == ("GL801", "carry-over-mismatch", "error")
    assert finding["path"] == this  # the later year carries the finding
    message = finding["message"]
    assert "2023 年报告" in message and "2022 年报告" in message and last in message
    assert "“自然人” 1≠0" in message  # the column and both numbers
    table = finding["location"]["table"]
    assert (table["id"], table["row"], table["column"]) == ("t3", "二、上年结转政府信息公开申请数量", "自然人")
    assert (finding["evidence"]["found"], finding["evidence"]["expected"]) == ("1", "0")
    assert finding["evidence"]["other"] == last
    assert finding["related"][0]["path"] == last
    assert finding["location"]["line"] > 1
    en = run_json(pairs / "carry", "--lang", "en")[1]
    assert "natural persons" in cross(en)[0]["message"] and "2022" in cross(en)[0]["message"]


def test_in_force_discontinuity_is_gl802(pairs: Path) -> None:
    _, data = run_json(pairs / "inforce")
    [finding] = cross(data)
    assert (finding["code"], finding["severity"]) == ("GL802", "warning")
    assert finding["path"] == str(pairs / "inforce" / "2023.txt")
    assert "行政规范性文件" in finding["message"] and "2022 年报告" in finding["message"]
    assert int(finding["evidence"]["found"]) == int(finding["evidence"]["expected"]) + 2


def test_copied_prose_is_gl803(pairs: Path) -> None:
    donor, copier = str(pairs / "copied" / "donor.txt"), str(pairs / "copied" / "copier.txt")
    _, data = run_json(pairs / "copied")
    [finding] = cross(data)
    assert (finding["code"], finding["name"], finding["severity"]) == ("GL803", "content-copied", "warning")
    assert finding["path"] == copier
    message = finding["message"]
    similarity = re.search(r"相似度约 (\d+)%", message)
    assert similarity and int(similarity.group(1)) >= 60
    assert "云溪市安平县商务局" in message and "2022" in message and donor in message
    assert "相同的句子如：“" in message  # shared passages quoted
    assert finding["evidence"]["other"] == donor
    # it points at the first shared sentence, in both reports
    first = Path(copier).read_text(encoding="utf-8").splitlines()[finding["location"]["line"] - 1]
    assert finding["location"]["line"] > 1 and first.strip()
    [related] = finding["related"]
    assert related["path"] == donor and related["line"] > 1
    shared = set(Path(donor).read_text(encoding="utf-8").splitlines())
    assert first in shared or any(first[:12] in line for line in shared)


def test_no_cross_report_turns_them_off(pairs: Path, mixed: Path) -> None:
    _, data = run_json(pairs, "--no-cross-report")
    assert cross(data) == []
    _, data = run_json(pairs)
    assert {f["code"] for f in cross(data)} == {"GL801", "GL802", "GL803"}
    assert cross(run_json(mixed, "--no-cross-report")[1]) == []


def test_cross_checks_need_both_reports_in_the_run(pairs: Path) -> None:
    assert cross(run_json(pairs / "carry" / "2023.txt")[1]) == []
    assert cross(run_json(pairs / "copied" / "copier.txt")[1]) == []


def test_archive_planted_carry_and_copies_are_found(archive: tuple[Path, dict[str, list[str]]],
                                                    archive_json: dict[str, Any]) -> None:
    root, manifest = archive
    findings = archive_json["findings"]
    rel = {f["path"]: Path(f["path"]).relative_to(root).as_posix() for f in findings}
    carry = {path for path, defects in manifest.items() if any(d.startswith("carry") for d in defects)}
    copies = {(path, d.split(":", 1)[1]) for path, defects in manifest.items() for d in defects
              if d.startswith("copied:")}
    assert len(carry) >= 2 and len(copies) >= 3
    # a carry-over break is planted in the later year, which gets GL801; no other file does
    assert {rel[f["path"]] for f in findings if f["code"] == "GL801"} == carry
    assert not [f for f in findings if f["code"] == "GL802"]
    # each copy: a GL803 on one of the two reports naming the other; none elsewhere
    gl803 = [(rel[f["path"]], Path(f["evidence"]["other"]).relative_to(root).as_posix())
             for f in findings if f["code"] == "GL803"]
    for copier, donor in copies:
        assert (copier, donor) in gl803 or (donor, copier) in gl803, (copier, donor)
    involved = {p for pair in copies for p in pair}
    assert {p for pair in gl803 for p in pair} <= involved


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not available")
def test_real_corpus_has_no_cross_findings() -> None:
    _, data = run_json(REAL, "--no-cache")
    assert data["summary"]["files"] >= 14
    assert cross(data) == []


# --------------------------------------------------------------------------- 8. GL013


def test_english_text_is_gl013_only(tmp_path: Path) -> None:
    write(tmp_path / "a_report.txt", example("2023_clean"))
    write(tmp_path / "notes.txt", ENGLISH)
    write(tmp_path / "README.md", ENGLISH)
    result, data = run_json(tmp_path)
    assert result.exit_code == 0  # GL013 is a warning
    assert sorted((Path(f["path"]).name, f["code"]) for f in data["findings"]) == [("README.md", "GL013"),
                                                                                   ("notes.txt", "GL013")]
    assert data["findings"][0]["severity"] == "warning"


def test_unrelated_chinese_text_has_no_arithmetic_findings(tmp_path: Path) -> None:
    write(tmp_path / "news.txt", NEWS)
    _, data = run_json(tmp_path)
    assert not {f["code"] for f in data["findings"]} & ARITHMETIC


def test_unrelated_chinese_text_is_gl013(tmp_path: Path) -> None:
    write(tmp_path / "news.txt", NEWS)
    _, data = run_json(tmp_path)
    assert [f["code"] for f in data["findings"]] == ["GL013"]


# --------------------------------------------------------------------------- 9. Python API


def _api_files(archive: tuple[Path, dict[str, list[str]]]) -> list[Path]:
    root, _ = archive
    files = sorted(root.rglob("*.*"))
    by_ext = {p.suffix: p for p in files if p.suffix in (".txt", ".html", ".docx", ".md")}
    return [*by_ext.values(), EXAMPLES / "2023_defect_table3_row_total.txt"]


def test_check_bytes_equals_the_cli(archive: tuple[Path, dict[str, list[str]]]) -> None:
    files = _api_files(archive)
    assert {p.suffix for p in files} == {".txt", ".html", ".docx", ".md"}
    config = Config(lang="en", ignore=("GL009",))
    for path in files:
        result = govlint.check_bytes(str(path), path.read_bytes(), config)
        assert isinstance(result, FileResult)
        _, cli = run_json(path, "--lang", "en", "--ignore", "GL009", "--no-cache")
        assert json.loads(json.dumps([f.to_dict() for f in result.findings], ensure_ascii=False)) == cli["findings"]
    result = govlint.check_bytes("x.docx", b"not a word file")
    assert [f.code for f in result.findings] == ["GL001"]


def test_check_bytes_and_result_are_picklable() -> None:
    function = pickle.loads(pickle.dumps(govlint.check_bytes))
    assert function is api.check_bytes
    config = Config(select=("GL3",))
    assert pickle.loads(pickle.dumps(config)) == config
    result = govlint.check_bytes("r.txt", example("2023_defect_table3_row_total"), config)
    back = pickle.loads(pickle.dumps(result))
    assert back == result
    assert [f.to_dict() for f in back.findings] == [f.to_dict() for f in result.findings]
    assert back.extraction == result.extraction


def test_check_bytes_in_a_process_pool() -> None:
    import multiprocessing

    names = ["2023_clean", "2023_defect_table3_row_total", "2023_defect_fee_missing"]
    jobs = [(f"{n}.txt", example(n), Config()) for n in names]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(govlint.check_bytes, jobs)
    assert results == [govlint.check_bytes(*job) for job in jobs]
    assert [[f.code for f in r.findings] for r in results] == [[], ["GL301", "GL302"], ["GL511"]]


def test_chinese_readme_titled_report_is_gl013(tmp_path: Path) -> None:
    """A README whose title says 报告 but not 公开, with none of the sections or tables, is not a report."""
    readme = "# 年度报告归档说明\n\n" + "本目录收存各单位历年的政府信息公开工作年度报告原件，按年份和单位分文件夹存放，请勿修改原件。" * 4
    write(tmp_path / "README.md", readme)
    _, data = run_json(tmp_path)
    assert [f["code"] for f in data["findings"]] == ["GL013"]
