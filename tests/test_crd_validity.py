"""Every object argocd-fleet emits for the golden inputs validates against the Argo CD CRDs."""

from __future__ import annotations

import crd
import pytest
import yaml

from helpers import cases, run_cli


@pytest.mark.parametrize("case", cases("chart"), ids=lambda p: p.name)
def test_chart_output_validates(case) -> None:
    result = run_cli("generate", "-f", str(case / "values.yaml"), "--allow-empty")
    assert result.returncode == 0, result.stderr
    problems = [
        line for obj in yaml.safe_load_all(result.stdout) if obj for line in crd.errors(obj)
    ]
    assert problems == []


def test_a_broken_object_is_caught() -> None:
    # The validator itself must be able to fail: a generator that is not a list.
    broken = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "ApplicationSet",
        "metadata": {"name": "x"},
        "spec": {"generators": {"clusters": {}}, "template": {"metadata": {}, "spec": {}}},
    }
    assert crd.errors(broken)
