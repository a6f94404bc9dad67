"""Properties (hypothesis) of registration: random values of the fleet-secret chart never raise
anything but a one-line FleetError, and every object produced is one Kubernetes accepts
(valid against its CRD, with a name)."""

from __future__ import annotations

import json
import re
from typing import Any

import crd
from hypothesis import given, settings
from hypothesis import strategies as st

from cmp_plugin.errors import FleetError
from cmp_plugin.merge import coalesce
from cmp_plugin.registration.chart import CHART_DEFAULTS, render

# A DNS subdomain (RFC 1123), what the API server requires of these objects' names.
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")

words = st.sampled_from(
    ["", "x", "spoke-a", "Owner", "Merge", "Orphan", "None", "Fetch", "Unicode", "Default",
     "SecretStore", "ClusterSecretStore", "self", "true", "false", "a.b", "-x", "UP"]
)  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.just(1.5), words)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(words, inner, max_size=2)),
    max_leaves=6,
)
flag = st.one_of(st.booleans(), st.sampled_from(["true", "", "false"]), scalars)


def section(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.fixed_dictionaries({}, optional=fields),
        st.fixed_dictionaries({}, optional=fields),
        trees,
    )


git_secret = section(
    {
        "secretName": scalars,
        "gitUrl": scalars,
        "secretType": scalars,
        "secretManagerSecretName": scalars,
        "conversionStrategy": scalars,
        "metadataPolicy": scalars,
    }
)
values = st.fixed_dictionaries(
    {},
    optional={
        "nameOverride": scalars,
        "fullnameOverride": scalars,
        "global": section(
            {
                "gitExternalSecrets": section(
                    {
                        "enabled": flag,
                        "useHttp": flag,
                        "useGitHubApp": flag,
                        "usePrivateKey": flag,
                        "secretStoreRefName": scalars,
                        "secretStoreRefKind": scalars,
                        "externalSecrets": st.dictionaries(words, git_secret, max_size=2),
                    }
                ),
                "ecrAuthenticationToken": section({"registry_endpoints": trees}),
            }
        ),
        "tenantGitExternalSecrets": section(
            {"externalSecrets": st.dictionaries(words, git_secret, max_size=2)}
        ),
        "externalSecret": section(
            {
                "enabled": flag,
                "secretStoreRefName": scalars,
                "secretStoreRefKind": scalars,
                "server": scalars,
                "secretManagerSecretName": scalars,
                "clusterName": scalars,
                "targetName": scalars,
                "creationPolicy": scalars,
                "annotations": trees,
                "labels": trees,
            }
        ),
        "secretStore": section(
            {"enabled": flag, "kind": scalars, "name": scalars, "region": scalars, "role": scalars}
        ),
        "ecrAuthenticationToken": section(
            {
                "enabled": flag,
                "name": scalars,
                "namespace": scalars,
                "region": scalars,
                "secretName": scalars,
                "creationPolicy": scalars,
                "registry_endpoints": trees,
            }
        ),
    },
)
releases = st.sampled_from(["spoke-a", "fleet-secret", "x", "hub-cluster-np-spoke-a"])


@settings(max_examples=max(200, settings.default.max_examples))
@given(values, releases)
def test_random_chart_values_give_objects_kubernetes_accepts_or_one_error(
    chart_values: dict[str, Any], release: str
) -> None:
    try:
        objects = render(coalesce(CHART_DEFAULTS, chart_values), release, "values.yaml")
    except FleetError as err:
        assert str(err).strip() and "\n" not in str(err)
        return
    for obj in objects:
        json.dumps(obj, allow_nan=False)
        assert NAME.match(obj["metadata"]["name"]), obj["metadata"]
        namespace = obj["metadata"].get("namespace")
        assert namespace is None or NAME.match(namespace), obj["metadata"]
        if obj["kind"] != "ECRAuthorizationToken":  # a generator: no CRD among ours
            assert crd.errors(obj) == []
