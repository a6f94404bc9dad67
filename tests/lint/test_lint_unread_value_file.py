"""unread-value-file: value files of the hierarchy no cluster reads, with the likely reason."""

from __future__ import annotations

from lint_fleet import Fleet

RULE = "unread-value-file"
TEXT = "metrics-server:\n  valuesObject: {replicas: 3}\n"


def test_each_reason(fleet: Fleet) -> None:
    unread = {
        # a cluster folder naming no cluster (spoke-2 was never registered)
        "addons/tenants/team-a/environments/dev/clusters/spoke-2/application-sets/platform.yaml":
            "no cluster is named 'spoke-2'",
        # a tenant no cluster has
        "addons/tenants/team-b/defaults/application-sets/platform.yaml":
            "no cluster has the tenant 'team-b'",
        # an environment no cluster has
        "addons/core/environments/staging/defaults/application-sets/platform.yaml":
            "no cluster has the environment 'staging'",
        # a name that is no group
        "addons/core/defaults/application-sets/monitoring.yaml":
            "'monitoring' is no group of the versions file (platform)",
        # the five-level layout, under the eks-fleet hierarchy
        "addons/tenants/team-a/clusters/spoke-1/application-sets/platform.yaml":
            "its path fits no level of the hierarchy eks-fleet",
        # a basepath no cluster has
        "other/core/defaults/application-sets/platform.yaml":
            "no cluster has the basepath 'other' (addons_repo_basepath)",
        # tenant core and environment dev exist, but on different clusters
        "addons/core/environments/dev/defaults/application-sets/platform.yaml":
            "no single cluster combines the parts of its path (level "
            "{basepath}/{tenant}/environments/{environment}/defaults/application-sets/{group}.yaml)",
    }  # fmt: skip
    for path in unread:
        fleet.write(path, TEXT)
    assert fleet.rule(RULE) == sorted(
        f"{path}:1: warning: no cluster reads this file: {reason} [unread-value-file]"
        for path, reason in unread.items()
    )


def test_files_a_spoke_reads_and_helm_charts_are_fine(fleet: Fleet) -> None:
    # Read by spoke-1 only (tenant team-a, environment dev): still read.
    fleet.write(
        "addons/tenants/team-a/environments/dev/defaults/application-sets/platform.yaml", TEXT
    )
    # A Helm chart in a folder named application-sets is no value file.
    fleet.write("charts/application-sets/Chart.yaml", "apiVersion: v2\nname: application-sets\n")
    fleet.write("charts/application-sets/values.yaml", "anything: 1\n")
    assert fleet.lint() == []
