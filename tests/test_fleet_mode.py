"""Fleet mode: release selection, hierarchy, derived values, and its bad inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cmp_harness import run_plugin, string
from cmp_plugin.errors import FleetError
from cmp_plugin.fleet.cluster import Cluster
from cmp_plugin.fleet.hierarchy import Hierarchy
from cmp_plugin.fleet.releases import derived_values, group_releases, only, select
from helpers import REFERENCE_FLEET, run_cli

VERSIONS = {
    "releases": {
        "globals": {"version": "0.3.3", "chartRepo": "registry.example.com"},
        "addons": [{"type": "Stable"}, {"type": "canary", "version": "0.3.4", "chartRepo": ""}],
        "solo": [{"type": "default"}],
    }
}


def test_releases_are_merged_over_globals_with_total() -> None:
    stable, canary = group_releases(VERSIONS, "addons", "versions.yaml")
    assert stable.fields == {
        "type": "Stable",
        "version": "0.3.3",
        "chartRepo": "registry.example.com",
        "totalReleases": 2,
    }
    # sprig merge: the release's own non-empty keys win, empty ones are filled from globals.
    assert canary.fields["version"] == "0.3.4"
    assert canary.fields["chartRepo"] == "registry.example.com"
    assert stable.release_type == "stable"


@pytest.mark.parametrize(
    ("label", "use_version_selectors", "types", "case"),
    [
        ("", True, ["Stable"], 1),
        ("canary", False, ["Stable"], 1),
        ("canary", True, ["Stable", "canary"], 2),
        ("Stable", True, ["Stable", "canary"], 2),
        ("dev", True, ["Stable"], 3),
    ],
)
def test_selection_rules(
    label: str, use_version_selectors: bool, types: list[str], case: int
) -> None:
    releases = group_releases(VERSIONS, "addons", "versions.yaml")
    selection = select(releases, "addons", label, use_version_selectors)
    assert [r.type for r in selection.releases] == types
    assert selection.case == case
    if case == 3:
        # Two releases: the first one's selector asks for addonsRelease=stable, so say so.
        assert (
            selection.warnings
            and "gets none of this group's ApplicationSets" in selection.warnings[0]
        )


def test_undefined_label_with_one_release_warns_without_claiming_nothing_renders() -> None:
    releases = group_releases(VERSIONS, "solo", "versions.yaml")
    selection = select(releases, "solo", "dev", True)
    assert selection.case == 3 and "gets none" not in selection.warnings[0]


def test_derived_values() -> None:
    stable, _ = group_releases(VERSIONS, "addons", "versions.yaml")
    assert derived_values(stable, "addons", "", True) == {
        "applicationSetGroup": "addons",
        "releaseType": "stable",
        "releases": {"addonsRelease": "stable"},  # totalReleases > 1
    }
    (solo,) = group_releases(VERSIONS, "solo", "versions.yaml")
    assert "releases" not in derived_values(solo, "solo", "", True)
    assert derived_values(solo, "solo", "default", True)["releases"] == {"soloRelease": "default"}
    assert "releases" not in derived_values(stable, "addons", "stable", False)


def test_only_release() -> None:
    releases = group_releases(VERSIONS, "addons", "versions.yaml")
    assert only(releases, "stable", "addons").type == "Stable"
    with pytest.raises(FleetError, match="release 'beta' is not defined for group 'addons'"):
        only(releases, "beta", "addons")


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ({"releases": {"addons": []}}, "releases.addons is empty"),
        (
            {"releases": {"monitoring": [{"type": "x"}]}},
            "group 'addons' is not in the versions file (groups: monitoring)",
        ),
        ({"releases": {"addons": [{"version": 1}]}}, "needs a 'type'"),
        ({"other": 1}, "needs a 'releases' mapping"),
    ],
)
def test_bad_versions_files(versions: dict, message: str) -> None:
    with pytest.raises(FleetError, match=message.replace("(", r"\(").replace(")", r"\)")):
        group_releases(versions, "addons", "versions.yaml")


def test_hierarchy_patterns_per_repo_and_once() -> None:
    cluster = Cluster(
        name="c1",
        labels={"tenant": "t", "environment": "e"},
        annotations={"addons_repo_basepath": "addons/tenants", "resources_repo_basepath": "res"},
    )
    hierarchy = Hierarchy.named("eks-fleet")
    assert hierarchy.value_files(cluster, "addons", ["addons", "resources"]) == [
        "addons/bootstrap/defaults/addons.yaml",
        "addons/tenants/t/defaults/application-sets/addons.yaml",
        "addons/tenants/t/environments/e/defaults/application-sets/addons.yaml",
        "addons/tenants/t/environments/e/clusters/c1/application-sets/addons.yaml",
        "res/t/defaults/application-sets/addons.yaml",
        "res/t/environments/e/defaults/application-sets/addons.yaml",
        "res/t/environments/e/clusters/c1/application-sets/addons.yaml",
    ]


@pytest.mark.parametrize(
    ("cluster", "message"),
    [
        (
            Cluster(
                name="c", labels={"environment": "e"}, annotations={"addons_repo_basepath": "a"}
            ),
            "needs the label 'tenant'",
        ),
        (
            Cluster(name="c", labels={"tenant": "t", "environment": "e"}, annotations={}),
            "needs the annotation 'addons_repo_basepath'",
        ),
        (
            Cluster(
                name="../x",
                labels={"tenant": "t", "environment": "e"},
                annotations={"addons_repo_basepath": "a"},
            ),
            "cluster name '../x'",
        ),
        (
            Cluster(
                name="c",
                labels={"tenant": "/etc", "environment": "e"},
                annotations={"addons_repo_basepath": "a"},
            ),
            "label tenant '/etc'",
        ),
        (
            Cluster(
                name="c",
                labels={"tenant": "t", "environment": "e"},
                annotations={"addons_repo_basepath": "/abs"},
            ),
            "is an absolute path",
        ),
        (
            Cluster(
                name="c",
                labels={"tenant": "t", "environment": ".."},
                annotations={"addons_repo_basepath": "a"},
            ),
            "would leave its folder",
        ),
    ],
)
def test_hierarchy_refuses_missing_labels_and_escaping_paths(
    cluster: Cluster, message: str
) -> None:
    with pytest.raises(FleetError, match=message):
        Hierarchy.named("eks-fleet").value_files(cluster, "addons", ["addons"])


def test_trailing_slash_of_a_basepath_is_ignored() -> None:
    cluster = Cluster(
        name="c",
        labels={"tenant": "t", "environment": "e"},
        annotations={"addons_repo_basepath": "a/b/"},
    )
    paths = Hierarchy.named("eks-fleet").value_files(cluster, "addons", ["addons"])
    assert paths[1] == "a/b/t/defaults/application-sets/addons.yaml"


# --------------------------------------------------------------------------------------------
# through the command line


HUB = {
    "name": "hub-cluster-np",
    "labels": {
        "tenant": "control-plane",
        "environment": "np",
        "addonsRelease": "default",
        "fleet_member": "hub-cluster",
    },
    "annotations": {"addons_repo_basepath": "addons"},
}


def fleet(
    tmp_path: Path,
    *extra: str,
    cluster: dict | None = None,
    values: dict | None = None,
    repo: Path = REFERENCE_FLEET,
):
    (tmp_path / "cluster.json").write_text(json.dumps(cluster or HUB))
    (tmp_path / "values.yaml").write_text(
        yaml.safe_dump(values or {"mergeValues": {"addons": {"use": True}}})
    )
    return run_cli(
        "generate", "--repo", str(repo), "--cluster", str(tmp_path / "cluster.json"),
        "--values", str(tmp_path / "values.yaml"), *extra,
    )  # fmt: skip


def one_error(result) -> str:
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if "warning" not in line]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    return lines[0]


def test_release_option_renders_one_release(tmp_path: Path) -> None:
    result = fleet(tmp_path, "--group", "addons", "--release", "release1")
    assert result.returncode == 0, result.stderr
    names = [d["metadata"]["name"] for d in yaml.safe_load_all(result.stdout)]
    assert names and all(name.endswith("-release1") for name in names)


def test_explain_lists_releases_and_value_files(tmp_path: Path) -> None:
    result = fleet(tmp_path, "--group", "monitoring", "--explain")
    assert result.returncode == 0
    # Release rule 1 (README, fleet mode): no label, the first release only.
    assert (
        "releases (release rule 1 of the README): no monitoringRelease label on the cluster"
        in result.stderr
    )
    assert "1. addons/bootstrap/defaults/monitoring.yaml" in result.stderr
    assert "hub-cluster-np/application-sets/monitoring.yaml   (missing, skipped)" in result.stderr


def test_unknown_group_lists_the_groups(tmp_path: Path) -> None:
    line = one_error(fleet(tmp_path, "--group", "nosuch"))
    assert (
        "fleet/bootstrap/versions/applicationSets.yaml: group 'nosuch' is not in the versions file"
        in line
    )
    assert "(groups: addons, fleet, monitoring, resources)" in line


def test_undefined_release(tmp_path: Path) -> None:
    assert "release 'nosuch' is not defined" in one_error(
        fleet(tmp_path, "--group", "addons", "--release", "nosuch")
    )


def test_missing_label(tmp_path: Path) -> None:
    cluster = {**HUB, "labels": {"environment": "np"}}
    assert "needs the label 'tenant'" in one_error(
        fleet(tmp_path, "--group", "addons", cluster=cluster)
    )


def test_missing_versions_file(tmp_path: Path) -> None:
    line = one_error(fleet(tmp_path, "--group", "addons", "--versions", "fleet/nope.yaml"))
    assert (
        f"fleet/nope.yaml: no such file in the repository (--versions is relative to the repository root, as the plugin reads it: {REFERENCE_FLEET}/fleet/nope.yaml)"
        in line
    )


def test_cluster_metadata_that_is_not_yaml(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"name": "x", "labels": {')
    result = run_cli(
        "generate",
        "--repo",
        str(REFERENCE_FLEET),
        "--group",
        "addons",
        "--cluster",
        str(tmp_path / "bad.json"),
    )
    assert f"{tmp_path / 'bad.json'}:1: invalid YAML" in one_error(result)


def test_cluster_parameter_that_is_not_json_names_the_parameter() -> None:
    run = run_plugin(
        REFERENCE_FLEET, ".", [string("group", "addons"), string("cluster", '{"name": ')]
    )
    assert run.returncode == 1 and run.stdout == ""
    assert "parameter cluster:1: invalid YAML" in run.stderr


def test_cluster_env_that_is_not_json_names_the_variable() -> None:
    run = run_plugin(
        REFERENCE_FLEET, ".", plugin_env={"FLEET_GROUP": "addons", "FLEET_CLUSTER": "[1, 2"}
    )
    assert run.returncode == 1 and "env ARGOCD_ENV_FLEET_CLUSTER" in run.stderr


def test_symlink_leaving_the_repository_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REFERENCE_FLEET, repo)
    target = repo / "addons/control-plane/defaults/application-sets/addons.yaml"
    target.unlink()
    outside = tmp_path / "secret.yaml"
    outside.write_text("karpenter: {enabled: true}\n")
    target.symlink_to(outside)
    line = one_error(fleet(tmp_path, "--group", "addons", repo=repo))
    assert "leads outside the repository" in line


def test_two_releases_with_the_same_name_are_an_error(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REFERENCE_FLEET, repo)
    versions = repo / "fleet/bootstrap/versions/applicationSets.yaml"
    versions.write_text("releases:\n  addons:\n    - type: default\n    - type: Default\n")
    line = one_error(fleet(tmp_path, "--group", "addons", repo=repo))
    assert (
        "releases 'default' and 'Default' of group 'addons' both produce the ApplicationSet" in line
    )


def test_release_catalog_in_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REFERENCE_FLEET, repo)
    (repo / "catalogs/v2").mkdir(parents=True)
    (repo / "catalogs/v2/addons.yaml").write_text("only-in-v2:\n  enabled: true\n  namespace: v2\n")
    versions = repo / "fleet/bootstrap/versions/applicationSets.yaml"
    versions.write_text("releases:\n  addons:\n    - type: default\n      catalog: catalogs/v2\n")
    result = fleet(tmp_path, "--group", "addons", repo=repo)
    assert result.returncode == 0, result.stderr
    names = [d["metadata"]["name"] for d in yaml.safe_load_all(result.stdout)]
    assert "only-in-v2-default" in names and "metrics-server-default" not in names


def test_hierarchy_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REFERENCE_FLEET, repo)
    (repo / "hierarchy.yaml").write_text(
        "levels:\n  - '{basepath}/{tenant}/defaults/application-sets/{group}.yaml'\n"
    )
    result = fleet(
        tmp_path, "--group", "addons", "--hierarchy", "hierarchy.yaml", "--explain", repo=repo
    )
    assert result.returncode == 0, result.stderr
    assert "1. addons/control-plane/defaults/application-sets/addons.yaml" in result.stderr
    assert "2." not in result.stderr
    bad = repo / "bad.yaml"
    bad.write_text("- '{nope}/x.yaml'\n")
    assert "unknown placeholder {nope}" in one_error(
        fleet(tmp_path, "--group", "addons", "--hierarchy", "bad.yaml", repo=repo)
    )
