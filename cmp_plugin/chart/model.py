"""The chart's values as typed structures: the global settings and one `Component` per entry.

Everything the chart reads is checked here, once, with the key path kept for the error
message; the builder that follows can trust every field. Field names are the chart's own, so
that a message such as `external-dns.selector: must be a mapping` points at what the user wrote.
"""

from __future__ import annotations

from typing import Any

from ..errors import FleetError, type_name
from ..gotext import go_print, to_string, trim_suffix, trunc
from ..merge import is_empty
from ..record import Record
from .crdshape import conform

Scalar = str | int | float | bool
KeyPath = tuple[str, ...]

_YAML_BOOLEANS = {
    "true": True, "yes": True, "on": True, "y": True,
    "false": False, "no": False, "off": False, "n": False,
}  # fmt: skip


def _check(value: Any, expected: str, path: KeyPath) -> Any:
    """`value` if it has the `expected` shape (map, list, scalar, string), else a FleetError."""
    if value is None:
        return None
    ok = {
        "map": isinstance(value, dict),
        "list": isinstance(value, list),
        "scalar": isinstance(value, str | int | float | bool),
        "string": isinstance(value, str),
    }[expected]
    if not ok:
        words = {
            "map": "a mapping",
            "list": "a list",
            "scalar": "a single value",
            "string": "a string",
        }
        raise FleetError(
            f"{'.'.join(path)}: must be {words[expected]}, not {type_name(value)}", keypath=path
        )
    return value


def label_value(value: Any, path: KeyPath) -> str:
    """A label or annotation value as the string Kubernetes requires (deviation 4).

    The chart writes these unquoted, so `true` or `1.0` reach the API server as a boolean or a
    number and the selector fails; here they keep the text the user meant.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if value is None:
        return ""
    raise FleetError(
        f"{'.'.join(path)}: a label value must be a string, not {type_name(value)}", keypath=path
    )


def label_map(value: Any, path: KeyPath) -> dict[str, str]:
    mapping = _check(value, "map", path) or {}
    return {str(key): label_value(item, (*path, str(key))) for key, item in mapping.items()}


def parse_bool(value: Any, path: KeyPath) -> bool:
    """A flag written as a YAML 1.1 boolean or as its string (`"true"`, `'false'`)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _YAML_BOOLEANS:
        return _YAML_BOOLEANS[value.lower()]
    raise FleetError(f"{'.'.join(path)}: must be true or false, not {value!r}", keypath=path)


def normalize_name(key: str) -> str:
    """The chart's `nameNormalize`: `_` to `-`, cut to 63 characters, one trailing `-` off."""
    return trim_suffix(trunc(key.replace("_", "-"), 63), "-")


def truthy(value: Any) -> bool:
    """Go template truth: anything but an empty value (so the string "false" is true)."""
    return not is_empty(value)


class Settings(Record):
    """The chart's global values, read before the catalogs are merged (as the chart does)."""

    release_type: str
    use_version_selectors: bool
    use_selectors: bool
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
        def get(key: str, kind: str) -> Any:
            return _check(values.get(key), kind, (key,))

        def copied(key: str) -> Any:
            return conform(key, values.get(key), (key,))

        release_type = get("releaseType", "scalar")
        value_files = get("valueFiles", "list") or []
        for index, level in enumerate(value_files):
            _check(level, "scalar", ("valueFiles", str(index)))
        nested = values.get("applyNestedSelectors")
        template_patch = get("templatePatch", "string")
        return cls(
            # Deviation 3: lower-cased, so that names built from it are valid.
            release_type=go_print(release_type).lower(),
            use_version_selectors=to_string(values.get("useVersionSelectors")) == "true",
            use_selectors=to_string(values.get("useSelectors")) == "true",
            releases=label_map(values.get("releases"), ("releases",)),
            global_selectors=label_map(values.get("globalSelectors"), ("globalSelectors",)),
            namespace=go_print(get("namespace", "scalar")) or "argocd",
            sync_policy=copied("syncPolicy"),
            sync_policy_appset=copied("syncPolicyAppSet"),
            go_template_options=copied("goTemplateOptions"),
            repo_url_git=go_print(get("repoURLGit", "scalar")),
            repo_url_git_revision=go_print(get("repoURLGitRevision", "scalar")),
            repo_url_git_base_path=go_print(get("repoURLGitBasePath", "scalar")),
            value_files=[go_print(level) for level in value_files],
            global_values_object=get("globalValuesObject", "map") or {},
            values_file_prefix=go_print(get("valuesFilePrefix", "scalar")),
            use_values_file_prefix=truthy(get("useValuesFilePrefix", "scalar")),
            argo_project_name=go_print(get("argoProjectName", "scalar")) or "default",
            apply_nested_selectors=(
                parse_bool(nested, ("applyNestedSelectors",)) if truthy(nested) else False
            ),
            template_patch=template_patch or None,
            common_labels=label_map(values.get("commonLabels"), ("commonLabels",)),
            annotations=label_map(values.get("annotations"), ("annotations",)),
            application_set_group=go_print(get("applicationSetGroup", "scalar")),
            ack_pod_identity=get("ackPodIdentity", "map"),
        )


class Environment(Record):
    selector: dict[str, str]
    chart_version: str


