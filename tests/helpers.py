"""Shared test helpers: paths, the golden cases, running the CLI, comparing manifests."""

from __future__ import annotations

import os
import subprocess
import sys
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


def run_cli(
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """`argocd-fleet ARGS` as a separate process (as users and Argo CD run it)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", "from cmp_plugin.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )


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
