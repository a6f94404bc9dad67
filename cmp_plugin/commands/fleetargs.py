"""The fleet options of the command line, and the one builder of the requests they make.

`generate` (fleet mode), `explain`, `preview`, `validate` and `diff` take the same options —
`--repo`, `--hub`, `--cluster`, `--clusters`, `--group`, `--values`, `--release`,
`--hierarchy`, `--versions`, `--catalog` — and `FleetArgs` turns them, in one place, into
what the engines take: a `FleetRequest` (generate, explain), a `PreviewRequest` (preview), a
`LintRequest` (validate) or the `SideOptions` of a diff. Every path is checked by its rule
(`inputs`: relative to the working directory, or to the repository root) before the
repository is read, and the `--clusters` files are read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import UsageError, Warn, note, warn
from .inputs import (
    FILE,
    HUB,
    catalog_option,
    check_fleet_paths,
    choose_cluster,
    cluster_secrets,
    fleet_hub,
    given_path,
)

if TYPE_CHECKING:
    from ..diff.sides import SideOptions
    from ..fleet.bootstrap import Bootstrap
    from ..fleet.cluster import Cluster
    from ..fleet.hierarchy import Hierarchy
    from ..fleet.paths import Repo
    from ..fleet.render import FleetRequest
    from ..limits import OutputBudget
    from ..lint.context import LintRequest
    from ..preview.fleet import PreviewRequest


def group_files(values: Sequence[str]) -> dict[str, str]:
    """`--values GROUP=FILE` entries as {group: file}."""
    given: dict[str, str] = {}
    for entry in values:
        group, equals, path = entry.partition("=")
        if not equals or not group or not path:
            raise UsageError(f"--values {entry!r}: expected GROUP=FILE")
        if group in given:
            raise UsageError(f"--values given twice for group {group!r}")
        given[group] = path
    return given


class FleetArgs:
    """The fleet options as given, and what they name, each read once when first asked."""

    def __init__(
        self,
        repo: str,
        *,
        hub: str | None = None,
        cluster_files: Sequence[str] = (),
        groups: Sequence[str] = (),
        values: dict[str, str] | None = None,
        release: str | None = None,
        versions: str | None = None,
        hierarchy: str | None = None,
        catalog: str | None = None,
        warn: Warn = warn,
    ) -> None:
        self.repo = repo
        self.hub = hub
        self.cluster_files = tuple(cluster_files)
        self.groups = list(dict.fromkeys(groups))
        self.values = values or {}  # group -> file (relative to the working directory)
        self.release = release
        self.versions = versions
        self.hierarchy = hierarchy
        self.catalog = catalog
        self.warn = warn
        self._secrets: list[Cluster] | None = None
        self._checkout: Repo | None = None

    def check_paths(self) -> None:
        """`--values`, `--versions` and a `--hierarchy` file, each by its rule."""
        check_fleet_paths(self.repo, self.values, self.versions, self.hierarchy)

    def check_repository_paths(self) -> None:
        """The repository, then `--versions` and a `--hierarchy` file in it (`--values` is
        checked when it is read)."""
        _ = self.checkout  # an error first when --repo is no directory
        check_fleet_paths(self.repo, {}, self.versions, self.hierarchy)

    @property
    def checkout(self) -> Repo:
        """The repository (an error when `--repo` is no directory)."""
        if self._checkout is None:
            from ..fleet.paths import Repo

            self._checkout = Repo.at(self.repo)
        return self._checkout

    def secrets(self) -> list[Cluster]:
        """The clusters of the `--clusters` files, read once."""
        if self._secrets is None:
            self._secrets = cluster_secrets(self.cluster_files, self.repo, self.warn)
        return self._secrets

    def cluster(self, spec: str | None) -> Cluster:
        """The cluster `--cluster` names (a file or a name), else the repository's hub."""
        if spec is None:
            from ..fleet.clusterfiles import load_hub

            return load_hub(self.checkout, None)
        return choose_cluster(spec, "--cluster", self.repo, self.secrets(), self.warn).cluster

    def hub_name(self) -> str | None:
        """The name of the repository's hub (`clusters/hub.yaml`), None without one."""
        from ..errors import FleetError
        from ..fleet.clusterfiles import load_hub

        try:
            return load_hub(self.checkout, None).name
        except FleetError:
            return None

    def bootstrap(self, group: str, cluster: Cluster) -> Bootstrap:
        """The group's bootstrap values: `--values`, else the repository's, else defaults."""
        from ..fleet.bootstrap import bootstrap_values

        given = {g: given_path(path, "--values", self.repo) for g, path in self.values.items()}
        return bootstrap_values(self.checkout, cluster, [group], given, self.warn)[group]

    def hierarchy_spec(self) -> Hierarchy:
        from ..fleet.hierarchy import resolve

        return resolve(self.hierarchy, self.checkout, outside_allowed=True)

    def versions_path(self) -> str:
        from ..fleet.releases import DEFAULT_VERSIONS

        return self.versions or DEFAULT_VERSIONS

    def fleet_request(
        self, group: str, cluster: Cluster, bootstrap: Bootstrap, budget: OutputBudget | None
    ) -> FleetRequest:
        """Fleet mode for one cluster and group (`generate`, `explain`)."""
        from ..fleet.render import FleetRequest

        return FleetRequest(
            repo=self.checkout,
            group=group,
            cluster=cluster,
            bootstrap=bootstrap.source,
            release=self.release,
            versions=self.versions_path(),
            hierarchy=self.hierarchy_spec(),
            catalog=catalog_option(self.catalog, self.repo),
            budget=budget,
        )

    def preview_request(self) -> PreviewRequest:
        """The fleet's preview: the hub, every cluster, the groups asked (`preview`)."""
        from ..preview.fleet import PreviewRequest
        from ..registration.objects import fleet_clusters

        checkout = self.checkout
        self.check_paths()
        secrets = self.secrets()
        hub = fleet_hub(self.hub, self.repo, secrets, self.warn)
        return PreviewRequest(
            repo=checkout,
            hub=hub,
            clusters=fleet_clusters(checkout, hub, secrets, self.warn),
            groups=self.groups,
            values=self.values,
            hierarchy=self.hierarchy_spec(),
            versions=self.versions_path(),
        )

    def lint_request(self) -> LintRequest:
        """What `validate` reads of the repository."""
        from ..lint.context import LintRequest

        self.check_paths()
        request = LintRequest(
            repo=self.repo,
            cluster_files=self.cluster_files,
            values=self.values,
            hierarchy=self.hierarchy,
            versions=self.versions,
        )
        if self.hub:  # (the members' own warnings are validate's findings)
            chosen = choose_cluster(self.hub, "--hub", self.repo, self.secrets())
            if chosen.origin == FILE:
                request.hub = chosen.file
            elif chosen.origin != HUB:  # the repository's own hub file is the default anyway
                request.hub_cluster = chosen.cluster
        return request

    def side_options(self) -> SideOptions:
        """What both sides of a diff share (`--repo` is the tree the paths are checked in)."""
        from ..diff.sides import SideOptions
        from ..fleet.clusterfiles import as_cluster_secret

        self.check_paths()
        options = SideOptions(
            clusters=self.secrets(),
            groups=self.groups,
            values=self.values,
            hierarchy=self.hierarchy,
            versions=self.versions,
        )
        if self.hub:
            chosen = choose_cluster(self.hub, "--hub", self.repo, options.clusters, self.warn)
            if chosen.file:  # a file: each side reads its own copy when it is in the tree
                options.hub = chosen.file
            else:
                options.hub_cluster = as_cluster_secret(chosen.cluster)
        return options


def say_bootstrap(found: Bootstrap, repo: str) -> None:
    """Say on stderr where fleet mode's bootstrap values came from, when not `--values`."""
    from ..fleet.bootstrap import PLUGIN_NAME
    from ..lint.valuefiles import shown

    group = found.group
    if found.origin == "repository":
        where = shown(found.source.display.split(" (values of group ")[0], repo)
        note(
            f"bootstrap values of group {group}: the 'values' parameter of the "
            f"{PLUGIN_NAME} plugin source in {where} (give --values FILE to use others)"
        )
    elif found.origin == "defaults":
        note(
            f"bootstrap values of group {group}: the eks-fleet defaults (no "
            f"{PLUGIN_NAME} plugin source in the repository sets them; give --values FILE)"
        )
