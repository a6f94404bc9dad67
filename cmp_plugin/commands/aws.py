"""`argocd-fleet aws check|put`: the spokes' secrets in AWS Secrets Manager (boto3)."""

from __future__ import annotations

import sys

import click

from ..errors import run
from .options import HUB_HELP, PATHS_HELP

CHECK_EPILOG = f"""\b
Examples:
  argocd-fleet aws check --repo .
  argocd-fleet aws check --repo . --hub fleet-hub --region eu-west-2
  argocd-fleet aws check --repo . --hub clusters/hub.yaml --endpoint-url http://127.0.0.1:5000

\b
Exit status 0 when every member's secret is usable, 1 when any is not (the table says
which member, which secret and what is missing) or when AWS cannot be used at all.
Credentials come from the usual places (AWS_PROFILE, AWS_ACCESS_KEY_ID…, an IAM role).
boto3 is needed: pip install 'argocd-fleet[aws]'.

{PATHS_HELP}
"""

PUT_EPILOG = """\b
Examples:
  argocd-fleet aws put --name spoke-dev-workload1 --server https://ABC.gr7.eu-west-2.eks.amazonaws.com \\
      --config spoke-config.json --tag team=platform --label tenant=tenant1
  argocd-fleet aws put --name spoke-dev-workload1 --secret-name hub-cluster/spoke-dev-workload1 \\
      --server https://ABC.eks.amazonaws.com --config config.yaml --region eu-west-2

\b
The config file is Argo CD's cluster config, e.g.
  {"tlsClientConfig": {"caData": "…"}, "awsAuthConfig": {"clusterName": "…", "roleARN": "…"}}
Running the same command twice changes nothing ("unchanged"). --config is relative to the
working directory. boto3 is needed: pip install 'argocd-fleet[aws]'.
"""

_region = click.option(
    "--region", metavar="REGION", help="AWS region (else AWS_REGION). Example: --region eu-west-2"
)
_endpoint = click.option(
    "--endpoint-url",
    metavar="URL",
    help="Secrets Manager endpoint (a VPC endpoint, or a test server). "
    "Example: --endpoint-url http://127.0.0.1:5000",
)


@click.group()
def aws() -> None:
    """Check and write the spokes' secrets in AWS Secrets Manager."""


@aws.command(epilog=CHECK_EPILOG)
@click.option("--repo", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="The fleet repository. Example: --repo .")  # fmt: skip
@click.option("--hub", metavar="FILE|NAME", help=HUB_HELP)
@_region
@_endpoint
def check(repo: str, hub: str | None, region: str | None, endpoint_url: str | None) -> int:
    """Check that each member's secretManagerSecretName exists and holds what its
    ExternalSecret reads (config, server, metadata, addons)."""
    return run(lambda: _check(repo, hub, region, endpoint_url))


def _check(repo: str, hub_option: str | None, region: str | None, endpoint_url: str | None) -> int:
    from ..aws.client import require_boto3, secrets_client

    require_boto3()  # before reading the repository: the first thing to fix
    from ..aws.check import check_members, failure_lines, results_table
    from ..errors import warn
    from ..registration import load_members
    from .inputs import named_hub

    members = load_members(repo, named_hub(hub_option, repo, warn), warn)
    client = secrets_client(region, endpoint_url)
    results = check_members(members, client)
    failures = failure_lines(results)
    for line in failures:
        sys.stderr.write(f"argocd-fleet: error: {line}\n")
    sys.stdout.write(results_table(results))
    sys.stdout.flush()
    return 1 if failures else 0


@aws.command(epilog=PUT_EPILOG)
@click.option("--name", required=True, metavar="CLUSTER",
              help="The spoke's cluster name. Example: --name spoke-dev-workload1")  # fmt: skip
@click.option("--server", required=True, metavar="URL",
              help="The spoke's API server URL. Example: --server https://ABC.eks.amazonaws.com")  # fmt: skip
@click.option("--config", "config_file", required=True, metavar="FILE",
              help="Argo CD cluster config, JSON or YAML ('-' reads stdin). Example: --config c.json")  # fmt: skip
@click.option("--secret-name", metavar="NAME",
              help="The secret's name (default: the cluster name). Example: --secret-name hub/spoke1")  # fmt: skip
@click.option("--tag", "tags", multiple=True, metavar="K=V",
              help="A tag on the secret (repeatable). Example: --tag team=platform")  # fmt: skip
@click.option("--label", "labels", multiple=True, metavar="K=V",
              help="A label of the cluster secret, stored in 'addons' (repeatable). "
              "Example: --label tenant=tenant1")  # fmt: skip
@click.option("--annotation", "annotations", multiple=True, metavar="K=V",
              help="An annotation of the cluster secret, stored in 'metadata' (repeatable). "
              "Example: --annotation aws_region=eu-west-2")  # fmt: skip
@click.option("--description", metavar="TEXT", help="The secret's description.")
@_region
@_endpoint
def put(**options: object) -> int:
    """Create or update a spoke's secret (idempotent)."""
    return run(lambda: _put(**options))  # type: ignore[arg-type]


def _put(
    name: str,
    server: str,
    config_file: str,
    secret_name: str | None,
    tags: tuple[str, ...],
    labels: tuple[str, ...],
    annotations: tuple[str, ...],
    description: str | None,
    region: str | None,
    endpoint_url: str | None,
) -> int:
    from ..aws.client import require_boto3, secrets_client

    require_boto3()
    from ..aws.put import put_secret
    from ..errors import UsageError
    from ..sources import ValueSource

    if not server.startswith(("https://", "http://")):
        raise UsageError(f"--server {server!r} must be the API server's URL (https://…)")
    config = ValueSource.from_file(config_file).data
    if not config:
        raise UsageError(f"--config {config_file}: the cluster config is empty")
    secret = secret_name or name
    client = secrets_client(region, endpoint_url)
    outcome, arn = put_secret(
        client,
        secret,
        server,
        config,
        _pairs(labels, "--label"),
        _pairs(annotations, "--annotation"),
        _pairs(tags, "--tag"),
        description,
    )
    sys.stdout.write(f"{outcome} secret {secret} for cluster {name} ({arn})\n")
    sys.stdout.flush()
    return 0


def _pairs(items: tuple[str, ...], option: str) -> dict[str, str]:
    from ..errors import UsageError

    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} {item!r} must be KEY=VALUE")
        pairs[key] = value
    return pairs
