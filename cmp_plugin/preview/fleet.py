"""The fleet preview: what every cluster gets from the hub's ApplicationSets.

For each group the hub renders its ApplicationSets once (fleet mode, with the hub's labels
choosing the releases and the group's bootstrap values). Each ApplicationSet's cluster
selectors are then evaluated against every cluster through an index of label values, and the
Applications it creates for the clusters it selects are evaluated from its templates
(`applications.applications_for`). The result is a typed `FleetPreview`, sorted; writing it
is `report.py`'s job.

The bootstrap values of a group come, in order, from `--values GROUP=FILE`, from the
`argocd-fleet-v1` plugin Applications/ApplicationSets of the hub bootstrap found in the
repository (their `values` parameter), or from the eks-fleet defaults.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..chart.catalog import Catalog
from ..errors import FleetError, Warn
from ..fleet.cluster import Cluster
from ..fleet.hierarchy import DEFAULT_PRESET, Hierarchy
from ..fleet.paths import Repo, read_regular
from ..fleet.releases import DEFAULT_VERSIONS, group_releases
from ..fleet.render import FleetRequest, fleet_mode
from ..sources import ValueSource
from ..yamlio import LIMITS, dump_yaml, iter_documents
from .applications import PreviewApp, compile_application_set
from .selectors import Selector, SelectorError, cluster_generator_selector

PLUGIN_NAME = "argocd-fleet-v1"

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


@dataclass(frozen=True, slots=True)
class Bootstrap:
    """The bootstrap values of one group and where they came from."""

    group: str
    source: ValueSource
    origin: str  # "--values", "repository" or "defaults"


@dataclass(slots=True)
class PreviewRequest:
    repo: Repo
    hub: Cluster
    clusters: list[Cluster]  # every cluster to evaluate, the hub included
    groups: list[str] = field(default_factory=list)  # empty: every group of the versions file
    values: dict[str, str] = field(default_factory=dict)  # --values GROUP=FILE
    hierarchy: Hierarchy = field(default_factory=lambda: Hierarchy.named(DEFAULT_PRESET))
    versions: str = DEFAULT_VERSIONS


# --------------------------------------------------------------------------------------------
# groups and bootstrap values


def versions_groups(repo: Repo, versions: str = DEFAULT_VERSIONS) -> list[str]:
    """The groups of the versions file, in its order."""
    data = _versions(repo, versions)
    releases = data.get("releases")
    if not isinstance(releases, dict):
        raise FleetError("needs a 'releases' mapping", versions)
    return [
        str(key) for key, value in releases.items() if key != "globals" and isinstance(value, list)
    ]


def _versions(repo: Repo, versions: str) -> dict[str, Any]:
    return ValueSource.from_bytes(repo.read(versions, "versions file"), versions).data


def default_bootstrap(group: str) -> ValueSource:
    """The eks-fleet bootstrap values, as the reference fleet's hub bootstrap sets them."""
    values: dict[str, Any] = {
        "repoNames": ["addons"],
        "useSelectors": "false",
        "useVersionSelectors": "true",
    }
    if group in Catalog.builtin().names():
        values["mergeValues"] = {group: {"use": True}}
    return ValueSource(f"(default bootstrap values of group {group})", dump_yaml(values), values)


def bootstrap_values(
    repo: Repo, hub: Cluster, groups: list[str], given: dict[str, str], warn: Warn
) -> dict[str, Bootstrap]:
    """Each group's bootstrap values: `--values`, else the repository's hub bootstrap, else defaults."""
    chosen: dict[str, Bootstrap] = {}
    for group, path in given.items():
        chosen[group] = Bootstrap(group, ValueSource.from_file(path), "--values")
    missing = [group for group in groups if group not in chosen]
    if missing:
        found = find_plugin_values(repo, hub, warn)
        for group in missing:
            if group in found:
                chosen[group] = Bootstrap(group, found[group], "repository")
            else:
                chosen[group] = Bootstrap(group, default_bootstrap(group), "defaults")
    return chosen


