"""The hub bootstrap's discovery: which files of the repository are read, in which order,
and what each kind of file gives (`fleet.bootstrap.find_plugin_values`).

The walk lists each folder once and reads a file only when its bytes name the plugin; these
tests hold it to what walking with `os.walk` and resolving every path gave: the same files in
the same order (the first source of a group wins), the same warnings, the same passes.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from cmp_plugin.fleet.bootstrap import _yaml_files, find_plugin_values
from cmp_plugin.fleet.cluster import Cluster
from cmp_plugin.fleet.paths import Repo
from cmp_plugin.limits import LIMITS

HUB = Cluster(name="hub")


def plugin_app(group: str, values: str) -> str:
    indented = "".join(f"            {line}\n" for line in values.splitlines())
    return (
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: boot\n"
        "spec:\n  source:\n    plugin:\n      name: argocd-fleet-v1\n      parameters:\n"
        f"        - name: group\n          string: {group}\n"
        f"        - name: values\n          string: |\n{indented}"
    )


def walked(root: str) -> list[str]:
    """What os.walk lists, folders and files sorted, hidden and symlinked folders left out."""
    found = []
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and not os.path.islink(os.path.join(directory, name))
        )
        found += [
            os.path.relpath(os.path.join(directory, name), root)
            for name in sorted(files)
            if name.endswith((".yaml", ".yml"))
        ]
    return found


def test_files_are_listed_in_the_order_os_walk_gives(tmp_path: Path) -> None:
    rng = random.Random(5)
    names = ["a", "b", "a-b", "a.b", "B", "_x", ".hidden", "z9", "ä"]
    for _ in range(60):
        depth = rng.randint(0, 4)
        folder = tmp_path.joinpath(*(rng.choice(names) for _ in range(depth)))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{rng.choice(names)}.{rng.choice(['yaml', 'yml', 'json'])}").write_text("x")
    (tmp_path / "a" / "linked").mkdir(parents=True, exist_ok=True)
    (tmp_path / "a" / "linked" / "in.yaml").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a" / "linked")
    (tmp_path / "file-link.yaml").symlink_to(tmp_path / "a" / "linked" / "in.yaml")
    listed = list(_yaml_files(Repo.at(str(tmp_path))))
    assert [relative for relative, _, _ in listed] == walked(str(tmp_path))
    assert [relative for relative, _, linked in listed if linked] == ["file-link.yaml"]
    assert all(path == os.path.join(str(tmp_path), rel) for rel, path, _ in listed)


def test_what_each_kind_of_file_gives(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "a" / "deeper").mkdir(parents=True)
    (root / "b").mkdir()
    (root / ".hidden").mkdir()
    # The root's files come before its folders' files: z.yaml is the first source of addons.
    (root / "z.yaml").write_text(plugin_app("addons", "repoNames: [z]"))
    (root / "a" / "app.yaml").write_text(plugin_app("addons", "repoNames: [a]"))
    (root / "a" / "deeper" / "app.yml").write_text(plugin_app("other", "repoNames: [d]"))
    (root / "b" / "same.yaml").write_text(plugin_app("addons", "repoNames: [z]"))
    (root / ".hidden" / "app.yaml").write_text(plugin_app("hidden", "x: 1"))
    (root / "b" / "latin1.yaml").write_bytes(plugin_app("latin", "x: é").encode("latin-1"))
    too_big = plugin_app("big", "x: 1") + "#" * LIMITS.max_bytes
    (root / "b" / "big.yaml").write_text(too_big)
    (root / "b" / "dangling.yaml").symlink_to(root / "nowhere.yaml")
    (root / "b" / "inside.yaml").symlink_to(root / "a" / "deeper" / "app.yml")
    outside = tmp_path / "outside.yaml"
    outside.write_text(plugin_app("outside", "x: 1"))
    (root / "b" / "outside.yaml").symlink_to(outside)
    (root / "linked-folder").symlink_to(root / "a")
    os.mkfifo(root / "b" / "pipe.yaml")
    (root / "b" / "notes.txt").write_text(plugin_app("text", "x: 1"))
    warnings: list[str] = []
    found = find_plugin_values(Repo.at(str(root)), HUB, warnings.append)
    assert {group: source.display for group, source in found.items()} == {
        "addons": "z.yaml",
        "other": "a/deeper/app.yml",
    }
    assert found["addons"].data == {"repoNames": ["z"]}
    assert warnings == [
        "hub bootstrap: group 'addons' has other values in a/app.yaml; using those of z.yaml",
        "hub bootstrap: file 'b/outside.yaml' leads outside the repository (through a symlink) "
        "(file skipped)",
        "hub bootstrap: b/pipe.yaml: is a FIFO (named pipe), not a regular file (file skipped)",
    ]
