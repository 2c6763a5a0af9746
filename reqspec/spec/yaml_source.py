"""Read a spec file as plain data while remembering the line of every value.

The loader reports problems by line, so it needs positions that PyYAML only keeps on nodes. This
module turns the node tree into ordinary dicts and lists plus a map from each value's path to its
line. Only the YAML 1.2 core scalar forms count as numbers, booleans and nulls, as everywhere else
in reqspec, so `no` in a spec is a string, never ``False``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..reading.yaml_scalars import ScalarProblem, resolve_plain

Path = tuple[Any, ...]


class SpecSyntaxError(Exception):
    """The file is not YAML the spec language can read; ``line`` says where."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Located:
    """The data of a spec file and the 1-based line of each value, keyed by path."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _scalar(node: Any) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema, as the lint reader does (the same function);
    quoted and block scalars are strings. A number JSON cannot hold is a spec error."""
    if node.style:
        return node.value
    value = resolve_plain(node.value)
    if isinstance(value, ScalarProblem):
        raise SpecSyntaxError(value.message, node.start_mark.line + 1)
    return value


def read_located(text: str) -> Located:
    """Parse spec text into plain data with line numbers; raise SpecSyntaxError on bad YAML."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SpecSyntaxError(str(exc).splitlines()[0] if str(exc) else "invalid YAML",
                              mark.line + 1 if mark else 1) from None
    located = Located(None)
    if root is None:
        raise SpecSyntaxError("the spec file is empty", 1)

    def build(node: Any, path: Path) -> Any:
        located.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    raise SpecSyntaxError("a key must be a plain string", line)
                key = key_node.value
                if key in out:
                    raise SpecSyntaxError(f"duplicate key {key!r}", line)
                out[key] = build(value_node, path + (key,))
                located.lines.setdefault(path + (key,), line)
            return out
        raise SpecSyntaxError("unsupported YAML node", node.start_mark.line + 1)

    located.data = build(root, ())
    return located
