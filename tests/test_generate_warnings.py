"""What `generate` and `preview` tell a person about their inputs, beside the output.

- Fleet-mode `generate` without `--values` takes the group's bootstrap values where
  `preview` and `explain` find them (the `values` parameter of the repository's
  argocd-fleet-v1 plugin sources, else the eks-fleet defaults) and says which on stderr.
- A template field that reads a generator value no generator sets is a warning.
- A key the chart does not read (validate's unknown-key rule) is a warning of `generate`
  and `preview`, in every file they rendered from.
- The plugin reads its values from its parameter only, and checks none of this: its path
  stays as fast as it was (tests/test_imports.py), and Argo CD reports what it renders.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from cmp_harness import run_plugin, string
from helpers import REFERENCE_FLEET, ROOT, run_cli

EXAMPLE = ROOT / "examples" / "fleet"
HUB_BOOTSTRAP = "fleet/bootstrap/fleet-hub/hub-fleet-appset.yaml"
MISSINGKEY = (
    "which no generator sets: Argo CD fails to render this ApplicationSet (missingkey=error)"
)
ENABLE_TYPO = "external-secrets.enable: the chart reads no component field 'enable' (did you mean 'enabled'?) [unknown-key]"  # fmt: skip


@pytest.fixture
def fleet(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    shutil.copytree(EXAMPLE, root)
    return root


def generate(*args: str, cwd: Path) -> tuple[int, str, list[str]]:
    result = run_cli("generate", *args, cwd=cwd)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout, result.stderr.splitlines()


# --------------------------------------------------------------------------------------------
# bootstrap values


def test_fleet_mode_without_values_uses_the_hub_bootstrap(fleet: Path) -> None:
    # examples/fleet/bootstrap/addons.yaml holds the values the hub bootstrap passes for
    # addons: without --values the output is the same, and stderr says where they came from.
    args = ("--repo", ".", "--group", "addons", "--cluster", "clusters/hub.yaml")
    found = generate(*args, cwd=fleet)
    given = generate(*args, "--values", "bootstrap/addons.yaml", cwd=fleet)
    assert given[0] == 0 and given[2] == []
    assert found[:2] == given[:2]
    assert found[2] == [
        "argocd-fleet: note: bootstrap values of group addons: the 'values' parameter of the "
        f"argocd-fleet-v1 plugin source in {HUB_BOOTSTRAP} (give --values FILE to use others)"
    ]


def test_fleet_mode_without_values_or_plugin_source_uses_the_defaults(tmp_path: Path) -> None:
    # The reference fleet has no argocd-fleet-v1 plugin source: the eks-fleet defaults
    # (mergeValues: {addons: {use: true}}) apply, as in preview.
    hub = tmp_path / "hub.yaml"
    hub.write_text(
        yaml.safe_dump(
            {
                "name": "hub-cluster-np",
                "labels": {"tenant": "control-plane", "environment": "np"},
                "annotations": {"addons_repo_basepath": "addons"},
            }
        )
    )
    status, out, err = generate(
        "--repo", str(REFERENCE_FLEET), "--group", "addons", "--cluster", str(hub), cwd=tmp_path
    )
    assert status == 0 and "addonChartVersion: 3.11.0" in out
    assert err == [
        "argocd-fleet: note: bootstrap values of group addons: the eks-fleet defaults (no "
        "argocd-fleet-v1 plugin source in the repository sets them; give --values FILE)"
    ]


def test_values_no_generator_sets_are_warned(fleet: Path) -> None:
    # Without mergeValues no catalog is merged: external-secrets and metrics-server are only
    # `enabled: true` (addons/bootstrap/defaults/addons.yaml), so their generators carry
    # addonChart and chart (the component's name) but no repository and no version, which
    # the chart's template reads in three fields.
    (fleet / "bare.yaml").write_text('repoNames: [addons]\nuseSelectors: "true"\n')
    status, out, err = generate(
        "--repo", ".", "--group", "addons", "--cluster", "fleet-hub", "--values", "bare.yaml",
        "--release", "default", cwd=fleet,
    )  # fmt: skip
    assert status == 0 and out.count("kind: ApplicationSet") == 2
    assert err == [
        f"argocd-fleet: warning: ApplicationSet {name}: {fields}"
        for name in ("external-secrets-default", "metrics-server-default")
        for fields in (
            f"spec.template.spec.sources[1].repoURL reads .values.addonChartRepository, {MISSINGKEY}",
            "spec.template.metadata.name and spec.template.spec.sources[1].targetRevision read "
            f".values.addonChartVersion, {MISSINGKEY}",
        )
    ]


def test_chart_mode_warns_about_unset_values_too(tmp_path: Path) -> None:
    # No releaseType in chart mode: the ApplicationSet is named after the component alone.
    (tmp_path / "values.yaml").write_text("web:\n  enabled: true\n  chartRepository: r\n")
    status, _, err = generate("-f", "values.yaml", cwd=tmp_path)
    assert status == 0
    assert err == [
        "argocd-fleet: warning: ApplicationSet web: spec.template.metadata.name and "
        f"spec.template.spec.sources[1].targetRevision read .values.addonChartVersion, {MISSINGKEY}"
    ]


# --------------------------------------------------------------------------------------------
# unknown keys


def add_typo(fleet: Path) -> str:
    """`enable:` for `enabled:` in a file every addons render reads; its path."""
    relative = "addons/bootstrap/defaults/addons.yaml"
    path = fleet / relative
    text = path.read_text().replace("external-secrets:\n  enabled: true", "external-secrets:\n  enable: true")  # fmt: skip
    assert "enable: true" in text
    path.write_text(text)
    return relative


def test_generate_warns_about_a_misspelt_key(fleet: Path) -> None:
    relative = add_typo(fleet)
    line = (fleet / relative).read_text().splitlines().index("  enable: true") + 1
    status, _, err = generate(
        "--repo", ".", "--group", "addons", "--cluster", "fleet-hub", "--values",
        "bootstrap/addons.yaml", cwd=fleet,
    )  # fmt: skip
    assert status == 0
    assert err == [f"argocd-fleet: warning: {relative}:{line}: {ENABLE_TYPO}"]


def test_generate_names_repository_files_under_the_repo_argument(fleet: Path) -> None:
    relative = add_typo(fleet)
    status, _, err = generate(
        "--repo", "fleet", "--group", "addons", "--cluster", "fleet-hub", cwd=fleet.parent
    )
    assert status == 0
    assert [line for line in err if "unknown-key" in line] == [
        f"argocd-fleet: warning: fleet/{relative}:10: {ENABLE_TYPO}"
    ]


def test_chart_mode_generate_warns_about_a_misspelt_key(tmp_path: Path) -> None:
    (tmp_path / "values.yaml").write_text(
        "mergeValues:\n  addons:\n    use: true\nexternal-secrets:\n  enable: true\n"
    )
    status, _, err = generate("-f", "values.yaml", cwd=tmp_path)
    assert status == 0
    assert err == [f"argocd-fleet: warning: values.yaml:5: {ENABLE_TYPO}"]


def test_preview_warns_about_a_misspelt_key(fleet: Path) -> None:
    relative = add_typo(fleet)
    result = run_cli("preview", "--repo", ".", "-o", "json", cwd=fleet)
    assert result.returncode == 0, result.stderr
    warning = f"{relative}:10: {ENABLE_TYPO}"
    assert result.stderr.splitlines() == [f"argocd-fleet: warning: {warning}"]
    assert json.loads(result.stdout)["warnings"] == [warning]


def test_the_plugin_neither_looks_for_values_nor_warns(fleet: Path) -> None:
    # The plugin takes the bootstrap values from its `values` parameter only. Without it,
    # no catalog is merged, and what Argo CD reports is the plugin's whole answer.
    add_typo(fleet)
    hub = yaml.safe_load((fleet / "clusters" / "hub.yaml").read_text())
    result = run_plugin(
        fleet, "fleet/bootstrap", [string("group", "addons"), string("cluster", json.dumps(hub))]
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    appsets = [json.loads(doc) for doc in result.stdout.split("---\n") if doc.strip()]
    values = [a["spec"]["generators"][0]["clusters"]["values"] for a in appsets]
    assert values and all("addonChartVersion" not in v for v in values)
