"""`argocd-fleet generate`: chart mode (`-f`) or fleet mode (`--repo --group --cluster`)."""

from __future__ import annotations

import sys

import click

from ..errors import UsageError, run, warn

DEVIATIONS = """\b
Where the output deliberately differs from the chart (docs/chart-rules.md):
  1. a component selector's matchLabels are merged over the generated ones
  2. gitMatrix selectors are placed beside matchLabels, not inside
  3. releaseType is lower-cased; no leading '-' in names when it is empty
  4. release label values are always strings
  5. every key written once, every document well-formed
  6. argocd-fleet's identity labels replace Helm's
  7. an 'enabled' that is not true/false is an error, not a silent skip"""

EPILOG = f"""\b
Examples:
  argocd-fleet generate -f values.yaml
  argocd-fleet generate -f base.yaml -f prod.yaml --set external-dns.enabled=false
  argocd-fleet generate -f values.yaml --set-string releases.addonsRelease=1.0 -o json
  argocd-fleet generate -f values.yaml --catalog ./catalog
  argocd-fleet generate --repo . --group addons --cluster hub.yaml --values bootstrap.yaml
  argocd-fleet generate --repo . --group addons --cluster hub.yaml --release default --explain
  argocd-fleet generate          # no flags, run by Argo CD: the plugin (ARGOCD_APP_PARAMETERS)

{DEVIATIONS}
"""


@click.command(epilog=EPILOG)
@click.option(
    "-f",
    "--values-file",
    "files",
    multiple=True,
    metavar="FILE",
    help="Chart mode: a values file (repeatable, later wins; '-' reads stdin). "
    "Example: -f values.yaml",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY=VAL",
    help="A value in Helm's --set syntax, after the files. Example: --set a.b=c,list[0]=x",
)
@click.option(
    "--set-string",
    "set_strings",
    multiple=True,
    metavar="KEY=VAL",
    help="Like --set, but every value stays a string. Example: --set-string releases.r=1.0",
)
@click.option(
    "--catalog",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Use DIR/<name>.yaml as the component catalogs instead of the built-in ones. "
    "Example: --catalog ./catalog",
)
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Fleet mode: the fleet repository. Example: --repo .",
)
@click.option("--group", metavar="GROUP", help="Fleet mode: the group. Example: --group addons")
@click.option(
    "--cluster",
    metavar="FILE",
    help="Fleet mode: the cluster's {name, labels, annotations} (YAML or JSON). "
    "Example: --cluster hub.yaml",
)
@click.option(
    "--values",
    "bootstrap",
    metavar="FILE",
    help="Fleet mode: bootstrap values (repoNames, useSelectors, mergeValues, ...). "
    "Example: --values bootstrap/addons.yaml",
)
@click.option(
    "--release",
    metavar="TYPE",
    help="Fleet mode: render only this release of the group. Example: --release default",
)
@click.option(
    "--versions",
    metavar="PATH",
    help="Fleet mode: versions file, relative to the repository. "
    "Example: --versions fleet/bootstrap/versions/applicationSets.yaml",
)
@click.option(
    "--hierarchy",
    metavar="PRESET|FILE",
    help="Fleet mode: 'eks-fleet' (default), 'five-level', or a file of path patterns. "
    "Example: --hierarchy five-level",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Fleet mode: print to stderr the releases chosen and why, and the value files read "
    "(missing ones marked). Example: --explain",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="Output format. Example: -o json",
)
def generate(**options: object) -> None:
    """Render the ApplicationSets (chart mode or fleet mode) to stdout.

    \b
    Chart mode renders what `helm template` of the application-sets chart 0.3.3 renders for
    the same values. Fleet mode resolves the release(s) and the values hierarchy of a fleet
    repository for one cluster and group, as the hub's bootstrap ApplicationSets did.
    """
    run(lambda: _generate(**options))  # type: ignore[arg-type]


def _generate(
    files: tuple[str, ...],
    sets: tuple[str, ...],
    set_strings: tuple[str, ...],
    catalog: str | None,
    repo: str | None,
    group: str | None,
    cluster: str | None,
    bootstrap: str | None,
    release: str | None,
    versions: str | None,
    hierarchy: str | None,
    explain: bool,
    output: str,
) -> int:
    from ..chart.catalog import Catalog
    from ..yamlio import dump_stream

    fleet_options = {
        "--group": group, "--cluster": cluster, "--values": bootstrap, "--release": release,
        "--versions": versions, "--hierarchy": hierarchy,
    }  # fmt: skip
    if repo is None:
        used = [name for name, value in fleet_options.items() if value] + (
            ["--explain"] if explain else []
        )
        if used:
            raise UsageError(f"{', '.join(used)} need --repo (fleet mode)")
        if not files and not sets and not set_strings:
            raise UsageError(
                "nothing to render: give -f VALUES.yaml (chart mode) or --repo DIR --group "
                "GROUP --cluster CLUSTER (fleet mode); 'argocd-fleet generate --help' has examples"
            )
        from ..generate import chart_mode
        from ..sources import ValueSource

        sources = [ValueSource.from_file(path) for path in files]
        pairs = [(s, False) for s in sets] + [(s, True) for s in set_strings]
        chosen = Catalog.from_directory(catalog) if catalog else None
        objects = chart_mode(sources, pairs, chosen, warn).objects
    else:
        if files or sets or set_strings:
            raise UsageError(
                "-f/--set/--set-string are chart mode; fleet mode reads the repository"
            )
        if not group or not cluster:
            raise UsageError("fleet mode needs --group and --cluster")
        from ..fleet.render import FleetRequest, fleet_mode

        request = FleetRequest.from_files(
            repo=repo,
            group=group,
            cluster_file=cluster,
            values_file=bootstrap,
            release=release,
            versions=versions,
            hierarchy=hierarchy,
            catalog=catalog,
        )
        result = fleet_mode(request, warn)
        if explain:
            sys.stderr.write(result.explain())
        objects = result.objects
    text = dump_stream(objects, output)
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
