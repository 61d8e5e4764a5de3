"""Every rule's own examples run as tests; meta-checks on the rule set (codes are public API)."""

from __future__ import annotations

import re

import pytest

from govlint.api import check_text
from govlint.config import Config
from govlint.kinds import KINDS
from govlint.rulepack import builtin_packs, load_pack

PACKS = builtin_packs()
RULES = [(name, rule) for name in PACKS for rule in load_pack(name).rules]
# Each rule's examples once (a rule shared by packs has one set of examples); the example
# documents go through format selection like any report, so a 2019-only rule's examples
# must look like 2019 reports.
UNIQUE = list({r.code: (n, r) for n, r in reversed(RULES) if r.kind is not None}.values())


def _codes(text: str, code: str) -> list[str]:
    result = check_text(text, config=Config(select=(code,)))
    return [f.code for f in result.findings if f.code == code]


@pytest.mark.parametrize(("pack", "rule"), UNIQUE, ids=[r.code for _, r in UNIQUE])
def test_fail_examples_are_reported(pack: str, rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.examples.fail, f"{rule.code} has no failing example"
    for doc in rule.examples.fail:
        assert _codes(doc, rule.code), f"{rule.code} did not report its failing example:\n{doc}"


@pytest.mark.parametrize(("pack", "rule"), UNIQUE, ids=[r.code for _, r in UNIQUE])
def test_pass_examples_are_not_reported(pack: str, rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.examples.passing, f"{rule.code} has no passing example"
    for doc in rule.examples.passing:
        assert not _codes(doc, rule.code), f"{rule.code} reported its passing example:\n{doc}"


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=[f"{p}:{r.code}" for p, r in RULES])
def test_rule_identity_and_texts(pack: str, rule) -> None:  # type: ignore[no-untyped-def]
    assert re.fullmatch(r"GL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    for lang in ("zh", "en"):
        assert rule.title[lang] and rule.message[lang] and rule.description[lang]
    assert re.search(r"[\u4e00-\u9fff]", rule.message["zh"])
    assert rule.help["zh"], f"{rule.code} should say how to fix"


def test_codes_and_names_are_unique_and_stable_per_pack() -> None:
    for name in PACKS:
        rules = load_pack(name).rules
        assert len({r.code for r in rules}) == len(rules)
        assert len({r.name for r in rules}) == len(rules)


def test_a_code_means_the_same_rule_in_every_pack() -> None:
    seen: dict[str, str] = {}
    for _, rule in RULES:
        assert seen.setdefault(rule.code, rule.name) == rule.name


def test_every_kind_is_used_by_a_rule() -> None:
    used = {r.kind_name for _, r in RULES}
    assert set(KINDS) <= used
