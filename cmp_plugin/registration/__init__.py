"""Registration of fleet members: member files in, the fleet-secret chart's objects out.

members.py   the member files under fleet-bootstrap/fleet-members/<hub>/, checked
values.py    the hub ApplicationSet's valuesObject and the fleet-secret value hierarchy
chart.py     the fleet-secret chart's templates as objects
objects.py   the objects of every member, and each spoke's cluster-secret metadata

The deployment models a member's labels select are the fleet's (`fleet.deployment`).
"""

from __future__ import annotations

from ..fleet.deployment import CENTRALIZED, DISTRIBUTED, DeploymentModel, deployment_model
from .members import Member, hub_cluster, load_members
from .objects import label_report, member_cluster, member_objects, register_objects

__all__ = [
    "CENTRALIZED",
    "DISTRIBUTED",
    "DeploymentModel",
    "Member",
    "deployment_model",
    "hub_cluster",
    "label_report",
    "load_members",
    "member_cluster",
    "member_objects",
    "register_objects",
]
