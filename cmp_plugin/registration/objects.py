"""What registration produces: the chart's objects for every member, and each spoke's metadata.

`register_objects` is what `argocd-fleet register` prints and what the plugin's
`mode: register` returns: for every member, the objects the fleet-secret chart renders,
merged into one list sorted by kind and name. Members whose values enable shared objects
(an ECR token, git credentials) produce them once; two members that would create the same
object differently are an error, since Argo CD would flip between them.

`member_cluster` is the spoke's Argo CD cluster secret as external-secrets will write it:
the chart's labels and annotations, with what the AWS secret adds (its `addons` labels and
`metadata` annotations) when known. Without AWS, the secret is assumed to carry
`fleet_member: spoke`, which `argocd-fleet aws put` writes and the pattern's spoke
ApplicationSets select on. `member_clusters` gives every member as that cluster secret, and
`fleet_clusters` the whole fleet a preview evaluates: the hub, its members, secrets files.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from ..errors import FleetError, Warn
from ..fleet.cluster import Cluster
from ..fleet.clusterfiles import as_cluster_secret, merge_clusters
from ..fleet.paths import Repo
from ..gotext import to_string
from ..k8snames import SECRET_TYPE_CLUSTER, SECRET_TYPE_LABEL
from ..limits import OutputBudget
from .chart import render
from .members import Member, load_members

# What a spoke's secret in AWS Secrets Manager adds to the labels when nothing else is known.
ASSUMED_SECRET_LABELS = {"fleet_member": "spoke"}


def member_objects(member: Member) -> list[dict[str, Any]]:
    """The fleet-secret chart's objects for one member."""
    return render(member.values, member.release_name, member.file)


def register_objects(
    repo_root: str, hub: Any, warn: Warn | None = None, budget: OutputBudget | None = None
) -> list[dict[str, Any]]:
    """Every member's objects, sorted by kind, name and namespace; with a `budget`, counted
    against the output limits (the member files before any is read)."""
    at_most = budget.limits.max_objects if budget is not None else None
    return collect(load_members(repo_root, hub, warn, at_most=at_most), budget)


def collect(members: list[Member], budget: OutputBudget | None = None) -> list[dict[str, Any]]:
    found: dict[tuple[str, str, str], tuple[dict[str, Any], str]] = {}
    for member in members:
        for obj in member_objects(member):
            if budget is not None:
                budget.charge(obj, "objects")
            metadata = obj["metadata"]
            key = (obj["kind"], metadata["name"], metadata.get("namespace", ""))
            if key in found:
                first, owner = found[key]
                if first != obj:
                    raise FleetError(
                        f"{obj['kind']} {metadata['name']!r} is rendered differently for "
                        f"{owner} and for this member; give them different names",
                        member.file,
                    )
                continue
            found[key] = (obj, member.file)
    return [found[key][0] for key in sorted(found)]


def member_cluster(
    member: Member,
    secret_labels: dict[str, str] | None = None,
    secret_annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """`{name, labels, annotations}` of the spoke's Argo CD cluster secret.

    external-secrets applies the ExternalSecret's templates in order, later ones winning:
    annotations from the AWS secret's `metadata`, then the chart's annotations; labels from
    the chart, then the AWS secret's `addons`, then the secret-type label.
    """
    if secret_labels is None:
        secret_labels = dict(ASSUMED_SECRET_LABELS)
    annotations = {**(secret_annotations or {}), **_strings(member.annotations)}
    labels = {**_strings(member.labels), **secret_labels, SECRET_TYPE_LABEL: SECRET_TYPE_CLUSTER}
    return {
        "name": member.name,
        "labels": dict(sorted(labels.items())),
        "annotations": dict(sorted(annotations.items())),
    }


def _strings(mapping: dict[str, Any]) -> dict[str, str]:
    return {str(key): to_string(value) for key, value in mapping.items()}


def label_report(member: Member) -> dict[str, Any]:
    """What `register --labels` shows for one member."""
    cluster = member_cluster(member)
    return {
        "name": member.name,
        "file": member.file,
        "secret": member.secret_name,
        "model": member.model.name,
        "description": member.model.describe(member.name),
        "valueFiles": list(member.value_files),
        "labels": cluster["labels"],
        "annotations": cluster["annotations"],
    }


def member_clusters(
    repo: Repo, hub: Cluster, warn: Warn, skip: Container[str] = ()
) -> list[Cluster]:
    """The hub's fleet members as their cluster secrets.

    Members named in `skip` (described by a file of real cluster secrets) are not resolved.
    """
    return [
        as_cluster_secret(Cluster.from_mapping(member_cluster(member), member.file))
        for member in load_members(repo, hub, warn, skip)
    ]


def fleet_clusters(repo: Repo, hub: Cluster, secrets: list[Cluster], warn: Warn) -> list[Cluster]:
    """The hub, its fleet members and the clusters of secrets files, each once.

    A cluster given twice keeps its last description (secrets over members over the hub);
    a member a secrets file describes is not even resolved.
    """
    members = member_clusters(repo, hub, warn, {cluster.name for cluster in secrets})
    return merge_clusters([hub], members, secrets)
