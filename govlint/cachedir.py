"""Where govlint keeps its caches: $GOVLINT_CACHE_DIR, else the user cache folder."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    if os.environ.get("GOVLINT_CACHE_DIR"):
        return Path(os.environ["GOVLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or str(Path.home() / ".cache")
    return Path(base) / "govlint"
