"""The chart's fields, in one table: what the model reads, the schema states, the linter knows.

Each `Field` is one key of the values as the chart writes it: the attribute of the model that
holds it, its shape (what the model checks, what the schema allows), the converter that makes
the model's value of the checked one, the description editors show, and the default the
model takes when the value is empty. `SETTINGS` are the global values, `COMPONENT` the fields
of a component entry; a field with a structure of its own has a table of its own
(`ENVIRONMENT`, `ADDITIONAL_RESOURCES`, `HELM`).

Adding a field to the chart is one row here (and its attribute in `chart.model`, which the
tests check against this table) and its use in `chart/appset.py`: `chart.model` reads it,
`argocd-fleet schema` describes it (`schema.py`), `unknown-key` knows it, the property tests
generate it. Rows are plain objects (no dataclasses, nothing to import): this module is on
the plugin's start-up path.
"""

from __future__ import annotations

from .convert import (
    ADDITIONAL,
    BOOLEAN,
    CATALOG_USES,
    COPIED,
    ENABLED,
    ENVIRONMENTS,
    FLAG,
    LABELS,
    MAP,
    NAMES,
    SCALAR,
    SCALAR_FLAG,
    SCALARS,
    SELECTOR,
    STRING,
    Field,
    additional_resources_of,
    chart_name,
    chart_namespace,
    component_type,
    environments_of,
    helm_of,
    is_true,
    lower_text,
    nested_flag,
    or_none,
    resources_type,
    selector,
    tested_text,
    text,
    texts,
    truthy_flag,
)

# --------------------------------------------------------------------------------------------
# the tables

SETTINGS: tuple[Field, ...] = (
    Field(
        "releaseType",
        "release_type",
        SCALAR,
        "The release this render is for (the release's `type`, lower-cased); appended to "
        "every ApplicationSet name. Fleet mode sets it from the versions file.",
        lower_text,
    ),
    Field(
        "useSelectors",
        "use_selectors",
        FLAG,
        'When "true", each component\'s `selector` is added to its cluster generator.',
        is_true,
    ),
    Field(
        "useVersionSelectors",
        "use_version_selectors",
        FLAG,
        'When "true", the `releases` labels are added to every cluster generator, so a '
        "cluster only gets the release its `<group>Release` label names.",
        is_true,
    ),
    Field(
        "releases",
        "releases",
        LABELS,
        "Release labels required of clusters, e.g. `addonsRelease: default` (fleet mode sets "
        "it for the release being rendered).",
    ),
    Field(
        "globalSelectors",
        "global_selectors",
        LABELS,
        "Labels every cluster generator requires, e.g. `fleet_member: hub-cluster`.",
    ),
    Field(
        "namespace",
        "namespace",
        SCALAR,
        "Namespace of the ApplicationSets (default argocd).",
        tested_text,
        default="argocd",
    ),
    Field(
        "syncPolicy",
        "sync_policy",
        COPIED,
        "The Applications' syncPolicy (a component's own wins).",
        crd="spec.template.spec.syncPolicy",
    ),
    Field(
        "syncPolicyAppSet",
        "sync_policy_appset",
        COPIED,
        "The ApplicationSets' syncPolicy (a component's own wins).",
        crd="spec.syncPolicy",
    ),
    Field(
        "goTemplateOptions",
        "go_template_options",
        COPIED,
        "The ApplicationSets' goTemplateOptions (default [missingkey=error]).",
        crd="spec.goTemplateOptions",
    ),
    Field(
        "repoURLGit",
        "repo_url_git",
        SCALAR,
        "Repository of the value files (a template over the cluster secret).",
        text,
    ),
    Field(
        "repoURLGitRevision",
        "repo_url_git_revision",
        SCALAR,
        "Revision of the value-files repository.",
        text,
    ),
    Field(
        "repoURLGitBasePath",
        "repo_url_git_base_path",
        SCALAR,
        "Base path of the value files in it.",
        text,
    ),
    Field(
        "valueFiles",
        "value_files",
        SCALARS,
        "Folders (templates over the cluster) whose `<chart>/values.yaml` each Application "
        "reads, in order.",
        texts,
    ),
    Field(
        "globalValuesObject",
        "global_values_object",
        MAP,
        "Values given to every component's chart (under its own valuesObject).",
        default=dict,
    ),
    Field(
        "valuesFilePrefix",
        "values_file_prefix",
        SCALAR,
        "Prefix of the value-file folders.",
        text,
    ),
    Field(
        "useValuesFilePrefix",
        "use_values_file_prefix",
        SCALAR_FLAG,
        "Whether `valuesFilePrefix` is used.",
        truthy_flag,
    ),
    Field(
        "argoProjectName",
        "argo_project_name",
        SCALAR,
        "Argo CD project of the Applications.",
        tested_text,
        default="default",
    ),
    Field(
        "applyNestedSelectors",
        "apply_nested_selectors",
        BOOLEAN,
        "The ApplicationSets' applyNestedSelectors.",
        nested_flag,
    ),
    Field(
        "templatePatch",
        "template_patch",
        STRING,
        "A templatePatch for every ApplicationSet.",
        or_none,
    ),
    Field("commonLabels", "common_labels", LABELS, "Labels of every generated Application."),
    Field(
        "annotations",
        "annotations",
        LABELS,
        "Annotations of every ApplicationSet and Application.",
    ),
    Field(
        "applicationSetGroup",
        "application_set_group",
        SCALAR,
        "The group being rendered (fleet mode sets it, e.g. addons).",
        tested_text,
    ),
    Field(
        "ackPodIdentity",
        "ack_pod_identity",
        MAP,
        "Where the pod-identity chart comes from: {path} or {repoURL, chart, chartVersion}.",
    ),
    Field(
        "mergeValues",
        None,
        CATALOG_USES,
        "Catalogs to merge under these values: `<name>: {use: true}`.",
    ),
    # Fleet mode: a key of the bootstrap values that is no chart value.
    Field(
        "repoNames",
        None,
        NAMES,
        "Fleet mode (bootstrap values): the repositories whose hierarchies are read, in order, "
        "each with the cluster annotation `<repoName>_repo_basepath`.",
    ),
)

