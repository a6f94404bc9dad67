"""The benchmark's own parts: the synthetic fleet generator and the harness's table and ratios."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import cases, measure, report, run, scale, synth
from bench.measure import MIB, Command, Measurement, Sample
from cmp_plugin.fleet.clusterfiles import parse_cluster_secrets
from helpers import run_cli

SMALL = synth.FleetShape(clusters=12, components=5, releases=3, tenants=3, environments=2)


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def small_fleet(tmp_path_factory: pytest.TempPathFactory) -> synth.SyntheticFleet:
    return synth.write_fleet(tmp_path_factory.mktemp("fleet"), SMALL)


# --------------------------------------------------------------------------------------------
# the synthetic fleet


def test_same_shape_and_seed_write_the_same_bytes(tmp_path: Path) -> None:
    first = synth.write_fleet(tmp_path / "a", SMALL)
    second = synth.write_fleet(tmp_path / "b", SMALL)
    assert tree(first.out) == tree(second.out)
    assert first.root == tmp_path / "a" / "repo"
    other = synth.write_fleet(tmp_path / "c", synth.FleetShape(**{**SMALL.__dict__, "seed": 8}))
    assert other.clusters_file.read_bytes() != first.clusters_file.read_bytes()


def test_the_secrets_are_beside_the_repository(small_fleet: synth.SyntheticFleet) -> None:
    """They describe the clusters, not the repository (which validate reads whole)."""
    assert small_fleet.clusters_file.parent == small_fleet.root.parent
    assert not list(small_fleet.root.glob("clusters.*"))
    assert json.loads(small_fleet.clusters_json_file.read_text()) == yaml.safe_load(
        small_fleet.clusters_file.read_text()
    )


def test_the_counts_of_the_shape(small_fleet: synth.SyntheticFleet) -> None:
    root = small_fleet.root
    versions = yaml.safe_load((root / synth.VERSIONS_FILE).read_text())
    assert [r["type"] for r in versions["releases"]["addons"]] == [
        "release0",
        "release1",
        "release2",
    ]
    components = yaml.safe_load((root / "addons/bootstrap/defaults/addons.yaml").read_text())
    assert sorted(components) == [f"addon-{i:03d}" for i in range(5)]
    for name, component in components.items():
        assert component["enabled"] is True
        assert {"chartRepository", "defaultVersion", "namespace"} <= set(component)
        expression = component["selector"]["matchExpressions"][0]
        assert expression == {
            "key": "enable_" + name.replace("-", "_"),
            "operator": "In",
            "values": ["true"],
        }
    members = sorted((root / "fleet/fleet-bootstrap/fleet-members/hub-cluster").glob("*.yaml"))
    assert len(members) == 12
    cluster_files = list(
        root.glob("addons/*/environments/*/clusters/*/application-sets/addons.yaml")
    )
    assert len(cluster_files) == 12 + 1  # the spokes and the hub
    assert len(list(root.glob("addons/tenant*/defaults/application-sets/addons.yaml"))) == 3
    environment_files = root.glob(
        "addons/tenant*/environments/*/defaults/application-sets/addons.yaml"
    )
    assert len(list(environment_files)) == 3 * 2


def test_cluster_secrets_parse_as_kubectl_prints_them(small_fleet: synth.SyntheticFleet) -> None:
    text = small_fleet.clusters_file.read_text()
    document = yaml.safe_load(text)
    assert document["apiVersion"] == "v1" and document["kind"] == "List"
    assert {"data", "stringData"} == {
        key for item in document["items"] for key in item if key in ("data", "stringData")
    }
    clusters = parse_cluster_secrets(text, "clusters.yaml")
    spokes = {spoke.name: spoke for spoke in small_fleet.spokes}
    assert sorted(c.name for c in clusters) == sorted(spokes)
    for cluster in clusters:
        spoke = spokes[cluster.name]
        assert cluster.server == spoke.server
        assert cluster.labels["addonsRelease"] == spoke.release
        assert cluster.labels["tenant"] == spoke.tenant
        enabled = {k for k, v in cluster.labels.items() if k.startswith("enable_") and v == "true"}
        assert enabled == {synth.enable_label(c) for c in spoke.enabled}
        assert cluster.annotations["addons_repo_basepath"] == "addons"


def test_members_name_their_cluster(small_fleet: synth.SyntheticFleet) -> None:
    for path in (small_fleet.root / "fleet/fleet-bootstrap/fleet-members/hub-cluster").iterdir():
        member = yaml.safe_load(path.read_text())
        assert member["clusterName"] == path.stem
        assert {"tenant", "environment", "addons_repo_basepath", "secretManagerSecretName"} <= set(
            member
        )


def test_the_command_line_writes_a_fleet(tmp_path: Path) -> None:
    out = tmp_path / "fleet"
    argv = ["--clusters", "3", "--components", "2", "--releases", "1", "--tenants", "1"]
    assert synth.main([*argv, "--environments", "1", "--out", str(out)]) == 0
    assert len(yaml.safe_load((out / "clusters.yaml").read_text())["items"]) == 3


def test_preview_gives_each_spoke_its_release_and_enabled_components(
    small_fleet: synth.SyntheticFleet,
) -> None:
    """The fleet exercises preview: bootstrap values from the repository, selectors, releases."""
    cli, why = cases.cli_command()
    assert cli, why
    root = str(small_fleet.root)
    completed = subprocess.run(
        [
            *cli,
            "preview",
            "--repo",
            root,
            "--clusters",
            str(small_fleet.clusters_file),
            "-o",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    preview = json.loads(completed.stdout)
    assert preview["warnings"] == []
    spokes = {spoke.name: spoke for spoke in small_fleet.spokes}
    total = 0
    for cluster in preview["clusters"]:
        if cluster["name"] == synth.HUB:
            continue
        spoke = spokes[cluster["name"]]
        for app in cluster["applications"]:
            assert app["release"] == spoke.release
            assert app["chart"] in spoke.enabled
        total += len(cluster["applications"])
    assert total > 0


# --------------------------------------------------------------------------------------------
# the harness


def measured(seconds: float, rss_mib: float = 20.0) -> Measurement:
    return Measurement(
        peak_rss=int(rss_mib * MIB), samples=[Sample(seconds, seconds / 2, 0, 0)] * 3
    )


def results(**medians: float | None) -> report.Results:
    names = {
        "floor": cases.FLOOR,
        "plugin": cases.PLUGIN_CHART,
        "fleet": cases.PLUGIN_FLEET,
        "cli": cases.CLI_CHART,
        "helm": cases.HELM_CHART,
    }
    rows = [
        report.Row(names[key], key, measurement=None if value is None else measured(value))
        for key, value in medians.items()
        if key in names
    ]
    shapes = [(2000, 60, 3), (4000, 60, 3)]
    rows.append(report.Row("preview 2000", "", measurement=measured(4.0, 250)))
    rows.append(report.Row("preview 4000", "", measurement=measured(9.0, 480)))
    return report.Results(runs=3, machine=report.machine(), rows=rows, preview_shapes=shapes)


def verdicts(result: report.Results) -> dict[str, bool | None]:
    return {check.target: check.ok for check in result.checks()}


def test_ratios_and_verdicts() -> None:
    result = results(floor=0.1, plugin=0.15, fleet=0.19, cli=0.2, helm=0.29)
    assert result.ratio(cases.PLUGIN_CHART) == pytest.approx(1.5)
    assert verdicts(result) == {
        "plugin chart mode <= 1.6x floor": True,
        "Helm time / plugin chart mode >= 2x": False,  # 0.29 / 0.15 = 1.93
        "plugin fleet mode <= 1.8x floor": False,  # 1.9
        "CLI generate <= 2.2x floor": True,
        "preview 2000x60x3 time < 5 s": True,
        "preview 2000x60x3 peak RSS < 300 MiB": True,
        "preview 4000 / 2000 clusters <= 2.1x": False,  # 9 / 4 = 2.25
    }


def test_the_scale_figures_and_their_verdicts() -> None:
    """Preview of 10,000 and 20,000 clusters, validate and diff of 2,000, the plugin in a
    tree of 10,000 cluster folders: the limits of the README's Performance table."""
    rows = [
        report.Row(cases.FLOOR, "", measurement=measured(0.05)),
        report.Row("preview 2000", "", measurement=measured(2.0, 120)),
        report.Row("preview 10000", "", measurement=measured(9.5, 1100)),  # memory over
        report.Row("preview 20000", "", measurement=measured(19.0, 1900)),  # 2.0x the time
        report.Row("validate 2000", "", measurement=measured(3.2)),  # over
        report.Row("diff 2000", "", measurement=measured(4.0)),
        report.Row("plugin 10 dirs", "", measurement=measured(0.060)),
        report.Row("plugin 10000 dirs", "", measurement=measured(0.070)),  # 1.17x the small
    ]
    result = report.Results(
        runs=3,
        machine=report.machine(),
        rows=rows,
        preview_shapes=[(2000, 60, 3), (10000, 60, 3), (20000, 60, 3)],
        check_shape=(2000, 60, 3),
        plugin_shape=(10000, 60, 3),
    )
    found = verdicts(result)
    assert {target: ok for target, ok in found.items() if "chart" not in target} == {
        "plugin fleet mode <= 1.8x floor": None,  # no such row here
        "CLI generate <= 2.2x floor": None,
        "preview 2000x60x3 time < 5 s": True,
        "preview 2000x60x3 peak RSS < 300 MiB": True,
        "preview 10000x60x3 time < 10 s": True,
        "preview 10000x60x3 peak RSS < 1024 MiB": False,
        "preview 20000 / 10000 clusters <= 2.1x": True,
        "validate 2000x60x3 time < 3 s": False,
        "diff 2000x60x3 time < 6 s": True,
        "plugin in 10000 / 10 cluster folders <= 1.1x": False,
    }
    table = report.format_table(result)
    assert "validate 2000x60x3 time < 3 s" in table and "MISSED" in table
    document = report.as_json(result)
    assert document["check_shape"] == [2000, 60, 3]
    assert document["plugin_shape"] == [10000, 60, 3]


