"""The clusters the rules look at, each with the file and line of every label it carries.

The hub (`--hub`, else `clusters/hub.yaml`), the hub's fleet members with the labels
registration gives their cluster secrets, and the clusters of `--clusters` files. A finding
about a label (`undefined-release`) must point where the label is written: the hub file, the
fleet-secret value file of a member that sets `externalSecret.labels.<key>` last, or the
item of the cluster-secrets file.

Members are read one by one, with the registration package's own checks: a member it
refuses is reported (through `report`) and the others are still clusters. `preview` reads
them all or fails; the linter must go on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import FleetError, Warn
from ..fleet import clusterfiles as cluster_inputs
from ..fleet.cluster import Cluster
from ..fleet.paths import Repo
from .files import YamlFile, read_yaml

Where = Callable[[str], tuple[str, int]]  # label key -> (file, line)
Report = Callable[[FleetError, str], None]  # a problem, and the file (repo-relative) it is in


@dataclass(slots=True)
class ClusterInput:
    """A cluster, and where each of its labels was written (for findings)."""

    cluster: Cluster
    origin: str  # "hub", "member" or "secrets"
    where: Where


def has(data: Any, keypath: Iterable[str]) -> bool:
    for step in keypath:
        if not isinstance(data, dict) or step not in data:
            return False
        data = data[step]
    return True


def hub_input(
    repo: Repo,
    hub_path: str | None,
    files: dict[str, YamlFile],
    named: Cluster | None = None,
) -> ClusterInput | None:
    """The hub: `named` (found by name), the file `hub_path`, or the repository's
    `clusters/hub.yaml`; None when none of them is there."""
    if named is not None:
        hub = cluster_inputs.as_cluster_secret(named)
        return ClusterInput(hub, "hub", lambda key: (hub.name, 1))
    if hub_path is None and cluster_inputs.DEFAULT_HUB not in files:
        return None
    hub = cluster_inputs.load_hub(repo, hub_path)
    hub_file = (
        read_yaml(hub_path, hub_path, confined=False)
        if hub_path
        else files[cluster_inputs.DEFAULT_HUB]
    )

    def where(key: str) -> tuple[str, int]:
        for keypath in (("labels", key), ("metadata", "labels", key)):
            if has(hub_file.data, keypath):
                return hub_file.path, hub_file.line_of(keypath)
        return hub_file.path, 1

    return ClusterInput(hub, "hub", where)


def member_inputs(
    repo: Repo,
    hub: Cluster,
    files: dict[str, YamlFile],
    display: Callable[[str], str],
    report: Report,
) -> list[ClusterInput]:
    """The hub's fleet members, each on its own: a bad one is reported, not the end."""
    from ..registration.members import MemberFile, check_member, members_dir
    from ..registration.values import chart_values

    directory = members_dir(hub)
    real_dir = repo.path(directory, "members directory")
    if not os.path.isdir(real_dir):
        return []
    found: list[ClusterInput] = []
    seen: dict[str, str] = {}
    for entry in sorted(os.listdir(real_dir)):
        relative = f"{directory}/{entry}"
        if not entry.endswith(".yaml"):
            continue
        listed = files.get(relative)
        if listed is not None and not listed.ok:
            continue  # invalid-file reports it with the other files
        try:  # a symlink leading outside, a FIFO: findings, and never opened
            if os.path.isdir(repo.path(relative, "member file")):
                continue
            real = repo.file(relative, "member file")
        except FleetError as err:
            report(err, relative)
            continue
        if real is None:
            continue
        yaml_file = files.get(relative) or read_yaml(real, display(relative))
        if not yaml_file.ok:
            continue  # invalid-file reports it with the other files
        data = yaml_file.data
        if data is None:
            report(FleetError("empty member file: it needs at least clusterName"), relative)
            continue
        if not isinstance(data, dict | list):
            report(FleetError("a member file holds a mapping (or a list of them)"), relative)
            continue
        items = [(None, data)] if isinstance(data, dict) else list(enumerate(data))
        for index, params in items:
            try:
                if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
                    raise FleetError("each member must be a mapping with string keys", relative)
                member_file = MemberFile(relative, real, params, index)
                name = check_member(member_file)
                if name in seen:
                    raise member_file.error(
                        f"clusterName {name!r} is already registered by {seen[name]}",
                        "clusterName",
                    )
                seen[name] = relative
                resolved = chart_values(repo, hub, member_file)
                cluster = _member_cluster(name, hub, member_file, resolved)
            except FleetError as err:
                report(err, err.file or relative)
                continue
            origin = _member_origin(resolved.value_files, yaml_file, files)
            found.append(ClusterInput(cluster, "member", origin))
    return found


