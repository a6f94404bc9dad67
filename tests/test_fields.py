"""The chart's fields are one table (cmp_plugin/chart/fields.py): the model, the schema, the
unknown-key rule and the CRD shapes all follow it, so adding a field is one row there (and its
typed attribute in chart/model.py, which these tests hold to the row)."""

from __future__ import annotations

from typing import Any

import pytest

from cmp_plugin.chart import crdshape, fields
from cmp_plugin.chart.convert import COPIED, AdditionalResources, Environment
from cmp_plugin.chart.model import Component, Settings, component_from_values
from cmp_plugin.data import build
from cmp_plugin.errors import FleetError
from cmp_plugin.lint.rules import unknown_key
from cmp_plugin.schema import values_schema

SCHEMA = values_schema()


def keys(table: tuple[fields.Field, ...]) -> list[str]:
    return [field.key for field in table]


def attrs(table: tuple[fields.Field, ...]) -> list[str]:
    return [field.attr for field in table if field.attr]


def test_the_model_holds_each_field_of_the_table() -> None:
    assert list(Settings._fields) == attrs(fields.SETTINGS)
    assert list(Component._fields) == ["key", "name", *attrs(fields.COMPONENT)]
    assert list(Environment._fields) == attrs(fields.ENVIRONMENT)
    assert list(AdditionalResources._fields) == attrs(fields.ADDITIONAL_RESOURCES)


def test_the_schema_describes_each_field_of_the_table() -> None:
    defs = SCHEMA["$defs"]
    assert list(SCHEMA["properties"]) == keys(fields.SETTINGS)
    assert list(defs["component"]["properties"]) == keys(fields.COMPONENT)
    assert list(defs["environment"]["properties"]) == keys(fields.ENVIRONMENT)
    additional = defs["additionalResources"]["properties"]
    assert list(additional) == keys(fields.ADDITIONAL_RESOURCES)
    assert list(additional["helm"]["properties"]) == keys(fields.HELM)
    described = [
        SCHEMA["properties"][field.key]["description"].startswith(field.description)
        for field in fields.SETTINGS
    ]
    assert all(described)


def test_unknown_key_knows_exactly_the_table_and_what_the_chart_reads_besides() -> None:
    assert unknown_key.SETTING_KEYS - set(keys(fields.SETTINGS)) == unknown_key.CHART_GLOBALS
    assert unknown_key.COMPONENT_KEYS - set(keys(fields.COMPONENT)) == {"applyNestedSelectors"}
    assert set(keys(fields.SETTINGS)) <= unknown_key.SETTING_KEYS


def test_the_copied_fields_are_the_crd_shapes() -> None:
    copied = {field.key: field.crd for field in fields.SETTINGS + fields.COMPONENT if field.crd}
    by_shape = {field.key for field in fields.SETTINGS + fields.COMPONENT if field.shape is COPIED}
    assert set(copied) == by_shape == crdshape.fields() == set(build.COPIED_FIELDS)
    for field in fields.SETTINGS + fields.COMPONENT:  # one place in the CRD per key
        if field.crd:
            assert build.COPIED_FIELDS[field.key] == field.crd


def test_every_row_is_described() -> None:
    tables = [fields.SETTINGS, fields.COMPONENT, fields.ENVIRONMENT, fields.HELM]
    for field in [*fields.ADDITIONAL_RESOURCES, *(f for table in tables for f in table)]:
        assert field.description.strip().endswith((".", ")")), field


@pytest.mark.parametrize(
    ("entry", "attribute", "expected"),
    [
        ({"enabled": True}, "namespace", ""),
        ({"enabled": True, "chartName": None}, "chart_name", "db-x"),
        ({"enabled": True, "chartName": 1.5}, "chart_name", "1.5"),
        ({"enabled": True, "labelsApp": {"a": True}}, "labels_app", {"a": "true"}),
        ({"enabled": True, "gitMatrix": "false"}, "git_matrix", True),  # Go truth
        ({"enabled": True, "templatePatch": ""}, "template_patch", None),
    ],
)
def test_a_component_row_converts_as_the_chart_reads(
    entry: dict[str, Any], attribute: str, expected: Any
) -> None:
    assert getattr(component_from_values("db_x", entry), attribute) == expected


@pytest.mark.parametrize(
    ("values", "attribute", "expected"),
    [
        ({}, "namespace", "argocd"),  # the row's default
        ({"namespace": ""}, "namespace", "argocd"),
        ({"argoProjectName": None}, "argo_project_name", "default"),
        ({}, "global_values_object", {}),
        ({"releaseType": "Canary"}, "release_type", "canary"),
        ({"useSelectors": True}, "use_selectors", True),
        ({"useSelectors": "yes"}, "use_selectors", False),
        ({"applyNestedSelectors": "on"}, "apply_nested_selectors", True),
        ({"valueFiles": [1, "a"]}, "value_files", ["1", "a"]),
    ],
)
def test_a_settings_row_converts_as_the_chart_reads(
    values: dict[str, Any], attribute: str, expected: Any
) -> None:
    assert getattr(Settings.from_values(values), attribute) == expected


def test_an_environment_without_a_version_takes_the_component_s() -> None:
    entry = {"enabled": True, "defaultVersion": "1.2.3", "environments": [{"selector": {}}]}
    (environment,) = component_from_values("web", entry).environments
    assert environment == Environment(selector={}, chart_version="1.2.3")


def test_a_shape_error_names_the_key_path() -> None:
    with pytest.raises(FleetError, match=r"^web\.environments\.0\.chartVersion: must be a single"):
        component_from_values("web", {"enabled": True, "environments": [{"chartVersion": [1]}]})
