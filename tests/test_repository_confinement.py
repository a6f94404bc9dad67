"""Nothing outside the repository copy is opened, and nothing but a regular file is read
(docs/security.md, "Confinement"). Run as argocd-cmp-server runs the plugin, and through the
commands that read a repository: symlinks leading outside are errors naming the path, a
symlinked Application path does not move the root, FIFOs, sockets, directories and over-long
names where a file belongs are errors (never "missing", never a hang), and symlinks that stay
inside the repository keep working."""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import pytest

from cmp_harness import Run, array, run_plugin, string
from helpers import TESTS, run_cli, run_cli_process

SMALL_FLEET = TESTS / "bad_inputs" / "fleet"
CLUSTER = {
    "name": "dev-1",
    "labels": {"tenant": "team-a", "environment": "dev"},
    "annotations": {"addons_repo_basepath": "addons/tenants"},
}
PARAMETERS = [string("group", "addons"), string("cluster", json.dumps(CLUSTER))]
VERSIONS = "fleet/bootstrap/versions/applicationSets.yaml"
CLUSTER_FILE = "addons/tenants/team-a/environments/dev/clusters/dev-1/application-sets/addons.yaml"
SECRET = "external-dns:\n  valuesObject:\n    secret: read-from-another-checkout\n"


def error_line(run: Run) -> str:
    assert run.returncode == 1, (run.returncode, run.stderr)
    assert run.stdout == ""
    lines = [line for line in run.stderr.splitlines() if "warning:" not in line]
    assert len(lines) == 1 and lines[0].startswith("argocd-fleet: error: "), run.stderr
    return lines[0]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(SMALL_FLEET, target, symlinks=True)
    return target


@pytest.fixture
def other_checkout(tmp_path: Path) -> Path:
    """Another Application's checkout beside this one, as in argocd-cmp-server's work dir."""
    other = tmp_path / "other-checkout"
    shutil.copytree(SMALL_FLEET, other, symlinks=True)
    (other / CLUSTER_FILE).write_text(SECRET)
    return other


def with_canary_catalog(repo: Path, catalog: str = "fleet/catalogs/canary") -> None:
    """The second release brings its own catalog folder."""
    versions = repo / VERSIONS
    versions.write_text(
        versions.read_text().replace(
            "    - type: canary\n", f"    - type: canary\n      catalog: {catalog}\n"
        )
    )
    (repo / catalog).mkdir(parents=True, exist_ok=True)


def canary(cluster: dict | None = None) -> list[dict[str, str]]:
    labelled = {**CLUSTER, "labels": {**CLUSTER["labels"], "addonsRelease": "canary"}}
    values = string("values", "mergeValues:\n  addons:\n    use: true\n")
    return [string("group", "addons"), string("cluster", json.dumps(cluster or labelled)), values]


# --------------------------------------------------------------------------------------------
# symlinks leading outside


def test_a_catalog_file_symlinked_to_another_checkout_is_an_error(
    repo: Path, other_checkout: Path
) -> None:
    with_canary_catalog(repo)
    (other_checkout / "addons.yaml").write_text("stolen:\n  enabled: true\n  namespace: x\n")
    (repo / "fleet/catalogs/canary/addons.yaml").symlink_to(other_checkout / "addons.yaml")
    line = error_line(run_plugin(repo, ".", canary()))
    assert "fleet/catalogs/canary/addons.yaml" in line
    assert "leads outside the repository" in line


def test_a_catalog_file_symlinked_to_proc_is_never_read(repo: Path) -> None:
    with_canary_catalog(repo)
    (repo / "fleet/catalogs/canary/addons.yaml").symlink_to("/proc/self/environ")
    run = run_plugin(repo, ".", canary(), extra_env={"SECRET_TOKEN": "s3cr3t"})
    line = error_line(run)
    assert "fleet/catalogs/canary/addons.yaml" in line and "leads outside the repository" in line
    assert "s3cr3t" not in run.stderr


