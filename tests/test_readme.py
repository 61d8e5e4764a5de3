"""Every `govlint …` command in the README's shell blocks works as written (run in a scratch
folder holding a copy of examples/, as a user who cloned the repository would)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # real tools in subprocesses: left out of `pytest -m "not slow"`

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("govlint ")]


def test_readme_has_a_command_for_each_use() -> None:
    found = " ".join(commands())
    for use in ("govlint check examples/2023", "govlint parse", "--report html:", "govlint config show",
                "--write-baseline", "--baseline", "--stdin-filename", "govlint rules check", "govlint test"):
        assert use in found, use


@pytest.mark.parametrize("command", commands())
def test_readme_command_works_as_written(command: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    if (ROOT / "tests" / "fixtures").is_dir():
        shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "tests" / "fixtures")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, timeout=120)
    # 1 is "findings", the point of most examples; 2 would be a usage or configuration error
    assert result.returncode in (0, 1), result.stderr.decode()
    assert b"Traceback" not in result.stderr