def find_plugin_values(repo: Repo, hub: Cluster, warn: Warn) -> dict[str, ValueSource]:
    """The `values` parameter, per group, of the repository's argocd-fleet plugin sources.

    Files are read in path order; the first source of a group wins, and a later one with
    other values is reported.
    """
    found: dict[str, ValueSource] = {}
    for relative in _yaml_files(repo):
        try:
            real = repo.confine(os.path.join(repo.root, relative), relative)
            if os.path.getsize(real) > LIMITS.max_bytes:
                continue
            text = read_regular(real, relative).decode("utf-8")
        except FleetError as err:
            warn(f"hub bootstrap: {err} (file skipped)")
            continue
        except (OSError, UnicodeDecodeError):
            continue
        if PLUGIN_NAME not in text:
            continue
        try:
            documents = list(iter_documents(text, relative))
        except FleetError as err:
            warn(f"hub bootstrap: {err} (file skipped)")
            continue
        for document in documents:
            for group, values_text in _plugin_parameters(document, hub, relative, warn):
                offset = embedded_offset(text, values_text)
                display = relative if offset >= 0 else f"{relative} (values of group {group})"
                try:
                    source = ValueSource.from_text(values_text or "{}", display)
                    source.first_line = offset
                except FleetError as err:
                    warn(f"hub bootstrap: {err} (ignored)")
                    continue
                if group not in found:
                    found[group] = source
                elif found[group].data != source.data:
                    warn(
                        f"hub bootstrap: group {group!r} has other values in {relative}; "
                        f"using those of {found[group].display}"
                    )
    return found


def embedded_offset(file_text: str, embedded: str) -> int:
    """How many lines of `file_text` precede the text `embedded` (a block scalar), or -1.

    Values given as a `values` parameter are a block scalar of a bigger file: finding their
    place lets a message name the line of that file. -1 when the text is not found once
    (a parameter rendered from a template, say).
    """
    wanted = [line.strip() for line in embedded.splitlines()]
    skip = next((index for index, line in enumerate(wanted) if line), None)
    if skip is None:
        return -1
    wanted = wanted[skip:]
    while wanted and not wanted[-1]:
        wanted.pop()
    lines = [line.strip() for line in file_text.splitlines()]
    found = [
        start
        for start, line in enumerate(lines)
        if line == wanted[0] and lines[start : start + len(wanted)] == wanted
    ]
    return found[0] - skip if len(found) == 1 else -1


def _yaml_files(repo: Repo) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(repo.root):
        subdirectories[:] = sorted(
            d
            for d in subdirectories
            if not d.startswith(".") and not os.path.islink(os.path.join(directory, d))
        )
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                yield os.path.relpath(os.path.join(directory, name), repo.root)


def _plugin_parameters(
    document: Any, hub: Cluster, where: str, warn: Warn
) -> Iterator[tuple[str, str]]:
    """(group, values text) of each argocd-fleet plugin source of an Application(Set)."""
    if not isinstance(document, dict):
        return
    kind = document.get("kind")
    spec = document.get("spec") if isinstance(document.get("spec"), dict) else {}
    if kind == "Application":
        for plugin in _plugins(spec):
            group, values = _group_and_values(plugin)
            if group:
                yield group, values
    elif kind == "ApplicationSet":
        template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
        app_spec = template.get("spec") if isinstance(template.get("spec"), dict) else {}
        plugins = list(_plugins(app_spec))
        if not plugins:
            return
        from ..gotemplate import Outcome, compile_template
        from .generators import json_like, prepare_cluster

        # As the cluster generator gives them; without a hub (validate's rules that need no
        # cluster) only the generator's own elements are known.
        hub_params = prepare_cluster(hub).params if hub.name else {}
        for element in _list_elements(spec.get("generators")) or [{}]:
            # The hub bootstrap's matrix: the clusters generator first, so its parameters win.
            dot = {**json_like(element), **hub_params}
            for plugin in plugins:
                group, values = _group_and_values(plugin)
                if not group:
                    continue
                rendered_group = compile_template(group, "default").render(dot)
                rendered_values = compile_template(values, "default").render(dot)
                if not (rendered_group.outcome is rendered_values.outcome is Outcome.OK):
                    problem = rendered_group.message or rendered_values.message
                    warn(
                        f"hub bootstrap: {where}: cannot evaluate the plugin parameters: {problem}"
                    )
                    continue
                yield rendered_group.text, rendered_values.text


