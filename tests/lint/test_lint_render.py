"""render: what makes the hub's fleet-mode render of a group fail, once."""

from __future__ import annotations

from lint_fleet import Fleet

RULE = "render"
CORE = "addons/core/defaults/application-sets/platform.yaml"


def test_a_component_the_model_refuses(fleet: Fleet) -> None:
    fleet.write(
        CORE,
        "metrics-server:\n  additionalResources:\n    helm:\n      releaseName: extra\n",
    )
    assert fleet.rule(RULE) == [
        f"{CORE}:2: error: the hub hub cannot render group platform: "
        "metrics-server.additionalResources: has helm settings but neither a path nor a chart "
        "[render]"
    ]


def test_a_release_catalog_that_does_not_exist(fleet: Fleet) -> None:
    fleet.write(
        "fleet/bootstrap/versions/applicationSets.yaml",
        "releases:\n  platform:\n    - type: default\n      catalog: fleet/catalogs/nope\n",
    )
    assert fleet.rule(RULE) == [
        "fleet/catalogs/nope:1: error: the hub hub cannot render group platform: "
        "catalog directory does not exist [render]"
    ]


def test_a_failure_another_rule_explains_is_not_repeated(fleet: Fleet) -> None:
    fleet.write(CORE, 'metrics-server:\n  enabled: "yes"\n')
    assert [line.rsplit(" [", 1)[1] for line in fleet.lint()] == ["schema]"]
