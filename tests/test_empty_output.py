"""An empty manifest stream is an error that names its likely cause (docs/security.md, "Empty
output").

Exit 0 with nothing on stdout makes Argo CD prune everything an Application manages, so the
plugin (run here as argocd-cmp-server runs it) and the `generate` and `register` commands
refuse it, unless the Application sets `allowEmpty: "true"` (env ARGOCD_ENV_FLEET_ALLOW_EMPTY,
`--allow-empty`). Warnings reach stderr in every mode.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cmp_harness import Run, array, run_plugin, string
from helpers import ROOT, TESTS, run_cli

SMALL_FLEET = TESTS / "bad_inputs" / "fleet"
EXAMPLE_FLEET = ROOT / "examples" / "fleet"
CLUSTER = {
    "name": "dev-1",
    "labels": {"tenant": "team-a", "environment": "dev"},
    "annotations": {"addons_repo_basepath": "addons/tenants"},
}
DISABLED = {  # every component of the small fleet switched off
    "addons/bootstrap/defaults/addons.yaml": "metrics-server:\n  enabled: false\n",
    "addons/tenants/team-a/defaults/application-sets/addons.yaml": "external-dns:\n  enabled: false\n",
}
HINT = 'set the parameter allowEmpty to "true" if it should render nothing'


def error_line(run: Run) -> str:
    """The one error line (warnings aside); nothing on stdout, no traceback."""
    assert run.stdout == "", run.stdout[:200]
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if "warning:" not in line]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("argocd-fleet: error: nothing to render: "), lines[0]
    return lines[0]


def fleet_copy(
    tmp_path: Path, files: dict[str, str] | None = None, source: Path = SMALL_FLEET
) -> Path:
    repo = tmp_path / "fleet"
    shutil.copytree(source, repo, symlinks=True)
    for relative, text in (files or {}).items():
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text(text)
    return repo


def fleet_parameters(*extra: dict[str, str], cluster: dict | None = None) -> list[dict[str, str]]:
    return [string("group", "addons"), string("cluster", json.dumps(cluster or CLUSTER)), *extra]


# --------------------------------------------------------------------------------------------
# chart mode


def test_chart_mode_with_empty_values_names_the_parameter(tmp_path: Path) -> None:
    run = run_plugin(fleet_copy(tmp_path), ".", [string("values", "{}")])
    assert run.returncode == 1
    line = error_line(run)
    assert "the values hold no component" in line
    assert "(read: parameter values)" in line
    assert "are they values of the application-sets chart?" in line
    assert "Argo CD prune everything the Application manages" in line
    assert HINT in line


def test_chart_mode_with_a_file_that_is_not_chart_values(tmp_path: Path) -> None:
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n"
    repo = fleet_copy(tmp_path, {"apps/web/configmap.yaml": manifest})
    run = run_plugin(repo, "apps/web", [array("valueFiles", ["configmap.yaml"])])
    assert run.returncode == 1
    line = error_line(run)
    assert "the values hold no component" in line and "(read: configmap.yaml)" in line


def test_chart_mode_with_every_component_disabled_counts_them(tmp_path: Path) -> None:
    values = "web:\n  enabled: false\napi:\n  enabled: 'false'\nnotAComponent: 1\n"
    repo = fleet_copy(tmp_path, {"apps/web/values.yaml": values})
    run = run_plugin(repo, "apps/web", [array("valueFiles", ["values.yaml"])])
    assert run.returncode == 1
    assert "none of the 2 components is enabled (read: values.yaml)" in error_line(run)


# --------------------------------------------------------------------------------------------
# fleet mode


def test_fleet_mode_with_every_component_disabled_lists_the_files_read(tmp_path: Path) -> None:
    run = run_plugin(fleet_copy(tmp_path, DISABLED), ".", fleet_parameters())
    assert run.returncode == 1
    line = error_line(run)
    assert "no component is enabled for cluster 'dev-1', group 'addons', release stable" in line
    for read in (
        "addons/bootstrap/defaults/addons.yaml",
        "addons/tenants/team-a/defaults/application-sets/addons.yaml",
        "addons/tenants/team-a/environments/dev/clusters/dev-1/application-sets/addons.yaml",
    ):
        assert read in line


def test_fleet_mode_without_any_value_file_names_the_folders_looked_at(tmp_path: Path) -> None:
    # `five-level` where the fleet is laid out for `eks-fleet`: every file is missing.
    run = run_plugin(fleet_copy(tmp_path), ".", fleet_parameters(string("hierarchy", "five-level")))
    assert run.returncode == 1
    line = error_line(run)
    assert "no value file of the hierarchy 'five-level' exists for cluster 'dev-1'" in line
    assert (
        "looked in: addons/tenants/bootstrap/defaults, addons/tenants/defaults/application-sets"
        in line
    )
    assert "addons/tenants/tenants/team-a/clusters/dev-1/application-sets" in line


def test_fleet_mode_with_a_repo_name_matching_nothing_names_it(tmp_path: Path) -> None:
    cluster = {
        **CLUSTER,
        "annotations": {**CLUSTER["annotations"], "resorces_repo_basepath": "resorces"},
    }
    values = string("values", "repoNames: [addons, resorces]\n")
    run = run_plugin(fleet_copy(tmp_path, DISABLED), ".", fleet_parameters(values, cluster=cluster))
    assert run.returncode == 1
    line = error_line(run)
    assert (
        "the repoNames entry 'resorces' matches no value file (looked in: resorces/team-a/defaults"
        in line
    )


def test_allow_empty_as_parameter_or_env_renders_nothing_with_a_warning(tmp_path: Path) -> None:
    repo = fleet_copy(tmp_path, DISABLED)
    for parameters, env in (
        (fleet_parameters(string("allowEmpty", "true")), None),
        (fleet_parameters(), {"FLEET_ALLOW_EMPTY": "true"}),
    ):
        run = run_plugin(repo, ".", parameters, plugin_env=env)
        assert run.returncode == 0, run.stderr
        assert run.stdout == ""
        assert run.stderr.startswith(
            "argocd-fleet: warning: nothing to render, which allowEmpty permits"
        )
    refused = run_plugin(repo, ".", fleet_parameters(string("allowEmpty", "false")))
    assert refused.returncode == 1 and "nothing to render" in refused.stderr


def test_allow_empty_must_be_true_or_false(tmp_path: Path) -> None:
    run = run_plugin(fleet_copy(tmp_path), ".", fleet_parameters(string("allowEmpty", "yes")))
    assert run.returncode == 1 and run.stdout == ""
    assert "parameter allowEmpty: must be true or false, not 'yes'" in run.stderr


def test_allow_empty_does_not_change_a_render_that_has_objects(tmp_path: Path) -> None:
    repo = fleet_copy(tmp_path)
    plain = run_plugin(repo, ".", fleet_parameters())
    allowed = run_plugin(repo, ".", fleet_parameters(string("allowEmpty", "true")))
    assert plain.returncode == allowed.returncode == 0
    assert plain.stdout == allowed.stdout and '"kind": "ApplicationSet"' in plain.stdout
    assert allowed.stderr == ""


# --------------------------------------------------------------------------------------------
# register mode


@pytest.fixture
def example_hub() -> dict:
    return yaml.safe_load((EXAMPLE_FLEET / "clusters" / "hub.yaml").read_text())


def test_register_mode_without_members_names_the_folder(tmp_path: Path, example_hub: dict) -> None:
    hub = {**example_hub, "name": "hub-without-members"}
    parameters = [string("mode", "register"), string("cluster", json.dumps(hub))]
    run = run_plugin(fleet_copy(tmp_path, source=EXAMPLE_FLEET), ".", parameters)
    assert run.returncode == 1
    line = error_line(run)
    assert (
        "hub 'hub-without-members' has no fleet members: the folder "
        "fleet/fleet-bootstrap/fleet-members/hub-without-members does not exist"
    ) in line
    # The warning registration gives for the missing folder reaches stderr too.
    assert (
        "warning: fleet/fleet-bootstrap/fleet-members/hub-without-members: no such directory"
        in run.stderr
    )


def test_register_mode_with_an_empty_members_folder(tmp_path: Path, example_hub: dict) -> None:
    repo = fleet_copy(tmp_path, source=EXAMPLE_FLEET)
    members = repo / "fleet" / "fleet-bootstrap" / "fleet-members" / "fleet-hub"
    for member in members.iterdir():
        member.unlink()
    (members / "README.md").write_text("no member yet\n")
    parameters = [string("mode", "register"), string("cluster", json.dumps(example_hub))]
    line = error_line(run_plugin(repo, ".", parameters))
    assert "the folder fleet/fleet-bootstrap/fleet-members/fleet-hub holds no *.yaml file" in line
    allowed = run_plugin(repo, ".", [*parameters, string("allowEmpty", "true")])
    assert allowed.returncode == 0 and allowed.stdout == ""


def test_register_mode_passes_its_warnings_to_stderr(tmp_path: Path, example_hub: dict) -> None:
    repo = fleet_copy(tmp_path, source=EXAMPLE_FLEET)
    member = repo / "fleet" / "fleet-bootstrap" / "fleet-members" / "fleet-hub" / "spoke-dev-1.yaml"
    member.write_text(member.read_text().replace('use_fleet_ack: "false"', 'use_fleet_ack: "true"'))
    parameters = [string("mode", "register"), string("cluster", json.dumps(example_hub))]
    run = run_plugin(repo, ".", parameters)
    assert run.returncode == 0, run.stderr
    assert '"kind": "ExternalSecret"' in run.stdout
    assert (
        "argocd-fleet: warning: fleet/fleet-bootstrap/fleet-members/fleet-hub/spoke-dev-1.yaml: "
        "use_fleet_ack: 'true' is ignored"
    ) in run.stderr


# --------------------------------------------------------------------------------------------
# the command line gives the same answer


def test_cli_generate_refuses_an_empty_render_unless_allowed(tmp_path: Path) -> None:
    repo = fleet_copy(tmp_path, DISABLED)
    cluster = tmp_path / "cluster.yaml"
    cluster.write_text(json.dumps(CLUSTER))
    # Bootstrap values as the plugin test gives them: no catalog (without --values, generate
    # takes the repository's, here the eks-fleet defaults with their catalogs).
    bootstrap = tmp_path / "bootstrap.yaml"
    bootstrap.write_text("{}\n")
    command = ("generate", "--repo", str(repo), "--group", "addons", "--cluster", str(cluster),
               "--values", str(bootstrap))  # fmt: skip
    refused = run_cli(*command)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "nothing to render: no component is enabled for cluster 'dev-1'" in refused.stderr
    assert "pass --allow-empty if it should render nothing" in refused.stderr
    allowed = run_cli(*command, "--allow-empty")
    assert allowed.returncode == 0 and allowed.stdout == ""
    assert "warning: nothing to render, which --allow-empty permits" in allowed.stderr


def test_cli_generate_chart_mode_names_its_inputs(tmp_path: Path) -> None:
    values = tmp_path / "values.yaml"
    values.write_text("web:\n  enabled: true\n")
    result = run_cli("generate", "-f", str(values), "--set", "web.enabled=false")
    assert result.returncode == 1 and result.stdout == ""
    assert "the one component, 'web', is not enabled" in result.stderr
    assert "--set web.enabled=false" in result.stderr


def test_cli_register_refuses_a_hub_without_members(tmp_path: Path, example_hub: dict) -> None:
    hub = tmp_path / "hub.yaml"
    hub.write_text(yaml.safe_dump({**example_hub, "name": "nobody"}))
    command = ("register", "--repo", str(EXAMPLE_FLEET), "--hub", str(hub))
    refused = run_cli(*command)
    assert refused.returncode == 1 and refused.stdout == ""
    assert "hub 'nobody' has no fleet members" in refused.stderr
    assert run_cli(*command, "--allow-empty").returncode == 0
