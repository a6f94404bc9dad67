"""The hub bootstrap's discovery: which files of the repository are read, in which order,
and what each kind of file gives (`fleet.bootstrap.find_plugin_values`).

The walk lists each folder once (`fleet.paths.walk`, in the order of `os.walk`:
tests/test_repository_walk.py) and reads a file only when its bytes name the plugin; this test
holds it to what walking with `os.walk` and resolving every path gave: the first source of a
group wins, the same warnings, the same files passed over.
"""

from __future__ import annotations

import os
from pathlib import Path

from cmp_plugin.fleet.bootstrap import find_plugin_values
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
