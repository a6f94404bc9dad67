"""The clusters a command reads: the hub, and cluster-secret files.

Argo CD's cluster generator sees a cluster as its cluster secret: `name`, `server` and
`project` from the secret's data, labels and annotations from its metadata. Two inputs
describe clusters here (the fleet members, a third, are registration's: `registration.objects`):

- the hub: a `{name, labels, annotations}` file (`--hub`, else `clusters/hub.yaml` of the repo);
- `--clusters FILE`: secrets as `kubectl get secret -l argocd.argoproj.io/secret-type=cluster
  -o yaml` prints them (a `v1 List`, or a stream of Secrets), with base64 `data` or `stringData`.

A secret without `data.name` is shown by its server (else by the Secret's own name), while the
cluster generator gives it the name `""`, as Argo CD does. Every cluster is a cluster secret,
so each carries `argocd.argoproj.io/secret-type: cluster`
(the cluster generator only ever selects those); the hub and member files usually leave it out.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from typing import Any

import yaml

from ..errors import FleetError, Warn, type_name
from ..errors import warn as warn_on_stderr
from ..k8snames import SECRET_TYPE_CLUSTER, SECRET_TYPE_LABEL
from ..limits import LIMITS, Limits
from ..sources import ValueSource
from ..yamlguard import check_nesting
from ..yamlio import decode, iter_documents
from .cluster import LAST_APPLIED, Cluster
from .paths import Repo

DEFAULT_HUB = "clusters/hub.yaml"
SECRET_FIELDS = ("name", "server", "project")  # the data keys the cluster generator reads
# A file of every cluster secret of a large fleet is far bigger than a values file.
SECRETS_LIMITS = Limits(
    max_bytes=max(LIMITS.max_bytes, 512 * 1024 * 1024),
    max_nodes=max(LIMITS.max_nodes, 256 * 1024 * 1024),
)


def as_cluster_secret(cluster: Cluster) -> Cluster:
    """The cluster with the label every Argo CD cluster secret carries."""
    if cluster.labels.get(SECRET_TYPE_LABEL) == SECRET_TYPE_CLUSTER:
        return cluster
    labels = {**cluster.labels, SECRET_TYPE_LABEL: SECRET_TYPE_CLUSTER}
    return Cluster(
        name=cluster.name,
        labels=labels,
        annotations=dict(cluster.annotations),
        server=cluster.server,
        project=cluster.project,
        nameless=cluster.nameless,
    )


def load_hub(repo: Repo, hub_file: str | None) -> Cluster:
    """The hub from `--hub`, else from the repository's `clusters/hub.yaml`."""
    if hub_file:
        source = ValueSource.from_file(hub_file)
    elif repo.exists(DEFAULT_HUB, "hub file"):
        source = ValueSource.from_bytes(repo.read(DEFAULT_HUB, "hub file"), DEFAULT_HUB)
    else:
        raise FleetError(
            f"no hub cluster: give --hub HUB.yaml or add {DEFAULT_HUB} to the repository "
            "(the hub renders the ApplicationSets every cluster is evaluated against)"
        )
    return as_cluster_secret(Cluster.from_mapping(source.data, source.display))


def read_cluster_secrets(path: str, warn: Warn) -> list[Cluster]:
    """The clusters of a file of cluster secrets (`-` reads stdin)."""
    if path == "-":
        import sys

        raw = sys.stdin.buffer.read(SECRETS_LIMITS.max_bytes + 1)
        display = "<stdin>"
    else:
        display = path
        try:
            with open(path, "rb") as handle:
                raw = handle.read(SECRETS_LIMITS.max_bytes + 1)
        except OSError as err:
            raise FleetError(f"cannot read: {err.strerror or err}", path) from None
    return parse_cluster_secrets(decode(raw, display, SECRETS_LIMITS), display, warn)


def parse_cluster_secrets(text: str, source: str, warn: Warn | None = None) -> list[Cluster]:
    clusters: list[Cluster] = []
    credentials: list[str] = []  # one warning for the file, not one per secret
    for index, secret in enumerate(_secrets(_documents(text, source), source)):
        where = f"{source} (item {index + 1})"
        cluster = secret_cluster(secret, where, credentials.append)
        if cluster is None:
            if warn:
                warn(
                    f"{where}: not a cluster secret (no {SECRET_TYPE_LABEL}=cluster label), skipped"
                )
            continue
        clusters.append(cluster)
    if credentials:
        (warn or warn_on_stderr)(
            f"{source}: {len(credentials)} cluster secret(s): annotation {LAST_APPLIED} "
            "dropped: kubectl apply stores the whole secret there, credentials included "
            "(see docs/security.md)"
        )
    return clusters


