"""The values schema: valid draft 2020-12, and every golden values file validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from cmp_plugin.schema import COMPONENT, SETTINGS, values_schema
from helpers import GOLDEN, REFERENCE_FLEET, ROOT, run_cli

VALIDATOR = jsonschema.Draft202012Validator(values_schema())


def _values_files() -> list[Path]:
    files = sorted(GOLDEN.glob("chart/*/values.yaml"))
    files += sorted(
        p for p in REFERENCE_FLEET.glob("**/application-sets/*.yaml") if "charts" not in p.parts
    )
    files += sorted(REFERENCE_FLEET.glob("*/bootstrap/defaults/*.yaml"))
    files += sorted(GOLDEN.glob("fleets/**/application-sets/*.yaml"))
    files += sorted((ROOT / "cmp_plugin" / "data" / "catalog").glob("*.yaml"))
    return [*files, ROOT / "cmp_plugin" / "data" / "chart-values.yaml"]


def _errors(values: object) -> list[str]:
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(values)
    ]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = values_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", _values_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_golden_values_file_validates(path: Path) -> None:
    assert _errors(yaml.safe_load(path.read_text())) == []


@pytest.mark.parametrize(
    "case", sorted(GOLDEN.glob("e2e/*/case.yaml")), ids=lambda p: p.parent.name
)
def test_e2e_bootstrap_values_validate(case: Path) -> None:
    assert _errors(yaml.safe_load(case.read_text())["values"]) == []


def test_there_are_enough_files_to_mean_something() -> None:
    assert len(_values_files()) > 30


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"external-dns": {"enabled": "yes"}}, "external-dns.enabled"),
        ({"external-dns": {"enabled": True, "namespace": {"a": 1}}}, "external-dns.namespace"),
        ({"useSelectors": "true", "releases": ["addonsRelease"]}, "releases"),
        ({"valueFiles": "a/b"}, "valueFiles"),
        ({"mergeValues": {"addons": "yes"}}, "mergeValues.addons"),
        ({"x": {"selector": {"matchExpressions": [{"key": "a", "operator": "in"}]}}}, "x.selector"),
        ({"repoNames": [""]}, "repoNames.0"),
    ],
)
def test_bad_values_are_flagged(values: dict, where: str) -> None:
    errors = _errors(values)
    assert errors and any(e.startswith(where) for e in errors), errors


def test_component_keys_outside_the_schema_are_allowed() -> None:
    # Decided in cmp_plugin/schema.py: validate's unknown-component-key rule reports these.
    assert _errors({"external-dns": {"enabled": True, "enable": True}}) == []


def test_schema_names_every_model_field() -> None:
    assert {"enabled", "chartName", "namespace", "selector", "valuesObject"} <= set(COMPONENT)
    assert {"releaseType", "useSelectors", "useVersionSelectors", "releases"} <= set(SETTINGS)
    catalogs = values_schema()["properties"]["mergeValues"]["properties"]
    assert {"addons", "ack", "monitoring", "resources", "fleetBootstrap"} <= set(catalogs)
    descriptions = [field.get("description") for field in COMPONENT.values()]
    assert sum(1 for d in descriptions if d) >= len(COMPONENT) - 2


def test_schema_command_prints_the_schema() -> None:
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == values_schema()


@pytest.mark.parametrize(
    ("values", "where"),
    [
        ({"web": {"enabled": True, "syncPolicy": {"syncOptions": "CreateNamespace=true"}}}, ""),
        ({"web": {"enabled": True, "ignoreDifferences": [{"group": "apps"}]}}, ""),
        ({"syncPolicyAppSet": {"applicationsSync": "all"}}, "syncPolicyAppSet.applicationsSync"),
        ({"syncPolicy": {"retry": {"limit": "five"}}}, "syncPolicy.retry.limit"),
    ],
)
def test_copied_fields_have_the_crd_shape(values: dict, where: str) -> None:
    # The same mistakes `generate` reports (tests/test_crdshape.py), flagged in the editor.
    errors = _errors(values)
    assert errors and all(e.startswith(where) for e in errors), errors


def test_copied_fields_accept_what_generate_accepts() -> None:
    values = {
        "syncPolicy": {"automated": None, "retry": {"limit": 5}},
        "web": {
            "enabled": True,
            "ignoreDifferences": [{"kind": "Secret", "jsonPointers": ["/data"]}],
            "strategy": {"type": "RollingSync", "rollingSync": {"steps": [{"maxUpdate": "25%"}]}},
            "syncPolicyAppSet": {"applicationsSync": None},
            "goTemplateOptions": None,
        },
    }
    assert _errors(values) == []
