"""Which files to check: given files as they are; folders walked recursively in sorted order,
keeping report files (supported suffixes) that no `.gitignore`, `--exclude` or hidden name
rules out and, with `--include`, that match an include pattern. Patterns use .gitignore
syntax (pathspec), relative to the folder given on the command line.

A line of a `.gitignore` that is not a valid pattern (a lone `!`) is skipped, as git skips
it; an invalid `--include`/`--exclude` pattern is a usage error. Config files' patterns are
checked when the file is loaded (`pattern_problem`, `excludes_everything`, `include_problem`).
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govlint.errors import UsageError
from govlint.readers import SUPPORTED


@dataclass(frozen=True, slots=True)
class Selection:
    """Patterns that narrow a walk."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = True


def discover(paths: Iterable[str | Path], selection: Selection = Selection()) -> Iterator[Path]:
    """Files to check, each once (overlapping arguments are checked once), in a stable order."""
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = _walk(path, selection) if path.is_dir() else iter([path])
        for child in found:
            key = child.resolve()
            if key not in seen:
                seen.add(key)
                yield child


def _walk(root: Path, selection: Selection) -> Iterator[Path]:
    include = _checked_spec(selection.include, "--include") if selection.include else None
    exclude = _checked_spec(selection.exclude, "--exclude") if selection.exclude else None
    top = os.path.abspath(root)
    ignores = _parent_ignores(top) if selection.gitignore else []
    for rel in _walk_dir(top, "", include, exclude, ignores, selection.gitignore):
        yield root / rel


def _walk_dir(top: str, rel_dir: str, include: Any, exclude: Any, ignores: list[tuple[str, Any]],
              gitignore: bool) -> Iterator[str]:
    """Paths relative to `top` under `top/rel_dir`; `ignores` hold (absolute base, spec)."""
    folder = os.path.join(top, rel_dir) if rel_dir else top
    if gitignore and os.path.isfile(os.path.join(folder, ".gitignore")):
        ignores = [*ignores, (folder, _ignore_spec(_read_lines(os.path.join(folder, ".gitignore"))))]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return  # unreadable folder: nothing to check there
    for entry in entries:
        if entry.name.startswith("."):
            continue
        is_dir = entry.is_dir()
        rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
        slash = "/" if is_dir else ""
        if (exclude is not None and exclude.match_file(rel + slash)) or _ignored(entry.path, slash, ignores):
            continue
        if is_dir:
            yield from _walk_dir(top, rel, include, exclude, ignores, gitignore)
        elif os.path.splitext(entry.name)[1].lower() in SUPPORTED and (include is None or include.match_file(rel)):
            yield rel


def _ignored(path: str, slash: str, ignores: Sequence[tuple[str, Any]]) -> bool:
    return any(spec.match_file(os.path.relpath(path, base).replace(os.sep, "/") + slash) for base, spec in ignores)


def _parent_ignores(top: str) -> list[tuple[str, Any]]:
    """The .gitignore files above `top` up to its git work tree's top (if it is in one)."""
    found = []
    for parent in Path(top).parents:
        if (parent / ".gitignore").is_file():
            found.append((str(parent), _ignore_spec(_read_lines(parent / ".gitignore"))))
        if (parent / ".git").exists():
            return list(reversed(found))
    return []  # not inside a git work tree: its parents' ignore files do not apply


def _read_lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _spec(patterns: Iterable[str]) -> Any:
    """A compiled pattern list; raises ValueError or re.error for an invalid pattern."""
    import pathspec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "possible nested set" from re on a '[[' pattern
        return pathspec.GitIgnoreSpec.from_lines(list(patterns))


def _ignore_spec(lines: list[str]) -> Any:
    """A .gitignore's patterns, without the lines git would skip as invalid."""
    try:
        return _spec(lines)
    except (ValueError, re.error):
        return _spec(line for line in lines if pattern_problem(line) != INVALID)


def _checked_spec(patterns: Sequence[str], what: str) -> Any:
    for pattern in patterns:
        if pattern_problem(pattern) == INVALID:
            raise UsageError(f"{what}: '{pattern}' {INVALID}")
    return _spec(patterns)


INVALID = "is not a valid .gitignore pattern"


def pattern_problem(pattern: str) -> str | None:
    """Why a .gitignore-style pattern is of no use, or None: invalid (a lone '!', a trailing
    backslash), or matching nothing (a comment, a lone '/', an unclosed '[')."""
    try:
        spec = _spec((pattern,))
    except (ValueError, re.error):
        return INVALID
    if all(p.include is None for p in spec.patterns):
        return "matches nothing (a blank line, a comment, a lone '/' or an unclosed '[' in .gitignore syntax)"
    return None


# Report files a pattern would have to leave out to leave out everything: at the top and in a
# subfolder, under two unlike names, of every type.
_PROBES = tuple(f"{folder}{name}{suffix}" for folder in ("", "a/b/") for name in ("r", "报告_2023")
                for suffix in sorted(SUPPORTED))


def excludes_everything(patterns: Sequence[str]) -> bool:
    """Whether exclude `patterns` (valid ones) leave no report file to check in a folder walk."""
    spec = _spec(patterns)
    return all(_excluded(spec, probe) for probe in _PROBES)


def _excluded(spec: Any, rel: str) -> bool:
    """As the walk decides: a file is left out if it or a folder above it matches."""
    parts = rel.split("/")
    return any(spec.match_file("/".join(parts[:i]) + "/") for i in range(1, len(parts))) or spec.match_file(rel)


_WILD = re.compile(r"[*?\[]")


def include_problem(pattern: str, folder: Path) -> str | None:
    """Why an include pattern can select no report file, or None: its last part is a file
    type govlint does not read (*.doc), or a plain name (NOPE) that is neither a report file
    nor a folder here (a folder elsewhere is written NOPE/)."""
    if pattern.startswith("!") or pattern.endswith("/"):
        return None  # an exception to the includes, or a folder
    last = pattern.rsplit("/", 1)[-1]
    suffix = os.path.splitext(last)[1].lower()
    if suffix in SUPPORTED or (_WILD.search(last) and (not suffix or _WILD.search(suffix))):
        return None  # a report type, or a wildcard that can end in one (*, 2023*, *.tx?)
    types = ", ".join(sorted(SUPPORTED))
    if _WILD.search(last):
        return f"matches only {suffix} files, which govlint does not read ({types})"
    try:
        here = not _WILD.search(pattern) and (folder / pattern.lstrip("/")).is_dir()
    except (OSError, ValueError):
        here = False
    if here:
        return None  # a folder that exists
    return (f"matches no report file: govlint reads {types}; a folder is written with a trailing slash "
            f"({last}/)")


def matches_glob(path: str, glob: str, root: str) -> bool:
    """Whether `path` matches a .gitignore-style pattern relative to the folder `root` (config
    excludes, per-file ignores, waivers); False for a file outside `root`."""
    rel = relative_within(os.path.abspath(path), root)  # absolute: the cache must not depend on the cwd
    return rel is not None and bool(_glob(glob).match_file(rel))


@cache
def relative_within(path: str, root: str) -> str | None:
    """`path` relative to the folder `root` (forward slashes); None when it is not inside."""
    try:
        rel = Path(os.path.relpath(Path(path).resolve(), Path(root).resolve())).as_posix()
    except (ValueError, OSError):
        return None
    return None if rel == ".." or rel.startswith("../") else rel


@cache
def _glob(pattern: str) -> Any:
    try:
        return _spec((pattern,))
    except (ValueError, re.error):
        raise UsageError(f"'{pattern}' {INVALID}") from None
