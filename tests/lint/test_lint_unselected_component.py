"""unselected-component: a component enabled in a value file that no cluster gets."""

from __future__ import annotations

from lint_fleet import Fleet

RULE = "unselected-component"
DEFAULTS = "addons/bootstrap/defaults/platform.yaml"
KARPENTER = """\
    karpenter:
      enabled: true
      namespace: karpenter
      chartRepository: oci://public.ecr.aws/karpenter
      defaultVersion: "1.0.0"
      selectorMatchLabels:
        enable_karpenter: "true"
    """


def test_selectors_that_match_no_cluster(fleet: Fleet) -> None:
    fleet.write(DEFAULTS, (fleet.root / DEFAULTS).read_text() + KARPENTER.replace("    ", "", 1))
    assert fleet.rule(RULE) == [
        f"{DEFAULTS}:7: warning: component karpenter is enabled here, but no cluster gets an "
        "Application of it (group platform): the hub renders its ApplicationSet, whose "
        "selectors match no cluster [unselected-component]"
    ]


def test_enabled_where_only_a_spoke_reads_it(fleet: Fleet) -> None:
    spoke = "addons/tenants/team-a/environments/dev/clusters/spoke-1/application-sets/platform.yaml"
    fleet.write(spoke, KARPENTER)
    assert fleet.rule(RULE) == [
        f"{spoke}:2: warning: component karpenter is enabled here, but no cluster gets an "
        "Application of it (group platform): the hub does not render it (the hub does not "
        "read the file that enables it) [unselected-component]"
    ]


def test_disabled_for_the_hub_by_a_later_file(fleet: Fleet) -> None:
    fleet.write(
        "addons/core/environments/prod/defaults/application-sets/platform.yaml",
        "# not in production\nmetrics-server:\n  enabled: false\n",
    )
    assert fleet.rule(RULE) == [
        f"{DEFAULTS}:2: warning: component metrics-server is enabled here, but no cluster gets "
        "an Application of it (group platform): the hub does not render it "
        "(addons/core/environments/prod/defaults/application-sets/platform.yaml:3 disables it "
        "for the hub) [unselected-component]"
    ]


def test_a_component_a_cluster_gets(fleet: Fleet) -> None:
    fleet.write(DEFAULTS, (fleet.root / DEFAULTS).read_text() + KARPENTER.replace("    ", "", 1))
    hub = (fleet.root / "clusters/hub.yaml").read_text()
    fleet.write(
        "clusters/hub.yaml", hub.replace("labels:\n", 'labels:\n  enable_karpenter: "true"\n')
    )
    assert fleet.rule(RULE) == []
