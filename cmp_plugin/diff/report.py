"""Writing a `FleetDiff`: a readable text summary, or one stable JSON object.

Text reads like `helm diff`'s summary: `+` added, `-` removed, `~` changed, each changed field
as `path: old -> new` with values in JSON notation (so `"true"` and `true` stay apart, and an
absent field shows as `(absent)`). JSON has the same content in a fixed key order, indented,
byte-identical for the same two inputs.
"""

from __future__ import annotations

import json
from typing import Any

from ..preview.applications import PreviewApp
from .compare import MISSING, AppSetRef, ClusterDiff, FieldChange, FleetDiff

FORMATS = ("text", "json")
ABSENT = "(absent)"


def write(diff: FleetDiff, fmt: str, sides: tuple[str, str], warnings: list[str]) -> str:
    """The report in `fmt`; `sides` names the two sides (revisions or directories)."""
    if fmt == "json":
        shown = document(diff, sides, warnings)
        return json.dumps(shown, indent=2, ensure_ascii=False, default=str) + "\n"
    return text(diff, sides)


# --------------------------------------------------------------------------------------------
# JSON


def document(diff: FleetDiff, sides: tuple[str, str], warnings: list[str]) -> dict[str, Any]:
    appsets = diff.application_sets
    return {
        "from": sides[0],
        "to": sides[1],
        "equal": diff.equal,
        "applicationSets": {
            "added": [_appset_ref(ref) for ref in appsets.added],
            "removed": [_appset_ref(ref) for ref in appsets.removed],
            "changed": [
                {"name": c.name, "group": c.group, "fields": _fields(c.fields)}
                for c in appsets.changed
            ],
        },
        "clusters": [_cluster_document(cluster) for cluster in diff.clusters],
        "warnings": list(warnings),
    }


def _appset_ref(ref: AppSetRef) -> dict[str, str]:
    return {"name": ref.name, "group": ref.group}


def _cluster_document(cluster: ClusterDiff) -> dict[str, Any]:
    return {
        "name": cluster.name,
        "status": cluster.status,
        "labels": _fields(cluster.labels),
        "added": [_app(app) for app in cluster.added],
        "removed": [_app(app) for app in cluster.removed],
        "changed": [
            {"name": c.name, "applicationSet": c.applicationSet, "fields": _fields(c.fields)}
            for c in cluster.changed
        ],
    }


def _app(app: PreviewApp) -> dict[str, Any]:
    shown = app.to_dict()
    shown.pop("problems", None)  # the preview's notes (warnings say them), not fields
    if app.fails:
        shown["fails"] = True  # Argo CD cannot render it (see the warnings)
    return shown


def _fields(changes: list[FieldChange]) -> list[dict[str, Any]]:
    """`{path, from, to}`; `from` (or `to`) is left out where the field is absent."""
    result = []
    for change in changes:
        entry: dict[str, Any] = {"path": change.path}
        if change.before is not MISSING:
            entry["from"] = change.before
        if change.after is not MISSING:
            entry["to"] = change.after
        result.append(entry)
    return result


# --------------------------------------------------------------------------------------------
# text


def text(diff: FleetDiff, sides: tuple[str, str]) -> str:
    before, after = sides
    if diff.equal:
        return f"No differences between {before} and {after}.\n"
    lines = [f"--- {before}", f"+++ {after}"]
    appsets = diff.application_sets
    if not appsets.equal:
        lines += [
            "",
            "ApplicationSets: " + _counts(appsets.added, appsets.removed, appsets.changed),
        ]
        lines += [f"  + {ref.name}{_group(ref.group)}" for ref in appsets.added]
        lines += [f"  - {ref.name}{_group(ref.group)}" for ref in appsets.removed]
        for change in appsets.changed:
            lines.append(f"  ~ {change.name}{_group(change.group)}")
            lines += [f"      {_field(field)}" for field in change.fields]
    for cluster in diff.clusters:
        lines += ["", _cluster_heading(cluster)]
        lines += [f"    {_field(field)}" for field in cluster.labels]
        lines += [f"  + {_app_line(app)}" for app in cluster.added]
        lines += [f"  - {_app_line(app)}" for app in cluster.removed]
        for app_change in cluster.changed:
            lines.append(f"  ~ {app_change.name} (ApplicationSet {app_change.applicationSet})")
            lines += [f"      {_field(field)}" for field in app_change.fields]
    lines += ["", _summary(diff)]
    return "\n".join(lines) + "\n"


def _cluster_heading(cluster: ClusterDiff) -> str:
    status = f" ({cluster.status})" if cluster.status != "changed" else ""
    parts = []
    if cluster.labels:
        parts.append("labels changed")
    counts = _counts(cluster.added, cluster.removed, cluster.changed)
    if counts:
        parts.append(counts)
    return f"Cluster {cluster.name}{status}: " + ", ".join(parts or ["no Applications"])


def _counts(added: list[Any], removed: list[Any], changed: list[Any]) -> str:
    parts = [
        f"{len(items)} {word}"
        for items, word in ((added, "added"), (removed, "removed"), (changed, "changed"))
        if items
    ]
    return ", ".join(parts)


def _group(group: str) -> str:
    return f" (group {group})" if group else ""


def _app_line(app: PreviewApp) -> str:
    version = f" {app.targetRevision}" if app.targetRevision else ""
    release = f", release {app.release}" if app.release else ""
    fails = " (fails)" if app.fails else ""
    return f"{app.name}{fails}  {app.chart}{version}{release} (ApplicationSet {app.applicationSet})"


def _field(change: FieldChange) -> str:
    return f"{change.path}: {_value(change.before)} -> {_value(change.after)}"


def _value(value: Any) -> str:
    if value is MISSING:
        return ABSENT
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=str)


def _summary(diff: FleetDiff) -> str:
    appsets = diff.application_sets
    added = sum(len(c.added) for c in diff.clusters)
    removed = sum(len(c.removed) for c in diff.clusters)
    changed = sum(len(c.changed) for c in diff.clusters)
    clusters = len(diff.clusters)
    return (
        f"Summary: ApplicationSets {len(appsets.added)} added, {len(appsets.removed)} removed, "
        f"{len(appsets.changed)} changed; Applications {added} added, {removed} removed, "
        f"{changed} changed on {clusters} cluster{'s' if clusters != 1 else ''}."
    )
