"""`argocd-fleet diff`: what changes between two revisions of the fleet (wiring only)."""

from __future__ import annotations

import sys

import click

from ..batch import long_run
from ..diff import DEFAULT_MAX_BYTES, MIN_MAX_BYTES
from ..errors import UsageError, run, warn
from .options import PATHS_HELP, fleet_options

EPILOG = f"""\b
Examples:
  argocd-fleet diff --repo . --from origin/main --to HEAD --exit-code
  argocd-fleet diff --repo .                      # HEAD against the work tree
  argocd-fleet diff --repo . --from v1.2.0 --to main -o json
  argocd-fleet diff --from-dir before/ --to-dir after/ --group addons
  argocd-fleet diff --repo . --from origin/main --to HEAD -o markdown --max-removed 0 \\
      --protect environment=prod > comment.md

\b
Without --to the to side is the directory as it is on disk (like 'git diff REV'); without
--from it is HEAD. Files named by --hub or --values inside the compared tree, and a
--hierarchy file, are read from each side; --clusters files (live cluster secrets) are read
once, for both.
Exit status: 0 when the diff ran (with --exit-code: 0 equal, 1 different); 4 when a
--max-clusters, --max-removed or --protect limit is exceeded (the report still prints, and
says which); 1 bad input, 2 usage error, each with one line on stderr and nothing on stdout.

{PATHS_HELP}
"""


@click.command(epilog=EPILOG)
@click.option(
    "--repo",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="The fleet repository, a git work tree (or a folder of one). Example: --repo .",
)
@click.option("--from", "from_rev", metavar="REV", help="Revision of the from side (default HEAD).")
@click.option(
    "--to", "to_rev", metavar="REV", help="Revision of the to side (default: the work tree)."
)
@click.option("--from-dir", type=click.Path(file_okay=False), metavar="DIR", help="From side.")
@click.option("--to-dir", type=click.Path(file_okay=False), metavar="DIR", help="To side.")
@fleet_options(
    groups_help="Compare this group only (repeatable; default: every group of each versions file)."
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Output format; markdown is a pull-request comment. Example: -o markdown",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything differs, 0 when equal.")
@click.option(
    "--max-clusters",
    type=click.IntRange(min=0),
    metavar="N",
    help="Exit 4 when the Applications of more than N clusters change. Example: --max-clusters 20",
)
@click.option(
    "--max-removed",
    type=click.IntRange(min=0),
    metavar="N",
    help="Exit 4 when more than N Applications are removed (not counting those a new version "
    "or release of the same component replaces). Example: --max-removed 0",
)
@click.option(
    "--protect",
    multiple=True,
    metavar="LABEL=VALUE",
    help="Exit 4 when an Application is removed on a cluster with this label (repeatable). "
    "Example: --protect environment=prod",
)
@click.option(
    "--max-comment-bytes",
    type=click.IntRange(min=MIN_MAX_BYTES),
    metavar="N",
    help=f"-o markdown: cut the comment to N bytes (default {DEFAULT_MAX_BYTES}; GitHub takes "
    "65536 characters, GitLab 1000000). Example: --max-comment-bytes 1000000",
)
def diff(**options: object) -> int:
    """What changes between two revisions of the fleet, or two directories.

    \b
    Each side is previewed as 'argocd-fleet preview' does (the hub renders every group's
    ApplicationSets, each cluster is matched against them), then compared: ApplicationSets
    added, removed and changed field by field, and per cluster the Applications added,
    removed and changed. The repository itself is never modified (revisions are read with
    'git archive'). Warnings of either side go to stderr, named by the side.
    """
    return run(lambda: _diff(**options))  # type: ignore[arg-type]


@long_run()
def _diff(
    repo: str | None,
    from_rev: str | None,
    to_rev: str | None,
    from_dir: str | None,
    to_dir: str | None,
    hub: str | None,
    cluster_files: tuple[str, ...],
    groups: tuple[str, ...],
    values: tuple[str, ...],
    hierarchy: str | None,
    versions: str | None,
    output: str,
    exit_code: bool,
    max_clusters: int | None,
    max_removed: int | None,
    protect: tuple[str, ...],
    max_comment_bytes: int | None,
) -> int:
    from ..diff import guard
    from ..diff.report import write
    from ..diff.run import diff_fleet
    from .fleetargs import FleetArgs, group_files

    _check_modes(repo, from_rev, to_rev, from_dir, to_dir)
    limits = guard.Limits.parse(max_clusters, max_removed, protect)
    if max_comment_bytes is not None and output != "markdown":
        raise UsageError("--max-comment-bytes is for -o markdown")
    tree = repo or to_dir or "."  # where the paths the options name are checked
    args = FleetArgs(
        tree,
        hub=hub,
        cluster_files=cluster_files,
        groups=groups,
        values=group_files(values),
        hierarchy=hierarchy,
        versions=versions,
    )
    outcome = diff_fleet(repo, from_rev, to_rev, from_dir, to_dir, args.side_options())
    for message in outcome.warnings:
        warn(message)
    verdict = guard.check(outcome.result, limits)
    report = write(
        outcome.result, output, outcome.labels, outcome.warnings, verdict, max_comment_bytes
    )
    sys.stdout.write(report)
    sys.stdout.flush()
    for tripped in verdict.tripped if output != "text" else ():  # text says it on stdout
        sys.stderr.write(f"argocd-fleet: limit exceeded: {tripped.describe()}\n")
    return guard.exit_status(verdict, exit_code, outcome.result.equal)


def _check_modes(
    repo: str | None,
    from_rev: str | None,
    to_rev: str | None,
    from_dir: str | None,
    to_dir: str | None,
) -> None:
    if from_rev is not None and from_dir is not None:
        raise UsageError("--from and --from-dir exclude each other")
    if to_rev is not None and to_dir is not None:
        raise UsageError("--to and --to-dir exclude each other")
    if repo is not None and (from_dir is not None or to_dir is not None):
        raise UsageError("--repo compares revisions, --from-dir/--to-dir directories: not both")
    if repo is None and (from_rev is not None or to_rev is not None):
        raise UsageError("--from/--to are revisions of --repo DIR: give --repo")
    if repo is None and (from_dir is None or to_dir is None):
        raise UsageError("give --repo DIR [--from REV] [--to REV], or --from-dir A --to-dir B")
