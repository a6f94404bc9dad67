"""The chart's values as typed structures: the global settings and one `Component` per entry.

Everything the chart reads is checked here, once, with the key path kept for the error
message; the builder that follows can trust every field. What is read, and how, is the table
of `chart.fields` (each row names the attribute here that holds its value); field names in
messages are the chart's own, so that `external-dns.selector: must be a mapping` points at
what the user wrote.
"""

from __future__ import annotations

from typing import Any

from ..errors import FleetError
from ..gotext import to_string
from ..record import Record
from .convert import AdditionalResources, Environment, normalize_name, read_fields
from .fields import COMPONENT, SETTINGS

__all__ = ["AdditionalResources", "Component", "Environment", "Settings", "normalize_name"]

Scalar = str | int | float | bool


class Settings(Record):
    """The chart's global values, read before the catalogs are merged (as the chart does)."""

    release_type: str
    use_selectors: bool
    use_version_selectors: bool
    releases: dict[str, str]
    global_selectors: dict[str, str]
    namespace: str
    sync_policy: dict[str, Any] | None
    sync_policy_appset: dict[str, Any] | None
    go_template_options: list[Any] | None
    repo_url_git: str
    repo_url_git_revision: str
    repo_url_git_base_path: str
    value_files: list[str]
    global_values_object: dict[str, Any]
    values_file_prefix: str
    use_values_file_prefix: bool
    argo_project_name: str
    apply_nested_selectors: bool
    template_patch: str | None
    common_labels: dict[str, str]
    annotations: dict[str, str]
    application_set_group: str
    ack_pod_identity: dict[str, Any] | None

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> Settings:
        return cls(**read_fields(SETTINGS, values, ()))


class Component(Record):
    """One enabled entry of the values: what becomes one ApplicationSet."""

    key: str
    name: str  # the chart's nameNormalize
    chart_name: str  # chartName, else the normalized name
    chart_namespace: str
    chart_repository: str
    default_version: Scalar | None
    release_name: str
    namespace: str
    path: str
    type: str
    resource_group: bool
    git_matrix: bool
    matrix_path: str
    selector: dict[str, Any] | None
    selector_match_labels: dict[str, str]
    environments: list[Environment]
    values_object: dict[str, Any] | None
    values_file_name: str
    app_set_name: str
    enable_ack_pod_identity: Any
    ack_pod_identity: dict[str, Any] | None
    additional_resources: AdditionalResources | None
    sync_policy: dict[str, Any] | None
    sync_policy_appset: dict[str, Any] | None
    go_template_options: list[Any] | None
    ignore_application_differences: list[Any] | None
    preserved_fields: dict[str, Any] | None
    strategy: dict[str, Any] | None
    template_patch: str | None
    labels_appset: dict[str, str]
    annotations_appset: dict[str, str]
    labels_app: dict[str, str]
    annotations_app: dict[str, str]
    ignore_differences: list[Any] | None

    @property
    def pod_identity(self) -> bool:
        return to_string(self.enable_ack_pod_identity) == "true"


def is_component(value: Any) -> bool:
    """The chart's test: a top-level map with a key `enabled`."""
    return isinstance(value, dict) and "enabled" in value


def is_enabled(key: str, entry: dict[str, Any]) -> bool:
    """`enabled` must be a boolean or the string "true"/"false" (deviation 7).

    The chart renders a component only when `toString enabled` is exactly "true" and silently
    skips anything else, so `enabled: "yes"` or `"True"` quietly removes an add-on.
    """
    enabled = entry["enabled"]
    if isinstance(enabled, bool):
        return enabled
    if enabled in ("true", "false"):
        return enabled == "true"
    raise FleetError(
        f"{key}.enabled: must be true or false, not {enabled!r} "
        "(the application-sets chart would silently skip this component)",
        keypath=(key, "enabled"),
    )


def component_from_values(key: str, entry: dict[str, Any]) -> Component:
    """The component of the entry `key` (an enabled one: see `is_enabled`)."""
    return Component(key=key, name=normalize_name(key), **read_fields(COMPONENT, entry, (key,)))
