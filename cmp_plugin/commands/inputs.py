"""What the command line's options name: files, by one rule per kind, and clusters by name.

The path rules (README, "Paths on the command line"):

- a file or folder given on the command line (`--repo`, `--hub`, `--cluster`, `--values`,
  `-f`, `--clusters`, `--catalog`, `--config`, `--from-dir`, `--to-dir`) is relative to the
  working directory, as kubectl's and helm's are;
- a file of the repository that the plugin reads too (`--versions`, a `--hierarchy` file)
  is relative to the repository root, as the plugin reads it (a `--hierarchy` file outside
  the repository may be given as an absolute path).

A path that is not found is reported with where it was looked for and whether it exists
relative to the other base, since that is the usual slip. `--hub` and `--cluster` also take
the name of a cluster the repository knows: the hub of `clusters/hub.yaml`, the hub's fleet
members (with the labels registration gives their cluster secrets) and the clusters of
`--clusters` files.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..errors import FleetError, Warn
from ..fleet.cluster import Cluster

if TYPE_CHECKING:
    from ..chart.catalog import Catalog

HUB = "hub"  # origins of a cluster found by name
MEMBER = "member"
SECRETS = "secrets"
FILE = "file"


def given_path(
    path: str, option: str, repo: str | None = None, *, folder: str | None = None
) -> str:
    """`path` (relative to the working directory) when it exists, else a clear error that
    says where it was looked for and whether the repository has it. `folder` names what a
    folder option holds ("catalog directory")."""
    if path == "-" or os.path.exists(path):
        return path  # a file where a folder belongs (or back) is the reader's to report
    missing = f"{folder} does not exist" if folder else "no such file"
    where = f"{option} is relative to the working directory, {os.getcwd()}"
    if repo and not os.path.isabs(path):
        in_repo = os.path.join(repo, path)
        if os.path.exists(in_repo):
            raise FleetError(
                f"{missing} ({where}); the repository has it: {option} {in_repo}", path
            )
        where += f"; the repository {repo} has no {path} either"
    raise FleetError(f"{missing} ({where})", path)


def catalog_option(path: str | None, repo: str | None = None) -> Catalog | None:
    """The catalogs of `--catalog DIR` (relative to the working directory), None without it."""
    if not path:
        return None
    from ..fleet.catalogs import catalog_directory

    return catalog_directory(given_path(path, "--catalog", repo, folder="catalog directory"))


def repository_path(path: str, option: str, repo: str) -> None:
    """Check a repository-relative option (`--versions`, a `--hierarchy` file)."""
    if os.path.isabs(path) or os.path.isfile(os.path.join(repo, path)):
        return
    where = f"{option} is relative to the repository root, as the plugin reads it"
    looked = os.path.join(repo, path)
    if os.path.isfile(path):
        inside = os.path.relpath(os.path.realpath(path), os.path.realpath(repo))
        hint = (
            f"the working directory has it, which is {option} {inside}"
            if not inside.startswith("..")
            else "the working directory has it, outside the repository"
        )
        raise FleetError(f"no such file in the repository ({where}: {looked}); {hint}", path)
    raise FleetError(f"no such file in the repository ({where}: {looked})", path)


class ChosenCluster(NamedTuple):
    """A cluster named on the command line, and where it was found."""

    cluster: Cluster
    origin: str  # FILE, HUB, MEMBER or SECRETS
    file: str | None = None  # the {name, labels, annotations} file it was read from


def looks_like_a_name(text: str) -> bool:
    """A cluster name, not a path: no folder, no file extension of the cluster files."""
    return "/" not in text and os.sep not in text and not text.endswith((".yaml", ".yml", ".json"))


def choose_cluster(
    spec: str,
    option: str,
    repo: str,
    secrets: Sequence[Cluster] = (),
    warn: Warn | None = None,
) -> ChosenCluster:
    """The cluster `--hub`/`--cluster` names: a file (relative to the working directory),
    or the name of a cluster the repository knows."""
    from ..sources import ValueSource

    if spec == "-" or os.path.isfile(spec):
        source = ValueSource.from_file(spec)
        return ChosenCluster(Cluster.from_mapping(source.data, source.display), FILE, spec)
    if not looks_like_a_name(spec):
        given_path(spec, option, repo)
    known = KnownClusters(repo, secrets, warn)
    found = known.find(spec)
    if found is not None:
        return found
    names = ", ".join(known.names()) or "none"
    raise FleetError(
        f"{option} {spec}: no such file in the working directory ({os.getcwd()}), and no "
        f"cluster of that name in the repository (clusters: {names})"
    )


class KnownClusters:
    """The clusters a repository knows, looked up cheapest first."""

    def __init__(self, repo: str, secrets: Sequence[Cluster], warn: Warn | None) -> None:
        self.repo = repo
        self.secrets = list(secrets)
        self.warn = warn or (lambda message: None)
        self._hub: ChosenCluster | bool | None = False  # False: not read yet
        self._members: list[Cluster] | None = None

    def hub(self) -> ChosenCluster | None:
        """The repository's hub (`clusters/hub.yaml`), None when it has none."""
        if self._hub is False:
            from ..fleet.clusterfiles import DEFAULT_HUB
            from ..sources import ValueSource

            path = os.path.join(self.repo, DEFAULT_HUB)
            self._hub = None
            if os.path.isfile(path):
                source = ValueSource.from_file(path)
                cluster = Cluster.from_mapping(source.data, source.display)
                self._hub = ChosenCluster(cluster, HUB, path)
        return self._hub  # type: ignore[return-value]

    def members(self) -> list[Cluster]:
        """The fleet members of the repository's hub, as their cluster secrets."""
        if self._members is None:
            from ..fleet.paths import Repo
            from ..registration.objects import member_clusters

            hub = self.hub()
            self._members = (
                member_clusters(Repo.at(self.repo), hub.cluster, self.warn) if hub else []
            )
        return self._members

    def find(self, name: str) -> ChosenCluster | None:
        hub = self.hub()
        if hub is not None and hub.cluster.name == name:
            return hub
        for cluster in reversed(self.secrets):  # the last description wins, as in preview
            if cluster.name == name:
                return ChosenCluster(cluster, SECRETS)
        for cluster in self.members():
            if cluster.name == name:
                return ChosenCluster(cluster, MEMBER)
        return None

    def names(self) -> list[str]:
        hub = self.hub()
        found = {cluster.name for cluster in [*self.secrets, *self.members()]}
        if hub is not None:
            found.add(hub.cluster.name)
        return sorted(found)


