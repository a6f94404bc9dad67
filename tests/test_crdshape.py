"""The fields copied from the values into the ApplicationSets are checked against Argo CD's CRD
(cmp_plugin/chart/crdshape.py): the packaged shapes say what the CRD says, the check agrees
with jsonschema on the full CRD, and a mistake is one located line instead of an
ApplicationSet the API server rejects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import crd
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmp_plugin import data
from cmp_plugin.chart import crdshape
from cmp_plugin.chart.render import render
from cmp_plugin.data import build
from cmp_plugin.errors import FleetError
from helpers import SCHEMAS, run_cli

APPSET_CRD = SCHEMAS / "argocd" / "applicationset-crd.yaml"
FULL = build.crd_schema(APPSET_CRD)
FIELDS = sorted(build.COPIED_FIELDS)


def full_schema(field: str) -> dict[str, Any]:
    return build.at(FULL, build.COPIED_FIELDS[field])


def test_the_packaged_shapes_are_the_crd_s() -> None:
    packaged = json.loads(Path(data.CRD_SHAPES).read_text(encoding="utf-8"))
    assert packaged == build.crd_shapes(APPSET_CRD), "run: python -m cmp_plugin.data.build"


def test_the_reduction_refuses_a_keyword_it_would_not_check() -> None:
    with pytest.raises(SystemExit, match="'pattern'"):
        build.reduce({"type": "string", "pattern": "^a"}, "spec.x")


# ---------------------------------------------------------------------------------------------
# agreement with jsonschema, on values shaped like the CRD's (and often not quite)

NAMES = sorted(
    {
        name
        for field in FIELDS
        for name in json.dumps(crdshape.shape(field)).replace('"', " ").split()
        if name.isalnum()
    }
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([1.0, 2.5]),
    st.sampled_from(["", "x", "25%", "create-only", "sync", "ServerSideApply=true"]),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(NAMES), inner, max_size=4)
    ),
    max_leaves=10,
)


def like(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that mostly follow `schema` (the full CRD one), and sometimes any tree."""
    if schema.get("x-kubernetes-int-or-string"):
        fitting: st.SearchStrategy[Any] = st.one_of(st.integers(0, 5), st.just("25%"))
    elif "enum" in schema:
        fitting = st.sampled_from(schema["enum"])
    elif schema.get("type") == "object" and "properties" in schema:
        properties = schema["properties"]
        fitting = st.fixed_dictionaries(
            {},
            optional={key: st.deferred(lambda s=sub: like(s)) for key, sub in properties.items()},
        )
    elif schema.get("type") == "object" and isinstance(schema.get("additionalProperties"), dict):
        fitting = st.dictionaries(st.sampled_from(NAMES), like(schema["additionalProperties"]))
    elif schema.get("type") == "array" and "items" in schema:
        fitting = st.lists(st.deferred(lambda: like(schema["items"])), max_size=3)
    else:
        fitting = scalars
    return st.one_of(fitting, fitting, fitting, trees)


def without_nulls_in_mappings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls_in_mappings(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls_in_mappings(v) for v in value]
    return value


@st.composite
def field_values(draw: st.DrawFn) -> tuple[str, Any]:
    field = draw(st.sampled_from(FIELDS))
    return field, draw(like(full_schema(field)))


@settings(max_examples=max(400, settings.default.max_examples))
@given(field_values())
def test_the_check_agrees_with_jsonschema_on_the_full_crd(case: tuple[str, Any]) -> None:
    field, value = case
    if value is None:
        return  # an absent field: nothing is emitted
    validator = jsonschema.Draft7Validator(full_schema(field))
    try:
        emitted = crdshape.conform(field, value, ("web", field))
    except FleetError as err:
        assert str(err).startswith("web." + field) and "\n" not in str(err)
        assert err.keypath[:2] == ("web", field)
        assert not validator.is_valid(without_nulls_in_mappings(value))
        return
    assert list(validator.iter_errors(emitted)) == []
    # Nothing is changed but nulls dropped (those below keys the CRD does not describe stay).
    assert without_nulls_in_mappings(emitted) == without_nulls_in_mappings(value)


# ---------------------------------------------------------------------------------------------
# what a user sees


def component(**fields: Any) -> dict[str, Any]:
    return {"web": {"enabled": True, "namespace": "web", "defaultVersion": "1.0.0", **fields}}


def test_valid_copied_fields_are_emitted_as_written() -> None:
    values = component(
        syncPolicy={"automated": {"prune": True}, "syncOptions": ["CreateNamespace=true"]},
        ignoreDifferences=[{"kind": "Secret", "jsonPointers": ["/data"]}],
        strategy={
            "type": "RollingSync",
            "rollingSync": {"steps": [{"matchExpressions": [], "maxUpdate": "25%"}]},
        },
        syncPolicyAppSet={"applicationsSync": "create-only"},
    )
    (appset,) = render(values).objects
    assert crd.errors(appset) == []
    spec = appset["spec"]
    assert spec["syncPolicy"] == {"applicationsSync": "create-only"}
    assert spec["strategy"]["rollingSync"]["steps"][0]["maxUpdate"] == "25%"
    template = spec["template"]["spec"]
    assert template["syncPolicy"]["syncOptions"] == ["CreateNamespace=true"]
    assert template["ignoreDifferences"] == [{"kind": "Secret", "jsonPointers": ["/data"]}]


def test_a_null_member_is_dropped_as_the_api_server_prunes_it() -> None:
    # `automated:` left empty: the chart writes `automated: null`, which the API server prunes,
    # so automated sync stays off either way; argocd-fleet's object is the one stored.
    (appset,) = render(component(syncPolicy={"automated": None, "syncOptions": ["A=b"]})).objects
    assert appset["spec"]["template"]["spec"]["syncPolicy"] == {"syncOptions": ["A=b"]}
    assert crd.errors(appset) == []


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        (
            "web:\n  enabled: true\n  syncPolicy:\n    syncOptions: CreateNamespace=true\n",
            "values.yaml:4: web.syncPolicy.syncOptions: must be a list, not a string",
        ),
        (
            "web:\n  enabled: true\n  ignoreDifferences:\n    - group: apps\n",
            "values.yaml:4: web.ignoreDifferences.0: needs kind (Argo CD requires it)",
        ),
        (
            "web:\n  enabled: true\n  ignoreDifferences:\n    -\n",
            "values.yaml:4: web.ignoreDifferences.0: must be a mapping, not null",
        ),
        (
            "web:\n  enabled: true\n  syncPolicyAppSet:\n    applicationsSync: all\n",
            "values.yaml:4: web.syncPolicyAppSet.applicationsSync: must be one of create-only, "
            "create-update, create-delete, sync, not 'all'",
        ),
        (
            "syncPolicy:\n  retry:\n    limit: five\nweb:\n  enabled: true\n",
            "values.yaml:3: syncPolicy.retry.limit: must be a whole number, not a string",
        ),
        (
            "web:\n  enabled: true\n  goTemplateOptions: [1]\n",
            "values.yaml:3: web.goTemplateOptions.0: must be a string, not a number",
        ),
    ],
)
def test_a_field_that_does_not_fit_the_crd_is_one_located_error(
    yaml_text: str, message: str, tmp_path: Path
) -> None:
    (tmp_path / "values.yaml").write_text(yaml_text)
    result = run_cli("generate", "-f", "values.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"argocd-fleet: error: {message}\n"


def test_the_checked_fields_are_the_built_ones() -> None:
    assert set(build.COPIED_FIELDS) == crdshape.fields()
