"""`argocd-fleet validate`: the values against the schema, and the repository lint (wiring only)."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import UsageError, run
from .options import PATHS_HELP, fleet_options, group_files

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
invalid-file, duplicate-key, schema, unknown-key). Rules and examples: docs/validate.md.

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


def _validate(
    repo: str | None,
    hub: str | None,
    cluster_files: tuple[str, ...],
    values: tuple[str, ...],
    hierarchy: str | None,
    versions: str | None,
    value_files: tuple[str, ...],
    catalog: str | None,
    output: str,
) -> int:
    from ..lint.core import VALUE_FILE_RULES, counts, lint, rule_modules
    from ..lint.report import render, summary

    if value_files:
        fleet_only = {"--repo": repo, "--hub": hub, "--values": values, "--clusters": cluster_files,
                      "--hierarchy": hierarchy, "--versions": versions}  # fmt: skip
        given = [name for name, value in fleet_only.items() if value]
        if given:
            raise UsageError(
                f"-f checks chart-mode values files; {', '.join(given)} are for --repo"
            )
        findings = lint(_chart_context(value_files, catalog), rule_modules(VALUE_FILE_RULES))
        skipped = ""
    elif repo is None:
        raise UsageError("give --repo DIR (a fleet repository) or -f VALUES.yaml (chart mode)")
    else:
        if catalog:
            raise UsageError(
                "--catalog is for -f (chart mode); a repository's releases name theirs"
            )
        findings, skipped = _lint_repository(repo, hub, cluster_files, values, hierarchy, versions)
    sys.stdout.write(render(findings, output))
    sys.stdout.flush()
    sys.stderr.write(f"argocd-fleet validate: {summary(findings)}{skipped}\n")
    errors, _ = counts(findings)
    return 1 if errors else 0


def _chart_context(value_files: tuple[str, ...], catalog: str | None) -> Any:
    from ..chart.catalog import Catalog
    from ..lint.valuefiles import chart_context
    from .inputs import given_path

    paths = [given_path(path, "-f") for path in value_files]
    chosen = (
        Catalog.from_directory(given_path(catalog, "--catalog", folder="catalog directory"))
        if catalog
        else None
    )
    return chart_context(paths, chosen)


def _lint_repository(
    repo: str,
    hub: str | None,
    cluster_files: tuple[str, ...],
    values: tuple[str, ...],
    hierarchy: str | None,
    versions: str | None,
) -> tuple[list[Any], str]:
    """The findings, and what the summary adds about the rules skipped for want of a hub."""
    from ..errors import warn
    from ..lint.context import Context, LintRequest
    from ..lint.core import NEEDS_CLUSTERS, RULES, lint, rule_modules
    from ..preview.clusters import DEFAULT_HUB
    from .inputs import FILE, HUB, check_fleet_paths, choose_cluster, cluster_secrets

    given = group_files(values)
    check_fleet_paths(repo, given, versions, hierarchy)
    request = LintRequest(repo=repo, cluster_files=cluster_files, values=given,
                          hierarchy=hierarchy, versions=versions)  # fmt: skip
    if hub:
        chosen = choose_cluster(hub, "--hub", repo, cluster_secrets(cluster_files, repo, warn))
        if chosen.origin == FILE:
            request.hub = chosen.file
        elif chosen.origin != HUB:  # the repository's own hub file is the default anyway
            request.hub_cluster = chosen.cluster
    context = Context.build(request)
    if context.hub is not None:
        return lint(context), ""
    names = [name for name in RULES if name not in NEEDS_CLUSTERS]
    skipped = ", ".join(name.replace("_", "-") for name in NEEDS_CLUSTERS)
    note = (
        f"; no hub (no --hub, and no {DEFAULT_HUB} in the repository), so the rules that need "
        f"the clusters were skipped: {skipped}; give --hub FILE|NAME to run them"
    )
    return lint(context, rule_modules(names)), note
