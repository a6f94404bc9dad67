"""`argocd-fleet explain`: the effective value of a key and every file that set it (wiring)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..errors import UsageError, note, run, warn
from .options import CLUSTER_HELP, HIERARCHY_HELP, PATHS_HELP, VERSIONS_HELP, given_options

if TYPE_CHECKING:
    from ..fleet.render import FleetRequest
    from .fleetargs import FleetArgs

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
    from .inputs import catalog_option, given_path

    if repo:
        if value_files:
            raise UsageError("-f is chart mode; with --repo give the bootstrap values as --values")
        if not group:
            raise UsageError("fleet mode needs --group (for example --group addons)")
        from .fleetargs import FleetArgs

        args = FleetArgs(
            repo,
            cluster_files=cluster_files,
            values={group: values} if values else {},
            release=release,
            versions=versions,
            hierarchy=hierarchy,
            catalog=catalog,
        )
        traces = engine.explain_fleet(_fleet_request(args, group, cluster), key, warn)
    else:
        given = given_options({
            "--group": group, "--cluster": cluster, "--values": values, "--release": release,
            "--versions": versions, "--hierarchy": hierarchy, "--clusters": cluster_files,
        })  # fmt: skip
        if given:
            raise UsageError(f"{', '.join(given)} need --repo (fleet mode)")
        if not value_files:
            raise UsageError("give --repo DIR --group GROUP (fleet mode) or -f FILE (chart mode)")
        from ..sources import ValueSource

        sources = [ValueSource.from_file(given_path(path, "-f")) for path in value_files]
        traces = engine.explain_chart(sources, key, catalog_option(catalog))
    text = engine.as_json(traces) if output == "json" else engine.format_text(traces)
    sys.stdout.write(text)
    return 0


def _fleet_request(args: FleetArgs, group: str, cluster: str | None) -> FleetRequest:
    """Fleet mode for the cluster (default: the hub), with a note when it is a spoke."""
    from ..fleet.explain import spoke_note

    args.check_repository_paths()
    target = args.cluster(cluster)
    hub = args.hub_name()
    if target.name != hub:
        message = spoke_note(target, group, hub)
        if message:
            note(message)
    return args.fleet_request(group, target, args.bootstrap(group, target), None)
