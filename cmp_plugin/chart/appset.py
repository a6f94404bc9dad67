"""One ApplicationSet per component: generators, template, sources, value files.

This is the chart's `application-set.yaml` and its helpers, modelled as data. Strings that
Argo CD evaluates later (`{{ .name }}`, `{{ .values.chart }}`) are kept verbatim; the chart's
own template expressions are evaluated here. Where the chart emits invalid YAML or objects
the API server rejects, the deviation is named in a comment (see docs/chart-rules.md).
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..gotext import go_print, to_string, trunc
from ..k8snames import SECRET_TYPE_CLUSTER, SECRET_TYPE_LABEL
from ..merge import deep_copy, merge_overwrite, sprig_merge
from .model import Component, Settings

API_VERSION = "argoproj.io/v1alpha1"
SECRET_TYPE = {SECRET_TYPE_LABEL: SECRET_TYPE_CLUSTER}

# Deviation 6: our own identity labels instead of Helm's helm.sh/chart and app.kubernetes.io/*.
IDENTITY_LABELS = {
    "app.kubernetes.io/managed-by": "argocd-fleet",
    "app.kubernetes.io/name": "application-sets",
    "app.kubernetes.io/version": __version__,
}

# Placeholders that the ApplicationSet controller fills per cluster.
APP_NAME = "{{ .name }}"
VALUES_CHART = "{{ .values.chart }}"
VALUES_REPOSITORY = "{{ .values.addonChartRepository }}"
VALUES_VERSION = "{{.values.addonChartVersion }}"
VALUES_RELEASE = "{{ .values.addonChart }}"


class PodIdentityDefaults:
    """The global `ackPodIdentity`, which the chart's `merge` mutates component by component.

    sprig `merge` writes into its first argument, so a component's `ackPodIdentity` keys stay
    in the global map for every later component (in key order). Reproduced for parity.
    """

    def __init__(self, settings: Settings) -> None:
        self.shared = deep_copy(settings.ack_pod_identity) if settings.ack_pod_identity else None

    def resolve(self, component: Component) -> dict[str, Any]:
        own = component.ack_pod_identity or {}
        if self.shared is not None:
            return sprig_merge(self.shared, deep_copy(own))
        return sprig_merge({}, deep_copy(own))


def build_application_set(
    component: Component, settings: Settings, pod_defaults: PodIdentityDefaults
) -> dict[str, Any]:
    release = settings.release_type
    name = f"{component.name}-{release}" if release else component.name
    spec: dict[str, Any] = {"goTemplate": True}

    sync_policy = component.sync_policy_appset or settings.sync_policy_appset
    if sync_policy:
        spec["syncPolicy"] = deep_copy(sync_policy)
    spec["goTemplateOptions"] = deep_copy(
        component.go_template_options or settings.go_template_options or ["missingkey=error"]
    )
    for key, value in (
        ("ignoreApplicationDifferences", component.ignore_application_differences),
        ("preservedFields", component.preserved_fields),
        ("strategy", component.strategy),
    ):
        if value:
            spec[key] = deep_copy(value)
    template_patch = component.template_patch or settings.template_patch
    if template_patch:
        spec["templatePatch"] = template_patch
    # The chart always emits the global value (default false); a component's own is ignored.
    spec["applyNestedSelectors"] = settings.apply_nested_selectors
    spec["generators"] = _generators(component, settings)
    spec["template"] = _template(component, settings, pod_defaults)

    return {
        "apiVersion": API_VERSION,
        "kind": "ApplicationSet",
        "metadata": _metadata(
            name,
            settings.namespace,
            {**settings.annotations, **component.annotations_appset},
            {**IDENTITY_LABELS, **settings.common_labels, **component.labels_appset},
        ),
        "spec": spec,
    }


def _metadata(
    name: str | None, namespace: str | None, annotations: dict[str, str], labels: dict[str, str]
) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    if name is not None:
        metadata["name"] = name
    if namespace is not None:
        metadata["namespace"] = namespace
    if annotations:
        metadata["annotations"] = annotations
    if labels:
        metadata["labels"] = labels
    return metadata


# --------------------------------------------------------------------------------------------
# generators


def _selector(
    match_labels: dict[str, str], component: Component, settings: Settings
) -> dict[str, Any]:
    selector: dict[str, Any] = {"matchLabels": match_labels}
    if component.selector and settings.use_selectors:
        extra = dict(component.selector)
        # Deviation 1: the chart lets a component's matchLabels replace the generated ones
        # (losing the secret-type and release labels); here they are laid on top instead.
        own_labels = extra.pop("matchLabels", None) or {}
        selector.update(deep_copy(extra))
        selector["matchLabels"] = {**match_labels, **own_labels}
    return selector


def _generators(component: Component, settings: Settings) -> list[dict[str, Any]]:
    if component.git_matrix:
        return [_git_matrix(component, settings)]

    labels: dict[str, str] = {}
    if settings.use_version_selectors:
        labels.update(settings.releases)
    labels.update(SECRET_TYPE)
    labels.update(settings.global_selectors)
    labels.update(component.selector_match_labels)
    clusters: dict[str, Any] = {"selector": _selector(labels, component, settings)}
    if not component.resource_group:
        clusters["values"] = _chart_values(component)
    default = {"clusters": clusters}
    if not component.environments:
        return [default]

    generators = [default]
    for environment in component.environments:
        generators.append(
            {
                "clusters": {
                    "selector": {"matchLabels": dict(environment.selector)},
                    "values": {"addonChartVersion": environment.chart_version},
                }
            }
        )
    return [{"merge": {"mergeKeys": ["server"], "generators": generators}}]


def _chart_values(component: Component) -> dict[str, str]:
    values = {"addonChart": component.chart_name}
    if component.default_version not in (None, "", False, 0):
        values["addonChartVersion"] = to_string(component.default_version)
    if component.chart_repository:
        values["addonChartRepository"] = component.chart_repository
    if component.chart_namespace:
        values["addonChartRepositoryNamespace"] = component.chart_namespace
        values["chart"] = f"{component.chart_namespace}/{component.chart_name}"
    else:
        values["chart"] = component.chart_name
    return values


def _git_matrix(component: Component, settings: Settings) -> dict[str, Any]:
    # Deviation 2: the chart nests the component's selector inside matchLabels (rejected by
    # the API server) and breaks its YAML with selectorMatchLabels; both go where they belong.
    labels = {**SECRET_TYPE, **settings.global_selectors, **component.selector_match_labels}
    return {
        "matrix": {
            "generators": [
                {
                    "clusters": {
                        "selector": _selector(labels, component, settings),
                        "values": {"chart": component.chart_name},
                    }
                },
                {
                    "git": {
                        "repoURL": settings.repo_url_git,
                        "revision": settings.repo_url_git_revision,
                        "files": [{"path": component.matrix_path}],
                    }
                },
            ]
        }
    }


# --------------------------------------------------------------------------------------------
# template


def _template(
    component: Component, settings: Settings, pod_defaults: PodIdentityDefaults
) -> dict[str, Any]:
    release = settings.release_type
    # Deviation 3: no leading separator when there is no release type.
    prefix = f"{release}-" if release else ""
    if component.app_set_name:
        app_name = f"{prefix}{component.app_set_name}-{{{{ .values.addonChartVersion }}}}"
    else:
        app_name = (
            f"{prefix}{{{{ .name | trunc 30 }}}}-{trunc(component.name, 20)}"
            "-{{ .values.addonChartVersion }}"
        )
    labels = {
        **IDENTITY_LABELS,
        **settings.common_labels,
        **component.labels_app,
        "component": component.name,
        "environment": "{{.metadata.labels.environment}}",
        "cluster": "{{.name}}",
    }
    annotations = {**settings.annotations, **component.annotations_app}

    spec: dict[str, Any] = {
        "project": settings.argo_project_name,
        "sources": _sources(component, settings, pod_defaults),
        "destination": {"namespace": component.namespace, "name": APP_NAME},
    }
    sync_policy = component.sync_policy or settings.sync_policy
    if sync_policy:
        spec["syncPolicy"] = deep_copy(sync_policy)
    if component.ignore_differences:
        # Deviation 5: the chart can write this key twice; it is written once.
        spec["ignoreDifferences"] = deep_copy(component.ignore_differences)
    return {"metadata": _metadata(app_name, None, annotations, labels), "spec": spec}


def _values_ref(settings: Settings) -> dict[str, Any]:
    return {
        "repoURL": settings.repo_url_git,
        "targetRevision": settings.repo_url_git_revision,
        "ref": "values",
    }


def _sources(
    component: Component, settings: Settings, pod_defaults: PodIdentityDefaults
) -> list[dict[str, Any]]:
    sources = [_values_ref(settings)]
    if component.pod_identity:
        sources.append(_pod_identity_source(component, settings, pod_defaults))

    if component.path:
        main: dict[str, Any] = {
            "repoURL": settings.repo_url_git,
            "path": component.path,
            "targetRevision": settings.repo_url_git_revision,
        }
    else:
        main = {
            "repoURL": VALUES_REPOSITORY,
            "chart": VALUES_CHART,
            "targetRevision": VALUES_VERSION,
        }
    sources.append(main)
    if component.type == "manifest":
        # Plain manifests: no helm block, and (as in the chart) no additional resources.
        return sources

    helm: dict[str, Any] = {
        "releaseName": component.release_name or VALUES_RELEASE,
        "ignoreMissingValueFiles": True,
    }
    values_object = _values_object(settings, component.values_object)
    if values_object is not None:
        helm["valuesObject"] = values_object
    if settings.value_files:
        helm["valueFiles"] = value_files(
            settings, component.chart_name, file_name=component.values_file_name
        )
    main["helm"] = helm
    if component.additional_resources:
        sources.extend(_additional_sources(component, settings))
    return sources


def _values_object(settings: Settings, own: dict[str, Any] | None) -> dict[str, Any] | None:
    """`globalValuesObject` deep-copied, then the component's laid over it (component wins)."""
    if not settings.global_values_object and not own:
        return None
    merged = deep_copy(settings.global_values_object)
    if own:
        merge_overwrite(merged, deep_copy(own))
    return merged