# The keys of the bootstrap values that steer fleet mode and are not chart values.
FLEET_KEYS = ("repoNames",)

ENVIRONMENT: tuple[Field, ...] = (
    Field("selector", "selector", LABELS, "Labels the clusters of this environment carry."),
    Field(
        "chartVersion",
        "chart_version",
        SCALAR,
        "Chart version for these clusters (default: the component's defaultVersion).",
    ),
)

HELM: tuple[Field, ...] = (
    Field("valuesObject", "values_object", MAP, "Helm values of the second source."),
    Field("releaseName", "release_name", SCALAR, "Helm release name of the second source."),
)

ADDITIONAL_RESOURCES: tuple[Field, ...] = (
    Field("path", "path", SCALAR, "A path in the Git repository.", tested_text),
    Field(
        "type", "type", SCALAR, "`manifests` for plain manifests under the path.", resources_type
    ),
    Field("manifestPath", "manifest_path", SCALAR, "Where the manifests are.", text),
    Field("chart", "chart", SCALAR, "A Helm chart instead of a path.", tested_text),
    Field("repoURL", "repo_url", SCALAR, "Repository of the chart.", text),
    Field("chartVersion", "chart_version", SCALAR, "Version of the chart.", text),
    Field("helm", "helm", MAP, "Helm settings of the second source.", helm_of(HELM)),
)

