"""Shared test helpers: paths, the golden cases, running the CLI, comparing manifests."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).parent
ROOT = TESTS.parent
GOLDEN = TESTS / "golden"
REFERENCE_FLEET = TESTS / "data" / "reference-fleet"
SCHEMAS = TESTS / "data" / "schemas"
SHARED = ROOT.parent / "shared"

sys.path.insert(0, str(TESTS))
import manifest_diff  # noqa: E402  (the shared comparison tool, copied)


def cases(kind: str) -> list[Path]:
    return sorted(p for p in (GOLDEN / kind).iterdir() if p.is_dir())


def load_objects(text: str, name: str = "output") -> dict[Any, Any]:
    """Objects keyed as manifest_diff keys them, identity labels stripped."""
    objects = {}
    for doc in yaml.safe_load_all(text):
        if doc is None:
            continue
        manifest_diff.strip_identity(doc.get("metadata"))
        manifest_diff.strip_identity(
            ((doc.get("spec") or {}).get("template") or {}).get("metadata")
        )
        meta = doc.get("metadata") or {}
        key = (doc.get("apiVersion"), doc.get("kind"), meta.get("namespace"), meta.get("name"))
        assert key not in objects, f"{name}: {key} appears twice"
        objects[key] = doc
    return objects


def manifest_differences(expected: str, actual: str) -> list[str]:
    """manifest_diff's report of every difference (empty when equal)."""
    want, got = load_objects(expected, "expected"), load_objects(actual, "actual")
    report: list[str] = []
    for key in sorted(set(want) | set(got), key=str):
        name = "/".join(str(p) for p in key if p)
        if key not in got:
            report.append(f"missing object {name}")
        elif key not in want:
            report.append(f"unexpected object {name}")
        else:
            lines: list[str] = []
            manifest_diff.diff(want[key], got[key], "", lines)
            if lines:
                report.append(f"object {name} differs:")
                report.extend(lines)
    return report


# Read once, when the interpreter or the package starts: a run that sets one of these needs a
# process of its own (`run_cli_process`); `run_cli` refuses them rather than ignore them.
READ_AT_START = ("PYTHON", "LC_", "LANG", "ARGOCD_FLEET_MAX_")


def run_cli(
    *args: str,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`argocd-fleet ARGS` in this process: `main(argv)` with its own stdin (empty unless
    given; text is encoded as UTF-8), stdout and stderr, with `env` added to the environment and `cwd` as the working
    directory, all restored after. As a process would, it returns the exit status and the text
    of both streams (decoded as the process's would be, newlines universal). `timeout` is
    accepted for the signature `run_cli_process` shares, and not enforced."""
    from cmp_plugin.cli import main

    late = sorted(name for name in env or {} if name.startswith(READ_AT_START))
    assert not late, f"{late} are read at start-up: use run_cli_process"
    raw = stdin.encode() if isinstance(stdin, str) else stdin or b""
    streams = [io.TextIOWrapper(io.BytesIO(raw if n == 0 else b""), **TEXT) for n in range(3)]
    saved = (sys.stdin, sys.stdout, sys.stderr)
    with _environment(env or {}), _directory(cwd):
        sys.stdin, sys.stdout, sys.stderr = streams
        try:
            status = main(list(args))
        except SystemExit as stop:  # only click's own exits could still do this
            status = stop.code if isinstance(stop.code, int) else 1
        finally:
            sys.stdin, sys.stdout, sys.stderr = saved
    out, err = (_text(stream) for stream in streams[1:])
    return subprocess.CompletedProcess(["argocd-fleet", *args], status, out, err)


# How the streams of a process read and write here (C.UTF-8: UTF-8, surrogateescape).
TEXT: dict[str, Any] = {"encoding": "utf-8", "errors": "surrogateescape", "write_through": True}


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
    text = raw.decode("utf-8", errors="surrogateescape")
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as text=True reads a pipe


@contextlib.contextmanager
def _environment(added: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in added}
    os.environ.update(added)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _directory(path: str | os.PathLike[str] | None) -> Iterator[None]:
    before = os.getcwd()
    if path is not None:
        os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_cli_process(
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`argocd-fleet ARGS` as a separate process (as users and Argo CD run it): for what only
    a real process shows (start-up, environment read at start, signals, the exit itself)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )


# What the `argocd-fleet` console script runs.
CLI = "import sys; from cmp_plugin.cli import main; sys.exit(main())"


def write_reference_hub(path: Path, secret_label: bool = False) -> Path:
    """The reference fleet's hub (that of the e2e-hub-addons case) with the annotations its
    cluster secret carries, written to `path`; `secret_label` adds the label every Argo CD
    cluster secret has."""
    hub = yaml.safe_load((GOLDEN / "e2e" / "e2e-hub-addons" / "case.yaml").read_text())["cluster"]
    if secret_label:
        hub["labels"]["argocd.argoproj.io/secret-type"] = "cluster"
    hub["annotations"].update(
        {
            "addons_repo_url": "https://github.com/example/fleet",
            "addons_repo_revision": "main",
            "aws_region": "eu-west-2",
            "aws_account_id": "123456789012",
            "aws_cluster_name": "hub-cluster-np",
            "external_dns_domain_filters": "example.com",
        }
    )
    path.write_text(yaml.safe_dump(hub))
    return path


def git(repo: Path, *args: str) -> str:
    """`git -C repo ARGS` with a test identity and no signing; its standard output."""
    completed = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Fleet Test", "-c", "user.email=t@example.com",
         "-c", "commit.gpgsign=false", *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return completed.stdout


def commit(repo: Path, message: str, allow_empty: bool = False) -> str:
    """Commit everything in `repo`; the new commit's id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", *(["--allow-empty"] if allow_empty else []), "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


# --------------------------------------------------------------------------------------------
# the example hub's cluster secret as `kubectl apply -f` left it

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2Vu.do-not-leak"
KEY = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t"


def applied_hub_secret() -> dict[str, Any]:
    """The example hub's cluster secret as `kubectl apply -f` left it: the credentials in
    `config`, and again in the annotation kubectl keeps (the whole secret as applied)."""
    hub = yaml.safe_load((ROOT / "examples" / "fleet" / "clusters" / "hub.yaml").read_text())
    config = json.dumps({"bearerToken": TOKEN, "tlsClientConfig": {"keyData": KEY}})
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": "fleet-hub",
            "namespace": "argocd",
            "labels": {**hub["labels"], "argocd.argoproj.io/secret-type": "cluster"},
            "annotations": dict(hub["annotations"]),
        },
        "type": "Opaque",
        "stringData": {"name": hub["name"], "server": "https://hub.example", "config": config},
    }
    secret["metadata"]["annotations"][LAST_APPLIED] = json.dumps(secret)
    return secret
