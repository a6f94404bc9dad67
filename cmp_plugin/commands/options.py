"""The options every command that reads a whole fleet repository shares, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

# Said at the end of every command's --help that takes paths (README, "Paths on the command
# line"; commands/inputs.py applies it).
PATHS_HELP = """\b
Paths: a file or folder given on the command line (--repo, --hub, --cluster, --values, -f,
--clusters, --catalog, --config, --from-dir, --to-dir) is relative to the working
directory; --versions and a --hierarchy file are relative to the repository root, as the
plugin reads them. --hub and --cluster take a file or the name of a cluster the repository
knows (its clusters/hub.yaml, the hub's fleet members, the clusters of --clusters)."""

HUB_HELP = (
    "The hub: a {name, labels, annotations} file, or the name of a cluster of the repository "
    "(default: the repository's clusters/hub.yaml). Example: --hub fleet-hub"
)
CLUSTER_HELP = (
    "Fleet mode: the cluster, as a {name, labels, annotations} file (YAML or JSON) or the "
    "name of a cluster of the repository. Example: --cluster spoke-dev-1"
)
VERSIONS_HELP = (
    "The versions file, relative to the repository root "
    "(default: fleet/bootstrap/versions/applicationSets.yaml). "
    "Example: --versions fleet/bootstrap/versions/applicationSets.yaml"
)
HIERARCHY_HELP = (
    "'eks-fleet' (default), 'five-level', or a file of path patterns relative to the "
    "repository root (or absolute). Example: --hierarchy five-level"
)


def fleet_options(groups_help: str | None = None) -> Callable[[F], F]:
    """--hub, --clusters, [--group], --values, --hierarchy and --versions.

    `groups_help` adds `--group` (repeatable) with that help; commands that always look at
    every group leave it out.
    """
    options = [
        click.option("--hub", metavar="FILE|NAME", help=HUB_HELP),
        click.option(
            "--clusters",
            "cluster_files",
            multiple=True,
            metavar="FILE",
            help="Cluster secrets as 'kubectl get secret -o yaml' prints them ('-' reads stdin; "
            "repeatable). Example: --clusters secrets.yaml",
        ),
    ]
    if groups_help:
        options.append(
            click.option("--group", "groups", multiple=True, metavar="GROUP", help=groups_help)
        )
    options += [
        click.option(
            "--values",
            "values",
            multiple=True,
            metavar="GROUP=FILE",
            help="Bootstrap values of a group (repeatable). Example: --values addons=addons.yaml",
        ),
        click.option("--hierarchy", metavar="PRESET|FILE", help=HIERARCHY_HELP),
        click.option("--versions", metavar="PATH", help=VERSIONS_HELP),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def given_options(options: dict[str, Any]) -> list[str]:
    """Of {option: value}, the options given (a flag set, a value, a repeated option): for
    the messages that say which options a mode does not take."""
    return [name for name, value in options.items() if value]
