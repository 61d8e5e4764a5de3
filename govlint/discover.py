"""Which files to check: given files as they are; folders walked recursively in sorted order,
keeping report files (supported suffixes) that no `.gitignore`, `--exclude` or hidden name
rules out and, with `--include`, that match an include pattern. Patterns use .gitignore
syntax (pathspec), relative to the folder given on the command line."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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
    include = _spec(selection.include) if selection.include else None
    exclude = _spec(selection.exclude) if selection.exclude else None
    top = os.path.abspath(root)
    ignores = _parent_ignores(top) if selection.gitignore else []
    for rel in _walk_dir(top, "", include, exclude, ignores, selection.gitignore):
        yield root / rel


def _walk_dir(top: str, rel_dir: str, include: Any, exclude: Any, ignores: list[tuple[str, Any]],
              gitignore: bool) -> Iterator[str]:
    """Paths relative to `top` under `top/rel_dir`; `ignores` hold (absolute base, spec)."""
    folder = os.path.join(top, rel_dir) if rel_dir else top
    if gitignore and os.path.isfile(os.path.join(folder, ".gitignore")):
        ignores = [*ignores, (folder, _spec(_read_lines(os.path.join(folder, ".gitignore"))))]
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
            found.append((str(parent), _spec(_read_lines(parent / ".gitignore"))))
        if (parent / ".git").exists():
            return list(reversed(found))
    return []  # not inside a git work tree: its parents' ignore files do not apply


def _read_lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _spec(patterns: Iterable[str]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


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
    return _spec((pattern,))
