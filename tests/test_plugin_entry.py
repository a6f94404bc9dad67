"""The plugin's contract with Argo CD: inputs from parameters or env, one stream out."""

from __future__ import annotations

import json
import shutil
import sysconfig
from pathlib import Path

import yaml

from cmp_harness import array, run_plugin, string
from helpers import GOLDEN, REFERENCE_FLEET, manifest_differences

ALL_CATALOGS = GOLDEN / "chart" / "18-all-catalogs"
HUB_CASE = yaml.safe_load((GOLDEN / "e2e" / "e2e-hub-addons" / "case.yaml").read_text())


def chart_app(tmp_path: Path) -> Path:
    """A repository with the all-catalogs values in an app directory `apps/chart`."""
    repo = tmp_path / "repo"
    (repo / "apps" / "chart").mkdir(parents=True)
    shutil.copy(ALL_CATALOGS / "values.yaml", repo / "apps" / "chart" / "values.yaml")
    return repo


def test_chart_mode_through_value_files_parameter(tmp_path: Path) -> None:
    run = run_plugin(chart_app(tmp_path), "apps/chart", [array("valueFiles", ["values.yaml"])])
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    expected = (ALL_CATALOGS / "expected.yaml").read_text()
    assert manifest_differences(expected, run.stdout) == []


def test_chart_mode_values_parameter_wins_over_value_files(tmp_path: Path) -> None:
    parameters = [
        array("valueFiles", ["values.yaml"]),
        string("values", "route53-chart:\n  enabled: false\n"),
    ]
    run = run_plugin(chart_app(tmp_path), "apps/chart", parameters)
    assert run.returncode == 0, run.stderr
    names = [doc["metadata"]["name"] for doc in yaml.safe_load_all(run.stdout)]
    assert "route53-chart-release2" not in names and "secrets-release2" in names


def test_value_files_env_is_comma_separated(tmp_path: Path) -> None:
    repo = chart_app(tmp_path)
    (repo / "apps" / "chart" / "off.yaml").write_text("secrets:\n  enabled: false\n")
    run = run_plugin(repo, "apps/chart", plugin_env={"FLEET_VALUE_FILES": "values.yaml, off.yaml"})
    assert run.returncode == 0, run.stderr
    assert '"name": "secrets-release2"' not in run.stdout
    assert '"name": "route53-chart-release2"' in run.stdout


def test_parameters_win_over_env(tmp_path: Path) -> None:
    parameters = [
        string("group", "addons"),
        string("cluster", json.dumps(HUB_CASE["cluster"])),
        string("values", yaml.safe_dump(HUB_CASE["values"])),
        string("release", "release1"),
    ]
    run = run_plugin(
        REFERENCE_FLEET,
        ".",
        parameters,
        plugin_env={"FLEET_RELEASE": "default", "FLEET_GROUP": "nosuch"},
    )
    assert run.returncode == 0, run.stderr
    names = [doc["metadata"]["name"] for doc in yaml.safe_load_all(run.stdout)]
    assert names and all(name.endswith("-release1") for name in names)


def test_output_is_json_documents_by_default_and_yaml_on_request(tmp_path: Path) -> None:
    repo = chart_app(tmp_path)
    as_json = run_plugin(repo, "apps/chart", [array("valueFiles", ["values.yaml"])])
    documents = [part for part in as_json.stdout.split("---\n") if part.strip()]
    assert all(json.loads(part)["kind"] == "ApplicationSet" for part in documents)
    as_yaml = run_plugin(
        repo, "apps/chart", [array("valueFiles", ["values.yaml"]), string("output", "yaml")]
    )
    assert as_yaml.stdout.startswith("---\napiVersion: argoproj.io/v1alpha1\n")
    assert list(yaml.safe_load_all(as_yaml.stdout)) == list(yaml.safe_load_all(as_json.stdout))


def test_argocd_fleet_generate_without_flags_is_the_plugin(tmp_path: Path) -> None:
    repo = chart_app(tmp_path)
    parameters = [array("valueFiles", ["values.yaml"])]
    plugin = run_plugin(repo, "apps/chart", parameters)
    cli = Path(sysconfig.get_path("scripts")) / "argocd-fleet"
    same = run_plugin(repo, "apps/chart", parameters, command=[str(cli), "generate"])
    assert same.returncode == 0, same.stderr
    assert same.stdout == plugin.stdout


def one_line(run) -> str:
    assert run.returncode == 1, run.stderr
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr
    return lines[0]


def test_no_input_says_what_to_set(tmp_path: Path) -> None:
    assert "no input: set the parameters group and cluster" in one_line(
        run_plugin(chart_app(tmp_path), "apps/chart")
    )


def test_unknown_parameter(tmp_path: Path) -> None:
    run = run_plugin(chart_app(tmp_path), "apps/chart", [string("grup", "addons")])
    assert "unknown parameter 'grup'" in one_line(run)


def test_parameters_that_are_not_json(tmp_path: Path) -> None:
    run = run_plugin(
        chart_app(tmp_path), "apps/chart", extra_env={"ARGOCD_APP_PARAMETERS": "{not json"}
    )
    assert "ARGOCD_APP_PARAMETERS is not valid JSON" in one_line(run)


def test_parameters_of_the_wrong_shape(tmp_path: Path) -> None:
    run = run_plugin(
        chart_app(tmp_path), "apps/chart", extra_env={"ARGOCD_APP_PARAMETERS": '{"name": "group"}'}
    )
    assert "must be a JSON list" in one_line(run)


def test_value_file_outside_the_repository_is_refused(tmp_path: Path) -> None:
    run = run_plugin(
        chart_app(tmp_path), "apps/chart", [array("valueFiles", ["../../../etc/passwd"])]
    )
    assert "would leave its folder" in one_line(run)


def test_fleet_mode_without_cluster(tmp_path: Path) -> None:
    run = run_plugin(REFERENCE_FLEET, ".", [string("group", "addons")])
    assert "fleet mode needs the parameter cluster" in one_line(run)
