"""YAML loading that rejects duplicate keys and remembers the line of every key.

PyYAML silently keeps the last of two equal keys; for rule and config files that
hides mistakes, so a duplicate is an error naming the file and line. PyYAML is
imported on first use: a run whose rule packs come from the cache never needs it.

Hostile files end in a YamlError, never a traceback or unbounded work: a file over
MAX_BYTES, text that is not UTF-8, a list or mapping used as a key, nesting past
the parser's depth, and aliases that expand past MAX_NODES (a "billion laughs").
"""

from __future__ import annotations

import reprlib
from functools import lru_cache
from pathlib import Path
from typing import Any

MAX_BYTES = 10_000_000  # a config or rule file is a few kB; anything this big is not one
MAX_NODES = 100_000  # values a document may expand to, counting each alias as the values it repeats


class YamlError(Exception):
    """A YAML syntax error or duplicate key, with a 1-based line number."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(message)


class Mapping(dict[str, Any]):
    """A dict that knows the source line of each key (and of itself)."""

    line: int = 0
    key_lines: dict[str, int]


class YamlDate(str):
    """A value YAML reads as a date (2024-01-05), kept as its text: date keys parse it, keys
    that expect text can tell it was not written as a string."""


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
            if isinstance(key, list | dict):
                shown = reprlib.repr(key)
                raise YamlError(f"a key must be a plain string, not a list or mapping ({shown})", key_line)
            if key in result:
                raise YamlError(f"duplicate key {key!r} (first on line {result.key_lines[str(key)]})", key_line)
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[str(key)] = key_line
        return result

    def construct_timestamp(loader: Any, node: Any) -> YamlDate:
        # dates stay text: the validator parses them and names the key of a bad one (2026-13-45)
        return YamlDate(loader.construct_scalar(node))

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    return Loader


def loads(text: str) -> Any:
    """Parse YAML text."""
    import yaml

    loader = _loader()(text)  # a SafeLoader subclass
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node)  # before building: a bomb's values are shared, its uses are not
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(f"invalid YAML: {exc.problem or exc}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError("invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()


def _check_size(root: Any) -> None:
    """Refuse a node graph that expands (aliases counted as what they repeat) past MAX_NODES,
    or that contains itself; iterative, each distinct node visited once."""
    sizes: dict[int, int] = {}
    ancestors: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            ancestors.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise YamlError(f"invalid YAML: the document expands to more than {MAX_NODES} values "
                                "(aliases repeat what their anchor holds)", node.start_mark.line + 1)
        elif key in ancestors:
            raise YamlError("invalid YAML: an alias refers to a value that contains it", node.start_mark.line + 1)
        elif key not in sizes:
            ancestors.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))


def _children(node: Any) -> list[Any]:
    if node.id == "mapping":
        return [part for pair in node.value for part in pair]
    return list(node.value) if node.id == "sequence" else []


def load(path: Path) -> Any:
    """Parse a YAML file (UTF-8, with or without BOM)."""
    if path.stat().st_size > MAX_BYTES:
        raise YamlError(f"the file is larger than {MAX_BYTES // 1_000_000} MB: not a config or rule file")
    return loads(decode(path.read_bytes()))


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped); else a YamlError at the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlError(f"not UTF-8 text (byte 0x{data[exc.start]:02x}): save the file as UTF-8", line) from None


def line_of(data: object, key: str | None = None) -> int | None:
    """Source line of `data` (a loaded mapping) or of one of its keys."""
    if isinstance(data, Mapping):
        if key is not None and key in data.key_lines:
            return data.key_lines[key]
        return data.line
    return None
