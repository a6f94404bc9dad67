"""`argocd-fleet explain`: the effective value of a key and every file that set it (wiring)."""

from __future__ import annotations

import sys

import click

from ..errors import UsageError, run, warn
from ..fleet.render import FleetRequest

EPILOG = """\b
Examples:
  argocd-fleet explain --repo . --group addons --cluster hub.yaml external-dns.enabled
  argocd-fleet explain --repo . --group addons external-dns.enableAckPodIdentity
  argocd-fleet explain -f values.yaml syncPolicy.automated.prune -o json

\b
KEY is a dotted path into the values (a number indexes a list, '\\.' is a dot inside a key).
Fleet mode (--repo) traces every release the cluster gets: the catalogs, the chart's
values.yaml, the value files of the hierarchy in merge order, the bootstrap values and the
release's derived values. Bootstrap values: --values, else the 'values' parameter of the
argocd-fleet-v1 plugin Applications/ApplicationSets in the repository, else the eks-fleet
defaults. Chart mode (-f) traces the -f files over the chart and its catalogs.
"""


@click.command(epilog=EPILOG)
@click.argument("key")
@click.option("--repo", type=click.Path(file_okay=False), metavar="DIR", help="Fleet repository.")
@click.option("--group", metavar="GROUP", help="Fleet mode: the group. Example: --group addons")
@click.option(
    "--cluster",
    metavar="FILE",
    help="Fleet mode: the cluster's {name, labels, annotations} (default: the hub, "
    "clusters/hub.yaml of the repository).",
)
@click.option("--values", metavar="FILE", help="Fleet mode: the group's bootstrap values.")
@click.option("--release", metavar="TYPE", help="Fleet mode: trace only this release.")
@click.option("--versions", metavar="PATH", help="Fleet mode: versions file, in the repository.")
@click.option("--hierarchy", metavar="PRESET|FILE", help="'eks-fleet' (default), 'five-level'…")
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
def explain(**options: object) -> None:
    """Print the effective value of KEY and every file (with line) that set or overrode it."""
    run(lambda: _explain(**options))  # type: ignore[arg-type]


def _explain(
    key: str,
    repo: str | None,
    group: str | None,
    cluster: str | None,
    values: str | None,
    release: str | None,
    versions: str | None,
    hierarchy: str | None,
    value_files: tuple[str, ...],
    catalog: str | None,
    output: str,
) -> int:
    from ..fleet import explain as engine

    if repo:
        if value_files:
            raise UsageError("-f is chart mode; with --repo give the bootstrap values as --values")
        if not group:
            raise UsageError("fleet mode needs --group (for example --group addons)")
        traces = engine.explain_fleet(
            _fleet_request(repo, group, cluster, values, release, versions, hierarchy, catalog),
            key,
            warn,
        )
    else:
        fleet_only = {"--group": group, "--cluster": cluster, "--values": values}
        fleet_only.update({"--release": release, "--versions": versions, "--hierarchy": hierarchy})
        given = [name for name, value in fleet_only.items() if value]
        if given:
            raise UsageError(f"{', '.join(given)} need --repo (fleet mode)")
        if not value_files:
            raise UsageError("give --repo DIR --group GROUP (fleet mode) or -f FILE (chart mode)")
        from ..chart.catalog import Catalog
        from ..sources import ValueSource

        sources = [ValueSource.from_file(path) for path in value_files]
        chosen = Catalog.from_directory(catalog) if catalog else None
        traces = engine.explain_chart(sources, key, chosen)
    text = engine.as_json(traces) if output == "json" else engine.format_text(traces)
    sys.stdout.write(text)
    return 0


def _fleet_request(
    repo: str,
    group: str,
    cluster: str | None,
    values: str | None,
    release: str | None,
    versions: str | None,
    hierarchy: str | None,
    catalog: str | None,
) -> FleetRequest:
    from ..chart.catalog import Catalog
    from ..fleet.cluster import Cluster
    from ..fleet.hierarchy import resolve
    from ..fleet.paths import Repo
    from ..fleet.releases import DEFAULT_VERSIONS
    from ..preview.clusters import load_hub
    from ..preview.fleet import bootstrap_values
    from ..sources import ValueSource

    checkout = Repo.at(repo)
    if cluster:
        source = ValueSource.from_file(cluster)
        target = Cluster.from_mapping(source.data, source.display)
    else:
        target = load_hub(checkout, None)
    given = {group: values} if values else {}
    bootstrap = bootstrap_values(checkout, target, [group], given, warn)[group]
    return FleetRequest(
        repo=checkout,
        group=group,
        cluster=target,
        bootstrap=bootstrap.source,
        release=release,
        versions=versions or DEFAULT_VERSIONS,
        hierarchy=resolve(hierarchy, checkout, outside_allowed=True),
        catalog=Catalog.from_directory(catalog) if catalog else None,
    )
