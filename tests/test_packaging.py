"""Packaging: the wheel the sidecar image installs, plugin.yaml, and the Dockerfile.

The wheel is built from a copy of the sources (so the shared working tree gets no `build/`),
installed into a fresh virtualenv the way the Dockerfile installs it (`pip install --no-deps`
of the wheel file, never an editable install), and run through the CMP harness on an e2e
golden case. The virtualenv sees the system site-packages only to reuse the dependencies
(PyYAML, click, ...) without a network.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml

from cmp_harness import plugin_config, run_plugin, string
from cmp_plugin import cmp
from cmp_plugin.fleet.hierarchy import DEFAULT_PRESET
from cmp_plugin.fleet.releases import DEFAULT_VERSIONS
from helpers import GOLDEN, REFERENCE_FLEET, ROOT, manifest_differences

DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PLUGIN_CONFIG_PATH = "/home/argocd/cmp-server/config/plugin.yaml"
HUB_ADDONS = GOLDEN / "e2e" / "e2e-hub-addons"


# --- the wheel, installed into a fresh virtualenv ------------------------------------------


def _run(*args: str | os.PathLike[str], cwd: Path | None = None) -> str:
    # Never in the source tree, nor with a PYTHONPATH: `python -c` would import from there.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    completed = subprocess.run(
        [str(a) for a in args],
        cwd=cwd or tempfile.gettempdir(),
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, f"{args}: {completed.stdout}\n{completed.stderr}"
    return completed.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built with pip from a copy of what the Dockerfile copies."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "cmp_plugin",
        source / "cmp_plugin",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, source)
    (built,) = dist.glob("argocd_fleet-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed as the Dockerfile installs it."""
    env_dir = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", env_dir)
    python = env_dir / "bin" / "python"
    # The system pip, run by the venv's interpreter, installs into the venv. The project may
    # also be installed (editable) in the system site-packages: --ignore-installed puts the
    # wheel in the venv regardless, where it comes first on sys.path.
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-index",
        "--no-deps",
        "--ignore-installed",
        wheel,
    )
    return env_dir


