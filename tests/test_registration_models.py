"""The deployment models end to end: for a distributed member, the hub's output contains the
Argo CD deployment for the spoke and not the handed-over groups, and the spoke-side render
(the member ApplicationSets, run by the spoke's own Argo CD with the plugin) contains them."""

from __future__ import annotations

from typing import Any

import yaml

from cmp_plugin.fleet.cluster import Cluster
from cmp_plugin.fleet.paths import Repo
from cmp_plugin.fleet.render import FleetRequest, fleet_mode
from cmp_plugin.preview.selectors import matches
from cmp_plugin.registration import DISTRIBUTED, load_members, member_cluster
from cmp_plugin.sources import ValueSource
from helpers import GOLDEN, REFERENCE_FLEET

HUB = yaml.safe_load((GOLDEN / "registration" / "reg-hub-np" / "case.yaml").read_text())["hub"]
HUB_BOOTSTRAP = REFERENCE_FLEET / "fleet" / "bootstrap" / "hub-cluster-np"

# What fleet-members-bootstrap.yaml gives the chart for group "fleet" on the hub.
FLEET_VALUES = {
    "useSelectors": "false",
    "useVersionSelectors": "true",
    "mergeValues": {"fleetBootstrap": {"use": True}},
    "globalSelectors": {"fleet_member": "spoke", "use_remote_argo": "true"},
}
# What the hub's addons.yaml gives the chart for group "addons" on the hub.
HUB_ADDONS_VALUES = {
    "useSelectors": "false",
    "useVersionSelectors": "true",
    "mergeValues": {"addons": {"use": True}, "ack": {"use": True}},
    "globalSelectors": {"fleet_member": "hub-cluster"},
}
# What members-application-sets/fleet-application-set-addons.yaml gives it on the spoke.
SPOKE_ADDONS_VALUES = {
    "useSelectors": "false",
    "useVersionSelectors": "true",
    "namespace": "platform-system",
    "mergeValues": {"addons": {"use": True}, "monitoring": {"use": True}},
    "argocd": {"enabled": False},
    "external-secrets": {"enabled": False},
}


def _render(cluster: dict[str, Any], group: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    request = FleetRequest(
        repo=Repo.at(str(REFERENCE_FLEET)),
        group=group,
        cluster=Cluster.from_mapping(cluster, "cluster"),
        bootstrap=ValueSource(display="bootstrap values", text=yaml.safe_dump(values), data=values),
    )
    return fleet_mode(request).objects


def _selectors(generators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for generator in generators:
        if "clusters" in generator:
            found.append((generator["clusters"] or {}).get("selector") or {})
        for nested in ("matrix", "merge"):
            if nested in generator:
                found.extend(_selectors(generator[nested]["generators"]))
    return found


def _targets(appset: dict[str, Any], labels: dict[str, str]) -> bool:
    """True when every cluster generator of the ApplicationSet selects these labels."""
    selectors = _selectors(appset["spec"]["generators"])
    return bool(selectors) and all(matches(selector, labels) for selector in selectors)


def _spoke() -> tuple[Any, dict[str, Any]]:
    (member,) = load_members(str(REFERENCE_FLEET), HUB)
    return member, member_cluster(member)


def test_the_reference_spoke_is_distributed_and_hands_over_addons_and_resources() -> None:
    member, _ = _spoke()
    assert member.model.name == DISTRIBUTED
    assert member.model.remote_groups == ("addons", "resources")
    assert not member.model.hub_renders("addons")


def test_hub_deploys_argo_cd_to_the_spoke() -> None:
    _, spoke = _spoke()
    fleet = _render(HUB, "fleet", FLEET_VALUES)
    targeting = {a["metadata"]["name"] for a in fleet if _targets(a, spoke["labels"])}
    assert "fleet-argocd-default" in targeting
    assert "fleet-external-secrets-default" in targeting


def test_hub_does_not_deploy_the_handed_over_groups_to_the_spoke() -> None:
    _, spoke = _spoke()
    addons = _render(HUB, "addons", HUB_ADDONS_VALUES)
    assert addons, "the hub renders its own add-ons"
    assert [a["metadata"]["name"] for a in addons if _targets(a, spoke["labels"])] == []
    # …while the same ApplicationSets do select the hub itself.
    hub_labels = {
        **HUB["labels"],
        "addonsRelease": "default",
        "argocd.argoproj.io/secret-type": "cluster",
    }
    assert any(_targets(a, hub_labels) for a in addons)


def test_spoke_side_render_contains_the_handed_over_group() -> None:
    _, spoke = _spoke()
    objects = _render(spoke, "addons", SPOKE_ADDONS_VALUES)
    names = {a["metadata"]["name"] for a in objects}
    assert "metrics-server-default" in names
    # argocd and external-secrets come from the hub (fleet group), not from the spoke.
    assert not any(name.startswith(("argocd-", "external-secrets-")) for name in names)
    # The reference spoke's addonsRelease is "dev", which no release defines, so the selectors
    # ask for the first release's label value (release rule 3, README): with addonsRelease "default"
    # the spoke's own Argo CD selects it.
    labels = {**spoke["labels"], "addonsRelease": "default"}
    targeting = {a["metadata"]["name"] for a in objects if _targets(a, labels)}
    assert "metrics-server-default" in targeting
    assert not {a["metadata"]["name"] for a in objects if _targets(a, spoke["labels"])}


def test_a_centralized_spoke_is_not_given_argo_cd() -> None:
    _, spoke = _spoke()
    centralized = {**spoke["labels"], "use_remote_argo": "false"}
    fleet = _render(HUB, "fleet", FLEET_VALUES)
    assert [a["metadata"]["name"] for a in fleet if _targets(a, centralized)] == []


EXAMPLES = (
    REFERENCE_FLEET.parent.parent.parent / "examples" / "distributed" / "member-applicationsets"
)


def test_example_member_applicationsets_select_the_spoke_and_render_its_group() -> None:
    _, spoke = _spoke()
    for group in ("addons", "resources"):
        appset = yaml.safe_load((EXAMPLES / f"fleet-application-set-{group}.yaml").read_text())
        assert _targets(appset, spoke["labels"])
        assert not _targets(appset, {**spoke["labels"], f"enable_remote_{group}": "false"})
        parameters = {
            p["name"]: p["string"]
            for p in appset["spec"]["template"]["spec"]["source"]["plugin"]["parameters"]
        }
        assert parameters["group"] == group
        values = yaml.safe_load(parameters["values"])
        assert values["argocd"] == {"enabled": False}
        rendered = _render(spoke, group, values)  # the plugin accepts what the example passes
        if group == "addons":
            assert {k: v for k, v in values.items() if k != "repoNames"} == SPOKE_ADDONS_VALUES
            assert rendered, "the spoke renders its add-ons"
        else:
            assert isinstance(rendered, list)  # the reference fleet enables no resources