def _member_cluster(name: str, hub: Cluster, member_file: Any, resolved: Any) -> Cluster:
    """The member's cluster secret, as `register` and `preview` build it."""
    from ..registration.members import resolved_member
    from ..registration.objects import member_cluster

    member = resolved_member(name, hub.name, member_file, resolved)
    mapping = member_cluster(member)
    return cluster_inputs.as_cluster_secret(Cluster.from_mapping(mapping, member_file.path))


def _member_origin(
    value_files: Iterable[str], member_file: YamlFile, files: dict[str, YamlFile]
) -> Where:
    """Where a member's label is set: the last fleet-secret value file that sets it."""
    ordered = list(value_files)[::-1]

    def where(key: str) -> tuple[str, int]:
        keypath = ("externalSecret", "labels", key)
        for relative in ordered:
            yaml_file = files.get(relative)
            if yaml_file is not None and yaml_file.ok and has(yaml_file.data, keypath):
                return yaml_file.path, yaml_file.line_of(keypath)
        return member_file.path, 1

    return where


def secret_inputs(path: str, warn: Warn) -> list[ClusterInput]:
    """The clusters of a cluster-secrets file, each with the lines of its labels."""
    clusters = cluster_inputs.read_cluster_secrets(path, warn)
    lines = _SecretLines(path, len(clusters))
    return [
        ClusterInput(
            cluster_inputs.as_cluster_secret(cluster), "secrets", lines.where(cluster.name)
        )
        for cluster in clusters
    ]


class _SecretLines:
    """Where each secret of a cluster-secrets file is written, for findings about its labels.

    Lines cost a second parse of the file, keeping nodes (seconds for thousands of secrets):
    it is done the first time a finding asks, so a fleet without such findings never pays
    it, and not at all for stdin or for huge lists (their findings name the file, line 1).
    """

    def __init__(self, path: str, count: int) -> None:
        self.path = path
        self.wanted = path != "-" and count <= 5000
        self.file: YamlFile | None = None
        self.places: dict[str, tuple[int, tuple[Any, ...]]] = {}

    def where(self, name: str) -> Where:
        def where(key: str) -> tuple[str, int]:
            if self.wanted and self.file is None:
                self._parse()
            if self.file is None or name not in self.places:
                return self.path, 1
            document, prefix = self.places[name]
            return self.path, self.file.line_of((*prefix, "metadata", "labels", key), document)

        return where

    def _parse(self) -> None:
        self.file = read_yaml(self.path, self.path, confined=False)
        for document, data in enumerate(self.file.documents if self.file.ok else []):
            for prefix, secret in _secret_items(data):
                try:  # read a second time for lines: read_cluster_secrets warned already
                    cluster = cluster_inputs.secret_cluster(secret, self.path, lambda _: None)
                except FleetError:
                    continue
                if cluster is not None:
                    self.places[cluster.name] = (document, prefix)


def _secret_items(data: Any) -> Iterable[tuple[tuple[Any, ...], dict[str, Any]]]:
    if not isinstance(data, dict):
        return
    items = data.get("items")
    if data.get("kind") in ("List", "SecretList") or "items" in data:
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield ("items", index), item
    else:
        yield (), data
