"""`diff` reuses what the two sides share; these tests hold it to the naive comparison.

Two things are reused. The second revision is made from the first in one directory, by what
git says changed (`diff.revisions.Trees`): it must hold exactly what extracting the revision
whole gives, and report the same refused members. ApplicationSets evaluated for one side are
not evaluated again for the other when they and the clusters are the same
(`preview.appsets.Reuse`): the diff must be the one of two previews made apart. Both are
checked on random series of changes.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench import synth
from cmp_plugin.diff.compare import diff_previews
from cmp_plugin.diff.report import write
from cmp_plugin.diff.revisions import locate, materialised, revision_trees
from cmp_plugin.diff.run import diff_fleet
from cmp_plugin.diff.sides import Side, SideOptions, preview_side, side_warnings
from cmp_plugin.fleet.clusterfiles import read_cluster_secrets
from cmp_plugin.preview import appsets as appsets_module
from cmp_plugin.preview.appsets import ClusterIndex, Reuse
from helpers import commit, git


def snapshot(root: str) -> dict[str, tuple[str, str]]:
    """Every entry under `root`: folders, files with their bytes, symlinks with targets."""
    found: dict[str, tuple[str, str]] = {}
    for directory, folders, files in os.walk(root):
        for name in folders + files:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, root)
            if os.path.islink(path):
                found[relative] = ("link", os.readlink(path))
            elif os.path.isdir(path):
                found[relative] = ("folder", "")
            else:
                found[relative] = ("file", Path(path).read_bytes().hex())
    return found


# --------------------------------------------------------------------------------------------
# the second revision, from the first


def random_tree_change(repo: Path, rng: random.Random, step: int) -> None:
    """One change git records: a file added, edited or removed, a folder made or emptied,
    a file replaced by a folder or back, a symlink in or out of the tree."""
    files = [
        p for p in repo.rglob("*") if ".git" not in p.parts and (p.is_file() or p.is_symlink())
    ]
    kind = rng.choice(["add", "edit", "remove", "folder", "unfolder", "link", "outside"])
    target = rng.choice(files) if files else None
    if kind == "add" or target is None:
        folder = repo.joinpath(*rng.sample(["a", "b", "c-d", "é", "x.y"], rng.randint(0, 3)))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{step}.yaml").write_text(f"step: {step}\n")
    elif kind == "edit" and not target.is_symlink():
        target.write_text(f"edited: {step}\n")
    elif kind == "remove":
        target.unlink()
    elif kind == "folder":  # a file becomes a folder of the same name
        target.unlink()
        target.mkdir()
        (target / "inside.yaml").write_text("x: 1\n")
    elif kind == "unfolder":
        folders = [p for p in repo.rglob("*") if p.is_dir() and ".git" not in p.parts]
        if folders:
            chosen = rng.choice(folders)
            shutil.rmtree(chosen)
            chosen.write_text("was a folder\n")
    elif kind == "link":
        link = repo / f"link{step}-{rng.randrange(10**6)}.yaml"
        link.symlink_to(os.path.relpath(target, repo))
    else:
        (repo / f"out{step}-{rng.randrange(10**6)}").symlink_to("/etc/hostname")


def test_each_revision_is_what_extracting_it_whole_gives(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "a" / "deep").mkdir(parents=True)
    (repo / "a" / "deep" / "one.yaml").write_text("one: 1\n")
    (repo / "top.yaml").write_text("top: 1\n")
    (repo / "escape").symlink_to("../../outside")
    git(repo, "init", "-q")
    commits = [commit(repo, "start", allow_empty=True)]
    rng = random.Random(11)
    for step in range(12):
        for _ in range(rng.randint(1, 3)):
            random_tree_change(repo, rng, step)
        commits.append(commit(repo, f"step {step}", allow_empty=True))
    checkout = locate(str(repo))
    order = commits + commits[::-2]  # forwards, then jumps back
    with revision_trees(checkout) as trees:
        for commit_id in order:
            refused: list[str] = []
            trees.show(commit_id, commit_id, refused.append)
            whole: list[str] = []
            with materialised(checkout, commit_id, whole.append) as fresh:
                assert snapshot(trees.root) == snapshot(fresh), commit_id
            assert refused == [m.replace(fresh, trees.root) for m in whole]
    assert any("skipped" in message for message in refused)


# --------------------------------------------------------------------------------------------
# the diff, against two previews made apart

SHAPE = synth.FleetShape(clusters=12, components=5, releases=3, tenants=2, environments=2)


def bump(repo: Path, rng: random.Random, step: int, kind: str) -> None:
    """A change of the fleet's values, hierarchy, versions, hub or members."""
    defaults = repo / "addons/bootstrap/defaults/addons.yaml"
    text = defaults.read_text()
    if kind == "version":  # the hub's own values (the most specific level) move one
        component = rng.choice(synth.component_names(SHAPE.components))
        hub_level = repo / "addons/control-plane/environments/np/clusters/hub-cluster"
        (hub_level / "application-sets/addons.yaml").write_text(
            f"{component}:\n  enabled: true\n  defaultVersion: 9.{step}.0\n"
        )
    elif kind == "namespace":
        component = rng.choice(synth.component_names(SHAPE.components))
        defaults.write_text(text.replace(f"namespace: {component}", f"namespace: ns-{step}", 1))
    elif kind == "disable":
        level = rng.choice(list(repo.glob("addons/tenant*/**/addons.yaml")))
        component = rng.choice(synth.component_names(SHAPE.components))
        level.write_text(level.read_text() + f"{component}:\n  enabled: false\n")
    elif kind == "release":
        versions = repo / synth.VERSIONS_FILE
        versions.write_text(versions.read_text().replace("- type: release2", "- type: release7"))
    elif kind == "hub":  # the hub's labels change: no ApplicationSet is the same for it
        hub = repo / synth.HUB_FILE
        hub.write_text(
            hub.read_text().replace("addonsRelease: release0", "addonsRelease: release1")
        )
    elif kind == "member":
        members = sorted((repo / "fleet/fleet-bootstrap/fleet-members").rglob("*.yaml"))
        if members:
            members[rng.randrange(len(members))].unlink()
    else:
        tenant = repo / "addons/tenant00/defaults/application-sets/addons.yaml"
        tenant.write_text(f"addon-00{step % SHAPE.components}:\n  enabled: false\n")


