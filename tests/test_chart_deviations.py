"""One test per deliberate deviation from the chart (README, "Where argocd-fleet deliberately differs from the chart").

Each test builds the input on which the application-sets chart 0.3.3 produces an invalid or
wrong object, and checks that argocd-fleet's object is the valid one.
"""

from __future__ import annotations

import re

import crd
import pytest
import yaml

from cmp_plugin.chart.render import render
from cmp_plugin.stream import write_stream
from helpers import run_cli

DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def one(values: dict) -> dict:
    objects = render(values).objects
    assert len(objects) == 1
    assert crd.errors(objects[0]) == []
    return objects[0]


def cluster_generator(appset: dict) -> dict:
    return appset["spec"]["generators"][0]["clusters"]


def test_1_component_matchlabels_merge_over_generated_labels() -> None:
    # The chart writes the component's matchLabels as a second `matchLabels:` key, which
    # replaces the secret-type and release labels: every release would select every cluster.
    appset = one(
        {
            "releaseType": "canary",
            "releases": {"addonsRelease": "canary"},
            "useSelectors": "true",
            "useVersionSelectors": "true",
            "globalSelectors": {"fleet_member": "spoke"},
            "web": {
                "enabled": True,
                "namespace": "web",
                "selector": {
                    "matchLabels": {"tier": "gold", "fleet_member": "edge"},
                    "matchExpressions": [
                        {"key": "enable_web", "operator": "In", "values": ["true"]}
                    ],
                },
            },
        }
    )
    selector = cluster_generator(appset)["selector"]
    assert selector["matchLabels"] == {
        "addonsRelease": "canary",
        "argocd.argoproj.io/secret-type": "cluster",
        "fleet_member": "edge",  # the component's own label wins over the global one
        "tier": "gold",
    }
    assert selector["matchExpressions"] == [
        {"key": "enable_web", "operator": "In", "values": ["true"]}
    ]


def test_2_git_matrix_selector_beside_matchlabels() -> None:
    # The chart nests the selector inside matchLabels (rejected) and breaks its YAML when
    # selectorMatchLabels is set.
    appset = one(
        {
            "releaseType": "default",
            "useSelectors": "true",
            "repoURLGit": "https://git.example.com/fleet.git",
            "repoURLGitRevision": "main",
            "teams": {
                "enabled": True,
                "gitMatrix": True,
                "matrixPath": "teams/*/config.yaml",
                "namespace": "teams",
                "selectorMatchLabels": {"tier": "gold"},
                "selector": {"matchExpressions": [{"key": "enable_teams", "operator": "Exists"}]},
            },
        }
    )
    clusters = appset["spec"]["generators"][0]["matrix"]["generators"][0]["clusters"]
    assert clusters["selector"] == {
        "matchLabels": {"argocd.argoproj.io/secret-type": "cluster", "tier": "gold"},
        "matchExpressions": [{"key": "enable_teams", "operator": "Exists"}],
    }


@pytest.mark.parametrize(
    ("release_type", "appset_name", "app_prefix"),
    [(None, "web", ""), ("", "web", ""), ("Canary", "web-canary", "canary-")],
)
def test_3_release_type_lower_cased_and_no_leading_separator(
    release_type, appset_name, app_prefix
) -> None:
    values = {"web": {"enabled": True, "namespace": "web", "defaultVersion": "1.0.0"}}
    if release_type is not None:
        values["releaseType"] = release_type
    appset = one(values)
    assert appset["metadata"]["name"] == appset_name
    template_name = appset["spec"]["template"]["metadata"]["name"]
    assert (
        template_name == app_prefix + "{{ .name | trunc 30 }}-web-{{ .values.addonChartVersion }}"
    )
    # What the ApplicationSet controller would make of it for a cluster is a valid name.
    rendered = template_name.replace("{{ .name | trunc 30 }}", "hub").replace(
        "{{ .values.addonChartVersion }}", "1-0-0"
    )
    assert DNS_LABEL.match(rendered), rendered


def test_4_release_label_values_are_strings() -> None:
    appset = one(
        {
            "releaseType": "r1",
            "useVersionSelectors": "true",
            "releases": {"addonsRelease": True, "platformRelease": 1.0, "otherRelease": 2},
            "globalSelectors": {"fleet_member": True},
            "web": {"enabled": True, "namespace": "web", "selectorMatchLabels": {"gen": 3}},
        }
    )
    labels = cluster_generator(appset)["selector"]["matchLabels"]
    assert labels == {
        "addonsRelease": "true",
        "platformRelease": "1.0",
        "otherRelease": "2",
        "argocd.argoproj.io/secret-type": "cluster",
        "fleet_member": "true",
        "gen": "3",
    }
    assert all(isinstance(value, str) for value in labels.values())


def test_5_each_key_once_and_well_formed_documents() -> None:
    values = {
        "releaseType": "default",
        "a": {
            "enabled": True,
            "namespace": "a",
            "ignoreDifferences": [{"kind": "Secret", "jsonPointers": ["/data"]}],
        },
        "b": {"enabled": True, "namespace": "b"},
    }
    text = write_stream(render(values).objects)
    documents = text.split("---\n")[1:]
    assert len(documents) == 2
    for document in documents:
        assert document.startswith("apiVersion: ")  # never `---apiVersion`
    assert text.count("ignoreDifferences:") == 1
    parsed = list(yaml.safe_load_all(text))
    assert parsed[0]["spec"]["template"]["spec"]["ignoreDifferences"] == [
        {"kind": "Secret", "jsonPointers": ["/data"]}
    ]


def test_6_identity_labels_are_argocd_fleet_not_helm() -> None:
    appset = one({"releaseType": "default", "web": {"enabled": True, "namespace": "web"}})
    for metadata in (appset["metadata"], appset["spec"]["template"]["metadata"]):
        assert metadata["labels"]["app.kubernetes.io/managed-by"] == "argocd-fleet"
        assert "helm.sh/chart" not in metadata["labels"]
        assert "helm.sh/chart" not in metadata.get("annotations", {})


@pytest.mark.parametrize("enabled", ["yes", "True", "on", 1, "enabled"])
def test_7_enabled_not_true_or_false_is_an_error(tmp_path, enabled) -> None:
    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump({"external-dns": {"enabled": enabled, "namespace": "dns"}}))
    result = run_cli("generate", "-f", str(values))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "external-dns.enabled" in result.stderr
    assert f"{values}:2:" in result.stderr  # file and line of the offending key
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("enabled", "rendered"), [(True, 1), ("true", 1), (False, 0), ("false", 0)]
)
def test_7_booleans_and_their_strings_are_accepted(enabled, rendered) -> None:
    objects = render({"web": {"enabled": enabled, "namespace": "web"}}).objects
    assert len(objects) == rendered
