"""Error types: configuration and rule errors stop the run (exit 2); input errors become findings."""

from __future__ import annotations


class GovlintError(Exception):
    """Base class of all errors govlint reports without a traceback."""


class UsageError(GovlintError):
    """Bad command-line usage or configuration (exit code 2)."""


class RuleError(GovlintError):
    """A rule or template file is invalid; names the file, the rule and the key."""

    def __init__(self, path: str, rule: str | None, key: str | None, message: str) -> None:
        self.path, self.rule, self.key, self.detail = path, rule, key, message
        where = path
        if rule:
            where += f": rule {rule}"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}")


class RuleErrors(GovlintError):
    """Several rule errors collected while loading a pack, reported together."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class InputError(GovlintError):
    """A document that cannot be read or decoded; reported as a finding for that file."""

    def __init__(self, en: str, zh: str | None = None) -> None:
        self.en, self.zh = en, zh or en
        super().__init__(en)

    def text(self, lang: str) -> str:
        """The reason in `lang`."""
        return self.zh if lang == "zh" else self.en


class CheckTimeout(BaseException):
    """A file's check ran over its time limit. A BaseException on purpose: every place that
    isolates failures (`except Exception` around a rule, a reader, a library such as pdfminer)
    lets it through, so the whole file ends as GL012 and nothing after the limit runs."""
