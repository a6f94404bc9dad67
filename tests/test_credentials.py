"""No credentials from a cluster secret travel through argocd-fleet.

A cluster secret created with `kubectl apply` carries the annotation
`kubectl.kubernetes.io/last-applied-configuration`: a copy of the whole secret as applied,
its `config` (bearer token, TLS key) included. Every cluster description argocd-fleet reads
(the plugin's `cluster` parameter, `generate --cluster`, `register --hub`, `preview --hub`
and `--clusters`) drops it with one warning that names where it was and never what it holds,
and renders exactly what it renders without it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import yaml

from cmp_harness import run_plugin, string
from helpers import KEY, LAST_APPLIED, ROOT, TOKEN, applied_hub_secret, run_cli

FLEET = ROOT / "examples" / "fleet"
HUB = yaml.safe_load((FLEET / "clusters" / "hub.yaml").read_text())


def leaky_hub() -> dict[str, Any]:
    """`{name, labels, annotations}` copied whole from that secret's metadata."""
    secret = applied_hub_secret()
    return {"name": HUB["name"], **{k: secret["metadata"][k] for k in ("labels", "annotations")}}


def assert_warned_once_without_the_secret(stderr: str) -> None:
    lines = stderr.splitlines()
    assert [line for line in lines if LAST_APPLIED in line] == lines, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith("argocd-fleet: warning: ")
    assert "dropped" in lines[0]
    assert TOKEN not in stderr and KEY not in stderr and "bearerToken" not in stderr


# --- the plugin ----------------------------------------------------------------------------


def fleet_parameters(cluster: dict[str, Any]) -> list[dict[str, Any]]:
    values = (FLEET / "bootstrap" / "addons.yaml").read_text()
    return [
        string("group", "addons"),
        string("cluster", json.dumps(cluster)),
        string("values", values),
    ]


def test_plugin_drops_the_annotation_from_the_cluster_parameter() -> None:
    clean = run_plugin(FLEET, "fleet/bootstrap", fleet_parameters(HUB))
    leaky = run_plugin(FLEET, "fleet/bootstrap", fleet_parameters(leaky_hub()))
    assert clean.returncode == leaky.returncode == 0, leaky.stderr
    assert clean.stderr == ""
    assert_warned_once_without_the_secret(leaky.stderr)
    assert leaky.stdout == clean.stdout
    assert TOKEN not in leaky.stdout


def test_plugin_register_mode_drops_it_too() -> None:
    def register(hub: dict[str, Any]):
        parameters = [string("mode", "register"), string("cluster", json.dumps(hub))]
        return run_plugin(FLEET, "fleet/bootstrap", parameters)

    clean, leaky = register(HUB), register(leaky_hub())
    assert clean.returncode == leaky.returncode == 0, leaky.stderr
    assert_warned_once_without_the_secret(leaky.stderr)
    assert leaky.stdout == clean.stdout
    assert TOKEN not in leaky.stdout and KEY not in leaky.stdout


def test_plugin_env_cluster_is_read_the_same_way() -> None:
    values = (FLEET / "bootstrap" / "addons.yaml").read_text()
    env = {"FLEET_GROUP": "addons", "FLEET_CLUSTER": json.dumps(leaky_hub())}
    run = run_plugin(FLEET, "fleet/bootstrap", [string("values", values)], plugin_env=env)
    assert run.returncode == 0, run.stderr
    assert_warned_once_without_the_secret(run.stderr)


# --- the commands --------------------------------------------------------------------------


def write(path: Path, data: Any) -> str:
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_generate_cluster_file(tmp_path: Path) -> None:
    common = ["generate", "--repo", str(FLEET), "--group", "addons"]
    values = ["--values", str(FLEET / "bootstrap" / "addons.yaml")]
    clean = run_cli(*common, "--cluster", str(FLEET / "clusters" / "hub.yaml"), *values)
    leaky = run_cli(*common, "--cluster", write(tmp_path / "hub.yaml", leaky_hub()), *values)
    assert clean.returncode == leaky.returncode == 0, leaky.stderr
    assert_warned_once_without_the_secret(leaky.stderr)
    assert str(tmp_path / "hub.yaml") in leaky.stderr
    assert leaky.stdout == clean.stdout