def test_a_symlinked_application_path_does_not_move_the_root(
    repo: Path, other_checkout: Path
) -> None:
    # apps/fleet is a link to the other checkout: climbing from where the plugin runs would
    # make that checkout the root, and render its files.
    (repo / "apps").mkdir()
    (repo / "apps" / "fleet").symlink_to(other_checkout)
    other_app = other_checkout / "apps"
    other_app.mkdir()
    (other_app / "fleet").symlink_to(other_checkout)  # the same layout over there
    run = run_plugin(repo, "apps/fleet", PARAMETERS)
    line = error_line(run)
    assert "ARGOCD_APP_SOURCE_PATH 'apps/fleet'" in line and "symlink" in line
    assert "read-from-another-checkout" not in run.stdout


def test_a_symlinked_application_path_to_a_directory_elsewhere_is_refused(
    repo: Path, other_checkout: Path
) -> None:
    (repo / "apps").mkdir()
    (repo / "apps" / "web").symlink_to(other_checkout / "addons")
    line = error_line(run_plugin(repo, "apps/web", [array("valueFiles", ["x.yaml"])]))
    assert "does not lead from the repository root to the directory the plugin runs in" in line


# --------------------------------------------------------------------------------------------
# what is not a regular file


def test_a_fifo_in_value_files_is_an_error_not_a_hang(repo: Path) -> None:
    def make_fifo(checkout: Path) -> None:
        (checkout / "apps" / "web").mkdir(parents=True)
        os.mkfifo(checkout / "apps" / "web" / "values.yaml")

    run = run_plugin(
        repo, "apps/web", [array("valueFiles", ["values.yaml"])], timeout=20, setup=make_fifo
    )
    line = error_line(run)
    assert "apps/web/values.yaml: value file is a FIFO (named pipe), not a regular file" in line


def test_a_fifo_in_the_hierarchy_is_an_error_not_a_missing_file(repo: Path) -> None:
    def make_fifo(checkout: Path) -> None:
        (checkout / CLUSTER_FILE).unlink()
        os.mkfifo(checkout / CLUSTER_FILE)

    line = error_line(run_plugin(repo, ".", PARAMETERS, timeout=20, setup=make_fifo))
    assert f"{CLUSTER_FILE}: value file is a FIFO (named pipe), not a regular file" in line


def test_a_directory_in_the_hierarchy_is_an_error_not_a_missing_file(repo: Path) -> None:
    (repo / CLUSTER_FILE).unlink()
    (repo / CLUSTER_FILE).mkdir()
    line = error_line(run_plugin(repo, ".", PARAMETERS))
    assert f"{CLUSTER_FILE}: value file is a directory, not a regular file" in line


def test_a_socket_as_versions_file_is_an_error(repo: Path) -> None:
    servers: list[socket.socket] = []

    def make_socket(checkout: Path) -> None:
        (checkout / VERSIONS).unlink()
        servers.append(socket.socket(socket.AF_UNIX))
        servers[0].bind(str(checkout / VERSIONS))

    try:
        line = error_line(run_plugin(repo, ".", PARAMETERS, setup=make_socket))
    finally:
        for server in servers:
            server.close()
    assert f"{VERSIONS}: versions file is a socket, not a regular file" in line


def test_an_over_long_name_is_an_error_not_a_missing_file(repo: Path) -> None:
    long_basepath = "addons/" + "t" * 300
    cluster = {**CLUSTER, "annotations": {"addons_repo_basepath": long_basepath}}
    parameters = [string("group", "addons"), string("cluster", json.dumps(cluster))]
    line = error_line(run_plugin(repo, ".", parameters))
    assert f"{long_basepath}/team-a/defaults/application-sets/addons.yaml: value file: " in line
    assert "file name too long" in line


def test_a_symlink_loop_is_an_error(repo: Path) -> None:
    (repo / CLUSTER_FILE).unlink()
    (repo / CLUSTER_FILE).symlink_to("addons.yaml")  # itself
    line = error_line(run_plugin(repo, ".", PARAMETERS))
    assert CLUSTER_FILE in line and "loop" in line


# --------------------------------------------------------------------------------------------
# symlinks inside the repository keep working


