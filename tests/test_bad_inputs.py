"""The bad-input corpus (tests/bad_inputs/cases.yaml): every hostile or broken input gives
exactly one error line on stderr naming the file and line where known, the documented exit
status (1 bad input, 2 usage), nothing on stdout and never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from cmp_harness import run_plugin
from cmp_plugin.chart import crdshape
from cmp_plugin.chart.convert import Field
from cmp_plugin.chart.fields import COMPONENT, SETTINGS
from helpers import CLI, READ_AT_START, TESTS, run_cli

CORPUS = TESTS / "bad_inputs"
SMALL_FLEET = CORPUS / "fleet"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text())
CLUSTER = {
    "name": "dev-1",
    "labels": {"tenant": "team-a", "environment": "dev"},
    "annotations": {"addons_repo_basepath": "addons/tenants"},
}
KNOWN_KEYS = {
    "name", "via", "fleet", "files", "big", "deep_indent", "symlinks", "remove", "args",
    "stdin", "parameters", "raw_parameters", "raw_parameters_big", "env", "status", "stderr",
    "where",
}  # fmt: skip


class Outcome:
    def __init__(self, status: int, stdout: str, stderr: str) -> None:
        self.status, self.stdout, self.stderr = status, stdout, stderr


def error_line(outcome: Outcome) -> str:
    """The one error line; warnings and notes (which may precede it) aside."""
    assert "Traceback" not in outcome.stderr, outcome.stderr
    lines = [
        line
        for line in outcome.stderr.splitlines()
        if line.strip() and not line.startswith(("argocd-fleet: warning:", "argocd-fleet: note:"))
    ]
    assert len(lines) == 1, lines
    assert lines[0].startswith("argocd-fleet: error: "), lines[0]
    return lines[0]


def prepare(case: dict[str, Any], tmp: Path) -> None:
    """Lay out the case's inputs under `tmp` (the small fleet under tmp/repo when asked)."""
    if case.get("fleet") or case.get("via") == "plugin":
        shutil.copytree(SMALL_FLEET, tmp / "repo", symlinks=True)
    for relative in case.get("remove", []):
        target = tmp / relative
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for relative, content in (case.get("files") or {}).items():
        path = tmp / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for relative, spec in (case.get("big") or {}).items():
        body = spec.get("repeat", "") * spec.get("times", 0)
        (tmp / relative).write_text(spec.get("prefix", "") + body + spec.get("suffix", ""))
    for relative, depth in (case.get("deep_indent") or {}).items():
        lines = ["web:", "  enabled: true", "  valuesObject:"]
        lines += [" " * (4 + level) + f"k{level}:" for level in range(depth)]
        lines.append(" " * (4 + depth) + "leaf: x")
        (tmp / relative).write_text("\n".join(lines) + "\n")
    for relative, target in (case.get("symlinks") or {}).items():
        link = tmp / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target.replace("{tmp}", str(tmp)))


def plugin_parameters(case: dict[str, Any]) -> str:
    if "raw_parameters" in case:
        return case["raw_parameters"]
    if "raw_parameters_big" in case:
        spec = case["raw_parameters_big"]
        return spec["repeat"] * spec["times"]
    parameters = list(case.get("parameters", []))
    names = {parameter["name"] for parameter in parameters}
    if "group" in names and "cluster" not in names:
        parameters.append({"name": "cluster", "string": json.dumps(CLUSTER)})
    return json.dumps(parameters)


def run_case(case: dict[str, Any], tmp: Path) -> Outcome:
    prepare(case, tmp)
    env = dict(case.get("env") or {})
    if case.get("via") == "plugin":
        env["ARGOCD_APP_PARAMETERS"] = plugin_parameters(case)
        run = run_plugin(tmp / "repo", ".", extra_env=env, workdir=tmp)
        return Outcome(run.returncode, run.stdout, run.stderr)
    args = [arg.replace("{tmp}", str(tmp)) for arg in case["args"]]
    stdin = case.get("stdin")
    if any(name.startswith(READ_AT_START) for name in env):  # a limit: a process of its own
        completed = subprocess.run(
            run_cli_command(*args),
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            capture_output=True,
            env={**_base_env(), **env},
            cwd=tmp,
            timeout=60,
        )
        return Outcome(
            completed.returncode,
            completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"),
        )
    ran = run_cli(*args, stdin=stdin, env=env, cwd=tmp)
    return Outcome(ran.returncode, ran.stdout, ran.stderr)


