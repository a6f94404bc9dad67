"""unknown-key (error with a suggestion, else warning): a key the chart does not read.

The chart (and argocd-fleet, which reads what it reads) ignores keys it does not know, so a
misspelt key silently does nothing: `enable: true` leaves the component as it was. Checked
in every value file (see `schema`):

- a component entry's fields (`enabled`, `chartName`, `namespace`, `selector`,
  `valuesObject`, ... the fields of `argocd-fleet schema`), and inside them the fields of
  `additionalResources` (and its `helm`), of each `environments` entry, of `selector` and
  of each `matchExpressions` requirement;
- a top-level key that is not a global setting (`useSelectors`, `syncPolicy`, ...): when it
  is a mapping it is a component entry, and an entry without `enabled` only overrides a
  component defined elsewhere, so one that no catalog merged by the group (`mergeValues`)
  and no value file of the group defines overrides nothing; when it is not a mapping the
  chart reads it as nothing at all;
- a `mergeValues` name that is no catalog (built in, or in a release's `catalog:` folder),
  and a key of a `mergeValues` entry other than `use`.

- the fields copied into the ApplicationSets as written (`syncPolicy`, `syncPolicyAppSet`,
  `strategy`, `preservedFields`, `ignoreDifferences`, `ignoreApplicationDifferences`),
  globally or in a component, against Argo CD's CRD: the chart copies `syncPolicy: {automatd:
  {}}` as it is and the API server drops the unknown field, so automated sync stays off.

Maps whose keys are free are not looked into: `valuesObject`, `helm.valuesObject`,
`ackPodIdentity`, label and annotation maps, `globalValuesObject`, `releases`,
`globalSelectors`, and the maps Argo CD's CRD leaves open (the `labels` of
`syncPolicy.managedNamespaceMetadata`). Top-level maps
whose name starts with `.`, `_` or `x-` and that have no `enabled` (holders of YAML anchors)
are skipped.

Severity: an error when the key is close to a known one (difflib, ignoring case), because
that is a typo whose intended setting is silently lost (`enable:` -> "did you mean
'enabled'?"); a warning otherwise, since a far-off key may be a deliberate note.

Example::

    addons/bootstrap/defaults/addons.yaml:3: error: external-dns.enable: the chart reads no
    component field 'enable' (did you mean 'enabled'?) [unknown-key]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ...chart import crdshape
from ...chart.catalog import Catalog
from ...chart.fields import COMPONENT, SETTINGS
from ...schema import values_schema
from ..core import ERROR, WARNING, Finding
from ..suggest import suggest

if TYPE_CHECKING:  # not imported: `generate` runs this rule without the repository context
    from ..context import Context
    from ..valuefiles import ValueFile

ID = "unknown-key"
SEVERITY = ERROR

# The fields of the chart's table (`chart.fields`), and the global keys the chart's templates
# read beside them (no effect on the ApplicationSets, but read: not a typo).
CHART_GLOBALS = {"nameOverride", "fullnameOverride", "commonAnnotations", "chartType"}
SETTING_KEYS = {field.key for field in SETTINGS} | CHART_GLOBALS
# `applyNestedSelectors` of a component: the chart's template reads it (when the global one
# is empty).
COMPONENT_KEYS = {field.key for field in COMPONENT} | {"applyNestedSelectors"}


def _properties(definitions: dict[str, Any], *path: str) -> set[str]:
    node: Any = definitions
    for step in path:
        node = node[step]
    return set(node["properties"])


def check(context: Context) -> Iterator[Finding]:
    schema = values_schema()["$defs"]  # built once: `generate` runs this rule on every call
    defs = {
        "additionalResources": _properties(schema, "additionalResources"),
        "helm": _properties(schema, "additionalResources", "properties", "helm"),
        "environment": _properties(schema, "environment"),
        "selector": _properties(schema, "labelSelector"),
        "requirement": _properties(
            schema, "labelSelector", "properties", "matchExpressions", "items"
        ),
    }
    catalogs = _catalog_names(context)
    for value_file in context.value_files:
        data = value_file.yaml.data
        if not isinstance(data, dict):
            continue
        checker = _FileCheck(context, value_file, defs, catalogs)
        for key, value in data.items():
            if isinstance(key, str):
                yield from checker.top_level(key, value)


def _catalog_names(context: Context) -> set[str]:
    names = set(Catalog.builtin().names())
    for group in context.groups:
        for catalog in context.catalogs(group):
            names.update(catalog.names())
    return names


class _FileCheck:
    def __init__(
        self,
        context: Context,
        value_file: ValueFile,
        defs: dict[str, set[str]],
        catalogs: set[str],
    ) -> None:
        self.context = context
        self.value_file = value_file
        self.defs = defs
        self.catalogs = catalogs
        groups = [g for g in value_file.groups if g in context.groups]
        self.groups = groups
        self.components: set[str] = set()
        for group in groups:
            self.components |= context.component_names(group)

    def finding(self, path: tuple[Any, ...], message: str, known: Iterable[str]) -> Finding:
        key = str(path[-1])
        suggestion = suggest(key, known)
        where = ".".join(str(step) for step in path)
        text = f"{where}: {message}"
        if suggestion:
            text += f" (did you mean {suggestion!r}?)"
        severity = ERROR if suggestion else WARNING
        return Finding(self.value_file.path, self.value_file.yaml.line_of(path), severity, ID, text)

    def top_level(self, key: str, value: Any) -> Iterator[Finding]:
        if key in SETTING_KEYS:
            if key == "mergeValues" and isinstance(value, dict):
                yield from self.merge_values(value)
            elif key in crdshape.fields():
                yield from self.crd_fields((key,), value, crdshape.shape(key))
            return
        entry = isinstance(value, dict)
        if entry and "enabled" not in value and key.startswith((".", "_", "x-")):
            return
        known = SETTING_KEYS | self.components
        if not entry:
            if value is None and key in self.components:
                return
            yield self.finding((key,), "not a setting the chart reads", known)
            return
        misspelt_enabled = any(suggest(str(field), ["enabled"]) for field in value)
        if (
            "enabled" not in value
            and not misspelt_enabled  # `enable:` is reported below, once
            and self.groups
            and key not in self.components
        ):
            yield self.finding(
                (key,),
                f"overrides no component: no catalog or value file of "
                f"{self.context.scope(self.groups)} defines it (with `enabled`), and it is no "
                "setting",
                known,
            )
        yield from self.component(key, value)

    def merge_values(self, merge: dict[Any, Any]) -> Iterator[Finding]:
        for name, use in merge.items():
            name = str(name)
            if name not in self.catalogs:
                listed = ", ".join(sorted(self.catalogs))
                yield self.finding(
                    ("mergeValues", name), f"no catalog of that name ({listed})", self.catalogs
                )
            if isinstance(use, dict):
                for field in use:
                    if field != "use":
                        yield self.finding(
                            ("mergeValues", name, str(field)), "a catalog takes only 'use'", ["use"]
                        )

    def component(self, key: str, entry: dict[Any, Any]) -> Iterator[Finding]:
        for field, value in entry.items():
            field = str(field)
            path = (key, field)
            if field not in COMPONENT_KEYS:
                yield self.finding(
                    path, f"the chart reads no component field {field!r}", COMPONENT_KEYS
                )
            elif field in crdshape.fields():
                yield from self.crd_fields(path, value, crdshape.shape(field))
            elif field == "additionalResources" and isinstance(value, dict):
                yield from self.fields(path, value, self.defs["additionalResources"])
                helm = value.get("helm")
                if isinstance(helm, dict):
                    yield from self.fields((*path, "helm"), helm, self.defs["helm"])
            elif field == "environments" and isinstance(value, list):
                for index, environment in enumerate(value):
                    if isinstance(environment, dict):
                        yield from self.fields(
                            (*path, index), environment, self.defs["environment"]
                        )
            elif field == "selector" and isinstance(value, dict):
                yield from self.fields(path, value, self.defs["selector"])
                expressions = value.get("matchExpressions")
                for index, requirement in enumerate(
                    expressions if isinstance(expressions, list) else []
                ):
                    if isinstance(requirement, dict):
                        where = (*path, "matchExpressions", index)
                        yield from self.fields(where, requirement, self.defs["requirement"])

    def crd_fields(
        self, path: tuple[Any, ...], value: Any, shape: dict[str, Any]
    ) -> Iterator[Finding]:
        """Unknown fields of a value copied as written, wherever its CRD shape lists them."""
        if isinstance(value, list) and "items" in shape:
            for index, item in enumerate(value):
                yield from self.crd_fields((*path, index), item, shape["items"])
        if not isinstance(value, dict) or "properties" not in shape:
            return
        known = set(shape["properties"])
        for field, item in value.items():
            where = (*path, str(field))
            if str(field) in known:
                yield from self.crd_fields(where, item, shape["properties"][str(field)])
            else:
                message = f"Argo CD has no field {str(field)!r} here (the API server drops it)"
                yield self.finding(where, message, known)

    def fields(
        self, path: tuple[Any, ...], mapping: dict[Any, Any], known: set[str]
    ) -> Iterator[Finding]:
        for field in mapping:
            if str(field) not in known:
                yield self.finding((*path, str(field)), f"no field {str(field)!r} here", known)
