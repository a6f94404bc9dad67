"""The fleet preview: what every cluster gets from the hub's ApplicationSets.

For each group the hub renders its ApplicationSets once (fleet mode, with the hub's labels
choosing the releases and the group's bootstrap values). Each ApplicationSet's cluster
selectors are then evaluated against every cluster through an index of label values, and the
Applications it creates for the clusters it selects are evaluated from its templates
(`appsets.evaluate_appsets`: in forked workers too, for a large fleet). The result is a
typed `FleetPreview`, sorted; writing it is `report.py`'s job.

The bootstrap values of a group are found as `fleet.bootstrap` says (`--values GROUP=FILE`,
the repository's hub bootstrap, the eks-fleet defaults).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..errors import FleetError, Warn
from ..fleet.bootstrap import Bootstrap, bootstrap_values, read_versions, versions_groups
from ..fleet.cluster import Cluster
from ..fleet.clusterparams import prepare_cluster
from ..fleet.hierarchy import DEFAULT_PRESET, Hierarchy
from ..fleet.paths import Repo
from ..fleet.releases import DEFAULT_VERSIONS, group_releases
from ..fleet.render import FleetRequest, fleet_mode
from .applications import PreviewApp
from .appsets import ClusterIndex, Reuse, evaluate_appsets

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------------------------
# model


@dataclass(slots=True)
class ClusterPreview:
    cluster: Cluster
    applications: list[PreviewApp] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.cluster.name


@dataclass(slots=True)
class FleetPreview:
    hub: str
    groups: list[str]
    clusters: list[ClusterPreview]
    warnings: list[str]
    appset_groups: dict[str, str] = field(default_factory=dict)  # ApplicationSet -> group
    # The ApplicationSets the hub renders, by name, as fleet mode emits them (`diff` compares them).
    appsets: dict[str, dict[str, Any]] = field(default_factory=dict)
    # What the hub rendered each group from (fleet mode's inputs), for the value-file checks.
    inputs: dict[str, Any] = field(default_factory=dict)

    def group_of(self, app: PreviewApp) -> str:
        return self.appset_groups.get(app.applicationSet, "")


@dataclass(slots=True)
class PreviewRequest:
    repo: Repo
    hub: Cluster
    clusters: list[Cluster]  # every cluster to evaluate, the hub included
    groups: list[str] = field(default_factory=list)  # empty: every group of the versions file
    values: dict[str, str] = field(default_factory=dict)  # --values GROUP=FILE
    hierarchy: Hierarchy = field(default_factory=lambda: Hierarchy.named(DEFAULT_PRESET))
    versions: str = DEFAULT_VERSIONS
    # Processes evaluating the ApplicationSets (`appsets.evaluate_appsets`): 0 is as many as
    # `batch.worker_count()` says, for a fleet large enough to gain by it.
    workers: int = 0
    # Bootstrap values already found, by group (validate finds them first); the others are
    # found as `fleet.bootstrap` says.
    bootstraps: dict[str, Bootstrap] = field(default_factory=dict)
    # ApplicationSets already evaluated for the same clusters (the other side of a diff).
    reuse: Reuse | None = None


# --------------------------------------------------------------------------------------------
# the preview


def preview_fleet(
    request: PreviewRequest, warn: Warn, progress: Progress | None = None
) -> FleetPreview:
    repo = request.repo
    groups = request.groups or versions_groups(repo, request.versions)
    if not groups:
        raise FleetError("the versions file defines no group", request.versions)
    unknown = sorted(set(request.values) - set(groups))
    if unknown:
        raise FleetError(f"--values for a group not previewed: {', '.join(unknown)}")
    warnings: list[str] = []

    def note(message: str) -> None:
        if message not in warnings:
            warnings.append(message)
            warn(message)

    bootstraps = {
        group: request.bootstraps[group] for group in groups if group in request.bootstraps
    }
    missing = [group for group in groups if group not in bootstraps]
    if missing:
        given = {group: path for group, path in request.values.items() if group in missing}
        bootstraps.update(bootstrap_values(repo, request.hub, missing, given, note))
    versions = read_versions(repo, request.versions)
    index = ClusterIndex(request.clusters)
    prepared = [prepare_cluster(cluster) for cluster in request.clusters]
    previews = {cluster.name: ClusterPreview(cluster) for cluster in request.clusters}
    appset_groups: dict[str, str] = {}
    appset_objects: dict[str, dict[str, Any]] = {}
    rendered_inputs: dict[str, Any] = {}
    steps = 1000
    for step, group in enumerate(groups):
        fleet_request = FleetRequest(
            repo=repo,
            group=group,
            cluster=request.hub,
            bootstrap=bootstraps[group].source,
            versions=request.versions,
            hierarchy=request.hierarchy,
        )
        rendered = fleet_mode(fleet_request, _prefixed(note, f"hub, group {group}: "))
        rendered_inputs[group] = rendered.inputs
        appsets = [o for o in rendered.objects if o.get("kind") == "ApplicationSet"]
        group_apps: dict[str, int] = {}

        def done(count: int, step: int = step, total: int = len(appsets)) -> None:
            if progress and total:
                progress(step * steps + steps * count // total, len(groups) * steps)

        evaluated = evaluate_appsets(
            appsets, index, prepared, repo, request.workers, done, request.reuse
        )
        for appset, result in zip(appsets, evaluated, strict=True):
            appset_groups[str(appset["metadata"]["name"])] = group
            appset_objects[str(appset["metadata"]["name"])] = appset
            for message in result.notes:
                note(message)
            for app in result.applications:
                preview = previews.get(app.cluster)
                if preview is None:
                    # The local in-cluster, which an empty selector yields without a secret.
                    preview = previews[app.cluster] = ClusterPreview(Cluster(name=app.cluster))
                preview.applications.append(app)
                group_apps[app.cluster] = group_apps.get(app.cluster, 0) + 1
        _release_warnings(
            group, versions, request, bootstraps[group], group_apps, rendered.releases, note
        )
        if progress:
            progress((step + 1) * steps, len(groups) * steps)
    clusters = [previews[name] for name in sorted(previews)]
    for preview in clusters:
        preview.applications.sort(key=_app_order)
    return FleetPreview(
        request.hub.name,
        list(groups),
        clusters,
        warnings,
        appset_groups,
        appset_objects,
        rendered_inputs,
    )


def _prefixed(warn: Warn, prefix: str) -> Warn:
    """`warn`, each message after `prefix`."""
    return lambda message: warn(prefix + message)


# A cluster's Applications: by name, then ApplicationSet (a key made in C: millions of them).
_app_order = attrgetter("name", "applicationSet")


def _release_warnings(
    group: str,
    versions: dict[str, Any],
    request: PreviewRequest,
    bootstrap: Bootstrap,
    group_apps: dict[str, int],
    rendered: list[str],
    note: Warn,
) -> None:
    """A `<group>Release` label naming no release (release rule 3, README "Fleet mode in one
    command"), or missing while the group's selectors ask for one, leaves the cluster
    without the group's Applications."""
    if str(bootstrap.source.data.get("useVersionSelectors", "true")) == "false":
        return
    releases = [r.type for r in group_releases(versions, group, request.versions)]
    label_key = f"{group}Release"
    undefined: dict[str, list[str]] = {}
    unlabelled: list[str] = []
    unrendered: dict[str, list[str]] = {}
    for cluster in request.clusters:
        label = cluster.labels.get(label_key, "")
        gets = group_apps.get(cluster.name, 0) > 0
        if label and label not in releases:
            undefined.setdefault(label, []).append(cluster.name if gets else f"{cluster.name}*")
        elif not label and not gets and len(releases) > 1:
            unlabelled.append(cluster.name)
        elif label and label not in rendered and not gets:
            unrendered.setdefault(label, []).append(cluster.name)
    named = ", ".join(releases)
    for label, names in sorted(undefined.items()):
        note(
            f"group {group}: {label_key}={label!r} names no release of the group (releases: "
            f"{named}), on {_some(names)}; a cluster marked * gets none of the group's "
            "Applications"
        )
    for label, names in sorted(unrendered.items()):
        note(
            f"group {group}: {label_key}={label!r} on {_some(names)}, but the hub renders only "
            f"{', '.join(rendered)}: they get none of the group's Applications"
        )
    if unlabelled:
        note(
            f"group {group}: no {label_key} label on {_some(unlabelled)}, while the group's "
            f"ApplicationSets select on it ({len(releases)} releases: {named}): "
            "they get none of the group's Applications"
        )


def _some(names: list[str], shown: int = 10) -> str:
    """`cluster a`, or `clusters a, b and 3 more`."""
    if len(names) == 1:
        return f"cluster {names[0]}"
    head = ", ".join(names[:shown])
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return f"{len(names)} clusters: {head}{more}"