def run_cli_command(*args: str) -> list[str]:
    import sys

    return [sys.executable, "-c", CLI, *args]


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("ARGOCD_")}


def test_the_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 40
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in CASES:
        assert set(case) <= KNOWN_KEYS, (case["name"], set(case) - KNOWN_KEYS)
        assert case["status"] in (1, 2), case["name"]
        assert case.get("via", "cli") in ("cli", "plugin"), case["name"]
        assert ("args" in case) == (case.get("via", "cli") == "cli"), case["name"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path)
    line = error_line(outcome)
    assert outcome.status == case["status"], (outcome.status, line)
    assert outcome.stdout == ""
    assert case["stderr"] in line, line
    if "where" in case:
        assert f"error: {case['where']}" in line or f"/{case['where']}" in line, line


# --------------------------------------------------------------------------------------------
# A non-map where a map belongs, for every field of the chart's table that takes one.

# Shapes whose value is a mapping; a field copied as written is one when Argo CD's CRD says so.
MAP_SHAPES = {"map", "labels", "selector", "additional resources"}


def map_fields(fields: tuple[Field, ...]) -> list[str]:
    return sorted(
        field.key
        for field in fields
        if field.attr
        and (
            field.shape.name in MAP_SHAPES
            or (field.crd and crdshape.shape(field.key).get("type") == "object")
        )
    )


COMPONENT_MAP_FIELDS = map_fields(COMPONENT)
SETTINGS_MAP_FIELDS = map_fields(SETTINGS)


def test_the_map_fields_are_found() -> None:
    assert {"selector", "valuesObject", "syncPolicy", "additionalResources"} <= set(
        COMPONENT_MAP_FIELDS
    )
    assert {"syncPolicy", "releases", "globalValuesObject"} <= set(SETTINGS_MAP_FIELDS)


def _fails_with(values: str, tmp_path: Path) -> str:
    path = tmp_path / "values.yaml"
    path.write_text(values)
    result = run_cli("generate", "-f", str(path))
    outcome = Outcome(result.returncode, result.stdout, result.stderr)
    line = error_line(outcome)
    assert outcome.status == 1 and outcome.stdout == "", line
    return line


@pytest.mark.parametrize("value", ["[a, b]", "text"], ids=["list", "string"])
@pytest.mark.parametrize("field", COMPONENT_MAP_FIELDS)
def test_component_field_not_a_map(field: str, value: str, tmp_path: Path) -> None:
    line = _fails_with(f"web:\n  enabled: true\n  {field}: {value}\n", tmp_path)
    kind = "a list" if value.startswith("[") else "a string"
    assert f"values.yaml:3: web.{field}: must be a mapping, not {kind}" in line, line


@pytest.mark.parametrize("field", SETTINGS_MAP_FIELDS)
def test_top_level_field_not_a_map(field: str, tmp_path: Path) -> None:
    line = _fails_with(f"web:\n  enabled: true\n{field}: [a, b]\n", tmp_path)
    assert f"values.yaml:3: {field}: must be a mapping, not a list" in line, line


@pytest.mark.parametrize(
    "field", ["selector.matchLabels", "additionalResources.helm", "environments.0"]
)
def test_nested_field_not_a_map(field: str, tmp_path: Path) -> None:
    parent, child = field.split(".")
    if child.isdigit():
        text = f"web:\n  enabled: true\n  {parent}:\n    - text\n"
    else:
        text = f"web:\n  enabled: true\n  {parent}:\n    path: x\n    {child}: text\n"
    line = _fails_with(text, tmp_path)
    assert f"web.{field}: must be a mapping, not a string" in line, line
    assert "values.yaml:" in line
