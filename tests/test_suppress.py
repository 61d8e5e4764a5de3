"""Suppression: the baseline (line-free fingerprints, multiset matching, relative paths), waivers
(rule/path/contains, expiry → GL014), unused suppressions (GL015), and how every output format
shows suppressed findings. Runs go through the library (govlint.batch.run + govlint.runner.report
with `post=Suppressor(...)`), not through the CLI flags."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from conftest import EXAMPLES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govlint.api import check_text
from govlint.batch import Options, run
from govlint.config import Config
from govlint.findings import FileResult, Finding, Severity, Suppression
from govlint.reporters import Collecting, Reporter, create
from govlint.reporters.summary import Tally, sentence
from govlint.runner import Post, report
from govlint.suppress import (
    Suppressor,
    Waiver,
    anchor,
    fingerprints,
    normalize,
    read_baseline,
    write_baseline,
)

REAL = ROOT.parent / "shared" / "corpus" / "real"
OPTIONS = Options(Config(), jobs=1, time_limit=None, cache=False, profiles=True)
PARAGRAPH = "本报告由本机关政府信息公开工作领导小组办公室组织编写，现予公布。"
INTRO = re.compile(r"\s*(本报告|本年度报告|根据|依据|按照|一、)")
ROW = "（一）予以公开\t4\t1\t0\t0\t0\t0\t5"  # examples/2023_clean.txt: total 6 makes GL301 (and GL302)


# --------------------------------------------------------------------------- helpers


class Keep(Collecting):
    """Collects the results (findings after the post hook) without writing anything."""

    def render(self, results: Sequence[FileResult], tally: Tally) -> None:
        pass


@dataclass
class Run:
    tally: Tally
    results: list[FileResult]
    extras: list[tuple[str, list[Finding]]]
    outputs: dict[str, str]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def shown(self) -> list[Finding]:
        return [f for f in self.findings if f.suppression is None]


class _Extras(Reporter):
    def __init__(self) -> None:
        super().__init__(io.StringIO(), "zh")
        self.got: list[tuple[str, list[Finding]]] = []
        self.files: list[FileResult] = []

    def file(self, result: FileResult) -> None:
        self.files.append(result)

    def extra(self, path: str, findings: Sequence[Finding]) -> None:
        self.got.append((path, list(findings)))


def check(files: Sequence[Path], post: Post | None = None, formats: Sequence[str] = (), lang: str = "zh") -> Run:
    """Check files as `govlint check` does, through the library (the runner also delivers the
    suppressor's leftovers, GL015, to the reporters before they finish)."""
    keep, extras = Keep(io.StringIO(), lang), _Extras()
    outs = {fmt: io.StringIO() for fmt in formats}
    reporters: list[Reporter] = [keep, extras, *(create(fmt, out, lang) for fmt, out in outs.items())]
    tally = report(run(list(files), OPTIONS), OPTIONS, reporters, None, True, post)
    return Run(tally, keep.results, extras.got, {fmt: out.getvalue() for fmt, out in outs.items()})


def copy_examples(dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy2(path, dest / path.name)
    return sorted(dest.glob("*.txt"))


def decode(raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("undecodable test file")


def insert_at_top(path: Path, paragraph: str = PARAGRAPH) -> None:
    """A paragraph after the title, before the report's opening text (its first 本报告/根据…
    line or 一、; in a web dump, the first line after the 正文 marker)."""
    text, encoding = decode(path.read_bytes())
    lines = text.split("\n")
    k = next((i for i, line in enumerate(lines) if INTRO.match(line)), None)
    if k is None:
        k = next(i for i, line in enumerate(lines) if "正文" in line and "==" in line) + 1
    lines[k:k] = [paragraph, ""]
    path.write_bytes("\n".join(lines).encode(encoding))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def finding(code: str = "GL530", line: int = 3, message: str = "“的的”字词重复", path: str = "a.txt",
            **kw: Any) -> Finding:
    return Finding(code, kw.pop("name", "repeated-word"), kw.pop("severity", Severity.WARNING), message, path,
                   line, 1, **kw)


# --------------------------------------------------------------------------- baseline


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, list[Path], Path, Run]:
    """A copy of the examples with a baseline written in it: (folder, files, baseline, first run)."""
    folder = tmp_path / "archive"
    files = copy_examples(folder)
    first = check(files)
    baseline = folder / ".govlint-baseline.json"
    assert write_baseline(baseline, first.results) == len(first.findings)
    return folder, files, baseline, first


def test_baseline_round_trip_reports_nothing(archive: tuple[Path, list[Path], Path, Run]) -> None:
    _, files, baseline, first = archive
    assert len(first.findings) >= 30  # most examples plant a defect
    suppressor = Suppressor(baseline, warn_unused=True)
    again = check(files, suppressor)
    assert again.tally.findings == 0 and again.tally.worst() is None
    assert again.tally.suppressed == {"baseline": len(first.findings)}
    assert len(again.findings) == len(first.findings)  # still there, marked
    assert all(f.suppression == Suppression("baseline", "", str(baseline)) for f in again.findings)
    assert suppressor.leftovers() == [] and suppressor.unused_entries() == []
    assert suppressor.summary() == f"基线抑制了 {len(first.findings)} 个问题"


def test_a_paragraph_inserted_at_the_top_changes_nothing(archive: tuple[Path, list[Path], Path, Run]) -> None:
    _, files, baseline, first = archive
    for path in files:
        insert_at_top(path)
    again = check(files, Suppressor(baseline))
    before = {(f.path, f.code, f.line) for f in first.findings}
    after = {(f.path, f.code, f.line) for f in again.findings}
    assert before != after and len(after) == len(before)  # the findings moved down…
    assert again.tally.findings == 0  # …and are still known
    assert again.tally.suppressed["baseline"] == len(first.findings)


def test_a_changed_cell_reports_exactly_its_new_findings(archive: tuple[Path, list[Path], Path, Run]) -> None:
    folder, files, baseline, _ = archive
    clean = folder / "2023_clean.txt"
    edit(clean, ROW, ROW[:-1] + "6")
    insert_at_top(clean)  # and lines shift too
    suppressor = Suppressor(baseline, warn_unused=True)
    again = check(files, suppressor)
    fresh = check([clean]).findings  # what the changed report has, on its own
    assert [(f.code, f.row, f.col) for f in fresh] == [("GL301", "（一）予以公开", "总计"),
                                                       ("GL302", "（七）总计", "总计")]
    assert [(f.path, f.code, f.row, f.col) for f in again.shown] == [(str(clean), f.code, f.row, f.col)
                                                                     for f in fresh]
    assert suppressor.unused_entries() == []


def test_the_same_rule_on_another_row_is_one_new_finding(archive: tuple[Path, list[Path], Path, Run]) -> None:
    folder, files, baseline, first = archive
    defect = folder / "2023_defect_table3_row_total.txt"
    assert {f.code for f in first.findings if f.path == str(defect)} == {"GL301", "GL302"}
    row = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t0\t0\t0\t0\t0\t1\n"
    edit(defect, row, row.replace("\t1\n", "\t2\n"))
    again = check(files, Suppressor(baseline))
    [new] = again.shown
    assert (new.code, new.row, new.col) == ("GL301", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "总计")
    # GL302 on （七）总计 now says 14 instead of 13: the same cell, still baselined
    [gl302] = [f for f in again.findings if f.code == "GL302"]
    assert gl302.suppression is not None and "14" in gl302.message


def test_two_identical_findings_need_two_entries(tmp_path: Path) -> None:
    one, two = finding(line=3), finding(line=9)
    baseline = tmp_path / "b.json"
    write_baseline(baseline, [FileResult("a.txt", (one,))])
    out = Suppressor(baseline)("a.txt", (one, two))
    assert [f.suppression is not None for f in out] == [True, False]  # the first in the document is known
    write_baseline(baseline, [FileResult("a.txt", (one, two))])
    entries = read_baseline(baseline)
    assert [e.occurrence for e in entries] == [1, 2] and len({e.fingerprint for e in entries}) == 2
    out = Suppressor(baseline)("a.txt", (finding(line=30), finding(line=40)))  # both moved
    assert all(f.suppression is not None for f in out)
    suppressor = Suppressor(baseline)
    out = suppressor("a.txt", (finding(line=40),))  # one fixed: one entry left over
    assert out[0].suppression is not None and len(suppressor.unused_entries()) == 1


def test_baseline_file_is_sorted_stable_and_line_free(archive: tuple[Path, list[Path], Path, Run]) -> None:
    _, files, baseline, first = archive
    text = baseline.read_bytes()
    doc = json.loads(text)
    assert doc["version"] == 1 and doc["tool"] == "govlint"
    entries = doc["entries"]
    assert set(entries[0]) == {"code", "path", "anchor", "occurrence", "fingerprint"}
    keys = [(e["path"], e["code"], e["anchor"], e["occurrence"]) for e in entries]
    assert keys == sorted(keys)
    assert all(re.fullmatch(r"[0-9a-f]{16}", e["fingerprint"]) for e in entries)
    assert all("/" not in e["path"] and not e["path"].startswith(".") for e in entries)  # relative to the folder
    assert not any(re.search(r"第\s*\d+\s*行", e["anchor"]) for e in entries)
    table = [e["anchor"] for e in entries if e["code"] == "GL301"]
    assert table == ["t3|(一)予以公开|总计"]  # labels NFKC-normalised, whitespace-free
    # rewriting (in another order, from another run) gives the same bytes
    write_baseline(baseline, list(reversed(check(files).results)))
    assert baseline.read_bytes() == text
    write_baseline(baseline, first.results)
    assert baseline.read_bytes() == text


def test_moving_the_archive_with_its_baseline_keeps_matching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "old" / "archive"
    files = copy_examples(folder / "2023")
    monkeypatch.chdir(tmp_path)
    first = check([f.relative_to(tmp_path) for f in files])  # paths relative to the working folder
    baseline = folder / "baseline.json"
    write_baseline(baseline, first.results)
    assert {e.path.split("/")[0] for e in read_baseline(baseline)} == {"2023"}
    moved = tmp_path / "new" / "place" / "archive"
    moved.parent.mkdir(parents=True)
    shutil.move(str(folder), str(moved))
    again = check(sorted((moved / "2023").glob("*.txt")), Suppressor(moved / "baseline.json"))  # absolute paths
    assert again.tally.findings == 0 and again.tally.suppressed["baseline"] == len(first.findings)


def test_cross_report_findings_are_baselined_wherever_the_archive_is(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from test_batch import consecutive, copied_pair

    folder = tmp_path / "a"
    texts = {"carry/2022.txt": consecutive("临川市城南区民政局", seed=5, carry=True)[0],
             "carry/2023.txt": consecutive("临川市城南区民政局", seed=5, carry=True)[1],
             "copy/donor.txt": copied_pair(seed=9)[0], "copy/copier.txt": copied_pair(seed=9)[1]}
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    files = [folder / name for name in texts]
    first = check(files)
    [gl801] = [f for f in first.findings if f.code == "GL801"]
    [gl803] = [f for f in first.findings if f.code == "GL803"]
    assert gl801.table and str(folder / "copy" / "donor.txt") in gl803.message  # the other report, by its path
    baseline = folder / "baseline.json"
    write_baseline(baseline, first.results)
    [entry] = [e for e in read_baseline(baseline) if e.code == "GL803"]
    assert entry.path == "copy/copier.txt" and "copy/donor.txt" in entry.anchor and str(tmp_path) not in entry.anchor
    moved = tmp_path / "b" / "c"
    moved.parent.mkdir(parents=True)
    shutil.move(str(folder), str(moved))
    monkeypatch.chdir(moved)
    again = check([Path(name) for name in texts], Suppressor(moved / "baseline.json"))
    assert "copy/donor.txt" in next(f.message for f in again.findings if f.code == "GL803")
    assert again.tally.findings == 0
    assert {f.code for f in again.findings if f.suppression is not None} >= {"GL801", "GL803"}


def test_a_missing_or_malformed_baseline_is_a_usage_error(tmp_path: Path) -> None:
    from govlint.errors import UsageError

    with pytest.raises(UsageError, match="not found"):
        Suppressor(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(UsageError, match=r"bad\.json:1:2: .*not valid JSON"):
        Suppressor(bad)
    bad.write_text('{"entries": []}', encoding="utf-8")
    with pytest.raises(UsageError, match="not a govlint baseline"):
        Suppressor(bad)
    bad.write_text('{"version": 9, "tool": "govlint", "entries": []}', encoding="utf-8")
    with pytest.raises(UsageError, match="version 9"):
        Suppressor(bad)
    bad.write_text('{"version": 1, "tool": "govlint", "entries": [{"code": "GL301"}]}', encoding="utf-8")
    with pytest.raises(UsageError, match="entry 1"):
        Suppressor(bad)


def test_line_references_do_not_enter_anchors() -> None:
    assert normalize("段落与第 15 行（一、总体情况）的段落完全重复") == normalize("段落与第17行（一、总体情况）的段落完全重复")
    assert normalize("the paragraph on line 15 (一、总体情况)") == normalize("the paragraph on line  152 (一、总体情况)")
    assert normalize("“总计”应为 5，报告为 6") != normalize("“总计”应为 5，报告为 7")  # other numbers stay
    assert normalize("１２　件") == "12 件"
    cell = finding("GL301", message="应为 5，报告为 6", table="t3", row="（一） 予以公开", col="总计")
    assert anchor(cell) == "t3|(一)予以公开|总计"
    assert anchor(cell) == anchor(finding("GL301", message="应为 5，报告为 9", table="t3", row="（一）予以公开",
                                          col="总计"))


# Sections of the examples a line may be inserted before; prose only where it is not section 五's
# content (an example checks that 五 is empty).
HEADING = re.compile(r"^(本报告|[一二三四五六]、)[^\t]*$")
PROSE = ["本机关持续推进政务公开工作。", "各科室按照职责分工做好公开工作。", "进一步提升公开质量和实效。",
         "认真落实上级部署要求。", "加强队伍建设和业务培训。", "完善信息发布审核机制。"]
SAMPLES = ["2023_clean", "2020_clean", "2023_defect_duplicate_paragraph", "2023_defect_near_duplicate_item",
           "2023_defect_table3_row_total", "2023_defect_blank_cell", "2023_defect_placeholder",
           "2023_defect_section5_empty", "2023_defect_enumeration", "2023_defect_narrative_mismatch",
           "2023_clean_gb18030", "2023_defect_percentage"]


def _prints(text: str) -> list[str]:
    return sorted(fingerprints(check_text(text, "r.txt").findings))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.data())
def test_line_shifts_never_change_fingerprints(sample: str, data: st.DataObject) -> None:
    text, _ = decode((EXAMPLES / f"{sample}.txt").read_bytes())
    lines = text.split("\n")
    bounds = [i for i, line in enumerate(lines) if HEADING.match(line)]
    chosen = data.draw(st.lists(st.sampled_from(bounds), min_size=1, max_size=4))
    prose = iter(PROSE)
    shifted = list(lines)
    for at in sorted(chosen, reverse=True):  # bottom up, so earlier indices stay valid
        k = data.draw(st.integers(1, 3))
        may_write = not lines[at].startswith("六、")
        block = [next(prose, "") if may_write and data.draw(st.booleans()) else "" for _ in range(k)]
        shifted[at:at] = [x for line in block for x in ((line, "") if line else ("",))]
    assert _prints("\n".join(shifted)) == _prints(text)


# --------------------------------------------------------------------------- waivers


def _waived(tmp_path: Path, *waivers: Waiver, name: str = "2023_defect_table3_row_total",
            today: date = date(2025, 6, 1), warn: bool = False) -> tuple[Run, Suppressor]:
    folder = tmp_path / "w"
    folder.mkdir(exist_ok=True)
    target = folder / f"{name}.txt"
    shutil.copy2(EXAMPLES / f"{name}.txt", target)
    suppressor = Suppressor(None, waivers, today, warn)
    return check([target], suppressor), suppressor


def test_waiver_by_code_prefix_and_name(tmp_path: Path) -> None:
    for rule in ("GL301", "GL3", "table3-row-total", "gl301"):
        w = Waiver(rule, "原件印刷错误，已书面更正", source="cfg.yaml", line=7, root=str(tmp_path))
        result, _ = _waived(tmp_path, w)
        suppressed = [f for f in result.findings if f.suppression is not None]
        expected = {"GL301", "GL302"} if rule == "GL3" else {"GL301"}
        assert {f.code for f in suppressed} == expected, rule
        assert suppressed[0].suppression == Suppression("waiver", "原件印刷错误，已书面更正", "cfg.yaml:7")
        assert result.tally.suppressed == {"waiver": len(expected)}
        assert set(result.tally.by_code) == {"GL301", "GL302"} - expected


def test_waiver_path_is_a_glob_relative_to_its_root(tmp_path: Path) -> None:
    def codes(path: str | None, root: Path) -> set[str]:
        result, _ = _waived(tmp_path, Waiver("GL301", "ok", path, root=str(root)))
        return {f.code for f in result.findings if f.suppression is not None}

    assert codes("w/*.txt", tmp_path) == {"GL301"}
    assert codes("*row_total.txt", tmp_path) == {"GL301"}  # no slash: at any depth
    assert codes("**", tmp_path) == {"GL301"}
    assert codes(None, tmp_path / "elsewhere") == {"GL301"}  # no path: every file
    assert codes("other/*.txt", tmp_path) == set()
    assert codes("*.txt", tmp_path / "elsewhere") == set()  # the file is not under the root


def test_waiver_contains_narrows_to_the_message_or_source(tmp_path: Path) -> None:
    def codes(contains: str) -> set[str]:
        result, _ = _waived(tmp_path, Waiver("GL3", "ok", contains=contains))
        return {f.code for f in result.findings if f.suppression is not None}

    assert codes("（一）予以公开") == {"GL301"}
    assert codes("（七）总计") == {"GL302"}
    assert codes("不存在的文字") == set()


def test_an_expired_waiver_reports_gl014_next_to_the_finding(tmp_path: Path) -> None:
    w = Waiver("GL301", "原件印刷错误", expires=date(2025, 5, 31), source=str(tmp_path / ".govlint.yaml"), line=12)
    result, suppressor = _waived(tmp_path, w)
    codes = [f.code for f in result.findings]
    assert codes[codes.index("GL301") + 1] == "GL014"
    gl301, gl014 = result.findings[codes.index("GL301")], result.findings[codes.index("GL014")]
    assert gl301.suppression is None  # no longer waived: counted again
    assert (gl014.name, gl014.severity, gl014.path, gl014.line, gl014.column) == (
        "waiver-expired", Severity.WARNING, gl301.path, gl301.line, gl301.column)
    assert (gl014.table, gl014.row, gl014.col) == (gl301.table, gl301.row, gl301.col)
    assert ".govlint.yaml" in gl014.message and "第 12 行" in gl014.message and "2025-05-31" in gl014.message
    assert "原件印刷错误" in gl014.message
    assert result.tally.by_code["GL014"] == 1 and result.tally.by_code["GL301"] == 1
    assert "过期" in suppressor.summary()
    # on its expiry date a waiver still applies
    result, _ = _waived(tmp_path, w, today=date(2025, 5, 31))
    assert "GL014" not in {f.code for f in result.findings}
    assert result.tally.suppressed == {"waiver": 1}
    # English
    en = Suppressor(None, [w], date(2026, 1, 1), lang="en")
    [_, expired] = en(gl301.path, (gl301,))
    assert expired.message.startswith("The waiver at") and "2025-05-31" in expired.message


def test_a_valid_waiver_wins_over_an_expired_one(tmp_path: Path) -> None:
    old = Waiver("GL301", "旧理由", expires=date(2024, 1, 1), source="a.yaml", line=3)
    new = Waiver("GL301", "新理由", expires=date(2030, 1, 1), source="a.yaml", line=9)
    result, _ = _waived(tmp_path, old, new, warn=True)
    assert "GL014" not in {f.code for f in result.findings}
    [gl301] = [f for f in result.findings if f.code == "GL301"]
    assert gl301.suppression == Suppression("waiver", "新理由", "a.yaml:9")
    [gl015] = [f for f in result.findings if f.code == "GL015"]
    assert (gl015.path, gl015.line) == ("a.yaml", 3)  # the expired one is moot: it can go


def test_unused_waivers_and_entries_give_gl015_only_when_asked(tmp_path: Path) -> None:
    config = str(tmp_path / ".govlint.yaml")
    used, unused = (Waiver("GL301", "ok", source=config, line=4), Waiver("GL999", "typo", source=config, line=8))
    result, suppressor = _waived(tmp_path, used, unused)
    assert "GL015" not in {f.code for f in result.findings} and suppressor.leftovers() == []
    result, suppressor = _waived(tmp_path, used, unused, warn=True)
    [(path, [gl015])] = suppressor.leftovers()
    assert (path, gl015.code, gl015.name, gl015.line, gl015.severity) == (
        config, "GL015", "unused-suppression", 8, Severity.WARNING)
    assert "GL999" in gl015.message and "typo" in gl015.message
    # the reporters got it as the config file's own entry
    assert [(r.path, [f.code for f in r.findings]) for r in result.results][-1] == (config, ["GL015"])
    assert result.tally.by_code["GL015"] == 1 and result.tally.files == 1


def test_unused_baseline_entries_only_for_checked_files(archive: tuple[Path, list[Path], Path, Run]) -> None:
    folder, _, baseline, _ = archive
    one = folder / "2023_defect_repeated_word.txt"
    suppressor = Suppressor(baseline, warn_unused=True)
    check([one], suppressor)
    assert suppressor.leftovers() == []  # the other files' entries are not in question
    edit(one, "审查审查", "审查")  # fixed
    (folder / "2023_defect_title.txt").unlink()  # gone
    suppressor = Suppressor(baseline, warn_unused=True)
    result = check([one], suppressor)
    [(path, [gl015])] = suppressor.leftovers()
    assert path == str(baseline) and gl015.line == 1
    assert "2 条记录" in gl015.message
    assert "GL530 2023_defect_repeated_word.txt" in gl015.message and "GL540 2023_defect_title.txt" in gl015.message
    assert len(gl015.evidence["entries"]) == 2
    assert "2 条记录已不再匹配" in suppressor.summary()
    assert result.tally.findings == 1  # GL015 is the only finding
    assert Suppressor(baseline)("x", ()) == () and Suppressor(baseline).leftovers() == []


def test_gl015_lists_at_most_ten_entries(tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    many = tuple(finding(line=k, message=f"“的的”字词重复 {k}") for k in range(1, 14))
    write_baseline(baseline, [FileResult(str(tmp_path / "a.txt"), many)])
    suppressor = Suppressor(baseline, warn_unused=True, lang="en")
    suppressor(str(tmp_path / "a.txt"), ())
    [(_, [gl015])] = suppressor.leftovers()
    assert gl015.message.startswith("13 baseline entries matched no finding") and "and 3 more" in gl015.message


def test_gl014_and_gl015_are_never_baselined(tmp_path: Path) -> None:
    gl301 = finding("GL301", message="应为 5，报告为 6", table="t3", row="（一）予以公开", col="总计")
    w = Waiver("GL301", "r", expires=date(2020, 1, 1), source="c.yaml", line=2)
    out = Suppressor(None, [w])("a.txt", (gl301,))
    assert [f.code for f in out] == ["GL301", "GL014"]
    baseline = tmp_path / "b.json"
    assert write_baseline(baseline, [FileResult("a.txt", out)]) == 1
    suppressor = Suppressor(baseline, [w], warn_unused=True)
    again = suppressor("a.txt", (gl301,))
    assert [(f.code, f.suppression is not None) for f in again] == [("GL301", True)]  # baselined: waiver moot
    [(_, [gl015])] = suppressor.leftovers()
    assert gl015.path == "c.yaml" and gl015.line == 2  # …and unused


# --------------------------------------------------------------------------- output formats


@pytest.fixture
def suppressed_run(tmp_path: Path) -> Run:
    """Two defect reports: one baselined, one waived, and an unused waiver (GL015 on the config)."""
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("2023_defect_repeated_word", "2023_defect_table3_row_total", "2023_defect_citation"):
        shutil.copy2(EXAMPLES / f"{name}.txt", folder / f"{name}.txt")
    files = sorted(folder.glob("*.txt"))
    baseline = folder / "baseline.json"
    write_baseline(baseline, check(files[1:2]).results)  # 2023_defect_repeated_word
    config = str(folder / ".govlint.yaml")
    waivers = [Waiver("GL301", "已书面更正", "*row_total.txt", source=config, line=5, root=str(folder)),
               Waiver("GL999", "unused", source=config, line=9, root=str(folder))]
    suppressor = Suppressor(baseline, waivers, date(2025, 1, 1), warn_unused=True)
    formats = ("json", "json-lines", "sarif", "full", "concise", "csv", "junit", "github", "html")
    return check(files, suppressor, formats)


def test_summary_counts_suppressed_by_kind(suppressed_run: Run) -> None:
    tally = suppressed_run.tally
    assert tally.suppressed == {"baseline": 1, "waiver": 1}
    assert dict(tally.by_code) == {"GL521": 1, "GL302": 1, "GL015": 1}
    assert tally.as_dict()["suppressed"] == {"baseline": 1, "waiver": 1}
    assert sentence(tally, "zh").endswith("另有 2 个问题已被抑制（基线 1 个，豁免 1 个）。")
    assert sentence(tally, "en").endswith(" 2 more suppressed (1 by the baseline, 1 by waivers).")
    assert "suppressed" not in Tally().as_dict()  # the JSON summary of a run without suppressions is unchanged


def test_json_keeps_suppressed_findings_marked(suppressed_run: Run) -> None:
    doc = json.loads(suppressed_run.outputs["json"])
    marked = {f["code"]: f["suppression"] for f in doc["findings"] if "suppression" in f}
    assert marked["GL530"] == {"kind": "baseline", "reason": "", "source": marked["GL530"]["source"]}
    assert marked["GL530"]["source"].endswith("baseline.json")
    assert marked["GL301"]["kind"] == "waiver" and marked["GL301"]["reason"] == "已书面更正"
    assert marked["GL301"]["source"].endswith(".govlint.yaml:5")
    assert doc["summary"]["findings"] == 3 and doc["summary"]["suppressed"] == {"baseline": 1, "waiver": 1}
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert files["2023_defect_repeated_word.txt"]["findings"] == 0
    assert files["2023_defect_repeated_word.txt"]["suppressed"] == 1
    assert files[".govlint.yaml"]["findings"] == 1  # the config file, listed for its GL015
    assert doc["summary"]["files_with_findings"] == sum(1 for f in doc["files"] if f["findings"])


def test_json_lines_keeps_suppressed_findings_marked(suppressed_run: Run) -> None:
    lines = [json.loads(line) for line in suppressed_run.outputs["json-lines"].splitlines()]
    findings = [x for x in lines if x["type"] == "finding"]
    assert {f["code"] for f in findings if "suppression" in f} == {"GL530", "GL301"}
    assert {f["code"] for f in findings} == {"GL530", "GL301", "GL302", "GL521", "GL015"}
    assert [Path(x["path"]).name for x in lines if x["type"] == "file"][-1] == ".govlint.yaml"
    assert lines[-1]["type"] == "summary" and lines[-1]["suppressed"] == {"baseline": 1, "waiver": 1}
    doc = json.loads(suppressed_run.outputs["json"])
    assert [f for f in findings] == [{"type": "finding", **f} for f in doc["findings"]]


def test_sarif_marks_suppressions_and_baseline_state(suppressed_run: Run) -> None:
    log = json.loads(suppressed_run.outputs["sarif"])
    [run_] = log["runs"]
    results = {r["ruleId"]: r for r in run_["results"]}
    assert set(results) == {"GL530", "GL301", "GL302", "GL521", "GL015"}
    assert results["GL301"]["suppressions"] == [{"kind": "external", "status": "accepted",
                                                 "justification": "已书面更正"}]
    assert results["GL530"]["suppressions"][0]["kind"] == "external"
    assert results["GL530"]["baselineState"] == "unchanged"
    assert {results[c]["baselineState"] for c in ("GL301", "GL302", "GL521", "GL015")} == {"new"}
    assert "suppressions" not in results["GL302"]
    roles = {Path(a["location"]["uri"]).name: a["roles"] for a in run_["artifacts"]}
    assert roles[".govlint.yaml"] == ["userSpecifiedConfiguration"]
    assert roles["2023_defect_citation.txt"] == ["analysisTarget"]
    assert {r["id"] for r in run_["tool"]["driver"]["rules"]} >= {"GL015"}
    prints = [r["partialFingerprints"]["govlint/v1"] for r in run_["results"]]
    assert len(set(prints)) == len(prints)
    schema_path = os.environ.get("GOVLINT_SARIF_SCHEMA")
    if schema_path and Path(schema_path).is_file():
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
        validator = jsonschema.validators.validator_for(schema)(schema)
        errors = sorted(validator.iter_errors(log), key=str)
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_text_formats_leave_suppressed_findings_out(suppressed_run: Run) -> None:
    out = suppressed_run.outputs
    for fmt in ("full", "concise", "github"):
        assert "GL530" not in out[fmt] and "GL301" not in out[fmt], fmt
        assert "GL302" in out[fmt] and "GL521" in out[fmt] and "GL015" in out[fmt], fmt
    assert "另有 2 个问题已被抑制" in out["concise"] and "豁免与基线" in out["full"]
    # 3 files checked, 2 with findings; the config file's GL015 is said apart
    assert ("共检查 3 个文件，其中 2 个有问题：错误 2 个，警告 1 个，提示 0 个。以上问题中有 1 个是关于豁免或基线的。"
            "另有 2 个问题已被抑制（基线 1 个，豁免 1 个）。") in out["concise"]
    rows = list(csv.reader(io.StringIO(out["csv"].lstrip("\ufeff"))))
    assert sorted(r[3] for r in rows[1:]) == ["GL015", "GL302", "GL521"]
    root = ET.fromstring(out["junit"])
    failures = [f.get("type", "").split()[0] for f in root.iter("failure")]
    assert sorted(failures) == ["GL015", "GL302", "GL521"]
    cases = {Path(c.get("name", "")).name: c for c in root.iter("testcase")}
    assert not cases["2023_defect_repeated_word.txt"].findall("failure")  # only a baselined finding: passes
    html = out["html"]
    data = json.loads(re.search(r'<script id=findings-data type="application/json">(.*?)</script>', html, re.S)
                      .group(1).replace("<\\/", "</"))  # type: ignore[union-attr]
    assert sorted(r["code"] for r in data) == ["GL015", "GL302", "GL521"]
    assert "已抑制" in html


def test_collecting_reporters_take_findings_for_unchecked_files() -> None:
    reporter = Keep(io.StringIO(), "zh")
    reporter.file(FileResult("a.txt", (finding(),)))
    reporter.extra("a.txt", [finding(line=1, code="GL801")])
    reporter.extra(".govlint.yaml", [finding("GL015", line=4, path=".govlint.yaml")])
    assert [(r.path, [f.code for f in r.findings]) for r in reporter.results] == [
        ("a.txt", ["GL801", "GL530"]), (".govlint.yaml", ["GL015"])]
    assert reporter.added == {".govlint.yaml"}


# --------------------------------------------------------------------------- the real corpus


def _real(tmp_path: Path) -> list[Path]:
    if not REAL.is_dir():
        pytest.skip(f"the real corpus is not here ({REAL})")
    folder = tmp_path / "real"
    folder.mkdir()
    for path in sorted(REAL.iterdir()):
        if path.suffix in (".txt", ".html"):  # PDFs are slow; their text versions are here
            shutil.copy2(path, folder / path.name)
    return sorted(folder.iterdir())


def test_real_corpus_baseline_survives_a_paragraph_at_the_top(tmp_path: Path) -> None:
    files = _real(tmp_path)
    first = check(files)
    assert len(first.findings) > 20
    baseline = tmp_path / "real" / "baseline.json"
    write_baseline(baseline, first.results)
    again = check(files, Suppressor(baseline))
    assert again.tally.findings == 0 and again.tally.suppressed["baseline"] == len(first.findings)
    for path in files:
        if path.suffix == ".txt":
            insert_at_top(path)
    suppressor = Suppressor(baseline, warn_unused=True)
    shifted = check(files, suppressor)
    moved = {(f.path, f.code, f.line) for f in first.findings} - {(f.path, f.code, f.line) for f in shifted.findings}
    assert moved  # lines did shift
    assert shifted.tally.findings == 0, [(f.path, f.code, f.message) for f in shifted.shown]
    assert suppressor.unused_entries() == []