def _plugins(app_spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    sources = []
    if isinstance(app_spec.get("source"), dict):
        sources.append(app_spec["source"])
    if isinstance(app_spec.get("sources"), list):
        sources.extend(s for s in app_spec["sources"] if isinstance(s, dict))
    for source in sources:
        plugin = source.get("plugin")
        if isinstance(plugin, dict) and plugin.get("name") == PLUGIN_NAME:
            yield plugin


def _group_and_values(plugin: dict[str, Any]) -> tuple[str, str]:
    group, values = "", ""
    for entry in plugin.get("env") or []:
        if isinstance(entry, dict) and entry.get("name") == "FLEET_GROUP":
            group = str(entry.get("value") or "")
        elif isinstance(entry, dict) and entry.get("name") == "FLEET_VALUES":
            values = str(entry.get("value") or "")
    # Parameters win over env, as they do for the plugin.
    for parameter in plugin.get("parameters") or []:
        if not isinstance(parameter, dict):
            continue
        name = parameter.get("name")
        if name == "group" and isinstance(parameter.get("string"), str):
            group = parameter["string"]
        elif name == "values":
            if isinstance(parameter.get("string"), str):
                values = parameter["string"]
            elif isinstance(parameter.get("map"), dict):
                values = dump_yaml(parameter["map"])
    return group, values


def _list_elements(generators: Any) -> list[dict[str, Any]]:
    """The elements of the list generators, at any depth of matrix and merge generators."""
    elements: list[dict[str, Any]] = []
    for generator in generators if isinstance(generators, list) else []:
        if not isinstance(generator, dict):
            continue
        listed = generator.get("list")
        if isinstance(listed, dict):
            elements.extend(e for e in listed.get("elements") or [] if isinstance(e, dict))
        for combined in ("matrix", "merge"):
            inner = generator.get(combined)
            if isinstance(inner, dict):
                elements.extend(_list_elements(inner.get("generators")))
    return elements


# --------------------------------------------------------------------------------------------
# selector index


class ClusterIndex:
    """Clusters bucketed by label value, so a selector visits only clusters that can match.

    A selector with an equality or `In` requirement needs one of a few values of one key; the
    clusters holding them are found in the buckets of that key, and the smallest candidate
    set is then checked requirement by requirement. The cost is linear in the fleet.
    """

    def __init__(self, clusters: list[Cluster]) -> None:
        self.clusters = clusters
        self._buckets: dict[str, dict[str, list[int]]] = {}
        for position, cluster in enumerate(clusters):
            for key, value in cluster.labels.items():
                self._buckets.setdefault(key, {}).setdefault(value, []).append(position)

    def select(self, selector: Selector) -> list[int]:
        """Positions (in fleet order) of the clusters the selector matches."""
        requirements = selector.requirements
        if requirements is None:
            return []
        candidates: Iterable[int] | None = None
        smallest = len(self.clusters) + 1
        for requirement in requirements:
            if requirement.operator not in ("=", "In"):
                continue
            buckets = self._buckets.get(requirement.key, {})
            size = sum(len(buckets.get(value, ())) for value in requirement.values)
            if size < smallest:
                smallest = size
                candidates = sorted(
                    position for value in requirement.values for position in buckets.get(value, ())
                )
        if candidates is None:
            candidates = range(len(self.clusters))
        clusters = self.clusters
        return [p for p in candidates if selector.matches(clusters[p].labels)]


def cluster_selectors(appset: dict[str, Any]) -> list[Selector] | None:
    """The compiled selectors of the appset's cluster generators (at any depth).

    None when a generator is not a cluster generator nested only in matrix/merge generators
    with them (such an ApplicationSet is evaluated for every cluster).
    """
    spec = appset.get("spec") or {}
    selectors: list[Selector] = []

    def walk(generators: Any) -> bool:
        for generator in generators if isinstance(generators, list) else []:
            if not isinstance(generator, dict):
                return False
            if "clusters" in generator:
                clusters = generator.get("clusters") or {}
                try:
                    selectors.append(cluster_generator_selector(clusters.get("selector")))
                except SelectorError:
                    return False
            for combined in ("matrix", "merge"):
                if combined in generator:
                    inner = generator.get(combined) or {}
                    if not walk(inner.get("generators")):
                        return False
        return True

    if not walk(spec.get("generators")) or not selectors:
        return None
    return selectors


# --------------------------------------------------------------------------------------------
# the preview


def preview_fleet(
    request: PreviewRequest, warn: Warn, progress: Progress | None = None
) -> FleetPreview:
    from .generators import prepare_cluster

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

    bootstraps = bootstrap_values(repo, request.hub, groups, request.values, note)
    versions = _versions(repo, request.versions)
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
        rendered = fleet_mode(fleet_request, lambda m, g=group: note(f"hub, group {g}: {m}"))
        rendered_inputs[group] = rendered.inputs
        appsets = [o for o in rendered.objects if o.get("kind") == "ApplicationSet"]
        group_apps: dict[str, int] = {}
        for done, appset in enumerate(appsets, start=1):
            appset_groups[str(appset["metadata"]["name"])] = group
            appset_objects[str(appset["metadata"]["name"])] = appset
            for app in _appset_applications(appset, index, prepared, repo, note):
                preview = previews.get(app.cluster)
                if preview is None:
                    # The local in-cluster, which an empty selector yields without a secret.
                    preview = previews[app.cluster] = ClusterPreview(Cluster(app.cluster))
                preview.applications.append(app)
                group_apps[app.cluster] = group_apps.get(app.cluster, 0) + 1
            if progress:
                progress(step * steps + steps * done // len(appsets), len(groups) * steps)
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


def _app_order(app: PreviewApp) -> tuple[str, str]:
    return (app.name, app.applicationSet)


def _appset_applications(
    appset: dict[str, Any],
    index: ClusterIndex,
    prepared: list[Any],
    repo: Repo,
    note: Warn,
) -> list[PreviewApp]:
    """Each Application the appset creates (`PreviewApp.cluster` says for which cluster)."""
    selectors = cluster_selectors(appset)
    if selectors is None:
        candidates = prepared
    else:
        chosen: set[int] = set()
        for selector in selectors:
            chosen.update(index.select(selector))
        if not chosen:
            return []
        candidates = [prepared[position] for position in sorted(chosen)]
    result = compile_application_set(appset, repo.root).preview(candidates)
    for message in result.errors:
        note(f"ApplicationSet {result.name}: {message} (Argo CD fails this ApplicationSet)")
    for message in result.unevaluated + result.notes:
        note(f"ApplicationSet {result.name}: {message}")
    if result.blocked and not result.errors:
        note(
            f"ApplicationSet {result.name}: an Application fails to render, so Argo CD "
            "reconciles none of this ApplicationSet's Applications"
        )
    component = result.component or _component(appset)
    reported: set[str] = set()
    for app in result.applications:
        if not app.component:
            app.component = component
        for problem in app.problems:
            if problem not in reported:
                reported.add(problem)
                note(f"ApplicationSet {result.name}: {problem}")
    return result.applications


def _component(appset: dict[str, Any]) -> str:
    template = (appset.get("spec") or {}).get("template") or {}
    labels = (template.get("metadata") or {}).get("labels") or {}
    component = labels.get("component")
    if isinstance(component, str) and component and "{{" not in component:
        return component
    return str((appset.get("metadata") or {}).get("name", ""))


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
