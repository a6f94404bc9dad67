"""Chart mode against the golden cases rendered with Helm (see tests/golden/README.md)."""

from __future__ import annotations

import pytest

from helpers import cases, manifest_differences, run_cli

CHART_CASES = cases("chart")


def test_all_chart_cases_are_present() -> None:
    assert len(CHART_CASES) >= 18


@pytest.mark.parametrize("case", CHART_CASES, ids=lambda p: p.name)
def test_chart_case(case) -> None:
    result = run_cli("generate", "-f", str(case / "values.yaml"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    expected = (case / "expected.yaml").read_text()
    assert manifest_differences(expected, result.stdout) == []
