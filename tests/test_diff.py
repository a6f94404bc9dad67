"""`argocd-fleet diff` between two commits of a temporary git repository of the example fleet.

What the example fleet (`examples/fleet/`) renders, from its README and its files, is the
base every expectation below starts from:

- addons has two releases: `default` (the built-in catalog) and `canary` (the catalog
  `fleet/bootstrap/catalogs/canary/`, metrics-server 3.12.2, external-secrets 0.18.2); the hub
  (addonsRelease=default) renders both, so every addons component has a `-default` and a
  `-canary` ApplicationSet, each selecting `addonsRelease=<its release>`;
- fleet-hub and spoke-prod-1 run the default release, spoke-dev-1 (addonsRelease=canary, set
  by its fleet-secret values) the canary one. Application names are
  `<release>-<cluster>-<component>-<chart version>`;
- a new fleet member under `fleet/fleet-bootstrap/fleet-members/fleet-hub/` gets the labels of
  the team-a fleet-secret values: addonsRelease=default, enable_metrics_server and
  enable_external_secrets, but not enable_kube_prometheus_stack (only spoke-prod-1's own file
  sets it).

Each test changes one thing, commits it, and checks by name what must be added, removed or
changed, and that nothing else is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cmp_plugin.diff.compare import MISSING, FieldChange, field_changes
from cmp_plugin.diff.revisions import locate, materialised
from helpers import ROOT, commit, git, run_cli, run_cli_process

EXAMPLE = ROOT / "examples" / "fleet"
CANARY_CATALOG = "fleet/bootstrap/catalogs/canary/addons.yaml"
ADDONS_DEFAULTS = "addons/bootstrap/defaults/addons.yaml"
MEMBERS = "fleet/fleet-bootstrap/fleet-members/fleet-hub"
VERSIONS = "fleet/bootstrap/versions/applicationSets.yaml"


# --------------------------------------------------------------------------------------------
# a git repository of the example fleet


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path}: {old!r} is not there once (example changed?)"
    path.write_text(text.replace(old, new))


def bump_canary_metrics_server(fleet: Path) -> None:
    """The canary release moves metrics-server from 3.12.2 to 3.13.0."""
    catalog = fleet / CANARY_CATALOG
    edit(catalog, 'defaultVersion: "3.12.2"', 'defaultVersion: "3.13.0"')


def add_member(fleet: Path, name: str) -> None:
    text = (fleet / MEMBERS / "spoke-prod-1.yaml").read_text()
    text = text.replace("spoke-prod-1", name)
    (fleet / MEMBERS / f"{name}.yaml").write_text(text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose root is a copy of the example fleet, one commit."""
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLE, root)
    git(root, "init", "-q")
    commit(root, "the example fleet")
    return root


