"""`argocd-fleet preview` on the reference fleet, checked against the ApplicationSet controller.

The expected Applications are written out by hand, case by case, from what the controller does
with the ApplicationSets the hub renders (fleet mode, default bootstrap values: useSelectors
"false", useVersionSelectors "true", mergeValues of the group's catalog):

- addons has two releases (default, release1) and the hub's addonsRelease=default names one,
  so the hub renders both (release rule 2, README): every addons ApplicationSet selects
  `addonsRelease=<its release>` plus the secret-type label (component selectors are off with
  useSelectors "false"). Names are `<release>-{{ .name | trunc 30 }}-<component>-<version>`.
- monitoring has two releases and the hub has no monitoringRelease label, so the hub renders
  the first release only, whose selector still asks for `monitoringRelease=default`.
- the spoke registered under fleet-members/hub-cluster-np carries addonsRelease=dev (no such
  release: case 3, it gets no addons) and monitoringRelease=default.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmp_plugin.fleet.clusterfiles import parse_cluster_secrets
from helpers import REFERENCE_FLEET, run_cli, write_reference_hub

ADDONS = ["argocd-8.1.2", "aws-efs-csi-driver-3.0.7", "external-dns-1.16.1",
          "external-secrets-0.17.0", "metrics-server-3.11.0"]  # fmt: skip
MONITORING = [
    "cni-metrics-helper-1.18.5",
    "cw-prometheus-0.1.0",
    "kube-prometheus-stac-56.21.0",
]  # fmt: skip  (the catalog's own truncated name)

EXPECTED = {
    # case 2 for the hub: its label selects the default release's ApplicationSets only.
    "hub-cluster-np": [f"default-hub-cluster-np-{suffix}" for suffix in ADDONS],
    # addonsRelease=release1 selects the release1 ApplicationSets; monitoringRelease=release2
    # names a release the hub does not render, so no monitoring.
    "spoke-canary": [f"release1-spoke-canary-{suffix}" for suffix in ADDONS],
    # addonsRelease=dev names no release: no addons; monitoringRelease=default: monitoring.
    "spoke-dev-workload1": [f"default-spoke-dev-workload1-{suffix}" for suffix in MONITORING],
}


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def hub_file(tmp_path: Path) -> Path:
    # What the hub's own cluster secret carries beside the case's metadata.
    return write_reference_hub(tmp_path / "hub.yaml", secret_label=True)


@pytest.fixture
def secrets_file(tmp_path: Path) -> Path:
    """`kubectl get secret -l ... -o yaml`: a v1 List with base64 data, and a non-cluster secret."""
    canary = {
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "Opaque",
        "metadata": {
            "name": "cluster-canary-secret",
            "namespace": "argocd",
            "labels": {
                "argocd.argoproj.io/secret-type": "cluster",
                "addonsRelease": "release1",
                "monitoringRelease": "release2",
                "environment": "np",
                "tenant": "tenant1",
                "fleet_member": "spoke",
            },
            "annotations": {
                "addons_repo_basepath": "addons/tenants",
                "addons_repo_url": "https://github.com/example/fleet",
                "addons_repo_revision": "main",
                "aws_region": "eu-west-1",
                "aws_account_id": "210987654321",
                "aws_cluster_name": "spoke-canary",
                "external_dns_domain_filters": "canary.example.com",
            },
        },
        "data": {"name": b64("spoke-canary"), "server": b64("https://canary.example.com")},
    }
    repository = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": "repo-creds",
            "labels": {"argocd.argoproj.io/secret-type": "repository"},
        },
        "data": {"url": b64("https://github.com/example/fleet")},
    }
    document = {"apiVersion": "v1", "kind": "List", "items": [canary, repository]}
    path = tmp_path / "secrets.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def preview(*args: str) -> tuple[dict[str, Any], str, str]:
    result = run_cli("preview", "--repo", str(REFERENCE_FLEET), "-o", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stdout, result.stderr


def names(document: dict[str, Any]) -> dict[str, list[str]]:
    return {c["name"]: [a["name"] for a in c["applications"]] for c in document["clusters"]}


def test_reference_fleet_matches_the_controller(hub_file: Path, secrets_file: Path) -> None:
    document, _, _ = preview("--hub", str(hub_file), "--clusters", str(secrets_file))
    assert names(document) == EXPECTED


def test_application_fields(hub_file: Path, secrets_file: Path) -> None:
    document, _, _ = preview("--hub", str(hub_file), "--clusters", str(secrets_file))
    clusters = {c["name"]: c for c in document["clusters"]}
    hub_apps = {a["name"]: a for a in clusters["hub-cluster-np"]["applications"]}
    metrics = hub_apps["default-hub-cluster-np-metrics-server-3.11.0"]
    assert metrics == {
        "name": "default-hub-cluster-np-metrics-server-3.11.0",
        "applicationSet": "metrics-server-default",
        "release": "default",
        "chart": "metrics-server",
        "repoURL": "https://kubernetes-sigs.github.io/metrics-server",
        "targetRevision": "3.11.0",
        "namespace": "kube-system",
        "valueFiles": [
            "$values/addons/control-plane/defaults/addons/metrics-server/values.yaml",
            "$values/addons/control-plane/environments/np/defaults/addons/metrics-server/values.yaml",
            "$values/addons/control-plane/environments/np/clusters/hub-cluster-np/addons/metrics-server/values.yaml",
        ],
    }
    # The hub's secret has every annotation the templates read: nothing fails.
    assert all("problems" not in app for app in hub_apps.values())
    canary = {a["name"]: a for a in clusters["spoke-canary"]["applications"]}
    dns = canary["release1-spoke-canary-external-dns-1.16.1"]
    assert dns["applicationSet"] == "external-dns-release1"
    assert dns["release"] == "release1"
    assert (
        dns["valueFiles"][0]
        == "$values/addons/tenants/tenant1/defaults/addons/external-dns/values.yaml"
    )
    assert clusters["spoke-canary"]["labels"]["addonsRelease"] == "release1"


def test_json_shape_and_stability(hub_file: Path, secrets_file: Path) -> None:
    first, text, _ = preview("--hub", str(hub_file), "--clusters", str(secrets_file))
    _, again, _ = preview("--hub", str(hub_file), "--clusters", str(secrets_file))
    assert text == again
    assert set(first) == {"clusters", "warnings"}
    assert [c["name"] for c in first["clusters"]] == sorted(c["name"] for c in first["clusters"])
    for cluster in first["clusters"]:
        assert set(cluster) == {"name", "labels", "applications"}
        assert [a["name"] for a in cluster["applications"]] == sorted(
            a["name"] for a in cluster["applications"]
        )
        for app in cluster["applications"]:
            assert set(app) - {"problems"} == {
                "name", "applicationSet", "release", "chart", "repoURL", "targetRevision",
                "namespace", "valueFiles",
            }  # fmt: skip


def test_yaml_output_is_the_same_document(hub_file: Path, secrets_file: Path) -> None:
    document, _, _ = preview("--hub", str(hub_file), "--clusters", str(secrets_file))
    result = run_cli(
        "preview", "--repo", str(REFERENCE_FLEET), "--hub", str(hub_file),
        "--clusters", str(secrets_file), "-o", "yaml",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(result.stdout) == document


def test_undefined_release_labels_are_warned(hub_file: Path, secrets_file: Path) -> None:
    document, _, stderr = preview("--hub", str(hub_file), "--clusters", str(secrets_file))
    case3 = (
        "group addons: addonsRelease='dev' names no release of the group (releases: default, "
        "release1), on cluster spoke-dev-workload1*; a cluster marked * gets none of the "
        "group's Applications"
    )
    unrendered = (
        "group monitoring: monitoringRelease='release2' on cluster spoke-canary, but the hub "
        "renders only default: they get none of the group's Applications"
    )
    for message in (case3, unrendered):
        assert message in document["warnings"]
        assert f"argocd-fleet: warning: {message}" in stderr
    assert any("not a cluster secret" in w for w in stderr.splitlines())


def test_table_is_the_default(hub_file: Path) -> None:
    result = run_cli("preview", "--repo", str(REFERENCE_FLEET), "--hub", str(hub_file))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "CLUSTER",
        "APPLICATION",
        "RELEASE",
        "CHART",
        "VERSION",
        "NAMESPACE",
    ]
    row = next(line for line in lines if "default-hub-cluster-np-metrics-server-3.11.0" in line)
    assert row.split() == [
        "hub-cluster-np", "default-hub-cluster-np-metrics-server-3.11.0", "default",
        "metrics-server", "3.11.0", "kube-system",
    ]  # fmt: skip
    assert "2 clusters, 8 Applications" in lines


def test_table_counts_one_cluster_in_the_singular(tmp_path: Path) -> None:
    # A hub named so that no fleet-members folder is its own: the hub is the only cluster.
    hub = yaml.safe_load(write_reference_hub(tmp_path / "hub.yaml").read_text())
    hub["name"] = "hub-alone"
    (tmp_path / "hub.yaml").write_text(yaml.safe_dump(hub))
    result = run_cli("preview", "--repo", str(REFERENCE_FLEET), "--hub", str(tmp_path / "hub.yaml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 cluster, 5 Applications"


def test_group_and_values_options(hub_file: Path, tmp_path: Path) -> None:
    values = tmp_path / "addons.yaml"
    values.write_text(
        yaml.safe_dump(
            {
                "useSelectors": "false",
                "useVersionSelectors": "false",
                "mergeValues": {"addons": {"use": True}},
                "globalSelectors": {"fleet_member": "hub-cluster"},
            }
        )
    )
    document, _, _ = preview(
        "--hub", str(hub_file), "--group", "addons", "--values", f"addons={values}"
    )
    # useVersionSelectors "false": one release, no release label in the selector, and the
    # global selector keeps the spoke (fleet_member=spoke) out.
    assert names(document) == {
        "hub-cluster-np": [f"default-hub-cluster-np-{suffix}" for suffix in ADDONS],
        "spoke-dev-workload1": [],
    }


def test_bootstrap_values_from_the_plugin_applications(hub_file: Path, tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "fleet"
    shutil.copytree(REFERENCE_FLEET, repo)
    bootstrap = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "ApplicationSet",
        "metadata": {"name": "hub-bootstrap", "namespace": "argocd"},
        "spec": {
            "goTemplate": True,
            "generators": [{"list": {"elements": [{"group": "addons"}]}}],
            "template": {
                "metadata": {"name": "{{.name}}-{{.group}}"},
                "spec": {
                    "project": "default",
                    "destination": {"name": "{{.name}}", "namespace": "argocd"},
                    "source": {
                        "repoURL": "https://github.com/example/fleet",
                        "path": ".",
                        "plugin": {
                            "name": "argocd-fleet-v1",
                            "parameters": [
                                {"name": "group", "string": "{{.group}}"},
                                {
                                    "name": "values",
                                    "string": "useSelectors: 'false'\n"
                                    "useVersionSelectors: 'false'\n"
                                    "mergeValues: {addons: {use: true}}\n"
                                    "globalSelectors: {fleet_member: hub-cluster}\n",
                                },
                            ],
                        },
                    },
                },
            },
        },
    }
    (repo / "bootstrap.yaml").write_text(yaml.safe_dump(bootstrap))
    result = run_cli(
        "preview", "--repo", str(repo), "--hub", str(hub_file), "--group", "addons", "-o", "json"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert names(document)["hub-cluster-np"] == [
        f"default-hub-cluster-np-{suffix}" for suffix in ADDONS
    ]
    # useVersionSelectors "false" came from the plugin parameters: the release label is not
    # read, so there is no case-3 warning (the default values would give one).
    assert not any("addonsRelease" in warning for warning in document["warnings"])
    defaults = run_cli(
        "preview", "--repo", str(REFERENCE_FLEET), "--hub", str(hub_file), "--group", "addons"
    )
    assert "addonsRelease='dev' names no release" in defaults.stderr


def test_cluster_secret_parsing() -> None:
    text = yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "List",
            "items": [
                {
                    "kind": "Secret",
                    "metadata": {
                        "name": "s1",
                        "labels": {"argocd.argoproj.io/secret-type": "cluster", "env": "dev"},
                        "annotations": {"a": "b"},
                    },
                    "data": {"name": b64("from-data"), "server": b64("https://one")},
                },
                {
                    "kind": "Secret",
                    "metadata": {
                        "name": "s2",
                        "labels": {"argocd.argoproj.io/secret-type": "cluster"},
                    },
                    "data": {"name": b64("ignored")},
                    "stringData": {"name": "from-string-data", "server": "https://two"},
                },
            ],
        }
    )
    stream = "---\n" + yaml.safe_dump(
        {
            "kind": "Secret",
            "metadata": {"name": "s3", "labels": {"argocd.argoproj.io/secret-type": "cluster"}},
            "stringData": {"server": "https://three"},
        }
    )
    clusters = parse_cluster_secrets(text, "list.yaml") + parse_cluster_secrets(stream, "s.yaml")
    assert [(c.name, c.server) for c in clusters] == [
        ("from-data", "https://one"),
        ("from-string-data", "https://two"),
        ("https://three", "https://three"),  # no name: Argo CD names it after its server
    ]
    assert clusters[0].labels == {"argocd.argoproj.io/secret-type": "cluster", "env": "dev"}
    assert clusters[0].annotations == {"a": "b"}


def test_bad_base64_is_one_clear_error(hub_file: Path, tmp_path: Path) -> None:
    secrets = tmp_path / "bad.yaml"
    secrets.write_text(
        yaml.safe_dump(
            {
                "kind": "Secret",
                "metadata": {"name": "x", "labels": {"argocd.argoproj.io/secret-type": "cluster"}},
                "data": {"name": "not base64!"},
            }
        )
    )
    result = run_cli(
        "preview",
        "--repo",
        str(REFERENCE_FLEET),
        "--hub",
        str(hub_file),
        "--clusters",
        str(secrets),
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().endswith("data.name is not valid base64 of UTF-8 text")
    assert "Traceback" not in result.stderr


def test_no_hub_is_an_error() -> None:
    result = run_cli("preview", "--repo", str(REFERENCE_FLEET))
    assert result.returncode == 1
    assert "no hub cluster: give --hub HUB.yaml" in result.stderr


def test_malformed_values_option(hub_file: Path) -> None:
    result = run_cli(
        "preview", "--repo", str(REFERENCE_FLEET), "--hub", str(hub_file), "--values", "addons"
    )
    assert result.returncode == 2
    assert "expected GROUP=FILE" in result.stderr
