"""Validation of emitted objects against the CRDs copied under tests/data/schemas."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from helpers import SCHEMAS

CRDS = {
    ("argoproj.io/v1alpha1", "ApplicationSet"): SCHEMAS / "argocd" / "applicationset-crd.yaml",
    ("argoproj.io/v1alpha1", "Application"): SCHEMAS / "argocd" / "application-crd.yaml",
    ("external-secrets.io/v1", "ExternalSecret"): SCHEMAS
    / "external-secrets"
    / "externalsecrets-crd.yaml",
    ("external-secrets.io/v1", "SecretStore"): SCHEMAS
    / "external-secrets"
    / "secretstores-crd.yaml",
}


@functools.cache
def validator(api_version: str, kind: str) -> jsonschema.Draft7Validator:
    path: Path = CRDS[(api_version, kind)]
    crd = yaml.load(path.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    version = api_version.split("/")[1]
    for served in crd["spec"]["versions"]:
        if served["name"] == version:
            return jsonschema.Draft7Validator(served["schema"]["openAPIV3Schema"])
    raise KeyError(f"{path.name} has no version {version}")


def errors(obj: dict[str, Any]) -> list[str]:
    """Every schema violation of `obj`, as readable lines (empty when valid)."""
    check = validator(obj["apiVersion"], obj["kind"])
    return [
        f"{obj['kind']}/{obj.get('metadata', {}).get('name')}: "
        f"{'.'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in check.iter_errors(obj)
    ]
