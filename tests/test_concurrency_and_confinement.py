"""The plugin under load and under guard: 32 runs at once on one checkout agree and change
nothing; a run opens no socket and writes no file outside the temp dir, even with a
read-only checkout and HOME; a run killed by SIGTERM or a timeout leaves nothing half-written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.cmp_server import KEEP, parameter_env
from cmp_harness import generate_command, string
from helpers import REFERENCE_FLEET

HUB = {
    "name": "hub-cluster-np",
    "labels": {"tenant": "control-plane", "environment": "np", "addonsRelease": "default"},
    "annotations": {"addons_repo_basepath": "addons"},
}
PARAMETERS = [
    string("group", "addons"),
    string("cluster", json.dumps(HUB)),
    string("values", "repoNames: [addons]\nuseSelectors: 'true'\n"),
]

# Loaded through PYTHONPATH as sitecustomize: any socket, or any file opened for writing or
# created outside the temp dir, ends the process at once with status 97/98.
AUDIT_HOOK = """
import os, sys, tempfile
_TMP = os.path.realpath(tempfile.gettempdir())
_NET = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo",
        "socket.gethostbyname", "socket.sendto"}
_CHANGE = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link",
           "os.chmod", "os.truncate", "os.utime", "shutil.rmtree", "shutil.copyfile"}
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def _outside(path):
    if isinstance(path, int):
        return False
    real = os.path.realpath(os.fsdecode(path))
    return real != _TMP and not real.startswith(_TMP + os.sep) and real != os.devnull
def _hook(event, args):
    if event in _NET:
        os.write(2, f"AUDIT: network {event}\\n".encode()); os._exit(97)
    if event == "open":
        path, mode, flags = args
        writing = (mode and any(c in mode for c in "wax+")) or (flags or 0) & _WRITE
        if writing and _outside(path):
            os.write(2, f"AUDIT: write {path!r}\\n".encode()); os._exit(98)
    elif event in _CHANGE and args and _outside(args[0]):
        os.write(2, f"AUDIT: {event} {args[0]!r}\\n".encode()); os._exit(98)
sys.addaudithook(_hook)
"""


def checksums(root: Path) -> dict[str, tuple[str, int]]:
    """Every entry under `root`: content digest (or link target) and mode."""
    found = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            digest = "link:" + os.readlink(path)
        elif path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            digest = "dir"
        found[str(path.relative_to(root))] = (digest, stat.S_IMODE(info.st_mode))
    return found


def plugin_env(app_path: str = ".", **extra: str) -> dict[str, str]:
    env = {key: os.environ[key] for key in KEEP if key in os.environ}
    env.update(
        {
            "ARGOCD_APP_NAME": "cluster-addons-hub",
            "ARGOCD_APP_NAMESPACE": "argocd",
            "ARGOCD_APP_SOURCE_PATH": app_path,
            "ARGOCD_EXEC_TIMEOUT": "60s",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(parameter_env(PARAMETERS))
    env.update(extra)
    return env


def start(checkout: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        generate_command(),
        cwd=checkout,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(REFERENCE_FLEET, target, symlinks=True)
    return target


@pytest.fixture
def audited(tmp_path: Path) -> str:
    """A PYTHONPATH whose sitecustomize installs the audit hook."""
    hooks = tmp_path / "audit"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(AUDIT_HOOK)
    return os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))


def test_32_runs_at_once_agree_and_leave_the_checkout_unchanged(checkout: Path) -> None:
    before = checksums(checkout)
    processes = [start(checkout, plugin_env()) for _ in range(32)]
    results = [process.communicate(timeout=120) for process in processes]
    statuses = {process.returncode for process in processes}
    assert statuses == {0}, [err.decode()[-300:] for _, err in results if err]
    outputs = {out for out, _ in results}
    assert len(outputs) == 1
    assert next(iter(outputs)).count(b'"kind": "ApplicationSet"') >= 4
    assert checksums(checkout) == before


def test_the_audit_hook_does_catch_sockets_and_writes(audited: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": audited}

    net = subprocess.run([sys.executable, "-c", "import socket; socket.socket()"], env=env)
    assert net.returncode == 97
    target = tmp_path.parent / "outside-of-tmp"  # still under the temp dir: allowed
    ok = subprocess.run([sys.executable, "-c", f"open({str(target)!r}, 'w')"], env=env)
    assert ok.returncode == 0
    bad = subprocess.run(
        [sys.executable, "-c", "open('/proc/self/cwd/../nope-'+str(id(0)), 'w')"],
        env=env,
        cwd="/",
    )
    assert bad.returncode == 98


def test_no_network_and_no_writes_with_a_read_only_checkout_and_home(
    checkout: Path, tmp_path: Path, audited: str
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    expected = start(checkout, plugin_env()).communicate(timeout=60)[0]
    before = checksums(checkout)
    for path in [checkout, *checkout.rglob("*"), home]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~0o222)
    try:
        env = plugin_env(HOME=str(home), PYTHONPATH=audited)
        process = start(checkout, env)
        out, err = process.communicate(timeout=60)
    finally:
        for path in [checkout, *checkout.rglob("*"), home]:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o200)
    assert process.returncode == 0, err.decode()
    assert b"AUDIT" not in err
    assert out == expected
    after = checksums(checkout)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}


def big_values(checkout: Path) -> None:
    """A chart-mode app with thousands of components: rendering takes a noticeable time."""
    lines = []
    for index in range(4000):
        lines += [
            f"addon-{index}:",
            "  enabled: true",
            "  chartRepository: https://charts.example.com",
            "  defaultVersion: 1.0.0",
            f"  namespace: ns-{index}",
            "  valuesObject: {a: {b: [1, 2, 3]}}",
        ]
    app = checkout / "apps" / "big"
    app.mkdir(parents=True)
    (app / "values.yaml").write_text("\n".join(lines) + "\n")


def big_env() -> dict[str, str]:
    env = plugin_env("apps/big")
    env["ARGOCD_APP_PARAMETERS"] = json.dumps([{"name": "valueFiles", "array": ["values.yaml"]}])
    for key in [k for k in env if k.startswith("PARAM_")]:
        del env[key]
    return env


def test_the_big_run_succeeds_when_left_alone(checkout: Path) -> None:
    big_values(checkout)
    process = start(checkout / "apps" / "big", big_env())
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()[-500:]
    assert out.count(b'"kind": "ApplicationSet"') == 4000


@pytest.mark.parametrize("how", ["sigterm", "timeout"])
def test_a_killed_run_leaves_nothing_half_written(checkout: Path, how: str) -> None:
    big_values(checkout)
    before = checksums(checkout)
    process = start(checkout / "apps" / "big", big_env())
    time.sleep(0.4)  # well inside the rendering, before any output is written
    assert process.poll() is None, "the run finished too early to be interrupted"
    if how == "sigterm":
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
        assert process.returncode == -signal.SIGTERM
    else:
        # What argocd-cmp-server does when ARGOCD_EXEC_TIMEOUT passes: the process is killed.
        with pytest.raises(subprocess.TimeoutExpired):
            process.communicate(timeout=0.1)
        process.kill()
        out, _ = process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
    assert out == b""
    assert checksums(checkout) == before
