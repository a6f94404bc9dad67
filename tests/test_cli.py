"""The command line: every registered command loads, and the group lists them all."""

from __future__ import annotations

import click
import pytest

from cmp_plugin.cli import COMMANDS, cli
from helpers import run_cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_loads_and_has_help(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert isinstance(command, click.Command)
    assert command.help and command.help.strip(), name
    run = run_cli(name, "--help")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Usage: argocd-fleet {name} ")


def test_the_group_lists_every_command() -> None:
    run = run_cli("--help")
    assert run.returncode == 0
    section = run.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in section if line.strip()] == sorted(COMMANDS)


def test_an_unknown_command_is_a_usage_error() -> None:
    run = run_cli("nope")
    assert run.returncode == 2
    assert run.stdout == ""
    assert "No such command 'nope'" in run.stderr
