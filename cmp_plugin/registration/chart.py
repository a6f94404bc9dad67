"""The fleet-secret chart (0.2.0) as objects: what its templates render for a set of values.

Four templates, each kept in its own function with the template's conditions:
`externalSecret.yaml` (the ExternalSecret that builds an Argo CD cluster secret),
`gitExternalSecret.yaml` (repository credentials), `secretstore.yaml` and `ecrToken.yaml`.
Values are the user's values already laid over `CHART_DEFAULTS` (Helm's coalescing).

Where the chart prints a value into YAML (`name: {{ .Values.x }}`), argocd-fleet writes the
value's Go text as a string: the CRDs want strings there, and a value such as `123` must not
turn into a number. The label and annotation literals are `toYaml` text, reproduced exactly
by `goyaml.to_yaml`.

Where the chart would print a value the API server then refuses (an empty or upper-case
name, a `creationPolicy` the ExternalSecret CRD does not list, a null that removed a
default), the value is an error naming it instead: `_name`, `_namespace` and `_choice`.
"""

from __future__ import annotations

from typing import Any

from ..errors import FleetError, type_name
from ..gotext import go_print, is_true, trim_suffix, trunc
from ..goyaml import to_yaml
from ..k8snames import (
    SECRET_TYPE_CLUSTER,
    SECRET_TYPE_LABEL,
    SECRET_TYPE_REPOSITORY,
    is_dns_label,
    is_subdomain,
)
from ..merge import deep_copy, is_empty, merge_overwrite
from ..yamlio import load_text

CHART_NAME = "fleet-secret"

# The chart's values.yaml.
CHART_DEFAULTS: dict[str, Any] = {
    "global": {
        "gitExternalSecrets": {
            "enabled": False,
            "useGitHubApp": True,
            "secretStoreRefName": "fleet-git-eks-secret-store",
            "secretStoreRefKind": "SecretStore",
            "externalSecrets": {},
        },
    },
    "secretStore": {
        "enabled": False,
        "kind": "SecretStore",
        "name": "aws-secrets-manager",
        "region": "",
        "role": "",
    },
    "externalSecret": {
        "enabled": False,
        "secretStoreRefName": "fleet-eks-secret-store",
        "secretStoreRefKind": "SecretStore",
        "server": "self",
        "secretManagerSecretName": "",
        "clusterName": "",
    },
    "tenantGitExternalSecrets": {"externalSecrets": {}},
    "ecrAuthenticationToken": {
        "enabled": False,
        "name": "ecr-token-secret",
        "namespace": "argocd",
        "region": "eu-west-2",
        "secretName": "argocd-ecr-credentials",
        "registry_endpoints": [
            "12345678910.dkr.ecr.eu-west-2.amazonaws.com",
            "10987654321.dkr.ecr.eu-west-2.amazonaws.com",
        ],
    },
}

ES_API = "external-secrets.io/v1"
GENERATOR_API = "generators.external-secrets.io/v1alpha1"
IN_CLUSTER = "https://kubernetes.default.svc"


def render(values: dict[str, Any], release_name: str, source: str) -> list[dict[str, Any]]:
    """Every object the chart renders for `values` (chart defaults included) and a release."""
    objects: list[dict[str, Any]] = []
    objects.extend(ecr_token(values, source))
    objects.extend(cluster_secret(values, release_name, source))
    objects.extend(git_secrets(values, source))
    objects.extend(secret_store(values, source))
    return objects


# --------------------------------------------------------------------------------------------
# small helpers with the template language's meaning


def _section(values: dict[str, Any], path: str, source: str) -> dict[str, Any]:
    """`.Values.a.b` that the templates read fields of: a mapping, or an empty one when unset."""
    node: Any = values
    for step in path.split("."):
        node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            return {}
    if not isinstance(node, dict):
        raise FleetError(f"chart value {path} must be a mapping, not {type_name(node)}", source)
    return node


