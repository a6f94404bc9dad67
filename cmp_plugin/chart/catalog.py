"""Component catalogs: the chart's `values/<name>.yaml`, built in or from a directory.

`mergeValues.<name>.use: true` selects `<name>.yaml`. The built-in catalog is the chart's own
(package data); `--catalog DIR` or a release's `catalog:` replaces it with a directory of the
same layout. Files are read lazily, only when selected.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from ..errors import FleetError
from ..sources import ValueSource
from ..yamlio import expect_mapping, load_mapping

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
BUILTIN_DIR = os.path.join(DATA_DIR, "catalog")
CHART_VALUES = os.path.join(DATA_DIR, "chart-values.yaml")


class Catalog:
    """A directory of `<name>.yaml` component catalogs."""

    def __init__(
        self,
        directory: str,
        display: str = "",
        loader: Callable[[str, str], dict[str, Any]] = load_mapping,
    ) -> None:
        self.directory = directory
        self.display = display or directory
        self.loader = loader
        self._cache: dict[str, dict[str, Any] | None] = {}

    @classmethod
    def builtin(cls) -> Catalog:
        return cls(BUILTIN_DIR, display="built-in catalog")

    @classmethod
    def from_directory(cls, directory: str, display: str | None = None) -> Catalog:
        if not os.path.isdir(directory):
            raise FleetError("catalog directory does not exist", display or directory)
        return cls(directory, display=display or directory)

    def path_of(self, name: str) -> str:
        return os.path.join(self.directory, f"{name}.yaml")

    def display_path(self, name: str) -> str:
        if self.directory == BUILTIN_DIR:
            return f"<built-in catalog>/{name}.yaml"
        return os.path.join(self.display or self.directory, f"{name}.yaml")

    def get(self, name: str) -> dict[str, Any] | None:
        """The catalog `name`, or None when there is no such file."""
        if name not in self._cache:
            if "/" in name or "\\" in name or name.startswith(".") or not name:
                raise FleetError(
                    f"mergeValues: {name!r} is not a catalog name", keypath=("mergeValues",)
                )
            path = self.path_of(name)
            if self.directory == BUILTIN_DIR:
                self._cache[name] = _builtin_json(path[: -len(".yaml")] + ".json")
            elif os.path.isfile(path):
                self._cache[name] = self.loader(path, self.display_path(name))
            else:
                self._cache[name] = None
        return self._cache[name]

    def source(self, name: str) -> ValueSource | None:
        """The catalog `name` with its text, for the lines of messages; None when there is
        no such catalog or its file cannot be read."""
        entries = self.get(name)
        if entries is None:
            return None
        try:
            with open(self.path_of(name), encoding="utf-8") as handle:
                return ValueSource(self.display_path(name), handle.read(), entries)
        except OSError:
            return None

    def names(self) -> list[str]:
        if not os.path.isdir(self.directory):
            return []
        return sorted(entry[:-5] for entry in os.listdir(self.directory) if entry.endswith(".yaml"))


_CHART_DEFAULTS: dict[str, Any] | None = None


def chart_defaults() -> dict[str, Any]:
    """The chart's `values.yaml` (read once per process; never mutated by callers)."""
    global _CHART_DEFAULTS
    if _CHART_DEFAULTS is None:
        _CHART_DEFAULTS = _builtin_json(CHART_VALUES[: -len(".yaml")] + ".json") or {}
    return _CHART_DEFAULTS


def _builtin_json(path: str) -> dict[str, Any] | None:
    """Built-in data, pre-parsed (see data/build.py): JSON reads far faster than YAML."""
    try:
        with open(path, encoding="utf-8") as handle:
            return expect_mapping(json.load(handle), path)
    except FileNotFoundError:
        return None
