"""Fleet members: the files under `fleet-bootstrap/fleet-members/<hub>/`, read and checked.

Each `*.yaml` there registers one spoke with the hub (a file may also hold a list of them, as
Argo CD's git files generator allows). This module reads them, refuses what the hub's
`fleet-hub-secrets` ApplicationSet would turn into a broken cluster secret, and builds, for
each member, the values the `fleet-secret` chart is given (see `values.py`).

What is refused, always as one line naming the file (and the line when known):
- a member without `clusterName` (upstream silently falls back to the hub's name), or one
  that is not a valid Helm release name (the chart's release is named after it);
- a deployment flag (`use_remote_argo`, `enable_remote_addons`, …) other than "true"/"false";
- two files registering the same `clusterName`;
- a tenant, environment, cluster or basepath that would lead outside the repository.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..batch import in_workers, worker_count
from ..errors import FleetError, Warn, type_name
from ..fleet.cluster import Cluster
from ..fleet.deployment import DeploymentModel, deployment_model
from ..fleet.paths import Repo, check_segment
from ..k8snames import is_subdomain
from ..yamlio import load_text, locate_line

MEMBERS_DIR = "{basepath}/fleet-bootstrap/fleet-members/{hub}"

# Keys of a member file that the hub turns into "true"/"false" labels, or that the pattern's
# documentation lists as deployment switches.
FLAGS = (
    "use_remote_argo",
    "enable_remote_resources",
    "enable_remote_addons",
    "use_external_secrets",
    "push_argo_secrets",
    "use_fleet_ack",
    "use_argocd_ingress",
    "githubSecret",
)

# A Helm release name (the chart is installed with `releaseName: <clusterName>`): a DNS
# subdomain of at most 53 characters.
RELEASE_NAME_MAX = 53


@dataclass(frozen=True, eq=False)
class Member:
    """One registered spoke, as the hub sees it after reading its member file and values."""

    name: str
    file: str
    hub: str
    tenant: str
    environment: str
    secret_name: str
    model: DeploymentModel
    labels: dict[str, Any]
    annotations: dict[str, Any]
    value_files: tuple[str, ...]
    values: dict[str, Any] = field(repr=False)
    params: dict[str, Any] = field(repr=False)

    @property
    def release_name(self) -> str:
        return self.name


def hub_cluster(hub: Any, source: str = "hub") -> Cluster:
    """The hub's metadata: `{name, labels, annotations}` or `{name, metadata: {...}}`."""
    if isinstance(hub, Cluster):
        return hub
    return Cluster.from_mapping(hub, source)


def members_dir(hub: Cluster) -> str:
    """Where the hub's member files live, relative to the repository root."""
    basepath = (hub.annotations.get("fleet_repo_basepath") or "fleet").rstrip("/")
    check_segment(basepath, "annotation fleet_repo_basepath", allow_slash=True)
    check_segment(hub.name, "hub name")
    return MEMBERS_DIR.format(basepath=basepath, hub=hub.name)


@dataclass(frozen=True)
class MemberFile:
    """One parameter set of a member file: its mapping, and where it came from."""

    path: str  # repo-relative
    real_path: str
    params: dict[str, Any]
    index: int | None  # position in a list file, else None

    def line(self, *keypath: str) -> int | None:
        prefix: tuple[Any, ...] = () if self.index is None else (self.index,)
        return locate_line(self.real_path, (*prefix, *keypath))

    def error(self, message: str, *keypath: str) -> FleetError:
        return FleetError(message, self.path, self.line(*keypath) if keypath else None)


