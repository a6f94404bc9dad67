"""Which Applications each ApplicationSet creates for which cluster, written out by hand."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmp_plugin.gotemplate import GoStringMap
from cmp_plugin.preview.applications import (
    PreviewError,
    applications_for,
    compile_application_set,
    component_source,
    derive_release,
    preview_application_sets,
)
from cmp_plugin.preview.generators import deep_merge, prepare_clusters
from helpers import GOLDEN

SECRET = {"argocd.argoproj.io/secret-type": "cluster"}
REPO = {
    "addons_repo_url": "https://git.example.com/fleet.git",
    "addons_repo_revision": "main",
    "addons_repo_basepath": "addons",
}


def appsets(case: str) -> list[dict[str, Any]]:
    path = GOLDEN / case / "expected.yaml"
    return [d for d in yaml.safe_load_all(path.read_text()) if d and d["kind"] == "ApplicationSet"]


def names(apps: list[Any]) -> list[str]:
    return [app.name for app in apps]


# --------------------------------------------------------------------------------------------
# the reference fleet: the hub's own add-ons


def hub(release: str = "default", **annotations: str) -> dict[str, Any]:
    case = yaml.safe_load((GOLDEN / "e2e/e2e-hub-addons/case.yaml").read_text())["cluster"]
    return {
        "name": case["name"],
        "server": "https://hub.example.com",
        "labels": {
            **case["labels"],
            **SECRET,
            "addonsRelease": release,
            # This group renders with useSelectors 'false': enable_* labels select nothing.
            "enable_metrics_server": "false",
            "enable_argocd": "true",
        },
        "annotations": {
            **case["annotations"],
            **REPO,
            "aws_region": "eu-west-1",
            "aws_account_id": "111122223333",
            "aws_cluster_name": "hub-cluster-np",
            "ack_eks_service_account": "ack-eks-controller",
            "ack_iam_service_account": "ack-iam-controller",
            "external_dns_domain_filters": "example.com",
            **annotations,
        },
    }


HUB_DEFAULT = [
    "default-hub-cluster-np-ack-eks-1.7.1",
    "default-hub-cluster-np-argocd-8.1.2",
    "default-hub-cluster-np-aws-efs-csi-driver-3.0.7",
    "default-hub-cluster-np-external-dns-1.16.1",
    "default-hub-cluster-np-external-secrets-0.17.0",
    "default-hub-cluster-np-iam-chart-1.3.15",
    "default-hub-cluster-np-metrics-server-3.11.0",
]


def all_apps(case: str, clusters: list[dict[str, Any]]) -> list[Any]:
    previews = preview_application_sets(appsets(case), clusters)
    return sorted((a for p in previews for a in p.applications), key=lambda a: a.name)


def test_hub_addons_default_release() -> None:
    apps = all_apps("e2e/e2e-hub-addons", [hub()])
    assert names(apps) == HUB_DEFAULT
    assert not any(app.fails or app.problems for app in apps)
    assert {app.applicationSet for app in apps} == {
        "ack-eks-default",
        "argocd-default",
        "aws-efs-csi-driver-default",
        "external-dns-default",
        "external-secrets-default",
        "iam-chart-default",
        "metrics-server-default",
    }


def test_hub_addons_release1_label_selects_the_other_release() -> None:
    apps = all_apps("e2e/e2e-hub-addons", [hub("release1")])
    assert names(apps) == [n.replace("default-", "release1-", 1) for n in HUB_DEFAULT]
    assert {app.release for app in apps} == {"release1"}


def test_hub_addons_fields_of_one_application() -> None:
    apps = all_apps("e2e/e2e-hub-addons", [hub()])
    external_dns = next(a for a in apps if a.applicationSet == "external-dns-default")
    assert external_dns.to_dict() == {
        "name": "default-hub-cluster-np-external-dns-1.16.1",
        "applicationSet": "external-dns-default",
        "release": "default",
        "chart": "external-dns",
        "repoURL": "https://kubernetes-sigs.github.io/external-dns",
        "targetRevision": "1.16.1",
        # `{{default "external-dns" (index .metadata.annotations "external_dns_namespace")}}`
        "namespace": "external-dns",
        "valueFiles": [
            "$values/addons/control-plane/defaults/addons/external-dns/values.yaml",
            "$values/addons/control-plane/environments/np/defaults/addons/external-dns/values.yaml",
            "$values/addons/control-plane/environments/np/clusters/hub-cluster-np/addons/external-dns/values.yaml",
        ],
    }
    assert (external_dns.cluster, external_dns.destination) == ("hub-cluster-np", "hub-cluster-np")
    assert external_dns.component == "external-dns"
    # The pod-identity source comes first; the component's own source is the chart.
    spec = next(
        a for a in appsets("e2e/e2e-hub-addons") if a["metadata"]["name"] == "external-dns-default"
    )
    assert component_source(spec["spec"]["template"]["spec"]) == 2


def test_hub_addons_annotation_sets_the_namespace() -> None:
    apps = all_apps("e2e/e2e-hub-addons", [hub(external_dns_namespace="dns")])
    assert {a.namespace for a in apps if a.component == "external-dns"} == {"dns"}


def test_hub_addons_path_component() -> None:
    argocd = next(a for a in all_apps("e2e/e2e-hub-addons", [hub()]) if a.component == "argocd")
    assert argocd.chart == "argo-cd"  # the chart source, not the ingress path after it
    assert argocd.path == ""


def test_hub_addons_missing_annotation_fails_those_applications() -> None:
    cluster = hub()
    del cluster["annotations"]["aws_region"]
    apps = all_apps("e2e/e2e-hub-addons", [cluster])
    assert names(apps) == HUB_DEFAULT  # still listed, marked
    failing = sorted(a.name for a in apps if a.fails)
    assert failing == [
        "default-hub-cluster-np-ack-eks-1.7.1",
        "default-hub-cluster-np-external-dns-1.16.1",
        "default-hub-cluster-np-iam-chart-1.3.15",
    ]
    ack = next(a for a in apps if a.component == "ack-eks")
    assert ack.problems == [
        'spec.sources[1].helm.valuesObject.aws.region: map has no entry for key "aws_region" '
        "(Argo CD fails this Application)"
    ]


def test_hub_addons_other_clusters_get_nothing() -> None:
    spoke = hub()
    spoke["name"] = "spoke-1"
    spoke["labels"]["fleet_member"] = "spoke"
    no_secret_type = hub()
    no_secret_type["name"] = "not-a-cluster-secret"
    del no_secret_type["labels"]["argocd.argoproj.io/secret-type"]
    unknown_release = hub("release9")
    unknown_release["name"] = "hub-2"
    apps = all_apps("e2e/e2e-hub-addons", [spoke, no_secret_type, unknown_release, hub()])
    assert names(apps) == HUB_DEFAULT


# --------------------------------------------------------------------------------------------
# merge generator: versions pinned per environment


def cluster(name: str, server: str | None = None, **labels: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "name": name,
        "labels": {**SECRET, "tenant": "t1", **labels},
        "annotations": dict(REPO),
    }
    if server is not None:
        result["server"] = server
    return result


def test_merge_generator_pins_versions_per_environment() -> None:
    (appset,) = appsets("chart/10-environments-merge")
    clusters = [
        cluster("dev-1", "https://dev-1", environment="dev", enable_ingress_nginx="true"),
        cluster("stg-1", "https://stg-1", environment="staging", enable_ingress_nginx="true"),
        cluster("prod-1", "https://prod-1", environment="prod", enable_ingress_nginx="true"),
        # Selected by the environment override only: the merge keeps the base's clusters.
        cluster("dev-off", "https://dev-off", environment="dev"),
    ]
    apps = applications_for(appset, clusters)
    assert [(a.cluster, a.name, a.targetRevision) for a in apps] == [
        ("dev-1", "default-dev-1-ingress-nginx-4.12.0", "4.12.0"),
        ("prod-1", "default-prod-1-ingress-nginx-4.11.0", "4.11.0"),
        ("stg-1", "default-stg-1-ingress-nginx-4.11.0", "4.11.0"),
    ]
    dev = apps[0]
    # The override changed one value; the base's other values are kept (a deep merge).
    assert (dev.chart, dev.repoURL) == (
        "ingress-nginx",
        "https://kubernetes.github.io/ingress-nginx",
    )
    assert (
        dev.valueFiles[1] == "$values/addons/t1/environments/dev/defaults/ingress-nginx/values.yaml"
    )


def test_merge_without_servers_keeps_clusters_apart() -> None:
    (appset,) = appsets("chart/10-environments-merge")
    clusters = [
        cluster("dev-1", environment="dev", enable_ingress_nginx="true"),
        cluster("dev-2", environment="staging", enable_ingress_nginx="true"),
    ]
    apps = applications_for(appset, clusters)
    assert names(apps) == [
        "default-dev-1-ingress-nginx-4.12.0",
        "default-dev-2-ingress-nginx-4.11.0",
    ]


def test_merge_duplicate_servers_fail_the_application_set() -> None:
    (appset,) = appsets("chart/10-environments-merge")
    clusters = [
        cluster("a", "https://same", environment="dev", enable_ingress_nginx="true"),
        cluster("b", "https://same", environment="dev", enable_ingress_nginx="true"),
    ]
    result = compile_application_set(appset).preview(clusters)
    assert result.applications == [] and result.blocked
    assert "not unique by the given mergeKeys" in result.errors[0]
    with pytest.raises(PreviewError, match="Duplicate key was"):
        applications_for(appset, clusters)


def test_deep_merge_overrides_and_keeps_map_types() -> None:
    base = {"values": GoStringMap(a="1", b="2"), "name": "x", "list": [1]}
    merged = deep_merge(base, {"values": {"b": "3", "c": ""}, "list": [2]})
    assert merged == {"values": {"a": "1", "b": "3", "c": ""}, "name": "x", "list": [2]}
    assert isinstance(merged["values"], GoStringMap)
    assert base["values"] == {"a": "1", "b": "2"}  # inputs untouched


# --------------------------------------------------------------------------------------------
# matrix with a git files generator, on the repository's own files


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def teams_repo(tmp_path: Path) -> Path:
    version = (
        "values:\n  addonChart: team-chart\n  addonChartRepository: https://charts.example.com\n"
    )
    write(tmp_path, "teams/alpha/config.yaml", version + "  addonChartVersion: 2.1.0\n")
    write(tmp_path, "teams/beta/config.yaml", version + "  addonChartVersion: 2.2.0\n")
    write(tmp_path, "teams/gamma/config.yaml", version)  # no version: the template fails
    write(tmp_path, "teams/delta/other.yaml", version)  # not config.yaml
    write(tmp_path, "teams/deep/er/config.yaml", version)  # `*` stays in one folder
    return tmp_path


def test_matrix_with_git_files(teams_repo: Path) -> None:
    (appset,) = appsets("chart/09-git-matrix")
    spoke = cluster(
        "spoke-1", "https://spoke-1", environment="prod", fleet_member="spoke", enable_teams="true"
    )
    hub_cluster = cluster(
        "hub", "https://hub", environment="prod", fleet_member="hub-cluster", enable_teams="true"
    )
    result = compile_application_set(appset, str(teams_repo)).preview([spoke, hub_cluster])
    assert [(a.cluster, a.name, a.fails) for a in result.applications] == [
        ("spoke-1", "default-spoke-1-teams-2.1.0", False),
        ("spoke-1", "default-spoke-1-teams-2.2.0", False),
        # A string that fails is not rendered at all: shown as written.
        ("spoke-1", "default-{{ .name | trunc 30 }}-teams-{{ .values.addonChartVersion }}", True),
    ]
    alpha = result.applications[0]
    # The cluster generator's values.chart wins over nothing in the file; the file adds the rest.
    assert (alpha.chart, alpha.repoURL, alpha.targetRevision) == (
        "team-chart",
        "https://charts.example.com",
        "2.1.0",
    )
    assert result.blocked
    assert 'no entry for key "addonChartVersion"' in result.applications[2].problems[0]


def test_matrix_git_without_repository_is_not_evaluated() -> None:
    (appset,) = appsets("chart/09-git-matrix")
    result = compile_application_set(appset, None).preview([cluster("c")])
    assert result.applications == []
    assert result.unevaluated == [
        "generators[0]: not evaluated: the git files generator without a repository to read"
    ]


def minimal_appset(generators: list[dict[str, Any]], name: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "ApplicationSet",
        "metadata": {"name": "demo-default"},
        "spec": {
            "goTemplate": True,
            "goTemplateOptions": ["missingkey=error"],
            "generators": generators,
            "template": {
                "metadata": {"name": name, "labels": {"component": "demo"}},
                "spec": {
                    "project": "default",
                    "destination": {"name": "{{ .name }}", "namespace": "demo"},
                    "sources": [
                        {
                            "repoURL": "https://git.example.com/x.git",
                            "targetRevision": "main",
                            "ref": "values",
                        },
                        {
                            "repoURL": "https://git.example.com/x.git",
                            "targetRevision": "main",
                            "path": "apps/demo",
                        },
                    ],
                },
            },
            **spec,
        },
    }


def test_git_files_path_params_and_lists(tmp_path: Path) -> None:
    write(
        tmp_path,
        "envs/Prod_EU/cluster.yaml",
        "- region: eu\n  replicas: 3\n- region: us\n  replicas: 1000000\n",
    )
    appset = minimal_appset(
        [
            {
                "matrix": {
                    "generators": [
                        {"clusters": {"selector": {"matchLabels": {"fleet": "yes"}}}},
                        {
                            "git": {
                                "repoURL": "x",
                                "revision": "main",
                                "files": [{"path": "envs/**/cluster.yaml"}],
                            }
                        },
                    ]
                }
            }
        ],
        "{{ .name }}-{{ .path.basenameNormalized }}-{{ .region }}-{{ .replicas }}-{{ index .path.segments 0 }}",
    )
    apps = applications_for(appset, [cluster("c1", "https://c1", fleet="yes")], str(tmp_path))
    # YAML numbers reach Go templates as float64 and print with %v.
    assert names(apps) == ["c1-prod-eu-eu-3-envs", "c1-prod-eu-us-1e+06-envs"]
    assert apps[0].chart == "apps/demo" and apps[0].path == "apps/demo"


def test_git_files_path_must_stay_in_the_repository(tmp_path: Path) -> None:
    appset = minimal_appset([{"git": {"files": [{"path": "../*.yaml"}]}}], "{{ .path.path }}")
    result = compile_application_set(appset, str(tmp_path)).preview([])
    assert "must stay inside the repository" in result.errors[0]


# --------------------------------------------------------------------------------------------
# what Argo CD would refuse, and what the preview does not evaluate


def test_missing_label_fails_and_blocks_the_application_set() -> None:
    (appset,) = appsets("chart/10-environments-merge")
    no_environment = cluster("c1", "https://c1", enable_ingress_nginx="true")
    result = compile_application_set(appset).preview([no_environment])
    (app,) = result.applications
    assert app.fails and result.blocked
    assert app.problems[0] == (
        'metadata.labels.environment: map has no entry for key "environment" '
        "(Argo CD fails this Application)"
    )
    assert app.name == "default-c1-ingress-nginx-4.11.0"  # fields that render still do


def test_cluster_without_labels_map_fails_on_labels() -> None:
    appset = minimal_appset([{"list": {"elements": [{"name": "x"}]}}], "{{ .metadata.labels.a }}")
    (app,) = applications_for(appset, [])
    assert app.fails and 'no entry for key "metadata"' in app.problems[0]


def test_unevaluable_expressions_are_marked_not_guessed() -> None:
    appset = minimal_appset(
        [{"clusters": {"selector": {"matchLabels": {"fleet": "yes"}}}}],
        '{{ printf "%s-app" .name }}-{{ randAlphaNum 5 | lower }}',
    )
    (app,) = applications_for(appset, [cluster("c1", "https://c1", fleet="yes")])
    # A random suffix cannot be known offline: the name is shown as written, not guessed.
    assert app.name == '{{ printf "%s-app" .name }}-{{ randAlphaNum 5 | lower }}'
    assert not app.fails
    (problem,) = app.problems
    assert problem.startswith("metadata.name: not evaluated: randAlphaNum 5: ")
    assert problem.endswith(" (shown as written)")
    assert app.to_dict()["problems"] == app.problems


def test_go_template_functions_render_in_fields() -> None:
    appset = minimal_appset(
        [{"clusters": {"selector": {"matchLabels": {"fleet": "yes"}}}}],
        '{{ printf "%s-app" .name | trunc 6 }}{{ range $i := until 2 }}-{{ $i }}{{ end }}',
    )
    (app,) = applications_for(appset, [cluster("c1", "https://c1", fleet="yes")])
    assert (app.name, app.problems, app.fails) == ("c1-app-0-1", [], False)


def test_invalid_application_name_fails() -> None:
    appset = minimal_appset(
        [{"clusters": {"selector": {"matchLabels": {"fleet": "yes"}}}}], "{{ .name }}"
    )
    (app,) = applications_for(appset, [cluster("Upper_Case", "https://u", fleet="yes")])
    assert app.fails
    assert "not a valid Kubernetes name" in app.problems[0]


def test_empty_cluster_selector_adds_in_cluster() -> None:
    appset = minimal_appset([{"clusters": {}}], "{{ .name }}-demo")
    apps = applications_for(appset, [cluster("c1", "https://c1")])
    assert [(a.cluster, a.name, a.destination) for a in apps] == [
        ("c1", "c1-demo", "c1"),
        ("in-cluster", "in-cluster-demo", "in-cluster"),
    ]
    local = [cluster("hub", "https://kubernetes.default.svc")]
    assert names(applications_for(appset, local)) == ["hub-demo"]


def test_duplicate_application_names_fail_the_application_set() -> None:
    appset = minimal_appset([{"list": {"elements": [{"name": "x"}, {"name": "x"}]}}], "same")
    result = compile_application_set(appset).preview([])
    assert "duplicate name: same" in result.errors[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"goTemplate": False}, "goTemplate is not true"),
        ({"generators": [{"pullRequest": {}}]}, "not evaluated: the pullRequest generator"),
        ({"generators": [{"git": {"directories": [{"path": "*"}]}}]}, "git directories"),
    ],
)
def test_unsupported_application_sets_are_reported(change: dict[str, Any], message: str) -> None:
    appset = minimal_appset([{"clusters": {}}], "{{ .name }}")
    appset["spec"].update(change)
    result = compile_application_set(appset).preview([cluster("c1")])
    assert result.applications == []
    assert message in result.unevaluated[0]
    with pytest.raises(PreviewError):
        applications_for(appset, [cluster("c1")])


def test_invalid_selector_fails_the_generator() -> None:
    selector = {"matchExpressions": [{"key": "a", "operator": "In"}]}
    appset = minimal_appset([{"clusters": {"selector": selector}}], "{{ .name }}")
    result = compile_application_set(appset).preview([cluster("c1")])
    assert "values set can't be empty" in result.errors[0]


def test_release_is_derived_from_the_name_and_component() -> None:
    assert derive_release("external-dns-release1", "external-dns") == "release1"
    assert derive_release("external-dns", "external-dns") == ""
    assert derive_release("other", "external-dns") == ""


def test_clusters_accept_secret_shapes() -> None:
    secret_like = {"name": "c1", "metadata": {"labels": {**SECRET, "a": "b"}, "annotations": {}}}
    prepared = prepare_clusters([secret_like, copy.deepcopy(secret_like)])
    # Both are kept: the cluster generator keys by name only among the secrets it selects.
    assert [p.name for p in prepared] == ["c1", "c1"]
    assert prepared[0].params["metadata"] == {"labels": {**SECRET, "a": "b"}}  # no empty maps
    assert prepared[0].params["nameNormalized"] == "c1" and not prepared[0].server_known
