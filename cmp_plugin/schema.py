"""The JSON Schema (draft 2020-12) of argocd-fleet's values, built from the chart's field table.

One source of truth for `argocd-fleet schema`, `argocd-fleet validate` and editors: the table
of `chart.fields` (the global settings, the fields of a component entry and of its
`environments` and `additionalResources`, each with its shape and description), the chart
defaults in `data/chart-values.yaml`, the catalog names `mergeValues` may select, and the
fleet-mode keys of the bootstrap values (`repoNames`). The fields copied into the
ApplicationSets as written take the shape Argo CD's CRD gives them (`chart.crdshape`).

Every top-level key that is not a global setting is a component entry (the chart's own rule:
a map with `enabled`, or an override of a catalog entry without it). Component entries allow
keys the schema does not know (`additionalProperties: true`) on purpose:

- the chart ignores unknown keys, so a file with one is valid for Helm and for the plugin;
- an override of a catalog entry, or a helper map such as YAML anchors, is also a top-level
  map, and a strict schema would flag keys that are legitimately there;
- `argocd-fleet validate` reports unknown component keys once, with a suggestion
  (`enable:` -> `enabled:`), where a schema error in an editor would only say "not allowed".

No jsonschema import here: this module only builds a dict, and is cheap to import.
"""

from __future__ import annotations

import json
from typing import Any

from .chart import crdshape, fields
from .chart.convert import COPIED, FLAG, LABELS_SCHEMA, Field

SCHEMA_ID = "https://argocd-fleet.dev/schemas/values.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def properties(table: tuple[Field, ...], crd: bool = False) -> dict[str, dict[str, Any]]:
    """The JSON Schema of each field of a table, by key, with its description; with `crd`, a
    field copied into the ApplicationSets as written gets the shape Argo CD's CRD gives it
    (editors complete `syncPolicy.automated.prune` and flag `syncOptions: x`)."""
    result = {}
    for field in table:
        if crd and field.shape is COPIED:
            shape = _or_null(_crd_field(crdshape.shape(field.key)))
            result[field.key] = {**shape, "description": field.description + " (Argo CD's CRD)"}
        else:
            result[field.key] = {**(field.shape.schema or {}), "description": field.description}
    return result


# The chart's global values and the fields of a component entry: key -> schema. The
# descriptions are what editors show on hover.
SETTINGS: dict[str, dict[str, Any]] = properties(fields.SETTINGS)
COMPONENT: dict[str, dict[str, Any]] = properties(fields.COMPONENT)

COMPONENT_DESCRIPTION = (
    "A component: one ApplicationSet when `enabled: true`. Without `enabled` the entry "
    "overrides a catalog entry of the same name. Unknown keys are reported by "
    "`argocd-fleet validate`, with a suggestion."
)


def _defs() -> dict[str, Any]:
    additional = properties(fields.ADDITIONAL_RESOURCES, crd=True)
    additional["helm"]["properties"] = properties(fields.HELM)
    requirement = {
        "type": "object",
        "required": ["key", "operator"],
        "properties": {
            "key": {"type": "string"},
            "operator": {"enum": ["In", "NotIn", "Exists", "DoesNotExist"]},
            "values": {
                "type": ["array", "null"],
                "items": {"type": ["string", "number", "integer", "boolean"]},
            },
        },
    }
    return {
        "labelSelector": {
            "type": ["object", "null"],
            "description": "A Kubernetes label selector over the cluster secrets' labels.",
            "properties": {
                "matchLabels": LABELS_SCHEMA,
                "matchExpressions": {"type": ["array", "null"], "items": requirement},
            },
        },
        "environment": {
            "type": ["object", "null"],
            "properties": properties(fields.ENVIRONMENT, crd=True),
        },
        "additionalResources": {
            "type": ["object", "null"],
            "description": "A second source: a path, manifests or a chart, with helm settings.",
            "properties": additional,
        },
        "catalogUse": {
            "type": ["object", "null"],
            "properties": {"use": FLAG.schema},
        },
        "component": {
            "type": ["object", "null"],
            "description": COMPONENT_DESCRIPTION,
            "properties": properties(fields.COMPONENT, crd=True),
            "additionalProperties": True,
        },
    }


def catalog_names() -> list[str]:
    from .chart.catalog import Catalog

    return Catalog.builtin().names()


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    result = dict(schema)
    if isinstance(result.get("type"), str):
        result["type"] = [result["type"], "null"]
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    return result


def _crd_field(shape: dict[str, Any]) -> dict[str, Any]:
    """A field's CRD shape (`chart.crdshape`) as this schema's: its mappings' members may be
    null, since argocd-fleet drops them as the API server prunes them."""
    if shape.get("x-kubernetes-int-or-string"):
        return {"type": ["integer", "string"]}
    result: dict[str, Any] = {}
    for keyword, value in shape.items():
        if keyword == "properties":
            value = {name: _or_null(_crd_field(sub)) for name, sub in value.items()}
        elif keyword in ("items", "additionalProperties") and isinstance(value, dict):
            value = _crd_field(value)
            value = _or_null(value) if keyword == "additionalProperties" else value
        result[keyword] = value
    return result


def values_schema() -> dict[str, Any]:
    """The schema of one values file (a file of the hierarchy, bootstrap values, or -f)."""
    settings = properties(fields.SETTINGS, crd=True)
    settings["mergeValues"]["properties"] = {
        name: {
            "$ref": "#/$defs/catalogUse",
            "description": f"The built-in catalog {name}.yaml",
        }
        for name in catalog_names()
    }
    schema = {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "argocd-fleet values",
        "description": "Values of the application-sets chart as argocd-fleet reads them: global "
        "settings, and one entry per component (any other top-level key).",
        "type": ["object", "null"],
        "properties": settings,
        "additionalProperties": {"$ref": "#/$defs/component"},
        "$defs": _defs(),
    }
    return json.loads(json.dumps(schema))  # a copy: callers may mutate what they get


def dumps(schema: dict[str, Any] | None = None) -> str:
    return json.dumps(schema or values_schema(), indent=2, sort_keys=False) + "\n"
