"""`govlint rules check DIR`: load rule files with full validation and lint them.

Every error names the file, line, column and key path (`path:line:col: rules[2].forbid: …`),
whatever raised it: YAML syntax, a duplicate key, the rule loader, or an unexpected exception.
Warnings point at rules that load but are probably wrong (no examples, a `\\b` next to Chinese
text, a pattern that matches the empty string, a YAML 1.1 boolean such as `yes`).

What DIR can be:

- a folder (or file) inside the built-in packs (`rules/`, `rules/common/…`): the built-in packs;
- a folder with `pack.yaml` (a complete pack with its own template), or a folder of such packs;
- anything else is a folder (or a file) of *extra rules*, as a province keeps in its repository
  and names in the config key `rule_paths`: every `*.yaml` below it (but `tests/`) is added to
  each built-in pack, so each rule is validated with the template of every pack. Their codes must
  not start with `GL` (reserved for govlint's own rules); codes and names must not repeat a
  built-in rule's.

Fixture cases live in a `tests/` folder next to the rules: `tests/CODE/fail/*.txt` must give at
least one CODE finding (exactly the ones listed in a `NAME.expected` file beside it, if any),
`tests/CODE/pass/*.txt` none. Any format govlint reads may be used (.txt, .html, .docx, .pdf).
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govlint import yamlio
from govlint.errors import GovlintError, RuleError, RuleErrors
from govlint.readers import SUPPORTED
from govlint.rulepack import Rule, _rule, builtin_packs, load_pack, pack_files, packs_dir
from govlint.schema import Where, check_keys, expect, suggest
from govlint.templates import Template

RESERVED_PREFIX = "GL"  # codes of govlint's own rules
TESTS = "tests"  # fixture folder next to the rules
CASE_KINDS = ("fail", "pass")
EXPECTED = ".expected"  # sidecar of a fail case: the exact findings it must give
MAX_NODES = 200_000  # YAML nodes walked per file (aliases can multiply them)


# --------------------------------------------------------------------------- diagnostics


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """An error or warning at a place in a file."""

    path: str
    line: int  # 1-based; 0 when the place is a whole file or folder
    col: int
    key: str  # key path inside the file, e.g. rules[0].message.zh ('' for the file itself)
    message: str
    level: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}:" if self.line else f"{self.path}:"
        key = f" {self.key}:" if self.key else ""
        level = " warning:" if self.level == "warning" else ""
        return f"{where}{key}{level} {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order: file, position, key, message."""
        return (self.path, self.line, self.col, self.key, self.message)


def display(path: Path | str) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


# --------------------------------------------------------------------------- YAML with positions


@dataclass
class YamlFile:
    """A YAML file read once: its data, the position of every key path, its own problems."""

    path: Path
    data: Any = None
    ok: bool = False  # the data was loaded (no syntax error, no duplicate key)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # key path -> (line, col)
    scalars: dict[str, str] = field(default_factory=dict)  # key path of a scalar -> its text
    problems: list[Diagnostic] = field(default_factory=list)

    def locate(self, key: str | None, line: int | None = None) -> tuple[int, int, str]:
        """(line, col, key path) of a key path, or of its nearest enclosing key that exists."""
        path = key or ""
        if path in self.positions:
            return (*self.positions[path], path)
        at = path.rfind("[0]")
        while at > 0:  # a single value the loader took as a one-item list: value[0].rows
            single = path[:at] + path[at + 3:]
            if single in self.positions:
                return (*self.positions[single], single)
            at = path.rfind("[0]", 0, at)
        while path:
            if path in self.positions:
                return (*self.positions[path], key or "")
            path = _parent(path)
        if line:
            return line, 1, key or ""
        return (*self.positions.get("", (1, 1)), key or "")

    def find_scalar(self, under: str, text: str) -> str | None:
        """The key path of the first scalar under `under` whose text is `text`."""
        for path, value in self.scalars.items():
            if value == text and (path == under or path.startswith((under + ".", under + "["))):
                return path
        return None


