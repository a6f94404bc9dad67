"""What the layers promise beyond the import contracts of pyproject.toml (import-linter).

The chart engine takes data: no module of `cmp_plugin/chart/` opens a file, walks a directory
or reads YAML; catalogs arrive built (`fleet.catalogs`, `data`), the chart's own defaults and
CRD shapes come from `cmp_plugin.data`. The commands that render as the plugin does
(`generate`, `explain`) find the hub bootstrap in `fleet` and never load the preview engine.
And no module of the package grows past 500 lines.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CLI, ROOT

PACKAGE = ROOT / "cmp_plugin"
CHART = sorted((PACKAGE / "chart").glob("*.py"))
# Calls that reach the file system (`os.path.join` and friends only build strings).
FILE_SYSTEM = {
    "open",
    "os.listdir",
    "os.scandir",
    "os.walk",
    "os.stat",
    "os.path.exists",
    "os.path.isfile",
    "os.path.isdir",
    "os.path.getsize",
    "os.path.realpath",
}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _file_system_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.name}:{node.lineno}: {_dotted(node.func)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _dotted(node.func) in FILE_SYSTEM
    ]


def _imports(path: Path) -> set[str]:
    """The cmp_plugin modules `path` imports, as dotted names relative to the package."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_scan_sees_a_file_being_opened(tmp_path: Path) -> None:
    """The control: the scan finds what it looks for."""
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nopen('x')\nos.path.isfile('y')\nos.path.join('a', 'b')\n")
    assert _file_system_calls(sample) == ["sample.py:2: open", "sample.py:3: os.path.isfile"]


@pytest.mark.parametrize("path", CHART, ids=lambda p: p.name)
def test_the_chart_engine_opens_no_file(path: Path) -> None:
    assert _file_system_calls(path) == []


@pytest.mark.parametrize("path", CHART, ids=lambda p: p.name)
def test_the_chart_engine_reads_no_yaml(path: Path) -> None:
    imported = _imports(path)
    assert "cmp_plugin.yamlio" not in imported
    assert "yaml" not in {name.split(".")[0] for name in imported}


def test_the_import_reader_resolves_relative_imports() -> None:
    imported = _imports(PACKAGE / "chart" / "render.py")
    assert {"cmp_plugin.chart.model", "cmp_plugin.merge", "cmp_plugin.data"} <= imported


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 500, f"{path.relative_to(ROOT)}: {lines} lines; split it by concern"


EXAMPLE = ROOT / "examples" / "fleet"


def _imported_by(*args: str) -> set[str]:
    """The cmp_plugin modules a CLI run imports (`-X importtime` lists them on stderr)."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", CLI, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    names = (line.rsplit("|", 1)[-1].strip() for line in completed.stderr.splitlines())
    return {name for name in names if name.startswith("cmp_plugin")}


@pytest.mark.parametrize(
    "args",
    [
        ("generate", "--repo", str(EXAMPLE), "--group", "addons", "--cluster", "fleet-hub"),
        ("explain", "--repo", str(EXAMPLE), "--group", "addons", "metrics-server.enabled"),
    ],
    ids=["generate", "explain"],
)
def test_rendering_as_the_plugin_does_loads_no_preview_engine(args: tuple[str, ...]) -> None:
    modules = _imported_by(*args)
    assert "cmp_plugin.fleet.bootstrap" in modules  # the hub bootstrap was looked for
    assert not {m for m in modules if m.startswith("cmp_plugin.preview")}


def test_the_preview_loads_the_preview_engine() -> None:
    """The control: the reader sees the preview engine where it is used."""
    assert "cmp_plugin.preview.fleet" in _imported_by("preview", "--repo", str(EXAMPLE))
