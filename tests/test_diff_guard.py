"""The blast-radius guard of `argocd-fleet diff` (`cmp_plugin/diff/guard.py`), on diffs built
by hand: what each limit counts, where it trips, and the exit status it gives.

The fleet of these diffs: `prod-1` and `prod-2` carry `environment=prod`, `dev-1`
`environment=dev`. Application names follow the chart's `<release>-<cluster>-<component>-
<version>`, so a version bump removes one name and adds another of the same component.
"""

from __future__ import annotations

import pytest

from cmp_plugin.diff.compare import AppSetDiff, ClusterDiff, FieldChange, FleetDiff
from cmp_plugin.diff.guard import (
    EXIT_TRIPPED,
    Limits,
    Protect,
    check,
    exit_status,
    removals,
)
from cmp_plugin.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_USAGE, UsageError
from cmp_plugin.preview.applications import PreviewApp

PROD = {"environment": "prod", "tenant": "team-a"}
DEV = {"environment": "dev", "tenant": "team-a"}


def app(cluster: str, component: str, version: str, release: str = "default") -> PreviewApp:
    return PreviewApp(
        name=f"{release}-{cluster}-{component}-{version}",
        applicationSet=f"{component}-{release}",
        release=release,
        chart=component,
        repoURL=f"https://charts.example.com/{component}",
        targetRevision=version,
        namespace=component,
        valueFiles=[],
        cluster=cluster,
        component=component,
    )


def changed(name: str, labels: dict[str, str], **apps: list[PreviewApp]) -> ClusterDiff:
    return ClusterDiff(name, "changed", labels_before=labels, labels_after=labels, **apps)


def fleet(*clusters: ClusterDiff) -> FleetDiff:
    return FleetDiff(AppSetDiff(), list(clusters))


def by_limit(diff: FleetDiff, limits: Limits) -> dict[str, tuple[int, int, bool, list[str]]]:
    """Each check as limit -> (count, over, tripped, clusters)."""
    return {c.limit: (c.count, c.over, c.tripped, c.clusters) for c in check(diff, limits).checks}


# --------------------------------------------------------------------------------------------
# what is removed, and what is replaced


def test_a_version_bump_replaces_and_does_not_remove() -> None:
    bump = changed(
        "prod-1",
        PROD,
        added=[app("prod-1", "metrics-server", "3.13.0")],
        removed=[app("prod-1", "metrics-server", "3.12.2")],
    )
    assert removals(bump) == []
    verdict = check(fleet(bump), Limits(max_removed=0, protect=(Protect("environment", "prod"),)))
    assert verdict.tripped == []
    assert verdict.replaced == 1
    assert by_limit(fleet(bump), Limits(max_removed=0)) == {"--max-removed 0": (0, 0, False, [])}


def test_a_move_to_another_release_of_the_same_component_replaces() -> None:
    moved = changed(
        "dev-1",
        DEV,
        added=[app("dev-1", "metrics-server", "3.11.0", release="default")],
        removed=[app("dev-1", "metrics-server", "3.12.2", release="canary")],
    )
    assert removals(moved) == []


def test_a_component_removed_counts_and_one_replacement_covers_one_removal() -> None:
    cluster = changed(
        "prod-1",
        PROD,
        added=[app("prod-1", "external-dns", "1.15.0", release="canary")],
        removed=[
            app("prod-1", "external-dns", "1.14.0"),
            app("prod-1", "external-dns", "1.14.0", release="beta"),
            app("prod-1", "metrics-server", "3.12.2"),
        ],
    )
    # external-dns: two gone, one new -> one replaced, one removed; metrics-server removed.
    assert sorted(a.name for a in removals(cluster)) == [
        "beta-prod-1-external-dns-1.14.0",
        "default-prod-1-metrics-server-3.12.2",
    ]
    assert check(fleet(cluster), Limits(max_removed=5)).replaced == 1


def test_a_removed_cluster_loses_every_application() -> None:
    gone = ClusterDiff(
        "prod-2",
        "removed",
        removed=[app("prod-2", "metrics-server", "3.12.2"), app("prod-2", "vpa", "4.4.6")],
        labels_before=PROD,
    )
    limits = Limits(max_removed=1, protect=(Protect("environment", "prod"),))
    assert by_limit(fleet(gone), limits) == {
        "--max-removed 1": (2, 1, True, ["prod-2"]),
        "--protect environment=prod": (2, 2, True, ["prod-2"]),
    }


# --------------------------------------------------------------------------------------------
# each limit


def test_max_removed_trips_above_the_limit_not_at_it() -> None:
    diff = fleet(
        changed("dev-1", DEV, removed=[app("dev-1", "vpa", "4.4.6")]),
        changed("prod-1", PROD, removed=[app("prod-1", "vpa", "4.4.6")]),
    )
    assert by_limit(diff, Limits(max_removed=2))["--max-removed 2"] == (2, 0, False, ["dev-1", "prod-1"])  # fmt: skip
    assert by_limit(diff, Limits(max_removed=1))["--max-removed 1"] == (2, 1, True, ["dev-1", "prod-1"])  # fmt: skip
    assert by_limit(diff, Limits(max_removed=0))["--max-removed 0"][1] == 2