@pytest.fixture(scope="module")
def fleet_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A synthetic fleet in git, and a series of random commits of it."""
    made = synth.write_fleet(tmp_path_factory.mktemp("fleet"), SHAPE)
    secrets = made.clusters_json_file
    git(made.root, "init", "-q")
    commits = [commit(made.root, "start", allow_empty=True)]
    rng = random.Random(3)
    kinds = ["disable", "release", "hub", "member", "namespace", "tenant"]
    for step in range(6):
        bump(made.root, rng, step, "version")  # each step changes some Applications
        for kind in rng.sample(kinds, rng.randint(0, 2)):
            bump(made.root, rng, step, kind)
        commits.append(commit(made.root, f"step {step}", allow_empty=True))
    return made.root, secrets, commits


def naive(repo: Path, secrets: Path, before: str, after: str) -> tuple[str, list[str]]:
    """Each revision extracted apart and previewed apart, nothing shared."""
    checkout = locate(str(repo))
    previews, sides = [], []
    for revision in (before, after):
        notes: list[str] = []
        options = SideOptions(clusters=read_cluster_secrets(str(secrets), notes.append))
        options.origins = [os.path.realpath(repo)]
        with materialised(checkout, revision, notes.append) as root:
            side = Side(label=revision, root=root)
            previews.append(preview_side(side, options, notes.append))
            sides.append((side, notes))
    result = diff_previews(*previews)
    warnings = side_warnings(sides)
    return write(result, "json", (before, after), warnings), warnings


def test_the_diff_is_that_of_two_previews_made_apart(
    fleet_repo: tuple[Path, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, secrets, commits = fleet_repo
    pairs = [*itertools.pairwise(commits), (commits[0], commits[-1]), (commits[3], commits[1])]
    evaluated = {"reused": 0, "naive": 0}
    counting = "naive"
    original = appsets_module.evaluate_appset

    def counted(*args: Any) -> Any:
        evaluated[counting] += 1
        return original(*args)

    monkeypatch.setattr(appsets_module, "evaluate_appset", counted)
    differing = 0
    for before, after in pairs:
        counting = "reused"
        options = SideOptions(clusters=read_cluster_secrets(str(secrets), lambda _: None))
        outcome = diff_fleet(str(repo), before, after, None, None, options)
        report = write(outcome.result, "json", outcome.labels, outcome.warnings)
        counting = "naive"
        assert (report, outcome.warnings) == naive(repo, secrets, before, after)
        differing += not json.loads(report)["equal"]
    assert differing == len(pairs)
    # What is alike on both sides is evaluated once (here most changes touch many of the few
    # ApplicationSets; bench/ shows the saving on a real-sized fleet).
    assert evaluated["reused"] < evaluated["naive"]


def test_what_reads_the_repository_is_never_reused() -> None:
    git_generator = {"git": {"repoURL": "https://x", "revision": "main", "files": [{"path": "a"}]}}
    listed = {"list": {"elements": [{"a": "b"}]}}
    appsets = [
        {"spec": {"generators": [{"clusters": {}}, listed]}},
        {"spec": {"generators": [{"matrix": {"generators": [{"clusters": {}}, listed]}}]}},
        {"spec": {"generators": [git_generator]}},
        {"spec": {"generators": [{"matrix": {"generators": [{"clusters": {}}, git_generator]}}]}},
        {"spec": {"generators": [{"clusterDecisionResource": {"configMapRef": "x"}}]}},
    ]
    keys = Reuse().keys(appsets, ClusterIndex([]), [])
    assert [key is not None for key in keys] == [True, True, False, False, False]
