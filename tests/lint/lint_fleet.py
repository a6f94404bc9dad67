"""A small fleet to break, one rule at a time, and a way to lint it in-process.

The fleet is clean (`test_the_small_fleet_is_clean` holds it so): one group `platform` with
one release, a hub and one spoke, a component `metrics-server` enabled for everyone. The
group has no built-in catalog, so the default bootstrap values merge none and every
component comes from the fleet's own files.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from cmp_plugin.lint import lint
from cmp_plugin.lint.context import Context, LintRequest
from cmp_plugin.lint.report import text_line

FILES = {
    "fleet/bootstrap/versions/applicationSets.yaml": """\
        releases:
          globals:
            version: 0.1.0
          platform:
            - type: default
        """,
    "clusters/hub.yaml": """\
        name: hub
        labels:
          fleet_member: hub-cluster
          tenant: core
          environment: prod
          platformRelease: default
        annotations:
          addons_repo_basepath: addons
          addons_repo_url: https://example.com/fleet.git
          addons_repo_revision: main
        """,
    "addons/bootstrap/defaults/platform.yaml": """\
        metrics-server:
          enabled: true
          namespace: kube-system
          chartRepository: https://kubernetes-sigs.github.io/metrics-server
          defaultVersion: "3.11.0"
        """,
    "addons/core/defaults/application-sets/platform.yaml": """\
        metrics-server:
          valuesObject:
            replicas: 2
        """,
    "fleet/fleet-bootstrap/fleet-members/hub/spoke-1.yaml": """\
        tenant: team-a
        clusterName: spoke-1
        environment: dev
        addons_repo_basepath: addons/tenants
        resources_repo_basepath: resources/tenants
        secretManagerSecretName: fleet/spoke-1
        """,
    "addons/tenants/team-a/defaults/fleet/fleet-secret/values.yaml": """\
        externalSecret:
          labels:
            platformRelease: default
        """,
    "addons/tenants/team-a/environments/dev/clusters/spoke-1/application-sets/platform.yaml": """\
        metrics-server:
          defaultVersion: "3.12.0"
        """,
}


VERSIONS = "fleet/bootstrap/versions/applicationSets.yaml"
SPOKE_LABELS = "addons/tenants/team-a/defaults/fleet/fleet-secret/values.yaml"  # spoke-1's
# The versions file with a second release of the group, for the rules about release labels.
TWO_RELEASES = """\
    releases:
      globals:
        version: 0.1.0
      platform:
        - type: default
        # tried first on the canary clusters
        - type: canary
          version: 0.2.0
    """


class Fleet:
    def __init__(self, root: Path) -> None:
        self.root = root
        for relative, text in FILES.items():
            self.write(relative, text)

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def lint(self, **options: object) -> list[str]:
        """Every finding, as the text output writes it (paths relative to the fleet)."""
        context = Context.build(LintRequest(repo=".", **options))  # type: ignore[arg-type]
        return [text_line(finding) for finding in lint(context)]

    def rule(self, rule: str, **options: object) -> list[str]:
        """The findings of one rule."""
        return [line for line in self.lint(**options) if line.endswith(f"[{rule}]")]
