"""The library surface: check bytes, text, a file or many paths; every call is pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from govlint.config import Config, active_codes
from govlint.engine import run
from govlint.errors import InputError
from govlint.findings import FileResult, Finding
from govlint.parser import parse
from govlint.readers import SUPPORTED, read
from govlint.rulepack import Pack, load_pack

DEFAULT_PACK = "gov-2021"
UNREADABLE = "GL001"


def pack_for(config: Config) -> Pack:
    """The rule pack a run uses."""
    return load_pack(config.pack or DEFAULT_PACK)


def check_text(text: str, name: str = "<text>", config: Config | None = None, encoding: str = "utf-8") -> FileResult:
    """Check a report given as text."""
    config = config or Config()
    pack = pack_for(config)
    doc = parse(text, pack.template, name, encoding)
    findings = run(doc, pack, active_codes(pack, config), config.lang)
    return FileResult(name, tuple(findings), pack.name, doc.year, doc.title, encoding)


def check_bytes(name: str, data: bytes, config: Config | None = None) -> FileResult:
    """Check a report given as the bytes of a file named `name`. Never raises for bad input."""
    config = config or Config()
    try:
        source = read(name, data)
    except InputError as exc:
        return unreadable(name, exc.text(config.lang), config)
    return check_text(source.text, name, config, source.encoding)


def check_path(path: str | Path, config: Config | None = None) -> FileResult:
    """Check one file."""
    config = config or Config()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return unreadable(str(path), f"无法打开文件（{reason}）" if config.lang == "zh"
                          else f"cannot open the file ({reason})", config)
    return check_bytes(str(path), data, config)


def unreadable(name: str, reason: str, config: Config) -> FileResult:
    """The result for a file that could not be read: one GL001 finding."""
    pack = pack_for(config)
    rule = pack.rule(UNREADABLE)
    findings: tuple[Finding, ...] = ()
    if rule is not None and UNREADABLE in active_codes(pack, config):
        message = rule.message[config.lang].format(reason=reason)
        findings = (Finding(rule.code, rule.name, rule.severity, message, name,
                            help=rule.help[config.lang] or None),)
    return FileResult(name, findings)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to check: given files as they are, folders searched recursively (sorted);
    a file reached twice (overlapping arguments) is checked once."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = (sorted(c for c in path.rglob("*") if c.is_file() and c.suffix.lower() in SUPPORTED
                        and not _hidden(c, path)) if path.is_dir() else [path])
        for child in found:
            key = child.resolve()
            if key not in seen:
                seen.add(key)
                yield child


def _hidden(child: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in child.relative_to(root).parts)


def check_paths(paths: Iterable[str | Path], config: Config | None = None) -> Iterator[FileResult]:
    """Check every file under `paths`, one result per file, in a stable order."""
    for path in iter_files(paths):
        yield check_path(path, config)
