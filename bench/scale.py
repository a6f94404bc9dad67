"""The cases on synthetic fleets (`bench/synth.py`): what the operator tools and the plugin
cost as a fleet grows.

- `preview N`: `argocd-fleet preview -o json` of N clusters, the clusters from their secrets
  (the `kubectl -o json` form, beside the repository);
- `validate N`: `argocd-fleet validate --repo --hub --clusters` of the same fleet, as a
  pre-commit hook or a CI job runs it;
- `diff N`: `argocd-fleet diff` between two commits of the fleet that differ in one
  component's version (the hub's own values pin it), as a pull request's check runs it;
- `plugin fleet N folders`: the plugin in fleet mode for the hub, in the repository of N
  clusters (N cluster folders, N member files), beside the same request in a fleet of
  `SMALL_FLEET` clusters: the plugin reads its own cluster's files only, so the size of the
  tree must not show.

Each fleet is written once per scratch directory (`fleet-NxMxR/`) and shared by the cases.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from .cases import Case, argocd_env, cli_command, plugin_command
from .cmp_server import base_env
from .measure import Command
from .synth import (
    HUB,
    HUB_ENVIRONMENT,
    HUB_FILE,
    HUB_TENANT,
    REPO_DIR,
    FleetShape,
    SyntheticFleet,
    bootstrap_values,
    to_yaml,
    write_fleet,
)

SMALL_FLEET = 10  # clusters of the fleet the plugin's large-tree case is compared with
LONG_TIMEOUT = 600.0
DIFF_VERSION = "99.0.0"  # the version the diff's second commit gives one component


def preview_name(clusters: int) -> str:
    return f"preview {clusters}"


def validate_name(clusters: int) -> str:
    return f"validate {clusters}"


def diff_name(clusters: int) -> str:
    return f"diff {clusters}"


def plugin_folders_name(clusters: int) -> str:
    return f"plugin {clusters} dirs"


def size(shape: FleetShape) -> str:
    return f"{shape.clusters}x{shape.components}x{shape.releases}"


def fleet(workdir: Path, shape: FleetShape) -> SyntheticFleet:
    """The synthetic fleet of `shape` in the scratch directory, written the first time."""
    out = workdir / f"fleet-{size(shape)}"
    if (out / REPO_DIR).is_dir():
        return SyntheticFleet(out=out, shape=shape, components=[], releases=[], tenants=[],
                              environments=[])  # fmt: skip
    return write_fleet(out, shape)


def preview_case(workdir: Path, shape: FleetShape) -> Case:
    name, description = preview_name(shape.clusters), f"preview -o json, {size(shape)}"
    cli, why = cli_command()
    if cli is None:
        return Case(name, description, None, why, long=True)
    made = fleet(workdir, shape)
    argv = (*cli, "preview", "--repo", str(made.root), "--clusters", str(made.clusters_json_file))
    command = Command((*argv, "-o", "json"), str(workdir), base_env(), timeout=LONG_TIMEOUT)
    return Case(name, description, command, long=True)


def validate_case(workdir: Path, shape: FleetShape) -> Case:
    name = validate_name(shape.clusters)
    description = f"validate --repo --hub --clusters, {size(shape)}"
    cli, why = cli_command()
    if cli is None:
        return Case(name, description, None, why, long=True)
    made = fleet(workdir, shape)
    argv = (
        *cli, "validate", "--repo", str(made.root), "--hub", str(made.root / HUB_FILE),
        "--clusters", str(made.clusters_json_file),
    )  # fmt: skip
    command = Command(argv, str(workdir), base_env(), timeout=LONG_TIMEOUT)
    return Case(name, description, command, long=True, quiet_ok=True)


def diff_case(workdir: Path, shape: FleetShape) -> Case:
    name = diff_name(shape.clusters)
    description = f"diff HEAD~1 HEAD (one version), {size(shape)}"
    cli, why = cli_command()
    if cli is None:
        return Case(name, description, None, why, long=True)
    if shutil.which("git") is None:
        return Case(name, description, None, "git is not installed", long=True)
    made = fleet(workdir, shape)
    repo = made.out / "diff-repo"
    if not (repo / ".git").is_dir():
        two_commits(made.root, repo)
    argv = (
        *cli, "diff", "--repo", str(repo), "--from", "HEAD~1", "--to", "HEAD",
        "--clusters", str(made.clusters_json_file), "-o", "json",
    )  # fmt: skip
    command = Command(argv, str(workdir), base_env(), timeout=LONG_TIMEOUT)
    return Case(name, description, command, long=True)


def two_commits(source: Path, repo: Path) -> None:
    """A git repository of `source`: the fleet, then the fleet with one component the hub
    runs at another version, set at the hub's own level (the most specific: no other level
    can hide it)."""
    shutil.copytree(source, repo)
    _git(repo, "init", "-q")
    _commit(repo, "the fleet")
    defaults = repo / "addons/bootstrap/defaults/addons.yaml"
    env = f"addons/{HUB_TENANT}/environments/{HUB_ENVIRONMENT}"
    levels = [
        repo / f"addons/{HUB_TENANT}/defaults/application-sets/addons.yaml",
        repo / f"{env}/defaults/application-sets/addons.yaml",
        repo / f"{env}/clusters/{HUB}/application-sets/addons.yaml",
    ]
    enabled = {name: True for name in _values(defaults)}
    for level in levels:
        for name, entry in _values(level).items():
            if isinstance(entry, dict) and "enabled" in entry:
                enabled[name] = bool(entry["enabled"])
    component = next(name for name, on in enabled.items() if on)
    own = _values(levels[-1])
    own[component] = {**(own.get(component) or {}), "defaultVersion": DIFF_VERSION}
    levels[-1].write_text(to_yaml(own), encoding="utf-8")
    _commit(repo, f"{component} {DIFF_VERSION}")


def _values(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _git(repo: Path, *args: str) -> None:
    identity = ("-c", "user.name=bench", "-c", "user.email=bench@example.com")
    subprocess.run(["git", "-C", str(repo), *identity, *args], check=True, capture_output=True)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message)


def plugin_folders_cases(workdir: Path, shape: FleetShape) -> list[Case]:
    """The plugin in fleet mode for the hub, in a fleet of `SMALL_FLEET` clusters and in the
    fleet of `shape`: the same request, trees of different sizes."""
    small = replace(shape, clusters=SMALL_FLEET, tenants=min(shape.tenants, SMALL_FLEET))
    return [_plugin_case(workdir, small), _plugin_case(workdir, shape)]


def _plugin_case(workdir: Path, shape: FleetShape) -> Case:
    name = plugin_folders_name(shape.clusters)
    description = f"plugin.yaml command, hub of {size(shape)} ({shape.clusters} cluster folders)"
    plugin, why = plugin_command()
    if plugin is None:
        return Case(name, description, None, why)
    made = fleet(workdir, shape)
    hub = _hub_cluster(made)
    parameters = [
        {"name": "group", "string": "addons"},
        {"name": "cluster", "string": json.dumps(hub)},
        {"name": "values", "string": json.dumps(bootstrap_values())},
    ]
    env = argocd_env(".", parameters)
    return Case(name, description, Command(tuple(plugin), str(made.root), env))


def _hub_cluster(made: SyntheticFleet) -> dict[str, object]:
    return yaml.safe_load((made.root / HUB_FILE).read_text(encoding="utf-8"))