def test_a_missing_case_is_not_available_and_its_checks_are_not_judged() -> None:
    result = results(floor=0.1, plugin=0.15, fleet=0.15, cli=0.2, helm=None)
    assert verdicts(result)["Helm time / plugin chart mode >= 2x"] is None
    result.rows.append(report.Row("gone", "", unavailable="argocd-fleet is not installed"))
    table = report.format_table(result)
    assert "not available  (argocd-fleet is not installed)" in table
    helm_line = next(line for line in table.splitlines() if line.startswith("Helm time"))
    assert helm_line.split()[-2:] == ["available", "n/a"]


def test_preview_limits_apply_only_at_the_stated_size() -> None:
    result = results(floor=0.1)
    result.preview_shapes = [(20, 5, 3), (40, 5, 3)]
    for row in result.rows:
        row.name = {"preview 2000": "preview 20", "preview 4000": "preview 40"}.get(
            row.name, row.name
        )
    checks = {check.target: check for check in result.checks()}
    assert checks["preview 20x5x3 time < 5 s"].ok is None
    assert checks["preview 20x5x3 time < 5 s"].note == "limit stated for 2000x60x3"
    assert checks["preview 40 / 20 clusters <= 2.1x"].ok is False
    result.check_shape = (20, 5, 3)
    result.rows.append(report.Row("validate 20", "", measurement=measured(9.0)))
    checks = {check.target: check for check in result.checks()}
    assert checks["validate 20x5x3 time < 3 s"].ok is None  # 9 s, but not the stated size


