"""The difference between two fleet previews: ApplicationSets and each cluster's Applications.

Pure: two `FleetPreview`s in, one `FleetDiff` out, no I/O. Everything is sorted, so the same
two previews always give the same diff.

- ApplicationSets are matched by name. A changed one lists each changed field by path
  (`spec.generators[0].clusters.values.addonChartVersion`); a key that is not a plain
  identifier is quoted (`metadata.labels["app.kubernetes.io/version"]`). Lists of the same
  length are compared item by item, lists whose length changed as a whole.
- Applications are matched per cluster by name and ApplicationSet. A version bump usually
  renames an Application (the chart's names end with the version): Argo CD then deletes the
  old Application and creates a new one, and the diff says exactly that (removed + added).
  Fields of an Application that keeps its name (targetRevision, valueFiles, namespace, …)
  are compared like an ApplicationSet's.
- A cluster on one side only (a fleet member added or removed) is `added` or `removed` with
  all its Applications; a cluster's label changes are listed too, since they decide which
  ApplicationSets select it. Its labels on each side are kept (`--protect` reads them).
- Groups (of the versions file) are added, removed, or changed when one of their
  ApplicationSets, or an Application one of them creates, is.

Scalars are equal only when their types are equal too: YAML `true` and `"true"` (or `1`) are
different values to Argo CD, though Python finds `True == 1`.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field
from typing import Any

from ..preview.applications import PreviewApp
from ..preview.fleet import ClusterPreview, FleetPreview
from ..sources import MISSING  # the value of a field on the side that does not have it

# The Application fields compared (the preview JSON's, plus where it deploys).
APP_FIELDS = (
    "release",
    "chart",
    "repoURL",
    "targetRevision",
    "namespace",
    "destination",
    "valueFiles",
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs; `before` or `after` is `MISSING` where the field is absent."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class AppSetRef:
    name: str
    group: str


@dataclass(frozen=True, slots=True)
class AppSetChange:
    name: str
    group: str
    fields: list[FieldChange]


@dataclass(slots=True)
class AppSetDiff:
    added: list[AppSetRef] = field(default_factory=list)
    removed: list[AppSetRef] = field(default_factory=list)
    changed: list[AppSetChange] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class AppChange:
    name: str
    applicationSet: str
    fields: list[FieldChange]


@dataclass(slots=True)
class ClusterDiff:
    name: str
    status: str  # "added" (to side only), "removed" (from side only) or "changed"
    labels: list[FieldChange] = field(default_factory=list)
    added: list[PreviewApp] = field(default_factory=list)
    removed: list[PreviewApp] = field(default_factory=list)
    changed: list[AppChange] = field(default_factory=list)
    # The cluster's labels on each side ({} on the side it is not on); not part of the report.
    labels_before: dict[str, str] = field(default_factory=dict)
    labels_after: dict[str, str] = field(default_factory=dict)

    @property
    def applications_differ(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(slots=True)
class GroupDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FleetDiff:
    application_sets: AppSetDiff
    clusters: list[ClusterDiff]
    groups: GroupDiff = field(default_factory=GroupDiff)

    @property
    def equal(self) -> bool:
        return self.application_sets.equal and not self.clusters


# --------------------------------------------------------------------------------------------


def diff_previews(before: FleetPreview, after: FleetPreview) -> FleetDiff:
    """What changes from `before` to `after`."""
    appsets = diff_application_sets(before, after)
    clusters = diff_clusters(before, after)
    return FleetDiff(appsets, clusters, diff_groups(before, after, appsets, clusters))


def diff_groups(
    before: FleetPreview, after: FleetPreview, appsets: AppSetDiff, clusters: list[ClusterDiff]
) -> GroupDiff:
    """Groups on one side only, and groups of both sides with something that differs."""
    refs: list[AppSetRef | AppSetChange] = [*appsets.added, *appsets.removed, *appsets.changed]
    touched = {ref.group for ref in refs}
    for cluster in clusters:
        touched.update(after.appset_groups.get(app.applicationSet, "") for app in cluster.added)
        touched.update(before.appset_groups.get(a.applicationSet, "") for a in cluster.removed)
        touched.update(after.appset_groups.get(c.applicationSet, "") for c in cluster.changed)
    old, new = set(before.groups), set(after.groups)
    return GroupDiff(
        added=sorted(new - old),
        removed=sorted(old - new),
        changed=sorted((touched & old & new) - {""}),
    )


def diff_application_sets(before: FleetPreview, after: FleetPreview) -> AppSetDiff:
    result = AppSetDiff()
    for name in sorted(set(before.appsets) | set(after.appsets)):
        if name not in before.appsets:
            result.added.append(AppSetRef(name, after.appset_groups.get(name, "")))
        elif name not in after.appsets:
            result.removed.append(AppSetRef(name, before.appset_groups.get(name, "")))
        else:
            changes = field_changes(before.appsets[name], after.appsets[name])
            if changes:
                group = after.appset_groups.get(name, "")
                result.changed.append(AppSetChange(name, group, changes))
    return result


def diff_clusters(before: FleetPreview, after: FleetPreview) -> list[ClusterDiff]:
    old = {cluster.name: cluster for cluster in before.clusters}
    new = {cluster.name: cluster for cluster in after.clusters}
    result = []
    for name in sorted(set(old) | set(new)):
        if name not in old:
            apps, labels = _sorted(new[name].applications), new[name].cluster.labels
            result.append(ClusterDiff(name, "added", added=apps, labels_after=labels))
        elif name not in new:
            apps, labels = _sorted(old[name].applications), old[name].cluster.labels
            result.append(ClusterDiff(name, "removed", removed=apps, labels_before=labels))
        else:
            changed = _diff_cluster(old[name], new[name])
            if changed is not None:
                result.append(changed)
    return result


def _diff_cluster(before: ClusterPreview, after: ClusterPreview) -> ClusterDiff | None:
    labels = field_changes(before.cluster.labels, after.cluster.labels, "labels")
    if not labels and _shared(before.applications, after.applications):
        return None  # the very same Applications (a diff evaluates what is alike once)
    old = {_app_key(app): app for app in before.applications}
    new = {_app_key(app): app for app in after.applications}
    result = ClusterDiff(
        before.name,
        "changed",
        labels=labels,
        labels_before=before.cluster.labels,
        labels_after=after.cluster.labels,
    )
    for key in sorted(set(old) | set(new)):
        if key not in old:
            result.added.append(new[key])
        elif key not in new:
            result.removed.append(old[key])
        elif old[key] is not new[key]:
            changes = app_changes(old[key], new[key])
            if changes:
                result.changed.append(AppChange(key[0], key[1], changes))
    if labels or result.added or result.removed or result.changed:
        return result
    return None


def _shared(before: list[PreviewApp], after: list[PreviewApp]) -> bool:
    return len(before) == len(after) and all(map(operator.is_, before, after))


def app_changes(before: PreviewApp, after: PreviewApp) -> list[FieldChange]:
    changes: list[FieldChange] = []
    for name in APP_FIELDS:
        changes.extend(field_changes(getattr(before, name), getattr(after, name), name))
    return changes


def _app_key(app: PreviewApp) -> tuple[str, str]:
    return (app.name, app.applicationSet)


def _sorted(apps: list[PreviewApp]) -> list[PreviewApp]:
    return sorted(apps, key=_app_key)


# --------------------------------------------------------------------------------------------
# fields


def field_changes(before: Any, after: Any, path: str = "") -> list[FieldChange]:
    """Every leaf that differs between two JSON-like values, in key order."""
    changes: list[FieldChange] = []
    _walk(before, after, path, changes)
    return changes


def _walk(before: Any, after: Any, path: str, changes: list[FieldChange]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            _walk(before.get(key, MISSING), after.get(key, MISSING), child(path, key), changes)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            _walk(old, new, f"{path}[{index}]", changes)
    elif not same(before, after):
        changes.append(FieldChange(path, before, after))


def same(before: Any, after: Any) -> bool:
    """Equal values of equal types, at every depth."""
    if type(before) is not type(after):
        return False
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(same(before[k], after[k]) for k in before)
    if isinstance(before, list):
        return len(before) == len(after) and all(map(same, before, after))
    return bool(before == after)


def child(path: str, key: Any) -> str:
    """`path.key`, or `path["key"]` when the key is not a plain identifier."""
    text = str(key)
    if _IDENTIFIER.match(text):
        return f"{path}.{text}" if path else text
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{path}[{quoted}]"
