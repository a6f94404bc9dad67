"""Fleet mode against the e2e golden cases: through the CLI, and through the plugin harness
with parameters and with env, as Argo CD would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cmp_harness import run_plugin, string
from cmp_plugin.fleet.cluster import Cluster
from cmp_plugin.fleet.hierarchy import resolve
from cmp_plugin.fleet.paths import Repo
from cmp_plugin.fleet.render import FleetRequest, fleet_mode
from cmp_plugin.sources import ValueSource
from helpers import GOLDEN, REFERENCE_FLEET, cases, manifest_differences, run_cli

E2E_CASES = cases("e2e")


def load_case(case: Path) -> dict:
    data = yaml.safe_load((case / "case.yaml").read_text())
    data["repo_dir"] = GOLDEN / data["repo"] if "repo" in data else REFERENCE_FLEET
    return data


def test_all_e2e_cases_are_present() -> None:
    assert len(E2E_CASES) >= 4


@pytest.mark.parametrize("case", E2E_CASES, ids=lambda p: p.name)
def test_cli(case: Path, tmp_path: Path) -> None:
    data = load_case(case)
    (tmp_path / "cluster.json").write_text(json.dumps(data["cluster"]))
    (tmp_path / "values.yaml").write_text(yaml.safe_dump(data["values"]))
    args = ["generate", "--repo", str(data["repo_dir"]), "--group", data["group"]]
    args += ["--cluster", str(tmp_path / "cluster.json"), "--values", str(tmp_path / "values.yaml")]
    if "hierarchy" in data:
        args += ["--hierarchy", data["hierarchy"]]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert manifest_differences((case / "expected.yaml").read_text(), result.stdout) == []


def plugin_inputs(data: dict) -> dict[str, str]:
    inputs = {
        "group": data["group"],
        "cluster": json.dumps(data["cluster"]),
        "values": yaml.safe_dump(data["values"]),
    }
    if "hierarchy" in data:
        inputs["hierarchy"] = data["hierarchy"]
    return inputs


@pytest.mark.parametrize("case", E2E_CASES, ids=lambda p: p.name)
def test_plugin_with_parameters(case: Path) -> None:
    data = load_case(case)
    parameters = [string(name, value) for name, value in plugin_inputs(data).items()]
    run = run_plugin(data["repo_dir"], ".", parameters)
    assert run.returncode == 0, run.stderr
    assert manifest_differences((case / "expected.yaml").read_text(), run.stdout) == []


@pytest.mark.parametrize("case", E2E_CASES, ids=lambda p: p.name)
def test_plugin_with_env(case: Path) -> None:
    data = load_case(case)
    env = {f"FLEET_{name.upper()}": value for name, value in plugin_inputs(data).items()}
    # The Application's path is a sub-directory: the repository root is found above it.
    run = run_plugin(data["repo_dir"], "fleet/bootstrap", plugin_env=env)
    assert run.returncode == 0, run.stderr
    assert manifest_differences((case / "expected.yaml").read_text(), run.stdout) == []


@pytest.mark.parametrize("case", E2E_CASES, ids=lambda p: p.name)
def test_resolved_value_files_and_releases(case: Path) -> None:
    data = load_case(case)
    repo = Repo.at(str(data["repo_dir"]))
    request = FleetRequest(
        repo=repo,
        group=data["group"],
        cluster=Cluster.from_mapping(data["cluster"], "case.yaml"),
        bootstrap=ValueSource(display="values", text="", data=data["values"]),
        hierarchy=resolve(data.get("hierarchy"), repo),
    )
    result = fleet_mode(request)
    assert [f.path for f in result.value_files] == data["resolved"]["valueFiles"]
    assert result.releases == data["resolved"]["releases"]
