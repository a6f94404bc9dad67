"""YAML read as Argo CD's `fromYaml` reads it: sigs.k8s.io/yaml, i.e. go-yaml v2 into Go
values, then JSON and back.

PyYAML parses (both are ports of libyaml's YAML 1.1 parser); what a plain scalar means is go-yaml
v2's own resolution, which is not PyYAML's:
- `y`, `Y`, `n`, `N`, `yes`, `on`, `off`... are booleans (PyYAML leaves `y`/`n` strings);
- integers by Go's `strconv.ParseInt(s, 0, 64)` once underscores are removed (`0x1F`, `0o17`,
  `017` octal, `1_000`), then unsigned 64-bit, then floats (`1e3`, `.5`, `.inf`, `.nan`);
- timestamps (`2024-01-02`) stay strings (go-yaml v2.4 keeps them so for an `interface {}`),
  and so do numbers out of float64's range (`1e400`);
- `<<` merges a mapping in place, later keys overriding earlier ones in document order;
- only the first document is read; duplicate keys: the last wins.
Map keys that are numbers or booleans become their text (`1: a` -> `"1"`); a null key is an
error. The JSON round trip makes every number a float64.
"""

from __future__ import annotations

from typing import Any

import yaml

from ...goyamlrules import kind_of, resolve_as, resolve_plain
from ...yamlio import json_key
from ..values import GoError

_PLAIN = "!go-plain"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")
)
_TIMESTAMP, _MERGE = "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"


class _Loader(yaml.BaseLoader):
    """PyYAML's parser and composer; plain untagged scalars keep a tag of their own."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _PLAIN:
        return resolve_plain(node.value)
    if node.tag in (_STR, "tag:yaml.org,2002:binary") or not node.tag.startswith(
        "tag:yaml.org,2002:"
    ):
        return node.value  # !!str, !!binary, a tag of its own: the text as it is
    kind = _KINDS.get(node.tag)
    if kind is None:  # another YAML tag: the text as go-yaml reads it plain
        return resolve_plain(node.value)
    try:
        return resolve_as(kind, node.value)
    except ValueError as wrong:
        short = node.tag.rsplit(":", 1)[1]
        raise GoError(f"yaml: cannot decode !!{wrong} `{node.value}` as a !!{short}") from None


_KINDS = {_INT: "int", _FLOAT: "float", _BOOL: "bool", _NULL: "null", _TIMESTAMP: "str"}


def _key_text(key: Any, value: Any) -> str:
    """sigs.k8s.io/yaml's map keys: strings as they are, numbers and booleans as text."""
    if key is None or isinstance(key, list | dict):
        raise GoError(
            f"unsupported map key of type: {kind_of(key)}, key: {key!r}, value: {value!r}"
        )
    return json_key(key)


def _value(node: yaml.Node, depth: int = 0) -> Any:
    if depth > 10_000:
        raise GoError("yaml: exceeded max depth")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, depth + 1) for item in node.value]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE or (key_node.tag == _PLAIN and key_node.value == "<<"):
            _merge(out, value_node, depth)
            continue
        value = _value(value_node, depth + 1)
        out[_key_text(_value(key_node, depth + 1), value)] = value
    return out


def _merge(out: dict[str, Any], node: yaml.Node, depth: int) -> None:
    sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
    for source in sources:
        if not isinstance(source, yaml.MappingNode):
            raise GoError("yaml: map merge requires map or sequence of maps as the value")
        out.update(_value(source, depth + 1))


def read_yaml(text: str) -> Any:
    """The first document of `text` as go-yaml v2 then JSON make it (numbers float64)."""
    from .jsonfn import marshal, unmarshal

    try:
        documents = yaml.compose_all(text, Loader=_Loader)
        node = next(documents, None)
    except yaml.YAMLError as exc:
        raise GoError(f"error converting YAML to JSON: yaml: {_problem(exc)}") from None
    value = None if node is None else _value(node)
    try:
        encoded = marshal(value, html=False)
    except GoError as exc:
        raise GoError(f"error converting YAML to JSON: {exc}") from None
    decoded, error = unmarshal(encoded)
    if error is not None:
        raise GoError(f"error converting YAML to JSON: {error}")
    return decoded


def _problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"line {mark.line + 1}: {problem}" if mark is not None else problem
