"""Shared fixtures: the built-in pack, a parse helper, and the real corpus (optional)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.document import Document
from govlint.parser import parse
from govlint.rulepack import Pack, load_pack

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "2021_zhoushan_dinghai_police.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="rewrite tests/golden/*.json")


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack("gov-2021")


@pytest.fixture(scope="session")
def parse_text(pack: Pack):  # type: ignore[no-untyped-def]
    def _parse(text: str) -> Document:
        return parse(text, pack.template, "<test>")

    return _parse