COMPONENT: tuple[Field, ...] = (
    Field(
        "enabled",
        None,
        ENABLED,
        "Render this component: true or false. Anything else is an error (deviation 7).",
    ),
    Field(
        "chartName",
        "chart_name",
        SCALAR,
        "The Helm chart's name (default: the entry's key).",
        chart_name,
    ),
    Field(
        "chartNamespace",
        "chart_namespace",
        SCALAR,
        "OCI namespace of the chart in its repository.",
        chart_namespace,
    ),
    Field(
        "chartRepository",
        "chart_repository",
        SCALAR,
        "Helm or OCI repository of the chart.",
        tested_text,
    ),
    Field(
        "defaultVersion",
        "default_version",
        SCALAR,
        "Chart version when no environment sets one.",
    ),
    Field(
        "releaseName", "release_name", SCALAR, "Helm release name of the Application.", tested_text
    ),
    Field("namespace", "namespace", SCALAR, "Destination namespace of the Application.", text),
    Field("path", "path", SCALAR, "A path in the Git repository instead of a chart.", tested_text),
    Field("type", "type", SCALAR, "`manifest` for a plain-manifest path.", component_type),
    Field(
        "resourceGroup",
        "resource_group",
        FLAG,
        "A group of resources (no chart values).",
        truthy_flag,
    ),
    Field(
        "gitMatrix",
        "git_matrix",
        FLAG,
        "Generate one Application per Git directory.",
        truthy_flag,
    ),
    Field("matrixPath", "matrix_path", SCALAR, "The directories the Git matrix lists.", text),
    Field(
        "selector",
        "selector",
        SELECTOR,
        "A label selector over the clusters, added to the cluster generator when "
        '`useSelectors` is "true".',
        selector,
    ),
    Field(
        "selectorMatchLabels",
        "selector_match_labels",
        LABELS,
        "Labels the cluster generator requires.",
    ),
    Field(
        "environments",
        "environments",
        ENVIRONMENTS,
        "One cluster generator per environment: {selector, chartVersion}.",
        environments_of(ENVIRONMENT),
    ),
    Field("valuesObject", "values_object", MAP, "Helm values of the Application."),
    Field(
        "valuesFileName",
        "values_file_name",
        SCALAR,
        "Name of the value file in each folder.",
        tested_text,
    ),
    Field(
        "appSetName",
        "app_set_name",
        SCALAR,
        "Name of the Applications (default: the key).",
        tested_text,
    ),
    Field(
        "enableAckPodIdentity",
        "enable_ack_pod_identity",
        SCALAR,
        "Add the pod-identity chart as a second source (true/false).",
    ),
    Field(
        "ackPodIdentity", "ack_pod_identity", MAP, "This component's pod-identity source settings."
    ),
    Field(
        "additionalResources",
        "additional_resources",
        ADDITIONAL,
        "A second source: a path, manifests or a chart, with helm settings.",
        additional_resources_of(ADDITIONAL_RESOURCES),
    ),
    Field(
        "syncPolicy",
        "sync_policy",
        COPIED,
        "The Application's syncPolicy.",
        crd="spec.template.spec.syncPolicy",
    ),
    Field(
        "syncPolicyAppSet",
        "sync_policy_appset",
        COPIED,
        "The ApplicationSet's syncPolicy.",
        crd="spec.syncPolicy",
    ),
    Field(
        "goTemplateOptions",
        "go_template_options",
        COPIED,
        "The ApplicationSet's goTemplateOptions.",
        crd="spec.goTemplateOptions",
    ),
    Field(
        "ignoreApplicationDifferences",
        "ignore_application_differences",
        COPIED,
        "The ApplicationSet's field.",
        crd="spec.ignoreApplicationDifferences",
    ),
    Field(
        "preservedFields",
        "preserved_fields",
        COPIED,
        "The ApplicationSet's preservedFields.",
        crd="spec.preservedFields",
    ),
    Field(
        "strategy",
        "strategy",
        COPIED,
        "The ApplicationSet's rollout strategy.",
        crd="spec.strategy",
    ),
    Field(
        "templatePatch",
        "template_patch",
        STRING,
        "The ApplicationSet's templatePatch.",
        or_none,
    ),
    Field("labelsAppSet", "labels_appset", LABELS, "Labels of the ApplicationSet."),
    Field("annotationsAppSet", "annotations_appset", LABELS, "Annotations of the ApplicationSet."),
    Field("labelsApp", "labels_app", LABELS, "Labels of the Applications."),
    Field("annotationsApp", "annotations_app", LABELS, "Annotations of the Applications."),
    Field(
        "ignoreDifferences",
        "ignore_differences",
        COPIED,
        "The Applications' ignoreDifferences.",
        crd="spec.template.spec.ignoreDifferences",
    ),
)


def copied_fields() -> dict[str, str]:
    """The values keys copied into the ApplicationSets as written, and where their CRD puts
    them (`data/build.py` reduces those parts of the CRD to `data/crd-shapes.json`)."""
    return {field.key: field.crd for field in SETTINGS + COMPONENT if field.crd}
