"""unused-release-label: a release whose label value no cluster carries deploys nowhere."""

from __future__ import annotations

from lint_fleet import TWO_RELEASES, VERSIONS, Fleet

RULE = "unused-release-label"


def test_a_release_no_cluster_is_on(fleet: Fleet) -> None:
    fleet.write(VERSIONS, TWO_RELEASES)
    assert fleet.rule(RULE) == [
        f"{VERSIONS}:7: warning: release 'canary' of group platform: no cluster has the label "
        "platformRelease='canary', so it deploys nowhere [unused-release-label]"
    ]


def test_a_release_a_member_is_on(fleet: Fleet) -> None:
    fleet.write(VERSIONS, TWO_RELEASES)
    fleet.write(
        "addons/tenants/team-a/environments/dev/clusters/spoke-1/fleet/fleet-secret/values.yaml",
        "externalSecret:\n  labels:\n    platformRelease: canary\n",
    )
    assert fleet.rule(RULE) == []


def test_a_single_release_is_not_checked(fleet: Fleet) -> None:
    hub = (fleet.root / "clusters/hub.yaml").read_text()
    fleet.write("clusters/hub.yaml", hub.replace("  platformRelease: default\n", ""))
    fleet.write("addons/tenants/team-a/defaults/fleet/fleet-secret/values.yaml", "{}\n")
    assert "platformRelease" not in (fleet.root / "clusters/hub.yaml").read_text()
    assert fleet.lint() == []