def test_max_clusters_counts_clusters_whose_applications_change() -> None:
    labels_only = ClusterDiff(
        "prod-2",
        "changed",
        labels=[FieldChange('labels["team"]', "a", "b")],
        labels_before=PROD,
        labels_after=PROD,
    )
    diff = fleet(
        changed("dev-1", DEV, added=[app("dev-1", "vpa", "4.4.6")]),
        changed("prod-1", PROD, removed=[app("prod-1", "vpa", "4.4.6")]),
        labels_only,  # its Applications stay as they are: not in the blast radius
    )
    assert by_limit(diff, Limits(max_clusters=2)) == {
        "--max-clusters 2": (2, 0, False, ["dev-1", "prod-1"])
    }
    assert by_limit(diff, Limits(max_clusters=0)) == {
        "--max-clusters 0": (2, 2, True, ["dev-1", "prod-1"])
    }


def test_protect_names_only_the_protected_clusters_with_removals() -> None:
    diff = fleet(
        changed("dev-1", DEV, removed=[app("dev-1", "vpa", "4.4.6")]),
        changed("prod-1", PROD, added=[app("prod-1", "vpa", "4.4.6")]),  # added: fine
        changed("prod-2", PROD, removed=[app("prod-2", "vpa", "4.4.6")]),
    )
    limits = Limits(protect=(Protect("environment", "prod"), Protect("tenant", "team-b")))
    assert by_limit(diff, limits) == {
        "--protect environment=prod": (1, 1, True, ["prod-2"]),
        "--protect tenant=team-b": (0, 0, False, []),
    }


def test_protect_reads_the_labels_of_both_sides() -> None:
    # The change that moves prod-1 out of prod is what removes its Application.
    left_prod = ClusterDiff(
        "prod-1",
        "changed",
        labels=[FieldChange('labels["environment"]', "prod", "staging")],
        removed=[app("prod-1", "vpa", "4.4.6")],
        labels_before=PROD,
        labels_after={**PROD, "environment": "staging"},
    )
    joined_prod = ClusterDiff(
        "dev-1",
        "changed",
        removed=[app("dev-1", "vpa", "4.4.6")],
        labels_before=DEV,
        labels_after={**DEV, "environment": "prod"},
    )
    limits = Limits(protect=(Protect("environment", "prod"),))
    assert by_limit(fleet(left_prod, joined_prod), limits)["--protect environment=prod"] == (
        2, 2, True, ["prod-1", "dev-1"]
    )  # fmt: skip


def test_a_label_value_must_match_exactly() -> None:
    cluster = changed("prod-1", {"environment": "production"}, removed=[app("prod-1", "vpa", "1")])
    assert Protect("environment", "prod").covers(cluster) is False
    assert Protect("environment", "production").covers(cluster) is True
    assert Protect("env", "production").covers(cluster) is False
    # An empty value protects clusters whose label is set and empty, not those without it.
    assert Protect("environment", "").covers(cluster) is False
    assert Protect("edge", "").covers(changed("e", {"edge": ""})) is True


def test_no_limits_no_checks() -> None:
    diff = fleet(changed("prod-1", PROD, removed=[app("prod-1", "vpa", "4.4.6")]))
    assert Limits().given is False
    assert check(diff, Limits()).checks == []


# --------------------------------------------------------------------------------------------
# what it says, and the exit status


def test_the_messages_say_which_limit_and_by_how_much() -> None:
    many = [changed(f"prod-{n}", PROD, removed=[app(f"prod-{n}", "vpa", "1")]) for n in range(7)]
    verdict = check(
        fleet(*many), Limits(max_clusters=10, max_removed=4, protect=(Protect.parse("environment=prod"),))
    )  # fmt: skip
    assert [c.describe() for c in verdict.checks] == [
        "--max-clusters 10: 7 clusters with changed Applications (prod-0, prod-1, prod-2, "
        "prod-3, prod-4 and 2 more), within the limit",
        "--max-removed 4: 7 Applications removed (prod-0, prod-1, prod-2, prod-3, prod-4 and 2 "
        "more), 3 over the limit",
        "--protect environment=prod: 7 Applications removed on protected clusters (prod-0, "
        "prod-1, prod-2, prod-3, prod-4 and 2 more), 7 over the limit",
    ]
    assert verdict.heading() == "Blast radius: 2 of 3 limits exceeded"
    assert check(fleet(), Limits(max_removed=0)).heading() == "Blast radius: within the limits"
    assert check(fleet(many[0]), Limits(max_removed=1)).checks[0].describe() == (
        "--max-removed 1: 1 Application removed (prod-0), within the limit"
    )


def test_the_exit_status_composes_with_exit_code() -> None:
    tripped = check(
        fleet(changed("p", PROD, removed=[app("p", "vpa", "1")])), Limits(max_removed=0)
    )
    within = check(fleet(), Limits(max_removed=0))
    assert EXIT_TRIPPED == 4
    assert EXIT_TRIPPED not in (EXIT_BAD_INPUT, EXIT_USAGE, EXIT_INTERNAL)
    assert exit_status(tripped, exit_code=False, equal=False) == 4
    assert exit_status(tripped, exit_code=True, equal=False) == 4  # the guard says more
    assert exit_status(within, exit_code=True, equal=False) == 1
    assert exit_status(within, exit_code=True, equal=True) == 0
    assert exit_status(within, exit_code=False, equal=False) == 0


@pytest.mark.parametrize("text", ["environment", "=prod", " =prod", ""])
def test_protect_needs_label_equals_value(text: str) -> None:
    with pytest.raises(UsageError, match="give LABEL=VALUE") as raised:
        Protect.parse(text)
    assert raised.value.exit_code == 2


def test_protect_parsing_keeps_the_value_and_drops_repeats() -> None:
    assert Protect.parse("tier=edge=1") == Protect("tier", "edge=1")
    limits = Limits.parse(None, None, ("environment=prod", "environment=prod", "tier="))
    assert limits.protect == (Protect("environment", "prod"), Protect("tier", ""))
    assert limits.given
