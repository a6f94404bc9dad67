"""The repository as the rules see it, read once: files, clusters, releases, values, preview.

`Context.build` reads what every rule shares: every YAML file of the repository (with its
node trees, for lines), the versions file and its releases, the hierarchy, the hub, the
fleet members (with the labels registration gives them, and the file and line each release
label comes from), the clusters of `--clusters`, each group's bootstrap values, the value
files (hierarchy files, bootstrap values, release catalogs), which cluster reads which file,
and, lazily and once per group, the fleet preview of `preview/`.

Without a hub (none given, no `clusters/hub.yaml`), `hub` is None and there are no fleet
members: the rules that need clusters (`core.NEEDS_CLUSTERS`) are not run.

Two kinds of failure: what makes the repository unreadable as a whole (no repository, no
versions file, a bad `--values`, `--hierarchy` or `--clusters` file) raises the usual
`FleetError`; a problem inside one file of the repository (its YAML, a member registration
refuses) becomes a finding of the `invalid-file` rule, and the rest is still checked.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..chart.catalog import Catalog
from ..errors import FleetError
from ..fleet.bootstrap import Bootstrap, bootstrap_values, versions_groups
from ..fleet.catalogs import repository_catalog
from ..fleet.cluster import Cluster
from ..fleet.hierarchy import PLACEHOLDERS, Hierarchy, resolve
from ..fleet.paths import Repo
from ..fleet.releases import DEFAULT_VERSIONS, Release, group_releases
from ..gotext import to_string
from .clusters import ClusterInput, hub_input, member_inputs, secret_inputs
from .core import ERROR, INVALID_FILE, Finding
from .files import YamlFile, parse_yaml, read_yaml, repository_yaml
from .valuefiles import ValueFile, components_of

if TYPE_CHECKING:  # the preview engine is loaded by the rules that ask for a preview only
    from ..preview.fleet import FleetPreview

# Without a hub, the hub bootstrap's plugin parameters are evaluated with an empty cluster
# (they usually need only the list generator's elements: the group and its values).
NO_HUB = Cluster(name="")

__all__ = ["INVALID_FILE", "Context", "LintRequest", "ValueFile", "full_regex"]


@dataclass(slots=True)
class LintRequest:
    """What `argocd-fleet validate` was asked: the same selection as `preview`."""

    repo: str
    hub: str | None = None  # a hub file (None: the repository's clusters/hub.yaml, if any)
    hub_cluster: Cluster | None = None  # a hub named on the command line, found by name
    cluster_files: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)  # --values GROUP=FILE
    hierarchy: str | None = None
    versions: str | None = None


@dataclass(slots=True)
class Context:
    request: LintRequest
    repo: Repo
    files: dict[str, YamlFile]  # every YAML file of the repository, by relative path
    versions_path: str
    versions: dict[str, Any]
    groups: list[str]
    releases: dict[str, list[Release]]
    hierarchy: Hierarchy
    hub: ClusterInput | None  # None: no hub given and none in the repository
    inputs: list[ClusterInput]  # hub, members, secrets: one per cluster name, last wins
    bootstraps: dict[str, Bootstrap]
    value_files: list[ValueFile] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # invalid-file findings
    engine_warnings: list[str] = field(default_factory=list)
    render_errors: dict[str, FleetError] = field(default_factory=dict)
    _previews: dict[str, FleetPreview | None] = field(default_factory=dict)
    _reads: dict[str, list[tuple[str, str]]] | None = None
    _components: dict[str, set[str]] = field(default_factory=dict)

    # ----------------------------------------------------------------------------------------
    # building

    @classmethod
    def build(cls, request: LintRequest) -> Context:
        repo = Repo.at(request.repo)
        files = {
            relative: _repository_file(repo, relative, linked, display(request, relative))
            for relative, linked in repository_yaml(repo.root)
        }
        versions_path = request.versions or DEFAULT_VERSIONS
        groups = versions_groups(repo, versions_path)
        if not groups:
            raise FleetError("the versions file defines no group", versions_path)
        versions_file = files.get(versions_path) or read_yaml(
            repo.path(versions_path, "versions file"), display(request, versions_path)
        )
        if not versions_file.ok:
            raise versions_file.problem  # type: ignore[misc]
        versions = versions_file.data
        releases = {group: group_releases(versions, group, versions_path) for group in groups}
        hierarchy = resolve(request.hierarchy, repo, outside_allowed=True)
        hub = hub_input(repo, request.hub, files, request.hub_cluster)
        warnings: list[str] = []
        context = cls(
            request=request,
            repo=repo,
            files=files,
            versions_path=versions_path,
            versions=versions,
            groups=groups,
            releases=releases,
            hierarchy=hierarchy,
            hub=hub,
            inputs=[],
            bootstraps={},
            engine_warnings=warnings,
        )
        for relative, yaml_file in sorted(files.items()):
            if yaml_file.problem is not None:
                context.problem(yaml_file.problem, relative)
        members = (
            member_inputs(repo, hub.cluster, files, context.display, context.report) if hub else []
        )
        secrets = [
            cluster_input
            for path in request.cluster_files
            for cluster_input in secret_inputs(path, warnings.append)
        ]
        by_name: dict[str, ClusterInput] = {}
        for cluster_input in [*([hub] if hub else []), *members, *secrets]:
            by_name[cluster_input.cluster.name] = cluster_input
        context.inputs = [by_name[name] for name in sorted(by_name)]
        unknown = sorted(set(request.values) - set(groups))
        if unknown:
            raise FleetError(f"--values for a group not in the versions file: {', '.join(unknown)}")
        context.bootstraps = bootstrap_values(
            repo, hub.cluster if hub else NO_HUB, groups, request.values, warnings.append
        )
        context.value_files = context._value_files()
        return context

    def display(self, relative: str) -> str:
        return display(self.request, relative)

    def problem(self, err: FleetError, relative: str | None = None) -> None:
        """An `invalid-file` finding for `err` (a file of the repository, by relative path)."""
        where = self.display(relative) if relative else (err.file or self.request.repo)
        self.problems.append(Finding(where, err.line or 1, ERROR, INVALID_FILE, err.message))

    def report(self, err: FleetError, relative: str) -> None:
        """A problem found while reading `relative`, unless its own file is already broken."""
        if not self._broken(err.file):
            self.problem(err, relative)

    def _broken(self, relative: str | None) -> bool:
        """Whether a file already has a finding of its own (so an error it causes is not new)."""
        yaml_file = self.files.get(relative or "")
        return yaml_file is not None and (not yaml_file.ok or bool(yaml_file.duplicates))

    # ----------------------------------------------------------------------------------------
    # clusters

    @property
    def clusters(self) -> list[Cluster]:
        return [cluster_input.cluster for cluster_input in self.inputs]

    # ----------------------------------------------------------------------------------------
    # values

    def _value_files(self) -> list[ValueFile]:
        result: list[ValueFile] = []
        tails = [_tail_regex(pattern) for pattern in self.hierarchy.patterns]
        # A Helm chart's files are no fleet values, even in a folder named application-sets.
        charts = [
            os.path.dirname(relative) + "/"
            for relative in self.files
            if os.path.basename(relative) == "Chart.yaml"
        ]
        for relative, yaml_file in sorted(self.files.items()):
            if any(relative.startswith(chart) for chart in charts):
                continue
            matches = [tail.search(relative) for tail in tails]
            groups = sorted({m.group("group") for m in matches if m and "group" in m.groupdict()})
            if any(matches):
                result.append(ValueFile(yaml_file, "hierarchy", tuple(groups), relative))
        for group in self.groups:
            bootstrap = self.bootstraps[group]
            if bootstrap.origin == "defaults":
                continue
            source = bootstrap.source
            found: str | None = None  # the repository file that holds the values
            if bootstrap.origin == "repository":
                found = source.display.split(" (values of group ")[0]
                where, first_line = self.display(found), source.first_line
            else:
                where, first_line = source.display, 0
            yaml_file = parse_yaml(source.text, where, first_line)
            if first_line < 0:
                yaml_file.first_line = -1
            result.append(ValueFile(yaml_file, "bootstrap", (group,), found))
        catalogs: dict[str, set[str]] = {}
        for group, releases in self.releases.items():
            for release in releases:
                if release.catalog:
                    catalogs.setdefault(release.catalog.rstrip("/"), set()).add(group)
        for directory, readers in sorted(catalogs.items()):
            for relative, yaml_file in sorted(self.files.items()):
                if os.path.dirname(relative) == directory:
                    result.append(ValueFile(yaml_file, "catalog", tuple(sorted(readers)), relative))
        return result

    def release_selected_groups(self) -> list[tuple[str, list[Release]]]:
        """(group, releases) of the groups whose clusters the `<group>Release` label steers:
        every group but those whose bootstrap values set `useVersionSelectors: "false"`."""
        return [
            (group, self.releases[group])
            for group in self.groups
            if to_string(self.bootstraps[group].source.data.get("useVersionSelectors", "true"))
            != "false"
        ]

    def repo_names(self, group: str) -> list[str] | None:
        """The group's `repoNames` (as fleet mode reads them), None when they are unusable."""
        names = self.bootstraps[group].source.data.get("repoNames", ["addons"])
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            return None
        return names or ["addons"]

    def reads(self) -> dict[str, list[tuple[str, str]]]:
        """Repository-relative value file -> the (cluster, group) pairs whose hierarchy reads it."""
        if self._reads is None:
            reads: dict[str, list[tuple[str, str]]] = {}
            for cluster in self.clusters:
                for group in self.groups:
                    names = self.repo_names(group)
                    if names is None:
                        continue
                    try:
                        paths = self.hierarchy.value_files(cluster, group, names)
                    except FleetError:
                        continue  # the cluster lacks a label or annotation: the engine says so
                    for path in paths:
                        reads.setdefault(path, []).append((cluster.name, group))
            self._reads = reads
        return self._reads

    def group_values(self, group: str) -> list[dict[str, Any]]:
        """The readable values of a group: its bootstrap values, then its value files."""
        found = [self.bootstraps[group].source.data]
        for value_file in self.value_files:
            data = value_file.yaml.data
            if group in value_file.groups and isinstance(data, dict):
                found.append(data)
        return found

    def catalogs(self, group: str) -> list[Catalog]:
        """The catalogs the group's releases render with (built-in, or a release's own)."""
        result: list[Catalog] = []
        for release in self.releases[group]:
            if not release.catalog:
                result.append(Catalog.builtin())
                continue
            try:
                what = f"catalog of release {release.type}"
                result.append(repository_catalog(self.repo, release.catalog, what))
            except FleetError:
                continue  # the render rule reports what the engine says
        return result

    def component_names(self, group: str) -> set[str]:
        """Every component the group knows: in the catalogs its values merge, or given an
        `enabled` in one of its values."""
        if group not in self._components:
            self._components[group] = components_of(self.group_values(group), self.catalogs(group))
        return self._components[group]

    def scope(self, groups: list[str]) -> str:
        """How messages name where a component of `groups` would be defined."""
        return f"group {', '.join(groups)}"

    # ----------------------------------------------------------------------------------------
    # the preview

    def preview(self, group: str) -> FleetPreview | None:
        """What every cluster gets from the hub for `group`; None when the hub cannot render it."""
        assert self.hub is not None, "only the rules that need the hub preview"
        if group not in self._previews:
            from ..preview.fleet import PreviewRequest, preview_fleet

            values = {group: self.request.values[group]} if group in self.request.values else {}
            request = PreviewRequest(
                repo=self.repo,
                hub=self.hub.cluster,
                clusters=self.clusters,
                groups=[group],
                values=values,
                hierarchy=self.hierarchy,
                versions=self.versions_path,
                bootstraps={group: self.bootstraps[group]},
            )
            try:
                self._previews[group] = preview_fleet(request, self.engine_warnings.append)
            except FleetError as err:
                self.render_errors[group] = err
                self._previews[group] = None
        return self._previews[group]

    def relative_of(self, file: str | None) -> str | None:
        """The repository-relative path of a path the engine named (None: outside the repo)."""
        if not file:
            return None
        if file in self.files:
            return file
        for relative, yaml_file in self.files.items():
            if yaml_file.path == file:
                return relative
        return None


