"""schema: each value file on its own against `argocd-fleet schema`, at the offending line."""

from __future__ import annotations

from lint_fleet import Fleet

RULE = "schema"


def test_shapes_a_single_file_gets_wrong(fleet: Fleet) -> None:
    fleet.write(
        "addons/core/defaults/application-sets/platform.yaml",
        """\
        valueFiles: a/b
        metrics-server:
          enabled: "yes"
          namespace:
            a: 1
          selector:
            matchExpressions:
              - key: enable_metrics_server
                operator: in
              - key: tier
        """,
    )
    file = "addons/core/defaults/application-sets/platform.yaml"
    assert fleet.rule(RULE) == [
        f"{file}:1: error: valueFiles: must be a list, not 'a/b' [schema]",
        f"{file}:3: error: metrics-server.enabled: must be a boolean or one of 'true', "
        "'false', not 'yes' [schema]",
        f"{file}:4: error: metrics-server.namespace: must be a string, a number or a boolean, "
        "not a mapping [schema]",
        f"{file}:9: error: metrics-server.selector.matchExpressions.0.operator: must be one "
        "of 'In', 'NotIn', 'Exists', 'DoesNotExist', not 'in' [schema]",
        f"{file}:10: error: metrics-server.selector.matchExpressions.1: needs operator [schema]",
    ]


def test_bootstrap_values_given_with_values_are_checked_too(fleet: Fleet) -> None:
    fleet.write("bootstrap.yaml", 'repoNames: [""]\nuseVersionSelectors: "true"\n')
    assert fleet.rule(RULE, values={"platform": "bootstrap.yaml"}) == [
        "bootstrap.yaml:1: error: repoNames.0: must not be empty [schema]"
    ]


def test_partial_values_and_nulls_are_valid(fleet: Fleet) -> None:
    fleet.write(
        "addons/core/defaults/application-sets/platform.yaml",
        """\
        useSelectors: "true"
        syncPolicy:
        metrics-server:
          enabled: false
          defaultVersion: 3.11
          environments:
            - selector: {environment: prod}
              chartVersion: "3.12.0"
        """,
    )
    assert fleet.rule(RULE) == []
