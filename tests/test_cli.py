"""The command line: `main(argv) -> int`, every registered command, and the real console script.

Most tests of the commands call `main(argv)` in-process (`helpers.run_cli`); the few here that
start `argocd-fleet` as a process check what only a process shows: the exit status the
console script ends with, and that no traceback reaches stderr.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from bench.cmp_server import find_program
from cmp_plugin import __version__
from cmp_plugin.cli import COMMANDS, cli, main
from helpers import GOLDEN, run_cli

VALUES = GOLDEN / "chart" / "18-all-catalogs" / "values.yaml"


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


def test_main_returns_the_status_and_never_exits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"argocd-fleet, version {__version__}\n"
    assert main(["generate", "--output", "xml", "-f", str(VALUES)]) == 2  # click's usage error
    out, err = capsys.readouterr()
    assert out == "" and "Error: Invalid value for '-o' / '--output': 'xml'" in err
    assert main(["generate"]) == 2  # the project's usage error: one line
    assert capsys.readouterr().err.startswith("argocd-fleet: error: nothing to render:")
    assert main(["generate", "-f", "no-such.yaml"]) == 1  # bad input: one line
    err = capsys.readouterr().err
    assert (
        err.startswith("argocd-fleet: error: no-such.yaml: no such file") and err.count("\n") == 1
    )
    assert main(["generate", "-f", str(VALUES)]) == 0
    assert capsys.readouterr().out.startswith("---\napiVersion: argoproj.io/v1alpha1\n")


def test_main_reads_the_process_arguments_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["argocd-fleet", "schema"])
    assert main() == 0
    assert '"$schema"' in capsys.readouterr().out


def _script() -> str:
    program = find_program("argocd-fleet")
    assert program, "the argocd-fleet console script is not installed (pip install -e .)"
    return program


@pytest.mark.parametrize(
    ("args", "status", "stderr"),
    [
        (["--version"], 0, ""),
        (["generate", "-f", str(VALUES), "-o", "json"], 0, ""),
        (["generate", "--no-such-flag"], 2, "Error: No such option '--no-such-flag'."),
        (["generate"], 2, "argocd-fleet: error: nothing to render"),
        (["generate", "-f", "no-such.yaml"], 1, "argocd-fleet: error: no-such.yaml: no such file"),
        (["validate", "--repo", "no-such-dir"], 1, "argocd-fleet: error: no-such-dir:"),
    ],
)
def test_the_console_script_exits_with_the_status(
    args: list[str], status: int, stderr: str, tmp_path: Path
) -> None:
    run = subprocess.run([_script(), *args], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == status, run.stderr
    assert stderr in run.stderr
    assert "Traceback" not in run.stderr
    if status:
        assert run.stdout == ""


def test_the_console_script_says_an_internal_error_in_one_line(tmp_path: Path) -> None:
    # A bug (here: a values file the loader is made to fail on) ends as one line and status 3;
    # ARGOCD_FLEET_DEBUG=1 shows the traceback instead.
    program = (
        "import sys; import cmp_plugin.sources as s\n"
        "def broken(*a, **k): raise ZeroDivisionError('boom')\n"
        "s.ValueSource.from_file = broken\n"
        "from cmp_plugin.cli import main; sys.exit(main())\n"
    )
    command = [sys.executable, "-c", program, "generate", "-f", str(VALUES)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 3 and run.stdout == ""
    assert run.stderr == (
        "argocd-fleet: internal error: ZeroDivisionError: boom (set ARGOCD_FLEET_DEBUG=1 for a "
        "traceback, and please report it)\n"
    )
    debug = subprocess.run(
        command, capture_output=True, text=True, cwd=tmp_path, env={"ARGOCD_FLEET_DEBUG": "1"}
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr
