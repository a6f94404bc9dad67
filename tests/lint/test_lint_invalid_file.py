"""invalid-file: a file that cannot be read is a finding of its own; the rest is still checked."""

from __future__ import annotations

from lint_fleet import Fleet

RULE = "invalid-file"


def test_a_syntax_error_is_a_finding_and_other_files_are_still_checked(fleet: Fleet) -> None:
    fleet.write(
        "addons/core/environments/prod/defaults/application-sets/platform.yaml",
        "metrics-server:\n  valuesObject: {replicas: 2\n",
    )
    fleet.write("addons/bootstrap/defaults/platform.yaml", "metrics-server:\n  enable: true\n")
    findings = fleet.lint()
    assert findings[0].startswith(
        "addons/bootstrap/defaults/platform.yaml:2: error: metrics-server.enable: "
    )
    assert (
        "addons/core/environments/prod/defaults/application-sets/platform.yaml:2: error: "
        "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping) "
        "[invalid-file]"
    ) in findings


def test_too_deep_and_not_utf8(fleet: Fleet) -> None:
    fleet.write("notes/deep.yaml", "a: " + "[" * 300 + "]" * 300 + "\n")
    (fleet.root / "notes" / "latin1.yaml").write_bytes(b"a: caf\xe9\n")
    assert fleet.rule(RULE) == [
        "notes/deep.yaml:1: error: nested deeper than the limit of 256 levels [invalid-file]",
        "notes/latin1.yaml:1: error: not valid UTF-8 (byte 0xe9) [invalid-file]",
    ]


def test_a_member_registration_refuses_is_a_finding_and_the_others_stay(fleet: Fleet) -> None:
    fleet.write(
        "fleet/fleet-bootstrap/fleet-members/hub/spoke-2.yaml",
        "tenant: team-a\nenvironment: dev\nsecretManagerSecretName: fleet/spoke-2\n",
    )
    fleet.write(
        "addons/tenants/team-a/defaults/fleet/fleet-secret/values.yaml",
        "externalSecret:\n  labels:\n    platformRelease: nope\n",
    )
    findings = fleet.lint()
    assert (
        "fleet/fleet-bootstrap/fleet-members/hub/spoke-2.yaml:1: error: missing clusterName "
        "(the spoke's cluster name) [invalid-file]"
    ) in findings
    # spoke-1 is still a cluster: its label is still checked.
    assert any("on cluster spoke-1" in line for line in findings)


def test_chart_templates_and_multi_document_files_are_not_flagged(fleet: Fleet) -> None:
    fleet.write("charts/demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    fleet.write(
        "charts/demo/templates/cm.yaml", "{{- if .Values.x }}\nkind: ConfigMap\n{{- end }}\n"
    )
    fleet.write("manifests/two.yaml", "kind: A\n---\nkind: B\n")
    assert fleet.lint() == []