def test_wheel_holds_the_package_data_and_the_entry_points(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert "cmp_plugin/cmp.py" in names
    assert "cmp_plugin/data/chart-values.yaml" in names
    for catalog in ("addons", "monitoring", "resources"):
        assert f"cmp_plugin/data/catalog/{catalog}.yaml" in names
        assert f"cmp_plugin/data/catalog/{catalog}.json" in names
    assert not [n for n in names if n.startswith(("tests/", "examples/", "bench/"))]
    assert re.search(r"^argocd-fleet-cmp = cmp_plugin\.cmp:main$", scripts, re.M)
    assert re.search(r"^argocd-fleet = cmp_plugin\.cli:main$", scripts, re.M)


def test_installed_package_comes_from_the_wheel(venv: Path) -> None:
    where = _run(
        venv / "bin" / "python", "-c", "import cmp_plugin; print(cmp_plugin.__file__)", cwd=venv
    )
    assert Path(where.strip()).resolve().is_relative_to(venv.resolve())


def test_installed_plugin_runs_the_e2e_case_through_the_harness(venv: Path) -> None:
    case = yaml.safe_load((HUB_ADDONS / "case.yaml").read_text())
    parameters = [
        string("group", case["group"]),
        string("cluster", yaml.safe_dump(case["cluster"])),
        string("values", yaml.safe_dump(case["values"])),
    ]
    program = venv / "bin" / plugin_config()["spec"]["generate"]["command"][0]
    assert program.read_text().splitlines()[0] == f"#!{venv / 'bin' / 'python'}"
    run = run_plugin(
        REFERENCE_FLEET,
        "fleet/bootstrap",
        parameters,
        command=[str(program)],
        # Only the venv's own sys.path: nothing from a PYTHONPATH pointing at the sources.
        extra_env={"PYTHONPATH": ""},
    )
    assert run.returncode == 0, run.stderr
    assert manifest_differences((HUB_ADDONS / "expected.yaml").read_text(), run.stdout) == []


# --- plugin.yaml ---------------------------------------------------------------------------


def announced() -> dict[str, dict]:
    return {p["name"]: p for p in plugin_config()["spec"]["parameters"]["static"]}


def test_plugin_yaml_names_the_plugin_and_has_no_discover_rule() -> None:
    config = plugin_config()
    assert config["apiVersion"] == "argoproj.io/v1alpha1"
    assert config["kind"] == "ConfigManagementPlugin"
    assert config["metadata"]["name"] == "argocd-fleet"
    assert config["spec"]["version"] == "v1"
    assert "discover" not in config["spec"]
    assert config["spec"]["generate"]["command"] == ["argocd-fleet-cmp"]


def test_plugin_yaml_announces_every_parameter_with_title_and_tooltip() -> None:
    parameters = announced()
    assert sorted(parameters) == sorted(cmp.STRING_PARAMETERS + cmp.ARRAY_PARAMETERS)
    for name, parameter in parameters.items():
        assert parameter.get("title"), name
        assert parameter.get("tooltip"), name
        kind = "array" if name in cmp.ARRAY_PARAMETERS else "string"
        assert parameter.get("collectionType", "string") == kind, name


def test_plugin_yaml_defaults_are_the_ones_the_plugin_applies() -> None:
    # Argo CD shows announced defaults but never sends them: the plugin must apply the same.
    defaults = {
        name: parameter["string"]
        for name, parameter in announced().items()
        if "string" in parameter
    }
    # Fleet mode's (hierarchy, versions) are the constants fleet mode owns.
    assert defaults == {**cmp.DEFAULTS, "hierarchy": DEFAULT_PRESET, "versions": DEFAULT_VERSIONS}
    assert not [p for p in announced().values() if "array" in p or "map" in p]


# --- the Dockerfile and its build context --------------------------------------------------


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments gone."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    split = [[*line.split(None, 1), ""] for line in logical]
    return [(words[0].upper(), words[1]) for words in split]


DOCKER = instructions(DOCKERFILE.read_text())


def stages() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for instruction in DOCKER:
        if instruction[0] == "FROM":
            found.append([])
        if found:
            found[-1].append(instruction)
    return found


def test_dockerfile_is_multi_stage_on_a_slim_official_python() -> None:
    args = dict(arg.split("=", 1) for op, arg in DOCKER if op == "ARG" and "=" in arg)
    assert re.fullmatch(r"python:3\.1[1-9][\w.-]*-slim[\w.-]*", args["PYTHON_IMAGE"])
    froms = [arg for op, arg in DOCKER if op == "FROM"]
    assert len(froms) >= 2
    assert all(f.split()[0] == "${PYTHON_IMAGE}" for f in froms)


def test_dockerfile_builds_the_wheel_and_installs_only_wheels() -> None:
    build, final = stages()[0], stages()[-1]
    build_runs = " ".join(arg for op, arg in build if op == "RUN")
    assert "pip wheel" in build_runs and "--wheel-dir /wheels" in build_runs
    final_runs = " ".join(arg for op, arg in final if op == "RUN")
    assert re.search(r"pip install [^&]*/wheels/\*\.whl", final_runs)
    assert "--no-index" in final_runs
    every_run = " ".join(arg for op, arg in DOCKER if op == "RUN")
    assert not re.search(r"pip install[^&]*(\s-e\s|--editable)", every_run)
    # The final stage holds no source tree: nothing is copied into it but plugin.yaml.
    copies = [arg for op, arg in final if op == "COPY"]
    assert len(copies) == 1 and copies[0].split()[-2:] == ["plugin.yaml", PLUGIN_CONFIG_PATH]


def test_dockerfile_runs_as_uid_999_from_the_cmp_server() -> None:
    final = stages()[-1]
    users = [arg for op, arg in final if op == "USER"]
    assert users and users[-1].split(":")[0] == "999"
    runs = " ".join(arg for op, arg in final if op == "RUN")
    assert "--uid 999" in runs
    (entrypoint,) = [arg for op, arg in final if op == "ENTRYPOINT"]
    assert entrypoint == '["/var/run/argocd/argocd-cmp-server"]'


def test_dockerfile_keeps_writes_in_tmp_and_bytecode_compiled() -> None:
    final = stages()[-1]
    env = " ".join(arg for op, arg in final if op == "ENV")
    assert "HOME=/tmp" in env
    assert "PYTHONDONTWRITEBYTECODE" not in DOCKERFILE.read_text()
    runs = " ".join(arg for op, arg in final if op == "RUN")
    assert "compileall" in runs and "stdlib" in runs and "purelib" in runs
    assert "libyaml-0-2" in runs and "__with_libyaml__" in runs


def ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (last match wins)."""
    result = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = pattern[1:] if negate else pattern
        body = body.rstrip("/")
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatch(p, body) for p in prefixes) or (
            body.startswith("**/") and any(fnmatch.fnmatch(part, body[3:]) for part in parts)
        ):
            result = not negate
    return result


def test_dockerignore_keeps_what_the_build_copies_and_drops_the_rest() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copied = []
    for op, arg in DOCKER:
        if op == "COPY" and "--from" not in arg:
            sources = [word for word in arg.split() if not word.startswith("--")][:-1]
            copied.extend(sources)
    assert "README.md" in copied, "pyproject.toml's readme is needed to build the wheel"
    for source in copied:
        assert not ignored(source, patterns), source
    assert not ignored("cmp_plugin/data/catalog/addons.json", patterns)
    for dropped in ("tests/test_packaging.py", "examples/fleet/clusters/hub.yaml", ".git/HEAD"):
        assert ignored(dropped, patterns), dropped
    assert ignored("cmp_plugin/__pycache__/cmp.cpython-311.pyc", patterns)
