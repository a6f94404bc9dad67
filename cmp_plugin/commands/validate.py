"""`argocd-fleet validate`: the values against the schema, and the repository lint (wiring only)."""

from __future__ import annotations

import sys

import click

from ..batch import long_run
from ..errors import UsageError, run
from .options import PATHS_HELP, fleet_options, given_options

EPILOG = f"""\b
Examples:
  argocd-fleet validate --repo .
  argocd-fleet validate --repo . -o github        # annotations in a GitHub Actions run
  argocd-fleet validate --repo . --hub clusters/hub.yaml --clusters secrets.yaml -o json
  argocd-fleet validate -f values.yaml            # chart-mode values files

\b
Each finding is one line, 'file:line: error|warning: message [rule]', sorted by file and
line; the summary ('2 errors, 1 warning') goes to stderr. Exit status: 1 when any finding
is an error (or the repository cannot be read at all), 0 otherwise, 2 for usage errors.
Without a hub (no --hub, no clusters/hub.yaml) the rules that need clusters are skipped,
and the summary says which. With -f, the values files of chart mode are checked (rules
invalid-file, duplicate-key, schema, unknown-key). Which rules run, and at which level
(error or warning): .argocd-fleet.yaml, like yamllint's configuration. Rules, examples and
the configuration: docs/validate.md.

{PATHS_HELP}
"""


@click.command(epilog=EPILOG)
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="The fleet repository. Example: --repo .",
)
@fleet_options()
@click.option(
    "-f",
    "--values-file",
    "value_files",
    multiple=True,
    metavar="FILE",
    help="Chart mode: a values file to check instead of a repository (repeatable). "
    "Example: -f values.yaml",
)
@click.option(
    "--catalog",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Chart mode: the component catalogs the values use (default: the built-in ones).",
)
@click.option(
    "--config",
    metavar="FILE",
    help="The lint configuration: which rules run, at which level (default: "
    ".argocd-fleet.yaml, else [tool.argocd-fleet] of pyproject.toml, at the repository root; "
    "with -f, in the working directory). Example: --config lint.yaml",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Output format: one line per finding, a JSON list, or GitHub Actions annotations.",
)
def validate(**options: object) -> int:
    """Check a fleet repository (values against the schema, and lint rules), or
    chart-mode values files.

    \b
    Rules: invalid-file, duplicate-key, schema, unknown-key, undefined-release,
    unused-release-label, unreached-cluster, unread-value-file, unselected-component, render.
    The clusters are the hub, its fleet members (with the labels registration gives them)
    and the clusters of --clusters; the bootstrap values are found as 'preview' finds them.
    """
    return run(lambda: _validate(**options))  # type: ignore[arg-type]


@long_run()
def _validate(
    repo: str | None,
    hub: str | None,
    cluster_files: tuple[str, ...],
    values: tuple[str, ...],
    hierarchy: str | None,
    versions: str | None,
    value_files: tuple[str, ...],
    catalog: str | None,
    config: str | None,
    output: str,
) -> int:
    from ..lint.checks import check_repository, check_values_files
    from ..lint.config import find_config
    from ..lint.core import counts
    from ..lint.report import render, summary
    from .fleetargs import FleetArgs, group_files
    from .inputs import catalog_option, given_path

    if value_files:
        given = given_options({
            "--repo": repo, "--hub": hub, "--values": values, "--clusters": cluster_files,
            "--hierarchy": hierarchy, "--versions": versions,
        })  # fmt: skip
        if given:
            raise UsageError(
                f"-f checks chart-mode values files; {', '.join(given)} are for --repo"
            )
        paths = [given_path(path, "-f") for path in value_files]
        settings = find_config(".", config and given_path(config, "--config"))
        checked = check_values_files(paths, catalog_option(catalog), settings)
    elif repo is None:
        raise UsageError("give --repo DIR (a fleet repository) or -f VALUES.yaml (chart mode)")
    else:
        if catalog:
            raise UsageError(
                "--catalog is for -f (chart mode); a repository's releases name theirs"
            )
        args = FleetArgs(
            repo,
            hub=hub,
            cluster_files=cluster_files,
            values=group_files(values),
            hierarchy=hierarchy,
            versions=versions,
        )
        request = args.lint_request()
        settings = find_config(repo, config and given_path(config, "--config", repo))
        checked = check_repository(request, settings)
    sys.stdout.write(render(checked.findings, output))
    sys.stdout.flush()
    sys.stderr.write(f"argocd-fleet validate: {summary(checked.findings, checked.skipped)}\n")
    errors, _ = counts(checked.findings)
    return 1 if errors else 0
