"""Run options: which pack, which rules, which language, when to fail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from govlint.errors import UsageError
from govlint.findings import Severity
from govlint.rulepack import Pack, Rule
from govlint.schema import suggest

FAIL_ON = ("error", "warning", "info", "never")
NONE = "NONE"  # a selection of no rule (a --select whose rules only other folders' packs have)
LANGS = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Config:
    """Options for a run (from the command line; config files come later)."""

    pack: str | None = None  # None: chosen per document
    lang: str = "zh"
    select: tuple[str, ...] = ()  # codes, code prefixes or names; empty = all enabled rules
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    extend_select: tuple[str, ...] = ()  # added to the selection (also rules off by default)
    rule_paths: tuple[str, ...] = ()  # extra rule files or folders on top of the pack

    def fail_threshold(self) -> Severity | None:
        """The lowest severity that makes the run fail, or None for `never`."""
        return None if self.fail_on == "never" else Severity.parse(self.fail_on)


def matches(rule: Rule, selector: str) -> bool:
    """A selector names a rule by code, code prefix (GL3) or name."""
    return selects(selector, rule.code, rule.name)


def selects(selector: str, code: str, name: str) -> bool:
    """Whether a selector (code, code prefix, name, ALL; NONE names nothing) names the rule
    `code`/`name` — for rules, findings and waivers alike."""
    sel = selector.strip()
    if sel.upper() == NONE:
        return False
    return name == sel or code.startswith(sel.upper()) or sel.upper() == "ALL"


def active_codes(pack: Pack, config: Config) -> frozenset[str]:
    """Codes of the rules to run: enabled (or explicitly selected) and not ignored."""
    check_selectors(pack, (*config.select, *config.extend_select, *config.ignore))
    chosen = set()
    for rule in pack.rules:
        selected = any(matches(rule, s) for s in (*config.select, *config.extend_select))
        if (rule.enabled and not config.select) or selected:
            chosen.add(rule.code)
    return frozenset(c for c in chosen
                     if not any(matches(pack.rule(c), s) for s in config.ignore))  # type: ignore[arg-type]


def check_selectors(pack: Pack, selectors: Iterable[str], where: str = "") -> None:
    """An unknown code or name is a usage error with a suggestion (`where`: the file:line: key
    that named it, for selectors from a config file)."""
    names = [r.name for r in pack.rules] + [r.code for r in pack.rules]
    for sel in selectors:
        if sel.strip().upper() != NONE and not any(matches(rule, sel) for rule in pack.rules):
            raise UsageError(f"{where}unknown rule code or name '{sel}'{suggest(sel, names)}")
