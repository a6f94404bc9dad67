"""A stand-in for argocd-cmp-server, to test the plugin the way Argo CD runs it.

What the real server does for each manifest request, and this harness does too: copy the
repository to a fresh temporary directory, set the variables Argo CD sets (the Application's
name, namespace, revision, source path and repository, the Kubernetes version and API
versions, `ARGOCD_APP_PARAMETERS` and the `PARAM_*` variables derived from it, the plugin env
as `ARGOCD_ENV_*`), read the generate command from `plugin.yaml`, and run it in the
Application's directory with a timeout. Nothing of the caller's environment leaks in except
PATH, HOME and the Python variables needed to find the installed package.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_YAML = ROOT / "plugin.yaml"
KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT", "TMPDIR")


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
    spec = plugin_config(path)["spec"]["generate"]
    command = list(spec["command"]) + list(spec.get("args", []))
    program = command[0]
    for directory in (scripts, sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        if directory and os.path.isfile(os.path.join(directory, program)):
            command[0] = os.path.join(directory, program)
            break
    else:
        found = shutil.which(program)
        if found:
            command[0] = found
    return command


def parameter_env(parameters: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """ARGOCD_APP_PARAMETERS and the PARAM_* variables Argo CD derives from it."""
    env = {"ARGOCD_APP_PARAMETERS": json.dumps(list(parameters))}
    for parameter in parameters:
        name = parameter["name"].upper()
        if "string" in parameter:
            env[f"PARAM_{name}"] = parameter["string"]
        for index, item in enumerate(parameter.get("array", [])):
            env[f"PARAM_{name}_{index}"] = item
        for key, item in parameter.get("map", {}).items():
            env[f"PARAM_{name}_{key.upper()}"] = item
    return env


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
    env = {key: os.environ[key] for key in KEEP if key in os.environ}
    env.update(
        {
            "ARGOCD_APP_NAME": "cluster-addons-hub",
            "ARGOCD_APP_NAMESPACE": "argocd",
            "ARGOCD_APP_REVISION": "0123456789abcdef0123456789abcdef01234567",
            "ARGOCD_APP_SOURCE_PATH": app_path,
            "ARGOCD_APP_SOURCE_REPO_URL": "https://git.example.com/fleet.git",
            "ARGOCD_APP_SOURCE_TARGET_REVISION": "main",
            "KUBE_VERSION": "1.31.0",
            "KUBE_API_VERSIONS": "v1,apps/v1,argoproj.io/v1alpha1,external-secrets.io/v1",
            "ARGOCD_EXEC_TIMEOUT": f"{int(timeout)}s",
        }
    )
    env.update(parameter_env(parameters))
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
