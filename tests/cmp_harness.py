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
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
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
    max_rss_mib: float = 0.0  # the plugin process's peak resident memory
    seconds: float = 0.0  # its wall time


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
    setup: Callable[[Path], object] | None = None,
) -> Run:
    """Run the plugin on a copy of `repo` for an Application whose source path is `app_path`.

    `setup` is called with the copy before the run, for what cannot be copied (a FIFO, a
    socket) or must be created in the copy itself.
    """
    base = Path(tempfile.mkdtemp(prefix="cmp-", dir=workdir))
    checkout = base / "repo"
    shutil.copytree(repo, checkout, symlinks=True)
    if setup is not None:
        setup(checkout)
    app_dir = checkout / app_path
    env = request_env(app_path, parameters, "cluster-addons-hub")
    env["ARGOCD_EXEC_TIMEOUT"] = f"{int(timeout)}s"
    for key, value in (plugin_env or {}).items():
        env[f"ARGOCD_ENV_{key}"] = value
    env.update(extra_env or {})
    return _measured(command or generate_command(), app_dir, env, timeout, checkout)


# Runs the plugin as its child and reports the child's own peak RSS and wall time. A process
# forked from this (large) test process would inherit its memory high-water mark through
# fork and exec; forked from this small launcher, only the launcher's ~10 MiB can leak in.
LAUNCHER = """
import os, subprocess, sys, time
start = time.monotonic()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as report:
    report.write(f"{usage.ru_maxrss} {time.monotonic() - start} {child.returncode}")
"""


def _measured(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float, checkout: Path
) -> Run:
    """Run `command` like subprocess.run with a timeout, and take its peak RSS and time."""
    with tempfile.TemporaryDirectory(prefix="cmp-measure-") as scratch:
        report = os.path.join(scratch, "usage")
        out_path, err_path = os.path.join(scratch, "out"), os.path.join(scratch, "err")
        launcher = [sys.executable, "-c", LAUNCHER, report, *command]
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            process = subprocess.Popen(
                launcher, cwd=cwd, env=env, stdout=out, stderr=err,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise
        rss_kib, seconds, status = Path(report).read_text().split()
        stdout = Path(out_path).read_bytes().decode("utf-8", "replace")
        stderr = Path(err_path).read_bytes().decode("utf-8", "replace")
    return Run(int(status), stdout, stderr, checkout, int(rss_kib) / 1024, float(seconds))


def string(name: str, value: str) -> dict[str, str]:
    return {"name": name, "string": value}


def array(name: str, values: Sequence[str]) -> dict[str, Any]:
    return {"name": name, "array": list(values)}
