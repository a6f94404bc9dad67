"""Listing a repository (`fleet.paths.walk`): one listing per folder, in the order `os.walk`
gives with names sorted, and what the hub bootstrap and `validate` take from it."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from cmp_plugin.fleet.bootstrap import _yaml_files
from cmp_plugin.fleet.paths import Repo, walk
from cmp_plugin.lint.files import repository_yaml

YAML = (".yaml", ".yml")


def os_walked(root: str, *, charts: bool = False) -> list[tuple[str, bool]]:
    """What os.walk lists (folders and files sorted, hidden and symlinked folders left out;
    with `charts`, as validate lists: no chart templates, no symlinked file staying inside)."""
    found = []
    for directory, folders, files in os.walk(root):
        chart = charts and "Chart.yaml" in files
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and not os.path.islink(os.path.join(directory, name))
            and not (chart and name == "templates")
        )
        for name in sorted(files):
            path = os.path.join(directory, name)
            linked = os.path.islink(path)
            if not name.endswith(YAML):
                continue
            if charts and linked and os.path.realpath(path).startswith(root + os.sep):
                continue
            found.append((os.path.relpath(path, root), linked))
    return found


@pytest.fixture
def tree(tmp_path: Path) -> str:
    """A tree of random folders and files, with symlinks in and out, and a chart."""
    root = tmp_path / "repo"
    root.mkdir()
    rng = random.Random(5)
    names = ["a", "b", "a-b", "a.b", "B", "_x", ".hidden", "z9", "ä", "templates"]
    for _ in range(80):
        folder = root.joinpath(*(rng.choice(names) for _ in range(rng.randint(0, 4))))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{rng.choice(names)}.{rng.choice(['yaml', 'yml', 'json'])}").write_text("x")
    chart = root / "charts" / "demo"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: demo\n")
    (chart / "templates" / "app.yaml").write_text("{{ .Values }}\n")
    (root / "a" / "linked").mkdir(parents=True, exist_ok=True)
    (root / "a" / "linked" / "in.yaml").write_text("x")
    (root / "folder-link").symlink_to(root / "a" / "linked")
    (root / "file-link.yaml").symlink_to(root / "a" / "linked" / "in.yaml")
    outside = tmp_path / "outside.yaml"
    outside.write_text("x")
    (root / "a" / "out-link.yaml").symlink_to(outside)
    (root / "a" / "dangling.yml").symlink_to(root / "nowhere")
    return str(root)


def test_walk_lists_as_os_walk_does(tree: str) -> None:
    listed = [
        (prefix + entry.name, entry.is_symlink())
        for prefix, _folders, files in walk(tree)
        for entry in files
        if entry.name.endswith(YAML)
    ]
    assert listed == os_walked(tree)
    assert {"file-link.yaml", "a/out-link.yaml", "a/dangling.yml"} <= {
        path for path, linked in listed if linked
    }


def test_the_hub_bootstrap_reads_every_yaml_file_in_walk_order(tree: str) -> None:
    listed = list(_yaml_files(Repo.at(tree)))
    assert [(relative, linked) for relative, _, linked in listed] == os_walked(tree)
    assert all(path == os.path.join(tree, relative) for relative, path, _ in listed)


def test_validate_leaves_out_chart_templates_and_links_that_stay_inside(tree: str) -> None:
    listed = list(repository_yaml(tree))
    assert listed == os_walked(tree, charts=True)
    paths = [relative for relative, _ in listed]
    assert "charts/demo/Chart.yaml" in paths
    assert "charts/demo/templates/app.yaml" not in paths
    assert "file-link.yaml" not in paths and "a/out-link.yaml" in paths
