"""Rule packs: a format template plus YAML rule files, validated strictly when loaded."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

from govlint import __version__, yamlio
from govlint.cachedir import cache_dir
from govlint.document import Document
from govlint.errors import RuleError, RuleErrors, UsageError
from govlint.findings import Finding, Severity
from govlint.kinds import KINDS, Kind
from govlint.schema import Where, check_keys, choice, expect, localized, regex, str_list
from govlint.templates import Template, load_template

ENVELOPE = ("code", "name", "kind", "severity", "title", "message", "help", "description",
            "reference", "examples", "enabled", "when")
ORGAN_KINDS = ("government", "department", "subdistrict")
LEVELS = ("province", "prefecture", "county", "town")
REQUIRED = ("code", "name", "kind", "severity", "title", "message", "description")
CODE_PATTERN = r"^[A-Z]{2,4}\d{3}$"
NAME_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Codes the engine itself emits; their rules use `kind: builtin`.
BUILTIN_FIELDS = {
    "GL001": frozenset({"reason"}),
    "GL002": frozenset({"rule", "error"}),
    "GL008": frozenset({"rule", "rule_title", "limit"}),
    "GL009": frozenset({"rule", "rule_title", "table", "count", "instances"}),
    "GL010": frozenset({"year", "expected", "found", "markers"}),
    "GL011": frozenset({"year"}),
    "GL012": frozenset({"limit"}),
    "GL013": frozenset({"reason"}),
    "GL014": frozenset({"source", "line", "expires", "reason", "rule"}),
    "GL015": frozenset({"what", "detail"}),
    "GL801": frozenset({"year", "last_year", "columns", "other", "found", "expected"}),
    "GL802": frozenset({"year", "last_year", "row", "expected", "found", "last_valid", "made", "repealed", "other"}),
    "GL803": frozenset({"similarity", "other", "other_organ", "other_year", "relation", "passages"}),
}


@dataclass(frozen=True, slots=True)
class Examples:
    """Documents on which a rule must (fail) and must not (pass) report."""

    fail: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class When:
    """Documents a rule applies to; an empty field means any. A document whose organ or
    year is unknown is checked (the rule errs on the side of reporting)."""

    organ: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    min_year: int | None = None
    max_year: int | None = None

    def applies(self, doc: Document) -> bool:
        """Whether the rule should run on `doc`."""
        if self.organ and doc.organ.kind is not None and doc.organ.kind not in self.organ:
            return False
        if self.organ and doc.organ.kind is None:
            return False  # organ-specific requirements need a known organ
        if self.level and doc.organ.level not in self.level:
            return False
        year = doc.year
        return not (year is not None and ((self.min_year and year < self.min_year)
                                           or (self.max_year and year > self.max_year)))


@dataclass(frozen=True, slots=True)
class Rule:
    """A configured check with its public identity and texts."""

    code: str
    name: str
    kind: Kind | None  # None for engine-emitted (builtin) rules
    kind_name: str
    severity: Severity
    title: dict[str, str]
    message: dict[str, str]
    help: dict[str, str]
    description: dict[str, str]
    reference: str
    examples: Examples
    enabled: bool
    path: str
    when: When = When()

    def finding(self, lang: str, path: str, fields: Mapping[str, Any], **where: Any) -> Finding:
        """A finding of this rule with its message filled in (engine notices, cross-report and
        suppression findings; kinds' hits go through govlint.engine)."""
        return Finding(self.code, self.name, self.severity, self.message[lang].format(**fields), path,
                       help=self.help[lang] or None, **where)


@dataclass(frozen=True, slots=True)
class Pack:
    """A named set of rules for one report format."""

    name: str
    title: dict[str, str]
    template: Template
    rules: tuple[Rule, ...]
    path: str
    years: tuple[int | None, int | None] = (None, None)

    def rule(self, ident: str) -> Rule | None:
        """A rule by code or name (case-insensitive code)."""
        for rule in self.rules:
            if rule.code == ident.upper() or rule.name == ident:
                return rule
        return None


def packs_dir() -> Path:
    """The folder of built-in packs: inside the installed package, else the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise UsageError("built-in rule packs not found (is govlint installed correctly?)")


@lru_cache(maxsize=1)
def builtin_packs() -> tuple[str, ...]:
    """Names of the built-in packs."""
    return tuple(sorted(p.parent.name for p in packs_dir().glob("*/pack.yaml")))


@lru_cache(maxsize=256)
def builtin_rule(code: str) -> Rule | None:
    """A rule of the built-in packs by code (the first pack that has it)."""
    for name in builtin_packs():
        rule = load_pack(name).rule(code)
        if rule is not None:
            return rule
    return None


@dataclass(frozen=True, slots=True)
class PackMeta:
    """What pack.yaml says about a pack without loading its rules: enough to choose it."""

    name: str
    years: tuple[int | None, int | None]
    markers: tuple[re.Pattern[str], ...]  # labels only this format uses (whitespace-free text)


@lru_cache(maxsize=16)
def pack_meta(name: str) -> PackMeta:
    """The metadata of a built-in pack (cheap: one small YAML file, or the cache)."""
    folder = packs_dir() / name
    return _cached(_cache_file(folder, "meta"), lambda: _build_meta(folder / "pack.yaml"))


def _build_meta(path: Path) -> PackMeta:
    meta = _load(path)
    where = Where(str(path), None, "", meta)
    years = meta.get("years", {}) or {}
    markers = tuple(regex(p, where.at("markers", meta)) for p in str_list(meta.get("markers", []), where))
    return PackMeta(str(meta["name"]), (years.get("min"), years.get("max")), markers)


@lru_cache(maxsize=16)
def load_pack(name_or_path: str) -> Pack:
    """Load a pack by built-in name or by folder path; all rule errors are reported at once.

    A pack that loaded cleanly is kept in the cache folder, keyed by govlint's version and
    the names, sizes and times of its files, so the next process skips YAML and validation.
    """
    folder = Path(name_or_path)
    if not (folder / "pack.yaml").is_file():
        folder = packs_dir() / name_or_path
    if not (folder / "pack.yaml").is_file():
        hint = (" (a folder without pack.yaml holds extra rules: name it in the config key rule_paths)"
                if Path(name_or_path).is_dir() else "")
        raise UsageError(f"unknown rule pack '{name_or_path}' (built-in: {', '.join(builtin_packs())}){hint}")
    return _cached(_cache_file(folder, "pack"), lambda: _build_pack(folder))


T = TypeVar("T")


def _cached(path: Path, build: Callable[[], T]) -> T:
    """The pickled value at `path`, else `build()` (stored there for next time)."""
    try:
        with path.open("rb") as fh:
            return cast(T, pickle.load(fh))
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # no writable cache folder: build every time
    return value


def _cache_file(folder: Path, what: str) -> Path:
    """Cache path keyed by govlint's version and the names, sizes and times of the YAML files."""
    files = sorted({*folder.rglob("*.yaml"), *folder.parent.rglob("*.yaml")})
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return cache_dir() / "packs" / f"{folder.name}-{what}-{digest.hexdigest()[:20]}.pickle"


def pack_files(folder: Path, meta: Any) -> tuple[Template, list[Path]]:
    """A complete pack's template and rule files, from its loaded pack.yaml (validated)."""
    where = Where(str(folder / "pack.yaml"), None, "", meta)
    check_keys(meta, where, ("name", "template"), ("title", "include", "years", "markers"))
    template = load_template((folder / str(meta["template"])).resolve())
    files = sorted(folder.glob("*.yaml"))
    for inc in str_list(meta.get("include", []), where.at("include", meta)):
        files += sorted((folder / inc).resolve().glob("*.yaml"))
    return template, [f for f in files if f.name != "pack.yaml" and not f.name.startswith("template")]


def _build_pack(folder: Path) -> Pack:
    meta = _load(folder / "pack.yaml")
    where = Where(str(folder / "pack.yaml"), None, "", meta)
    template, files = pack_files(folder, meta)
    rules = load_rule_files(files, template)
    years = meta.get("years", {}) or {}
    return Pack(str(meta["name"]), localized(meta.get("title", meta["name"]), where.at("title", meta)),
                template, rules, str(folder), (years.get("min"), years.get("max")))


def with_rules(pack: Pack, paths: tuple[str, ...]) -> Pack:
    """`pack` with the rules of extra YAML files or folders (a province's own rules) on top;
    their codes must not repeat the pack's."""
    return _with_rules(pack.name, pack.path, paths)


@lru_cache(maxsize=32)
def _with_rules(name: str, folder: str, paths: tuple[str, ...]) -> Pack:
    from dataclasses import replace

    pack = load_pack(folder)
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files += sorted(f for f in path.rglob("*.yaml") if not _skipped(f.relative_to(path))) \
            if path.is_dir() else [path]
    extra = load_rule_files([f for f in files if f.name != "pack.yaml" and not f.name.startswith("template")],
                            pack.template)
    known = {r.code for r in pack.rules} | {r.name for r in pack.rules}
    clashes = [r for r in extra if r.code in known or r.name in known]
    if clashes:
        raise RuleErrors([RuleError(r.path, r.code, "code", f"repeats a rule of pack {name} "
                                    f"({r.code} {r.name}); use codes of your own") for r in clashes])
    return replace(pack, rules=pack.rules + extra)


def _skipped(relative: Path) -> bool:
    """Files of a rule folder that are not rules: the fixture cases under tests/, hidden files."""
    return relative.parts[0] == "tests" or any(part.startswith(".") for part in relative.parts)


def load_rule_files(files: list[Path], template: Template) -> tuple[Rule, ...]:
    """Load and validate rule files, collecting every error before raising."""
    errors: list[RuleError] = []
    rules: list[Rule] = []
    for path in files:
        try:
            data = _load(path)
            where = Where(str(path), None, "", data)
            check_keys(data, where, ("rules",), ())
            for index, item in enumerate(expect(data["rules"], list, where.at("rules", data), "a list")):
                try:
                    rules.append(_rule(item, Where(str(path), None, f"rules[{index}]", item), template))
                except RuleError as exc:
                    errors.append(exc)
        except RuleError as exc:
            errors.append(exc)
    errors.extend(_duplicates(rules))
    if errors:
        raise RuleErrors(errors)
    return tuple(sorted(rules, key=lambda r: r.code))


def _load(path: Path) -> Any:
    try:
        return yamlio.load(path)
    except yamlio.YamlError as exc:
        raise RuleError(f"{path}:{exc.line}" if exc.line else str(path), None, None, str(exc)) from None
    except OSError as exc:
        raise RuleError(str(path), None, None, f"cannot read: {exc.strerror}") from None


def _rule(data: Any, where: Where, template: Template) -> Rule:
    if not isinstance(data, dict):
        raise where.error("expected a mapping")
    code = str(data.get("code", ""))
    where = Where(where.path, code or None, where.key, data)
    kind_name = choice(data.get("kind"), [*KINDS, "builtin"], where.at("kind", data))
    cls = KINDS.get(kind_name)
    allowed = (*ENVELOPE, *(cls.params if cls else ()))
    check_keys(data, where, (*REQUIRED, *(cls.required if cls else ())), allowed)
    if not re.match(CODE_PATTERN, code):
        raise where.error(f"code must look like GL301, got {code!r}", "code")
    name = expect(data["name"], str, where.at("name", data), "a string")
    if not re.match(NAME_PATTERN, name):
        raise where.error(f"name must be kebab-case, got {name!r}", "name")
    kind = cls.from_params(_params(data), where, template) if cls else None
    fields = cls.fields if cls else BUILTIN_FIELDS.get(code)
    if fields is None:
        raise where.error(f"'builtin' kind is only for engine codes {', '.join(BUILTIN_FIELDS)}", "kind")
    message = localized(data["message"], where.at("message", data))
    help_text = localized(data.get("help", ""), where.at("help", data))
    for key_name, texts in (("message", message), ("help", help_text)):
        node, at = data.get(key_name), where.at(key_name, data)
        for lang, text in texts.items():  # at the line of zh/en, or of the key for one text for both
            _check_placeholders(text, fields, at.at(lang, node) if isinstance(node, dict) else at)
    severity = choice(data["severity"], ("error", "warning", "info"), where.at("severity", data))
    return Rule(
        code=code,
        name=name,
        kind=kind,
        kind_name=kind_name,
        severity=Severity.parse(severity),
        title=localized(data["title"], where.at("title", data)),
        message=message,
        help=help_text,
        description=localized(data["description"], where.at("description", data)),
        reference=expect(data.get("reference", ""), str, where.at("reference", data), "a string"),
        examples=_examples(data.get("examples"), where.at("examples", data)),
        enabled=expect(data.get("enabled", True), bool, where.at("enabled", data), "true or false"),
        path=where.path,
        when=_when(data.get("when"), where.at("when", data)),
    )


def _params(data: dict[str, Any]) -> yamlio.Mapping:
    """The kind's keys of a rule, still knowing their lines (errors name them)."""
    params = yamlio.Mapping({k: v for k, v in data.items() if k not in ENVELOPE})
    params.line = getattr(data, "line", 0)
    params.key_lines = {k: n for k, n in getattr(data, "key_lines", {}).items() if k in params}
    return params


def _when(value: Any, where: Where) -> When:
    if value is None:
        return When()
    data = check_keys(value, where, (), ("organ", "level", "years"))
    organ = str_list(data.get("organ", []), where.at("organ", data))
    level = str_list(data.get("level", []), where.at("level", data))
    for item in organ:
        choice(item, ORGAN_KINDS, where.at("organ", data))
    for item in level:
        choice(item, LEVELS, where.at("level", data))
    years = check_keys(data.get("years", {}), where.at("years", data), (), ("min", "max"))
    for k in years:
        expect(years[k], int, where.at("years", data).at(k), "a year")
    return When(organ, level, years.get("min"), years.get("max"))


def _check_placeholders(text: str, fields: frozenset[str], where: Where) -> None:
    """A message may only substitute its kind's fields, as {field}: a conversion ({match!z})
    fails when the finding is made, and a format spec ({match:>1000000000}) can make one
    message take gigabytes."""
    try:
        parts = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise where.error(f"bad message template: {exc}") from None
    for name, spec, conversion in parts:
        if conversion is not None or spec:
            written = name + (f"!{conversion}" if conversion is not None else "") + (f":{spec}" if spec else "")
            raise where.error(f"placeholder {{{_cut(written)}}} has a conversion or format spec; write it as "
                              f"{{{_cut(name)}}} (only plain substitutions are allowed)")
        if name not in fields:
            raise where.error(f"unknown placeholder {{{_cut(name)}}}; this kind provides "
                              f"{', '.join('{' + f + '}' for f in sorted(fields))}")


def _cut(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _examples(value: Any, where: Where) -> Examples:
    if value is None:
        return Examples()
    data = check_keys(value, where, (), ("fail", "pass"))
    return Examples(str_list(data.get("fail", []), where.at("fail", data)),
                    str_list(data.get("pass", []), where.at("pass", data)))


def _duplicates(rules: list[Rule]) -> list[RuleError]:
    errors = []
    seen: dict[str, Rule] = {}
    for rule in rules:
        for ident in (rule.code, rule.name):
            if ident in seen:
                errors.append(RuleError(rule.path, rule.code, "code" if ident == rule.code else "name",
                                        f"'{ident}' is already used by {seen[ident].code} in {seen[ident].path}"))
            seen[ident] = rule
    return errors
