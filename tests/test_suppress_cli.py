"""The suppression flags and config keys end to end through `govlint check`: --write-baseline,
--baseline (and `baseline:`), waivers in .govlint.yaml (GL014 after expiry), and
--warn-unused-suppressions (GL015); the issue's acceptance run on a copy of the corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT

from govlint.cli import main

REAL = ROOT.parent / "shared" / "corpus" / "real"
ROW = "（一）予以公开\t4\t1\t0\t0\t0\t0\t5"  # in examples/2023_clean.txt
FEE = "依据《政府信息公开信息处理费管理办法》，我局2023年未收取信息处理费。"  # ditto: "无。" makes GL511
PARAGRAPH = "本报告由本机关政府信息公开工作领导小组办公室组织编写，现予公布。\n\n"


def check(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", "-j", "1", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def live(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(file name, code) of the findings not suppressed."""
    return sorted((Path(f["path"]).name, f["code"]) for f in data["findings"] if not f.get("suppression"))


def after_title(text: str, extra: str) -> str:
    """The report with `extra` inserted after its title block (before 一、)."""
    at = text.index("一、")
    return text[:at] + extra + text[at:]


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder


def test_baseline_round_trip_paragraph_and_new_defect(archive: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    result = CliRunner().invoke(main, ["check", str(archive), "--no-cache", "--write-baseline", str(baseline)])
    assert result.exit_code == 0  # writing a baseline is adoption, not failure
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert len(entries) >= 35 and all("line" not in e for e in entries)
    code, data = check(str(archive), "--baseline", str(baseline))
    assert (code, live(data)) == (0, [])
    assert data["summary"]["findings"] == 0 and data["summary"]["suppressed"]["baseline"] == len(entries)
    for report in archive.glob("2023_*.txt"):  # a paragraph at the top of every report
        encoding = "gb18030" if "gb18030" in report.name else "utf-8"
        text = report.read_text(encoding=encoding)
        if "一、" in text:
            report.write_text(after_title(text, PARAGRAPH), encoding=encoding)
    code, data = check(str(archive), "--baseline", str(baseline))
    assert (code, live(data)) == (0, [])
    clean = archive / "2023_clean.txt"
    clean.write_text(clean.read_text(encoding="utf-8").replace(FEE, "无。"), encoding="utf-8")
    code, data = check(str(archive), "--baseline", str(baseline), "--fail-on", "warning")
    assert live(data) == [("2023_clean.txt", "GL511")]  # exactly the new defect
    assert code == 1


def test_baseline_from_the_config_file(archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(archive)
    (archive / ".govlint.yaml").write_text("baseline: known.json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", ".", "--no-cache", "--write-baseline", "known.json"])
    assert result.exit_code == 0 and (archive / "known.json").is_file()
    code, data = check(".")
    assert (code, live(data)) == (0, [])


def test_waiver_with_expiry(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(archive)
    target = "2023_defect_fee_missing.txt"
    (archive / ".govlint.yaml").write_text(
        "waivers:\n  - rule: GL511\n    path: '2023_defect_fee_*.txt'\n    reason: 费用说明另行公开\n", encoding="utf-8")
    _, data = check(target)
    assert live(data) == []
    assert [f["suppression"]["kind"] for f in data["findings"]] == ["waiver"]
    (archive / ".govlint.yaml").write_text(
        "waivers:\n  - rule: GL511\n    reason: 费用说明另行公开\n    expires: 2020-01-01\n", encoding="utf-8")
    _, data = check(target)
    assert live(data) == [(target, "GL014"), (target, "GL511")]


def test_warn_unused_suppressions(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(archive)
    (archive / ".govlint.yaml").write_text("waivers:\n  - rule: GL301\n    reason: 不再需要\n", encoding="utf-8")
    _, data = check("2023_clean.txt")
    assert live(data) == []
    _, data = check("2023_clean.txt", "--warn-unused-suppressions")
    assert [f["code"] for f in data["findings"]] == ["GL015"]
    assert data["findings"][0]["path"].endswith(".govlint.yaml")


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is absent")
def test_corpus_copy_with_a_baseline(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(REAL, corpus, ignore=shutil.ignore_patterns("*.pdf"))  # PDFs: slow, same as their .txt
    baseline = tmp_path / "baseline.json"
    CliRunner().invoke(main, ["check", str(corpus), "--no-cache", "--write-baseline", str(baseline)])
    code, data = check(str(corpus), "--baseline", str(baseline))
    assert (code, live(data)) == (0, [])
    for report in corpus.glob("*.txt"):
        text = report.read_text(encoding="utf-8")
        if "一、" in text:
            report.write_text(after_title(text, PARAGRAPH), encoding="utf-8")
    code, data = check(str(corpus), "--baseline", str(baseline))
    assert (code, live(data)) == (0, [])


def test_selection_and_severity_apply_to_suppression_findings(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(archive)
    target = "2023_defect_fee_missing.txt"
    (archive / ".govlint.yaml").write_text(
        "severity: {GL014: info}\nwaivers:\n  - rule: GL511\n    reason: 费用说明另行公开\n    expires: 2020-01-01\n",
        encoding="utf-8")
    _, data = check(target)
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("GL511", "warning"), ("GL014", "info")]
    _, data = check(target, "--ignore", "GL014")
    assert [f["code"] for f in data["findings"]] == ["GL511"]