def member_files(
    repo: Repo, hub: Cluster, warn: Warn | None = None, at_most: int | None = None
) -> list[MemberFile]:
    """Every member parameter set, in file order (as Argo CD's git files generator lists them).

    Folders named `*.yaml` are skipped, as the generator lists files only; anything else that
    is not a regular file is an error. With `at_most`, more member files than that are
    refused before any is read.
    """
    directory = members_dir(hub)
    real_dir = repo.path(directory, "members directory")
    if not os.path.isdir(real_dir):
        if warn:
            warn(f"{directory}: no such directory, so hub {hub.name!r} has no fleet members")
        return []
    entries = sorted(entry for entry in os.listdir(real_dir) if entry.endswith(".yaml"))
    if at_most is not None and len(entries) > at_most:
        raise FleetError(
            f"{len(entries)} member files are more than the limit of {at_most} objects "
            "(raise it with ARGOCD_FLEET_MAX_OBJECTS)",
            directory,
        )
    found: list[MemberFile] = []
    for relative, read in _read_members(repo, [f"{directory}/{entry}" for entry in entries]):
        if isinstance(read, FleetError):
            raise read
        found.extend(read)
        if at_most is not None and len(found) > at_most:
            raise FleetError(
                f"{len(found)} fleet members are more than the limit of {at_most} objects "
                "(raise it with ARGOCD_FLEET_MAX_OBJECTS)",
                relative,
            )
    return found


# Member files above which they are parsed in forked workers too (YAML costs ~90 us a file).
PARALLEL_MEMBERS = 2000


