"""The values the chart copies into the ApplicationSets as they are (`syncPolicy`,
`ignoreDifferences`, `strategy`, …), checked against the shape Argo CD's CRD gives them.

The chart copies them with `toYaml`, so `syncOptions: CreateNamespace=true` (a string where a
list belongs) or an `ignoreDifferences` entry without its `kind` renders, and the API server
then rejects the whole ApplicationSet at sync time. Here the same mistake is one located error
when generating.

A null member of a mapping is dropped, as the API server prunes it before validating; so
`automated:` left empty does not turn on automated sync, with the chart or here (`{}` does).

The schemas are the parts of the ApplicationSet CRD for these fields (`data/crd-shapes.json`,
written by `python -m cmp_plugin.data.build`), reduced to the keywords they use: `type`,
`properties`, `items`, `required`, `enum`, `additionalProperties` and
`x-kubernetes-int-or-string`. jsonschema does this in general, but importing it costs more than
the plugin's whole start-up; tests/test_crdshape.py checks that the two agree on the full CRD.
"""

from __future__ import annotations

import functools
from typing import Any, NoReturn

from ..data import crd_shapes
from ..errors import FleetError, type_name

KeyPath = tuple[str, ...]

_TYPES = {
    "object": ("a mapping", lambda v: isinstance(v, dict)),
    "array": ("a list", lambda v: isinstance(v, list)),
    "string": ("a string", lambda v: isinstance(v, str)),
    "boolean": ("true or false", lambda v: isinstance(v, bool)),
    "integer": ("a whole number", lambda v: _is_integer(v)),
}


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


@functools.cache
def fields() -> frozenset[str]:
    """The values keys whose shape comes from the CRD (data/build.py's COPIED_FIELDS)."""
    return frozenset(crd_shapes())


def shape(field: str) -> dict[str, Any]:
    """The (reduced) CRD schema of the values key `field`."""
    return crd_shapes()[field]


def conform(field: str, value: Any, path: KeyPath) -> Any:
    """`value` of the values key `field` as it may be emitted: its mappings' nulls dropped.

    A FleetError names the first place, under `path`, that does not fit the CRD.
    """
    if value is None:
        return None
    return _conform(value, shape(field), path)


def _conform(value: Any, schema: dict[str, Any], path: KeyPath) -> Any:
    if schema.get("x-kubernetes-int-or-string"):
        if not (_is_integer(value) or isinstance(value, str)):
            _wrong(value, "a number or a string", path)
        return value
    kind = schema.get("type")
    if kind is not None:
        words, fits = _TYPES[kind]
        if not fits(value):
            _wrong(value, words, path)
    if isinstance(value, dict):
        return _conform_mapping(value, schema, path)
    if isinstance(value, list):
        items = schema.get("items")
        if items is None:
            return value
        return [_conform(item, items, (*path, str(index))) for index, item in enumerate(value)]
    allowed = schema.get("enum")
    if allowed is not None and value not in allowed:
        choices = ", ".join(map(str, allowed))
        raise FleetError(f"{_dotted(path)}: must be one of {choices}, not {value!r}", keypath=path)
    return value


def _conform_mapping(value: dict[str, Any], schema: dict[str, Any], path: KeyPath) -> Any:
    properties = schema.get("properties", {})
    others = schema.get("additionalProperties")
    result = {}
    for key, item in value.items():
        if item is None:
            continue
        shape = properties.get(key, others if isinstance(others, dict) else None)
        result[key] = item if shape is None else _conform(item, shape, (*path, str(key)))
    for key in schema.get("required", ()):
        if key not in result:
            raise FleetError(f"{_dotted(path)}: needs {key} (Argo CD requires it)", keypath=path)
    return result


def _wrong(value: Any, words: str, path: KeyPath) -> NoReturn:
    raise FleetError(f"{_dotted(path)}: must be {words}, not {type_name(value)}", keypath=path)


def _dotted(path: KeyPath) -> str:
    return ".".join(path)
