"""unreached-cluster (warning): a cluster its group's releases never reach, because of its label.

With more than one release in a group (and `useVersionSelectors` not "false"), each
release's ApplicationSets select `<group>Release=<type>` (release rule 2, README "Fleet
mode in one command"), and the hub renders only
the releases its own label chooses (all of them when the hub's label names a release, the
first one otherwise). A cluster then gets none of the group's Applications when:

- it carries no `<group>Release` label at all: no release selects it;
- its label names a release of the group that the hub does not render (the hub has no
  label, say, and renders only the first release).

A label that names no release at all is `undefined-release`'s finding, not this one. The
check uses the preview (what the ApplicationSet controller would generate): a cluster that
gets at least one Application of the group is never reported. The finding points at the
line that sets the label (the hub file, the member's fleet-secret value file, the
cluster-secrets file), or at the start of the file that describes the cluster when no
file sets it.

Why a warning: a cluster may be kept out of a group on purpose; but a spoke that silently
gets nothing after a second release was added is what this rule is for.

Example::

    fleet/fleet-bootstrap/fleet-members/hub/spoke-1.yaml:1: warning: cluster spoke-1 has no
    platformRelease label, while the 2 releases of group platform select on it (default,
    canary): it gets none of the group's Applications [unreached-cluster]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...fleet.releases import select
from ..context import Context
from ..core import WARNING, Finding

ID = "unreached-cluster"
SEVERITY = WARNING


def check(context: Context) -> Iterator[Finding]:
    for group, releases in context.release_selected_groups():
        if len(releases) < 2:
            continue
        preview = context.preview(group)
        if preview is None:
            continue  # the render rule reports it
        reached = {cluster.name for cluster in preview.clusters if cluster.applications}
        key = f"{group}Release"
        types = [release.type for release in releases]
        hub = context.hub
        assert hub is not None, "the rules that need the clusters run only with a hub"
        hub_label = hub.cluster.labels.get(key, "")
        rendered = [r.type for r in select(releases, group, hub_label, True).releases]
        for cluster_input in context.inputs:
            cluster = cluster_input.cluster
            if cluster.name in reached:
                continue
            label = cluster.labels.get(key, "")
            if not label:
                problem = (
                    f"cluster {cluster.name} has no {key} label, while the {len(types)} "
                    f"releases of group {group} select on it ({', '.join(types)})"
                )
            elif label in types and label not in rendered:
                problem = (
                    f"{key}={label!r} on cluster {cluster.name} names a release the hub does "
                    f"not render (it renders {', '.join(rendered)}"
                    + (", its own label naming no release)" if not hub_label else ")")
                )
            else:
                continue
            file, line = cluster_input.where(key)
            yield Finding(
                file, line, SEVERITY, ID, f"{problem}: it gets none of the group's Applications"
            )