def _text(value: Any, quoted: bool = False) -> str:
    """A value printed into the chart's YAML (`key: {{ value }}`, or inside double quotes):
    the string YAML reads back from the line, as the API server reads Helm's output (leading
    spaces dropped, a ` #` comment cut, quotes taken off). Text YAML reads as another type
    (a number, a boolean, null), a structure or nothing valid keeps its Go text: the CRDs
    want a string there."""
    text = go_print(value)
    if not text or "\n" in text:
        return text
    line = f'k: "{text}"' if quoted else f"k: {text}"
    try:
        read = load_text(line, "a printed value")
    except FleetError:
        return text
    found = read.get("k") if isinstance(read, dict) and len(read) == 1 else None
    return found if isinstance(found, str) else text


def _default(fallback: Any, value: Any) -> Any:
    """sprig `default`: the fallback when the value is empty."""
    return fallback if is_empty(value) else value


STORE_KINDS = ("SecretStore", "ClusterSecretStore")
CREATION_POLICIES = ("Owner", "Orphan", "Merge", "None", "CreateOrMerge")


def _name(value: Any, what: str, source: str) -> str:
    text = _text(value)
    if not is_subdomain(text):
        raise FleetError(
            f"{what} must be a Kubernetes name (lower-case letters, digits, '-' and '.'), "
            f"not {text!r}",
            source,
        )
    return text


def _namespace(value: Any, what: str, source: str) -> str:
    text = _text(value)
    if not is_dns_label(text):
        raise FleetError(
            f"{what} must be a namespace name (lower-case letters, digits and '-'), not {text!r}",
            source,
        )
    return text


def _store_ref(section: dict[str, Any], path: str, source: str) -> dict[str, str]:
    """The `secretStoreRef` a section's `secretStoreRefKind` and `secretStoreRefName` give."""
    return {
        "kind": _choice(
            section.get("secretStoreRefKind"),
            STORE_KINDS,
            f"chart value {path}.secretStoreRefKind",
            source,
        ),
        "name": _name(
            section.get("secretStoreRefName"), f"chart value {path}.secretStoreRefName", source
        ),
    }


def _choice(value: Any, allowed: tuple[str, ...], what: str, source: str) -> str:
    text = _text(value)
    if text not in allowed:
        raise FleetError(f"{what} must be one of {', '.join(allowed)}, not {text!r}", source)
    return text


def fullname(values: dict[str, Any], release_name: str) -> str:
    """The chart's `fleet-secret.fullname` helper."""
    override = values.get("fullnameOverride")
    if not is_empty(override):
        return trim_suffix(trunc(go_print(override), 63), "-")
    name = go_print(_default(CHART_NAME, values.get("nameOverride")))
    if name in release_name:
        return trim_suffix(trunc(release_name, 63), "-")
    return trim_suffix(trunc(f"{release_name}-{name}", 63), "-")


# --------------------------------------------------------------------------------------------
# templates/externalSecret.yaml


def cluster_secret(values: dict[str, Any], release_name: str, source: str) -> list[dict[str, Any]]:
    spec = _section(values, "externalSecret", source)
    if not is_true(spec.get("enabled")):
        return []
    full = fullname(values, release_name)
    name = _name(
        full,
        "the ExternalSecret's name (the member's name, nameOverride or fullnameOverride)",
        source,
    )
    template_from: list[dict[str, Any]] = [{"target": "Annotations", "literal": "{{ .metadata }}"}]
    if not is_empty(spec.get("annotations")):
        template_from.append({"target": "Annotations", "literal": _literal(spec["annotations"])})
    if not is_empty(spec.get("labels")):
        template_from.append({"target": "Labels", "literal": _literal(spec["labels"])})
    template_from.append({"target": "Labels", "literal": "{{ .addons }}"})
    template_from.append(
        {"target": "Labels", "literal": f"{SECRET_TYPE_LABEL}: {SECRET_TYPE_CLUSTER}"}
    )
    server = IN_CLUSTER if spec.get("server") == "self" else "{{ .server }}"
    return [
        {
            "apiVersion": ES_API,
            "kind": "ExternalSecret",
            "metadata": {"name": name},
            "spec": {
                "secretStoreRef": _store_ref(spec, "externalSecret", source),
                "refreshInterval": "1m",
                "target": {
                    "name": _name(
                        _default(full, spec.get("targetName")),
                        "chart value externalSecret.targetName",
                        source,
                    ),
                    "creationPolicy": _choice(
                        _default("Owner", spec.get("creationPolicy")),
                        CREATION_POLICIES,
                        "chart value externalSecret.creationPolicy",
                        source,
                    ),
                    "template": {
                        "engineVersion": "v2",
                        "templateFrom": template_from,
                        "data": {
                            "config": "{{ .config }}",
                            "name": _text(spec.get("clusterName")),
                            "server": server,
                        },
                    },
                },
                "dataFrom": [
                    {
                        "extract": {
                            "key": _text(spec.get("secretManagerSecretName")),
                            "conversionStrategy": "Default",
                            "decodingStrategy": "None",
                            "metadataPolicy": "None",
                        }
                    }
                ],
            },
        }
    ]