def diff(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("diff", *args, cwd=cwd)


def diff_json(*args: str) -> dict:
    completed = diff(*args, "-o", "json")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def cluster(document: dict, name: str) -> dict:
    found = [c for c in document["clusters"] if c["name"] == name]
    assert len(found) == 1, f"cluster {name} not in the diff once: {document['clusters']}"
    return found[0]


def names(apps: list[dict]) -> list[str]:
    return [app["name"] for app in apps]


# --------------------------------------------------------------------------------------------
# what changes


def test_release_version_bump(repo: Path) -> None:
    bump_canary_metrics_server(repo)
    commit(repo, "canary: metrics-server 3.13.0")
    result = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")

    assert result["equal"] is False
    appsets = result["applicationSets"]
    assert appsets["added"] == [] and appsets["removed"] == []
    # The version is a value of the cluster generator; the templates read it from there.
    assert appsets["changed"] == [
        {
            "name": "metrics-server-canary",
            "group": "addons",
            "fields": [
                {
                    "path": "spec.generators[0].clusters.values.addonChartVersion",
                    "from": "3.12.2",
                    "to": "3.13.0",
                }
            ],
        }
    ]
    # Only the canary cluster runs it; the new version renames its Application.
    assert [c["name"] for c in result["clusters"]] == ["spoke-dev-1"]
    dev = cluster(result, "spoke-dev-1")
    assert dev["status"] == "changed" and dev["labels"] == [] and dev["changed"] == []
    assert names(dev["added"]) == ["canary-spoke-dev-1-metrics-server-3.13.0"]
    assert names(dev["removed"]) == ["canary-spoke-dev-1-metrics-server-3.12.2"]
    assert dev["added"][0]["targetRevision"] == "3.13.0"
    assert dev["added"][0]["applicationSet"] == "metrics-server-canary"


def test_component_disabled_in_a_value_file(repo: Path) -> None:
    edit(
        repo / ADDONS_DEFAULTS,
        "metrics-server:\n  enabled: true",
        "metrics-server:\n  enabled: false",
    )
    commit(repo, "no metrics-server")
    result = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")

    appsets = result["applicationSets"]
    assert appsets["added"] == [] and appsets["changed"] == []
    assert appsets["removed"] == [
        {"name": "metrics-server-canary", "group": "addons"},
        {"name": "metrics-server-default", "group": "addons"},
    ]
    assert {c["name"]: names(c["removed"]) for c in result["clusters"]} == {
        "fleet-hub": ["default-fleet-hub-metrics-server-3.11.0"],
        "spoke-dev-1": ["canary-spoke-dev-1-metrics-server-3.12.2"],
        "spoke-prod-1": ["default-spoke-prod-1-metrics-server-3.11.0"],
    }
    assert all(c["added"] == [] and c["changed"] == [] for c in result["clusters"])


def test_component_enabled_back_is_the_reverse(repo: Path) -> None:
    edit(
        repo / ADDONS_DEFAULTS,
        "metrics-server:\n  enabled: true",
        "metrics-server:\n  enabled: false",
    )
    commit(repo, "no metrics-server")
    result = diff_json("--repo", str(repo), "--from", "HEAD", "--to", "HEAD~1")
    assert names(result["applicationSets"]["added"]) == [
        "metrics-server-canary",
        "metrics-server-default",
    ]
    assert names(cluster(result, "fleet-hub")["added"]) == [
        "default-fleet-hub-metrics-server-3.11.0"
    ]


def test_fleet_member_added(repo: Path) -> None:
    add_member(repo, "spoke-prod-2")
    commit(repo, "a new spoke")
    result = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")

    # The hub renders the same ApplicationSets; they now select one more cluster.
    assert result["applicationSets"] == {"added": [], "removed": [], "changed": []}
    assert [c["name"] for c in result["clusters"]] == ["spoke-prod-2"]
    new = cluster(result, "spoke-prod-2")
    assert new["status"] == "added"
    assert names(new["added"]) == [
        "default-spoke-prod-2-external-secrets-0.17.0",
        "default-spoke-prod-2-metrics-server-3.11.0",
    ]
    assert new["removed"] == [] and new["changed"] == []


def test_fleet_member_removed(repo: Path) -> None:
    (repo / MEMBERS / "spoke-prod-1.yaml").unlink()
    commit(repo, "spoke-prod-1 leaves")
    result = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")
    gone = cluster(result, "spoke-prod-1")
    assert gone["status"] == "removed"
    assert names(gone["removed"]) == [
        "default-spoke-prod-1-external-secrets-0.17.0",
        "default-spoke-prod-1-kube-prometheus-stac-56.21.0",
        "default-spoke-prod-1-metrics-server-3.11.0",
    ]


def test_target_revision_changed_keeps_the_application(repo: Path) -> None:
    # The resources group's directory source follows the hub's addons_repo_revision.
    edit(repo / "clusters" / "hub.yaml", "addons_repo_revision: main", "addons_repo_revision: v2")
    commit(repo, "hub follows v2")
    result = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")

    assert result["applicationSets"] == {"added": [], "removed": [], "changed": []}
    hub = cluster(result, "fleet-hub")
    assert hub["added"] == [] and hub["removed"] == []
    # The ApplicationSet is named after the component; the Application name truncates it.
    assert hub["changed"] == [
        {
            "name": "default-fleet-hub-argocd-projects-apps-0.1.0",
            "applicationSet": "argocd-projects-appset-default",
            "fields": [{"path": "targetRevision", "from": "main", "to": "v2"}],
        }
    ]
    assert [c["name"] for c in result["clusters"]] == ["fleet-hub"]


def test_a_hub_file_inside_the_repository_is_read_from_each_side(
    repo: Path, tmp_path: Path
) -> None:
    edit(repo / "clusters" / "hub.yaml", "addons_repo_revision: main", "addons_repo_revision: v2")
    commit(repo, "hub follows v2")
    inside = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD",
                       "--hub", str(repo / "clusters" / "hub.yaml"))  # fmt: skip
    assert [c["name"] for c in inside["clusters"]] == ["fleet-hub"]
    # A hub file outside the repository is the same file for both sides.
    outside = tmp_path / "hub.yaml"
    shutil.copy(repo / "clusters" / "hub.yaml", outside)
    same = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD", "--hub", str(outside))
    assert same["equal"] is True


