"""A stand-in for argocd-cmp-server, to test the plugin the way Argo CD runs it.

What the real server does for each manifest request, and this harness does too: copy the
repository to a fresh temporary directory, set the variables Argo CD sets (the Application's
name, namespace, revision, source path and repository, the Kubernetes version and API
versions, `ARGOCD_APP_PARAMETERS` and the `PARAM_*` variables derived from it, the plugin env
as `ARGOCD_ENV_*`), read the generate command from `plugin.yaml`, and run it in the
Application's directory with a timeout. Nothing of the caller's environment leaks in except
PATH, HOME and the Python variables needed to find the installed package. The environment
and the command are `bench.cmp_server`'s, which the benchmark runs the plugin with too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.cmp_server import PLUGIN_YAML, find_program, generate_argv, request_env


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    repo_copy: Path


def plugin_config(path: Path = PLUGIN_YAML) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def generate_command(path: Path = PLUGIN_YAML, scripts: str | None = None) -> list[str]:
    """plugin.yaml's spec.generate command, with its program found as the sidecar finds it."""
    command = generate_argv(path)
    command[0] = find_program(command[0], scripts) or command[0]
    return command


def run_plugin(
    repo: str | os.PathLike[str],
    app_path: str = ".",
    parameters: Sequence[Mapping[str, Any]] = (),
    plugin_env: Mapping[str, str] | None = None,
    *,
    timeout: float = 60,
    command: list[str] | None = None,
    extra_env: Mapping[str, str] | None = None,
    workdir: str | os.PathLike[str] | None = None,
) -> Run:
    """Run the plugin on a copy of `repo` for an Application whose source path is `app_path`."""
    base = Path(tempfile.mkdtemp(prefix="cmp-", dir=workdir))
    checkout = base / "repo"
    shutil.copytree(repo, checkout, symlinks=True)
    app_dir = checkout / app_path
    env = request_env(app_path, parameters, "cluster-addons-hub")
    env["ARGOCD_EXEC_TIMEOUT"] = f"{int(timeout)}s"
    for key, value in (plugin_env or {}).items():
        env[f"ARGOCD_ENV_{key}"] = value
    env.update(extra_env or {})
    completed = subprocess.run(
        command or generate_command(),
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr, checkout)


def string(name: str, value: str) -> dict[str, str]:
    return {"name": name, "string": value}


def array(name: str, values: Sequence[str]) -> dict[str, Any]:
    return {"name": name, "array": list(values)}
