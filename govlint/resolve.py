"""From command-line flags and config files to what a run does: the run's settings, each file's
rule selection, and the hook that applies severities, per-file ignores, waivers and the baseline.

Precedence: a flag given on the command line, then the config file, then the default. `--select`
replaces the file's selection; `--extend-select` and `--ignore` add to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from govlint.config import NONE, Config, check_selectors, selects
from govlint.configfile import Settings, find, load
from govlint.discover import matches_glob
from govlint.errors import UsageError
from govlint.findings import Finding, Severity

SUPPRESSION_RULES = ("GL014", "GL015")  # made by the suppressor, after the engine's selection
DEFAULTS: dict[str, Any] = {"fail_on": "error", "output_format": "full", "jobs": "auto", "lang": "zh",
                            "timeout": 60.0, "warn_unused_suppressions": False}


@dataclass(frozen=True)
class Flags:
    """What the command line said; None: not given."""

    config: str | None = None
    isolated: bool = False  # --no-config: ignore config files
    fmt: str | None = None
    fail_on: str | None = None
    lang: str | None = None
    pack: str | None = None
    jobs: str | None = None
    timeout: float | None = None
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    baseline: str | None = None
    warn_unused: bool | None = None


class Resolver:
    """Settings for the run and for each checked file (config files are read once each)."""

    def __init__(self, flags: Flags, cwd: Path | None = None) -> None:
        self.flags = flags
        self.fixed = load(Path(flags.config)) if flags.config else None
        self.run = self.fixed or self._nearest(cwd or Path.cwd())
        self._configs: dict[Settings, Config] = {}
        self.by_path: dict[str, Settings] = {}

    def _nearest(self, start: Path) -> Settings:
        if self.flags.isolated:
            return Settings()
        found = find(start)
        return load(found) if found else Settings()

    def value(self, key: str, flag: Any = None) -> Any:
        """A run setting: the flag, else the run's config file, else the default."""
        return flag if flag is not None else self.run.get(key, DEFAULTS.get(key))

    def settings_for(self, path: Path) -> Settings:
        settings = self.fixed or self._nearest(path)
        self.by_path[str(path)] = settings
        return settings

    def config_for(self, settings: Settings) -> Config:
        """The engine options of files governed by `settings`."""
        if settings not in self._configs:
            f = self.flags
            # per folder: the rules, the pack and when to fail; the run's: language and output
            base = Config(pack=_setting(settings, "pack", f.pack), lang=self.value("lang", f.lang),
                          fail_on=_setting(settings, "fail_on", f.fail_on),
                          rule_paths=tuple(settings.get("rule_paths", ())))
            # flags apply to every folder; a rule only some folders' rule_paths add is left out elsewhere
            here = self._here(base)
            select = tuple(filter(here, f.select)) or (NONE,) if f.select else tuple(settings.get("select", ()))
            self._configs[settings] = replace(
                base, select=select, ignore=(*settings.get("ignore", ()), *filter(here, f.ignore)),
                extend_select=(*settings.get("extend_select", ()), *filter(here, f.extend_select)))
        return self._configs[settings]

    def _here(self, config: Config) -> Any:
        """Whether a selector names a rule of the pack `config` runs (unknown ones are validated
        across all folders in `validate`)."""
        from govlint.api import pack_for

        try:
            pack = pack_for(config)
        except Exception:  # a broken rule pack is reported by validate()
            return lambda selector: True
        return lambda selector: _known(pack, selector)

    def validate(self) -> None:
        """Every rule a flag or config file names must exist (checked before any file is read)."""
        from govlint.api import pack_for

        packs = {settings: pack_for(config) for settings, config in self._configs.items()}
        for settings, pack in packs.items():
            for name, key, source in settings.rules:
                problem = _too_broad(pack, name, key)
                if problem:
                    raise UsageError(f"{source}: {key}: {problem}")
                check_selectors(pack, (name,), f"{source}: {key}: ")
        # a flag applies to every file: a rule only some folders add (rule_paths) is still known
        union = max(packs.values(), key=lambda p: len(p.rules))
        flags = self.flags
        for flag, key, selectors in (("--select", "select", flags.select),
                                     ("--extend-select", "extend_select", flags.extend_select),
                                     ("--ignore", "ignore", flags.ignore)):
            for selector in selectors:
                problem = _too_broad(union, selector, key)
                if problem:
                    raise UsageError(f"{flag}: {problem}")
                if not any(_known(pack, selector) for pack in packs.values()):
                    check_selectors(union, (selector,))

    def post(self, lang: str, today: date | None = None, writing_baseline: bool = False) -> Any:
        """The findings hook for govlint.runner.report, or None when there is nothing to apply
        (while a baseline is being written, no baseline is read: it may not exist yet)."""
        severities = any(s.get("severity") or s.get("per_file_ignores") for s in self._configs)
        waivers = _waivers(self._configs)
        baseline = None if writing_baseline else self.flags.baseline or self.run.get("baseline")
        warn = bool(self.value("warn_unused_suppressions", self.flags.warn_unused))
        if not (severities or waivers or baseline or warn):
            return None
        suppressor = None
        if waivers or baseline or warn:
            from govlint.suppress import Suppressor

            suppressor = Suppressor(Path(baseline) if baseline else None, waivers, today, warn, lang)
        return _Hook(self.by_path, self.fixed or self.run, suppressor, self._active)

    def _active(self, settings: Settings) -> frozenset[str]:
        """The rule codes selected for files governed by `settings`."""
        from govlint.api import pack_for
        from govlint.config import active_codes

        config = self.config_for(settings)
        return active_codes(pack_for(config), config)


