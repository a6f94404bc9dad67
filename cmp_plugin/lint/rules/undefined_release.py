"""undefined-release (error): a `<group>Release` label naming no release of the group.

For every group of the versions file (`fleet/bootstrap/versions/applicationSets.yaml`), the
label `<group>Release` of every cluster (the hub, each fleet member with the labels
registration gives its cluster secret, each cluster of `--clusters`) must name a release
`type` of that group, exactly (release rules 2 and 3, README "Fleet mode in one command").
The finding points at the line that sets the
label: the hub file, the fleet-secret value file of the member that sets
`externalSecret.labels.<group>Release` last (else the member file), or the cluster-secrets
file.

Why an error: the hub bootstrap then falls back to the group's first release, and with
more than one release that release's ApplicationSets select `<group>Release=<first>`, so the
cluster gets none of the group's Applications; on the hub, only the first release is
rendered at all. A group whose bootstrap values set `useVersionSelectors: "false"` ignores
the label and is not checked.

Example::

    addons/tenants/t1/environments/np/clusters/spoke-1/fleet/fleet-secret/values.yaml:3:
    error: addonsRelease='dev' on cluster spoke-1 names no release of group addons (releases:
    default, release1): the cluster gets none of the group's Applications [undefined-release]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..core import ERROR, Finding
from ..suggest import suggest

ID = "undefined-release"
SEVERITY = ERROR


def check(context: Context) -> Iterator[Finding]:
    for group, releases in context.release_selected_groups():
        types = [release.type for release in releases]
        key = f"{group}Release"
        for cluster_input in context.inputs:
            cluster = cluster_input.cluster
            label = cluster.labels.get(key, "")
            if not label or label in types:
                continue
            if cluster_input.origin == "hub":
                effect = (
                    f"the hub renders only the first release {types[0]!r}, for every cluster"
                    if len(types) > 1
                    else f"the first release {types[0]!r} is used"
                )
            elif len(types) > 1:
                effect = "the cluster gets none of the group's Applications"
            else:
                effect = (
                    f"the first release {types[0]!r} is used, and the cluster loses the group "
                    "when a second release is added"
                )
            suggestion = suggest(label, types)
            hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
            file, line = cluster_input.where(key)
            yield Finding(
                file,
                line,
                SEVERITY,
                ID,
                f"{key}={label!r} on cluster {cluster.name} names no release of group {group} "
                f"(releases: {', '.join(types)}): {effect}{hint}",
            )
