"""Reading YAML safely, with limits and locations (writing is `stream.py`'s).

Values are read the way Helm, kubectl and Argo CD read them (go-yaml v2 through
sigs.k8s.io/yaml, `goyamlrules.resolve_plain`: `y`/`on` are booleans, `0o17` and `1e3`
numbers, timestamps and `12:30` strings; a key that is a number or a boolean becomes its text),
with the C loader when PyYAML has it. A file is refused before parsing when it is
too large, nested too deeply for libyaml's recursive composer or holds too many nodes, and
after parsing when its aliases would expand past the node or size budget (`yamlguard`, with
the limits of `limits`). Duplicate keys are errors, with both lines named.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from .errors import FleetError, type_name
from .goyamlrules import kind_of, resolve_as, resolve_plain
from .limits import LIMITS, Limits
from .yamlguard import check_nesting, check_text, check_tree

try:  # libyaml when available; the pure-Python classes give the same results, slower.
    _BaseLoader: type[yaml.resolver.Resolver] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that reports duplicate keys and reads scalars as go-yaml v2 does."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value != "<<":
            return _TAGS[kind_of(resolve_plain(value))]
        return str(super().resolve(kind, value, implicit))

    duplicates_are_errors = True  # the linter's loader reads on, the last of them winning

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Duplicates are looked for among the mapping's own keys; `<<` merges put their keys
        # first (`flatten_mapping`), and the mapping's own keys override them.
        own = {id(key_node) for key_node, _ in node.value}
        self.flatten_mapping(node)
        seen: dict[str, yaml.Node] = {}
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = json_key(self.construct_object(key_node, deep=True), key_node)
            if id(key_node) in own:
                first = seen.get(key)
                if first is not None and self.duplicates_are_errors:
                    raise _DuplicateKey(
                        key, first.start_mark.line + 1, key_node.start_mark.line + 1
                    )
                seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_TAGS = {kind: f"tag:yaml.org,2002:{kind}" for kind in ("str", "bool", "null", "int", "float")}


def json_key(key: Any, node: yaml.Node | None = None) -> str:
    """A mapping key as sigs.k8s.io/yaml makes it for JSON: a string as it is, a boolean or a
    number as its text (`1: a` is `"1"`, `yes: a` is `"true"`, a float as Go's shortest
    float32 text); a null, a list or a mapping as a key is an error."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return _float32_text(key)
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"a mapping key must be a string, a number or a boolean, not {type_name(key)}",
        node.start_mark if node is not None else None,
    )


def _float32_text(value: float) -> str:
    """Go's `strconv.FormatFloat(value, 'g', -1, 32)`, as sigs.k8s.io/yaml writes a float key."""
    import struct

    from .gotext import format_float

    if math.isnan(value):
        return ".nan"
    try:
        single = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:  # beyond float32: Go rounds it to an infinity
        single = math.copysign(math.inf, value)
    if math.isinf(single):
        return ".inf" if single > 0 else "-.inf"
    for digits in range(1, 10):
        candidate = float(f"{single:.{digits}g}")
        if struct.unpack("f", struct.pack("f", candidate))[0] == single:
            return format_float(candidate)
    return format_float(single)


class _DuplicateKey(Exception):
    def __init__(self, key: Any, first_line: int, line: int) -> None:
        super().__init__(f"duplicate key {key!r} (first defined at line {first_line})")
        self.line = line


def _unsupported_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # Values become JSON (Argo CD's format, and what Helm converts YAML to): bytes, sets,
    # ordered pairs and timestamps have no JSON form and would crash the writer.
    raise yaml.constructor.ConstructorError(
        None,
        None,
        f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not supported "
        "(values are strings, numbers, booleans, null, lists and mappings)",
        node.start_mark,
    )


def _go_scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A scalar of tag bool, int, float or null: go-yaml v2's reading of its text, which must
    be of that kind when the tag is written (`!!int 1.5` is an error). An integer stays a
    Python int; Helm's JSON step makes it a float64, which the writers and `gotext` model."""
    wanted = node.tag.rsplit(":", 1)[1]
    try:
        value = resolve_as(wanted, node.value)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{_shorten(node.value)!r} is not a YAML {wanted}", node.start_mark
        ) from None
    if isinstance(value, float) and not math.isfinite(value):
        # JSON has no NaN or infinity; Helm fails on them too (json: unsupported value).
        raise yaml.constructor.ConstructorError(
            None, None, f"{node.value!r} is not a finite number", node.start_mark
        )
    return value


def _shorten(text: str, keep: int = 20) -> str:
    return text if len(text) <= 2 * keep else f"{text[:keep]}...({len(text)} characters)"


