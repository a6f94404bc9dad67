"""`argocd-fleet preview`: what every cluster of the fleet will run (wiring only)."""

from __future__ import annotations

import sys

import click

from ..batch import long_run
from ..errors import run, warn
from .options import PATHS_HELP, fleet_options

EPILOG = f"""\b
Examples:
  argocd-fleet preview --repo .
  argocd-fleet preview --repo . --hub clusters/hub.yaml --clusters secrets.yaml -o json
  kubectl get secret -n argocd -l argocd.argoproj.io/secret-type=cluster -o yaml \\
    | argocd-fleet preview --repo . --clusters - --group addons
  argocd-fleet preview --repo . --values addons=bootstrap/addons.yaml -o html > fleet.html

\b
Bootstrap values of a group: --values GROUP=FILE, else the 'values' parameter of the
argocd-fleet-v1 plugin Applications/ApplicationSets in the repository, else the eks-fleet
defaults (repoNames [addons], useSelectors "false", useVersionSelectors "true").

{PATHS_HELP}
"""


@click.command(epilog=EPILOG)
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    metavar="DIR",
    required=True,
    help="The fleet repository. Example: --repo .",
)
@fleet_options(
    groups_help="Preview this group only (repeatable; default: every group of the versions file)."
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["table", "json", "yaml", "html"]),
    default="table",
    show_default=True,
    help="Output format. Example: -o json",
)
def preview(**options: object) -> int:
    """Show, for every cluster, the Applications the hub's ApplicationSets create for it.

    \b
    The hub renders each group's ApplicationSets (fleet mode); each cluster (the hub, the
    fleet members, and the clusters of --clusters) is then matched against their selectors,
    and every Application is evaluated from the templates: name, release, chart, version,
    namespace and value files. An expression that cannot be evaluated is shown as written
    and marked. Warnings go to stderr (and into -o json/yaml).
    """
    return run(lambda: _preview(**options))  # type: ignore[arg-type]


@long_run()
def _preview(
    repo: str,
    hub: str | None,
    cluster_files: tuple[str, ...],
    groups: tuple[str, ...],
    values: tuple[str, ...],
    hierarchy: str | None,
    versions: str | None,
    output: str,
) -> int:
    from ..lint.valuefiles import preview_warnings
    from ..preview import report
    from ..preview.fleet import preview_fleet
    from .fleetargs import FleetArgs, group_files

    args = FleetArgs(
        repo,
        hub=hub,
        cluster_files=cluster_files,
        groups=groups,
        values=group_files(values),
        hierarchy=hierarchy,
        versions=versions,
    )
    request = args.preview_request()
    progress = report.ProgressBar(sys.stderr)
    try:
        result = preview_fleet(request, warn, progress)
    finally:
        progress.close()
    for message in preview_warnings(result, repo, args.values):
        warn(message)
    report.write(result, output, sys.stdout)
    sys.stdout.flush()
    return 0
