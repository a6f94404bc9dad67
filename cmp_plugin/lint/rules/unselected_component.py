"""unselected-component (warning): a component enabled in a value file that no cluster gets.

For each group, the fleet preview (what `argocd-fleet preview` shows: the hub renders the
group, every cluster is matched against the selectors of its ApplicationSets) says which
ApplicationSets create an Application for some cluster. A component that a value file
enables (`enabled: true`) and whose ApplicationSet creates none, for any cluster, is
reported at that `enabled:` line, in every file that enables it: the value files of the
hierarchy that some cluster reads, the group's bootstrap values, and release catalogs.

The message says which of the two it is: the hub renders the ApplicationSet but its
selectors match no cluster (a `enable_<component>` label no cluster carries, a release no
cluster is on), or the hub does not render it at all, and then why: the file and line of
the hub's values that disable it last, or that the hub does not read the file that enables
it (only spokes do).

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
from ...errors import FleetError
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
                if appsets & rendered:
                    why = "the hub renders its ApplicationSet, whose selectors match no cluster"
                else:
                    why = "the hub does not render it (" + _not_rendered(context, group, key) + ")"
                yield Finding(
                    value_file.path,
                    value_file.yaml.line_of((key, "enabled")),
                    SEVERITY,
                    ID,
                    f"component {key} is enabled here, but no cluster gets an Application of "
                    f"it (group {group}): {why}",
                )


def _not_rendered(context: Context, group: str, key: str) -> str:
    """Why the hub leaves the component out: the last of its values that disables it."""
    names = context.repo_names(group)
    hub = context.hub
    assert hub is not None, "the rules that need the clusters run only with a hub"
    try:
        paths = context.hierarchy.value_files(hub.cluster, group, names or [])
    except FleetError:
        paths = []
    files = [context.files[p] for p in paths if p in context.files and context.files[p].ok]
    bootstrap = [v.yaml for v in context.value_files if v.kind == "bootstrap" and group in v.groups]
    for yaml_file in reversed([*files, *bootstrap]):
        entry = yaml_file.data.get(key) if isinstance(yaml_file.data, dict) else None
        if isinstance(entry, dict) and "enabled" in entry:
            if entry["enabled"] in (True, "true"):
                break
            line = yaml_file.line_of((key, "enabled"))
            return f"{yaml_file.path}:{line} disables it for the hub"
    return "the hub does not read the file that enables it"
