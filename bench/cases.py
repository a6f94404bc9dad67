"""What the benchmark runs: each case a whole process, set up in a scratch directory.

- `floor`: `python -c "import yaml"`, the least any Python plugin can cost;
- `plugin chart` / `plugin fleet`: the command of `plugin.yaml`'s `generate`, found and run
  as argocd-cmp-server runs it (in the Application's directory, inputs in
  `ARGOCD_APP_PARAMETERS` and the `ARGOCD_APP_*` variables);
- `cli chart`: `argocd-fleet generate -f values.yaml`, the human command line;
- `helm chart`: the same values rendered by Helm's engine (helm-python-sdk) in a process of its
  own, when the `bench` extra is installed;
- the operator tools and the plugin on synthetic fleets: `bench/scale.py`.

A case that cannot run here (no plugin.yaml, a command not installed, no helm-python-sdk)
is still listed, with the reason, so the table always has the same rows.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .cmp_server import PLUGIN_YAML, base_env, find_program, generate_argv, request_env
from .measure import Command

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
ALL_CATALOGS = GOLDEN / "chart" / "18-all-catalogs" / "values.yaml"
HUB_ADDONS = GOLDEN / "e2e" / "e2e-hub-addons" / "case.yaml"
REFERENCE_FLEET = ROOT / "tests" / "data" / "reference-fleet"
CHART = REFERENCE_FLEET / "charts" / "application-sets"

FLOOR = "floor"
PLUGIN_CHART = "plugin chart"
PLUGIN_FLEET = "plugin fleet"
CLI_CHART = "cli chart"
HELM_CHART = "helm chart"

HELM_SCRIPT = """\
import sys

import helm_python as helm
import yaml

chart = helm.Chart.load(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as handle:
    values = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
rendered = chart.render(values, name="application-sets", namespace="argocd")
sys.stdout.write("".join(rendered[path] for path in sorted(rendered)))
"""


@dataclass(frozen=True)
class Case:
    """A row of the table: a command to measure, or the reason there is none."""

    name: str
    description: str
    command: Command | None = None
    unavailable: str = ""
    long: bool = False  # runs for seconds: sampled fewer times (--preview-runs)
    quiet_ok: bool = False  # may write nothing on stdout (validate of a clean fleet)


def argocd_env(app_path: str, parameters: list[dict[str, Any]]) -> dict[str, str]:
    """What argocd-cmp-server sets for an Application's manifest request."""
    return request_env(app_path, parameters, "bench")


def plugin_command(plugin_yaml: Path = PLUGIN_YAML) -> tuple[list[str] | None, str]:
    """plugin.yaml's generate command with its program resolved, or None and why not."""
    if not plugin_yaml.is_file():
        return None, f"no {plugin_yaml.name}"
    try:
        argv = generate_argv(plugin_yaml)
    except (yaml.YAMLError, KeyError, TypeError) as err:
        return None, f"{plugin_yaml.name}: no spec.generate.command ({err})"
    if not argv:
        return None, f"{plugin_yaml.name}: empty generate command"
    program = find_program(argv[0])
    if program is None:
        return None, f"{argv[0]} is not installed"
    return [program, *argv[1:]], ""


def cli_command() -> tuple[list[str] | None, str]:
    program = find_program("argocd-fleet")
    return ([program], "") if program else (None, "argocd-fleet is not installed")


def helm_available() -> bool:
    return importlib.util.find_spec("helm_python") is not None


def floor_case() -> Case:
    command = Command((sys.executable, "-c", "import yaml"), str(ROOT), base_env())
    return Case(FLOOR, 'python -c "import yaml"', command)


def chart_cases(workdir: Path) -> list[Case]:
    """plugin chart, cli chart and helm chart, on the all-catalogs values."""
    app = workdir / "chart-repo" / "apps" / "chart"
    app.mkdir(parents=True, exist_ok=True)
    shutil.copy(ALL_CATALOGS, app / "values.yaml")
    cases = []
    plugin, why = plugin_command()
    parameters = [{"name": "valueFiles", "array": ["values.yaml"]}]
    cases.append(
        Case(
            PLUGIN_CHART,
            "plugin.yaml command, valueFiles=all-catalogs values",
            Command(tuple(plugin), str(app), argocd_env("apps/chart", parameters))
            if plugin
            else None,
            why,
        )
    )
    cli, why = cli_command()
    cases.append(
        Case(
            CLI_CHART,
            "argocd-fleet generate -f values.yaml (all catalogs)",
            Command((*cli, "generate", "-f", "values.yaml"), str(app), base_env()) if cli else None,
            why,
        )
    )
    if helm_available():
        script = workdir / "helm_render.py"
        script.write_text(HELM_SCRIPT, encoding="utf-8")
        argv = (sys.executable, str(script), str(CHART), str(app / "values.yaml"))
        cases.append(
            Case(
                HELM_CHART,
                "Helm's engine (helm-python-sdk), same values",
                Command(argv, str(app), base_env()),
            )
        )
    else:
        cases.append(
            Case(
                HELM_CHART, "Helm's engine (helm-python-sdk)", None, "helm-python-sdk not installed"
            )
        )
    return cases


def fleet_case(workdir: Path, case_file: Path = HUB_ADDONS) -> Case:
    """The plugin in fleet mode on a copy of the reference fleet, as the hub's bootstrap runs it."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    repo = workdir / "reference-fleet"
    if not repo.exists():
        shutil.copytree(REFERENCE_FLEET, repo, symlinks=True)
    parameters = [
        {"name": "group", "string": case["group"]},
        {"name": "cluster", "string": json.dumps(case["cluster"])},
        {"name": "values", "string": yaml.safe_dump(case.get("values") or {})},
    ]
    plugin, why = plugin_command()
    command = Command(tuple(plugin), str(repo), argocd_env(".", parameters)) if plugin else None
    return Case(PLUGIN_FLEET, f"plugin.yaml command, {case_file.parent.name}", command, why)
