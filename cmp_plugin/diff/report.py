"""Writing a `FleetDiff`: a readable text summary, one stable JSON object, or a Markdown
pull-request comment (`markdown.py`).

Text reads like `helm diff`'s summary: `+` added, `-` removed, `~` changed, each changed field
as `path: old -> new` with values in JSON notation (so `"true"` and `true` stay apart, and an
absent field shows as `(absent)`). JSON has the same content in a fixed key order, indented,
byte-identical for the same two inputs. With limits given (`guard.py`), each format ends with
what the blast-radius guard found.
"""

from __future__ import annotations

import json
from typing import Any

from ..preview.applications import PreviewApp
from .compare import MISSING, AppSetDiff, AppSetRef, ClusterDiff, FieldChange, FleetDiff
from .guard import Verdict

FORMATS = ("text", "json", "markdown")
ABSENT = "(absent)"


def write(
    diff: FleetDiff,
    fmt: str,
    sides: tuple[str, str],
    warnings: list[str],
    verdict: Verdict | None = None,
    max_comment_bytes: int | None = None,
) -> str:
    """The report in `fmt`; `sides` names the two sides (revisions or directories)."""
    verdict = verdict or Verdict()
    if fmt == "json":
        shown = document(diff, sides, warnings, verdict)
        return json.dumps(shown, indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "markdown":
        from .markdown import DEFAULT_MAX_BYTES, comment

        return comment(diff, sides, warnings, verdict, max_comment_bytes or DEFAULT_MAX_BYTES)
    return text(diff, sides, verdict)


# --------------------------------------------------------------------------------------------
# JSON


def document(
    diff: FleetDiff, sides: tuple[str, str], warnings: list[str], verdict: Verdict
) -> dict[str, Any]:
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
        "guard": _guard_document(verdict),
        "warnings": list(warnings),
    }


def _guard_document(verdict: Verdict) -> dict[str, Any]:
    return {
        "tripped": bool(verdict.tripped),
        "replaced": verdict.replaced,
        "checks": [
            {
                "limit": check.limit,
                "allowed": check.allowed,
                "count": check.count,
                "over": check.over,
                "tripped": check.tripped,
                "clusters": list(check.clusters),
            }
            for check in verdict.checks
        ],
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


def text(diff: FleetDiff, sides: tuple[str, str], verdict: Verdict | None = None) -> str:
    before, after = sides
    guard = guard_lines(verdict) if verdict else []
    if diff.equal:
        return "\n".join([f"No differences between {before} and {after}.", *guard]) + "\n"
    lines = [f"--- {before}", f"+++ {after}"]
    appsets = diff.application_sets
    if not appsets.equal:
        lines += ["", appsets_heading(appsets)]
        lines += ["  " + line for line in appset_lines(appsets)]
    for cluster in diff.clusters:
        lines += ["", cluster_heading(cluster)]
        lines += ["  " + line for line in cluster_lines(cluster)]
    lines += ["", _summary(diff), *guard]
    return "\n".join(lines) + "\n"


def appsets_heading(appsets: AppSetDiff) -> str:
    return "ApplicationSets: " + _counts(appsets.added, appsets.removed, appsets.changed)


def appset_lines(appsets: AppSetDiff) -> list[str]:
    """`+ name (group g)`, `- …`, `~ …` and each changed field under it."""
    lines = [f"+ {ref.name}{_group(ref.group)}" for ref in appsets.added]
    lines += [f"- {ref.name}{_group(ref.group)}" for ref in appsets.removed]
    for change in appsets.changed:
        lines.append(f"~ {change.name}{_group(change.group)}")
        lines += [f"    {_field(field)}" for field in change.fields]
    return lines


def cluster_lines(cluster: ClusterDiff) -> list[str]:
    """The label changes, then `+`, `-` and `~` Applications, each field under it."""
    lines = [f"  {_field(field)}" for field in cluster.labels]
    lines += [f"+ {_app_line(app)}" for app in cluster.added]
    lines += [f"- {_app_line(app)}" for app in cluster.removed]
    for change in cluster.changed:
        lines.append(f"~ {change.name} (ApplicationSet {change.applicationSet})")
        lines += [f"    {_field(field)}" for field in change.fields]
    return lines


def guard_lines(verdict: Verdict) -> list[str]:
    """What the blast-radius guard found: a heading, then each limit; none without limits."""
    if not verdict.checks:
        return []
    lines = [verdict.heading()] + [f"  {check.describe()}" for check in verdict.checks]
    if verdict.replacements():
        lines.append(f"  ({verdict.replacements()})")
    return lines


def cluster_heading(cluster: ClusterDiff) -> str:
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
