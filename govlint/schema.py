"""Small strict validators for YAML data: unknown keys, types, "did you mean"."""

from __future__ import annotations

import difflib
import re
import reprlib
from collections.abc import Callable, Iterable
from typing import Any

from govlint.errors import RuleError
from govlint.yamlio import line_of


class Where:
    """Names the place of a value in a file: path, rule id and key path, with the line."""

    def __init__(self, path: str, rule: str | None = None, key: str = "", node: object = None,
                 leaf: str | None = None):
        self.path, self.rule, self.key, self.node, self.leaf = path, rule, key, node, leaf

    def at(self, key: str | int, node: object = None) -> Where:
        """The place of a child key or list index."""
        sub = f"{self.key}[{key}]" if isinstance(key, int) else (f"{self.key}.{key}" if self.key else key)
        return Where(self.path, self.rule, sub, node, key if isinstance(key, str) else None)

    def error(self, message: str, key: str | None = None) -> RuleError:
        """A RuleError at this place (optionally at child `key`)."""
        line = line_of(self.node, key if key is not None else self.leaf)
        path = f"{self.path}:{line}" if line else self.path
        keypath = self.key if key is None else (f"{self.key}.{key}" if self.key else key)
        if len(keypath) > 200:  # a hostile key is named, not echoed in full
            keypath = keypath[:200] + "…"
        return RuleError(path, self.rule, keypath or None, message)


_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict, _REPR.maxlevel = 60, 60, 6, 6, 3
_DEEP = re.compile(r"[\[{](?:\s*[\[{]){31}")  # 32 brackets opened in a row: no config or baseline nests so


def short_repr(value: object) -> str:
    """repr() cut to a readable length: a message quoting a huge or deep value stays one short line."""
    return _REPR.repr(value)


def nesting_line(text: str) -> int:
    """The line where `text` (TOML, JSON) first nests 32 deep, for a parser that gave up with
    a RecursionError and no position; 1 if no such run of brackets is found."""
    m = _DEEP.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' hint, or '': the closest choice by edit distance (typos such
    as GL3O1 for GL301), ties broken by difflib's similarity."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=8, cutoff=0.6)
    if not close:
        return ""
    best = min(close, key=lambda c: (_distance(word.upper(), c.upper()), close.index(c)))
    return f' (did you mean "{best}"?)'


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (short strings only)."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def check_keys(data: Any, where: Where, required: Iterable[str], optional: Iterable[str]) -> dict[str, Any]:
    """Require a mapping with all `required` keys and nothing outside required+optional."""
    if not isinstance(data, dict):
        raise where.error(f"expected a mapping, got {type(data).__name__}")
    allowed = set(required) | set(optional)
    for key in data:
        if key not in allowed:
            raise where.error(f"unknown key{suggest(str(key), allowed)}", str(key))
    for key in required:
        if key not in data:
            raise where.error(f"missing required key '{key}'")
    return data


def expect(value: Any, kind: type | tuple[type, ...], where: Where, what: str) -> Any:
    """Check the type of a value."""
    if isinstance(value, bool) and kind in (int, float):
        raise where.error(f"expected {what}, got a boolean")
    if not isinstance(value, kind):
        got = "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else type(value).__name__
        raise where.error(f"expected {what}, got {got}")
    return value


def str_list(value: Any, where: Where) -> tuple[str, ...]:
    """A string or a list of strings, as a tuple."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error("expected a string or a list of strings")
    return tuple(value)


def regex(value: Any, where: Where) -> re.Pattern[str]:
    """Compile a regular expression, reporting a bad pattern at its key."""
    expect(value, str, where, "a regular expression string")
    try:
        return re.compile(value)
    except (re.error, OverflowError, RecursionError) as exc:  # x{99999999999}: OverflowError
        shown = repr(value) if len(value) <= 500 else short_repr(value)  # rules check finds the item by its repr
        raise where.error(f"invalid regular expression {shown}: {exc}") from None


def choice(value: Any, choices: Iterable[str], where: Where) -> str:
    """One of a fixed set of strings."""
    options = list(choices)
    if value not in options:
        raise where.error(f"must be one of {', '.join(options)}, got {value!r}{suggest(str(value), options)}")
    return str(value)


def localized(value: Any, where: Where) -> dict[str, str]:
    """A text in Chinese and English: {zh: ..., en: ...} (a plain string counts as both)."""
    if isinstance(value, str):
        return {"zh": value, "en": value}
    data = check_keys(value, where, ("zh", "en"), ())
    for lang in ("zh", "en"):
        expect(data[lang], str, where.at(lang, data), "a string")
    return {"zh": data["zh"], "en": data["en"]}


def each(value: Any, where: Where, fn: Callable[[Any, Where], Any]) -> list[Any]:
    """Apply a validator to every element of a list."""
    expect(value, list, where, "a list")
    return [fn(item, where.at(i, item)) for i, item in enumerate(value)]