def _parent(path: str) -> str:
    """rules[0].forbid[1] -> rules[0].forbid -> rules[0] -> rules -> ''."""
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def read_yaml(path: Path) -> YamlFile:
    """Read and parse a YAML file, recording key positions; never raises."""
    import yaml

    result = YamlFile(path)
    shown = display(path)
    try:
        if path.stat().st_size > yamlio.MAX_BYTES:
            result.problems.append(Diagnostic(shown, 0, 0, "", f"larger than {yamlio.MAX_BYTES // 1_000_000} MB: "
                                              "not a rule file"))
            return result
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(Diagnostic(shown, 0, 0, "", f"cannot read: {exc.strerror or exc}"))
        return result
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        result.problems.append(Diagnostic(shown, line, col, "", "not UTF-8 text: save the file as UTF-8"))
        return result
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        result.problems.append(Diagnostic(shown, line, col, _event_path(text),
                                          f"invalid YAML: {exc.problem or exc.context or exc}"))
        return result
    except yaml.YAMLError as exc:
        result.problems.append(Diagnostic(shown, 1, 1, "", f"invalid YAML: {exc}"))
        return result
    except RecursionError:
        result.problems.append(Diagnostic(shown, 1, 1, "", "invalid YAML: nested too deeply"))
        return result
    result.positions[""] = (1, 1)
    if root is not None:
        try:
            _Walker(result, shown).walk(root, "", None)
        except RecursionError:
            result.problems.append(Diagnostic(shown, 1, 1, "", "invalid YAML: nested too deeply"))
            return result
    if any(p.level == "error" for p in result.problems):
        return result
    try:
        result.data = yamlio.loads(text)
    except yamlio.YamlError as exc:
        result.problems.append(Diagnostic(shown, exc.line or 1, 1, "", str(exc)))
        return result
    except Exception as exc:  # a YAML construct the loader cannot build
        result.problems.append(Diagnostic(shown, 1, 1, "", f"cannot load: {type(exc).__name__}: {exc}"))
        return result
    result.ok = True
    return result


class _Walker:
    """Walks a composed YAML node tree: positions, duplicate and complex keys, 1.1 booleans."""

    BOOL_TAG = "tag:yaml.org,2002:bool"

    def __init__(self, result: YamlFile, shown: str) -> None:
        self.result, self.shown, self.count = result, shown, 0
        self.active: set[int] = set()

    def walk(self, node: Any, path: str, at: tuple[int, int] | None) -> None:
        import yaml

        self.count += 1
        if self.count > MAX_NODES or id(node) in self.active:
            if self.count == MAX_NODES + 1 or id(node) in self.active:
                line, col = at or _mark(node)
                self.result.problems.append(Diagnostic(self.shown, line, col, path,
                                                       "too deeply nested or recursive YAML (aliases)"))
            return
        pos = at or _mark(node)
        self.result.positions.setdefault(path, pos)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                self._mapping(node, path)
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    self.walk(item, f"{path}[{index}]", None)
            elif isinstance(node, yaml.ScalarNode):
                self.result.scalars.setdefault(path, str(node.value))
                self._boolean(node, path, pos)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: Any, path: str) -> None:
        import yaml

        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line, col = _mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.result.problems.append(Diagnostic(self.shown, line, col, path,
                                                       "a key must be a plain string, not a list or mapping"))
                continue
            name = str(key_node.value)
            if name == "<<":
                self.walk(value_node, path, (line, col))
                continue
            sub = f"{path}.{name}" if path else name
            self._boolean(key_node, sub, (line, col))
            if name in first:
                self.result.problems.append(Diagnostic(self.shown, line, col, sub,
                                                       f"duplicate key '{name}' (first on line {first[name]})"))
                continue
            first[name] = line
            self.walk(value_node, sub, (line, col))

    def _boolean(self, node: Any, path: str, pos: tuple[int, int]) -> None:
        if node.tag == self.BOOL_TAG and not node.style and str(node.value).lower() not in ("true", "false"):
            self.result.problems.append(Diagnostic(
                self.shown, *pos, path, f"YAML reads '{node.value}' as a boolean; write true or false "
                "(or quote it if the word is meant)", "warning"))


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _event_path(text: str) -> str:
    """The key path open where the YAML parser gave up: the key an author should look at."""
    import yaml

    # [kind "map"|"seq", key or index, state]; a mapping's state: 0 a key is due, 1 its value
    # is due, 2 inside its value (a collection)
    frames: list[list[Any]] = []
    # libyaml when present: the pure-Python scanner is quadratic in flow nesting ([[[[…), libyaml stops at depth 1000
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.ScalarEvent,
                                  yaml.AliasEvent)):
                collection = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
                if frames and frames[-1][0] == "map":
                    top = frames[-1]
                    if top[2] == 0:  # a key
                        top[1] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                        top[2] = 1
                        if not collection:
                            continue
                    else:
                        top[2] = 2 if collection else 0
                elif frames:
                    frames[-1][1] += 1
                if isinstance(event, yaml.MappingStartEvent):
                    frames.append(["map", None, 0])
                elif isinstance(event, yaml.SequenceStartEvent):
                    frames.append(["seq", -1, 0])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)) and frames:
                frames.pop()
                if frames and frames[-1][0] == "map":
                    frames[-1][2] = 0
    except yaml.YAMLError:
        pass
    path = ""
    for kind, ident, state in frames:
        if kind == "seq" and ident >= 0:
            path += f"[{ident}]"
        elif kind == "map" and ident is not None and state:
            path = f"{path}.{ident}" if path else str(ident)
    return path


