"""The options every command that reads a whole fleet repository shares, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])


def fleet_options(groups_help: str | None = None) -> Callable[[F], F]:
    """--hub, --clusters, [--group], --values, --hierarchy and --versions.

    `groups_help` adds `--group` (repeatable) with that help; commands that always look at
    every group leave it out.
    """
    options = [
        click.option(
            "--hub",
            metavar="FILE",
            help="The hub's {name, labels, annotations} "
            "(default: clusters/hub.yaml of the repository).",
        ),
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
        click.option(
            "--hierarchy",
            metavar="PRESET|FILE",
            help="'eks-fleet' (default), 'five-level', or a file of path patterns.",
        ),
        click.option(
            "--versions",
            metavar="PATH",
            help="Versions file, relative to the repository "
            "(default: fleet/bootstrap/versions/applicationSets.yaml).",
        ),
    ]

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def group_files(values: tuple[str, ...]) -> dict[str, str]:
    """`--values GROUP=FILE` entries as {group: file}."""
    given: dict[str, str] = {}
    for entry in values:
        group, equals, path = entry.partition("=")
        if not equals or not group or not path:
            raise UsageError(f"--values {entry!r}: expected GROUP=FILE")
        if group in given:
            raise UsageError(f"--values given twice for group {group!r}")
        given[group] = path
    return given