def test_register_hub_file_in_the_secret_shape(tmp_path: Path) -> None:
    # `{name, metadata: {labels, annotations}}`: the metadata as kubectl prints it.
    secret = applied_hub_secret()
    hub = {"name": HUB["name"], "metadata": secret["metadata"]}
    clean = run_cli("register", "--repo", str(FLEET), "--hub", str(FLEET / "clusters/hub.yaml"))
    leaky = run_cli("register", "--repo", str(FLEET), "--hub", write(tmp_path / "hub.yaml", hub))
    assert clean.returncode == leaky.returncode == 0, leaky.stderr
    assert_warned_once_without_the_secret(leaky.stderr)
    assert leaky.stdout == clean.stdout


def test_preview_hub_and_cluster_secrets(tmp_path: Path) -> None:
    spoke = applied_hub_secret()
    spoke["metadata"]["name"] = "spoke-extra"
    spoke["stringData"] = {**spoke["stringData"], "name": "spoke-extra"}
    spoke["metadata"]["annotations"][LAST_APPLIED] = json.dumps(spoke)
    other = json.loads(json.dumps(spoke).replace("spoke-extra", "spoke-other"))
    listed = {"apiVersion": "v1", "kind": "List", "items": [spoke, other]}
    secrets = write(tmp_path / "secrets.yaml", listed)
    hub = write(tmp_path / "hub.yaml", leaky_hub())
    run = run_cli(
        "preview", "--repo", str(FLEET), "--hub", hub, "--clusters", secrets, "-o", "json"
    )
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if LAST_APPLIED in line]
    # One for the hub file, one for the whole secrets file (two secrets in it).
    assert len(warnings) == 2, run.stderr
    assert any(line.startswith(f"argocd-fleet: warning: {hub}:") for line in warnings)
    assert any(f"{secrets}: 2 cluster secret(s)" in line for line in warnings)
    assert TOKEN not in run.stderr + run.stdout and KEY not in run.stderr + run.stdout
    assert '"spoke-extra"' in run.stdout and '"spoke-other"' in run.stdout


def test_base64_data_secrets_are_read_the_same_way(tmp_path: Path) -> None:
    secret = applied_hub_secret()
    secret["data"] = {
        key: base64.b64encode(value.encode()).decode()
        for key, value in secret.pop("stringData").items()
    }
    path = tmp_path / "secrets.json"
    path.write_text(json.dumps(secret))
    run = run_cli("preview", "--repo", str(FLEET), "--clusters", str(path), "-o", "json")
    assert run.returncode == 0, run.stderr
    assert f"{path}: 1 cluster secret(s): annotation {LAST_APPLIED} dropped" in run.stderr
    assert TOKEN not in run.stderr


# --- the annotations the plugin reads --------------------------------------------------------

REGISTER_READS = [
    f"{repo}_repo_{field}"
    for repo in ("fleet", "addons", "resources")
    for field in ("basepath", "path", "revision", "url")
]


def test_register_mode_reads_only_the_annotations_the_readme_names() -> None:
    """A hub bootstrap may pass exactly these to `mode: register` and lose nothing."""
    readme = (ROOT / "README.md").read_text()
    documented = ", ".join(f"`{key}`" for key in REGISTER_READS[:4])
    assert f"| `register` | {documented}, and the same four for `addons` and for `resources` |" in (
        readme
    )
    named = {**HUB, "annotations": {k: HUB["annotations"][k] for k in REGISTER_READS}}
    assert set(named["annotations"]) != set(HUB["annotations"])  # the hub has others too

    def register(hub: dict[str, Any]):
        parameters = [string("mode", "register"), string("cluster", json.dumps(hub))]
        return run_plugin(FLEET, "fleet/bootstrap", parameters)

    full, only_named = register(HUB), register(named)
    assert full.returncode == only_named.returncode == 0, only_named.stderr
    assert only_named.stdout == full.stdout


def test_fleet_mode_reads_only_the_basepaths_of_its_repo_names() -> None:
    basepaths = {"addons_repo_basepath": HUB["annotations"]["addons_repo_basepath"]}
    full = run_plugin(FLEET, "fleet/bootstrap", fleet_parameters(HUB))
    only_named = run_plugin(
        FLEET, "fleet/bootstrap", fleet_parameters({**HUB, "annotations": basepaths})
    )
    assert full.returncode == only_named.returncode == 0, only_named.stderr
    assert only_named.stdout == full.stdout
