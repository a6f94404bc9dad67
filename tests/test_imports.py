"""The plugin's generate path imports none of the heavy packages (README, Performance).

Argo CD starts the plugin on every refresh of every Application, so its start-up is most of
its cost: `import click` alone adds about 0.75x the cost of starting Python with PyYAML, and
jsonmerge, jsonschema, jinja2 and boto3 more. The human CLI may use them; the entry point
`plugin.yaml` runs must not. `-X importtime` (PYTHONPROFILEIMPORTTIME) lists every module a
process imports, which these tests read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cmp_harness import array, run_plugin, string
from helpers import GOLDEN, REFERENCE_FLEET, ROOT

FORBIDDEN = ("click", "jsonmerge", "jsonschema", "jinja2", "boto3", "botocore")
ALL_CATALOGS = GOLDEN / "chart" / "18-all-catalogs" / "values.yaml"
HUB_CASE = GOLDEN / "e2e" / "e2e-hub-addons" / "case.yaml"


def imported_modules(importtime_stderr: str) -> set[str]:
    """The modules `-X importtime` reports (lines `import time: self | cumulative | name`)."""
    modules = set()
    for line in importtime_stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        name = line.rsplit("|", 1)[1].strip()
        if name != "imported package":  # the header line
            modules.add(name)
    return modules


def forbidden(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in FORBIDDEN)


def test_the_reader_finds_what_it_should() -> None:
    """The parser itself, on a process that does import click: a guard that cannot fail
    silently because the output format changed."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import click"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "click" in forbidden(imported_modules(completed.stderr))


def test_importing_the_entry_module() -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import cmp_plugin.cmp"],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = imported_modules(completed.stderr)
    assert "cmp_plugin.cmp" in modules
    assert forbidden(modules) == []


@pytest.fixture
def chart_app(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "apps" / "chart").mkdir(parents=True)
    shutil.copy(ALL_CATALOGS, repo / "apps" / "chart" / "values.yaml")
    return repo


def profiled(**env: str) -> dict[str, str]:
    return {"PYTHONPROFILEIMPORTTIME": "1", **env}


def test_chart_mode_through_the_entry_point(chart_app: Path) -> None:
    """plugin.yaml's command on the all-catalogs values, as argocd-cmp-server runs it."""
    run = run_plugin(
        chart_app,
        "apps/chart",
        [array("valueFiles", ["values.yaml"])],
        extra_env=profiled(),
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("\n---\n") + 1 >= 14  # every catalog's ApplicationSets
    modules = imported_modules(run.stderr)
    assert "cmp_plugin.cmp" in modules and "yaml" in modules
    assert forbidden(modules) == []


def test_yaml_output_through_the_entry_point(chart_app: Path) -> None:
    run = run_plugin(
        chart_app,
        "apps/chart",
        [array("valueFiles", ["values.yaml"]), string("output", "yaml")],
        extra_env=profiled(),
    )
    assert run.returncode == 0, run.stderr
    assert forbidden(imported_modules(run.stderr)) == []


def hub_parameters() -> list[dict[str, str]]:
    """The Application parameters of the e2e-hub-addons case."""
    case = yaml.safe_load(HUB_CASE.read_text())
    return [
        string("group", case["group"]),
        string("cluster", json.dumps(case["cluster"])),
        string("values", yaml.safe_dump(case["values"])),
    ]


def test_fleet_mode_through_the_entry_point() -> None:
    parameters = hub_parameters()
    run = run_plugin(REFERENCE_FLEET, ".", parameters, extra_env=profiled())
    assert run.returncode == 0, run.stderr
    modules = imported_modules(run.stderr)
    assert "cmp_plugin.fleet.render" in modules
    assert forbidden(modules) == []


def test_an_error_through_the_entry_point(chart_app: Path) -> None:
    """The error path (one line on stderr) stays as light as the rest."""
    run = run_plugin(
        chart_app,
        "apps/chart",
        [array("valueFiles", ["missing.yaml"])],
        extra_env=profiled(),
    )
    assert run.returncode != 0
    assert forbidden(imported_modules(run.stderr)) == []
    message = [line for line in run.stderr.splitlines() if not line.startswith("import time:")]
    assert any("missing.yaml" in line for line in message), message


# pathlib costs the plugin ~10 ms of import on every refresh; os.path does the same work on
# its path. A normal start-up may already have imported it (an editable install's .pth
# finder does), which would hide the plugin's own import: these runs skip the site start-up
# (`python -S`) and put only the sources and PyYAML on sys.path.
BARE = [sys.executable, "-S", "-X", "importtime", "-c"]
BARE_ENV = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(Path(yaml.__file__).parent.parent)])}
PLUGIN = "import sys; from cmp_plugin.cmp import main; sys.exit(main())"


def test_a_bare_start_up_shows_a_pathlib_import() -> None:
    """The control: in such a run, importing pathlib is seen."""
    completed = subprocess.run(
        [*BARE, "import cmp_plugin.cmp, pathlib"],
        capture_output=True,
        text=True,
        env={**os.environ, **BARE_ENV},
        check=True,
    )
    assert {"cmp_plugin.cmp", "pathlib"} <= imported_modules(completed.stderr)


def test_chart_mode_does_without_pathlib(chart_app: Path) -> None:
    run = run_plugin(
        chart_app,
        "apps/chart",
        [array("valueFiles", ["values.yaml"])],
        command=[*BARE, PLUGIN],
        extra_env=BARE_ENV,
    )
    assert run.returncode == 0, run.stderr
    modules = imported_modules(run.stderr)
    assert "cmp_plugin.chart.crdshape" in modules
    assert "pathlib" not in modules


def test_fleet_mode_does_without_pathlib() -> None:
    parameters = hub_parameters()
    run = run_plugin(REFERENCE_FLEET, ".", parameters, command=[*BARE, PLUGIN], extra_env=BARE_ENV)
    assert run.returncode == 0, run.stderr
    modules = imported_modules(run.stderr)
    assert "cmp_plugin.fleet.render" in modules
    assert "pathlib" not in modules
