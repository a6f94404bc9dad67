"""The shapes the API server requires of names (Kubernetes' `validation` package), in one place.

`is_subdomain`: object and Secret names, label-key prefixes, Helm release names (RFC 1123
subdomain, 253 characters unless a tighter limit is given); `is_dns_label`: namespaces (RFC
1123 label, 63); `is_label_value`: label values and the name part of label keys (63
alphanumerics, `-`, `_` or `.`, starting and ending with an alphanumeric; a value may be
empty). Whole strings are matched: a trailing newline is not part of a valid name.
"""

from __future__ import annotations

import re

_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_LABEL_VALUE = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")


def is_subdomain(text: str, limit: int = 253) -> bool:
    return len(text) <= limit and _SUBDOMAIN.fullmatch(text) is not None


def is_dns_label(text: str) -> bool:
    return len(text) <= 63 and _DNS_LABEL.fullmatch(text) is not None


def is_label_value(text: str) -> bool:
    """A label value, or the name part of a label key; empty is a valid value (not a name)."""
    return not text or (len(text) <= 63 and _LABEL_VALUE.fullmatch(text) is not None)
