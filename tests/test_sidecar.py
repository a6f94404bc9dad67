"""The sidecar manifests: the kustomize patch of argocd-repo-server and the argo-cd Helm values.

Both must run the image's argocd-cmp-server as uid 999 (the repo-server's uid, so both reach
the plugin socket), on a read-only root filesystem with its own /tmp, mounting the two
volumes the repo-server shares with its sidecars. The two describe the same container.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT

SIDECAR = ROOT / "sidecar"
KUSTOMIZE = SIDECAR / "kustomize"
CMP_SERVER = "/var/run/argocd/argocd-cmp-server"
# Volumes the repo-server Deployment already has, in Argo CD's manifests and its Helm chart.
REPO_SERVER_VOLUMES = {"var-files", "plugins"}
MOUNTS = {
    "/var/run/argocd": "var-files",
    "/home/argocd/cmp-server/plugins": "plugins",
}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def kustomize_patch() -> dict[str, Any]:
    kustomization = load(KUSTOMIZE / "kustomization.yaml")
    (patch,) = kustomization["patches"]
    return load(KUSTOMIZE / patch["path"])


def kustomize_sidecar() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    pod = kustomize_patch()["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    return container, pod["volumes"]


def helm_sidecar() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    repo_server = load(SIDECAR / "helm-values.yaml")["repoServer"]
    (container,) = repo_server["extraContainers"]
    return container, repo_server["volumes"]


SIDECARS = {"kustomize": kustomize_sidecar, "helm": helm_sidecar}


def test_kustomization_patches_the_repo_server_deployment() -> None:
    kustomization = load(KUSTOMIZE / "kustomization.yaml")
    assert kustomization["kind"] == "Kustomization"
    assert kustomization["namespace"] == "argocd"
    (patch,) = kustomization["patches"]
    assert patch["target"]["kind"] == "Deployment"
    assert patch["target"]["name"] == "argocd-repo-server"
    deployment = kustomize_patch()
    assert (deployment["apiVersion"], deployment["kind"]) == ("apps/v1", "Deployment")
    assert deployment["metadata"]["name"] == "argocd-repo-server"


def test_kustomize_image_transformer_matches_the_patched_image() -> None:
    container, _ = kustomize_sidecar()
    (image,) = load(KUSTOMIZE / "kustomization.yaml")["images"]
    assert container["image"].split(":")[0] == image["name"]
    assert image["newTag"] and image["newName"]


@pytest.mark.parametrize("source", sorted(SIDECARS))
def test_sidecar_runs_the_cmp_server_as_uid_999_read_only(source: str) -> None:
    container, _ = SIDECARS[source]()
    assert container["name"] == "argocd-fleet"
    assert container["command"] == [CMP_SERVER]
    assert "args" not in container
    context = container["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context["runAsUser"] == 999
    assert context["readOnlyRootFilesystem"] is True
    assert context["allowPrivilegeEscalation"] is False
    assert context["capabilities"]["drop"] == ["ALL"]
    assert container["resources"]["requests"]["memory"]
    assert container["resources"]["limits"]["memory"]


@pytest.mark.parametrize("source", sorted(SIDECARS))
def test_sidecar_mounts_the_shared_volumes_and_its_own_tmp(source: str) -> None:
    container, volumes = SIDECARS[source]()
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    for path, name in MOUNTS.items():
        assert mounts[path] == name
    declared = {volume["name"]: volume for volume in volumes}
    tmp = mounts["/tmp"]
    # Argo CD warns not to share the repo-server's /tmp with a plugin: its own emptyDir.
    assert tmp not in REPO_SERVER_VOLUMES | {"tmp"}
    assert declared[tmp]["emptyDir"] == {}
    for name in mounts.values():
        assert name in REPO_SERVER_VOLUMES or name in declared, name
    # The plugin configuration is baked into the image, not mounted over it.
    assert not [p for p in mounts if p.startswith("/home/argocd/cmp-server/config")]


def test_kustomize_and_helm_describe_the_same_container() -> None:
    kustomize, kustomize_volumes = kustomize_sidecar()
    helm, helm_volumes = helm_sidecar()
    assert {**kustomize, "image": None} == {**helm, "image": None}
    assert kustomize_volumes == helm_volumes
    (image,) = load(KUSTOMIZE / "kustomization.yaml")["images"]
    assert helm["image"] == f"{image['newName']}:{image['newTag']}"


def test_sidecar_uid_is_the_image_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\d+)", dockerfile, re.M)
    container, _ = kustomize_sidecar()
    assert users and int(users[-1]) == container["securityContext"]["runAsUser"]
