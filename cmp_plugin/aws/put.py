"""`aws put`: create or update a spoke's secret, idempotently.

The secret is the JSON document the cluster-secret ExternalSecret extracts: `server`,
`config` (Argo CD's cluster config), `addons` (labels, `fleet_member: spoke` by default) and
`metadata` (annotations). Keys already in the secret that are not given are kept, so a secret
written by Terraform keeps its extra fields; labels and annotations given are merged over the
existing ones. Writing the same document twice changes nothing (no new secret version).
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import FleetError
from .client import SecretProblem, aws_errors

DEFAULT_LABELS = {"fleet_member": "spoke"}


def build_document(
    existing: dict[str, Any] | None,
    server: str,
    config: dict[str, Any],
    labels: dict[str, str],
    annotations: dict[str, str],
) -> dict[str, Any]:
    document = dict(existing or {})
    document["server"] = server
    document["config"] = config
    document["addons"] = {**DEFAULT_LABELS, **_as_map(document.get("addons")), **labels}
    document["metadata"] = {**_as_map(document.get("metadata")), **annotations}
    return document


def _as_map(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def encode(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False)


def put_secret(
    client: Any,
    name: str,
    server: str,
    config: dict[str, Any],
    labels: dict[str, str],
    annotations: dict[str, str],
    tags: dict[str, str],
    description: str | None = None,
) -> tuple[str, str]:
    """Write the secret; returns (what happened: created|updated|unchanged, the secret's ARN)."""
    existing: dict[str, Any] | None = None
    exists = True
    try:
        with aws_errors(name):
            current = client.get_secret_value(SecretId=name)
    except SecretProblem as problem:
        if problem.code != "ResourceNotFoundException":
            raise FleetError(problem.message) from None
        exists = False
        current = {}
    if exists:
        text = current.get("SecretString")
        if text is None:
            raise FleetError(f"secret {name!r}: holds binary data; refusing to overwrite it")
        try:
            parsed = json.loads(text)
        except ValueError:
            raise FleetError(
                f"secret {name!r}: its value is not JSON; refusing to overwrite it "
                "(delete it or fix it first)"
            ) from None
        if not isinstance(parsed, dict):
            raise FleetError(
                f"secret {name!r}: its value is not a JSON object; refusing to overwrite it"
            )
        existing = parsed
    document = build_document(existing, server, config, labels, annotations)
    tag_list = [{"Key": key, "Value": value} for key, value in sorted(tags.items())]
    if not exists:
        arguments: dict[str, Any] = {"Name": name, "SecretString": encode(document)}
        if tag_list:
            arguments["Tags"] = tag_list
        if description:
            arguments["Description"] = description
        try:
            with aws_errors(name):
                answer = client.create_secret(**arguments)
            return "created", answer.get("ARN", name)
        except FleetError as err:
            if "ResourceExistsException" not in err.message:
                raise
            # The secret exists without a current value: give it one.
    outcome = "unchanged" if existing == document else "updated"
    with aws_errors(name):
        if outcome == "updated" or existing is None:
            answer = client.put_secret_value(SecretId=name, SecretString=encode(document))
            outcome = "updated"
        else:
            answer = current
        if tag_list:
            client.tag_resource(SecretId=name, Tags=tag_list)
        if description:
            client.update_secret(SecretId=name, Description=description)
    return outcome, answer.get("ARN", name)