class AdditionalResources(Record):
    path: str
    type: str
    manifest_path: str
    chart: str
    repo_url: str
    chart_version: str
    helm: dict[str, Any] | None


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
    labels_appset: dict[str, str] = dict
    annotations_appset: dict[str, str] = dict
    labels_app: dict[str, str] = dict
    annotations_app: dict[str, str] = dict
    ignore_differences: list[Any] | None = None

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
    def get(name: str, kind: str) -> Any:
        return _check(entry.get(name), kind, (key, name))

    def copied(name: str) -> Any:
        return conform(name, entry.get(name), (key, name))

    name = normalize_name(key)
    chart_name = go_print(get("chartName", "scalar")) or name
    environments = []
    for index, env in enumerate(get("environments", "list") or []):
        where = (key, "environments", str(index))
        _check(env, "map", where)
        env = env or {}
        version = env.get("chartVersion")
        _check(version, "scalar", (*where, "chartVersion"))
        if is_empty(version):
            version = entry.get("defaultVersion")
        environments.append(
            Environment(
                selector=label_map(env.get("selector"), (*where, "selector")),
                chart_version=go_print(version),
            )
        )
    return Component(
        key=key,
        name=name,
        chart_name=chart_name,
        chart_namespace=go_print(get("chartNamespace", "scalar")),
        chart_repository=go_print(get("chartRepository", "scalar")),
        default_version=get("defaultVersion", "scalar"),
        release_name=go_print(get("releaseName", "scalar")),
        namespace=go_print(get("namespace", "scalar")),
        path=go_print(get("path", "scalar")),
        type=go_print(get("type", "scalar")),
        resource_group=truthy(entry.get("resourceGroup")),
        git_matrix=truthy(entry.get("gitMatrix")),
        matrix_path=go_print(get("matrixPath", "scalar")),
        selector=_selector(entry.get("selector"), (key, "selector")),
        selector_match_labels=label_map(
            entry.get("selectorMatchLabels"), (key, "selectorMatchLabels")
        ),
        environments=environments,
        values_object=get("valuesObject", "map"),
        values_file_name=go_print(get("valuesFileName", "scalar")),
        app_set_name=go_print(get("appSetName", "scalar")),
        enable_ack_pod_identity=get("enableAckPodIdentity", "scalar"),
        ack_pod_identity=get("ackPodIdentity", "map"),
        additional_resources=_additional_resources(entry.get("additionalResources"), key),
        sync_policy=copied("syncPolicy"),
        sync_policy_appset=copied("syncPolicyAppSet"),
        go_template_options=copied("goTemplateOptions"),
        ignore_application_differences=copied("ignoreApplicationDifferences"),
        preserved_fields=copied("preservedFields"),
        strategy=copied("strategy"),
        template_patch=get("templatePatch", "string") or None,
        labels_appset=label_map(entry.get("labelsAppSet"), (key, "labelsAppSet")),
        annotations_appset=label_map(entry.get("annotationsAppSet"), (key, "annotationsAppSet")),
        labels_app=label_map(entry.get("labelsApp"), (key, "labelsApp")),
        annotations_app=label_map(entry.get("annotationsApp"), (key, "annotationsApp")),
        ignore_differences=copied("ignoreDifferences"),
    )


def _selector(value: Any, path: KeyPath) -> dict[str, Any] | None:
    selector = _check(value, "map", path)
    if not selector:
        return None
    result = dict(selector)
    if "matchLabels" in result:
        result["matchLabels"] = label_map(result["matchLabels"], (*path, "matchLabels"))
    expressions = _check(result.get("matchExpressions"), "list", (*path, "matchExpressions"))
    if expressions is not None:
        result["matchExpressions"] = [
            _expression(expression, (*path, "matchExpressions", str(index)))
            for index, expression in enumerate(expressions)
        ]
    return result


def _expression(expression: Any, where: KeyPath) -> dict[str, Any]:
    _check(expression, "map", where)
    if not expression or "key" not in expression or "operator" not in expression:
        raise FleetError(f"{'.'.join(where)}: needs a key and an operator", keypath=where)
    result = dict(expression)
    values = _check(expression.get("values"), "list", (*where, "values"))
    if values is not None:
        result["values"] = [
            label_value(item, (*where, "values", str(i))) for i, item in enumerate(values)
        ]
    return result


def _additional_resources(value: Any, key: str) -> AdditionalResources | None:
    path = (key, "additionalResources")
    extra = _check(value, "map", path)
    if not extra:
        return None

    def text(name: str) -> str:
        return go_print(_check(extra.get(name), "scalar", (*path, name)))

    helm = _check(extra.get("helm"), "map", (*path, "helm"))
    if helm:
        _check(helm.get("valuesObject"), "map", (*path, "helm", "valuesObject"))
        _check(helm.get("releaseName"), "scalar", (*path, "helm", "releaseName"))
    resources = AdditionalResources(
        path=text("path"),
        type=text("type"),
        manifest_path=text("manifestPath"),
        chart=text("chart"),
        repo_url=text("repoURL"),
        chart_version=text("chartVersion"),
        helm=helm or None,
    )
    if resources.helm and not (resources.path or resources.chart):
        # The chart would attach this helm block to the component's own source instead.
        raise FleetError(
            f"{key}.additionalResources: has helm settings but neither a path nor a chart",
            keypath=path,
        )
    return resources
