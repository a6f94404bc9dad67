"""unreached-cluster: a cluster its group's releases never reach, because of its label."""

from __future__ import annotations

from lint_fleet import SPOKE_LABELS, TWO_RELEASES, VERSIONS, Fleet

RULE = "unreached-cluster"


def test_a_member_without_the_label(fleet: Fleet) -> None:
    fleet.write(VERSIONS, TWO_RELEASES)
    fleet.write(SPOKE_LABELS, "{}\n")
    assert fleet.rule(RULE) == [
        "fleet/fleet-bootstrap/fleet-members/hub/spoke-1.yaml:1: warning: cluster spoke-1 has no "
        "platformRelease label, while the 2 releases of group platform select on it (default, "
        "canary): it gets none of the group's Applications [unreached-cluster]"
    ]


def test_a_release_the_hub_does_not_render(fleet: Fleet) -> None:
    """Without a label of its own the hub renders the first release only, for itself too."""
    fleet.write(VERSIONS, TWO_RELEASES)
    hub = (fleet.root / "clusters/hub.yaml").read_text()
    fleet.write("clusters/hub.yaml", hub.replace("  platformRelease: default\n", ""))
    fleet.write(SPOKE_LABELS, "externalSecret:\n  labels:\n    platformRelease: canary\n")
    assert fleet.rule(RULE) == [
        f"{SPOKE_LABELS}:3: warning: platformRelease='canary' on cluster spoke-1 names a "
        "release the hub does not render (it renders default, its own label naming no "
        "release): it gets none of the group's Applications [unreached-cluster]",
        "clusters/hub.yaml:1: warning: cluster hub has no platformRelease label, while the 2 "
        "releases of group platform select on it (default, canary): it gets none of the "
        "group's Applications [unreached-cluster]",
    ]


def test_every_cluster_on_a_rendered_release(fleet: Fleet) -> None:
    fleet.write(VERSIONS, TWO_RELEASES)
    fleet.write(SPOKE_LABELS, "externalSecret:\n  labels:\n    platformRelease: canary\n")
    assert fleet.lint() == []


def test_a_single_release_needs_no_label(fleet: Fleet) -> None:
    fleet.write(SPOKE_LABELS, "{}\n")
    assert fleet.rule(RULE) == []