class _Hook:
    """Severity overrides and per-file ignores of each file's settings, then waivers/baseline."""

    def __init__(self, by_path: dict[str, Settings], fallback: Settings, suppressor: Any,
                 active: Callable[[Settings], frozenset[str]]) -> None:
        self.by_path, self.fallback, self.suppressor = by_path, fallback, suppressor
        self.active = lru_cache(maxsize=64)(active)

    def __call__(self, path: str, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        settings = self.by_path.get(path, self.fallback)
        kept = self._settle(path, findings, settings)
        if not self.suppressor:
            return kept
        # the suppressor adds GL014 (expired waiver): selection and severities apply to it too
        return self._settle(path, self.suppressor(path, kept), settings)

    def _settle(self, path: str, findings: tuple[Finding, ...], settings: Settings) -> tuple[Finding, ...]:
        active = self.active(settings)
        kept = (_overridden(f, settings) for f in findings if f.code in active or f.code not in SUPPRESSION_RULES)
        return tuple(f for f in kept if f is not None and not _ignored_here(f, path, settings))

    def leftovers(self) -> list[tuple[str, list[Finding]]]:
        """Findings about the suppressions themselves (GL015), after the run."""
        if not self.suppressor:
            return []
        out = [(path, list(self._settle(path, tuple(found), self.fallback)))
               for path, found in self.suppressor.leftovers()]
        return [(path, found) for path, found in out if found]


def _setting(settings: Settings, key: str, flag: Any) -> Any:
    """A per-folder setting: the flag, else the folder's config file, else the default."""
    return flag if flag is not None else settings.get(key, DEFAULTS.get(key))


def _too_broad(pack: Any, selector: str, key: str) -> str | None:
    """Why a config file's selector says more than its author can mean, or None: one that
    ignores every rule of the pack (ALL, or GL when no other rules are loaded) checks nothing;
    a bare namespace that names every rule elsewhere is ALL written as if it were a prefix
    (GL3 is a prefix; `select: [JS]`, the province's rules only, names a part and is kept)."""
    from govlint.config import matches

    sel = selector.strip()
    if sel.upper() == NONE or not all(matches(rule, sel) for rule in pack.rules):
        return None
    if key == "ignore":
        return f"'{sel}' ignores every rule: nothing would be checked (to skip files, use exclude)"
    if sel.isalpha() and sel.upper() != "ALL" and pack.rule(sel) is None:
        return (f"'{sel}' is only a code namespace, and here it names every rule: write ALL, or name rules by "
                f"code ({sel.upper()}301), by a prefix with a digit ({sel.upper()}3) or by name")
    return None


def _known(pack: Any, selector: str) -> bool:
    from govlint.config import matches

    return any(matches(rule, selector) for rule in pack.rules)


def _overridden(f: Finding, settings: Settings) -> Finding | None:
    levels = settings.get("severity") or {}
    # the most specific selector wins: a full code over a prefix over ALL
    chosen = max((sel for sel in levels if selects(sel, f.code, f.name)), key=lambda s: (s == f.name, len(s)),
                 default=None)
    if chosen is None:
        return f
    level = levels[chosen]
    return None if level == "off" else replace(f, severity=Severity.parse(level))


def _ignored_here(f: Finding, path: str, settings: Settings) -> bool:
    for glob, entry in (settings.get("per_file_ignores") or {}).items():
        if any(selects(sel, f.code, f.name) for sel in entry["rules"]) and matches_glob(path, glob, entry["root"]):
            return True
    return False


def _waivers(configs: dict[Settings, Config]) -> list[Any]:
    """The waivers of every config file in the run, each once."""
    declared = {(w["source"], w["line"]): w for settings in configs for w in settings.get("waivers", [])}
    if not declared:
        return []  # the suppression module is not even imported
    from govlint.suppress import Waiver

    return [Waiver(w["rule"], w["reason"], w["path"] or "**", w["contains"], w["expires"], w["source"], w["line"],
                   w["root"]) for w in declared.values()]
