"""The hub bootstrap: the groups of the versions file and each group's bootstrap values.

The bootstrap values of a group are what the hub's bootstrap passes the plugin as its
`values` parameter. The commands that render a group as the hub does (`preview`, `validate`,
`explain`, `generate --repo` without `--values`) find them, in order:

1. `--values GROUP=FILE` on the command line;
2. the `argocd-fleet-v1` plugin Applications and ApplicationSets of the repository (their
   `values` parameter, or env `FLEET_VALUES`); an ApplicationSet's parameters are Go templates,
   evaluated with the hub's cluster-generator parameters and the list generators' elements;
3. the eks-fleet defaults (`repoNames: [addons]`, version selectors on, the group's built-in
   catalog when there is one).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ..chart.catalog import Catalog
from ..errors import FleetError, Warn
from ..record import Record
from ..sources import ValueSource
from ..stream import dump_yaml
from ..yamlio import LIMITS, iter_documents
from .cluster import Cluster
from .paths import Repo, read_regular, walk
from .releases import DEFAULT_VERSIONS

PLUGIN_NAME = "argocd-fleet-v1"
PLUGIN_BYTES = PLUGIN_NAME.encode()


class Bootstrap(Record):
    """The bootstrap values of one group and where they came from."""

    group: str
    source: ValueSource
    origin: str  # "--values", "repository" or "defaults"


def versions_groups(repo: Repo, versions: str = DEFAULT_VERSIONS) -> list[str]:
    """The groups of the versions file, in its order."""
    data = read_versions(repo, versions)
    releases = data.get("releases")
    if not isinstance(releases, dict):
        raise FleetError("needs a 'releases' mapping", versions)
    return [
        str(key) for key, value in releases.items() if key != "globals" and isinstance(value, list)
    ]


def read_versions(repo: Repo, versions: str = DEFAULT_VERSIONS) -> dict[str, Any]:
    """The versions file, read through the repository."""
    return ValueSource.from_bytes(repo.read(versions, "versions file"), versions).data


def default_bootstrap(group: str) -> ValueSource:
    """The eks-fleet bootstrap values, as the reference fleet's hub bootstrap sets them."""
    values: dict[str, Any] = {
        "repoNames": ["addons"],
        "useSelectors": "false",
        "useVersionSelectors": "true",
    }
    if group in Catalog.builtin().names():
        values["mergeValues"] = {group: {"use": True}}
    return ValueSource(
        display=f"(default bootstrap values of group {group})", text=dump_yaml(values), data=values
    )


def bootstrap_values(
    repo: Repo, hub: Cluster, groups: list[str], given: dict[str, str], warn: Warn
) -> dict[str, Bootstrap]:
    """Each group's bootstrap values: `--values`, else the repository's hub bootstrap, else defaults."""
    chosen: dict[str, Bootstrap] = {}
    for group, path in given.items():
        chosen[group] = Bootstrap(
            group=group, source=ValueSource.from_file(path), origin="--values"
        )
    missing = [group for group in groups if group not in chosen]
    if missing:
        found = find_plugin_values(repo, hub, warn)
        for group in missing:
            if group in found:
                chosen[group] = Bootstrap(group=group, source=found[group], origin="repository")
            else:
                chosen[group] = Bootstrap(
                    group=group, source=default_bootstrap(group), origin="defaults"
                )
    return chosen


def find_plugin_values(repo: Repo, hub: Cluster, warn: Warn) -> dict[str, ValueSource]:
    """The `values` parameter, per group, of the repository's argocd-fleet plugin sources.

    Files are read in path order; the first source of a group wins, and a later one with
    other values is reported.
    """
    found: dict[str, ValueSource] = {}
    for relative, path, linked in _yaml_files(repo):
        text = _naming_the_plugin(repo, relative, path, linked, warn)
        if text is None:
            continue
        try:
            documents = list(iter_documents(text, relative))
        except FleetError as err:
            warn(f"hub bootstrap: {err} (file skipped)")
            continue
        for document in documents:
            for group, values_text in _plugin_parameters(document, hub, relative, warn):
                offset = embedded_offset(text, values_text)
                display = relative if offset >= 0 else f"{relative} (values of group {group})"
                try:
                    source = ValueSource.from_text(values_text or "{}", display)
                    source.first_line = offset
                except FleetError as err:
                    warn(f"hub bootstrap: {err} (ignored)")
                    continue
                if group not in found:
                    found[group] = source
                elif found[group].data != source.data:
                    warn(
                        f"hub bootstrap: group {group!r} has other values in {relative}; "
                        f"using those of {found[group].display}"
                    )
    return found


def embedded_offset(file_text: str, embedded: str) -> int:
    """How many lines of `file_text` precede the text `embedded` (a block scalar), or -1.

    Values given as a `values` parameter are a block scalar of a bigger file: finding their
    place lets a message name the line of that file. -1 when the text is not found once
    (a parameter rendered from a template, say).
    """
    wanted = [line.strip() for line in embedded.splitlines()]
    skip = next((index for index, line in enumerate(wanted) if line), None)
    if skip is None:
        return -1
    wanted = wanted[skip:]
    while wanted and not wanted[-1]:
        wanted.pop()
    lines = [line.strip() for line in file_text.splitlines()]
    found = [
        start
        for start, line in enumerate(lines)
        if line == wanted[0] and lines[start : start + len(wanted)] == wanted
    ]
    return found[0] - skip if len(found) == 1 else -1


