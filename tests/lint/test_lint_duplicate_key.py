"""duplicate-key: every repeated key of a mapping, at any depth, in any YAML file."""

from __future__ import annotations

from lint_fleet import Fleet

RULE = "duplicate-key"


def test_every_duplicate_is_reported_with_the_first_line(fleet: Fleet) -> None:
    fleet.write(
        "addons/bootstrap/defaults/platform.yaml",
        """\
        metrics-server:
          enabled: true
          namespace: kube-system
          chartRepository: https://kubernetes-sigs.github.io/metrics-server
          defaultVersion: "3.11.0"
          enabled: false
        metrics-server:
          namespace: other
        """,
    )
    fleet.write("manifests/cm.yaml", "kind: ConfigMap\n---\ndata:\n  a: 1\n  a: 2\n")
    assert fleet.rule(RULE) == [
        "addons/bootstrap/defaults/platform.yaml:6: error: duplicate key 'enabled' "
        "(first at line 2; only one of them can apply) [duplicate-key]",
        "addons/bootstrap/defaults/platform.yaml:7: error: duplicate key 'metrics-server' "
        "(first at line 1; only one of them can apply) [duplicate-key]",
        "manifests/cm.yaml:5: error: duplicate key 'a' (first at line 4; only one of them "
        "can apply) [duplicate-key]",
    ]


def test_the_render_failure_it_causes_is_not_reported_twice(fleet: Fleet) -> None:
    fleet.write(
        "addons/core/defaults/application-sets/platform.yaml",
        "metrics-server:\n  valuesObject: {}\n  valuesObject: {}\n",
    )
    assert [line.rsplit("[", 1)[1] for line in fleet.lint()] == ["duplicate-key]"]


def test_same_keys_in_different_mappings_and_merge_keys_are_fine(fleet: Fleet) -> None:
    fleet.write(
        "notes/anchors.yaml",
        """\
        base: &base
          name: a
          size: 1
        one:
          <<: *base
          name: b
        two:
          <<: *base
          name: c
        """,
    )
    assert fleet.rule(RULE) == []
