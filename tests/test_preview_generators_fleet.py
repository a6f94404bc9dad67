"""Generator and template facts on a small fleet: `argocd-fleet preview -o json` and `diff`.

The fleet is a copy of the example fleet (`examples/fleet/`), changed by each test: its addons
defaults enable external-secrets and metrics-server; the ApplicationSets the hub renders name
their Applications `<release>-{{ .name | trunc 30 }}-<component>-<version>` and put the
component's `namespace` into `destination.namespace`. The extra clusters come as cluster
secrets (`--clusters`), base64 `data` as `kubectl get secret -o yaml` prints them.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT, git, run_cli

EXAMPLE = ROOT / "examples" / "fleet"
DEFAULTS = "addons/bootstrap/defaults/addons.yaml"
SPOKE_LABELS = {
    "argocd.argoproj.io/secret-type": "cluster",
    "addonsRelease": "default",
    "enable_metrics_server": "true",
    "fleet_member": "spoke",
    "tenant": "team-a",
    "environment": "prod",
}


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLE, root)
    return root


def add_to_defaults(fleet: Path, text: str) -> None:
    """More lines at the end of the addons defaults (after `metrics-server: enabled: true`)."""
    path = fleet / DEFAULTS
    path.write_text(path.read_text() + text)


def cluster_secret(secret_name: str, data: dict[str, str], **labels: str) -> dict[str, Any]:
    hub = yaml.safe_load((EXAMPLE / "clusters" / "hub.yaml").read_text())
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": secret_name,
            "namespace": "argocd",
            "labels": {**SPOKE_LABELS, **labels},
            "annotations": hub["annotations"],
        },
        "data": {key: base64.b64encode(value.encode()).decode() for key, value in data.items()},
    }


def secrets_file(tmp_path: Path, *secrets: dict[str, Any]) -> Path:
    path = tmp_path / "secrets.yaml"
    path.write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": list(secrets)}))
    return path


def preview(fleet: Path, *args: str) -> dict[str, Any]:
    result = run_cli("preview", "--repo", str(fleet), "--group", "addons", "-o", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def applications(document: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    return {c["name"]: {a["name"]: a for a in c["applications"]} for c in document["clusters"]}


def test_project_and_a_secret_without_a_name(fleet: Path, tmp_path: Path) -> None:
    add_to_defaults(fleet, "  namespace: 'ns-{{ .project }}'\n")
    secrets = secrets_file(
        tmp_path,
        cluster_secret(
            "cluster-x", {"name": "spoke-x", "server": "https://x", "project": "team-x"}
        ),
        cluster_secret("cluster-nameless", {"server": "https://nameless.example.com"}),
    )
    found = applications(preview(fleet, "--clusters", str(secrets)))
    # The cluster generator's `project` is the secret's data.project ("" when absent).
    assert found["spoke-x"]["default-spoke-x-metrics-server-3.11.0"]["namespace"] == "ns-team-x"
    assert found["fleet-hub"]["default-fleet-hub-metrics-server-3.11.0"]["namespace"] == "ns-"
    # A secret without data.name: shown by its server, named "" by the generator.
    nameless = found["https://nameless.example.com"]
    assert list(nameless) == ["default--metrics-server-3.11.0"]
    app = nameless["default--metrics-server-3.11.0"]
    assert app["namespace"] == "ns-"
    assert app["valueFiles"][-1].endswith("/clusters//addons/metrics-server/values.yaml")


def test_template_patch_and_templated_label_keys(fleet: Path, tmp_path: Path) -> None:
    add_to_defaults(
        fleet,
        "  labelsApp:\n"
        "    'tier-{{ .metadata.labels.tier }}': 'yes'\n"
        "templatePatch: |\n"
        "  spec:\n"
        "    destination:\n"
        "      namespace: '{{ .metadata.labels.environment }}-{{ .name }}'\n",
    )
    secrets = secrets_file(
        tmp_path,
        cluster_secret("cluster-x", {"name": "spoke-x", "server": "https://x"}, tier="web"),
    )
    document = preview(fleet, "--clusters", str(secrets))
    found = applications(document)
    # The patch applies to every Application of every ApplicationSet.
    assert {a["namespace"] for a in found["spoke-x"].values()} == {"prod-spoke-x"}
    assert found["spoke-dev-1"]["canary-spoke-dev-1-external-secrets-0.18.2"]["namespace"] == (
        "dev-spoke-dev-1"
    )
    # The label key renders for spoke-x; the other clusters have no `tier`: the key fails.
    assert "problems" not in found["spoke-x"]["default-spoke-x-metrics-server-3.11.0"]
    failing = found["spoke-prod-1"]["default-spoke-prod-1-metrics-server-3.11.0"]
    assert failing["problems"] == [
        "metadata.labels.tier-{{ .metadata.labels.tier }} (the key): map has no entry for key "
        '"tier" (Argo CD fails this Application)'
    ]
    assert any("metrics-server-default: an Application fails" in w for w in document["warnings"])


# --------------------------------------------------------------------------------------------
# diff


def test_diff_shows_what_a_template_patch_changes(fleet: Path) -> None:
    git(fleet, "init", "-q")
    git(fleet, "add", "-A")
    git(fleet, "commit", "-q", "-m", "the example fleet")
    add_to_defaults(
        fleet,
        "templatePatch: |\n"
        "  spec:\n"
        "    destination:\n"
        "      name: null\n"
        "      server: 'https://{{ .name }}.example.com'\n"
        "      namespace: '{{ .name }}-addons'\n",
    )
    result = run_cli("diff", "--repo", str(fleet), "--group", "addons", "-o", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    hub = next(c for c in document["clusters"] if c["name"] == "fleet-hub")
    assert hub["added"] == [] and hub["removed"] == []
    changes = {c["name"]: c["fields"] for c in hub["changed"]}
    # The patch's null deletes destination.name: the Application goes to the server it sets.
    assert changes["default-fleet-hub-metrics-server-3.11.0"] == [
        {"path": "namespace", "from": "kube-system", "to": "fleet-hub-addons"},
        {"path": "destination", "from": "fleet-hub", "to": "https://fleet-hub.example.com"},
    ]
