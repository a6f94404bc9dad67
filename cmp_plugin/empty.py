"""An empty manifest stream is an error, unless the Application asks for one: and why it is empty.

Exit status 0 with nothing on stdout tells Argo CD that the Application has no manifests, and
a sync with prune then deletes everything the Application manages: every ApplicationSet of a
group, or, in register mode, the ExternalSecrets and with them the spokes' cluster secrets.
A typo is the usual reason for an empty render (a basepath annotation, a `repoNames` entry,
a hub name, a values file that is not the chart's), so the plugin and the `generate` and
`register` commands refuse it with one line naming the likely cause. An Application that
really wants nothing sets `allowEmpty: "true"` (`--allow-empty` on the command line).

Imported only when a render came out empty: nothing here is on the plugin's usual path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import FleetError

if TYPE_CHECKING:
    from .fleet.cluster import Cluster
    from .fleet.render import FleetResult, ValueFile

PLUGIN_HINT = 'set the parameter allowEmpty to "true" if it should render nothing'
CLI_HINT = "pass --allow-empty if it should render nothing"


def refusal(cause: str, hint: str) -> FleetError:
    """The error for an empty render: the cause, why it matters, how to allow it."""
    return FleetError(
        f"nothing to render: {cause}; an empty output makes Argo CD prune everything the "
        f"Application manages ({hint})"
    )


def chart_cause(values: dict[str, Any], inputs: Sequence[str], catalogs: Sequence[str]) -> str:
    """Chart mode: the merged `values` (catalogs included) held no enabled component."""
    from .chart.model import is_component

    read = ", ".join(inputs) or "no values"
    if catalogs:
        read += f"; catalogs {', '.join(catalogs)}"
    components = [key for key, entry in values.items() if is_component(entry)]
    if not components:
        return (
            f"the values hold no component, no top-level mapping with an 'enabled' key (read: "
            f"{read}): are they values of the application-sets chart?"
        )
    if len(components) == 1:
        return f"the one component, {components[0]!r}, is not enabled (read: {read})"
    return f"none of the {len(components)} components is enabled (read: {read})"


def fleet_cause(result: FleetResult, hierarchy: str, bootstrap: str | None) -> str:
    """Fleet mode: no value file found, a `repoNames` entry that matches none, or nothing
    enabled in what was read."""
    files = result.value_files
    where = f"cluster {result.cluster.name!r}, group {result.group!r}"
    if not any(value_file.exists for value_file in files):
        return (
            f"no value file of the hierarchy {hierarchy!r} exists for {where} "
            f"(looked in: {', '.join(_folders(files))})"
        )
    for repo_name in _unique(value_file.repo_name for value_file in files):
        own = [value_file for value_file in files if value_file.repo_name == repo_name]
        if len(own) < len(files) and not any(value_file.exists for value_file in own):
            return (
                f"the repoNames entry {repo_name!r} matches no value file (looked in: "
                f"{', '.join(_folders(own))}), and no component is enabled in the others"
            )
    read = [value_file.path for value_file in files if value_file.exists]
    if bootstrap:
        read.append(f"bootstrap values ({bootstrap})")
    catalogs = sorted({name for names in result.catalogs.values() for name in names})
    releases = ", ".join(result.releases)
    text = f"no component is enabled for {where}, release {releases} (read: {', '.join(read)}"
    return text + (f"; catalogs {', '.join(catalogs)})" if catalogs else ")")


def register_cause(repo_root: str, hub: Cluster) -> str:
    """Register mode: the hub's members folder is missing or holds no member file."""
    from .registration.members import members_dir

    folder = members_dir(hub)
    real = os.path.join(repo_root, folder)
    if not os.path.isdir(real):
        return f"hub {hub.name!r} has no fleet members: the folder {folder} does not exist"
    if not any(entry.endswith(".yaml") for entry in os.listdir(real)):
        return f"hub {hub.name!r} has no fleet members: the folder {folder} holds no *.yaml file"
    return f"the fleet members of hub {hub.name!r} in {folder} render no object"


def _folders(files: Iterable[ValueFile]) -> list[str]:
    return _unique(os.path.dirname(value_file.path) or "." for value_file in files)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
