"""The progress bar and the findings in one terminal (stdout and stderr both on it): read from
the screen of a real terminal (tmux), every finding is whole and the bar is never glued into one."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONCISE = re.compile(r"^\S+\.txt:\d+:\d+: (错误|警告|提示) GL\d{3} .* \([a-z0-9-]+\)$")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("GOVLINT_REQUIRE_TMUX"),
                                reason="tmux is not installed")


def screen(command: str, tmp_path: Path) -> list[str]:
    """The lines a terminal 250 columns wide shows after `command` ends (history included)."""
    session = f"govlint-{uuid.uuid4().hex[:8]}"
    socket = str(tmp_path / "tmux.sock")
    tmux = ["tmux", "-S", socket]
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PRE_COMMIT", "GITHUB_ACTIONS", "GOVLINT_NO_PROGRESS")}
    script = tmp_path / "run.sh"
    script.write_text(f"{command}\necho __DONE__ $?\nsleep 600\n", encoding="utf-8")
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "250", "-y", "60", f"bash {script}"],
                   env=env, check=True, cwd=ROOT)
    try:
        for _ in range(1200):  # a hang guard (10 minutes), not a speed requirement
            lines = subprocess.run([*tmux, "capture-pane", "-t", session, "-p", "-J", "-S", "-2000"], env=env,
                                   capture_output=True, text=True, check=True).stdout.split("\n")
            if any(line.startswith("__DONE__") for line in lines):
                return [line.rstrip() for line in lines if line.strip()]
            time.sleep(0.5)
        raise AssertionError("the command did not end")
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, check=False, capture_output=True)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_findings_and_bar_share_the_terminal(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("2023_defect_*.txt")):
        shutil.copy(path, folder / path.name)
    lines = screen(f"{sys.executable} -m govlint check {folder} --format concise --no-cache -j {jobs}", tmp_path)
    findings = [line for line in lines if line.startswith(str(folder))]
    assert len(findings) >= len(list(folder.iterdir())), lines
    for line in findings:
        assert CONCISE.match(line), line  # whole: nothing glued before or after
    bars = [line for line in lines if "━" in line]
    assert bars and all(not bar.startswith(str(folder)) and str(folder) not in bar for bar in bars)
    assert any("共检查" in line for line in lines)
    done = next(line for line in lines if line.startswith("__DONE__"))
    assert done == "__DONE__ 1"
