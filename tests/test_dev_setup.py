"""The developer's setup: what `pip install -e '.[test]' && pytest` needs, and what CI adds.

- The browser tests of the HTML matrix skip, with the reason in pytest's summary, on a
  machine without chromium; with ARGOCD_FLEET_REQUIRE_BROWSER=1 (which `.ci/run` sets after
  installing chromium) a missing browser fails them.
- The `test` extras bring what the tests import and nothing else: no package's own extras
  (moto[server] alone pulled ~170 MB of sympy, cfn-lint, networkx and the like that no
  test uses), and the dev tools pinned, so that `ruff format --check` is the same everywhere.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from helpers import ROOT, TESTS, run_cli

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# Modules of the project and of its tests, which no distribution provides.
# The project's own packages, and the test helpers the tests import by their file names.
OWN_MODULES = {"cmp_plugin", "bench"} | {path.stem for path in TESTS.rglob("*.py")}


def _browser_tests(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # PATH holds only the interpreter's folder: no chromium there.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-rs", "-q",
         str(TESTS / "test_preview_html.py"), "-k", "browser or script"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**env, "PATH": str(bin_dir)},
    )  # fmt: skip


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "ARGOCD_FLEET_REQUIRE_BROWSER"}


def test_without_chromium_the_browser_tests_skip_and_say_why(tmp_path: Path) -> None:
    result = _browser_tests(_environment(), tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "2 skipped" in result.stdout
    assert "chromium is not installed" in result.stdout  # the reason, in the summary


def test_without_chromium_the_browser_tests_fail_where_ci_requires_them(tmp_path: Path) -> None:
    result = _browser_tests({**_environment(), "ARGOCD_FLEET_REQUIRE_BROWSER": "1"}, tmp_path)
    assert result.returncode == 1
    assert "2 failed" in result.stdout
    assert "ARGOCD_FLEET_REQUIRE_BROWSER=1 requires it" in result.stdout


def test_ci_requires_the_browser_it_installs() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    assert "missing+=(chromium)" in script and "missing+=(jq)" in script
    assert 'apt-get install -y -qq "${missing[@]}"' in script
    assert re.search(r"^export ARGOCD_FLEET_REQUIRE_BROWSER=1$", script, re.M)


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_by_tests() -> set[str]:
    """Top-level modules imported by the test files (stdlib and the project's own aside)."""
    modules: set[str] = set()
    for path in TESTS.rglob("*.py"):
        if "data" in path.relative_to(TESTS).parts or "golden" in path.relative_to(TESTS).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - OWN_MODULES - {"__future__"}


def test_the_test_extras_take_no_extras_of_their_own() -> None:
    with_extras = [r for r in PYPROJECT["project"]["optional-dependencies"]["test"] if "[" in r]
    assert with_extras == [], "an extra pulls in packages no test uses"


def test_the_test_extras_provide_what_the_tests_import() -> None:
    declared = {
        _requirement_name(r)
        for r in PYPROJECT["project"]["dependencies"]
        + PYPROJECT["project"]["optional-dependencies"]["test"]
    }
    providers = importlib.metadata.packages_distributions()
    missing = {
        module: providers.get(module, ["?"])
        for module in _imported_by_tests()
        if not {_requirement_name(d) for d in providers.get(module, [])} & declared
    }
    assert missing == {}


def test_the_test_extras_hold_nothing_the_tests_do_not_use() -> None:
    # Each is imported by a test, or by moto's server (flask and flask-cors: the moto server
    # the AWS tests start is a Flask app), or is a checker CI runs (ruff, import-linter, mypy
    # with PyYAML's stubs), or the pytest plugin that the configuration's addopts use
    # (pytest-xdist: -n auto).
    providers = importlib.metadata.packages_distributions()
    used = {
        _requirement_name(distribution)
        for module in _imported_by_tests()
        for distribution in providers.get(module, [])
    }
    server = subprocess.run(
        [sys.executable, "-c", "import sys, moto.server; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    used |= {
        _requirement_name(distribution)
        for module in {name.split(".")[0] for name in server}
        for distribution in providers.get(module, [])
    }
    declared = {_requirement_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]}
    assert declared - used == {*(_requirement_name(c) for c in CHECKERS), "pytest-xdist"}


# What CI checks the code with: pinned, so that a check gives the same answer everywhere.
CHECKERS = ("ruff", "import-linter", "mypy", "types-PyYAML")


@pytest.mark.parametrize("checker", CHECKERS)
def test_the_checkers_are_pinned_to_the_version_installed(checker: str) -> None:
    test_extras = PYPROJECT["project"]["optional-dependencies"]["test"]
    assert f"{checker}=={importlib.metadata.version(checker)}" in test_extras


def _quick_start() -> list[str]:
    """The commands of the README's Quick start, their `# needs …` comments dropped."""
    section = (ROOT / "README.md").read_text().split("## Quick start", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    install_and_preview, tests = _quick_start()
    assert install_and_preview == "pip install . && argocd-fleet preview --repo examples/fleet"
    assert tests == "pip install -e '.[test]' && pytest"
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert tests in ci


def test_the_quick_start_preview_runs_on_the_example_fleet() -> None:
    preview = _quick_start()[0].split(" && ", 1)[1].split()
    assert preview[0] == "argocd-fleet"
    result = run_cli(*preview[1:], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("3 clusters, 9 Applications")
