"""`argocd-fleet generate`: chart mode (`-f`) or fleet mode (`--repo --group --cluster`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..errors import UsageError, run, warn
from .options import CLUSTER_HELP, HIERARCHY_HELP, PATHS_HELP, VERSIONS_HELP, given_options

if TYPE_CHECKING:
    from .fleetargs import FleetArgs

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
  argocd-fleet generate --repo . --group addons --cluster clusters/hub.yaml
  argocd-fleet generate --repo . --group addons --cluster spoke-dev-1 --values bootstrap.yaml
  argocd-fleet generate --repo . --group addons --cluster fleet-hub --release default --explain
  argocd-fleet generate          # no flags, run by Argo CD: the plugin (ARGOCD_APP_PARAMETERS)

\b
Fleet mode without --values takes the group's bootstrap values from the repository, as
preview does, and says on stderr which file gave them. Warnings on stderr: a key the chart
does not read (unknown-key, as 'validate' reports it), and a template field that reads a
generator value nobody set.

{PATHS_HELP}

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
@click.option("--cluster", metavar="FILE|NAME", help=CLUSTER_HELP)
@click.option(
    "--clusters",
    "cluster_files",
    multiple=True,
    metavar="FILE",
    help="Fleet mode: cluster secrets ('kubectl get secret -o yaml') in which to find "
    "--cluster NAME (repeatable). Example: --clusters secrets.yaml",
)
@click.option(
    "--values",
    "bootstrap",
    metavar="FILE",
    help="Fleet mode: bootstrap values (repoNames, useSelectors, mergeValues, ...); default: "
    "the group's 'values' in the repository's argocd-fleet-v1 plugin Application(Set), as "
    "preview finds them. Example: --values bootstrap/addons.yaml",
)
@click.option(
    "--release",
    metavar="TYPE",
    help="Fleet mode: render only this release of the group. Example: --release default",
)
@click.option("--versions", metavar="PATH", help=f"Fleet mode: {VERSIONS_HELP}")
@click.option("--hierarchy", metavar="PRESET|FILE", help=f"Fleet mode: {HIERARCHY_HELP}")
@click.option(
    "--explain",
    is_flag=True,
    help="Fleet mode: print to stderr the releases chosen and why, and the value files read "
    "(missing ones marked). Example: --explain",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 when nothing is rendered. Without it an empty output is an error naming the "
    "likely cause, as in the plugin: Argo CD would prune everything the Application manages. "
    "Example: --allow-empty",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="Output format. Example: -o json",
)
def generate(**options: object) -> int:
    """Render the ApplicationSets (chart mode or fleet mode) to stdout.

    \b
    Chart mode renders what `helm template` of the application-sets chart 0.3.3 renders for
    the same values. Fleet mode resolves the release(s) and the values hierarchy of a fleet
    repository for one cluster and group, as the hub's bootstrap ApplicationSets did.
    """
    return run(lambda: _generate(**options))  # type: ignore[arg-type]


def _generate(
    files: tuple[str, ...],
    sets: tuple[str, ...],
    set_strings: tuple[str, ...],
    catalog: str | None,
    repo: str | None,
    group: str | None,
    cluster: str | None,
    cluster_files: tuple[str, ...],
    bootstrap: str | None,
    release: str | None,
    versions: str | None,
    hierarchy: str | None,
    explain: bool,
    allow_empty: bool,
    output: str,
) -> int:
    from ..chart.references import unset_values
    from ..limits import OutputBudget
    from ..stream import write_stream

    budget = OutputBudget()
    if repo is None:
        used = given_options({
            "--group": group, "--cluster": cluster, "--values": bootstrap, "--release": release,
            "--versions": versions, "--hierarchy": hierarchy, "--clusters": cluster_files,
            "--explain": explain,
        })  # fmt: skip
        if used:
            raise UsageError(f"{', '.join(used)} need --repo (fleet mode)")
        if not files and not sets and not set_strings:
            raise UsageError(
                "nothing to render: give -f VALUES.yaml (chart mode) or --repo DIR --group "
                "GROUP --cluster CLUSTER (fleet mode); 'argocd-fleet generate --help' has examples"
            )
        pairs = [(s, False) for s in sets] + [(s, True) for s in set_strings]
        objects, cause = _chart(files, pairs, catalog, budget)
    else:
        if files or sets or set_strings:
            raise UsageError(
                "-f/--set/--set-string are chart mode; fleet mode reads the repository"
            )
        if not group or not cluster:
            raise UsageError(
                "fleet mode needs --group GROUP and --cluster CLUSTER (a file, or the name of "
                "a cluster of the repository)"
            )
        from .fleetargs import FleetArgs

        args = FleetArgs(
            repo,
            cluster_files=cluster_files,
            values={group: bootstrap} if bootstrap else {},
            release=release,
            versions=versions,
            hierarchy=hierarchy,
            catalog=catalog,
        )
        objects, cause = _fleet(args, group, cluster, explain, budget)
    if not objects:
        from ..empty import CLI_HINT, refusal

        if not allow_empty:
            raise refusal(cause(), CLI_HINT)
        warn(f"nothing to render, which --allow-empty permits: {cause()}")
    for appset in objects:
        for message in unset_values(appset):
            warn(message)
    sys.stdout.write(write_stream(objects, output))
    sys.stdout.flush()
    return 0


Rendered = tuple[list[dict[str, Any]], Callable[[], str]]  # the objects, what to say if none


def _chart(
    files: tuple[str, ...], sets: list[tuple[str, bool]], catalog: str | None, budget: Any
) -> Rendered:
    from ..chart.catalog import Catalog
    from ..generate import chart_mode
    from ..lint.valuefiles import as_warning, unknown_keys
    from ..sources import ValueSource
    from .inputs import catalog_option, given_path

    sources = [ValueSource.from_file(given_path(path, "-f")) for path in files]
    chosen = catalog_option(catalog)
    rendered = chart_mode(sources, sets, chosen, warn, budget)
    for finding in unknown_keys([(s, s.display) for s in sources], [chosen or Catalog.builtin()]):
        warn(as_warning(finding))

    def cause() -> str:
        from ..empty import chart_cause  # only when nothing is rendered

        read = [source.display for source in sources] + [f"--set {s}" for s, _ in sets]
        return chart_cause(rendered.values, read, rendered.catalogs)

    return rendered.objects, cause


def _fleet(args: FleetArgs, group: str, cluster: str, explain: bool, budget: Any) -> Rendered:
    from ..fleet.render import fleet_mode
    from ..lint.valuefiles import fleet_warnings
    from .fleetargs import say_bootstrap

    args.check_repository_paths()
    target = args.cluster(cluster)
    found = args.bootstrap(group, target)
    say_bootstrap(found, args.repo)
    request = args.fleet_request(group, target, found, budget)
    result = fleet_mode(request, warn)
    if explain:
        sys.stderr.write(result.explain())
    given = found.source.display if found.origin == "--values" else None
    for message in fleet_warnings(result.inputs, group, args.repo, given, request.catalog):
        warn(message)

    def cause() -> str:
        from ..empty import fleet_cause  # only when nothing is rendered

        return fleet_cause(result, request.hierarchy.name, args.values.get(group))

    return result.objects, cause
