"""A cluster as Argo CD's cluster generator sees it: name, labels, annotations.

The hub passes its cluster-secret metadata to the plugin (`toJson` in the bootstrap
ApplicationSet), or a person passes a file. Both `{name, labels, annotations}` and the
secret's own shape `{name, metadata: {labels, annotations}}` are accepted.

Every cluster description of the plugin and the commands (parameters, `--cluster`, `--hub`,
`--clusters`, member files) is read here, so this is where the annotation `kubectl apply`
leaves on a secret is dropped: `kubectl.kubernetes.io/last-applied-configuration` is a copy
of the whole secret as applied, its `config` (bearer token, TLS key) included. argocd-fleet
reads no such annotation, and keeps it out of everything it writes; the warning names where
it came from, never what it holds.
"""

from __future__ import annotations

from typing import Any

from ..errors import FleetError, Warn, type_name
from ..errors import warn as warn_on_stderr
from ..record import Record, field
from ..yamlio import expect_mapping, load_text

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


class Cluster(Record):
    name: str
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    server: str = ""
    # The cluster secret's `data.project` (the cluster generator's `project` parameter).
    project: str = ""
    # A cluster secret without `data.name`: `name` is how it is shown; Argo CD's cluster
    # generator gives it the name "".
    nameless: bool = False

    def label(self, key: str) -> str:
        return self.labels.get(key, "")

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "labels": self.labels, "annotations": self.annotations}

    @classmethod
    def from_mapping(cls, data: Any, source: str, warn: Warn = warn_on_stderr) -> Cluster:
        mapping = expect_mapping(data, source)
        metadata = mapping.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise FleetError(f"metadata must be a mapping, not {type_name(metadata)}", source)
        metadata = metadata or {}
        name = mapping.get("name", metadata.get("name"))
        if not isinstance(name, str) or not name:
            raise FleetError("the cluster needs a name (a non-empty string)", source)
        labels = _strings(mapping.get("labels", metadata.get("labels")), "labels", source)
        annotations = _strings(
            mapping.get("annotations", metadata.get("annotations")), "annotations", source
        )
        if annotations.pop(LAST_APPLIED, None) is not None:
            warn(last_applied_warning(source))
        server = mapping.get("server", "")
        return cls(
            name=name,
            labels=labels,
            annotations=annotations,
            server=server if isinstance(server, str) else "",
        )

    @classmethod
    def from_text(cls, text: str, source: str, warn: Warn = warn_on_stderr) -> Cluster:
        """JSON or YAML text (JSON is YAML), as a parameter or a file holds it."""
        return cls.from_mapping(load_text(text, source), source, warn)


def last_applied_warning(source: str) -> str:
    return (
        f"{source}: annotation {LAST_APPLIED} dropped: kubectl apply stores the whole secret "
        "there, credentials included; leave it out of cluster files and plugin parameters "
        "(see docs/security.md)"
    )


def _strings(value: Any, what: str, source: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FleetError(f"{what} must be a mapping, not {type_name(value)}", source)
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise FleetError(
                f"{what}: {key!r} must map to a string, not {type_name(item)} "
                "(Kubernetes label and annotation values are strings; quote it)",
                source,
            )
    return dict(value)