def test_cluster_label_change_moves_a_spoke_to_another_release(repo: Path) -> None:
    values = repo / "addons/tenants/team-a/environments/dev/clusters/spoke-dev-1"
    edit(
        values / "fleet/fleet-secret/values.yaml", "addonsRelease: canary", "addonsRelease: default"
    )
    commit(repo, "spoke-dev-1 back to default")
    result = diff_json("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")
    dev = cluster(result, "spoke-dev-1")
    assert {"path": "labels.addonsRelease", "from": "canary", "to": "default"} in dev["labels"]
    # The dev environment disables external-secrets only in spoke value files, which the hub
    # does not read: the default release gives both add-ons at the built-in versions.
    assert names(dev["removed"]) == [
        "canary-spoke-dev-1-external-secrets-0.18.2",
        "canary-spoke-dev-1-metrics-server-3.12.2",
    ]
    assert names(dev["added"]) == [
        "default-spoke-dev-1-external-secrets-0.17.0",
        "default-spoke-dev-1-metrics-server-3.11.0",
    ]


def test_text_output(repo: Path) -> None:
    bump_canary_metrics_server(repo)
    commit(repo, "canary: metrics-server 3.13.0")
    completed = diff("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == (
        "--- HEAD~1\n"
        "+++ HEAD\n"
        "\n"
        "ApplicationSets: 1 changed\n"
        "  ~ metrics-server-canary (group addons)\n"
        '      spec.generators[0].clusters.values.addonChartVersion: "3.12.2" -> "3.13.0"\n'
        "\n"
        "Cluster spoke-dev-1: 1 added, 1 removed\n"
        "  + canary-spoke-dev-1-metrics-server-3.13.0  metrics-server 3.13.0, release canary"
        " (ApplicationSet metrics-server-canary)\n"
        "  - canary-spoke-dev-1-metrics-server-3.12.2  metrics-server 3.12.2, release canary"
        " (ApplicationSet metrics-server-canary)\n"
        "\n"
        "Summary: ApplicationSets 0 added, 0 removed, 1 changed; Applications 1 added,"
        " 1 removed, 0 changed on 1 cluster.\n"
    )
    assert completed.stderr == ""


# --------------------------------------------------------------------------------------------
# sides: revisions, the work tree, directories, a subfolder


def test_equal_revisions(repo: Path) -> None:
    completed = diff("--repo", str(repo), "--from", "HEAD", "--to", "HEAD", "--exit-code")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == "No differences between HEAD and HEAD.\n"
    result = diff_json("--repo", str(repo), "--from", "HEAD", "--to", "HEAD")
    assert result["equal"] is True and result["clusters"] == []