# --------------------------------------------------------------------------- what DIR holds


@dataclass(frozen=True, slots=True)
class Fixture:
    """A fixture case: a document that must (fail) or must not (pass) give a rule's finding."""

    code: str
    expect: str  # "fail" | "pass"
    path: Path
    expected: Path | None = None  # sidecar listing the exact findings of a fail case


@dataclass
class RuleSource:
    """A loaded rule with where it was written."""

    rule: Rule
    path: Path
    index: int  # position in the file's `rules:` list
    packs: list[str] = field(default_factory=list)  # the packs it joins

    @property
    def key(self) -> str:
        """Its key path in the file."""
        return f"rules[{self.index}]"


@dataclass
class RuleSet:
    """Everything `govlint rules check` and `govlint test` need about a DIR."""

    target: Path
    mode: str  # "builtin" | "packs" (folders with pack.yaml) | "extra" (rules on top of the built-in packs)
    files: list[Path] = field(default_factory=list)
    sources: list[RuleSource] = field(default_factory=list)  # the rules of DIR, once each
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pack_folders: dict[str, Path] = field(default_factory=dict)  # packs: name -> folder
    fixtures: list[Fixture] = field(default_factory=list)
    yaml: dict[Path, YamlFile] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors, in file order."""
        return sorted((d for d in self.diagnostics if d.level == "error"), key=Diagnostic.sort_key)

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings, in file order."""
        return sorted((d for d in self.diagnostics if d.level == "warning"), key=Diagnostic.sort_key)

    def source_line(self, source: RuleSource, key: str) -> int:
        """The line of a key path of a rule (for messages about its examples)."""
        info = self.yaml.get(source.path)
        return info.locate(key)[0] if info else 0


def collect(target: str | Path) -> RuleSet:
    """Load and lint the rules of `target` (a folder or a file); never raises."""
    path = Path(target)
    builtin = packs_dir().resolve()
    resolved = path.resolve()
    root = _packs_root(resolved)
    if resolved == builtin or builtin in resolved.parents:
        rules = RuleSet(path, "builtin")
        folders = [builtin / name for name in builtin_packs()]
        within = resolved
    elif root is not None:
        # the built-in packs of a source checkout (rules/…; the installed copy lives elsewhere)
        rules, folders, within = RuleSet(path, "builtin"), [root / name for name in builtin_packs()], resolved
    elif path.is_file() and path.name == "pack.yaml":
        rules, folders, within = RuleSet(path, "packs"), [path.parent], path.parent.resolve()
    elif path.is_dir() and (path / "pack.yaml").is_file():
        rules, folders, within = RuleSet(path, "packs"), [path], resolved
    elif path.is_dir() and (folders := sorted(c for c in path.iterdir() if (c / "pack.yaml").is_file())):
        rules, within = RuleSet(path, "packs"), resolved
    else:
        rules = RuleSet(path, "extra")
        _Loader(rules).extra(path)
        _finish(rules, path if path.is_dir() else path.parent)
        return rules
    _Loader(rules).packs(folders, within)
    _finish(rules, path if path.is_dir() else path.parent)
    return rules