def test_plugin_command_without_plugin_yaml(tmp_path: Path) -> None:
    assert cases.plugin_command(tmp_path / "plugin.yaml") == (None, "no plugin.yaml")
    (tmp_path / "plugin.yaml").write_text("spec:\n  generate:\n    command: [no-such-program-x]\n")
    assert cases.plugin_command(tmp_path / "plugin.yaml") == (
        None,
        "no-such-program-x is not installed",
    )


def test_a_failing_command_is_shown_with_its_last_stderr_line(tmp_path: Path) -> None:
    script = "import sys; sys.stderr.write('Error: No such command preview.\\n'); sys.exit(2)"
    failing = cases.Case(
        "preview 10", "", Command((sys.executable, "-c", script), str(tmp_path), {})
    )
    absent = cases.Case("helm chart", "", None, "helm-python-sdk not installed")
    rows = run.measure([cases.floor_case(), failing, absent], runs=1, preview_runs=1)
    assert rows[0].measurement is not None and len(rows[0].measurement.samples) == 1
    assert rows[1].measurement is None and rows[1].unavailable == "Error: No such command preview."
    assert rows[2].unavailable == "helm-python-sdk not installed"


def test_a_quick_run_of_the_whole_harness(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--runs", "1", "--quick", "--preview-clusters", "10,20", "--preview-components", "3"]
    argv += ["--check-clusters", "10", "--plugin-clusters", "20"]
    assert run.main([*argv, "--json"]) == 0
    output = json.loads(capsys.readouterr().out)
    by_name = {case["name"]: case for case in output["cases"]}
    assert list(by_name) == [
        "floor",
        "plugin chart",
        "cli chart",
        "helm chart",
        "plugin fleet",
        "plugin 10 dirs",
        "plugin 20 dirs",
        "preview 10",
        "preview 20",
        "validate 10",
        "diff 10",
    ]
    # Helm's engine is the optional `bench` extra: measured when installed, else said so.
    helm_installed = importlib.util.find_spec("helm_python") is not None
    for case in by_name.values():
        if case["name"] == "helm chart" and not helm_installed:
            assert not case["available"] and "helm" in case["reason"], case
            continue
        assert case["available"], case
        assert len(case["samples_s"]) == 1 and case["median_s"] > 0
        assert case["peak_rss_bytes"] > 5 * MIB
    assert by_name["floor"]["ratio_to_floor"] == 1.0
    assert by_name["plugin chart"]["command"].endswith("argocd-fleet-cmp")
    assert len(output["checks"]) == 10
    assert output["preview_shapes"] == [[10, 3, 3], [20, 3, 3]]
    assert output["check_shape"] == [10, 3, 3] and output["plugin_shape"] == [20, 3, 3]
    assert output["machine"]["cpus"] == str(os.cpu_count())


# --------------------------------------------------------------------------------------------
# the scale cases


def test_the_diff_case_changes_one_component_version(
    small_fleet: synth.SyntheticFleet, tmp_path: Path
) -> None:
    repo = tmp_path / "diff-repo"
    scale.two_commits(small_fleet.root, repo)
    completed = run_cli(
        "diff", "--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD",
        "--clusters", str(small_fleet.clusters_json_file), "-o", "json",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    changed = json.loads(completed.stdout)["applicationSets"]["changed"]
    components = {change["name"].rsplit("-", 1)[0] for change in changed}
    assert len(components) == 1 and len(changed) == SMALL.releases
    assert {f["to"] for change in changed for f in change["fields"]} == {scale.DIFF_VERSION}


def test_peak_memory_counts_a_forked_worker(tmp_path: Path) -> None:
    """A parent and its forked child, each filling 40 MiB of its own at the same time: each
    is a ~50 MiB process, together ~100 MiB."""
    script = (
        "import os, time\n"
        "pid = os.fork()\n"
        "held = b'x' * (40 * 1024 * 1024)\n"
        "time.sleep(0.5)\n"
        "if pid == 0:\n"
        "    os._exit(0)\n"
        "os.waitpid(pid, 0)\n"
    )
    command = Command((sys.executable, "-c", script), str(tmp_path), {})
    sample, _ = measure.run_once(command, memory=True)
    assert sample.returncode == 0
    assert sample.max_rss_bytes > 90 * MIB
