"""unknown-key: keys the chart does not read, with difflib's suggestion; free maps left alone."""

from __future__ import annotations

import pytest
from lint_fleet import Fleet

from cmp_plugin.lint.suggest import suggest

RULE = "unknown-key"
DEFAULTS = "addons/bootstrap/defaults/platform.yaml"
CORE = "addons/core/defaults/application-sets/platform.yaml"


def test_misspelt_fields_are_errors_with_a_suggestion(fleet: Fleet) -> None:
    fleet.write(
        CORE,
        """\
        useSelector: "true"
        metrics-server:
          enable: true
          chartname: metrics-server
          additionalResources:
            path: extra
            chartVerison: "1.0"
            helm:
              valuesobject: {}
          environments:
            - selector: {environment: prod}
              chartversion: "3.12.0"
          selector:
            matchExpression: []
        """,
    )
    assert fleet.rule(RULE) == [
        f"{CORE}:1: error: useSelector: not a setting the chart reads "
        "(did you mean 'useSelectors'?) [unknown-key]",
        f"{CORE}:3: error: metrics-server.enable: the chart reads no component field 'enable' "
        "(did you mean 'enabled'?) [unknown-key]",
        f"{CORE}:4: error: metrics-server.chartname: the chart reads no component field "
        "'chartname' (did you mean 'chartName'?) [unknown-key]",
        f"{CORE}:7: error: metrics-server.additionalResources.chartVerison: no field "
        "'chartVerison' here (did you mean 'chartVersion'?) [unknown-key]",
        f"{CORE}:9: error: metrics-server.additionalResources.helm.valuesobject: no field "
        "'valuesobject' here (did you mean 'valuesObject'?) [unknown-key]",
        f"{CORE}:12: error: metrics-server.environments.0.chartversion: no field "
        "'chartversion' here (did you mean 'chartVersion'?) [unknown-key]",
        f"{CORE}:14: error: metrics-server.selector.matchExpression: no field "
        "'matchExpression' here (did you mean 'matchExpressions'?) [unknown-key]",
    ]


def test_a_far_off_key_is_a_warning(fleet: Fleet) -> None:
    fleet.write(CORE, "metrics-server:\n  owner: team-a\n")
    assert fleet.rule(RULE) == [
        f"{CORE}:2: warning: metrics-server.owner: the chart reads no component field 'owner' "
        "[unknown-key]"
    ]


def test_an_override_of_no_component_and_an_unknown_catalog(fleet: Fleet) -> None:
    fleet.write(
        CORE,
        """\
        mergeValues:
          addon:
            use: true
            enabled: true
        metric-server:
          valuesObject: {replicas: 2}
        """,
    )
    assert fleet.rule(RULE) == [
        f"{CORE}:2: error: mergeValues.addon: no catalog of that name (ack, addons, "
        "fleetBootstrap, monitoring, resources) (did you mean 'addons'?) [unknown-key]",
        f"{CORE}:4: warning: mergeValues.addon.enabled: a catalog takes only 'use' [unknown-key]",
        f"{CORE}:5: error: metric-server: overrides no component: no catalog or value file of "
        "group platform defines it (with `enabled`), and it is no setting "
        "(did you mean 'metrics-server'?) [unknown-key]",
    ]


def test_free_maps_anchors_chart_globals_and_catalog_overrides_are_fine(fleet: Fleet) -> None:
    fleet.write(
        CORE,
        """\
        .common: &common
          anything: goes
        nameOverride: fleet
        commonLabels: {team: a}
        globalValuesObject: {whatever: {deep: true}}
        metrics-server:
          <<: *common
          valuesObject: {enable: true, chartname: x}
          labelsApp: {enable: "true"}
          syncPolicy: {automated: {prune: true}}
          selectorMatchLabels: {enable_metrics_server: "true"}
          ackPodIdentity: {path: charts/pod-identity}
        """,
    )
    # `anything` comes in through the merge key: the chart does see it in the entry.
    assert fleet.rule(RULE) == [
        f"{CORE}:2: warning: metrics-server.anything: the chart reads no component field "
        "'anything' [unknown-key]"
    ]


def test_overriding_a_component_of_a_merged_built_in_catalog_is_fine(fleet: Fleet) -> None:
    fleet.write(CORE, "mergeValues:\n  addons:\n    use: true\nexternal-dns:\n  namespace: dns\n")
    assert fleet.rule(RULE) == []


@pytest.mark.parametrize(
    ("key", "expected"),
    [("enable", "enabled"), ("ENABLED", "enabled"), ("valuesobject", "valuesObject"),
     ("owner", None), ("chart", None)],
)  # fmt: skip
def test_suggest(key: str, expected: str | None) -> None:
    assert suggest(key, ["enabled", "valuesObject", "chartName", "namespace"]) == expected


def test_fields_copied_as_written_are_checked_against_argo_cd_s_crd(fleet: Fleet) -> None:
    # The chart copies these as they are; the API server drops a field its CRD does not have,
    # so a misspelt `automated` silently leaves automated sync off.
    fleet.write(
        CORE,
        """\
        syncPolicy:
          automatd: {prune: true}
          managedNamespaceMetadata:
            labels: {anything: goes}
        metrics-server:
          ignoreDifferences:
            - kind: Deployment
              jsonPointer: [/spec/replicas]
          strategy:
            type: RollingSync
            rollingSync:
              steps:
                - maxUpdate: 1
                  owner: team-a
        """,
    )
    assert fleet.rule(RULE) == [
        f"{CORE}:2: error: syncPolicy.automatd: Argo CD has no field 'automatd' here (the API "
        "server drops it) (did you mean 'automated'?) [unknown-key]",
        f"{CORE}:8: error: metrics-server.ignoreDifferences.0.jsonPointer: Argo CD has no field "
        "'jsonPointer' here (the API server drops it) (did you mean 'jsonPointers'?) "
        "[unknown-key]",
        f"{CORE}:14: warning: metrics-server.strategy.rollingSync.steps.0.owner: Argo CD has no "
        "field 'owner' here (the API server drops it) [unknown-key]",
    ]