def _packs_root(path: Path) -> Path | None:
    """The folder at or above `path` that holds a copy of the built-in packs (a source
    checkout's rules/: its pack folders are the built-in ones, with a common/ beside them)."""
    names = builtin_packs()
    for folder in (path, *path.parents) if path.is_dir() else path.parents:
        if ((folder.parent / "govlint" / "__init__.py").is_file() and (folder / "common").is_dir()
                and all((folder / n / "pack.yaml").is_file() for n in names)):
            return folder  # next to the govlint package: govlint's own source, not a fork
    return None


def _finish(rules: RuleSet, folder: Path) -> None:
    rules.sources.sort(key=lambda s: (str(s.path), s.index))
    rules.fixtures, problems = fixtures(folder / TESTS, {s.rule.code for s in rules.sources})
    rules.diagnostics += problems
    _lint(rules)
    unique: dict[tuple[str, int, int, str, str, str], Diagnostic] = {}
    for diag in rules.diagnostics:
        unique.setdefault((*diag.sort_key(), diag.level), diag)
    rules.diagnostics = list(unique.values())


class _Loader:
    """Loads rule files against one or more templates, turning every failure into a Diagnostic."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.loaded: dict[tuple[Path, int], RuleSource] = {}
        self.file_packs: dict[Path, set[str]] = {}  # the packs each rule file was loaded for
        self.pending: dict[Diagnostic, set[str]] = {}  # loader errors, with the packs that gave them

    # ----- the kinds of DIR

    def packs(self, folders: list[Path], within: Path) -> None:
        """Complete packs (pack.yaml + template + rule files); report the rules under `within`."""
        for folder in folders:
            loaded = self._pack(folder)
            if loaded is None:
                continue
            name, template, files = loaded
            self.rules.pack_folders[name] = folder
            sources = []
            for path in files:
                sources += self._file(path, name, template)
            self._duplicates(sources)
        self._flush()

        def inside(path: Path) -> bool:
            resolved = path.resolve()
            return resolved == within or within in resolved.parents

        self.rules.sources = [s for s in self.loaded.values() if inside(s.path)]
        self.rules.files = sorted(p for p in self.file_packs if inside(p))
        read = {p.resolve() for p in self.file_packs}
        if within.is_dir():
            for path in sorted(within.rglob("*.yaml")):
                parts = path.relative_to(within).parts
                if path.name == "pack.yaml" or path.name.startswith("template") or path.resolve() in read \
                        or parts[0] == TESTS or any(p.startswith(".") for p in parts):
                    continue
                self.rules.diagnostics.append(Diagnostic(display(path), 0, 0, "", "ignored: not a rule file of any "
                                                         "pack here (no pack.yaml includes it)", "warning"))

    def extra(self, target: Path) -> None:
        """Rule files added to every built-in pack (config `rule_paths`), as rulepack.with_rules
        loads them: every *.yaml below the folder, each validated with every pack's template."""
        files = _extra_files(target, self.rules)
        if not files:
            if not self.rules.diagnostics:
                self.rules.diagnostics.append(Diagnostic(display(target), 0, 0, "", "no rule files (*.yaml) found"))
            return
        try:
            bases = {name: load_pack(name) for name in builtin_packs()}
        except RuleErrors as exc:
            self.rules.diagnostics += [to_diagnostic(e, self._info_for(e.path)) for e in exc.errors]
            return
        except GovlintError as exc:
            self.rules.diagnostics.append(Diagnostic(display(packs_dir()), 0, 0, "", str(exc)))
            return
        builtin = {r.code: r for base in bases.values() for r in base.rules}
        names = {r.name: r for r in builtin.values()}
        for name, base in bases.items():
            sources: list[RuleSource] = []
            for path in files:
                sources += self._file(path, name, base.template)
            self._duplicates(sources)
            self._reserved(sources, builtin, names)
        self._flush()
        self.rules.sources = list(self.loaded.values())
        self.rules.files = files

    # ----- loading

    def _yaml(self, path: Path) -> YamlFile:
        info = self.rules.yaml.get(path)
        if info is None:
            info = self.rules.yaml[path] = read_yaml(path)
            self.rules.diagnostics += info.problems
        return info

    def _pack(self, folder: Path) -> tuple[str, Template, list[Path]] | None:
        """pack.yaml of a complete pack: its name, template and rule files (as rulepack loads them)."""
        meta_path = folder / "pack.yaml"
        info = self._yaml(meta_path)
        if not info.ok:
            return None
        meta = info.data
        try:
            template, files = pack_files(folder, meta)
        except RuleError as exc:
            self.rules.diagnostics.append(to_diagnostic(exc, self._info_for(exc.path)))
            return None
        except Exception as exc:
            self.rules.diagnostics.append(Diagnostic(display(meta_path), 1, 1, "",
                                                     f"cannot load the pack: {type(exc).__name__}: {exc}"))
            return None
        return str(meta["name"]), template, files

    def _file(self, path: Path, pack: str, template: Template) -> list[RuleSource]:
        """The rules of one file loaded against `template`; errors become diagnostics."""
        info = self._yaml(path)
        self.file_packs.setdefault(path, set()).add(pack)
        if not info.ok:
            return []
        data = info.data
        where = Where(str(path), None, "", data)
        try:
            check_keys(data, where, ("rules",), ())
            items = expect(data["rules"], list, where.at("rules", data), "a list")
        except RuleError as exc:
            self._error(to_diagnostic(exc, info), pack)
            return []
        if not items:
            self._error(Diagnostic(display(path), *info.locate("rules")[:2], "rules", "the file defines no rules",
                                   "warning"), pack)
        out = []
        for index, item in enumerate(items):
            key = f"rules[{index}]"
            code = str(item.get("code", "")) if isinstance(item, dict) else ""
            try:
                if isinstance(item, dict):
                    _strict(item, Where(str(path), code or None, key, item))
                rule = _rule(item, Where(str(path), None, key, item), template)
            except RuleError as exc:
                self._error(to_diagnostic(exc, info), pack)
                continue
            except Exception as exc:  # a loader bug must still name the rule, never a traceback
                line, col, _ = info.locate(key)
                self._error(Diagnostic(display(path), line, col, key,
                                       f"cannot load rule {code or '?'}: {type(exc).__name__}: {exc}"), pack)
                continue
            source = self.loaded.setdefault((path, index), RuleSource(rule, path, index))
            source.packs.append(pack)
            out.append(source)
        return out

    def _error(self, diag: Diagnostic, pack: str) -> None:
        self.pending.setdefault(diag, set()).add(pack)

    def _flush(self) -> None:
        """Loader errors, noting the pack when a file gives it with one pack's template only."""
        for diag, packs in self.pending.items():
            path = next((p for p in self.file_packs if display(p) == diag.path), None)
            every = self.file_packs.get(path, set()) if path else set()
            if packs != every and len(every) > 1:
                diag = dataclasses.replace(diag, message=f"{diag.message} [with the template of "
                                           f"{', '.join(sorted(packs))}]")
            self.rules.diagnostics.append(diag)
        self.pending = {}

    def _info_for(self, raw: str) -> YamlFile | None:
        path, _ = _split_path(raw)
        for known, info in self.rules.yaml.items():
            if path in (str(known), str(known.resolve())):
                return info
        candidate = Path(path)
        if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
            return self._yaml(candidate)
        return None

    # ----- cross-rule checks

    def _duplicates(self, sources: list[RuleSource]) -> None:
        seen: dict[str, RuleSource] = {}
        for source in sources:
            for what, ident in (("code", source.rule.code), ("name", source.rule.name)):
                first = seen.setdefault(f"{what}:{ident}", source)
                if first is not source:
                    line = self.rules.source_line(first, f"{first.key}.{what}")
                    self._at(source, what, f"'{ident}' is already used by {first.key} in {display(first.path)}:{line}")

    def _reserved(self, sources: list[RuleSource], builtin: dict[str, Rule], names: dict[str, Rule]) -> None:
        for source in sources:
            rule = source.rule
            if rule.code.startswith(RESERVED_PREFIX):
                taken = f" ({rule.code} is {builtin[rule.code].name})" if rule.code in builtin else ""
                self._at(source, "code", f"codes starting with {RESERVED_PREFIX} are reserved for govlint's own "
                         f"rules{taken}; use your own prefix, e.g. a province code: JS001")
            if rule.name in names:
                self._at(source, "name", f"'{rule.name}' is the name of built-in rule {names[rule.name].code}; "
                         "choose another name")

    def _at(self, source: RuleSource, key: str, message: str, level: str = "error") -> None:
        info = self.rules.yaml[source.path]
        line, col, keypath = info.locate(f"{source.key}.{key}" if key else source.key)
        self.rules.diagnostics.append(Diagnostic(display(source.path), line, col, keypath,
                                                 f"{message} (rule {source.rule.code})", level))