def test_a_commit_that_changes_no_output_is_equal(repo: Path) -> None:
    edit(repo / "README.md", "An example fleet", "The example fleet")
    commit(repo, "prose only")
    completed = diff("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD", "--exit-code")
    assert (completed.returncode, completed.stdout) == (
        0,
        "No differences between HEAD~1 and HEAD.\n",
    )


def test_the_work_tree_is_the_default_to_side_and_head_the_from_side(repo: Path) -> None:
    bump_canary_metrics_server(repo)  # not committed
    result = diff_json("--repo", str(repo))
    assert (result["from"], result["to"]) == ("HEAD", "work tree")
    assert names(result["applicationSets"]["changed"]) == ["metrics-server-canary"]


def test_directories(tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(EXAMPLE, before)
    shutil.copytree(EXAMPLE, after)
    bump_canary_metrics_server(after)
    completed = diff("--from-dir", str(before), "--to-dir", str(after), "--exit-code")
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.startswith(f"--- {before}\n+++ {after}\n")
    assert "  - canary-spoke-dev-1-metrics-server-3.12.2  " in completed.stdout
    assert "  + canary-spoke-dev-1-metrics-server-3.13.0  " in completed.stdout
    same = diff("--from-dir", str(before), "--to-dir", str(before), "--exit-code")
    assert (same.returncode, same.stdout) == (0, f"No differences between {before} and {before}.\n")


def test_fleet_in_a_subfolder_of_the_git_repository(tmp_path: Path) -> None:
    top = tmp_path / "platform"
    fleet = top / "deploy" / "fleet"
    shutil.copytree(EXAMPLE, fleet)
    (top / "other.txt").write_text("not the fleet\n")
    git(top, "init", "-q")
    commit(top, "the fleet in deploy/fleet")
    bump_canary_metrics_server(fleet)
    commit(top, "canary bump")
    # From the folder itself, and from the top of the repository.
    for folder, cwd in ((".", fleet), ("deploy/fleet", top)):
        completed = diff("--repo", folder, "--from", "HEAD~1", "--to", "HEAD", cwd=cwd)
        assert completed.returncode == 0, completed.stderr
        assert "~ metrics-server-canary (group addons)" in completed.stdout
        assert "+ canary-spoke-dev-1-metrics-server-3.13.0" in completed.stdout


def test_the_folder_missing_at_a_revision(tmp_path: Path) -> None:
    top = tmp_path / "platform"
    top.mkdir()
    (top / "other.txt").write_text("before the fleet\n")
    git(top, "init", "-q")
    commit(top, "no fleet yet")
    shutil.copytree(EXAMPLE, top / "fleet")
    commit(top, "the fleet")
    completed = diff("--repo", str(top / "fleet"), "--from", "HEAD~1", "--to", "HEAD")
    assert completed.returncode == 1 and completed.stdout == ""
    assert "folder 'fleet' of the repository does not exist at HEAD~1" in completed.stderr


def test_the_repository_is_left_as_it_was(repo: Path, tmp_path: Path) -> None:
    bump_canary_metrics_server(repo)
    commit(repo, "canary bump")
    add_member(repo, "spoke-prod-3")  # untracked
    edit(
        repo / ADDONS_DEFAULTS, "cert_manager:\n  enabled: false", "cert_manager:\n  enabled: true"
    )
    git(repo, "add", ADDONS_DEFAULTS)  # staged
    edit(repo / "README.md", "An example fleet", "A fleet")  # modified, not staged
    head = git(repo, "rev-parse", "HEAD")
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    staged = git(repo, "diff", "--cached")
    refs = git(repo, "for-each-ref")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    index = (repo / ".git" / "index").stat().st_mtime_ns

    completed = run_cli("diff", "--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD",
                        env={"TMPDIR": str(scratch)})  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert (repo / ".git" / "index").stat().st_mtime_ns == index  # not even refreshed
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == status
    assert git(repo, "diff", "--cached") == staged
    assert git(repo, "for-each-ref") == refs
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1
    assert list(scratch.iterdir()) == []  # the materialised revisions are gone


# --------------------------------------------------------------------------------------------
# exit status, JSON, warnings


def test_exit_code(repo: Path) -> None:
    bump_canary_metrics_server(repo)
    commit(repo, "canary bump")
    args = ("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD")
    assert diff(*args).returncode == 0  # the diff ran
    assert diff(*args, "--exit-code").returncode == 1
    assert diff(*args, "--exit-code", "-o", "json").returncode == 1
    assert (
        diff("--repo", str(repo), "--from", "HEAD", "--to", "HEAD", "--exit-code").returncode == 0
    )


def test_json_shape_and_bytes_are_stable(repo: Path) -> None:
    add_member(repo, "spoke-prod-2")
    bump_canary_metrics_server(repo)
    commit(repo, "two changes")
    args = ("diff", "--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD", "-o", "json")
    runs = [run_cli_process(*args, env={"PYTHONHASHSEED": seed}) for seed in ("0", "1", "4242")]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    result = json.loads(runs[0].stdout)
    assert list(result) == ["from", "to", "equal", "applicationSets", "clusters", "guard",
                            "warnings"]  # fmt: skip
    assert list(result["applicationSets"]) == ["added", "removed", "changed"]
    assert [c["name"] for c in result["clusters"]] == ["spoke-dev-1", "spoke-prod-2"]
    for entry in result["clusters"]:
        assert list(entry) == ["name", "status", "labels", "added", "removed", "changed"]
    app = cluster(result, "spoke-prod-2")["added"][0]
    assert list(app) == ["name", "applicationSet", "release", "chart", "repoURL",
                         "targetRevision", "namespace", "valueFiles"]  # fmt: skip


def test_warnings_name_their_side_and_come_once(repo: Path, tmp_path: Path) -> None:
    # A live cluster (from --clusters, the same on both sides) naming no release warns on
    # both sides: once, naming both. A spoke moved to an undefined release warns on one.
    secrets = tmp_path / "secrets.yaml"
    secrets.write_text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: edge\n  labels:\n"
        "    argocd.argoproj.io/secret-type: cluster\n    addonsRelease: beta\n"
        "stringData:\n  name: edge-1\n  server: https://edge-1.example.com\n"
    )
    values = repo / "addons/tenants/team-a/environments/dev/clusters/spoke-dev-1"
    edit(values / "fleet/fleet-secret/values.yaml", "addonsRelease: canary", "addonsRelease: gamma")
    commit(repo, "spoke-dev-1 on an undefined release")
    completed = diff("--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD",
                     "--clusters", str(secrets))  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    lines = completed.stderr.splitlines()
    assert all(line.startswith("argocd-fleet: warning: ") for line in lines), lines
    both = [line for line in lines if "addonsRelease='beta'" in line]
    assert len(both) == 1 and both[0].startswith("argocd-fleet: warning: HEAD~1, HEAD: group")
    after = [line for line in lines if "addonsRelease='gamma'" in line]
    assert len(after) == 1 and after[0].startswith("argocd-fleet: warning: HEAD: group")
    assert "edge-1" not in completed.stdout  # the same cluster on both sides: no difference


