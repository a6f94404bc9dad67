"""The building blocks of `chart.fields`: shapes, the `Field` row, and the converters.

A `Shape` checks one kind of value (a FleetError names the key path, so that a message such
as `external-dns.selector: must be a mapping` points at what the user wrote) and says what the
values schema allows for it. A `Field` reads one key: its shape's check, then its converter,
which makes the model's value (label maps as strings, deviation 4; flags as Go reads them; the
chart's `nameNormalize`; label selectors; the structured `environments` and
`additionalResources`), then its default. `read_fields` reads a table, in its order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..errors import FleetError, type_name
from ..gotext import go_print, to_string, trim_suffix, trunc
from ..merge import is_empty
from ..record import Record
from .crdshape import conform

KeyPath = tuple[str, ...]
Convert = Callable[[Any, KeyPath, Mapping[str, Any]], Any]  # (checked value, its path, the map)

_YAML_BOOLEANS = {
    "true": True, "yes": True, "on": True, "y": True,
    "false": False, "no": False, "off": False, "n": False,
}  # fmt: skip
_WORDS = {"map": "a mapping", "list": "a list", "scalar": "a single value", "string": "a string"}


def check(value: Any, expected: str, path: KeyPath) -> Any:
    """`value` if it has the `expected` shape (map, list, scalar, string), else a FleetError."""
    if value is None:
        return None
    if expected == "map":
        ok = isinstance(value, dict)
    elif expected == "list":
        ok = isinstance(value, list)
    elif expected == "scalar":
        ok = isinstance(value, str | int | float | bool)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise FleetError(
            f"{'.'.join(path)}: must be {_WORDS[expected]}, not {type_name(value)}", keypath=path
        )
    return value


def label_value(value: Any, path: KeyPath) -> str:
    """A label or annotation value as the string Kubernetes requires (deviation 4).

    The chart writes these unquoted, so `true` or `1.0` reach the API server as a boolean or a
    number and the selector fails; here they keep the text the user meant.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if value is None:
        return ""
    raise FleetError(
        f"{'.'.join(path)}: a label value must be a string, not {type_name(value)}", keypath=path
    )


def label_map(value: Any, path: KeyPath) -> dict[str, str]:
    mapping = check(value, "map", path) or {}
    return {str(key): label_value(item, (*path, str(key))) for key, item in mapping.items()}


def parse_bool(value: Any, path: KeyPath) -> bool:
    """A flag written as a YAML 1.1 boolean or as its string (`"true"`, `'false'`)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _YAML_BOOLEANS:
        return _YAML_BOOLEANS[value.lower()]
    raise FleetError(f"{'.'.join(path)}: must be true or false, not {value!r}", keypath=path)


def normalize_name(key: str) -> str:
    """The chart's `nameNormalize`: `_` to `-`, cut to 63 characters, one trailing `-` off."""
    return trim_suffix(trunc(key.replace("_", "-"), 63), "-")


def truthy(value: Any) -> bool:
    """Go template truth: anything but an empty value (so the string "false" is true)."""
    return not is_empty(value)


def label_selector(value: Any, path: KeyPath) -> dict[str, Any] | None:
    """A Kubernetes label selector, its label values as strings; None when empty."""
    selector = check(value, "map", path)
    if not selector:
        return None
    # A null (`matchExpressions: null` over a catalog's) is no field: the chart writes the
    # null, which the CRD's schema refuses and the API server drops.
    result = {key: item for key, item in selector.items() if item is not None}
    if "matchLabels" in result:
        result["matchLabels"] = label_map(result["matchLabels"], (*path, "matchLabels"))
    expressions = check(result.get("matchExpressions"), "list", (*path, "matchExpressions"))
    if expressions is not None:
        result["matchExpressions"] = [
            _expression(expression, (*path, "matchExpressions", str(index)))
            for index, expression in enumerate(expressions)
        ]
    return result


def _expression(expression: Any, where: KeyPath) -> dict[str, Any]:
    check(expression, "map", where)
    if not expression or "key" not in expression or "operator" not in expression:
        raise FleetError(f"{'.'.join(where)}: needs a key and an operator", keypath=where)
    result = dict(expression)
    values = check(expression.get("values"), "list", (*where, "values"))
    if values is not None:
        result["values"] = [
            label_value(item, (*where, "values", str(i))) for i, item in enumerate(values)
        ]
    return result


# --------------------------------------------------------------------------------------------
# shapes: how the model checks a value, and what the schema allows


class Shape:
    """A kind of value: `read` checks one (a FleetError names its key path), `schema` is its
    JSON Schema (`None`: the schema is Argo CD's CRD for the field, see `schema.py`)."""

    __slots__ = ("name", "read", "schema")

    def __init__(
        self,
        name: str,
        read: Callable[[Any, KeyPath], Any],
        schema: dict[str, Any] | None,
    ) -> None:
        self.name = name
        self.read = read
        self.schema = schema