def _extra_files(target: Path, rules: RuleSet) -> list[Path]:
    """The rule files of an extra-rules folder: every *.yaml below it but pack.yaml and
    template*.yaml (as rulepack.with_rules takes them), skipping tests/ and hidden folders."""
    if target.is_file():
        return [target]
    found = []
    for path in sorted(target.rglob("*.y*ml")):
        parts = path.relative_to(target).parts
        if parts[0] == TESTS or any(p.startswith(".") for p in parts) or not path.is_file():
            continue
        if path.suffix == ".yml":
            rules.diagnostics.append(Diagnostic(display(path), 0, 0, "",
                                                "ignored: rule files are named *.yaml", "warning"))
        elif path.suffix == ".yaml" and path.name != "pack.yaml" and not path.name.startswith("template"):
            found.append(path)
    return found


def _split_path(raw: str) -> tuple[str, int | None]:
    """'file.yaml:12' -> ('file.yaml', 12)."""
    head, sep, tail = raw.rpartition(":")
    if sep and tail.isdigit():
        return head, int(tail)
    return raw, None


def to_diagnostic(exc: RuleError, info: YamlFile | None) -> Diagnostic:
    """A RuleError (path maybe with :line, rule, key path) at the file position of its key."""
    path, line = _split_path(exc.path)
    detail = exc.detail + (f" (rule {exc.rule})" if exc.rule else "")
    if info is None:
        return Diagnostic(display(path), line or 0, 1 if line else 0, exc.key or "", detail)
    key = exc.key or ""
    found_line, col, key = info.locate(key, line)
    refined = _element(info, key, exc.detail)
    if refined is not None:
        key = refined
        found_line, col = info.positions[refined]
    return Diagnostic(display(path), found_line, col, key, detail)


