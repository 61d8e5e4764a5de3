"""Every reproducer of the fuzz campaign (../shared/fuzz-repro, skipped when absent) through the
real command line, as a user would run it: it ends in findings (never GL002) or in exit 2 with
`file:line: key: message`, within its time limit (a hang guard, not a speed requirement) and
within the memory budget the README states (an address-space cap on the whole run)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govlint.readers import SUPPORTED

ROOT = Path(__file__).resolve().parent.parent
REPRO = ROOT.parent / "shared" / "fuzz-repro"
CASES = sorted(p.name for p in REPRO.iterdir()) if REPRO.is_dir() else []
CLEAN = ROOT / "examples" / "2023_clean.txt"
PARENT_BUDGET = 3 * 1024**3  # the CLI process (workers cap themselves at their start size + 2 GiB)
LIMIT = "5"  # seconds per file: the ReDoS rule must end by it
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CASES, reason="../shared/fuzz-repro is not available")]
WHERE = re.compile(r"^(govlint: )?\S.*?:\d+(:\d+)?: ", re.MULTILINE)


def _cap() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PARENT_BUDGET, PARENT_BUDGET))


def target(name: str, tmp_path: Path) -> Path:
    """The reproducer as checked: a file as it is; a folder copied, with a clean report added
    when it has none (so its config or rule file is exercised, not 'no report files')."""
    source = REPRO / name
    if source.is_file():
        return source
    folder = tmp_path / name
    shutil.copytree(source, folder)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    if not any(p.suffix.lower() in SUPPORTED and not p.name.startswith(".") for p in folder.rglob("*")):
        shutil.copy(CLEAN, folder / "report.txt")
    return folder


@pytest.mark.parametrize("name", CASES)
def test_reproducer_ends_in_findings_or_exit_2(name: str, tmp_path: Path) -> None:
    path = target(name, tmp_path)
    args = ["rules", "check", str(path)] if name.startswith("rulecheck-") else [
        "check", str(path), "--format", "json", "--no-cache", "--timeout", LIMIT]
    env = {k: v for k, v in os.environ.items() if k not in ("CI",)} | {"GOVLINT_NO_PROGRESS": "1"}
    run = subprocess.run([sys.executable, "-m", "govlint", *args], capture_output=True, text=True, env=env,
                         cwd=path if path.is_dir() else tmp_path, timeout=600, preexec_fn=_cap, check=False)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.returncode in (0, 1, 2), (run.returncode, run.stderr[-2000:])
    if run.returncode == 2:
        said = run.stderr + run.stdout  # `rules check` lists its errors on stdout
        assert WHERE.search(said), said[-2000:]  # file:line: of the bad config or rule file
        return
    if args[0] == "rules":
        return
    data = json.loads(run.stdout)
    codes = [f["code"] for f in data["findings"]]
    assert "GL002" not in codes, data["findings"]
    assert data["summary"]["files"] >= 1
