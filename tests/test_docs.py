"""docs/rules.md is generated from the rule files and must stay in sync."""

from __future__ import annotations

from conftest import ROOT

from govlint.explain import reference
from govlint.rulepack import builtin_packs, load_pack


def test_rule_reference_is_in_sync() -> None:
    checked_in = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert checked_in == reference(), "run: govlint rules --format markdown > docs/rules.md"


def test_reference_documents_every_rule_with_examples() -> None:
    text = reference()
    for name in builtin_packs():
        for rule in load_pack(name).rules:
            assert f"## {rule.code} {rule.name}" in text
            assert rule.description["zh"] in text