def _literal(value: Any) -> str:
    # `literal: |-` then `toYaml | nindent 10`: the block scalar gives back the toYaml text,
    # its final line breaks stripped by the `-` chomping.
    return to_yaml(value).rstrip("\n")


# --------------------------------------------------------------------------------------------
# templates/gitExternalSecret.yaml


def git_secrets(values: dict[str, Any], source: str) -> list[dict[str, Any]]:
    settings = _section(values, "global.gitExternalSecrets", source)
    if is_empty(settings.get("enabled")):
        return []
    shared = _default({}, settings.get("externalSecrets"))
    tenant = None
    if not is_empty(values.get("tenantGitExternalSecrets")):  # `and` stops at an empty one
        tenant = _section(values, "tenantGitExternalSecrets", source).get("externalSecrets")
    for what, mapping in (("global.gitExternalSecrets.externalSecrets", shared),
                          ("tenantGitExternalSecrets.externalSecrets", tenant)):  # fmt: skip
        if not is_empty(mapping) and not isinstance(mapping, dict):
            raise FleetError(
                f"chart value {what} must be a mapping, not {type_name(mapping)}", source
            )
    merged = merge_overwrite(deep_copy(shared), deep_copy(tenant) if not is_empty(tenant) else {})
    use_http = not is_empty(settings.get("useHttp"))
    use_app = not is_empty(settings.get("useGitHubApp"))
    use_key = not is_empty(settings.get("usePrivateKey"))
    objects = []
    for name in sorted(merged):
        secret = merged[name]
        if not isinstance(secret, dict):
            raise FleetError(
                f"git external secret {name!r} must be a mapping, not {type_name(secret)}", source
            )
        data: dict[str, str] = {"type": "git"}
        git_url = secret.get("gitUrl")
        data["url"] = _text(git_url) if not is_empty(git_url) else "{{ .url }}"
        if use_http:
            data["username"] = "{{ .username }}"
            data["password"] = "{{ .password }}"
        if use_key:
            data["insecureIgnoreHostKey"] = "true"
            data["sshPrivateKey"] = "{{ .private_key }}"
        if use_app:
            data["githubAppID"] = "{{ .github_app_id }}"
            data["githubAppInstallationID"] = "{{ .github_app_installation_id }}"
            data["githubAppPrivateKey"] = "{{ .github_private_key }}"
        literal = f"{SECRET_TYPE_LABEL}: {go_print(_default(SECRET_TYPE_REPOSITORY, secret.get('secretType')))}"
        what = f"git external secret {name!r}"
        name = _name(name, what, source)
        objects.append(
            {
                "apiVersion": ES_API,
                "kind": "ExternalSecret",
                "metadata": {"name": name},
                "spec": {
                    "secretStoreRef": _store_ref(settings, "global.gitExternalSecrets", source),
                    "refreshInterval": "1m",
                    "target": {
                        "name": _name(secret.get("secretName"), f"{what}: secretName", source),
                        "creationPolicy": "Owner",
                        "template": {
                            "engineVersion": "v2",
                            "templateFrom": [
                                {
                                    "target": "Labels",
                                    "literal": _text(literal, quoted=True),
                                }
                            ],
                            "data": data,
                        },
                    },
                    "dataFrom": [
                        {
                            "extract": {
                                "conversionStrategy": _choice(
                                    _default("Default", secret.get("conversionStrategy")),
                                    ("Default", "Unicode"),
                                    f"{what}: conversionStrategy",
                                    source,
                                ),
                                "metadataPolicy": _choice(
                                    _default("None", secret.get("metadataPolicy")),
                                    ("None", "Fetch"),
                                    f"{what}: metadataPolicy",
                                    source,
                                ),
                                "key": _text(secret.get("secretManagerSecretName")),
                                "decodingStrategy": "Auto",
                            }
                        }
                    ],
                },
            }
        )
    return objects


