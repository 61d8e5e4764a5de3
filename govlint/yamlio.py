"""YAML loading that rejects duplicate keys and remembers the line of every key.

PyYAML silently keeps the last of two equal keys; for rule and config files that
hides mistakes, so a duplicate is an error naming the file and line. PyYAML is
imported on first use: a run whose rule packs come from the cache never needs it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any


class YamlError(Exception):
    """A YAML syntax error or duplicate key, with a 1-based line number."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(message)


class Mapping(dict[str, Any]):
    """A dict that knows the source line of each key (and of itself)."""

    line: int = 0
    key_lines: dict[str, int]


@lru_cache(maxsize=1)
def _loader() -> type:
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is several times faster

    class Loader(base):  # type: ignore[misc]
        pass

    def construct_mapping(loader: Any, node: Any) -> Mapping:
        loader.flatten_mapping(node)
        result = Mapping()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if key in result:
                raise YamlError(f"duplicate key {key!r} (first on line {result.key_lines[str(key)]})", key_line)
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[str(key)] = key_line
        return result

    def construct_timestamp(loader: Any, node: Any) -> str:
        # dates stay text: the validator parses them and names the key of a bad one (2026-13-45)
        return str(loader.construct_scalar(node))

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    return Loader


def loads(text: str) -> Any:
    """Parse YAML text."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None


def load(path: Path) -> Any:
    """Parse a YAML file (UTF-8)."""
    return loads(path.read_text(encoding="utf-8"))


def line_of(data: object, key: str | None = None) -> int | None:
    """Source line of `data` (a loaded mapping) or of one of its keys."""
    if isinstance(data, Mapping):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line
    return None