def _yaml_files(repo: Repo) -> Iterator[tuple[str, str, bool]]:
    """(relative path, path, whether it is a symlink) of each YAML file of the repository,
    in the order of `os.walk` with names sorted, hidden and symlinked folders left out."""
    for prefix, _folders, files in walk(repo.root):
        for entry in files:
            if entry.name.endswith((".yaml", ".yml")):
                yield prefix + entry.name, entry.path, entry.is_symlink()


def _naming_the_plugin(
    repo: Repo, relative: str, path: str, linked: bool, warn: Warn
) -> str | None:
    """The text of a YAML file that names the plugin; None for any other file.

    A file too large, gone, or not UTF-8 is passed over; one a symlink leads outside the
    repository, or that is no regular file, is reported and passed over. Only a symlink's
    target needs resolving: any other file is inside the folder it was listed in. A file
    this run has read already (the fleet members) is not read again.
    """
    try:
        real = repo.confine(path, relative) if linked else path
        data = repo.read_before(real)
        if data is None:
            if os.path.getsize(real) > LIMITS.max_bytes:
                return None
            data = read_regular(real, relative)
        elif len(data) > LIMITS.max_bytes:
            return None
    except FleetError as err:
        warn(f"hub bootstrap: {err} (file skipped)")
        return None
    except OSError:
        return None
    if PLUGIN_BYTES not in data:  # the bytes of its name are in any text that holds it
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _plugin_parameters(
    document: Any, hub: Cluster, where: str, warn: Warn
) -> Iterator[tuple[str, str]]:
    """(group, values text) of each argocd-fleet plugin source of an Application(Set)."""
    if not isinstance(document, dict):
        return
    kind = document.get("kind")
    spec = _map(document.get("spec"))
    if kind == "Application":
        for plugin in _plugins(spec):
            group, values = _group_and_values(plugin)
            if group:
                yield group, values
    elif kind == "ApplicationSet":
        template = _map(spec.get("template"))
        app_spec = _map(template.get("spec"))
        plugins = list(_plugins(app_spec))
        if not plugins:
            return
        from ..gotemplate import Outcome, compile_template, json_like
        from .clusterparams import prepare_cluster

        # As the cluster generator gives them; without a hub (validate's rules that need no
        # cluster) only the generator's own elements are known.
        hub_params = prepare_cluster(hub).params if hub.name else {}
        for element in _list_elements(spec.get("generators")) or [{}]:
            # The hub bootstrap's matrix: the clusters generator first, so its parameters win.
            dot = {**json_like(element), **hub_params}
            for plugin in plugins:
                group, values = _group_and_values(plugin)
                if not group:
                    continue
                rendered_group = compile_template(group, "default").render(dot)
                rendered_values = compile_template(values, "default").render(dot)
                if not (rendered_group.outcome is rendered_values.outcome is Outcome.OK):
                    problem = rendered_group.message or rendered_values.message
                    warn(
                        f"hub bootstrap: {where}: cannot evaluate the plugin parameters: {problem}"
                    )
                    continue
                yield rendered_group.text, rendered_values.text


def _plugins(app_spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    sources = []
    if isinstance(app_spec.get("source"), dict):
        sources.append(app_spec["source"])
    if isinstance(app_spec.get("sources"), list):
        sources.extend(s for s in app_spec["sources"] if isinstance(s, dict))
    for source in sources:
        plugin = source.get("plugin")
        if isinstance(plugin, dict) and plugin.get("name") == PLUGIN_NAME:
            yield plugin


def _group_and_values(plugin: dict[str, Any]) -> tuple[str, str]:
    group, values = "", ""
    for entry in plugin.get("env") or []:
        if isinstance(entry, dict) and entry.get("name") == "FLEET_GROUP":
            group = str(entry.get("value") or "")
        elif isinstance(entry, dict) and entry.get("name") == "FLEET_VALUES":
            values = str(entry.get("value") or "")
    # Parameters win over env, as they do for the plugin.
    for parameter in plugin.get("parameters") or []:
        if not isinstance(parameter, dict):
            continue
        name = parameter.get("name")
        if name == "group" and isinstance(parameter.get("string"), str):
            group = parameter["string"]
        elif name == "values":
            if isinstance(parameter.get("string"), str):
                values = parameter["string"]
            elif isinstance(parameter.get("map"), dict):
                values = dump_yaml(parameter["map"])
    return group, values


def _list_elements(generators: Any) -> list[dict[str, Any]]:
    """The elements of the list generators, at any depth of matrix and merge generators."""
    elements: list[dict[str, Any]] = []
    for generator in generators if isinstance(generators, list) else []:
        if not isinstance(generator, dict):
            continue
        listed = generator.get("list")
        if isinstance(listed, dict):
            elements.extend(e for e in listed.get("elements") or [] if isinstance(e, dict))
        for combined in ("matrix", "merge"):
            inner = generator.get(combined)
            if isinstance(inner, dict):
                elements.extend(_list_elements(inner.get("generators")))
    return elements


def _map(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one (a document may hold anything)."""
    return value if isinstance(value, dict) else {}
