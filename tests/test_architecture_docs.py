"""ARCHITECTURE.md and CONTRIBUTING.md match the code: every path they name exists, every
`module.name` they name resolves, the layers are import-linter's, and the release steps hold.
(Their shell commands are run by test_docs_commands.py.)"""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from pathlib import Path

import pytest

import cmp_plugin
from helpers import ROOT

DOCUMENTS = ("ARCHITECTURE.md", "CONTRIBUTING.md")
CODE = re.compile(r"`([^`\s]+)`")
FILE_NAME = re.compile(r"^[A-Za-z][\w-]*\.(md|py|toml|yaml|json|go)$")
DOTTED = re.compile(r"^[a-z_]+(\.[A-Za-z_]\w*)+$")  # and no file name (`cmp.py`)
# The modules and packages directly under cmp_plugin: a dotted name starting with one of these
# is a reference to the code.
TOP = {module.name for module in pkgutil.iter_modules(cmp_plugin.__path__)}


def spans(document: str) -> list[str]:
    """The `code` spans of a document, fenced blocks left out (those are run, not read)."""
    text = re.sub(r"^```.*?^```", "", (ROOT / document).read_text(), flags=re.M | re.S)
    return CODE.findall(text)


def named_paths(document: str) -> list[str]:
    found = []
    for span in spans(document):
        span = span.rstrip(".,:;")
        path_like = "/" in span and not span.startswith(("http", "$")) and "(" not in span
        if path_like or FILE_NAME.match(span):
            found.append(span)
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_named_exists(document: str) -> None:
    paths = named_paths(document)
    assert len(paths) >= 10, paths
    missing = []
    for path in paths:  # relative to the project, or to the package (`chart/fields.py`)
        pattern = re.sub(r"<[^>]+>", "*", path.rstrip("/"))
        if "/" not in pattern:  # a file name alone: a file of that name in the project
            pattern = f"**/{pattern}"
        if not list(ROOT.glob(pattern)) and not list((ROOT / "cmp_plugin").glob(pattern)):
            missing.append(path)
    assert missing == []


def resolve(dotted: str) -> object:
    """`chart.model.Settings` as `cmp_plugin.chart.model` and its attribute `Settings`."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(["cmp_plugin", *parts[:cut]]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_name_in_the_code_resolves(document: str) -> None:
    names = [
        span
        for span in spans(document)
        if DOTTED.match(span) and span.split(".")[0] in TOP and not FILE_NAME.match(span)
    ]
    assert document == "CONTRIBUTING.md" or len(names) >= 20, names
    unresolved = []
    for name in names:
        try:
            resolve(name)
        except (ModuleNotFoundError, AttributeError):
            unresolved.append(name)
    assert unresolved == []


def test_the_layers_are_import_linters() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["id"] == "layers"]
    text = (ROOT / "ARCHITECTURE.md").read_text()
    table = text[text.index("## The layers") : text.index("## Where data flows")]
    cells = [line.split(" | ")[0][2:] for line in table.splitlines() if line.startswith("| `")]
    # `a` \| `b` is import-linter's `a | b` (independent), `a`, `b` its `a : b`.
    documented = [
        cell.replace("`", "").replace("\\|", "|").replace(", ", ":").replace(" ", "")
        for cell in cells
    ]
    assert documented == [layer.replace(" ", "") for layer in layers]


def test_the_version_is_written_once_per_file_and_agrees() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == cmp_plugin.__version__


def test_the_documents_are_found_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "ARCHITECTURE.md" in readme and "CONTRIBUTING.md" in readme
    assert Path(ROOT / "ARCHITECTURE.md").is_file()
