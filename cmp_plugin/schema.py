"""The JSON Schema (draft 2020-12) of argocd-fleet's values, built from the code's own tables.

One source of truth for `argocd-fleet schema`, `argocd-fleet validate` and editors: the global
settings (`chart.model.Settings` and the chart defaults in `data/chart-values.yaml`), the
fields of a component entry (`chart.model.Component`), the catalog names `mergeValues` may
select, and the fleet-mode keys of the bootstrap values (`repoNames`).

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

SCHEMA_ID = "https://argocd-fleet.dev/schemas/values.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Shapes, as the model checks them (`chart.model._check`).
SCALAR: dict[str, Any] = {"type": ["string", "number", "integer", "boolean"]}
NULLABLE_SCALAR: dict[str, Any] = {"type": ["string", "number", "integer", "boolean", "null"]}
STRING: dict[str, Any] = {"type": ["string", "null"]}
MAP: dict[str, Any] = {"type": ["object", "null"]}
LIST: dict[str, Any] = {"type": ["array", "null"]}
FLAG: dict[str, Any] = {
    "description": 'true or false (a boolean or the string "true"/"false")',
    "anyOf": [{"type": "boolean"}, {"enum": ["true", "false"]}],
}
LOOSE_FLAG: dict[str, Any] = {"type": ["boolean", "string", "null"]}
LABELS: dict[str, Any] = {
    "type": ["object", "null"],
    "additionalProperties": {"type": ["string", "number", "integer", "boolean", "null"]},
}
SELECTOR: dict[str, Any] = {"$ref": "#/$defs/labelSelector"}


def _field(shape: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {**shape, "description": description, **extra}


# The chart's global values: name -> schema. Descriptions are what editors show on hover.
SETTINGS: dict[str, dict[str, Any]] = {
    "releaseType": _field(
        NULLABLE_SCALAR,
        "The release this render is for (the release's `type`, lower-cased); appended to "
        "every ApplicationSet name. Fleet mode sets it from the versions file.",
    ),
    "useSelectors": _field(
        LOOSE_FLAG,
        'When "true", each component\'s `selector` is added to its cluster generator.',
    ),
    "useVersionSelectors": _field(
        LOOSE_FLAG,
        'When "true", the `releases` labels are added to every cluster generator, so a '
        "cluster only gets the release its `<group>Release` label names.",
    ),
    "releases": _field(
        LABELS,
        "Release labels required of clusters, e.g. `addonsRelease: default` (fleet mode sets "
        "it for the release being rendered).",
    ),
    "globalSelectors": _field(
        LABELS, "Labels every cluster generator requires, e.g. `fleet_member: hub-cluster`."
    ),
    "namespace": _field(NULLABLE_SCALAR, "Namespace of the ApplicationSets (default argocd)."),
    "syncPolicy": _field(MAP, "The Applications' syncPolicy (a component's own wins)."),
    "syncPolicyAppSet": _field(MAP, "The ApplicationSets' syncPolicy (a component's own wins)."),
    "goTemplateOptions": _field(
        LIST, "The ApplicationSets' goTemplateOptions (default [missingkey=error])."
    ),
    "repoURLGit": _field(
        NULLABLE_SCALAR, "Repository of the value files (a template over the cluster secret)."
    ),
    "repoURLGitRevision": _field(NULLABLE_SCALAR, "Revision of the value-files repository."),
    "repoURLGitBasePath": _field(NULLABLE_SCALAR, "Base path of the value files in it."),
    "valueFiles": _field(
        {"type": ["array", "null"], "items": SCALAR},
        "Folders (templates over the cluster) whose `<chart>/values.yaml` each Application "
        "reads, in order.",
    ),
    "globalValuesObject": _field(
        MAP, "Values given to every component's chart (under its own valuesObject)."
    ),
    "valuesFilePrefix": _field(NULLABLE_SCALAR, "Prefix of the value-file folders."),
    "useValuesFilePrefix": _field(LOOSE_FLAG, "Whether `valuesFilePrefix` is used."),
    "argoProjectName": _field(NULLABLE_SCALAR, "Argo CD project of the Applications."),
    "applyNestedSelectors": _field(
        {"anyOf": [{"type": ["boolean", "null"]}, {"type": "string"}]},
        "The ApplicationSets' applyNestedSelectors.",
    ),
    "templatePatch": _field(STRING, "A templatePatch for every ApplicationSet."),
    "commonLabels": _field(LABELS, "Labels of every generated Application."),
    "annotations": _field(LABELS, "Annotations of every ApplicationSet and Application."),
    "applicationSetGroup": _field(
        NULLABLE_SCALAR, "The group being rendered (fleet mode sets it, e.g. addons)."
    ),
    "ackPodIdentity": _field(
        MAP, "Where the pod-identity chart comes from: {path} or {repoURL, chart, chartVersion}."
    ),
    "mergeValues": {
        "type": ["object", "null"],
        "description": "Catalogs to merge under these values: `<name>: {use: true}`.",
        "additionalProperties": {"$ref": "#/$defs/catalogUse"},
    },
    # Fleet mode: keys of the bootstrap values that are not chart values.
    "repoNames": _field(
        {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}},
        "Fleet mode (bootstrap values): the repositories whose hierarchies are read, in order, "
        "each with the cluster annotation `<repoName>_repo_basepath`.",
    ),
}

# The fields of a component entry (`chart.model.Component`), with the chart's names.
COMPONENT: dict[str, dict[str, Any]] = {
    "enabled": _field(
        FLAG, "Render this component: true or false. Anything else is an error (deviation 7)."
    ),
    "chartName": _field(NULLABLE_SCALAR, "The Helm chart's name (default: the entry's key)."),
    "chartNamespace": _field(NULLABLE_SCALAR, "OCI namespace of the chart in its repository."),
    "chartRepository": _field(NULLABLE_SCALAR, "Helm or OCI repository of the chart."),
    "defaultVersion": _field(NULLABLE_SCALAR, "Chart version when no environment sets one."),
    "releaseName": _field(NULLABLE_SCALAR, "Helm release name of the Application."),
    "namespace": _field(NULLABLE_SCALAR, "Destination namespace of the Application."),
    "path": _field(NULLABLE_SCALAR, "A path in the Git repository instead of a chart."),
    "type": _field(NULLABLE_SCALAR, "`manifest` for a plain-manifest path."),
    "resourceGroup": _field(
        {"type": ["boolean", "string", "null"]}, "A group of resources (no chart values)."
    ),
    "gitMatrix": _field(
        {"type": ["boolean", "string", "null"]}, "Generate one Application per Git directory."
    ),
    "matrixPath": _field(NULLABLE_SCALAR, "The directories the Git matrix lists."),
    "selector": {"$ref": "#/$defs/labelSelector"},
    "selectorMatchLabels": _field(LABELS, "Labels the cluster generator requires."),
    "environments": _field(
        {"type": ["array", "null"], "items": {"$ref": "#/$defs/environment"}},
        "One cluster generator per environment: {selector, chartVersion}.",
    ),
    "valuesObject": _field(MAP, "Helm values of the Application."),
    "valuesFileName": _field(NULLABLE_SCALAR, "Name of the value file in each folder."),
    "appSetName": _field(NULLABLE_SCALAR, "Name of the Applications (default: the key)."),
    "enableAckPodIdentity": _field(
        NULLABLE_SCALAR, "Add the pod-identity chart as a second source (true/false)."
    ),
    "ackPodIdentity": _field(MAP, "This component's pod-identity source settings."),
    "additionalResources": {"$ref": "#/$defs/additionalResources"},
    "syncPolicy": _field(MAP, "The Application's syncPolicy."),
    "syncPolicyAppSet": _field(MAP, "The ApplicationSet's syncPolicy."),
    "goTemplateOptions": _field(LIST, "The ApplicationSet's goTemplateOptions."),
    "ignoreApplicationDifferences": _field(LIST, "The ApplicationSet's field."),
    "preservedFields": _field(MAP, "The ApplicationSet's preservedFields."),
    "strategy": _field(MAP, "The ApplicationSet's rollout strategy."),
    "templatePatch": _field(STRING, "The ApplicationSet's templatePatch."),
    "labelsAppSet": _field(LABELS, "Labels of the ApplicationSet."),
    "annotationsAppSet": _field(LABELS, "Annotations of the ApplicationSet."),
    "labelsApp": _field(LABELS, "Labels of the Applications."),
    "annotationsApp": _field(LABELS, "Annotations of the Applications."),
    "ignoreDifferences": _field(LIST, "The Applications' ignoreDifferences."),
}

COMPONENT_DESCRIPTION = (
    "A component: one ApplicationSet when `enabled: true`. Without `enabled` the entry "
    "overrides a catalog entry of the same name. Unknown keys are reported by "
    "`argocd-fleet validate`, with a suggestion."
)


def _defs() -> dict[str, Any]:
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
                "matchLabels": LABELS,
                "matchExpressions": {"type": ["array", "null"], "items": requirement},
            },
        },
        "environment": {
            "type": ["object", "null"],
            "properties": {
                "selector": LABELS,
                "chartVersion": NULLABLE_SCALAR,
            },
        },
        "additionalResources": {
            "type": ["object", "null"],
            "description": "A second source: a path, manifests or a chart, with helm settings.",
            "properties": {
                "path": NULLABLE_SCALAR,
                "type": NULLABLE_SCALAR,
                "manifestPath": NULLABLE_SCALAR,
                "chart": NULLABLE_SCALAR,
                "repoURL": NULLABLE_SCALAR,
                "chartVersion": NULLABLE_SCALAR,
                "helm": {
                    "type": ["object", "null"],
                    "properties": {"valuesObject": MAP, "releaseName": NULLABLE_SCALAR},
                },
            },
        },
        "catalogUse": {
            "type": ["object", "null"],
            "properties": {"use": LOOSE_FLAG},
        },
        "component": {
            "type": ["object", "null"],
            "description": COMPONENT_DESCRIPTION,
            "properties": COMPONENT,
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


def _with_crd_shapes(fields: dict[str, Any]) -> None:
    """The fields copied into the ApplicationSets as written get the shape Argo CD's CRD gives
    them, so editors complete `syncPolicy.automated.prune` and flag `syncOptions: x`."""
    from .chart import crdshape

    for name, field in fields.items():
        if name in crdshape.fields():
            shape = _or_null(_crd_field(crdshape.shape(name)))
            fields[name] = {**shape, "description": field["description"] + " (Argo CD's CRD)"}


def values_schema() -> dict[str, Any]:
    """The schema of one values file (a file of the hierarchy, bootstrap values, or -f)."""
    settings = json.loads(json.dumps(SETTINGS))  # callers may mutate what they get
    _with_crd_shapes(settings)
    settings["mergeValues"]["properties"] = {
        name: {
            "$ref": "#/$defs/catalogUse",
            "description": f"The built-in catalog {name}.yaml",
        }
        for name in catalog_names()
    }
    defs = json.loads(json.dumps(_defs()))
    _with_crd_shapes(defs["component"]["properties"])
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "argocd-fleet values",
        "description": "Values of the application-sets chart as argocd-fleet reads them: global "
        "settings, and one entry per component (any other top-level key).",
        "type": ["object", "null"],
        "properties": settings,
        "additionalProperties": {"$ref": "#/$defs/component"},
        "$defs": defs,
    }


def dumps(schema: dict[str, Any] | None = None) -> str:
    return json.dumps(schema or values_schema(), indent=2, sort_keys=False) + "\n"