def _as_is(value: Any, path: KeyPath) -> Any:
    return value


def _checked(expected: str, kinds: type | tuple[type, ...]) -> Callable[[Any, KeyPath], Any]:
    # The common case (absent, or of the right kind) without a second call: every field of
    # every component passes here on each render.
    def read(value: Any, path: KeyPath) -> Any:
        if value is None or isinstance(value, kinds):
            return value
        return check(value, expected, path)

    return read


def _scalars(value: Any, path: KeyPath) -> list[Any]:
    items = check(value, "list", path) or []
    for index, item in enumerate(items):
        check(item, "scalar", (*path, str(index)))
    return items


def _copied(value: Any, path: KeyPath) -> Any:
    return conform(path[-1], value, path)


SCALAR_TYPES = ["string", "number", "integer", "boolean"]
SCALAR_SCHEMA: dict[str, Any] = {"type": SCALAR_TYPES}
NULLABLE_SCALAR: dict[str, Any] = {"type": [*SCALAR_TYPES, "null"]}
MAP_SCHEMA: dict[str, Any] = {"type": ["object", "null"]}
LABELS_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "additionalProperties": {"type": [*SCALAR_TYPES, "null"]},
}

SCALAR = Shape("scalar", _checked("scalar", (str, int, float, bool)), NULLABLE_SCALAR)
STRING = Shape("string", _checked("string", str), {"type": ["string", "null"]})
MAP = Shape("map", _checked("map", dict), MAP_SCHEMA)
LABELS = Shape("labels", label_map, LABELS_SCHEMA)
SCALARS = Shape("scalars", _scalars, {"type": ["array", "null"], "items": SCALAR_SCHEMA})
# Read as Go's `toString` does: any value (the chart compares its text with "true").
FLAG = Shape("flag", _as_is, {"type": ["boolean", "string", "null"]})
SCALAR_FLAG = Shape(
    "scalar flag",
    _checked("scalar", (str, int, float, bool)),
    {"type": ["boolean", "string", "null"]},
)
BOOLEAN = Shape("boolean", _as_is, {"anyOf": [{"type": ["boolean", "null"]}, {"type": "string"}]})
ENABLED = Shape(  # `model.is_enabled` reads it, before the entry is a component
    "enabled", _as_is, {"anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}]}
)
COPIED = Shape("copied", _copied, None)  # copied into the ApplicationSet as written
SELECTOR = Shape("selector", _checked("map", dict), {"$ref": "#/$defs/labelSelector"})
ENVIRONMENTS = Shape(
    "environments",
    _checked("list", list),
    {"type": ["array", "null"], "items": {"$ref": "#/$defs/environment"}},
)
ADDITIONAL = Shape(
    "additional resources", _checked("map", dict), {"$ref": "#/$defs/additionalResources"}
)
CATALOG_USES = Shape(
    "catalog uses",
    _as_is,  # `chart.render.effective_values` reads it
    {"type": ["object", "null"], "additionalProperties": {"$ref": "#/$defs/catalogUse"}},
)
NAMES = Shape(
    "names",
    _as_is,  # fleet mode reads it (`fleet.render`)
    {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}},
)


# --------------------------------------------------------------------------------------------
# the rows, and their converters


class Field:
    """One key of the values. `attr` is the model's attribute (None: the model does not hold
    it); `crd` is where Argo CD's CRD puts a field copied as written (`data/build.py`)."""

    __slots__ = ("attr", "convert", "crd", "default", "description", "key", "shape")

    def __init__(
        self,
        key: str,
        attr: str | None,
        shape: Shape,
        description: str,
        convert: Convert | None = None,
        default: Any = None,
        crd: str | None = None,
    ) -> None:
        self.key = key
        self.attr = attr
        self.shape = shape
        self.description = description
        self.convert = convert
        self.default = default
        self.crd = crd

    def read(self, mapping: Mapping[str, Any], path: KeyPath) -> Any:
        """The model's value of this field in `mapping` (at `path`)."""
        where = (*path, self.key)
        value = self.shape.read(mapping.get(self.key), where)
        if self.convert is not None:
            value = self.convert(value, where, mapping)
        if not value and self.default is not None:
            value = self.default() if callable(self.default) else self.default
        return value

    def __repr__(self) -> str:
        return f"Field({self.key!r}, {self.attr!r}, {self.shape.name})"


def read_fields(
    fields: tuple[Field, ...], mapping: Mapping[str, Any], path: KeyPath
) -> dict[str, Any]:
    """The model's values of the `fields` of `mapping`, by attribute, checked in table order."""
    return {field.attr: field.read(mapping, path) for field in fields if field.attr}


