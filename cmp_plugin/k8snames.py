"""The shapes the API server requires of names (Kubernetes' `validation` package), in one place.

`is_subdomain`: object and Secret names, label-key prefixes, Helm release names (RFC 1123
subdomain, 253 characters unless a tighter limit is given); `is_dns_label`: namespaces (RFC
1123 label, 63); `is_label_value`: label values and the name part of label keys (63
alphanumerics, `-`, `_` or `.`, starting and ending with an alphanumeric; a value may be
empty). Whole strings are matched: a trailing newline is not part of a valid name.

And the label by which Argo CD tells its secrets apart (a cluster, a repository, ...).
"""

from __future__ import annotations

import re

SECRET_TYPE_LABEL = "argocd.argoproj.io/secret-type"
SECRET_TYPE_CLUSTER = "cluster"  # the value of a cluster secret
SECRET_TYPE_REPOSITORY = "repository"

# Compiled on first use (`re` caches them): the plugin imports this module for the label
# above and seldom checks a name.
_SUBDOMAIN = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_LABEL_VALUE = r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"


def is_subdomain(text: str, limit: int = 253) -> bool:
    return len(text) <= limit and re.fullmatch(_SUBDOMAIN, text) is not None


def is_dns_label(text: str) -> bool:
    return len(text) <= 63 and re.fullmatch(_DNS_LABEL, text) is not None


def is_label_value(text: str) -> bool:
    """A label value, or the name part of a label key; empty is a valid value (not a name)."""
    return not text or (len(text) <= 63 and re.fullmatch(_LABEL_VALUE, text) is not None)
