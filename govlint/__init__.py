"""govlint: a linter for 政府信息公开工作年度报告 (government information disclosure annual reports)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check_bytes", "check_path", "check_text"]


def __getattr__(name: str) -> object:
    # Lazy re-exports keep `import govlint` (and the CLI start-up) light.
    if name in {"check_bytes", "check_path", "check_text"}:
        from govlint import api

        return getattr(api, name)
    raise AttributeError(name)