def secret_cluster(
    secret: dict[str, Any], where: str, warn: Warn = warn_on_stderr
) -> Cluster | None:
    """The cluster a Secret describes, or None when it is not a cluster secret."""
    metadata = secret.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise FleetError(f"metadata must be a mapping, not {type_name(metadata)}", where)
    labels = metadata.get("labels") or {}
    if not isinstance(labels, dict) or labels.get(SECRET_TYPE_LABEL) != SECRET_TYPE_CLUSTER:
        return None
    fields = _secret_fields(secret, where)
    name = fields.get("name") or ""
    nameless = not name
    if nameless:
        # The cluster generator gives such a secret the name "" (and keys it with every other
        # one without a name); the preview shows it by its server, else the Secret's name.
        name = fields.get("server") or str(metadata.get("name") or "")
    if not name:
        raise FleetError("the cluster secret has neither a name nor a server", where)
    mapping = {
        "name": name,
        "labels": labels,
        "annotations": metadata.get("annotations") or {},
        "server": fields.get("server", ""),
    }
    cluster = Cluster.from_mapping(mapping, where, warn)
    cluster.project = fields.get("project", "")
    cluster.nameless = nameless
    return cluster


def _documents(text: str, source: str) -> Iterable[Any]:
    """The documents of `kubectl get -o yaml` (or `-o json`) output.

    A fleet's secrets run to megabytes: JSON is read with `json`, YAML with libyaml's loader
    when PyYAML has it (ten times faster than the pure-Python one; Secrets have no duplicate
    keys or aliases to guard against), else with the checked loader.
    """
    if text.lstrip()[:1] in ("{", "["):
        try:
            return [json.loads(text)]
        except json.JSONDecodeError as err:
            raise FleetError(f"invalid JSON: {err.msg}", source, err.lineno) from None
    loader = getattr(yaml, "CBaseLoader", None)  # every value of a Secret is a string
    if loader is None:
        return iter_documents(text, source, SECRETS_LIMITS)
    check_nesting(text, source, SECRETS_LIMITS)  # libyaml's composer must not recurse to death
    try:
        return list(yaml.load_all(text, Loader=loader))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        raise FleetError(f"invalid YAML: {err.problem or err.context}", source, line) from None
    except yaml.YAMLError as err:
        raise FleetError(f"invalid YAML: {err}", source) from None


def _secrets(documents: Iterable[Any], source: str) -> Iterable[dict[str, Any]]:
    for document in documents:
        if document is None:
            continue
        if not isinstance(document, dict):
            raise FleetError(f"expected a Secret or a List, not {type_name(document)}", source)
        if document.get("kind") in ("List", "SecretList") or "items" in document:
            items = document.get("items") or []
            if not isinstance(items, list):
                raise FleetError(f"items must be a list, not {type_name(items)}", source)
            for item in items:
                if not isinstance(item, dict):
                    raise FleetError(f"each item must be a Secret, not {type_name(item)}", source)
                yield item
        else:
            yield document


def _secret_fields(secret: dict[str, Any], where: str) -> dict[str, str]:
    """`data` decoded from base64, with `stringData` over it (as the API server merges them)."""
    fields: dict[str, str] = {}
    data = secret.get("data") or {}
    if not isinstance(data, dict):
        raise FleetError(f"data must be a mapping, not {type_name(data)}", where)
    for key in SECRET_FIELDS:
        if key in data:
            try:
                fields[key] = base64.b64decode(str(data[key]), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise FleetError(f"data.{key} is not valid base64 of UTF-8 text", where) from None
    string_data = secret.get("stringData") or {}
    if not isinstance(string_data, dict):
        raise FleetError(f"stringData must be a mapping, not {type_name(string_data)}", where)
    for key in SECRET_FIELDS:
        if key in string_data:
            fields[key] = str(string_data[key])
    return fields


def merge_clusters(*groups: Iterable[Cluster]) -> list[Cluster]:
    """One cluster per name, a later input replacing an earlier one; sorted by name."""
    by_name: dict[str, Cluster] = {}
    for group in groups:
        for cluster in group:
            by_name[cluster.name] = cluster
    return [by_name[name] for name in sorted(by_name)]
