"""Value files, and linting them without a repository around them.

A `ValueFile` is a file of chart values as the rules see it (a file of the hierarchy,
bootstrap values, a catalog, or a chart-mode `-f` file). The rules that look at value files
alone (`invalid-file`, `duplicate-key`, `schema`, `unknown-key`) read a context with
`value_files`, `files`, `problems`, `groups`, `catalogs(group)`, `component_names(group)` and
`scope(groups)`; `ValuesContext` is that context for a list of files: the `-f` files of
`validate -f`, or the files `generate` and `preview` rendered from, whose unknown keys they
print as warnings.

This module stays light (no preview engine, no jsonschema) because `generate` imports it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .core import Finding
from .files import YamlFile, parse_yaml, read_yaml

if TYPE_CHECKING:
    from ..chart.catalog import Catalog
    from ..sources import ValueSource

CHART_GROUP = ""  # chart mode has no group: its values are one "group" of their own


class ValueFile:
    """A file of chart values: a file of the hierarchy, bootstrap values, a catalog, or a
    chart-mode values file. (A plain class: `generate` builds these on every run, and a
    dataclass costs its `exec` at import.)"""

    __slots__ = ("groups", "kind", "relative", "yaml")

    def __init__(
        self,
        yaml: YamlFile,
        kind: str,  # "hierarchy", "bootstrap", "catalog" or "values"
        groups: tuple[str, ...],  # the groups it holds values for (empty: not known)
        relative: str | None = None,  # repository-relative path (None: outside the repository)
    ) -> None:
        self.yaml = yaml
        self.kind = kind
        self.groups = groups
        self.relative = relative

    def __repr__(self) -> str:
        return f"ValueFile({self.yaml.path!r}, {self.kind!r}, {self.groups!r})"

    @property
    def path(self) -> str:
        return self.yaml.path


def defines(entry: dict[Any, Any]) -> bool:
    """Whether an entry defines a component: it has `enabled` (or a misspelling of it, which
    unknown-key reports; the overrides of that component are not wrong too)."""
    return any(
        field == "enabled" or difflib.get_close_matches(str(field).lower(), ["enabled"], 1, 0.8)
        for field in entry
    )


def components_of(values: Iterable[Any], catalogs: Sequence[Catalog]) -> set[str]:
    """Every component some values know: defined (with `enabled`) in one of them, or in a
    catalog of `catalogs` that one of them merges (`mergeValues`)."""
    from ..errors import FleetError

    names: set[str] = set()
    merged: set[str] = set()
    for data in values:
        if not isinstance(data, dict):
            continue
        names.update(k for k, v in data.items() if isinstance(v, dict) and defines(v))
        if isinstance(data.get("mergeValues"), dict):
            merged.update(str(name) for name in data["mergeValues"])
    for catalog in catalogs:
        for name in sorted(merged):
            try:
                entries = catalog.get(name) or {}
            except FleetError:
                continue
            names.update(k for k, v in entries.items() if isinstance(v, dict))
    return names


class ValuesContext:
    """The value-file rules' view of some value files of one group (or of chart mode)."""

    def __init__(
        self,
        value_files: list[ValueFile],
        groups: list[str],
        catalog_list: list[Catalog],
        problems: list[Finding] | None = None,
    ) -> None:
        self.value_files = value_files
        self.groups = groups
        self.catalog_list = catalog_list
        self.files: dict[str, YamlFile] = {}  # no repository: only the value files
        self.problems = problems or []
        self._components: set[str] | None = None

    def catalogs(self, group: str) -> list[Catalog]:
        return self.catalog_list

    def component_names(self, group: str) -> set[str]:
        if self._components is None:
            data = [value_file.yaml.data for value_file in self.value_files]
            self._components = components_of(data, self.catalog_list)
        return self._components

    def scope(self, groups: Sequence[str]) -> str:
        """How messages name where a component would be defined."""
        if list(groups) == [CHART_GROUP]:
            return "the values files"
        return f"group {', '.join(groups)}"


def chart_context(paths: Sequence[str], catalog: Catalog | None = None) -> ValuesContext:
    """`validate -f`: chart-mode values files (merged in order, like `helm -f`)."""
    from ..chart.catalog import Catalog
    from .core import ERROR, INVALID_FILE

    value_files = []
    problems = []
    for path in paths:
        yaml_file = read_yaml(path, path)
        if yaml_file.problem is not None:
            problem = yaml_file.problem
            problems.append(Finding(path, problem.line or 1, ERROR, INVALID_FILE, problem.message))
        value_files.append(ValueFile(yaml_file, "values", (CHART_GROUP,)))
    return ValuesContext(
        value_files, [CHART_GROUP], [catalog or Catalog.builtin()], problems=problems
    )


def unknown_keys(
    sources: Sequence[tuple[ValueSource, str]],
    catalogs: Sequence[Catalog],
    group: str = CHART_GROUP,
) -> list[Finding]:
    """The unknown-key findings of some value sources, each shown under the name given with
    it (`generate` and `preview` print them as warnings)."""
    from .core import lint
    from .rules import unknown_key

    value_files = []
    for source, display in sources:
        first_line = max(source.first_line, 0)
        yaml_file = parse_yaml(source.text, display, first_line)
        if source.first_line < 0:
            yaml_file.first_line = -1
        if yaml_file.ok:
            value_files.append(ValueFile(yaml_file, "values", (group,)))
    context = ValuesContext(value_files, [group], list(catalogs))
    return lint(context, [unknown_key])


def fleet_warnings(
    inputs: Any, group: str, repo: str, given: str | None = None, catalog: Catalog | None = None
) -> list[str]:
    """The unknown-key findings of the files a fleet render read (`FleetInputs`: each
    release's value sources and catalog), as warning lines. Repository files are named
    under `repo` (the `--repo` argument); `given`, a `--values` file, as it was given."""
    from ..chart.catalog import Catalog

    if inputs is None or not inputs.releases:
        return []
    sources: dict[str, ValueSource] = {}
    for entry in inputs.releases:
        for source in entry.sources:
            if source.text and not source.display.startswith("("):  # derived, defaults: no file
                sources.setdefault(source.display, source)
    named = [
        (source, display if display == given else shown(display, repo))
        for display, source in sources.items()
    ]
    catalogs = [entry.catalog or catalog or Catalog.builtin() for entry in inputs.releases]
    return [as_warning(finding) for finding in unknown_keys(named, catalogs, group)]


def preview_warnings(result: Any, repo: str, given: dict[str, str]) -> list[str]:
    """The unknown-key warnings of every group a preview (`FleetPreview`) rendered that it
    does not hold yet; added to its warnings (for -o json/yaml) and given back to be said."""
    new: list[str] = []
    for group, inputs in result.inputs.items():
        for message in fleet_warnings(inputs, group, repo, given.get(group)):
            if message not in result.warnings:
                result.warnings.append(message)
                new.append(message)
    return new


def as_warning(finding: Finding) -> str:
    """A finding as the one line of a warning: `file:line: message [rule]`."""
    return f"{finding.file}:{finding.line}: {finding.message} [{finding.rule}]"


def shown(display: str, repo: str | None) -> str:
    """A repository-relative name as the person can open it: under the `--repo` they gave."""
    if repo is None or display.startswith(("(", "<")) or os.path.isabs(display):
        return display
    return os.path.normpath(os.path.join(repo, display))
