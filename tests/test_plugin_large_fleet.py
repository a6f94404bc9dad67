"""The plugin in fleet mode reads its own cluster's files, never the whole tree.

The hub's bootstrap Application runs the plugin on every refresh in a checkout of the whole
fleet repository, which holds a folder (and a member file) per cluster. The plugin must not
walk it: these tests run the plugin as Argo CD does (`tests/cmp_harness.py`) with an audit
hook (`sys.addaudithook`, installed by a `sitecustomize` module) that records every file
opened and every folder listed by the plugin's process, in repositories of 20 and 200
clusters. The files it opens are the same few in both, and it lists no folder of the
repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from bench import synth
from cmp_harness import generate_command, run_plugin, string

AUDIT = r"""
import os
import sys

_log = os.environ.get("FLEET_AUDIT_LOG")
if _log:
    _out = os.open(_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def _audit(event, args, _out=_out, _write=os.write):
        if event in ("open", "os.listdir", "os.scandir", "glob.glob") and args:
            path, program = args[0], os.path.basename(sys.argv[0] if sys.argv else "")
            if isinstance(path, (str, bytes)):
                line = "\t".join((program, event, os.fsdecode(path))) + "\n"
                _write(_out, line.encode("utf-8", "replace"))

    sys.addaudithook(_audit)
"""

HUB_VALUES = {"repoNames": ["addons"], "useSelectors": "true", "useVersionSelectors": "true"}


def audited_run(tmp_path: Path, clusters: int) -> tuple[set[str], list[str], int]:
    """The repository files the plugin opened, the repository folders it listed, and how
    many ApplicationSets it wrote, for the hub of a fleet of `clusters`."""
    shape = synth.FleetShape(clusters=clusters, components=4, releases=2, tenants=4)
    fleet = synth.write_fleet(tmp_path / f"fleet-{clusters}", shape)
    hook = tmp_path / f"hook-{clusters}"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(AUDIT)
    log = tmp_path / f"audit-{clusters}.log"
    python_path = os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH")) if p)
    hub = yaml.safe_load((fleet.root / synth.HUB_FILE).read_text())
    run = run_plugin(
        fleet.root,
        parameters=[
            string("group", "addons"),
            string("cluster", json.dumps(hub)),
            string("values", json.dumps(HUB_VALUES)),
        ],
        extra_env={"PYTHONPATH": python_path, "FLEET_AUDIT_LOG": str(log)},
    )
    assert run.returncode == 0, run.stderr
    root = os.path.realpath(run.repo_copy)
    plugin = os.path.basename(generate_command()[0])
    opened: set[str] = set()
    listed: list[str] = []
    for line in log.read_text().splitlines():
        program, event, path = line.split("\t", 2)
        real = os.path.realpath(path)
        if program != plugin or (real != root and not real.startswith(root + os.sep)):
            continue  # the harness's launcher; Python's own files and the package
        relative = os.path.relpath(real, root)
        if event == "open":
            opened.add(relative)
        else:
            listed.append(relative)
    assert any(line.startswith(plugin) for line in log.read_text().splitlines())
    return opened, listed, run.stdout.count('"kind": "ApplicationSet"')


def test_fleet_mode_opens_the_same_few_files_whatever_the_size_of_the_tree(
    tmp_path: Path,
) -> None:
    small = audited_run(tmp_path, 20)
    large = audited_run(tmp_path, 200)
    opened, listed, objects = large
    assert listed == []  # not one folder of the repository listed
    assert opened == small[0]
    assert opened == {
        synth.VERSIONS_FILE,
        "addons/bootstrap/defaults/addons.yaml",
        "addons/control-plane/defaults/application-sets/addons.yaml",
        "addons/control-plane/environments/np/defaults/application-sets/addons.yaml",
        "addons/control-plane/environments/np/clusters/hub-cluster/application-sets/addons.yaml",
    }
    assert objects == small[2] > 0