def _element(info: YamlFile, key: str, detail: str) -> str | None:
    """The list element an error is about ('invalid regular expression '(XX'…' under forbid)."""
    for path, value in info.scalars.items():
        if path.startswith(key + "[") and "." not in path[len(key):] and repr(value) in detail:
            return path
    return None


def _strict(item: dict[str, Any], where: Where) -> None:
    """Types the loader converts without complaint (`enabled: "no"` would mean true)."""
    for key_name, kind, what in (("enabled", bool, "true or false"), ("reference", str, "a string")):
        if key_name in item:
            expect(item[key_name], kind, where.at(key_name, item), what)
    if item.get("kind") == "pattern":
        if "partial" in item:
            expect(item["partial"], bool, where.at("partial", item), "true or false")
        if "min_chars" in item:
            expect(item["min_chars"], int, where.at("min_chars", item), "an integer")
            if item["min_chars"] < 0:
                raise where.at("min_chars", item).error("must not be negative")


# --------------------------------------------------------------------------- fixtures


def fixtures(folder: Path, codes: Iterable[str]) -> tuple[list[Fixture], list[Diagnostic]]:
    """The cases of a tests/ folder: CODE/fail/* and CODE/pass/*, with any .expected sidecars."""
    if not folder.is_dir():
        return [], []
    known = sorted(set(codes))
    cases: list[Fixture] = []
    problems: list[Diagnostic] = []
    for sub in sorted(folder.iterdir()):
        if sub.name.startswith("."):
            continue
        if not sub.is_dir():
            problems.append(Diagnostic(display(sub), 0, 0, "", f"not a case folder: put documents in "
                                       f"{TESTS}/CODE/fail/ or {TESTS}/CODE/pass/", "warning"))
            continue
        if sub.name not in known:
            problems.append(Diagnostic(display(sub), 0, 0, "",
                                       f"no rule {sub.name} among the rules checked{suggest(sub.name, known)}"))
            continue
        found = 0
        for part in sorted(sub.iterdir()):
            if part.name.startswith("."):
                continue
            if not part.is_dir() or part.name not in CASE_KINDS:
                problems.append(Diagnostic(display(part), 0, 0, "", f"unexpected entry: a rule's cases are in "
                                           f"'fail' and 'pass' folders{suggest(part.name, CASE_KINDS)}"))
                continue
            for doc in sorted(part.iterdir()):
                if doc.name.startswith("."):
                    continue
                if doc.suffix == EXPECTED:
                    if part.name == "pass":
                        problems.append(Diagnostic(display(doc), 0, 0, "", "a pass case gives no findings: "
                                                   "an .expected file belongs in fail/"))
                    elif not any(doc.with_suffix(s).is_file() for s in SUPPORTED):
                        problems.append(Diagnostic(display(doc), 0, 0, "", f"no document {doc.stem}.* next to it"))
                    continue
                if doc.is_file() and doc.suffix.lower() in SUPPORTED:
                    sidecar = doc.with_suffix(EXPECTED)
                    cases.append(Fixture(sub.name, part.name, doc,
                                         sidecar if part.name == "fail" and sidecar.is_file() else None))
                    found += 1
                else:
                    problems.append(Diagnostic(display(doc), 0, 0, "", "ignored: not a document govlint reads "
                                               f"({', '.join(sorted(SUPPORTED))})", "warning"))
        if not found:
            problems.append(Diagnostic(display(sub), 0, 0, "", "no cases", "warning"))
    return cases, problems


