"""`argocd-fleet register`: the fleet-secret objects of every member of a hub, or their labels."""

from __future__ import annotations

import sys

import click

from ..errors import run, warn
from .options import HUB_HELP, PATHS_HELP

EPILOG = f"""\b
Examples:
  argocd-fleet register --repo .
  argocd-fleet register --repo . --hub clusters/hub.yaml -o json
  argocd-fleet register --repo . --hub fleet-hub --labels
  argocd-fleet register --repo . --labels -o yaml

\b
The hub is its cluster-secret metadata, {{name, labels, annotations}} (or the secret's
shape {{name, metadata: {{labels, annotations}}}}); its name picks the folder
fleet/fleet-bootstrap/fleet-members/<name>/ and its annotations give the repo URLs,
paths, revisions and basepaths that members do not set themselves.

{PATHS_HELP}
"""


@click.command(epilog=EPILOG)
@click.option(
    "--repo",
    required=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="The fleet repository. Example: --repo .",
)
@click.option("--hub", metavar="FILE|NAME", help=f"{HUB_HELP} ('-' reads stdin).")
@click.option(
    "--labels",
    "labels",
    is_flag=True,
    help="Print, per member, the labels and annotations its cluster secret will carry and "
    "its deployment model, instead of the objects.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 when no object is rendered (a hub without members). Without it an empty "
    "output is an error naming the likely cause, as in the plugin's register mode.",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["yaml", "json", "text"]),
    default=None,
    help="Output format: yaml (default for objects), json, or text (default for --labels).",
)
def register(
    repo: str, hub: str | None, labels: bool, allow_empty: bool, output: str | None
) -> int:
    """Render what the fleet-secret chart renders for each fleet member of a hub.

    \b
    For every fleet/fleet-bootstrap/fleet-members/<hub>/*.yaml: the ExternalSecret that
    builds the spoke's Argo CD cluster secret (and the git-credential ExternalSecrets,
    SecretStore and ECR token objects when the values enable them), with the member's labels
    and annotations merged over the fleet-secret values of the addons and resources
    basepaths. Objects are sorted by kind and name.
    """
    return run(lambda: _register(repo, hub, labels, output, allow_empty))


def _register(
    repo: str, hub_option: str | None, labels: bool, output: str | None, allow_empty: bool = False
) -> int:
    from ..errors import UsageError
    from ..limits import OutputBudget
    from ..registration import label_report, load_members, register_objects
    from ..registration.report import labels_text
    from ..stream import write_stream
    from .inputs import named_hub

    hub = named_hub(hub_option, repo, warn)
    if labels:
        reports = [label_report(member) for member in load_members(repo, hub, warn)]
        fmt = output or "text"
        text = labels_text(reports) if fmt == "text" else write_stream(reports, fmt)
    else:
        if output == "text":
            raise UsageError("-o text is for --labels; the objects are yaml or json")
        objects = register_objects(repo, hub, warn, OutputBudget())
        if not objects:
            from ..empty import CLI_HINT, refusal, register_cause

            if not allow_empty:
                raise refusal(register_cause(repo, hub), CLI_HINT)
            warn(f"nothing to render, which --allow-empty permits: {register_cause(repo, hub)}")
        text = write_stream(objects, output or "yaml")
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