class Environment(Record):
    """One entry of a component's `environments`: one cluster generator."""

    selector: dict[str, str]
    chart_version: str


class AdditionalResources(Record):
    """A component's `additionalResources`: a second source of its Applications."""

    path: str
    type: str
    manifest_path: str
    chart: str
    repo_url: str
    chart_version: str
    helm: dict[str, Any] | None


def text(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    return go_print(value)


def tested_text(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    """A value the chart tests (`if`, `default`) before it prints it: Go's empty values
    (false, 0) count as absent there, so `path: false` is no path, not the path `false`."""
    return "" if is_empty(value) else go_print(value)


def component_type(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    """A component's `type`, which the chart compares with `ne (default "" .type) "manifest"`:
    an empty value is "", and Go refuses to compare any other kind than a string with one (the
    chart fails), so that is an error here."""
    return "" if is_empty(value) else _string(value, path, _COMPARED, "'manifest'")


def resources_type(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    """`additionalResources.type`, which the chart compares with `eq .type "manifests"` when
    a `path` is set: Go refuses to compare any other kind than a string with one (false
    included), so that is an error here; without a path the chart never compares it."""
    if value is None or is_empty(mapping.get("path")):
        return go_print(value)
    return _string(value, path, _COMPARED, "'manifests'")


# Why a value must be a string where the chart's template would take any other: Go's `eq`
# and `ne` refuse to compare two kinds, and `printf "%s"` writes `%!s(bool=true)`.
_COMPARED = "the chart compares it with a string, which Go refuses for any other type"
_PRINTED = (
    "the chart writes the chart's name with printf \"%s/%s\", and Go's %s of it is no name "
    "(%!s(...))"
)


def _string(value: Any, path: KeyPath, why: str, example: str = "") -> str:
    if not isinstance(value, str):
        such_as = f" such as {example}" if example else ""
        raise FleetError(
            f"{'.'.join(path)}: must be a string{such_as}, not {type_name(value)}: {why}",
            keypath=path,
        )
    return value


def or_none(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> Any:
    return value or None


def is_true(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> bool:
    return to_string(value) == "true"


def truthy_flag(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> bool:
    return truthy(value)


def texts(value: list[Any], path: KeyPath, mapping: Mapping[str, Any]) -> list[str]:
    return [go_print(item) for item in value]


def lower_text(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    # Deviation 3: lower-cased, so that names built from it are valid.
    return go_print(value).lower()


def nested_flag(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> bool:
    return parse_bool(value, path) if truthy(value) else False


def chart_name(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    # `chartName | default $nameNormalize`: an empty value (false, 0) is no name.
    name = tested_text(value, path, mapping)
    if name and not is_empty(mapping.get("chartNamespace")):
        _string(value, path, _PRINTED)
    return name or normalize_name(path[0])


def chart_namespace(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> str:
    """`chartNamespace`, which the chart prints with `printf "%s/%s"` beside the chart's name
    when it is not empty."""
    return "" if is_empty(value) else _string(value, path, _PRINTED)


def selector(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> dict[str, Any] | None:
    return label_selector(value, path)


def environments_of(table: tuple[Field, ...]) -> Convert:
    """The converter of `environments`, whose entries have the fields of `table`."""
    return lambda value, path, mapping: _environments(table, value, path, mapping)


def _environments(
    table: tuple[Field, ...], value: Any, path: KeyPath, mapping: Mapping[str, Any]
) -> list[Environment]:
    environments = []
    for index, env in enumerate(value or []):
        where = (*path, str(index))
        env = check(env, "map", where) or {}
        values = read_fields(table, env, where)
        version = values["chart_version"]
        if is_empty(version):
            version = mapping.get("defaultVersion")
        values["chart_version"] = go_print(version)
        environments.append(Environment(**values))
    return environments


def helm_of(table: tuple[Field, ...]) -> Convert:
    """The converter of `additionalResources.helm`, checked against `table`, kept as written."""

    def convert(value: Any, path: KeyPath, mapping: Mapping[str, Any]) -> dict[str, Any] | None:
        if value:
            read_fields(table, value, path)
        return value or None

    return convert


def additional_resources_of(table: tuple[Field, ...]) -> Convert:
    """The converter of `additionalResources`, whose fields are those of `table`."""
    return lambda value, path, mapping: _additional_resources(table, value, path)


def _additional_resources(
    table: tuple[Field, ...], value: Any, path: KeyPath
) -> AdditionalResources | None:
    if not value:
        return None
    resources = AdditionalResources(**read_fields(table, value, path))
    if resources.helm and not (resources.path or resources.chart):
        # The chart would attach this helm block to the component's own source instead.
        raise FleetError(
            f"{path[0]}.additionalResources: has helm settings but neither a path nor a chart",
            keypath=path,
        )
    return resources
