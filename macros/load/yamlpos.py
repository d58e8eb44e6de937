"""Load YAML and keep the line of every value, so errors can name `file:line: field`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from macros.model.memo import memo
from macros.model.problems import Problem

Loc = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed YAML data plus the line (1-based) of each key path."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    offset: int = 0  # added to every line (front matter starts after the first `---`)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known prefix of `loc`."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc] + self.offset
            loc = loc[:-1]
        return self.lines.get((), 1) + self.offset


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster


class _SafeLineLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that refuses duplicate keys instead of silently keeping the last one."""


def _construct_mapping(loader: _SafeLineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"sleutel '{key}' staat er twee keer (ook op regel {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


_SafeLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            child = loc + (key,)
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, loc + (i,), lines)


def load_yaml(text: str, path: str, offset: int = 0) -> tuple[Located | None, list[Problem]]:
    """Parse `text`; return the data with positions, or the syntax problem. A text parsed before in
    this process (a rebuild of `mkdocs serve`: most files did not change) is not parsed again; the
    caller gets its own copy of the data, as from a fresh parse, so nothing it changes is kept."""
    located, problems = memo("yaml", (path, offset, text), lambda: _parse(text, path, offset))
    if located is None:
        return None, list(problems)
    return Located(_fresh(located.data), dict(located.lines), located.offset), list(problems)


def _fresh(data: Any) -> Any:
    """A copy of parsed YAML: new containers, the same (immutable) scalars and dates."""
    if isinstance(data, dict):
        return {key: _fresh(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_fresh(value) for value in data]
    if isinstance(data, tuple):  # !!pairs, !!omap
        return tuple(_fresh(value) for value in data)
    if isinstance(data, set):  # !!set
        return set(data)
    return data


def _parse(text: str, path: str, offset: int) -> tuple[Located | None, tuple[Problem, ...]]:
    try:
        loader = _SafeLineLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        message = exc.problem or str(exc)
        if exc.context:
            where = ""
            if exc.context_mark is not None and exc.context_mark.line != (mark.line if mark else -1):
                where = f" (begonnen op regel {exc.context_mark.line + 1 + offset})"
            message = f"{exc.context}{where}: {message}"
        return None, (Problem(path, line, "yaml", f"YAML-fout: {message}"),)
    except yaml.YAMLError as exc:  # pragma: no cover - every pyyaml error is marked
        return None, (Problem(path, 1 + offset, "yaml", f"YAML-fout: {exc}"),)
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Located(data, lines, offset), ()