def read_expected(path: Path) -> list[str]:
    """The findings a fail case must give, one `CODE line N: message` a line ('#' comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.rstrip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


# --------------------------------------------------------------------------- lint


_parser: Any = importlib.import_module("re._parser")  # the stdlib regex parser (sre_parse)
_c: Any = importlib.import_module("re._constants")


def _lint(rules: RuleSet) -> None:
    has_case = {(f.code, f.expect) for f in rules.fixtures}
    for source in rules.sources:
        rule, info = source.rule, rules.yaml[source.path]
        shown = display(source.path)
        if rule.kind is not None:
            for expect_kind, examples in (("fail", rule.examples.fail), ("pass", rule.examples.passing)):
                if not examples and (rule.code, expect_kind) not in has_case:
                    key = f"{source.key}.examples" if f"{source.key}.examples" in info.positions else source.key
                    rules.diagnostics.append(Diagnostic(
                        shown, *info.locate(key)[:2], key, f"no {expect_kind} example: add examples.{expect_kind} "
                        f"(shown by `govlint rule {rule.code}`) or a {TESTS}/{rule.code}/{expect_kind}/ case "
                        f"(rule {rule.code})", "warning"))
        for key_name in ("title", "message", "description"):
            texts = getattr(rule, key_name)
            for lang in ("zh", "en"):
                if not texts[lang].strip():
                    key = f"{source.key}.{key_name}"
                    rules.diagnostics.append(Diagnostic(shown, *info.locate(key)[:2], key,
                                                        f"empty {lang} text (rule {rule.code})", "warning"))
        for pattern in _patterns(rule.kind):
            key = info.find_scalar(source.key, pattern.pattern) or source.key
            line, col, _ = info.locate(key)
            for problem in regex_problems(pattern.pattern):
                rules.diagnostics.append(Diagnostic(shown, line, col, key, f"{problem} (rule {rule.code})", "warning"))


def _patterns(kind: object) -> Iterator[re.Pattern[str]]:
    """The regular expressions a rule's kind was configured with (not its template's)."""
    if kind is None or not dataclasses.is_dataclass(kind):
        return
    for f in dataclasses.fields(kind):
        value = getattr(kind, f.name)
        for item in value if isinstance(value, (tuple, frozenset)) else (value,):
            if isinstance(item, re.Pattern):
                yield item


def regex_problems(pattern: str) -> list[str]:
    """Why a regular expression is probably wrong: a \\b next to a Chinese character, a
    pattern that can match the empty string, or nested unbounded repetition."""
    try:
        parsed = _parser.parse(pattern)
        cjk = _boundary_next_to_cjk(list(parsed))
        width = parsed.getwidth()[0]
        nested = _nested_repeat(parsed)
    except Exception:  # not compilable (the loader reports it), or too deep to analyse
        return []
    out = []
    if nested:
        out.append("nested unbounded repetition (such as (a+)+) can take exponential time on text that almost "
                   "matches: the file then ends over the time limit (GL012); repeat the inner part only once, "
                   "e.g. (a+)+ → a+")
    if cjk:
        out.append(f"'\\b' next to “{cjk}” never matches between two Chinese characters (Chinese has no "
                   "spaces between words, and Chinese characters are word characters); drop it, or use a "
                   "lookaround such as (?<![\\u4e00-\\u9fff])")
    if width == 0:
        out.append("the pattern can match the empty string: as forbid it reports empty matches, as require or "
                   "unless it is always met")
    return out


def _nested_repeat(items: Any) -> bool:
    """Whether an unbounded repeat (+, *, {n,}) has for body little but another one, as in
    (a+)+ or (\\s*\\d+)*: text can then be split between them in exponentially many ways.
    Possessive repeats and atomic groups do not backtrack and are not reported."""
    for op, av in items:
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[1] is _c.MAXREPEAT and _lone_repeat(av[2]):
            return True
        if op in (getattr(_c, "POSSESSIVE_REPEAT", None), getattr(_c, "ATOMIC_GROUP", None)):
            continue
        if any(_nested_repeat(sub) for sub in _children(op, av)):
            return True
    return False


def _lone_repeat(body: Any) -> bool:
    """Whether `body` (a parsed sequence) is one unbounded repeat, perhaps in a group, beside
    parts that can match nothing."""
    solid = [body[i:i + 1] for i in range(len(body)) if body[i:i + 1].getwidth()[0] > 0]
    if len(solid) != 1:
        return False
    op, av = solid[0][0]
    if op is _c.SUBPATTERN:
        return _lone_repeat(av[-1])
    return op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[1] is _c.MAXREPEAT


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _boundary_next_to_cjk(items: list[Any]) -> str | None:
    for index, (op, av) in enumerate(items):
        if op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_UNI_BOUNDARY):
            near = (_edge(items[index - 1], last=True) if index else set()) | \
                   (_edge(items[index + 1], last=False) if index + 1 < len(items) else set())
            for ch in sorted(near):
                if _is_cjk(ch):
                    return ch
        for sub in _children(op, av):
            found = _boundary_next_to_cjk(list(sub))
            if found:
                return found
    return None


def _children(op: Any, av: Any) -> list[Any]:
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        return [av[2]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return [av]
    return []


def _edge(item: Any, last: bool) -> set[str]:
    """Characters that can begin (or end) what `item` matches."""
    op, av = item
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        chars = set()
        for sub_op, sub_av in av:
            if sub_op is _c.LITERAL:
                chars.add(chr(sub_av))
            elif sub_op is _c.RANGE:
                chars.add(chr(sub_av[0]))
                chars.add(chr(sub_av[1]))
        return chars
    out: set[str] = set()
    for sub in _children(op, av):
        seq = list(sub)
        if seq:
            out |= _edge(seq[-1] if last else seq[0], last)
    return out