def test_symlinks_inside_the_repository_render_as_their_targets(repo: Path, tmp_path: Path) -> None:
    # The same fleet with its files replaced by links to copies elsewhere in the repository:
    # a value file, a folder of the hierarchy and a catalog file.
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, symlinks=True)
    for target in (plain, repo):
        with_canary_catalog(target)
        (target / "fleet/catalogs/canary/addons.yaml").write_text(
            "canary-tool:\n  enabled: true\n  namespace: canary\n  chartRepository: https://c.example\n"
        )
    shared = repo / "shared"
    shared.mkdir()

    def relink(path: Path, target: Path) -> None:
        shutil.move(path, target)
        path.symlink_to(os.path.relpath(target, path.parent))

    relink(repo / CLUSTER_FILE, shared / "dev-1.yaml")
    relink(repo / "addons/tenants/team-a/defaults", shared / "team-a-defaults")
    relink(repo / "fleet/catalogs/canary/addons.yaml", shared / "canary-catalog.yaml")

    linked = run_plugin(repo, ".", canary())
    expected = run_plugin(plain, ".", canary())
    assert expected.returncode == 0, expected.stderr
    assert linked.returncode == 0, linked.stderr
    assert linked.stdout == expected.stdout
    assert "canary-tool" in linked.stdout and "txtOwnerId" in linked.stdout


# --------------------------------------------------------------------------------------------
# the commands that read a repository


def test_cli_generate_refuses_a_catalog_symlinked_outside(
    repo: Path, other_checkout: Path, tmp_path: Path
) -> None:
    with_canary_catalog(repo)
    (repo / "fleet/catalogs/canary/addons.yaml").symlink_to(other_checkout / CLUSTER_FILE)
    cluster = tmp_path / "cluster.json"
    cluster.write_text(
        json.dumps({**CLUSTER, "labels": {**CLUSTER["labels"], "addonsRelease": "canary"}})
    )
    values = tmp_path / "bootstrap.yaml"
    values.write_text("mergeValues:\n  addons:\n    use: true\n")
    result = run_cli(
        "generate",
        "--repo",
        str(repo),
        "--group",
        "addons",
        "--cluster",
        str(cluster),
        "--values",
        str(values),
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "fleet/catalogs/canary/addons.yaml" in result.stderr
    assert "leads outside the repository" in result.stderr


def test_validate_reports_a_fifo_and_an_outside_member_without_opening_them(
    tmp_path: Path, other_checkout: Path
) -> None:
    repo = tmp_path / "example"
    shutil.copytree(TESTS.parent / "examples" / "fleet", repo, symlinks=True)
    members = repo / "fleet/fleet-bootstrap/fleet-members/fleet-hub"
    (members / "outside.yaml").symlink_to(other_checkout / CLUSTER_FILE)
    os.mkfifo(repo / "addons" / "pipe.yaml")
    result = run_cli_process("validate", "--repo", str(repo), timeout=60)
    assert result.returncode == 1, result.stderr
    assert (
        "addons/pipe.yaml:1: error: is a FIFO (named pipe), not a regular file [invalid-file]"
        in result.stdout
    )
    outside = [line for line in result.stdout.splitlines() if "outside.yaml" in line]
    assert len(outside) == 1, result.stdout
    assert outside[0].endswith(
        "fleet-hub/outside.yaml:1: error: file 'fleet/fleet-bootstrap/fleet-members/fleet-hub/"
        "outside.yaml' leads outside the repository (through a symlink) [invalid-file]"
    )


def test_preview_skips_a_fifo_and_an_outside_file_of_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "example"
    shutil.copytree(TESTS.parent / "examples" / "fleet", repo, symlinks=True)
    os.mkfifo(repo / "bootstrap" / "pipe.yaml")
    secret = tmp_path / "secret.yaml"
    secret.write_text("plugin:\n  name: argocd-fleet-v1\n")
    (repo / "bootstrap" / "outside.yaml").symlink_to(secret)
    result = run_cli_process("preview", "--repo", str(repo), "-o", "json", timeout=60)
    assert result.returncode == 0, result.stderr
    assert (
        "bootstrap/pipe.yaml: is a FIFO (named pipe), not a regular file (file skipped)"
        in result.stderr
    )
    assert (
        "hub bootstrap: file 'bootstrap/outside.yaml' leads outside the repository (through a symlink)"
        in result.stderr
    )
