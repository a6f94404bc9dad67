"""`argocd-fleet explain`: the effective value of a key and every file that set it (wiring)."""

from __future__ import annotations

import sys
from typing import NamedTuple

import click

from ..errors import FleetError, UsageError, note, run, warn
from ..fleet.render import FleetRequest
from .options import CLUSTER_HELP, HIERARCHY_HELP, PATHS_HELP, VERSIONS_HELP

EPILOG = f"""\b
Examples:
  argocd-fleet explain --repo . --group addons --cluster spoke-dev-1 external-dns.enabled
  argocd-fleet explain --repo . --group addons external-dns.enableAckPodIdentity
  argocd-fleet explain -f values.yaml syncPolicy.automated.prune -o json

\b
KEY is a dotted path into the values (a number indexes a list, '\\.' is a dot inside a key).
Fleet mode (--repo) traces every release the cluster gets: the catalogs, the chart's
values.yaml, the value files of the hierarchy in merge order, the bootstrap values and the
release's derived values. Bootstrap values: --values, else the 'values' parameter of the
argocd-fleet-v1 plugin Applications/ApplicationSets in the repository, else the eks-fleet
defaults. Chart mode (-f) traces the -f files over the chart and its catalogs.

A spoke (a fleet member) is told apart: its own value files apply only when it renders the
group itself (the distributed model); a note on stderr says which model it runs.

{PATHS_HELP}
"""


@click.command(epilog=EPILOG)
@click.argument("key")
@click.option("--repo", type=click.Path(file_okay=False), metavar="DIR", help="Fleet repository.")
@click.option("--group", metavar="GROUP", help="Fleet mode: the group. Example: --group addons")
@click.option(
    "--cluster",
    metavar="FILE|NAME",
    help=f"{CLUSTER_HELP} (default: the hub, clusters/hub.yaml of the repository)",
)
@click.option(
    "--clusters",
    "cluster_files",
    multiple=True,
    metavar="FILE",
    help="Fleet mode: cluster secrets ('kubectl get secret -o yaml') in which to find "
    "--cluster NAME (repeatable).",
)
@click.option("--values", metavar="FILE", help="Fleet mode: the group's bootstrap values.")
@click.option("--release", metavar="TYPE", help="Fleet mode: trace only this release.")
@click.option("--versions", metavar="PATH", help=f"Fleet mode: {VERSIONS_HELP}")
@click.option("--hierarchy", metavar="PRESET|FILE", help=f"Fleet mode: {HIERARCHY_HELP}")
@click.option(
    "-f",
    "--values-file",
    "value_files",
    multiple=True,
    metavar="FILE",
    help="Chart mode: a values file (repeatable, merged in order like helm -f).",
)
@click.option("--catalog", metavar="DIR", help="A directory of <name>.yaml component catalogs.")
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def explain(**options: object) -> int:
    """Print the effective value of KEY and every file (with line) that set or overrode it."""
    return run(lambda: _explain(**options))  # type: ignore[arg-type]


def _explain(
    key: str,
    repo: str | None,
    group: str | None,
    cluster: str | None,
    cluster_files: tuple[str, ...],
    values: str | None,
    release: str | None,
    versions: str | None,
    hierarchy: str | None,
    value_files: tuple[str, ...],
    catalog: str | None,
    output: str,
) -> int:
    from ..fleet import explain as engine
    from .inputs import given_path

    if repo:
        if value_files:
            raise UsageError("-f is chart mode; with --repo give the bootstrap values as --values")
        if not group:
            raise UsageError("fleet mode needs --group (for example --group addons)")
        request = _fleet_request(
            FleetChoice(
                repo, group, cluster, cluster_files, values, release, versions, hierarchy, catalog
            )
        )
        traces = engine.explain_fleet(request, key, warn)
    else:
        fleet_only = {"--group": group, "--cluster": cluster, "--values": values}
        fleet_only.update({"--release": release, "--versions": versions, "--hierarchy": hierarchy})
        fleet_only["--clusters"] = ",".join(cluster_files) or None
        given = [name for name, value in fleet_only.items() if value]
        if given:
            raise UsageError(f"{', '.join(given)} need --repo (fleet mode)")
        if not value_files:
            raise UsageError("give --repo DIR --group GROUP (fleet mode) or -f FILE (chart mode)")
        from ..chart.catalog import Catalog
        from ..sources import ValueSource

        sources = [ValueSource.from_file(given_path(path, "-f")) for path in value_files]
        chosen = (
            Catalog.from_directory(given_path(catalog, "--catalog", folder="catalog directory"))
            if catalog
            else None
        )
        traces = engine.explain_chart(sources, key, chosen)
    text = engine.as_json(traces) if output == "json" else engine.format_text(traces)
    sys.stdout.write(text)
    return 0


class FleetChoice(NamedTuple):
    repo: str
    group: str
    cluster: str | None
    cluster_files: tuple[str, ...]
    values: str | None
    release: str | None
    versions: str | None
    hierarchy: str | None
    catalog: str | None


def _fleet_request(choice: FleetChoice) -> FleetRequest:
    from ..chart.catalog import Catalog
    from ..fleet.explain import spoke_note
    from ..fleet.hierarchy import PRESETS, resolve
    from ..fleet.paths import Repo
    from ..fleet.releases import DEFAULT_VERSIONS
    from ..preview.clusters import load_hub
    from ..preview.fleet import bootstrap_values
    from .inputs import choose_cluster, cluster_secrets, given_path, repository_path

    repo, group = choice.repo, choice.group
    checkout = Repo.at(repo)
    if choice.versions:
        repository_path(choice.versions, "--versions", repo)
    if choice.hierarchy and choice.hierarchy not in PRESETS:
        repository_path(choice.hierarchy, "--hierarchy", repo)
    if choice.cluster:
        secrets = cluster_secrets(choice.cluster_files, repo, warn)
        target = choose_cluster(choice.cluster, "--cluster", repo, secrets, warn).cluster
    else:
        target = load_hub(checkout, None)
    hub = _hub_name(checkout)
    if target.name != hub:
        message = spoke_note(target, group, hub)
        if message:
            note(message)
    given = {group: given_path(choice.values, "--values", repo)} if choice.values else {}
    bootstrap = bootstrap_values(checkout, target, [group], given, warn)[group]
    catalog = choice.catalog
    return FleetRequest(
        repo=checkout,
        group=group,
        cluster=target,
        bootstrap=bootstrap.source,
        release=choice.release,
        versions=choice.versions or DEFAULT_VERSIONS,
        hierarchy=resolve(choice.hierarchy, checkout, outside_allowed=True),
        catalog=Catalog.from_directory(
            given_path(catalog, "--catalog", repo, folder="catalog directory")
        )
        if catalog
        else None,
    )


def _hub_name(checkout: object) -> str | None:
    """The name of the repository's hub (clusters/hub.yaml), None without one."""
    from ..preview.clusters import load_hub

    try:
        return load_hub(checkout, None).name  # type: ignore[arg-type]
    except FleetError:
        return None
