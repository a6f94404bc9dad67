"""Chart mode against the golden cases rendered with Helm (see tests/golden/README.md)."""

from __future__ import annotations

import pytest

from helpers import cases, manifest_differences, run_cli

CHART_CASES = cases("chart")


def test_all_chart_cases_are_present() -> None:
    assert len(CHART_CASES) >= 18


MISSINGKEY = (
    "which no generator sets: Argo CD fails to render this ApplicationSet (missingkey=error)"
)
# What generate warns about in the golden inputs; every other case renders without a word.
WARNINGS = {
    # `not-a-component` has no `enabled` and no catalog defines it: it overrides nothing.
    "07-standalone-components": [
        "values.yaml:46: not-a-component: overrides no component: no catalog or value file of "
        "the values files defines it (with `enabled`), and it is no setting [unknown-key]"
    ],
    # A git-path chart and a plain-manifest component set no chart, chart name or version,
    # while the chart's template still names them: Helm renders what Argo CD then refuses.
    "11-path-and-manifest-types": [
        "ApplicationSet grouped-default: spec.template.spec.sources[1].helm.releaseName reads "
        f".values.addonChart, {MISSINGKEY}",
        "ApplicationSet grouped-default: spec.template.metadata.name reads "
        f".values.addonChartVersion, {MISSINGKEY}",
        "ApplicationSet raw-policies-default: spec.template.metadata.name reads "
        f".values.addonChartVersion, {MISSINGKEY}",
    ],
}


@pytest.mark.parametrize("case", CHART_CASES, ids=lambda p: p.name)
def test_chart_case(case) -> None:
    expected = (case / "expected.yaml").read_text()
    if not expected.strip():
        # Helm renders nothing; argocd-fleet does so only when asked (an empty stream prunes).
        refused = run_cli("generate", "-f", str(case / "values.yaml"))
        assert refused.returncode == 1 and "nothing to render" in refused.stderr
        result = run_cli("generate", "-f", str(case / "values.yaml"), "--allow-empty")
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
        return
    result = run_cli("generate", "-f", str(case / "values.yaml"))
    assert result.returncode == 0, result.stderr
    warnings = [line.removeprefix("argocd-fleet: warning: ") for line in result.stderr.splitlines()]
    wanted = [
        str(case / w) if w.startswith("values.yaml") else w for w in WARNINGS.get(case.name, [])
    ]
    assert warnings == wanted
    assert manifest_differences(expected, result.stdout) == []
