"""Moved: the hub and cluster-secret files are read by `fleet.clusterfiles`, the fleet members
as cluster secrets by `registration.objects` (`member_clusters`, `fleet_clusters`).

A forwarding module for `commands/` while it switches; deleted after.
"""

from __future__ import annotations

from ..fleet.clusterfiles import (  # noqa: F401
    DEFAULT_HUB,
    SECRETS_LIMITS,
    as_cluster_secret,
    load_hub,
    merge_clusters,
    parse_cluster_secrets,
    read_cluster_secrets,
    secret_cluster,
)
from ..registration.objects import fleet_clusters  # noqa: F401
from ..registration.objects import member_clusters as load_members  # noqa: F401
