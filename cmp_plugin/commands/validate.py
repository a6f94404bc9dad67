"""`argocd-fleet validate`: the values against the schema, and the repository lint (wiring only)."""

from __future__ import annotations

import sys

import click

from ..errors import run
from .options import fleet_options, group_files

EPILOG = """\b
Examples:
  argocd-fleet validate --repo .
  argocd-fleet validate --repo . -o github        # annotations in a GitHub Actions run
  argocd-fleet validate --repo . --hub hub.yaml --clusters secrets.yaml -o json

\b
Each finding is one line, 'file:line: error|warning: message [rule]', sorted by file and
line; the summary ('2 errors, 1 warning') goes to stderr. Exit status: 1 when any finding
is an error (or the repository cannot be read at all), 0 otherwise, 2 for usage errors.
Rules and examples: docs/validate.md.
"""


@click.command(epilog=EPILOG)
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    metavar="DIR",
    required=True,
    help="The fleet repository. Example: --repo .",
)
@fleet_options()
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Output format: one line per finding, a JSON list, or GitHub Actions annotations.",
)
def validate(**options: object) -> None:
    """Check the fleet repository: values against the schema, and lint rules.

    \b
    Rules: invalid-file, duplicate-key, schema, unknown-key, undefined-release,
    unused-release-label, unreached-cluster, unread-value-file, unselected-component, render.
    The clusters are the hub, its fleet members (with the labels registration gives them)
    and the clusters of --clusters; the bootstrap values are found as 'preview' finds them.
    """
    run(lambda: _validate(**options))  # type: ignore[arg-type]


def _validate(
    repo: str,
    hub: str | None,
    cluster_files: tuple[str, ...],
    values: tuple[str, ...],
    hierarchy: str | None,
    versions: str | None,
    output: str,
) -> int:
    from ..lint.context import Context, LintRequest
    from ..lint.core import counts, lint
    from ..lint.report import render, summary

    request = LintRequest(
        repo=repo,
        hub=hub,
        cluster_files=cluster_files,
        values=group_files(values),
        hierarchy=hierarchy,
        versions=versions,
    )
    findings = lint(Context.build(request))
    sys.stdout.write(render(findings, output))
    sys.stdout.flush()
    sys.stderr.write(f"argocd-fleet validate: {summary(findings)}\n")
    errors, _ = counts(findings)
    return 1 if errors else 0
