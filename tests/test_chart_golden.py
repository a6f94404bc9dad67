"""Chart mode against the golden cases rendered with Helm (see tests/golden/README.md)."""

from __future__ import annotations

import pytest

from helpers import cases, manifest_differences, run_cli

CHART_CASES = cases("chart")


def test_all_chart_cases_are_present() -> None:
    assert len(CHART_CASES) >= 18


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
    assert result.stderr == ""
    assert manifest_differences(expected, result.stdout) == []