# --------------------------------------------------------------------------------------------
# errors: one line on stderr, nothing on stdout


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--from", "no-such-rev"), 1, "unknown revision 'no-such-rev'"),
        (("--from", "HEAD", "--to", "HEAD~5"), 1, "unknown revision 'HEAD~5'"),
        (("--from", "--exit-code"), 2, "invalid revision '--exit-code'"),
        (("--from", "HEAD", "--from-dir", "."), 2, "--from and --from-dir exclude each other"),
        (("--to-dir", "."), 2, "--repo compares revisions"),
    ],
)
def test_usage_and_revision_errors(
    repo: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    completed = diff("--repo", str(repo), *args)
    assert completed.returncode == status
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and message in completed.stderr, completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--from-dir", "{tmp}"), 2, "give --repo DIR [--from REV] [--to REV], or --from-dir"),
        ((), 2, "give --repo DIR"),
        (
            ("--from", "HEAD", "--from-dir", "{tmp}", "--to-dir", "{tmp}"),
            2,
            "--from and --from-dir",
        ),
        (("--repo", "{tmp}"), 1, "not a git repository"),
        (("--repo", "{tmp}/missing"), 1, "repository directory does not exist"),
        (("--from-dir", "{tmp}/missing", "--to-dir", "{tmp}"), 1, "directory does not exist"),
        (("--from-dir", "{tmp}", "--to-dir", "{tmp}"), 1, "no hub cluster"),
    ],
)
def test_errors_without_a_repository(
    tmp_path: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    completed = diff(*(arg.replace("{tmp}", str(empty)) for arg in args), cwd=tmp_path)
    assert completed.returncode == status, completed.stderr
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and message in completed.stderr, completed.stderr


def test_a_broken_file_at_a_revision_is_named_by_revision_and_path(repo: Path) -> None:
    (repo / VERSIONS).write_text("releases: [unclosed\n")
    commit(repo, "broken versions file")
    completed = diff("--repo", str(repo), "--from", "HEAD", "--to", "HEAD~1")
    assert completed.returncode == 1 and completed.stdout == ""
    assert completed.stderr.startswith(f"argocd-fleet: error: HEAD:{VERSIONS}:"), completed.stderr
    assert completed.stderr.count("\n") == 1
    assert "argocd-fleet-diff-" not in completed.stderr  # no temporary path shown


# --------------------------------------------------------------------------------------------
# the engine's pieces


def test_field_changes_paths_types_and_lists() -> None:
    before = {
        "metadata": {"labels": {"app.kubernetes.io/version": "0.1.0", "team": "a"}},
        "spec": {
            "valueFiles": ["a.yaml", "b.yaml"],
            "generators": [{"clusters": {}}],
            "flag": "true",
            "count": 1,
        },
    }
    after = {
        "metadata": {"labels": {"app.kubernetes.io/version": "0.2.0"}},
        "spec": {
            "valueFiles": ["a.yaml", "c.yaml"],
            "generators": [{"clusters": {}}, {"list": {}}],
            "flag": True,
            "count": True,
            "new": {"x": 1},
        },
    }
    assert field_changes(before, after) == [
        FieldChange('metadata.labels["app.kubernetes.io/version"]', "0.1.0", "0.2.0"),
        FieldChange("metadata.labels.team", "a", MISSING),
        FieldChange("spec.count", 1, True),  # equal in Python, not in YAML
        FieldChange("spec.flag", "true", True),
        # a list whose length changed: as a whole; of the same length: item by item
        FieldChange("spec.generators", [{"clusters": {}}], [{"clusters": {}}, {"list": {}}]),
        FieldChange("spec.new", MISSING, {"x": 1}),
        FieldChange("spec.valueFiles[1]", "b.yaml", "c.yaml"),
    ]
    assert field_changes(before, before) == []


def test_a_symlink_leading_out_of_the_tree_is_not_materialised(repo: Path) -> None:
    os.symlink("/etc/passwd", repo / "outside")
    os.symlink("clusters/hub.yaml", repo / "inside")
    commit(repo, "two symlinks")
    skipped: list[str] = []
    with materialised(locate(str(repo)), "HEAD", skipped.append) as root:
        tree = Path(root)
        assert (tree / "clusters" / "hub.yaml").is_file()
        assert os.readlink(tree / "inside") == "clusters/hub.yaml"
        assert not os.path.lexists(tree / "outside")
    assert not tree.exists()
    assert len(skipped) == 1 and skipped[0].startswith("outside skipped:")
