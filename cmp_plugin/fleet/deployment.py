"""The two deployment models of a fleet member, decided by its cluster-secret labels.

- centralized (`use_remote_argo: "false"`): the hub's Argo CD, through the argocd-fleet plugin,
  renders and deploys every group for the spoke;
- distributed (`use_remote_argo: "true"`): the hub deploys Argo CD and external-secrets to the
  spoke (the `fleetBootstrap` catalog, selected by `fleet_member: spoke` and
  `use_remote_argo: "true"`), and the spoke's own Argo CD runs the member ApplicationSets for
  the groups handed over: `addons` when `enable_remote_addons: "true"`, `resources` when
  `enable_remote_resources: "true"`. `use_external_secrets` and `push_argo_secrets` say
  whether the spoke's external-secrets reads its own secrets and whether the hub pushes the
  Argo CD secrets to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..gotext import to_string

CENTRALIZED = "centralized"
DISTRIBUTED = "distributed"

# group handed over to the spoke's Argo CD -> the label that hands it over
REMOTE_GROUPS = {"addons": "enable_remote_addons", "resources": "enable_remote_resources"}


@dataclass(frozen=True)
class DeploymentModel:
    name: str  # CENTRALIZED or DISTRIBUTED
    remote_groups: tuple[str, ...]  # groups the spoke's own Argo CD renders
    external_secrets: bool  # use_external_secrets: "true"
    push_argo_secrets: bool  # push_argo_secrets: "true"

    @property
    def distributed(self) -> bool:
        return self.name == DISTRIBUTED

    def hub_renders(self, group: str) -> bool:
        """Whether the hub's plugin renders `group` for this spoke (else the spoke's does)."""
        return group not in self.remote_groups

    def describe(self, cluster: str) -> str:
        """The model in words, for `register --labels` and `preview`."""
        if not self.distributed:
            return (
                f"centralized: the hub's Argo CD renders and deploys every group to {cluster}; "
                "no Argo CD runs on the spoke"
            )
        words = [
            f"distributed: the hub installs Argo CD and external-secrets on {cluster} "
            "(fleetBootstrap catalog)"
        ]
        if self.remote_groups:
            handed = " and ".join(self.remote_groups)
            words.append(
                f"the spoke's own Argo CD renders {handed} with the member ApplicationSets; "
                f"the hub no longer deploys {handed} there"
            )
        else:
            words.append(
                "no group is handed over (enable_remote_addons and enable_remote_resources "
                'are not "true"), so the hub still deploys every group'
            )
        if self.external_secrets:
            words.append("external-secrets on the spoke reads the spoke's own secrets")
        if self.push_argo_secrets:
            words.append("the hub pushes the Argo CD secrets to the spoke")
        return "; ".join(words)


def _flag(labels: dict[str, Any], key: str) -> bool:
    return to_string(labels.get(key, "false")) == "true"


def deployment_model(labels: dict[str, Any]) -> DeploymentModel:
    """The model the labels of a member's cluster secret select."""
    if not _flag(labels, "use_remote_argo"):
        return DeploymentModel(CENTRALIZED, (), False, False)
    groups = tuple(group for group, label in REMOTE_GROUPS.items() if _flag(labels, label))
    return DeploymentModel(
        DISTRIBUTED,
        groups,
        _flag(labels, "use_external_secrets"),
        _flag(labels, "push_argo_secrets"),
    )
