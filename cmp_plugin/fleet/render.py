"""Fleet mode: what the hub's bootstrap ApplicationSets computed, for one cluster and group.

For each release the cluster gets: the hierarchy's value files (missing ones skipped) merged in
order, then the bootstrap values, then the derived keys (`applicationSetGroup`,
`releaseType`, `releases`); the chart engine renders that, and the union of every release's
ApplicationSets is the output.
"""

from __future__ import annotations

from typing import Any

from ..chart.catalog import Catalog
from ..errors import FleetError, Warn, type_name
from ..generate import chart_mode
from ..gotext import to_string
from ..limits import OutputBudget, estimate_size
from ..record import Record, field
from ..sources import ValueSource
from .cluster import Cluster
from .hierarchy import DEFAULT_PRESET, Hierarchy
from .paths import Repo
from .releases import (
    DEFAULT_VERSIONS,
    Release,
    Selection,
    derived_values,
    group_releases,
    only,
    select,
)

# Keys of the bootstrap values that steer fleet mode and are not chart values.
FLEET_KEYS = ("repoNames",)


class FleetRequest(Record):
    repo: Repo
    group: str
    cluster: Cluster
    bootstrap: ValueSource | None = None
    release: str | None = None
    versions: str = DEFAULT_VERSIONS
    hierarchy: Hierarchy = field(default_factory=lambda: Hierarchy.named(DEFAULT_PRESET))
    catalog: Catalog | None = None
    budget: OutputBudget | None = None  # the output limits, for the plugin and `generate`


class ValueFile(Record):
    path: str
    exists: bool
    repo_name: str = ""  # the entry of repoNames it was expanded for


class FleetResult(Record):
    objects: list[dict[str, Any]]
    group: str
    cluster: Cluster
    selection: Selection
    value_files: list[ValueFile]
    catalogs: dict[str, list[str]]
    inputs: FleetInputs | None = None  # what each release was rendered from

    @property
    def releases(self) -> list[str]:
        return [release.type for release in self.selection.releases]

    def explain(self) -> str:
        lines = [f"argocd-fleet: group {self.group!r}, cluster {self.cluster.name!r}"]
        case = self.selection.case
        # The release rules are numbered in the README (Fleet mode); 0 is --release.
        how = f"release rule {case} of the README" if case else "chosen on the command line"
        lines.append(f"  releases ({how}): {self.selection.reason}")
        lines.append("  value files, in merge order:")
        for index, value_file in enumerate(self.value_files, start=1):
            mark = "" if value_file.exists else "   (missing, skipped)"
            lines.append(f"    {index}. {value_file.path}{mark}")
        for release, names in self.catalogs.items():
            lines.append(f"  catalogs for {release}: {', '.join(names) or 'none'}")
        lines.append(f"  ApplicationSets: {len(self.objects)}")
        return "\n".join(lines) + "\n"


class ReleaseInputs(Record):
    """What the chart engine gets for one release: value sources in merge order, a catalog."""

    release: Release
    sources: list[ValueSource]
    catalog: Catalog | None


class FleetInputs(Record):
    selection: Selection
    value_files: list[ValueFile]
    releases: list[ReleaseInputs]


def fleet_inputs(request: FleetRequest, warn: Warn | None = None) -> FleetInputs:
    """The releases the cluster gets and, for each, the values the chart engine merges."""
    repo = request.repo
    bootstrap = request.bootstrap.data if request.bootstrap else {}
    repo_names = _repo_names(bootstrap, request.bootstrap)
    use_version_selectors = to_string(bootstrap.get("useVersionSelectors", "true"))

    versions_raw = repo.read(request.versions, "versions file")
    versions = ValueSource.from_bytes(versions_raw, request.versions).data
    releases = group_releases(versions, request.group, request.versions)

    label = request.cluster.label(f"{request.group}Release")
    if request.release:
        chosen = only(releases, request.release, request.group)
        selection = Selection(releases=[chosen], case=0, reason=f"--release {request.release!r}")
    else:
        selection = select(releases, request.group, label, use_version_selectors != "false")
        for message in selection.warnings:
            if warn:
                warn(message)

    expanded = request.hierarchy.expand(request.cluster, request.group, repo_names)
    value_files = [
        ValueFile(path=path, exists=repo.exists(path, "value file"), repo_name=repo_name)
        for repo_name, path in expanded
    ]
    sources = [
        ValueSource.from_bytes(repo.read(value_file.path, "value file"), value_file.path)
        for value_file in value_files
        if value_file.exists
    ]
    if request.bootstrap:
        chart_values = {k: v for k, v in bootstrap.items() if k not in FLEET_KEYS}
        sources.append(request.bootstrap.with_data(chart_values))

    per_release = []
    for release in selection.releases:
        derived = derived_values(release, request.group, label, use_version_selectors == "true")
        release_sources = [
            *sources,
            ValueSource(
                display=f"(derived values of release {release.type})", text="", data=derived
            ),
        ]
        per_release.append(
            ReleaseInputs(
                release=release, sources=release_sources, catalog=_catalog(request, release)
            )
        )
    return FleetInputs(selection=selection, value_files=value_files, releases=per_release)


def fleet_mode(request: FleetRequest, warn: Warn | None = None) -> FleetResult:
    inputs = fleet_inputs(request, warn)
    objects: dict[str, dict[str, Any]] = {}
    producers: dict[str, str] = {}
    catalogs: dict[str, list[str]] = {}
    budget = request.budget
    # Each release merges every value file again: with many releases and large values, that
    # work grows like an output would, and is counted as one.
    work = sum(estimate_size(s.data) for s in inputs.releases[0].sources) if budget else 0
    for number, entry in enumerate(inputs.releases, start=1):
        release = entry.release
        if budget is not None:
            budget.spend(work, f"merging the values of release {number} of {len(inputs.releases)}")
        rendered = chart_mode(entry.sources, catalog=entry.catalog, warn=warn, budget=budget)
        catalogs[release.type] = rendered.catalogs
        for obj in rendered.objects:
            name = obj["metadata"]["name"]
            if name in objects:
                raise FleetError(
                    f"releases {producers[name]!r} and {release.type!r} of group {request.group!r} "
                    f"both produce the ApplicationSet {name!r}",
                    request.versions,
                )
            objects[name] = obj
            producers[name] = release.type
    return FleetResult(
        objects=[objects[name] for name in sorted(objects)],
        group=request.group,
        cluster=request.cluster,
        selection=inputs.selection,
        value_files=inputs.value_files,
        catalogs=catalogs,
        inputs=inputs,
    )


def _repo_names(bootstrap: dict[str, Any], source: ValueSource | None) -> list[str]:
    names = bootstrap.get("repoNames", ["addons"])
    where = source.display if source else None
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise FleetError(f"repoNames must be a list of names, not {type_name(names)}", where)
    return names or ["addons"]


def _catalog(request: FleetRequest, release: Release) -> Catalog | None:
    if release.catalog:
        from .catalogs import repository_catalog  # only for a release with a catalog of its own

        return repository_catalog(
            request.repo, release.catalog, f"catalog of release {release.type}"
        )
    return request.catalog