# --------------------------------------------------------------------------------------------
# templates/secretstore.yaml


def secret_store(values: dict[str, Any], source: str) -> list[dict[str, Any]]:
    store = _section(values, "secretStore", source)
    if is_empty(store.get("enabled")):
        return []
    aws: dict[str, Any] = {"service": "SecretsManager"}
    if not is_empty(store.get("role")):
        aws["role"] = _text(store["role"])
    aws["region"] = _text(store.get("region"))
    aws["secretsManager"] = {"forceDeleteWithoutRecovery": True}
    return [
        {
            "apiVersion": ES_API,
            "kind": _choice(store.get("kind"), STORE_KINDS, "chart value secretStore.kind", source),
            "metadata": {"name": _name(store.get("name"), "chart value secretStore.name", source)},
            "spec": {"provider": {"aws": aws}},
        }
    ]


# --------------------------------------------------------------------------------------------
# templates/ecrToken.yaml


def ecr_token(values: dict[str, Any], source: str) -> list[dict[str, Any]]:
    token = _section(values, "ecrAuthenticationToken", source)
    if is_empty(token.get("enabled")):
        return []
    shared: Any = []
    global_token = _section(values, "global", source).get("ecrAuthenticationToken")
    if isinstance(global_token, dict) and not is_empty(global_token.get("registry_endpoints")):
        shared = global_token["registry_endpoints"]
    own = _default([], token.get("registry_endpoints"))
    for what, listed in (("global.ecrAuthenticationToken.registry_endpoints", shared),
                         ("ecrAuthenticationToken.registry_endpoints", own)):  # fmt: skip
        if not isinstance(listed, list):
            raise FleetError(f"chart value {what} must be a list, not {type_name(listed)}", source)
    endpoints: list[Any] = []
    for endpoint in [*shared, *own]:  # sprig `concat | uniq`: first occurrence kept
        if endpoint not in endpoints:
            endpoints.append(endpoint)
    name = _name(token.get("name"), "chart value ecrAuthenticationToken.name", source)
    namespace = _namespace(
        token.get("namespace"), "chart value ecrAuthenticationToken.namespace", source
    )
    objects: list[dict[str, Any]] = [
        {
            "apiVersion": GENERATOR_API,
            "kind": "ECRAuthorizationToken",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"region": _text(token.get("region"))},
        }
    ]
    for index, endpoint in enumerate(endpoints):
        # Only an ExternalSecret per endpoint prints the policy: no endpoint, no check.
        policy = _choice(
            _default("Merge", token.get("creationPolicy")),
            CREATION_POLICIES,
            "chart value ecrAuthenticationToken.creationPolicy",
            source,
        )
        secret_name = _name(
            f"{go_print(token.get('name'))}-{index}",
            "chart value ecrAuthenticationToken.name (with its index)",
            source,
        )
        objects.append(
            {
                "apiVersion": ES_API,
                "kind": "ExternalSecret",
                "metadata": {"name": secret_name, "namespace": namespace},
                "spec": {
                    "refreshInterval": "8h",
                    "target": {
                        "name": secret_name,
                        "creationPolicy": policy,
                        "deletionPolicy": "Retain",
                        "template": {
                            "engineVersion": "v2",
                            "mergePolicy": "Merge",
                            "metadata": {"labels": {SECRET_TYPE_LABEL: SECRET_TYPE_REPOSITORY}},
                            "data": {
                                "enableOCI": "true",
                                "url": _text(endpoint),
                                "username": "{{ .username }}",
                                "password": "{{ .password }}",
                                "type": "helm",
                            },
                        },
                    },
                    "dataFrom": [
                        {
                            "sourceRef": {
                                "generatorRef": {
                                    "apiVersion": GENERATOR_API,
                                    "kind": "ECRAuthorizationToken",
                                    "name": name,
                                }
                            }
                        }
                    ],
                },
            }
        )
    return objects
