"""unused-release-label (warning): a release of the versions file that no cluster's label names.

A group with more than one release renders each release's ApplicationSets with the
selector `<group>Release=<type>` (README "Fleet mode in one command": `releases` is derived
when the group has more than one release), so a release reaches exactly the clusters whose
`<group>Release` label names it. When the label value a release selects on is carried by
no cluster (the hub, the fleet members with their registration labels, the clusters of
`--clusters`), the release deploys nowhere. The finding points at the release's entry in
the versions file.

Not checked: a group with a single release (its ApplicationSets select on the label only
when the hub's label names that release, and then the hub carries it), and a group whose
bootstrap values set `useVersionSelectors: "false"` (only the first release is rendered,
without release selectors).

Why a warning: a release being prepared may have no cluster yet; but a leftover release,
or a release whose label value is misspelt on every cluster, is worth seeing.

Example::

    fleet/bootstrap/versions/applicationSets.yaml:19: warning: release 'release1' of group
    addons: no cluster has the label addonsRelease='release1', so it deploys nowhere
    [unused-release-label]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..core import WARNING, Finding

ID = "unused-release-label"
SEVERITY = WARNING


def check(context: Context) -> Iterator[Finding]:
    versions = context.files.get(context.versions_path)
    for group, releases in context.release_selected_groups():
        if len(releases) < 2:
            continue
        key = f"{group}Release"
        labels = {cluster.labels.get(key) for cluster in context.clusters}
        for index, release in enumerate(releases):
            if release.type in labels:
                continue
            file = versions.path if versions else context.versions_path
            line = versions.line_of(("releases", group, index)) if versions else 1
            yield Finding(
                file,
                line,
                SEVERITY,
                ID,
                f"release {release.type!r} of group {group}: no cluster has the label "
                f"{key}={release.type!r}, so it deploys nowhere",
            )