for _tag in ("binary", "timestamp", "omap", "pairs", "set"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _unsupported_tag)
for _tag in ("bool", "int", "float", "null"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _go_scalar)


# --------------------------------------------------------------------------------------------
# loading


def load_text(text: str | bytes, source: str, limits: Limits = LIMITS) -> Any:
    """Parse one YAML document; an empty document is None. Errors name `source` and the line."""
    if isinstance(text, bytes):
        text = decode(text, source, limits)
    elif len(text) > limits.max_bytes:
        raise FleetError(f"larger than the limit of {limits.max_bytes} bytes", source)
    nodes = check_text(text, source, limits)
    try:
        loader = _Loader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _DuplicateKey as err:
        raise FleetError(str(err), source, err.line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = min(mark.line + 1, _last_line(text)) if mark else None
        problem = err.problem or err.context or "invalid YAML"
        if err.context and err.problem:
            problem = f"{err.problem} ({err.context})"
        raise FleetError(f"invalid YAML: {problem}", source, line) from None
    except yaml.YAMLError as err:
        raise FleetError(f"invalid YAML: {err}", source) from None
    if len(text) > 65536 or "*" in text:
        nodes = check_tree(data, source, limits)
    limits.count_loaded(nodes, source)
    return data


def _last_line(text: str) -> int:
    """The number of the last line (libyaml reports errors at the end one line further)."""
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def read_bytes(path: str, name: str, limits: Limits = LIMITS) -> bytes:
    """A file's bytes, one past the size limit at most (so that `decode` can refuse it)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise FleetError("no such file", name) from None
    except IsADirectoryError:
        raise FleetError("is a directory, not a YAML file", name) from None
    except OSError as err:
        raise FleetError(f"cannot read: {err.strerror or err}", name) from None


def load_file(path: str, display: str | None = None, limits: Limits = LIMITS) -> Any:
    """Read and parse a YAML file. `display` is the name used in messages (e.g. repo-relative)."""
    name = display or path
    return load_text(read_bytes(path, name, limits), name, limits)


def load_mapping(path: str, display: str | None = None, limits: Limits = LIMITS) -> dict[str, Any]:
    """Read a YAML file that must hold a mapping at the top (an empty file is an empty map)."""
    name = display or path
    text = decode(read_bytes(path, name, limits), name, limits)
    return expect_mapping(load_text(text, name, limits), name, text)


def expect_mapping(data: Any, source: str, text: str | None = None) -> dict[str, Any]:
    """`data` as a mapping with string keys; `text`, when given, finds the line of a bad key."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FleetError(f"the top level must be a mapping, not {type_name(data)}", source, 1)
    for key in data:
        if not isinstance(key, str):
            raise FleetError(f"keys must be strings, found {key!r}", source, _key_line(text, key))
    return data


def _key_line(text: str | None, key: Any) -> int | None:
    """The line of the top-level key `key` in `text` (nothing is opened to find it)."""
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
            return key_node.start_mark.line + 1
    return node.start_mark.line + 1


def decode(raw: bytes, source: str, limits: Limits = LIMITS) -> str:
    if len(raw) > limits.max_bytes:
        raise FleetError(
            f"larger than the limit of {limits.max_bytes} bytes "
            "(raise it with ARGOCD_FLEET_MAX_FILE_BYTES)",
            source,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FleetError(f"not valid UTF-8 (byte 0x{raw[err.start]:02x})", source, line) from None


def locate_line(source: str, keypath: Iterable[Any]) -> int | None:
    """The 1-based line of `keypath` in the YAML file `source` (None when not found)."""
    try:
        with open(source, "rb") as handle:
            node = yaml.compose(handle.read(LIMITS.max_bytes).decode("utf-8-sig"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None
    return node_line(node, keypath)


def node_line(node: yaml.Node | None, keypath: Iterable[Any]) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    for step in keypath:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and str(step).isdigit():
            if int(step) >= len(node.value):
                return line
            node = node.value[int(step)]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def iter_documents(text: str, source: str, limits: Limits = LIMITS) -> Iterator[Any]:
    """Every document of a YAML stream (used for cluster-secret lists and manifests)."""
    check_nesting(text, source, limits)
    loader = _Loader(text)
    try:
        while loader.check_data():
            try:
                yield loader.get_data()
            except _DuplicateKey as err:
                raise FleetError(str(err), source, err.line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise FleetError(
            f"invalid YAML: {err.problem or err.context}", source, mark.line + 1 if mark else None
        ) from None
    finally:
        loader.dispose()
