"""undefined-release: a `<group>Release` label naming no release, at the line that sets it."""

from __future__ import annotations

import base64

from lint_fleet import SPOKE_LABELS, TWO_RELEASES, Fleet

RULE = "undefined-release"


def test_a_member_label_points_at_the_fleet_secret_value_that_sets_it(fleet: Fleet) -> None:
    fleet.write(SPOKE_LABELS, "externalSecret:\n  labels:\n    platformRelease: defualt\n")
    assert fleet.rule(RULE) == [
        f"{SPOKE_LABELS}:3: error: platformRelease='defualt' on cluster spoke-1 names no "
        "release of group platform (releases: default): the first release 'default' is used, "
        "and the cluster loses the group when a second release is added "
        "(did you mean 'default'?) [undefined-release]"
    ]


def test_the_last_fleet_secret_file_wins(fleet: Fleet) -> None:
    fleet.write("fleet/bootstrap/versions/applicationSets.yaml", TWO_RELEASES)
    fleet.write(
        "addons/tenants/team-a/environments/dev/clusters/spoke-1/fleet/fleet-secret/values.yaml",
        "# spoke-1 tries the next release\nexternalSecret:\n  labels:\n    platformRelease: next\n",
    )
    assert fleet.rule(RULE) == [
        "addons/tenants/team-a/environments/dev/clusters/spoke-1/fleet/fleet-secret/"
        "values.yaml:4: error: platformRelease='next' on cluster spoke-1 names no release of "
        "group platform (releases: default, canary): the cluster gets none of the group's "
        "Applications [undefined-release]"
    ]


def test_the_hub_label(fleet: Fleet) -> None:
    fleet.write("fleet/bootstrap/versions/applicationSets.yaml", TWO_RELEASES)
    hub = (fleet.root / "clusters/hub.yaml").read_text()
    fleet.write(
        "clusters/hub.yaml", hub.replace("platformRelease: default", "platformRelease: Canary")
    )
    assert fleet.rule(RULE) == [
        "clusters/hub.yaml:6: error: platformRelease='Canary' on cluster hub names no release "
        "of group platform (releases: default, canary): the hub renders only the first "
        "release 'default', for every cluster (did you mean 'canary'?) [undefined-release]"
    ]


def test_a_cluster_of_a_secrets_file(fleet: Fleet) -> None:
    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    fleet.write(
        "secrets.yaml",
        f"""\
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Secret
            metadata:
              name: cluster-edge
              labels:
                argocd.argoproj.io/secret-type: cluster
                platformRelease: edge
            data:
              name: {b64("edge-1")}
              server: {b64("https://edge.example.com")}
        """,
    )
    assert fleet.rule(RULE, cluster_files=("secrets.yaml",)) == [
        "secrets.yaml:10: error: platformRelease='edge' on cluster edge-1 names no release of "
        "group platform (releases: default): the first release 'default' is used, and the "
        "cluster loses the group when a second release is added [undefined-release]"
    ]


def test_defined_labels_and_groups_without_version_selectors_are_fine(fleet: Fleet) -> None:
    fleet.write(SPOKE_LABELS, "externalSecret:\n  labels:\n    platformRelease: defualt\n")
    fleet.write("bootstrap.yaml", 'useVersionSelectors: "false"\n')
    assert fleet.rule(RULE, values={"platform": "bootstrap.yaml"}) == []
