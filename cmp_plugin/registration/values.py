"""The values the hub gives the fleet-secret chart for one member.

This is `fleet/fleet-bootstrap/fleet-hub-external-secrets.yaml` (the hub's `fleet-hub-secrets`
ApplicationSet) evaluated for one member file: its `valuesObject` built from the member's keys
and the hub's annotations, laid over the value files of the fleet-secret hierarchy
(`<basepath>/<tenant>/defaults`, `…/environments/<env>/defaults`,
`…/environments/<env>/clusters/<cluster>`, each `fleet/fleet-secret/values.yaml`, for the
`addons` then the `resources` basepath; missing files are skipped), then the chart defaults.

The ApplicationSet's quirks are kept, because the cluster secret Argo CD ends up with has them,
and a warning says when one of them changes the result:
- `use_fleet_ack` is read from `argocd_config.use_fleet_ack`, not from the top-level key;
- `resources_repo_url` falls back from the member's `resources_repo_revision`;
- `addons_repo_url` and `resources_repo_path` are read from the member's `annotations:` map.
A member key the template reads but the file lacks prints as the empty string (Helm's and the
pattern's convention for `<no value>`). One deliberate difference from the ApplicationSet: the
environment of the hierarchy is the member's `environment`, else the hub's label (the
ApplicationSet always takes the hub's), as the issue specifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import FleetError
from ..fleet.cluster import Cluster
from ..fleet.paths import Repo, check_segment
from ..gotext import go_print
from ..merge import coalesce, is_empty, merge_files
from ..yamlio import decode, expect_mapping, load_text
from .chart import CHART_DEFAULTS, CHART_NAME
from .members import MemberFile, Warn

REPO_NAMES = ("addons", "resources")
GROUP = "fleet"
VALUES_PATH = f"{GROUP}/{CHART_NAME}/values.yaml"
LEVELS = (
    "{tenant}/defaults",
    "{tenant}/environments/{environment}/defaults",
    "{tenant}/environments/{environment}/clusters/{cluster}",
)


@dataclass
class ResolvedValues:
    values: dict[str, Any]
    value_files: list[str]  # every candidate, in merge order (missing ones included)
    tenant: str
    environment: str


def _default(fallback: Any, value: Any) -> Any:
    return fallback if is_empty(value) else value


def _get(params: dict[str, Any], *keypath: str) -> Any:
    """`.a.b` in an Argo CD go template: a missing key (or a missing parent) is no value."""
    node: Any = params
    for step in keypath:
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    return node


def values_object(hub: Cluster, params: dict[str, Any]) -> dict[str, Any]:
    """The `helm.valuesObject` the hub's ApplicationSet writes for this member."""
    hub_ann = hub.annotations

    def text(value: Any) -> str:
        return go_print(value)

    def hub_or(key: str, *member_key: str) -> str:
        return text(_default(hub_ann.get(key), _get(params, *member_key)))

    github_secret_name = text(_get(params, "githubSecretName"))
    return {
        "secretStore": {"enabled": False},
        "externalSecret": {
            "enabled": True,
            "githubSecret": text(_default("", params.get("githubSecret"))),
            "githubSecretName": text(_default("", params.get("githubSecretName"))),
            "server": "remote",
            "secretStoreRefName": "fleet-eks-secret-store",
            "secretStoreRefKind": "SecretStore",
            "clusterName": text(params.get("clusterName")),
            "secretManagerSecretName": text(params.get("secretManagerSecretName")),
            "labels": {
                "tenant": text(params.get("tenant")),
                "environment": text(params.get("environment")),
                "use_fleet_ack": text(_default("false", _get(params, "argocd_config", "use_fleet_ack"))),
                "use_remote_argo": text(_default("false", params.get("use_remote_argo"))),
                "use_github_secret": text(_default("false", params.get("githubSecret"))),
                "create_argocd_ingress": text(_default("false", params.get("use_argocd_ingress"))),
                "enable_remote_resources": text(_default("false", params.get("enable_remote_resources"))),
                "enable_remote_addons": text(_default("false", params.get("enable_remote_addons"))),
            },
            "annotations": {
                "secret_manager_secret_name": text(params.get("secretManagerSecretName")),
                "addons_repo_secret": github_secret_name,
                "addons_repo_basepath": hub_or("addons_repo_basepath", "addons_repo_basepath"),
                "addons_repo_path": hub_or("addons_repo_path", "addons_repo_path"),
                "addons_repo_revision": hub_or("addons_repo_revision", "addons_repo_revision"),
                "addons_repo_url": hub_or("addons_repo_url", "annotations", "addons_repo_url"),
                "fleet_repo_secret": github_secret_name,
                "fleet_repo_basepath": text(hub_ann.get("fleet_repo_basepath")),
                "fleet_repo_path": text(hub_ann.get("fleet_repo_path")),
                "fleet_repo_revision": text(hub_ann.get("fleet_repo_revision")),
                "fleet_repo_url": text(hub_ann.get("fleet_repo_url")),
                "resources_repo_secret": github_secret_name,
                "resources_repo_basepath": hub_or("resources_repo_basepath", "resources_repo_basepath"),
                "resources_repo_path": hub_or("resources_repo_path", "annotations", "resources_repo_path"),
                "resources_repo_revision": hub_or("resources_repo_revision", "resources_repo_revision"),
                # Upstream quirk, kept: the URL falls back from the member's *revision*.
                "resources_repo_url": hub_or("resources_repo_url", "resources_repo_revision"),
            },
        },
    }  # fmt: skip


