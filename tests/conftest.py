"""Shared fixtures: the built-in pack, a parse helper, and the real corpus (optional)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from govlint.document import Document
from govlint.parser import parse
from govlint.rulepack import Pack, load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "2021_zhoushan_dinghai_police.txt"

# What each checked-in example reports (codes). Every defect example plants one defect.
EXAMPLE_CODES: dict[str, set[str]] = {
    "2020_clean": set(),
    "2023_clean": set(),
    "2023_clean_gb18030": set(),
    "2023_clean_government": set(),
    "2023_defect_all_handled": {"GL604"},
    "2023_defect_blank_cell": {"GL006", "GL009"},
    "2023_defect_cell_remark": {"GL204"},
    "2023_defect_citation": {"GL521"},
    "2023_defect_count_decimal": {"GL202"},
    "2023_defect_declared_count": {"GL106"},
    "2023_defect_duplicate_paragraph": {"GL501"},
    "2023_defect_enumeration": {"GL531"},
    "2023_defect_fee_in_yuan": {"GL203"},
    "2023_defect_fee_missing": {"GL511"},
    "2023_defect_format_mismatch": {"GL010"},
    "2023_defect_glued_table": {"GL003"},
    "2023_defect_instructions": {"GL524"},
    "2023_defect_late_publication": {"GL705"},
    "2023_defect_malformed_date": {"GL704"},
    "2023_defect_missing_number": {"GL523"},
    "2023_defect_missing_section": {"GL101"},
    "2023_defect_narrative_mismatch": {"GL601"},
    "2023_defect_near_duplicate_item": {"GL502"},
    "2023_defect_old_label": {"GL201"},
    "2023_defect_percentage": {"GL603"},
    "2023_defect_placeholder": {"GL520"},
    "2023_defect_renumbered": {"GL105"},
    "2023_defect_repeated_word": {"GL530"},
    "2023_defect_section5_empty": {"GL510"},
    "2023_defect_section_title": {"GL102"},
    "2023_defect_stale_year": {"GL703"},
    "2023_defect_table3_balance": {"GL303"},
    "2023_defect_table3_row_total": {"GL301", "GL302"},
    "2023_defect_table4_total": {"GL401"},
    "2023_defect_table_missing": {"GL004"},
    "2023_defect_title": {"GL540"},
    "2023_defect_unsupported_year": {"GL011"},
    "2023_government_defect_accountability": {"GL513"},
    "2023_government_defect_regulation": {"GL205"},
}

# Property tests: the same examples on every run under CI (a failure is reproducible and no run
# finds more by luck), no per-example deadline (a busy machine is not a bug), no example
# database written into the checkout. Each test's own @settings bounds its examples.
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("GOVLINT_HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' caches (packs, results) out of the user's cache folder."""
    if "GOVLINT_CACHE_DIR" not in os.environ:
        import tempfile

        os.environ["GOVLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="govlint-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="rewrite tests/golden/*.json")


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh result cache for this test (the cache objects of earlier runs forgotten)."""
    from govlint import batch

    folder = tmp_path / "cache"
    monkeypatch.setenv("GOVLINT_CACHE_DIR", str(folder))
    monkeypatch.setattr(batch, "_CACHES", {})
    return folder


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack("gov-2021")


@pytest.fixture(scope="session")
def parse_text(pack: Pack):  # type: ignore[no-untyped-def]
    def _parse(text: str) -> Document:
        return parse(text, pack.template, "<test>")

    return _parse
