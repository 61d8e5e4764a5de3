"""The Dask recipe (examples/dask_audit.py) on a local cluster gives the findings and exit code of
`govlint check`; the audit API's steps pickle. Skipped without the `dask` extra."""

from __future__ import annotations

import importlib.util
import io
import json
import pickle
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from govlint import audit
from govlint.cli import main
from govlint.config import Config

pytestmark = pytest.mark.slow  # real tools in subprocesses: left out of `pytest -m "not slow"`

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _recipe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_audit", EXAMPLES / "dask_audit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _archive(root: Path) -> Path:
    """A small archive: two consecutive years of one organ with a broken carry-over, a copy of its
    prose in another organ's report, and a few single examples."""
    spec = importlib.util.spec_from_file_location("archive", ROOT / "benchmarks" / "archive.py")
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = generator  # its dataclasses look their module up
    spec.loader.exec_module(generator)
    generator.generate(root, 30, 1)  # seed 1 plants a carry-over break and a copy
    for name in ("2023_clean.txt", "2023_defect_table3_row_total.txt", "2023_defect_fee_missing.txt"):
        shutil.copy(EXAMPLES / name, root / name)
    return root


def _cli_json(archive: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["check", str(archive), "--format", "json", "--no-cache", "-j", "1"])
    return result.exit_code, json.loads(result.output)


def _stable(data: dict) -> dict:  # type: ignore[type-arg]
    """The JSON without what differs between two runs (timings)."""
    data = dict(data)
    data["summary"] = {k: v for k, v in data["summary"].items() if k not in ("seconds", "jobs", "cached")}
    return data


def test_audit_api_matches_the_cli(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "archive")
    code, expected = _cli_json(archive)
    files = audit.discover([archive])
    outcomes = [pickle.loads(pickle.dumps(audit.check_file(f, Config()))) for f in files]
    out = io.StringIO()
    tally = audit.write(outcomes, "json", out)
    assert _stable(json.loads(out.getvalue())) == _stable(expected)
    assert code == 1 and tally.worst() is not None
    assert {"GL801", "GL803"} <= set(expected["summary"]["by_code"])


def test_check_bytes_equals_check_file(tmp_path: Path) -> None:
    path = EXAMPLES / "2023_defect_table3_row_total.txt"
    by_bytes = audit.check(str(path), path.read_bytes())
    by_path = audit.check_file(str(path))
    assert by_bytes.result == by_path.result
    assert "GL302" in {f.code for f in by_bytes.result.findings}


def test_dask_local_cluster_recipe(tmp_path: Path) -> None:
    pytest.importorskip("dask.bag", reason="the dask extra is not installed")
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    archive = _archive(tmp_path / "archive")
    code, expected = _cli_json(archive)
    output = tmp_path / "audit.json"
    exit_code = _recipe().main([str(archive), "--workers", "2", "--format", "json", "-o", str(output)])
    assert exit_code == code == 1
    assert _stable(json.loads(output.read_text(encoding="utf-8"))) == _stable(expected)
