"""Chart mode against the project's own cases rendered with Helm (tests/golden/chart-extra)."""

from __future__ import annotations

import crd
import pytest

from cmp_plugin.chart.render import render
from helpers import cases, manifest_differences, run_cli

EXTRA_CASES = cases("chart-extra")

MISSING_REPOSITORY = (
    "spec.template.spec.sources[1].repoURL reads .values.addonChartRepository, which no "
    "generator sets: Argo CD fails to render this ApplicationSet (missingkey=error)"
)
# No case sets a chart repository that the chart keeps, and generate says what that means.
WARNINGS = {
    "01-empty-component-fields": [f"ApplicationSet web-default: {MISSING_REPOSITORY}"],
    "02-empty-global-settings": [f"ApplicationSet web-default: {MISSING_REPOSITORY}"],
    "03-empty-catalog-override": [f"ApplicationSet secrets-default: {MISSING_REPOSITORY}"],
}


def test_every_case_is_listed() -> None:
    assert [case.name for case in EXTRA_CASES] == sorted(WARNINGS)


@pytest.mark.parametrize("case", EXTRA_CASES, ids=lambda p: p.name)
def test_chart_extra_case(case) -> None:
    result = run_cli("generate", "-f", str(case / "values.yaml"))
    assert result.returncode == 0, result.stderr
    warnings = [line.removeprefix("argocd-fleet: warning: ") for line in result.stderr.splitlines()]
    assert warnings == WARNINGS[case.name]
    assert manifest_differences((case / "expected.yaml").read_text(), result.stdout) == []


def acm_selector(selector: dict) -> dict:
    values = {
        "useSelectors": "true",
        "mergeValues": {"ack": {"use": True}},
        "ack-acm": {"enabled": True, "selector": selector},
    }
    appset = render(values).objects[0]
    assert crd.errors(appset) == []
    return appset["spec"]["generators"][0]["clusters"]["selector"]


def test_a_null_match_expressions_is_left_out() -> None:
    # The user's null over the catalog's expressions: the chart writes `matchExpressions: null`,
    # which the CRD's schema refuses (the API server drops it); argocd-fleet leaves it out.
    selector = acm_selector({"matchExpressions": None, "matchLabels": {"tier": "gold"}})
    assert selector == {
        "matchLabels": {"argocd.argoproj.io/secret-type": "cluster", "tier": "gold"}
    }


def test_a_null_match_labels_keeps_the_generated_ones() -> None:
    selector = acm_selector({"matchLabels": None})
    assert selector["matchLabels"] == {"argocd.argoproj.io/secret-type": "cluster"}
    assert selector["matchExpressions"][0]["key"] == "enable_ack_acm"  # the catalog's