def hierarchy(repo: Repo, hub: Cluster, member: MemberFile) -> tuple[list[str], str, str]:
    """The candidate value files in merge order, and the tenant and environment used."""
    params = member.params
    tenant = go_print(_default(hub.labels.get("tenant"), params.get("tenant")))
    environment = go_print(_default(hub.labels.get("environment"), params.get("environment")))
    cluster = params["clusterName"]
    if not tenant:
        raise member.error("no tenant: set tenant in the member file or a tenant label on the hub")
    if not environment:
        raise member.error(
            "no environment: set environment in the member file or an environment label on the hub"
        )
    try:
        check_segment(tenant, "tenant")
        check_segment(environment, "environment")
    except FleetError as err:
        raise member.error(err.message) from None
    paths: list[str] = []
    for repo_name in REPO_NAMES:
        key = f"{repo_name}_repo_basepath"
        basepath = go_print(_default(hub.annotations.get(key), params.get(key))).rstrip("/")
        if not basepath:
            raise member.error(
                f"no {key}: set it in the member file or as an annotation of the hub"
            )
        try:
            check_segment(basepath, key, allow_slash=True)
        except FleetError as err:
            raise member.error(err.message) from None
        for level in LEVELS:
            middle = level.format(tenant=tenant, environment=environment, cluster=cluster)
            paths.append(f"{basepath}/{middle}/{VALUES_PATH}")
    return paths, tenant, environment


def chart_values(
    repo: Repo,
    hub: Cluster,
    member: MemberFile,
    warn: Warn | None = None,
    cache: dict[str, dict[str, Any]] | None = None,
) -> ResolvedValues:
    """Value files merged in order, the valuesObject over them, then the chart's defaults.

    `cache` keeps the value files read for earlier members of the same run."""
    paths, tenant, environment = hierarchy(repo, hub, member)
    merged: dict[str, Any] = {}
    for path in paths:
        try:
            found = repo.exists(path, "value file")
        except FleetError as err:
            raise err.located(member.path) from None
        if found:
            merge_files(merged, _value_file(repo, path, {} if cache is None else cache))
    merge_files(merged, values_object(hub, member.params))
    if warn:
        _warn_quirks(member, warn)
    return ResolvedValues(coalesce(CHART_DEFAULTS, merged), paths, tenant, environment)


def _value_file(repo: Repo, path: str, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A fleet-secret value file, read once per `cache`: every member of a tenant and
    environment shares its defaults files. A copy of its maps is returned, as merging
    mutates them."""
    if path not in cache:
        text = decode(repo.read(path, "value file"), path)
        cache[path] = expect_mapping(load_text(text, path), path, text)
    return _copy_maps(cache[path])


def _copy_maps(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy_maps(item) for key, item in value.items()}
    return value


def _warn_quirks(member: MemberFile, warn: Warn) -> None:
    params = member.params
    where = member.path
    top = params.get("use_fleet_ack")
    used = go_print(_default("false", _get(params, "argocd_config", "use_fleet_ack")))
    if top is not None and go_print(top) != used:
        warn(
            f"{where}: use_fleet_ack: {go_print(top)!r} is ignored; the hub's ApplicationSet "
            f"reads argocd_config.use_fleet_ack, so the label is {used!r}"
        )
    revision = params.get("resources_repo_revision")
    if not is_empty(revision):
        warn(
            f"{where}: resources_repo_revision is set, so the annotation resources_repo_url "
            f"becomes {go_print(revision)!r} (the hub's ApplicationSet takes the URL from the "
            "revision; keep the hub's revision or fix the ApplicationSet)"
        )
    for key in ("use_external_secrets", "push_argo_secrets"):
        if params.get(key) is not None:
            warn(
                f"{where}: {key} is not copied onto the cluster secret by the hub's "
                f"ApplicationSet; set it under externalSecret.labels in the fleet-secret values"
            )
