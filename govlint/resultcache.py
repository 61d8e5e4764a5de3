"""Results cached by file content: a second run over an unchanged archive reads pickles
instead of parsing. The key is the content's hash, salted with govlint's version, a digest
of the rule files and the options that change findings; a file's path is not part of it
(a report copied or moved is still a hit)."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from govlint import __version__
from govlint.cachedir import cache_dir
from govlint.config import Config
from govlint.findings import FileResult

FOLDER = "results"


class ResultCache:
    """A folder of pickled (FileResult, profile) pairs, one file per key."""

    def __init__(self, folder: Path, salt: bytes) -> None:
        self.folder, self.salt = folder, salt

    @classmethod
    def for_run(cls, config: Config, profiles: bool) -> ResultCache:
        """The cache for runs with these options."""
        extra = _yaml_digest([Path(p) for p in config.rule_paths]) if config.rule_paths else ""
        salt = f"{__version__}|{rules_digest()}|{extra}|{config!r}|{profiles}".encode()
        return cls(cache_dir() / FOLDER, salt)

    def key(self, data: bytes, kind: str = "") -> str:
        """The key of a file's content read as `kind` (the reader its suffix picks: the same
        bytes named .html and .txt are different documents)."""
        salt = self.salt + b"|" + kind.encode()
        return hashlib.blake2b(data, key=hashlib.blake2b(salt, digest_size=32).digest(),
                               digest_size=20).hexdigest()

    def get(self, key: str, name: str) -> tuple[FileResult, Any] | None:
        """The cached result for `key`, re-addressed to the file `name`; None on a miss."""
        try:
            with open(self._path(key), "rb") as handle:
                result, profile = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
            return None
        return _renamed(result, name), (replace(profile, path=name) if profile is not None else None)

    def put(self, key: str, result: FileResult, profile: Any) -> None:
        """Store a result; a cache that cannot be written is silently skipped."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                pickle.dump((result, profile), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, path)
        except OSError:
            return

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"


def _renamed(result: FileResult, name: str) -> FileResult:
    if result.path == name:
        return result
    return replace(result, path=name, findings=tuple(replace(f, path=name) for f in result.findings))


@lru_cache(maxsize=1)
def rules_digest() -> str:
    """A digest of every built-in rule and template file (any edit invalidates the cache), and
    of the code's file sizes and times (an edited checkout must not reuse old results)."""
    from govlint.rulepack import packs_dir

    digest = hashlib.blake2b(_yaml_digest([packs_dir()]).encode(), digest_size=16)
    code = Path(__file__).parent
    for path in sorted(code.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(code)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _yaml_digest(roots: list[Path]) -> str:
    """A digest of the YAML rule files at or under `roots` (names and contents): the built-in
    packs, or a config's rule_paths, whose edits must not be answered from the cache."""
    digest = hashlib.blake2b(digest_size=16)
    for root in roots:
        for path in sorted(root.rglob("*.yaml")) if root.is_dir() else [root]:
            digest.update((path.relative_to(root) if root.is_dir() else path).as_posix().encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"unreadable")
    return digest.hexdigest()


def clean() -> int:
    """Remove every cache govlint keeps (results and packs); the number of files removed."""
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder, ignore_errors=True)
    return count
