"""`argocd-fleet preview`: what every cluster of the fleet will run (wiring only)."""

from __future__ import annotations

import sys

import click

from ..errors import run, warn
from .options import PATHS_HELP, fleet_options, group_files

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
    from ..fleet.hierarchy import resolve
    from ..fleet.paths import Repo
    from ..fleet.releases import DEFAULT_VERSIONS
    from ..lint.valuefiles import fleet_warnings
    from ..preview import clusters as cluster_inputs
    from ..preview import report
    from ..preview.fleet import PreviewRequest, preview_fleet
    from .inputs import check_fleet_paths, cluster_secrets, fleet_hub

    given = group_files(values)
    checkout = Repo.at(repo)
    check_fleet_paths(repo, given, versions, hierarchy)
    secrets = cluster_secrets(cluster_files, repo, warn)
    hub_cluster = fleet_hub(hub, repo, secrets, warn)
    everyone = cluster_inputs.fleet_clusters(checkout, hub_cluster, secrets, warn)
    request = PreviewRequest(
        repo=checkout,
        hub=hub_cluster,
        clusters=everyone,
        groups=list(dict.fromkeys(groups)),
        values=given,
        hierarchy=resolve(hierarchy, checkout, outside_allowed=True),
        versions=versions or DEFAULT_VERSIONS,
    )
    progress = report.ProgressBar(sys.stderr)
    try:
        result = preview_fleet(request, warn, progress)
    finally:
        progress.close()
    for group, inputs in result.inputs.items():
        for message in fleet_warnings(inputs, group, repo, given.get(group)):
            if message not in result.warnings:
                warn(message)
                result.warnings.append(message)
    report.write(result, output, sys.stdout)
    sys.stdout.flush()
    return 0
