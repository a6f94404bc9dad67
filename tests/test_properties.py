"""Properties (hypothesis): random values trees and random small fleets never raise anything
but a FleetError, every object produced is valid against the ApplicationSet CRD, and the
CLI's bytes do not depend on the hash seed or the locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import crd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmp_plugin.chart.convert import Field
from cmp_plugin.chart.fields import COMPONENT, SETTINGS
from cmp_plugin.errors import FleetError
from cmp_plugin.fleet.cluster import Cluster
from cmp_plugin.fleet.hierarchy import Hierarchy
from cmp_plugin.fleet.paths import Repo
from cmp_plugin.fleet.render import FleetRequest, fleet_mode
from cmp_plugin.generate import chart_mode
from cmp_plugin.sources import ValueSource
from cmp_plugin.stream import dump_yaml
from helpers import CLI, TESTS

SMALL_FLEET = TESTS / "bad_inputs" / "fleet"
# The example counts of the default run; the profiles (conftest.py) can only raise them.
PROFILE = settings(max_examples=max(60, settings.default.max_examples))

# ---------------------------------------------------------------------------------------------
# strategies

words = st.sampled_from(
    ["a", "web", "true", "false", "yes", "1.0", "", "x_y", "-", "..", "/etc", "ä", "kube-system"]
)
text = st.one_of(words, st.text(st.characters(blacklist_categories=["Cs"]), max_size=12))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    text,
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(words, children, max_size=3)
    ),
    max_leaves=8,
)
selector = st.one_of(
    trees,
    st.fixed_dictionaries(
        {},
        optional={
            "matchLabels": st.dictionaries(words, scalars, max_size=3),
            "matchExpressions": st.lists(
                st.fixed_dictionaries(
                    {"key": words, "operator": st.sampled_from(["In", "NotIn", "Exists"])},
                    optional={"values": st.lists(scalars, max_size=3)},
                ),
                max_size=2,
            ),
        },
    ),
)
environments = st.one_of(
    st.lists(
        st.fixed_dictionaries(
            {}, optional={"selector": st.dictionaries(words, scalars), "chartVersion": scalars}
        ),
        max_size=2,
    ),
    trees,
)
# One strategy per shape of the chart's table (cmp_plugin/chart/fields.py), so that a field
# added there is generated here too: mostly values of the shape, sometimes any tree.
BY_SHAPE = {
    "scalar": scalars,
    "string": st.one_of(text, trees),
    "map": st.one_of(st.dictionaries(words, scalars, max_size=2), trees),
    "labels": st.one_of(st.dictionaries(words, scalars, max_size=3), trees),
    "scalars": st.one_of(st.lists(words, max_size=3), trees),
    "flag": scalars,
    "scalar flag": scalars,
    "boolean": st.one_of(st.booleans(), words),
    "enabled": st.one_of(st.booleans(), st.sampled_from(["true", "false", "yes"]), trees),
    "copied": trees,
    "selector": selector,
    "environments": environments,
    "additional resources": trees,
}
# Values closer to real ones, for the fields where that reaches more of the engine.
COMPONENT_VALUES = {
    "namespace": st.one_of(words, trees),
    "chartName": st.one_of(words, scalars),
    "chartRepository": st.one_of(words, scalars),
    "defaultVersion": st.one_of(st.sampled_from(["1.0.0", "3.12.1"]), scalars),
    "type": st.one_of(st.sampled_from(["manifest", "helm", "kustomize"]), scalars),
    "syncPolicy": st.one_of(st.just({"automated": {"prune": True}}), trees),
}
GLOBAL_VALUES = {
    "useSelectors": st.sampled_from(["true", "false", True, False]),
    "useVersionSelectors": st.sampled_from(["true", "false", True]),
    "repoURLGit": st.one_of(st.just("https://git.example.com/fleet.git"), scalars),
}


def field_strategies(
    fields: tuple[Field, ...], values: dict[str, st.SearchStrategy[Any]]
) -> dict[str, st.SearchStrategy[Any]]:
    """A strategy for every field the model reads (and `enabled`)."""
    return {
        field.key: values.get(field.key, BY_SHAPE[field.shape.name])
        for field in fields
        if field.attr or field.key == "enabled"
    }


COMPONENT_FIELDS = field_strategies(COMPONENT, COMPONENT_VALUES)
GLOBAL_FIELDS = field_strategies(SETTINGS, GLOBAL_VALUES)
_COMPONENTS = st.fixed_dictionaries(
    {"enabled": COMPONENT_FIELDS["enabled"]},
    optional={k: v for k, v in COMPONENT_FIELDS.items() if k != "enabled"},
)
_GLOBALS = st.fixed_dictionaries({}, optional=GLOBAL_FIELDS)


# Named (composite) strategies: one over every field has a repr of kilobytes, which
# hypothesis would print, with a warning, when a draw is rejected.
@st.composite
def components(draw: st.DrawFn) -> dict[str, Any]:
    return draw(_COMPONENTS)


@st.composite
def global_settings(draw: st.DrawFn) -> dict[str, Any]:
    return draw(_GLOBALS)


values_trees = st.builds(
    lambda comps, globals_: {**globals_, **comps},
    st.dictionaries(st.sampled_from(["web", "external-dns", "db_x", "a" * 70]), components()),
    global_settings(),
)

# ---------------------------------------------------------------------------------------------
# helpers


def assert_valid(objects: list[dict[str, Any]]) -> None:
    for obj in objects:
        assert obj["kind"] == "ApplicationSet"
        assert crd.errors(obj) == []
        json.dumps(obj, allow_nan=False)  # the plugin's JSON output must be possible


def render(values: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The chart-mode objects, or None for a FleetError; anything else fails the test."""
    source = ValueSource.from_text(dump_yaml(values), "values.yaml")
    try:
        return chart_mode([source], warn=lambda message: None).objects
    except FleetError as err:
        assert str(err).strip() and "\n" not in str(err)
        return None


