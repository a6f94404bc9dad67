"""`aws check`: each member's secret exists and holds what its ExternalSecret reads.

The cluster-secret ExternalSecret extracts the secret's JSON (`dataFrom.extract`) and reads,
through its templates: `config` (Argo CD's cluster config, a JSON object), `metadata` and
`addons` (maps of annotations and labels, as JSON objects or YAML text) and, unless the chart
is told `server: self`, `server` (the API server URL). A missing key makes external-secrets
fail the whole secret, so each one is checked, and every problem of a member is reported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from ..errors import FleetError, type_name
from ..registration import Member
from .client import SecretProblem, aws_errors


@dataclass(frozen=True)
class CheckResult:
    member: str
    file: str
    secret: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def extracted_secret(member: Member) -> str:
    """The secret the member's ExternalSecret extracts (the chart's value, name or ARN)."""
    external = member.values.get("externalSecret")
    if isinstance(external, dict) and external.get("secretManagerSecretName"):
        return str(external["secretManagerSecretName"])
    return member.secret_name


def required_keys(member: Member) -> list[str]:
    external = member.values.get("externalSecret")
    server = external.get("server") if isinstance(external, dict) else None
    keys = ["config", "metadata", "addons"]
    if server != "self":
        keys.insert(1, "server")
    return keys


def document_problems(secret_string: str | None, keys: list[str]) -> list[str]:
    """What is wrong with a secret's value for the ExternalSecret; empty when all is well."""
    if secret_string is None:
        return ["the secret has no SecretString (a binary secret cannot be extracted as JSON)"]
    try:
        document = json.loads(secret_string)
    except ValueError as err:
        return [f"the secret is not valid JSON ({err})"]
    if not isinstance(document, dict):
        return [f"the secret must be a JSON object, not {type_name(document)}"]
    missing = [key for key in keys if key not in document]
    problems = [f"missing {', '.join(missing)}"] if missing else []
    if "config" in document and "config" in keys:
        problems.extend(_config_problems(document["config"]))
    if "server" in document and "server" in keys:
        server = document["server"]
        if not isinstance(server, str) or not server.startswith(("https://", "http://")):
            problems.append("server must be the API server's URL (https://…)")
    for key, what in (("metadata", "annotations"), ("addons", "labels")):
        if key in document and key in keys:
            problems.extend(_map_problems(document[key], key, what))
    return problems


def _config_problems(config: Any) -> list[str]:
    if isinstance(config, str):
        try:
            config = json.loads(config)
        except ValueError:
            return ["config must be a JSON object (Argo CD's cluster config), not text"]
    if not isinstance(config, dict):
        return [f"config must be a JSON object (Argo CD's cluster config), not {type_name(config)}"]
    return []


def _map_problems(value: Any, key: str, what: str) -> list[str]:
    if isinstance(value, str):
        try:
            value = yaml.safe_load(value) if value.strip() else {}
        except yaml.YAMLError:
            return [f"{key} must map {what} to strings; its text is not YAML"]
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return [f"{key} must map {what} to strings, not {type_name(value)}"]
    bad = [k for k, v in value.items() if not isinstance(v, str)]
    if bad:
        return [f"{key} must map {what} to strings: {', '.join(map(str, bad))} is not a string"]
    return []


def check_members(members: list[Member], client: Any) -> list[CheckResult]:
    results = []
    for member in members:
        secret = extracted_secret(member)
        try:
            with aws_errors(secret):
                answer = client.get_secret_value(SecretId=secret)
        except SecretProblem as problem:
            results.append(CheckResult(member.name, member.file, secret, (problem.message,)))
            continue
        problems = document_problems(answer.get("SecretString"), required_keys(member))
        results.append(
            CheckResult(
                member.name, member.file, secret, tuple(f"secret {secret!r}: {p}" for p in problems)
            )
        )
    return results


def results_table(results: list[CheckResult]) -> str:
    rows = [("MEMBER", "SECRET", "STATUS", "DETAIL")]
    for result in results:
        detail = "; ".join(
            p.split(": ", 1)[1] if p.startswith("secret ") else p for p in result.problems
        )
        rows.append((result.member, result.secret, "ok" if result.ok else "FAIL", detail or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def failure_lines(results: list[CheckResult]) -> list[str]:
    """One line per failing member: which member (file), which secret, what is wrong."""
    return [f"member {r.member} ({r.file}): " + "; ".join(r.problems) for r in results if not r.ok]


__all__ = [
    "CheckResult",
    "FleetError",
    "check_members",
    "document_problems",
    "failure_lines",
    "results_table",
]
