"""The Secrets Manager client, and every AWS failure turned into one clear line.

The client uses botocore's standard retry mode (throttling and transient errors retried with
backoff, `AWS_MAX_ATTEMPTS` honoured) and short connection timeouts, so an unreachable
endpoint fails in seconds rather than minutes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import FleetError

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 20

# Error codes that concern one secret (reported per member by `aws check`).
SECRET_CODES = {
    "ResourceNotFoundException": "secret not found",
    "AccessDeniedException": "access denied",
    "AccessDenied": "access denied",
    "DecryptionFailure": "cannot decrypt the secret (KMS key access)",
    "InvalidRequestException": "invalid request",
    "InvalidParameterException": "invalid parameter",
}
THROTTLING_CODES = {
    "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
    "LimitExceededException", "SlowDown",
}  # fmt: skip
CREDENTIAL_CODES = {
    "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException",
    "SignatureDoesNotMatch", "ExpiredTokenException", "ExpiredToken", "IncompleteSignature",
}  # fmt: skip


class SecretProblem(FleetError):
    """A failure that concerns one secret only (not found, access denied…)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


INSTALL_HINT = "pip install 'argocd-fleet[aws]'"


def require_boto3() -> None:
    """Refuse, in one line that says what to install, when boto3 is missing.

    boto3 is an optional dependency (the `aws` extra): its absence is the user's setup, not
    a bug, so it is a bad-input error and not an internal one.
    """
    try:
        import boto3  # noqa: F401
        import botocore  # noqa: F401
    except ImportError as err:
        missing = err.name or "boto3"
        raise FleetError(
            f"the aws commands need boto3, and {missing} is not installed: {INSTALL_HINT}"
        ) from None


def secrets_client(region: str | None, endpoint_url: str | None) -> Any:
    require_boto3()
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"mode": "standard"},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
    )
    # AWS_REGION is what the SDKs of other languages read; botocore reads AWS_DEFAULT_REGION.
    region = region or os.environ.get("AWS_REGION") or None
    with aws_errors():
        session = boto3.session.Session()
        return session.client(
            "secretsmanager", region_name=region, endpoint_url=endpoint_url, config=config
        )


@contextmanager
def aws_errors(secret: str | None = None) -> Iterator[None]:
    """Turn botocore's exceptions into FleetError (or SecretProblem) with one clear line."""
    from botocore import exceptions as bc

    about = f"secret {secret!r}: " if secret else ""
    try:
        yield
    except bc.NoCredentialsError:
        raise FleetError(
            "no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, or run with an IAM role)"
        ) from None
    except bc.PartialCredentialsError as err:
        raise FleetError(f"incomplete AWS credentials: {err}") from None
    except bc.ProfileNotFound as err:
        raise FleetError(f"AWS profile not found: {err}") from None
    except bc.NoRegionError:
        raise FleetError("no AWS region: pass --region or set AWS_REGION") from None
    except (bc.EndpointConnectionError, bc.ConnectTimeoutError, bc.ConnectionClosedError) as err:
        url = getattr(err, "kwargs", {}).get("endpoint_url", "")
        raise FleetError(
            f"cannot reach the AWS Secrets Manager endpoint {url}".rstrip()
            + " (network, --endpoint-url or --region?)"
        ) from None
    except bc.ReadTimeoutError:
        raise FleetError("AWS Secrets Manager did not answer in time (read timeout)") from None
    except bc.ClientError as err:
        raise client_error(err, about) from None
    except bc.BotoCoreError as err:
        raise FleetError(f"AWS error: {err}") from None


def client_error(err: Any, about: str = "") -> FleetError:
    error = err.response.get("Error", {})
    code = str(error.get("Code", "Unknown"))
    message = str(error.get("Message", "")).strip()
    attempts = err.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
    if code in SECRET_CODES:
        detail = f"{SECRET_CODES[code]} ({code}{': ' + message if message else ''})"
        return SecretProblem(about + detail, code)
    if code in THROTTLING_CODES:
        return FleetError(
            f"{about}throttled by AWS ({code}) after {attempts + 1} attempts; "
            "retry later or raise AWS_MAX_ATTEMPTS"
        )
    if code in CREDENTIAL_CODES:
        return FleetError(
            f"AWS rejected the credentials ({code}{': ' + message if message else ''})"
        )
    return FleetError(f"{about}AWS error {code}{': ' + message if message else ''}")
