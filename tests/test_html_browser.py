"""The HTML audit page in a real browser (headless Chromium driven by Playwright): it shows the
totals, the tables and the chart, its filters and sorting work, and it loads nothing from the
network. Skipped when Playwright or a Chromium binary is missing (.ci/run installs both)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner

from govlint.cli import main
from govlint.reporters.html import TOP

pytestmark = pytest.mark.slow  # real tools in subprocesses: left out of `pytest -m "not slow"`

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("GOVLINT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """An HTML audit page of the examples, and the JSON of the same run."""
    out = tmp_path_factory.mktemp("html")
    page, data = out / "audit.html", out / "audit.json"
    result = CliRunner().invoke(main, ["check", str(EXAMPLES), "--format", "html", "-o", str(page),
                                       "--report", f"json:{data}", "--no-cache", "-j", "1"])
    assert result.exit_code == 1, result.output
    return page, json.loads(data.read_text(encoding="utf-8"))


def _missing(reason: str) -> NoReturn:
    if os.environ.get("GOVLINT_REQUIRE_BROWSER"):  # set by .ci/run once it installed both
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright import sync_api
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    executable = _chromium()
    if executable is None:
        _missing("no Chromium binary (apt-get install chromium, or set GOVLINT_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any, audit: tuple[Path, dict[str, Any]]) -> Iterator[tuple[Any, list[str], list[str]]]:
    """The audit page loaded, with the network requests it tried and the errors it raised."""
    context = browser.new_context()
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(audit[0].as_uri())
    tab.wait_for_selector("#findings tbody tr")
    yield tab, requests, errors
    context.close()


def _column(tab: Any, index: int) -> list[str]:
    return [str(t) for t in tab.eval_on_selector_all(
        "#findings tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent)")]


def test_page_shows_totals_tables_and_chart(page: tuple[Any, list[str], list[str]],
                                             audit: tuple[Path, dict[str, Any]]) -> None:
    tab, requests, errors = page
    summary = audit[1]["summary"]
    assert int(tab.inner_text("#total-0")) == summary["files"]
    assert int(tab.inner_text("#total-2")) == summary["by_severity"]["error"]
    assert int(tab.inner_text("#total-3")) == summary["by_severity"]["warning"]
    findings = len(audit[1]["findings"])
    assert tab.locator("#findings tbody tr").count() == min(findings, 200)
    assert tab.locator("#rules tbody tr").count() == len(summary["by_code"])
    chart = tab.locator("#chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20
    assert tab.locator("#chart rect").count() == min(len(summary["by_code"]), TOP)
    assert str(findings) in tab.inner_text("#pageinfo")
    assert errors == []
    assert all(url.startswith("file:") for url in requests), requests


def test_filter_by_rule_severity_and_text(page: tuple[Any, list[str], list[str]],
                                          audit: tuple[Path, dict[str, Any]]) -> None:
    tab, _, errors = page
    codes = [f["code"] for f in audit[1]["findings"]]
    code = max(set(codes), key=lambda c: (codes.count(c), c))
    tab.select_option("#rule", code)
    assert _column(tab, 3) == [code] * min(codes.count(code), 200)
    tab.select_option("#rule", "")
    tab.select_option("#severity", "error")
    errors_found = [f for f in audit[1]["findings"] if f["severity"] == "error"]
    assert tab.locator("#findings tbody tr").count() == min(len(errors_found), 200)
    assert set(_column(tab, 4)) == {"错误"}
    tab.select_option("#severity", "")
    tab.fill("#filter", "table3_row_total")
    paths = _column(tab, 0)
    assert paths and all("table3_row_total" in p for p in paths)
    tab.fill("#filter", "no such text anywhere")
    assert tab.locator("#findings tbody tr").count() == 0
    assert errors == []


def test_sorting_by_a_column(page: tuple[Any, list[str], list[str]]) -> None:
    tab, _, errors = page
    header = tab.locator('#findings th[data-key="code"]')
    header.click()
    ascending = _column(tab, 3)
    assert ascending == sorted(ascending)
    header.click()
    assert _column(tab, 3) == sorted(ascending, reverse=True)
    assert errors == []


def test_screenshot_renders(page: tuple[Any, list[str], list[str]], tmp_path: Path) -> None:
    tab, _, _ = page
    shot = tmp_path / "audit.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000  # a blank page is a few hundred bytes
    if os.environ.get("GOVLINT_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["GOVLINT_KEEP_SCREENSHOT"])