def fleet_hub(spec: str | None, repo: str, secrets: Sequence[Cluster], warn: Warn) -> Cluster:
    """The hub `--hub` names (a file or a cluster name), else the repository's
    `clusters/hub.yaml`; as its cluster secret (with the secret-type label)."""
    from ..fleet.clusterfiles import as_cluster_secret, load_hub
    from ..fleet.paths import Repo

    if spec is None:
        return load_hub(Repo.at(repo), None)
    return as_cluster_secret(choose_cluster(spec, "--hub", repo, secrets, warn).cluster)


def check_fleet_paths(
    repo: str, values: dict[str, str], versions: str | None, hierarchy: str | None
) -> None:
    """The path options of the fleet commands, each by its rule (see the module docstring)."""
    from ..fleet.hierarchy import PRESETS

    for path in values.values():
        given_path(path, "--values", repo)
    if versions:
        repository_path(versions, "--versions", repo)
    if hierarchy and hierarchy not in PRESETS:
        repository_path(hierarchy, "--hierarchy", repo)


def cluster_secrets(paths: Sequence[str], repo: str | None, warn: Warn) -> list[Cluster]:
    """The clusters of `--clusters` files (relative to the working directory; '-' is stdin)."""
    from ..fleet.clusterfiles import read_cluster_secrets

    return [
        cluster
        for path in paths
        for cluster in read_cluster_secrets(given_path(path, "--clusters", repo), warn)
    ]


def named_hub(spec: str | None, repo: str, warn: Warn) -> Cluster:
    """`register` and `aws check`: the hub `--hub` names, else the repository's
    `clusters/hub.yaml`, as written (registration adds the labels it needs)."""
    if spec is not None:
        return choose_cluster(spec, "--hub", repo, (), warn).cluster
    from ..fleet.clusterfiles import DEFAULT_HUB

    found = KnownClusters(repo, (), warn).hub()
    if found is None:
        raise FleetError(
            f"no hub: give --hub FILE|NAME, or add {DEFAULT_HUB} to the repository {repo}"
        )
    return found.cluster
