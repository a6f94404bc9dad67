"""unselected-component (warning): a component enabled in a value file that no cluster gets.

For each group, the fleet preview (what `argocd-fleet preview` shows: the hub renders the
group, every cluster is matched against the selectors of its ApplicationSets) says which
ApplicationSets create an Application for some cluster. A component that a value file
enables (`enabled: true`) and whose ApplicationSet creates none, for any cluster, is
reported at that `enabled:` line, in every file that enables it: the value files of the
hierarchy that some cluster reads, the group's bootstrap values, and release catalogs.

The message says which of the two it is: the hub renders the ApplicationSet but its
selectors match no cluster (a `enable_<component>` label no cluster carries, a release no
cluster is on), or the hub does not render it at all (a later value file disables it, or
only spokes read the file that enables it).

The preview is the hub's: in a distributed fleet, what a spoke's own Argo CD renders is not
seen here. A group the hub cannot render is skipped (the `render` rule reports it).

Why a warning: enabling a component for nobody changes nothing, but it usually means a
missing cluster label.

Example::

    addons/bootstrap/defaults/addons.yaml:12: warning: component karpenter is enabled here,
    but no cluster gets an Application of it (group addons): the hub renders its
    ApplicationSet, whose selectors match no cluster [unselected-component]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...chart.model import normalize_name
from ..context import Context
from ..core import WARNING, Finding

ID = "unselected-component"
SEVERITY = WARNING


def check(context: Context) -> Iterator[Finding]:
    reads = context.reads()
    for group in context.groups:
        preview = context.preview(group)
        if preview is None:
            continue
        selected = {
            app.applicationSet for cluster in preview.clusters for app in cluster.applications
        }
        rendered = set(preview.appset_groups)
        release_types = [release.release_type for release in context.releases[group]]
        for value_file in context.value_files:
            data = value_file.yaml.data
            if group not in value_file.groups or not isinstance(data, dict):
                continue
            if value_file.kind == "hierarchy" and value_file.relative not in reads:
                continue  # unread-value-file reports it
            for key, entry in data.items():
                if not isinstance(entry, dict) or entry.get("enabled") not in (True, "true"):
                    continue
                name = normalize_name(str(key))
                appsets = {name} | {f"{name}-{release}" for release in release_types}
                if appsets & selected:
                    continue
                why = (
                    "the hub renders its ApplicationSet, whose selectors match no cluster"
                    if appsets & rendered
                    else "the hub does not render it (a later value file disables it, or the "
                    "hub does not read the file that enables it)"
                )
                yield Finding(
                    value_file.path,
                    value_file.yaml.line_of((key, "enabled")),
                    SEVERITY,
                    ID,
                    f"component {key} is enabled here, but no cluster gets an Application of "
                    f"it (group {group}): {why}",
                )