def _read_members(
    repo: Repo, files: list[str]
) -> Iterator[tuple[str, list[MemberFile] | FleetError]]:
    """Each file's parameter sets (none for a folder or a dangling symlink), or the error
    that refuses it, in order; a large fleet's files are parsed by `batch.in_workers`."""
    count = worker_count() if len(files) >= PARALLEL_MEMBERS else 1
    if count < 2:
        for relative in files:
            yield relative, _read_member(repo, relative)
        return
    size = -(-len(files) // count)
    shares = [files[start : start + size] for start in range(0, len(files), size)]
    parent = os.getpid()

    def work(share: list[str]) -> list[Any]:
        """(relative, sets) of each file, stopping at an error; in a worker, the sets as
        tuples with the bytes read (for the parent's `Repo.read_before`)."""
        results: list[Any] = []
        for relative in share:
            read = _read_member(repo, relative)
            if os.getpid() == parent or isinstance(read, FleetError):
                results.append((relative, read))  # an error: the parent reads this share
            else:
                sets = [(m.path, m.real_path, m.params, m.index) for m in read]
                data = repo.read_before(read[0].real_path) if read else None
                results.append((relative, sets, data))
            if isinstance(read, FleetError):
                break
        return results

    for results in in_workers(work, shares):
        for entry in results:
            if len(entry) == 2:
                yield entry
                continue
            relative, sets, data = entry
            members = [MemberFile(*values) for values in sets]
            if members and data is not None:
                repo.remember(members[0].real_path, data)
            yield relative, members


def _read_member(repo: Repo, relative: str) -> list[MemberFile] | FleetError:
    try:
        if os.path.isdir(repo.path(relative, "member file")):
            return []
        real = repo.file(relative, "member file")
        if real is None:
            return []  # a dangling symlink
        return list(_parameter_sets(repo, real, relative))
    except FleetError as err:
        return err


def _parameter_sets(repo: Repo, real: str, relative: str) -> Iterator[MemberFile]:
    data = load_text(repo.read(relative, "member file"), relative)
    if data is None:
        raise FleetError("empty member file: it needs at least clusterName", relative)
    if isinstance(data, dict):
        yield MemberFile(relative, real, _string_keys(data, relative), None)
        return
    if isinstance(data, list):
        for index, item in enumerate(data):
            if not isinstance(item, dict):
                raise FleetError(
                    f"item {index} must be a mapping (a member), not {type_name(item)}", relative
                )
            yield MemberFile(relative, real, _string_keys(item, relative), index)
        return
    raise FleetError(f"a member file holds a mapping, not {type_name(data)}", relative, 1)


def _string_keys(data: dict[Any, Any], source: str) -> dict[str, Any]:
    for key in data:
        if not isinstance(key, str):
            raise FleetError(f"keys must be strings, found {key!r}", source)
    return data


# --------------------------------------------------------------------------------------------
# checks on one member file


def check_member(member: MemberFile) -> str:
    """Refuse a member the hub cannot register; returns its cluster name."""
    params = member.params
    name = params.get("clusterName")
    if name is None or name == "":
        raise member.error("missing clusterName (the spoke's cluster name)", "clusterName")
    if not isinstance(name, str):
        raise member.error(f"clusterName must be a string, not {type_name(name)}", "clusterName")
    if not is_subdomain(name, RELEASE_NAME_MAX):
        raise member.error(
            f"clusterName {name!r} must be a lower-case DNS name of at most "
            f"{RELEASE_NAME_MAX} characters (it names the chart's Helm release)",
            "clusterName",
        )
    secret = params.get("secretManagerSecretName")
    if not isinstance(secret, str) or not secret:
        raise member.error(
            "missing secretManagerSecretName (the AWS Secrets Manager secret, name or ARN)"
            if secret in (None, "")
            else f"secretManagerSecretName must be a string, not {type_name(secret)}",
            "secretManagerSecretName",
        )
    for flag in FLAGS:
        _check_flag(member, params.get(flag), flag)
    config = params.get("argocd_config")
    if config is not None:
        if not isinstance(config, dict):
            raise member.error(
                f"argocd_config must be a mapping, not {type_name(config)}", "argocd_config"
            )
        _check_flag(member, config.get("use_fleet_ack"), "argocd_config", "use_fleet_ack")
    for key in ("tenant", "environment", "addons_repo_basepath", "resources_repo_basepath"):
        value = params.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            raise member.error(f"{key} must be a string, not {type_name(value)}", key)
    annotations = params.get("annotations")
    if annotations is not None and not isinstance(annotations, dict):
        raise member.error(
            f"annotations must be a mapping, not {type_name(annotations)}", "annotations"
        )
    return name


def _check_flag(member: MemberFile, value: Any, *keypath: str) -> None:
    if value is None or value in ("true", "false") or isinstance(value, bool):
        return
    shown = repr(value) if isinstance(value, str) else f"{type_name(value)} {value!r}"
    raise member.error(f'{".".join(keypath)} must be "true" or "false", not {shown}', *keypath)


def load_members(
    repo_root: str | Repo,
    hub: Any,
    warn: Warn | None = None,
    skip: Container[str] = (),
    at_most: int | None = None,
) -> list[Member]:
    """The hub's fleet members, each with the values the fleet-secret chart is given.

    `hub` is the hub's cluster metadata (`{name, labels, annotations}`, or the secret's shape
    `{name, metadata: {labels, annotations}}`). Raises FleetError on the first bad member.
    Members named in `skip` are checked but not resolved or returned (preview skips those a
    file of real cluster secrets describes anyway).
    """
    from .values import chart_values

    repo = repo_root if isinstance(repo_root, Repo) else Repo.at(repo_root)
    cluster = hub_cluster(hub)
    members: list[Member] = []
    seen: dict[str, str] = {}
    value_files: dict[str, dict[str, Any]] = {}  # read once for all members
    for member_file in member_files(repo, cluster, warn, at_most):
        name = check_member(member_file)
        if name in seen:
            raise member_file.error(
                f"clusterName {name!r} is already registered by {seen[name]}", "clusterName"
            )
        seen[name] = member_file.path
        if name in skip:
            continue
        resolved = chart_values(repo, cluster, member_file, warn, value_files)
        members.append(resolved_member(name, cluster.name, member_file, resolved))
    return members


def resolved_member(name: str, hub_name: str, member_file: MemberFile, resolved: Any) -> Member:
    """The member, from its file and the fleet-secret values resolved for it."""
    external = resolved.values.get("externalSecret")
    labels = external.get("labels") if isinstance(external, dict) else None
    annotations = external.get("annotations") if isinstance(external, dict) else None
    labels = labels if isinstance(labels, dict) else {}
    return Member(
        name=name,
        file=member_file.path,
        hub=hub_name,
        tenant=resolved.tenant,
        environment=resolved.environment,
        secret_name=member_file.params["secretManagerSecretName"],
        model=deployment_model(labels),
        labels=labels,
        annotations=annotations if isinstance(annotations, dict) else {},
        value_files=tuple(resolved.value_files),
        values=resolved.values,
        params=member_file.params,
    )
