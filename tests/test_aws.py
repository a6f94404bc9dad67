"""`argocd-fleet aws check|put` against a real moto server on 127.0.0.1 (through HTTP), and
AWS failures (access denied, throttling, no credentials, endpoint down) as one line each."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from moto.server import ThreadedMotoServer

from cmp_plugin.aws.check import document_problems
from helpers import CLI, GOLDEN, REFERENCE_FLEET, run_cli

SECRET = "<secret-arn>"  # what the reference member names
HUB = yaml.safe_load((GOLDEN / "registration" / "reg-hub-np" / "case.yaml").read_text())["hub"]
CONFIG = {
    "tlsClientConfig": {"caData": "Zm9v"},
    "awsAuthConfig": {"clusterName": "spoke-dev-workload1", "roleARN": "arn:aws:iam::1:role/x"},
}
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "eu-west-2",
    "AWS_MAX_ATTEMPTS": "2",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def secrets(moto_url: str) -> Iterator[Any]:
    client = boto3.client(
        "secretsmanager",
        endpoint_url=moto_url,
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    yield client
    for page in client.get_paginator("list_secrets").paginate():
        for secret in page["SecretList"]:
            client.delete_secret(SecretId=secret["ARN"], ForceDeleteWithoutRecovery=True)


@pytest.fixture
def hub_file(tmp_path: Path) -> str:
    path = tmp_path / "hub.yaml"
    path.write_text(yaml.safe_dump(HUB))
    return str(path)


def _check(hub_file: str, url: str, env: dict[str, str] | None = None) -> Any:
    return run_cli(
        "aws", "check", "--repo", str(REFERENCE_FLEET), "--hub", hub_file, "--endpoint-url", url,
        env={**CREDENTIALS, **(env or {})},
    )  # fmt: skip


def _document(**changes: Any) -> str:
    document = {"server": "https://abc.eks.amazonaws.com", "config": CONFIG,
                "metadata": {"aws_region": "eu-west-2"}, "addons": {"fleet_member": "spoke"}}  # fmt: skip
    document.update(changes)
    return json.dumps({k: v for k, v in document.items() if v is not None})


# --------------------------------------------------------------------------------------------
# aws check


def test_check_happy_path(secrets: Any, moto_url: str, hub_file: str) -> None:
    secrets.create_secret(Name=SECRET, SecretString=_document())
    result = _check(hub_file, moto_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["MEMBER", "SECRET", "STATUS", "DETAIL"]
    assert lines[1].split() == ["spoke-dev-workload1", SECRET, "ok", "-"]


def test_check_missing_secret(secrets: Any, moto_url: str, hub_file: str) -> None:
    result = _check(hub_file, moto_url)
    assert result.returncode == 1
    assert "spoke-dev-workload1" in result.stdout and "FAIL" in result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert "member spoke-dev-workload1" in line
    assert f"secret {SECRET!r}" in line and "secret not found" in line


def test_check_malformed_json(secrets: Any, moto_url: str, hub_file: str) -> None:
    secrets.create_secret(Name=SECRET, SecretString="{not json")
    result = _check(hub_file, moto_url)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "spoke-dev-workload1" in line and "not valid JSON" in line
    assert "Traceback" not in result.stderr


def test_check_names_every_missing_key(secrets: Any, moto_url: str, hub_file: str) -> None:
    secrets.create_secret(Name=SECRET, SecretString=_document(config=None, addons=None))
    result = _check(hub_file, moto_url)
    assert result.returncode == 1
    assert "missing config, addons" in result.stderr
    assert "missing config, addons" in result.stdout


def test_check_endpoint_down(hub_file: str) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    result = _check(hub_file, url)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("argocd-fleet: error: cannot reach the AWS Secrets Manager endpoint")
    assert url in line


def test_check_without_credentials(tmp_path: Path, hub_file: str, moto_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        AWS_CONFIG_FILE=str(tmp_path / "none"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    result = subprocess.run(
        [sys.executable, "-c", CLI, "aws", "check",
         "--repo", str(REFERENCE_FLEET), "--hub", hub_file, "--endpoint-url", moto_url,
         "--region", "eu-west-2"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "argocd-fleet: error: no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID "
        "and AWS_SECRET_ACCESS_KEY, or run with an IAM role)"
    )


class _Refusing(BaseHTTPRequestHandler):
    """An AWS JSON endpoint that answers every call with one error."""

    code = "AccessDeniedException"
    calls = 0

    def do_POST(self) -> None:
        type(self).calls += 1
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"__type": self.code, "message": "not for you"}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def refusing() -> Iterator[tuple[str, type[_Refusing]]]:
    handler = type("Handler", (_Refusing,), {"calls": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_check_access_denied_is_reported_per_member(refusing: Any, hub_file: str) -> None:
    url, handler = refusing
    assert handler.code == "AccessDeniedException"
    result = _check(hub_file, url)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "spoke-dev-workload1" in line and "access denied (AccessDeniedException" in line


def test_check_throttling_is_retried_then_one_line(refusing: Any, hub_file: str) -> None:
    url, handler = refusing
    handler.code = "ThrottlingException"
    result = _check(hub_file, url)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "throttled by AWS (ThrottlingException) after 2 attempts" in line
    assert handler.calls == 2  # standard retry mode, AWS_MAX_ATTEMPTS=2


def test_check_rejected_credentials(refusing: Any, hub_file: str) -> None:
    url, handler = refusing
    handler.code = "UnrecognizedClientException"
    result = _check(hub_file, url)
    assert result.returncode == 1 and result.stdout == ""
    assert "AWS rejected the credentials (UnrecognizedClientException" in result.stderr


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ("[]", "must be a JSON object, not a list"),
        (_document(config="text"), "config must be a JSON object"),
        (_document(server="abc"), "server must be the API server's URL"),
        (_document(addons={"n": 1}), "addons must map labels to strings: n is not a string"),
        (_document(metadata="a: [x"), "metadata must map annotations to strings"),
    ],
)
def test_document_problems(document: str, problem: str) -> None:
    problems = document_problems(document, ["config", "server", "metadata", "addons"])
    assert any(problem in p for p in problems), problems


def test_yaml_text_metadata_and_json_string_config_are_accepted() -> None:
    document = _document(metadata="aws_region: eu-west-2\n", config=json.dumps(CONFIG))
    assert document_problems(document, ["config", "server", "metadata", "addons"]) == []


# --------------------------------------------------------------------------------------------
# aws put


def _put(moto_url: str, config: Path, *extra: str) -> Any:
    return run_cli(
        "aws", "put", "--name", "spoke-x", "--server", "https://x.eks.amazonaws.com",
        "--config", str(config), "--endpoint-url", moto_url, *extra,
        env=CREDENTIALS,
    )  # fmt: skip


def test_put_creates_then_is_idempotent_then_updates(
    secrets: Any, moto_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(CONFIG))
    first = _put(moto_url, config, "--tag", "team=platform", "--label", "tenant=tenant1")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("created secret spoke-x for cluster spoke-x (arn:aws:")
    stored = json.loads(secrets.get_secret_value(SecretId="spoke-x")["SecretString"])
    assert stored == {
        "server": "https://x.eks.amazonaws.com",
        "config": CONFIG,
        "addons": {"fleet_member": "spoke", "tenant": "tenant1"},
        "metadata": {},
    }
    tags = secrets.describe_secret(SecretId="spoke-x")["Tags"]
    assert tags == [{"Key": "team", "Value": "platform"}]
    versions = len(secrets.list_secret_version_ids(SecretId="spoke-x")["Versions"])

    again = _put(moto_url, config, "--label", "tenant=tenant1")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("unchanged secret spoke-x")
    assert len(secrets.list_secret_version_ids(SecretId="spoke-x")["Versions"]) == versions

    changed = _put(moto_url, config, "--annotation", "aws_region=eu-west-2")
    assert changed.stdout.startswith("updated secret spoke-x")
    stored = json.loads(secrets.get_secret_value(SecretId="spoke-x")["SecretString"])
    assert stored["metadata"] == {"aws_region": "eu-west-2"}
    assert stored["addons"]["tenant"] == "tenant1"  # kept from before


def test_put_then_check_passes(secrets: Any, moto_url: str, tmp_path: Path, hub_file: str) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    result = _put(moto_url, config, "--secret-name", SECRET)
    assert result.returncode == 0, result.stderr
    assert _check(hub_file, moto_url).returncode == 0


def test_put_refuses_to_overwrite_a_non_json_secret(
    secrets: Any, moto_url: str, tmp_path: Path
) -> None:
    secrets.create_secret(Name="spoke-x", SecretString="plain text")
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    result = _put(moto_url, config)
    assert result.returncode == 1 and result.stdout == ""
    assert "not JSON; refusing to overwrite it" in result.stderr
    assert secrets.get_secret_value(SecretId="spoke-x")["SecretString"] == "plain text"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--tag", "novalue"), "--tag 'novalue' must be KEY=VALUE"),
        (("--server", "abc.eks"), "must be the API server's URL"),
    ],
)
def test_put_usage_errors(
    moto_url: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    result = _put(moto_url, config, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr


def test_put_endpoint_down(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    result = _put(f"http://127.0.0.1:{_free_port()}", config)
    assert result.returncode == 1 and result.stdout == ""
    assert "cannot reach the AWS Secrets Manager endpoint" in result.stderr


def test_boto3_is_imported_only_by_the_aws_commands() -> None:
    probe = (
        "import sys, cmp_plugin.cli, cmp_plugin.commands.register, cmp_plugin.commands.aws, "
        "cmp_plugin.registration, cmp_plugin.aws.check, cmp_plugin.aws.put, cmp_plugin.aws.client; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# A Python without boto3: a finder placed first on sys.meta_path refuses boto3 and botocore,
# as an interpreter where `pip install argocd-fleet` (without the aws extra) put nothing.
WITHOUT_BOTO3 = """
import sys
class NoBoto3:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("boto3", "botocore"):
            raise ImportError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, NoBoto3())
sys.argv[0] = "argocd-fleet"
from cmp_plugin.cli import main
sys.exit(main())
"""


@pytest.mark.parametrize(
    "args",
    [
        ("aws", "check", "--repo", str(REFERENCE_FLEET), "--hub", "hub.yaml"),
        ("aws", "put", "--name", "spoke-x", "--server", "https://x", "--config", "c.json"),
    ],
    ids=["check", "put"],
)
def test_without_boto3_the_aws_commands_say_what_to_install(
    tmp_path: Path, hub_file: str, args: tuple[str, ...]
) -> None:
    (tmp_path / "c.json").write_text(json.dumps(CONFIG))
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_BOTO3, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, **CREDENTIALS},
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "argocd-fleet: error: the aws commands need boto3, and boto3 is not installed: "
        "pip install 'argocd-fleet[aws]'\n"
    )


def test_put_names_its_repeatable_options_alike() -> None:
    # --tag, --label and --annotation each add one K=V pair; none is plural.
    from cmp_plugin.commands.aws import put

    pairs = sorted(
        option.opts[0] for option in put.params if option.metavar == "K=V" and option.multiple
    )
    assert pairs == ["--annotation", "--label", "--tag"]
