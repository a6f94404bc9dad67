"""`argocd-fleet schema`: print the JSON Schema of the values (for editors and CI)."""

from __future__ import annotations

import sys

import click

from ..errors import run

EPILOG = """\b
Examples:
  argocd-fleet schema > values.schema.json
  # in a values file, for yaml-language-server (VS Code, Neovim, ...):
  # yaml-language-server: $schema=./values.schema.json"""


@click.command(epilog=EPILOG)
def schema() -> int:
    """Print the JSON Schema (draft 2020-12) of argocd-fleet's values files."""

    def body() -> int:
        from ..schema import dumps

        sys.stdout.write(dumps())
        return 0

    return run(body)
