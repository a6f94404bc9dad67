"""The human command line: `main(argv) -> int`, and a click group whose commands are
imported only when run.

Each command lives in `cmp_plugin/commands/<name>.py` and only wires options to the engine.
Loading them lazily keeps `argocd-fleet generate` from paying for boto3, jinja2 or jsonschema.
`main` returns the exit status instead of exiting (as pre-commit's does), so that tests and
other programs can run a command in-process: usage errors are 2, bad input 1 with one line on
stderr (`errors.run` maps the project's errors), never a traceback.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from collections.abc import Mapping, Sequence

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, FleetError, report, silence_stdout

COMMANDS: dict[str, tuple[str, str]] = {
    "generate": ("cmp_plugin.commands.generate", "generate"),
    "preview": ("cmp_plugin.commands.preview", "preview"),
    "explain": ("cmp_plugin.commands.explain", "explain"),
    "validate": ("cmp_plugin.commands.validate", "validate"),
    "diff": ("cmp_plugin.commands.diff", "diff"),
    "schema": ("cmp_plugin.commands.schema", "schema"),
    "register": ("cmp_plugin.commands.register", "register"),
    "aws": ("cmp_plugin.commands.aws", "aws"),
}

HELP = """Render Argo CD ApplicationSets for a fleet of clusters.

argocd-fleet replaces the application-sets Helm chart (0.3.3) of the GitOps fleet-management
pattern. It runs as an Argo CD config-management plugin (a repo-server sidecar) and as this
command line for dry runs, previews and checks.

\b
Chart mode:  argocd-fleet generate -f values.yaml
Fleet mode:  argocd-fleet generate --repo . --group addons --cluster hub.yaml
Preview:     argocd-fleet preview --repo .
Explain:     argocd-fleet explain --repo . --group addons external-dns.enabled
Check:       argocd-fleet validate --repo .
Diff:        argocd-fleet diff --repo . --from origin/main --to HEAD
"""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[name]
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="argocd-fleet")
def cli() -> None:
    pass


def run_by_argocd(environ: Mapping[str, str]) -> bool:
    """Whether Argo CD started this process as a plugin: argocd-cmp-server always sets the
    Application's `ARGOCD_APP_*` variables, and a plugin's env arrives as `ARGOCD_ENV_*`."""
    return any(name.startswith(("ARGOCD_APP_", "ARGOCD_ENV_")) for name in environ)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `argocd-fleet ARGV` (default: the process's arguments); the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["generate"] and run_by_argocd(os.environ):
        # `argocd-fleet generate` with no flags, run by Argo CD, is the plugin: same inputs,
        # same output. Typed by a person, it is the CLI, which says which flags to give.
        from .cmp import main as plugin_main

        return plugin_main()
    try:
        status = cli.main(args, prog_name="argocd-fleet", standalone_mode=False)
    except click.ClickException as err:  # usage errors (2), and click's own (1)
        err.show()
        return err.exit_code
    except click.Abort:  # ^C while click reads the command line
        click.echo("Aborted!", err=True)
        return EXIT_BAD_INPUT
    except FleetError as err:
        return report(err)
    except OSError as err:  # the reader of --help went away (`| head`), as click says nothing
        if err.errno != errno.EPIPE:
            raise
        silence_stdout()
        return EXIT_BAD_INPUT
    return status if isinstance(status, int) else 0