def value_files(
    settings: Settings, chart: str, *, chart_type: str = "", file_name: str = ""
) -> list[str]:
    """The chart's `application-sets.valueFiles`: one path per level of `valueFiles`."""
    base = f"$values/{settings.repo_url_git_base_path}"
    if settings.use_values_file_prefix:
        base += f"/{settings.values_file_prefix}"
    tail = ""
    if settings.application_set_group:
        tail += f"/{settings.application_set_group}"
    tail += f"/{chart}"
    if chart_type:
        tail += f"/{chart_type}"
    tail += f"/{file_name or 'values.yaml'}"
    return [f"{base}/{level}{tail}" for level in settings.value_files]


def _pod_identity_source(
    component: Component, settings: Settings, pod_defaults: PodIdentityDefaults
) -> dict[str, Any]:
    identity = pod_defaults.resolve(component)
    if identity.get("path"):
        source: dict[str, Any] = {
            "repoURL": settings.repo_url_git,
            "targetRevision": settings.repo_url_git_revision,
            "path": go_print(identity.get("path")) or "charts/pod-identity",
        }
    elif identity.get("repoURL"):
        source = {
            "repoURL": go_print(identity.get("repoURL")),
            "chart": go_print(identity.get("chart")),
            "targetRevision": go_print(identity.get("chartVersion")),
        }
    else:
        from ..errors import FleetError

        # The chart would attach the pod-identity helm block to the values source instead.
        raise FleetError(
            f"{component.key}.enableAckPodIdentity: needs ackPodIdentity.path or "
            "ackPodIdentity.repoURL (globally or on the component)",
            keypath=(component.key, "enableAckPodIdentity"),
        )
    create = to_string(component.enable_ack_pod_identity)
    source["helm"] = {
        "releaseName": f"{{{{ .name }}}}-{component.chart_name}",
        "valuesObject": {
            "create": f'{{{{default "{create}" (index .metadata.annotations "ack_create")}}}}',
            "region": "{{ .metadata.annotations.aws_region }}",
            "accountId": "{{ .metadata.annotations.aws_account_id}}",
            "podIdentityAssociation": {
                "clusterName": APP_NAME,
                "namespace": component.namespace,
            },
        },
        "ignoreMissingValueFiles": True,
    }
    files = value_files(settings, component.chart_name, chart_type="pod-identity")
    if files:
        source["helm"]["valueFiles"] = files
    return source


def _additional_sources(component: Component, settings: Settings) -> list[dict[str, Any]]:
    extra = component.additional_resources
    assert extra is not None
    sources: list[dict[str, Any]] = []
    if extra.path:
        if extra.type == "manifests":
            prefix = settings.values_file_prefix if settings.use_values_file_prefix else ""
            path = (
                f"{settings.repo_url_git_base_path}{prefix}clusters/{{{{.nameNormalized}}}}/"
                f"{extra.manifest_path}"
            )
        else:
            path = extra.path
        sources.append(
            {
                "repoURL": settings.repo_url_git,
                "targetRevision": settings.repo_url_git_revision,
                "path": path,
            }
        )
    if extra.chart:
        sources.append(
            {"repoURL": extra.repo_url, "chart": extra.chart, "targetRevision": extra.chart_version}
        )
    if extra.helm:
        helm: dict[str, Any] = {
            "releaseName": f"{{{{ .name }}}}-{go_print(extra.helm.get('releaseName'))}",
        }
        values_object = _values_object(settings, extra.helm.get("valuesObject"))
        if values_object is not None:
            helm["valuesObject"] = values_object
        helm["ignoreMissingValueFiles"] = True
        files = value_files(settings, component.chart_name, chart_type=extra.type)
        if files:
            helm["valueFiles"] = files
        # The chart indents the helm block under the last additional source.
        sources[-1]["helm"] = helm
    return sources
