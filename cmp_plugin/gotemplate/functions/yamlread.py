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

import math
import re
from typing import Any

import yaml

from ..values import GoError

_PLAIN = "!go-plain"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null")
)
_TIMESTAMP, _MERGE = "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"

_WORDS: dict[str, Any] = {
    **dict.fromkeys(
        ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True
    ),
    **dict.fromkeys(
        ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False
    ),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
_FLOAT_SHAPE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_FLOAT = re.compile(
    r"[-+]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf(?:inity)?|nan)", re.I
)


class _Loader(yaml.BaseLoader):
    """PyYAML's parser and composer; plain untagged scalars keep a tag of their own."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


def _go_int(text: str) -> int | None:
    from .convert import NumError, parse_int  # Go's strconv.ParseInt, base 0

    try:
        return parse_int(text, 0, 64)
    except NumError:
        pass
    if text[:1] not in "+-":
        try:
            return parse_int(text, 0, 65)  # ParseUint: what fits 64 bits unsigned
        except NumError:
            return None
    return None


def resolve_plain(text: str) -> Any:
    """go-yaml v2's `resolve` of a plain scalar."""
    if text in _WORDS:
        return _WORDS[text]
    first = text[:1]
    if first == ".":
        return float(text) if _GO_FLOAT.fullmatch(text) and not math.isinf(float(text)) else text
    if not (first.isdigit() and first.isascii()) and first not in "+-":
        return text
    plain = text.replace("_", "")
    number = _go_int(plain)
    if number is not None:
        return number
    if _FLOAT_SHAPE.fullmatch(plain) and not math.isinf(float(plain)):
        return float(plain)
    for prefix, sign in (("0b", 1), ("-0b", -1)):
        if plain.startswith(prefix) and re.fullmatch("[01]+", plain[len(prefix) :]):
            value = sign * int(plain[len(prefix) :], 2)
            if -(1 << 63) <= value < (1 << 64):
                return value
    return text


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _PLAIN:
        return resolve_plain(node.value)
    if node.tag in (_STR, "tag:yaml.org,2002:binary") or not node.tag.startswith(
        "tag:yaml.org,2002:"
    ):
        return node.value
    value = resolve_plain(node.value)
    wanted = {_INT: int, _FLOAT: float, _BOOL: bool, _NULL: type(None), _TIMESTAMP: str}.get(
        node.tag
    )
    if node.tag == _FLOAT and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if wanted is None or (
        isinstance(value, wanted) and not (wanted is int and isinstance(value, bool))
    ):
        return value
    short = node.tag.rsplit(":", 1)[1]
    raise GoError(f"yaml: cannot decode !!{_kind(value)} `{node.value}` as a !!{short}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    return {int: "int", float: "float"}.get(type(value), "str")


def _key_text(key: Any, value: Any) -> str:
    """sigs.k8s.io/yaml's map keys: strings as they are, numbers and booleans as text."""
    from ...gotext import format_float

    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        key = _float32_shortest(key)
        if math.isnan(key) or math.isinf(key):
            return ".nan" if math.isnan(key) else ".inf" if key > 0 else "-.inf"
        return format_float(key)
    raise GoError(f"unsupported map key of type: {_kind(key)}, key: {key!r}, value: {value!r}")


def _float32_shortest(value: float) -> float:
    """The shortest decimal that reads back as the same float32 (Go's FormatFloat bitSize 32)."""
    import struct

    if math.isnan(value) or math.isinf(value):
        return value
    try:
        single = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:  # beyond float32: Go rounds to an infinity
        return math.copysign(math.inf, value)
    for digits in range(1, 10):
        candidate = float(f"{single:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == single:
            return candidate
    return single


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
