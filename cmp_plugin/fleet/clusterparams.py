"""A cluster as Argo CD's cluster generator gives it to templates: its parameters.

Argo CD's cluster generator reads a cluster secret: `name` and `nameNormalized` from its
`data.name` (`""` when it has none), `server` and `project` from its data, `metadata.labels`
and `metadata.annotations` as `map[string]string`, each set only when non-empty (so
`.metadata.labels.x` fails on a secret without labels). A cluster is prepared once per run
(`prepare_clusters`) and then evaluated against every ApplicationSet (`preview/`), or against
the hub bootstrap's plugin parameters (`fleet.bootstrap`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import FleetError
from ..gotemplate import GoStringMap, Unknown, sanitize_name

UNKNOWN_SERVER = Unknown(
    "the cluster's server: its cluster secret is made when it registers (give --clusters)"
)


@dataclass(frozen=True, slots=True)
class PreviewCluster:
    """A cluster secret as the cluster generator reads it, prepared once for all ApplicationSets.

    `name` is how the preview names the cluster; `key` is the secret's `data.name`, the name
    the generator gives it and keys it by (`""` for a secret without one).
    """

    name: str
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    server: str
    server_known: bool
    params: Mapping[str, Any]  # the generator's parameters before `values`
    key: str = ""


def _fields(cluster: Any) -> tuple[Any, Any, Any, Any, Any, bool]:
    if isinstance(cluster, Mapping):
        metadata = cluster.get("metadata") or {}
        return (
            cluster.get("name", metadata.get("name")),
            cluster.get("labels", metadata.get("labels")) or {},
            cluster.get("annotations", metadata.get("annotations")) or {},
            cluster.get("server") or "",
            cluster.get("project") or "",
            bool(cluster.get("nameless")),
        )
    return (
        getattr(cluster, "name", None),
        getattr(cluster, "labels", None) or {},
        getattr(cluster, "annotations", None) or {},
        getattr(cluster, "server", "") or "",
        getattr(cluster, "project", "") or "",
        bool(getattr(cluster, "nameless", False)),
    )


def prepare_cluster(cluster: Any) -> PreviewCluster:
    """From `{name, server?, project?, nameless?, labels, annotations}`, a secret-like
    `{name, metadata: {labels, annotations}}`, or an object with those attributes.

    `nameless: true` describes a secret without `data.name`: the preview shows it as `name`,
    the generator gives it the name `""`.
    """
    if isinstance(cluster, PreviewCluster):
        return cluster
    name, labels, annotations, server, project, nameless = _fields(cluster)
    if not isinstance(name, str) or not name:
        raise FleetError(f"a cluster needs a name (a non-empty string), got {name!r}")
    for what, mapping in (("labels", labels), ("annotations", annotations)):
        if not isinstance(mapping, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise FleetError(f"cluster {name}: {what} must map strings to strings")
    labels_map = GoStringMap(labels)
    annotations_map = GoStringMap(annotations)
    metadata_params: dict[str, Any] = {}
    # Argo CD sets each only when non-empty, so `.metadata.labels.x` fails on a bare secret.
    if annotations_map:
        metadata_params["annotations"] = annotations_map
    if labels_map:
        metadata_params["labels"] = labels_map
    key = "" if nameless else name
    params = {
        "name": key,
        "nameNormalized": sanitize_name(key),
        # A fleet member before registration has no secret yet: its address is not known,
        # and a template that reads it is shown unevaluated rather than given "".
        "server": str(server) if server else UNKNOWN_SERVER,
        "project": str(project),
        "metadata": metadata_params,
    }
    return PreviewCluster(name, labels_map, annotations_map, str(server), bool(server), params, key)


def prepare_clusters(clusters: Iterable[Any]) -> list[PreviewCluster]:
    """Every cluster prepared, in order. Secrets sharing a name stay apart here: the cluster
    generator keeps one of them only among those its selector matches."""
    return [prepare_cluster(cluster) for cluster in clusters]