# ---------------------------------------------------------------------------------------------
# properties


@PROFILE
@given(values_trees)
def test_random_values_never_crash_and_give_crd_valid_objects(values: dict[str, Any]) -> None:
    objects = render(values)
    if objects is not None:
        assert_valid(objects)


def test_the_strategies_follow_the_chart_table() -> None:
    """Every field the model reads is generated; no strategy names a field the chart lost."""
    assert set(COMPONENT_VALUES) <= set(COMPONENT_FIELDS)
    assert set(GLOBAL_VALUES) <= set(GLOBAL_FIELDS)
    modelled = {field.key for field in COMPONENT if field.attr}
    assert modelled | {"enabled"} == set(COMPONENT_FIELDS)
    assert {field.key for field in SETTINGS if field.attr} == set(GLOBAL_FIELDS)


def test_the_strategy_reaches_both_outcomes() -> None:
    """Guard against a strategy that only ever produces errors (or never does)."""
    good = {"web": {"enabled": True, "namespace": "web", "defaultVersion": "1.0.0"}}
    assert render(good)
    assert render({"web": {"enabled": True, "selector": [1]}}) is None


cluster_names = st.sampled_from(["dev-1", "dev-1", "hub", "..", "../x", "a/b", "", "ä"])
label_values = st.sampled_from(["team-a", "team-a", "dev", "/etc", "..", "x\\y", ""])
good_labels = st.fixed_dictionaries(
    {"tenant": label_values, "environment": label_values},
    optional={"addonsRelease": st.sampled_from(["stable", "canary", "nope", ""])},
)
good_annotations = st.fixed_dictionaries(
    {
        "addons_repo_basepath": st.sampled_from(
            ["addons/tenants", "addons/tenants", "/etc", "addons/../..", "addons"]
        )
    }
)
clusters = st.fixed_dictionaries(
    {
        "name": cluster_names,
        "labels": st.one_of(good_labels, good_labels, st.dictionaries(words, scalars, max_size=3)),
        "annotations": st.one_of(good_annotations, good_annotations, trees),
    }
)
bootstraps = st.fixed_dictionaries(
    {},
    optional={
        "repoNames": st.one_of(st.just(["addons"]), st.lists(words, max_size=2)),
        "useVersionSelectors": st.sampled_from(["true", "false"]),
        "useSelectors": st.sampled_from(["true", "false"]),
        "web": components(),
    },
)


@PROFILE
@given(clusters, bootstraps, st.sampled_from([None, "stable", "canary", "nope"]))
def test_random_fleets_never_crash_and_give_crd_valid_objects(
    cluster: dict[str, Any], bootstrap: dict[str, Any], release: str | None
) -> None:
    repo = Repo.at(str(SMALL_FLEET))
    try:
        request = FleetRequest(
            repo=repo,
            group="addons",
            cluster=Cluster.from_text(json.dumps(cluster), "parameter cluster"),
            bootstrap=ValueSource.from_text(dump_yaml(bootstrap), "parameter values"),
            release=release,
            hierarchy=Hierarchy.named("eks-fleet"),
        )
        objects = fleet_mode(request, lambda message: None).objects
    except FleetError as err:
        assert str(err).strip() and "\n" not in str(err)
        return
    assert_valid(objects)
    for obj in objects:
        assert obj["metadata"]["name"]


# ---------------------------------------------------------------------------------------------
# determinism across hash seeds and locales


def cli_bytes(args: list[str], seed: str, locale: str, cwd: Path) -> tuple[int, bytes, bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOCD_", "LC_", "LANG"))}
    env.update({"PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale})
    completed = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )
    return completed.returncode, completed.stdout, completed.stderr


@settings(max_examples=12, suppress_health_check=list(HealthCheck))
@given(values=values_trees, output=st.sampled_from(["yaml", "json"]))
def test_cli_output_is_identical_across_hash_seeds_and_locales(
    values: dict[str, Any], output: str, tmp_path_factory: Any
) -> None:
    directory = tmp_path_factory.mktemp("determinism")
    (directory / "values.yaml").write_text(dump_yaml(values), encoding="utf-8")
    args = ["generate", "-f", "values.yaml", "-o", output]
    first = cli_bytes(args, "1", "C", directory)
    second = cli_bytes(args, "4242", "C.UTF-8", directory)
    assert first == second


def test_fleet_mode_output_is_identical_across_hash_seeds_and_locales(tmp_path: Path) -> None:
    cluster = {
        "name": "dev-1",
        "labels": {"tenant": "team-a", "environment": "dev", "addonsRelease": "canary"},
        "annotations": {"addons_repo_basepath": "addons/tenants"},
    }
    (tmp_path / "cluster.json").write_text(json.dumps(cluster))
    args = ["generate", "--repo", str(SMALL_FLEET), "--group", "addons"]
    args += ["--cluster", str(tmp_path / "cluster.json")]
    runs = {cli_bytes(args, seed, loc, tmp_path) for seed, loc in [("0", "C"), ("77", "C.UTF-8")]}
    assert len(runs) == 1
    (status, stdout, _), *_ = runs
    assert status == 0 and stdout.count(b"kind: ApplicationSet") >= 2
