"""Without libyaml, PyYAML's pure-Python loader and dumper give byte-identical output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import CLI, cases

WITHOUT_LIBYAML = (
    "import yaml; del yaml.CSafeLoader, yaml.CSafeDumper; "
    "from cmp_plugin import yamlio; assert yamlio._BaseLoader is yaml.SafeLoader; "
) + CLI
WITH_LIBYAML = (
    "from cmp_plugin import yamlio; import yaml; assert yamlio._BaseLoader is yaml.CSafeLoader; "
) + CLI


def generate(program: str, values: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", program, "generate", "-f", values],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("case", cases("chart")[1::4], ids=lambda p: p.name)
def test_pure_python_fallback_is_identical(case) -> None:
    values = str(case / "values.yaml")
    assert generate(WITHOUT_LIBYAML, values) == generate(WITH_LIBYAML, values)