# --------------------------------------------------------------------------------------------
# helpers


def _repository_file(repo: Repo, relative: str, linked: bool, shown: str) -> YamlFile:
    """A YAML file of the repository; one a symlink leads outside is a problem, unread.
    (A file that is no symlink was listed in a folder reached without one: it is inside.)"""
    path = os.path.join(repo.root, relative)
    try:
        real = repo.confine(path, relative) if linked else path
    except FleetError as err:
        return YamlFile(path=shown, problem=err)
    return read_yaml(real, shown)


def display(request: LintRequest, relative: str) -> str:
    """How findings name a repository file: the `--repo` argument joined with its path."""
    return os.path.normpath(os.path.join(request.repo, relative))


def _segment_regex(segment: str, named: set[str]) -> str:
    """A pattern segment as a regex: placeholders as named groups (basepath may hold `/`)."""
    parts: list[str] = []
    position = 0
    for match in re.finditer(r"\{(\w+)\}", segment):
        parts.append(re.escape(segment[position : match.start()]))
        name = match.group(1)
        body = ".+?" if name == "basepath" else "[^/]+"
        if name in named:
            parts.append(f"(?P={name})")
        else:
            named.add(name)
            parts.append(f"(?P<{name}>{body})")
        position = match.end()
    parts.append(re.escape(segment[position:]))
    return "".join(parts)


def _placeholders(segment: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", segment)) & PLACEHOLDERS


def _tail_regex(pattern: str) -> re.Pattern[str]:
    """What makes a file a value file of this level, wherever it sits: the pattern's last
    segments that name no tenant, environment, cluster or basepath (`application-sets/{group}.yaml`,
    `bootstrap/defaults/{group}.yaml`); the whole pattern when that tail is only a file name."""
    segments = pattern.split("/")
    tail: list[str] = []
    for segment in reversed(segments):
        if _placeholders(segment) - {"group"}:
            break
        tail.insert(0, segment)
    if len(tail) < 2:
        return full_regex(pattern)
    named: set[str] = set()
    return re.compile("(?:^|/)" + "/".join(_segment_regex(s, named) for s in tail) + "$")


def full_regex(pattern: str) -> re.Pattern[str]:
    named: set[str] = set()
    return re.compile("^" + "/".join(_segment_regex(s, named) for s in pattern.split("/")) + "$")
