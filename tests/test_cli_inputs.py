"""What the command line's options name (README, "Paths on the command line").

- A path given on the command line is relative to the working directory; `--versions` and
  a `--hierarchy` file are relative to the repository root, as the plugin reads them. Every
  `--help` says so; a path not found is reported with where it was looked for and whether
  it exists relative to the other base.
- `--hub` and `--cluster` take the name of a cluster the repository knows: the hub of
  `clusters/hub.yaml`, its fleet members, the clusters of `--clusters` files.
- `explain` on a spoke says whether the spoke's own value files apply (distributed model).
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
import yaml

from cmp_plugin.cli import COMMANDS
from helpers import ROOT, run_cli

EXAMPLE = ROOT / "examples" / "fleet"
VERSIONS = "fleet/bootstrap/versions/applicationSets.yaml"


def one_error(result, status: int = 1) -> str:  # type: ignore[no-untyped-def]
    assert (result.returncode, result.stdout) == (status, ""), result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, lines
    return lines[0]


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLE, root)
    return root


# --------------------------------------------------------------------------------------------
# the rules, in every --help


def _commands_with_paths() -> list[tuple[str, ...]]:
    names = [("aws", "check")] + [(name,) for name in sorted(COMMANDS) if name != "aws"]
    return [name for name in names if name not in (("schema",),)]


@pytest.mark.parametrize("command", _commands_with_paths(), ids=" ".join)
def test_every_help_states_the_path_rules(command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "is relative to the working directory" in text
    assert "--versions and a --hierarchy file are relative to the repository root" in text
    assert "--hub and --cluster take a file or the name of a cluster the repository knows" in text


def test_repository_relative_options_say_so_in_their_own_help() -> None:
    for command in ("generate", "explain", "preview", "validate", "diff"):
        text = " ".join(run_cli(command, "--help").stdout.split())
        assert "The versions file, relative to the repository root" in text, command
        assert "a file of path patterns relative to the repository root" in text, command


# --------------------------------------------------------------------------------------------
# a path not found: where it was looked for, and the other base


def test_a_repository_path_given_from_outside_names_the_path_that_works() -> None:
    # The mistake of the issue: the hub file named as the repository sees it.
    line = one_error(
        run_cli("preview", "--repo", "examples/fleet", "--hub", "clusters/hub.yaml", cwd=ROOT)
    )
    assert line == (
        "argocd-fleet: error: clusters/hub.yaml: no such file (--hub is relative to the "
        f"working directory, {ROOT}); the repository has it: --hub "
        "examples/fleet/clusters/hub.yaml"
    )


def test_a_path_in_neither_place(tmp_path: Path) -> None:
    line = one_error(
        run_cli(
            "generate", "--repo", str(EXAMPLE), "--group", "addons", "--cluster", "fleet-hub",
            "--values", "nope.yaml", cwd=tmp_path,
        )
    )  # fmt: skip
    assert line == (
        "argocd-fleet: error: nope.yaml: no such file (--values is relative to the working "
        f"directory, {tmp_path}; the repository {EXAMPLE} has no nope.yaml either)"
    )


def test_versions_is_relative_to_the_repository_root() -> None:
    relative = run_cli(
        "generate", "--repo", "examples/fleet", "--group", "addons", "--cluster", "fleet-hub",
        "--versions", VERSIONS, cwd=ROOT,
    )  # fmt: skip
    assert relative.returncode == 0, relative.stderr
    line = one_error(
        run_cli(
            "generate", "--repo", "examples/fleet", "--group", "addons", "--cluster",
            "fleet-hub", "--versions", f"examples/fleet/{VERSIONS}", cwd=ROOT,
        )
    )  # fmt: skip
    assert line == (
        f"argocd-fleet: error: examples/fleet/{VERSIONS}: no such file in the repository "
        "(--versions is relative to the repository root, as the plugin reads it: "
        f"examples/fleet/examples/fleet/{VERSIONS}); the working directory has it, which is "
        f"--versions {VERSIONS}"
    )


def test_a_hierarchy_file_is_relative_to_the_repository_root(fleet: Path) -> None:
    levels = "levels:\n  - '{repoName}/bootstrap/defaults/{group}.yaml'\n"
    (fleet / "levels.yaml").write_text(levels)
    args = ("--group", "addons", "--cluster", "fleet-hub", "--explain")
    from_outside = run_cli(
        "generate", "--repo", "fleet", *args, "--hierarchy", "levels.yaml", cwd=fleet.parent
    )
    assert from_outside.returncode == 0, from_outside.stderr
    assert "1. addons/bootstrap/defaults/addons.yaml\n  catalogs" in from_outside.stderr
    # A file beside the working directory, outside the repository: only as an absolute path.
    (fleet.parent / "mine.yaml").write_text(levels)
    outside = ("--repo", "fleet", *args, "--hierarchy")
    line = one_error(run_cli("generate", *outside, "mine.yaml", cwd=fleet.parent))
    assert line.endswith(
        "mine.yaml: no such file in the repository (--hierarchy is relative to the repository "
        "root, as the plugin reads it: fleet/mine.yaml); the working directory has it, outside "
        "the repository"
    )
    absolute = run_cli("generate", *outside, str(fleet.parent / "mine.yaml"), cwd=fleet.parent)
    assert absolute.returncode == 0, absolute.stderr


# --------------------------------------------------------------------------------------------
# clusters by name


def test_cluster_by_name_is_the_cluster_of_its_file(fleet: Path) -> None:
    args = ("generate", "--repo", ".", "--group", "addons", "--values", "bootstrap/addons.yaml")
    by_file = run_cli(*args, "--cluster", "clusters/hub.yaml", cwd=fleet)
    by_name = run_cli(*args, "--cluster", "fleet-hub", cwd=fleet)
    assert by_file.returncode == 0, by_file.stderr
    assert (by_name.returncode, by_name.stdout, by_name.stderr) == (0, by_file.stdout, "")


def test_a_fleet_member_by_name_has_the_labels_registration_gives_it(fleet: Path) -> None:
    # spoke-dev-1 runs addonsRelease=canary (team-a's dev fleet-secret values) and is no hub:
    # the canary release renders, and only the releases it selects.
    result = run_cli(
        "generate", "--repo", ".", "--group", "addons", "--cluster", "spoke-dev-1",
        "--values", "bootstrap/addons.yaml", "--explain", cwd=fleet,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "cluster 'spoke-dev-1'" in result.stderr
    assert "addonsRelease='canary' names a release" in result.stderr


def test_a_cluster_of_a_secrets_file_by_name(fleet: Path) -> None:
    labels = {"argocd.argoproj.io/secret-type": "cluster", "tenant": "team-a",
              "environment": "dev", "addonsRelease": "default"}  # fmt: skip
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s", "labels": labels, "annotations": {"addons_repo_basepath": "addons/tenants"}},
        "data": {"name": base64.b64encode(b"live-1").decode()},
    }  # fmt: skip
    (fleet / "secrets.yaml").write_text(yaml.safe_dump(secret))
    result = run_cli(
        "generate", "--repo", ".", "--group", "addons", "--cluster", "live-1",
        "--clusters", "secrets.yaml", "--values", "bootstrap/addons.yaml", "--explain", cwd=fleet,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "cluster 'live-1'" in result.stderr
    assert "addons/tenants/team-a/environments/dev/defaults/application-sets/addons.yaml" in (
        result.stderr
    )


def test_an_unknown_name_lists_the_clusters_of_the_repository(fleet: Path) -> None:
    line = one_error(
        run_cli(
            "explain", "--repo", ".", "--group", "addons", "--cluster", "spoke-x", "k", cwd=fleet
        )
    )
    assert line == (
        f"argocd-fleet: error: --cluster spoke-x: no such file in the working directory "
        f"({fleet}), and no cluster of that name in the repository (clusters: fleet-hub, "
        "spoke-dev-1, spoke-prod-1)"
    )


def test_hub_by_name_in_preview_and_register(fleet: Path) -> None:
    for command in (("preview", "--repo", "."), ("register", "--repo", ".", "--labels")):
        by_file = run_cli(*command, "--hub", "clusters/hub.yaml", cwd=fleet)
        by_name = run_cli(*command, "--hub", "fleet-hub", cwd=fleet)
        by_default = run_cli(*command, cwd=fleet)
        assert by_file.returncode == 0, by_file.stderr
        assert by_name.stdout == by_file.stdout == by_default.stdout, command


def test_diff_hub_by_name(fleet: Path) -> None:
    result = run_cli(
        "diff", "--from-dir", ".", "--to-dir", ".", "--hub", "fleet-hub", "--exit-code", cwd=fleet
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# explain on a spoke


def explain_note(fleet: Path, group: str, cluster: str) -> str:
    result = run_cli(
        "explain", "--repo", ".", "--group", group, "--cluster", cluster, "metrics-server.enabled",
        cwd=fleet,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("argocd-fleet: note:")]
    assert len(notes) == 1, result.stderr
    return notes[0].removeprefix("argocd-fleet: note: ")


def test_explain_on_a_centralized_spoke_says_its_own_values_do_not_apply(fleet: Path) -> None:
    assert explain_note(fleet, "addons", "spoke-dev-1") == (
        "spoke-dev-1 is a fleet member: the hub fleet-hub renders group addons for it, from the "
        'hub\'s values (it runs the centralized model: use_remote_argo is not "true"). The '
        "value files of spoke-dev-1 traced here apply only if the spoke renders the group "
        "itself (distributed model); explain without --cluster shows what the hub renders"
    )


def test_explain_on_a_distributed_spoke_that_renders_the_group(fleet: Path) -> None:
    member = fleet / "fleet/fleet-bootstrap/fleet-members/fleet-hub/spoke-dev-1.yaml"
    text = member.read_text().replace('use_remote_argo: "false"', 'use_remote_argo: "true"')
    member.write_text(text.replace('enable_remote_addons: "false"', 'enable_remote_addons: "true"'))
    assert explain_note(fleet, "addons", "spoke-dev-1") == (
        "spoke-dev-1 renders group addons itself (distributed model: use_remote_argo and "
        'enable_remote_addons are "true"): these are the values its own Argo CD renders with'
    )
    # monitoring is never handed over: the hub renders it, even for a distributed spoke.
    assert "a spoke's own Argo CD renders only addons and resources" in explain_note(
        fleet, "monitoring", "spoke-dev-1"
    )


def test_explain_on_the_hub_has_no_note(fleet: Path) -> None:
    for cluster in (None, "fleet-hub"):
        args = ["--cluster", cluster] if cluster else []
        result = run_cli(
            "explain", "--repo", ".", "--group", "addons", *args, "metrics-server.enabled",
            cwd=fleet,
        )  # fmt: skip
        assert result.returncode == 0
        assert "note:" not in result.stderr
