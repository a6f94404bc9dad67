"""What argocd-cmp-server gives a plugin, for the test harness and the benchmark alike.

For each manifest request the server runs `plugin.yaml`'s generate command in the
Application's directory with the variables Argo CD sets: the Application's name, namespace,
revision, source path and repository, the Kubernetes version and API versions,
`ARGOCD_APP_PARAMETERS` and the `PARAM_*` variables derived from it. Nothing of the
caller's environment leaks in but the few variables of `KEEP`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_YAML = ROOT / "plugin.yaml"
KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "SYSTEMROOT", "TMPDIR")


def base_env() -> dict[str, str]:
    """The caller's variables a sidecar would have too (what finds Python and the package)."""
    return {key: os.environ[key] for key in KEEP if key in os.environ}


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


def request_env(
    app_path: str, parameters: Sequence[Mapping[str, Any]], app_name: str
) -> dict[str, str]:
    """The environment of one manifest request for the Application `app_name`."""
    env = base_env()
    env.update(
        {
            "ARGOCD_APP_NAME": app_name,
            "ARGOCD_APP_NAMESPACE": "argocd",
            "ARGOCD_APP_REVISION": "0123456789abcdef0123456789abcdef01234567",
            "ARGOCD_APP_SOURCE_PATH": app_path,
            "ARGOCD_APP_SOURCE_REPO_URL": "https://git.example.com/fleet.git",
            "ARGOCD_APP_SOURCE_TARGET_REVISION": "main",
            "KUBE_VERSION": "1.31.0",
            "KUBE_API_VERSIONS": "v1,apps/v1,argoproj.io/v1alpha1,external-secrets.io/v1",
        }
    )
    env.update(parameter_env(parameters))
    return env


def find_program(name: str, scripts: str | None = None) -> str | None:
    """A console script as the sidecar's PATH finds it, preferring `scripts` and this
    interpreter's own scripts directory (a version manager's shim on PATH would add its own
    start-up)."""
    for directory in (scripts, sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        if not directory:
            continue
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(name)


def generate_argv(plugin_yaml: Path = PLUGIN_YAML) -> list[str]:
    """plugin.yaml's spec.generate command and args, as written."""
    spec = yaml.safe_load(plugin_yaml.read_text(encoding="utf-8"))["spec"]["generate"]
    return [str(arg) for arg in spec["command"]] + [str(arg) for arg in spec.get("args", [])]
