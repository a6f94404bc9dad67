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
from ..fleet.paths import Repo
from ..sources import ValueSource
from ..yamlio import expect_mapping, load_mapping

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
BUILTIN_DIR = os.path.join(DATA_DIR, "catalog")
CHART_VALUES = os.path.join(DATA_DIR, "chart-values.yaml")


class Catalog:
    """A directory of `<name>.yaml` component catalogs.

    A catalog inside a fleet repository (a release's `catalog:`) reads its files through the
    repository, so a catalog file that is a symlink leading outside it, or that is not a
    regular file, is an error naming it.
    """

    def __init__(
        self,
        directory: str,
        display: str = "",
        loader: Callable[[str, str], dict[str, Any]] = load_mapping,
        repo: Repo | None = None,
    ) -> None:
        self.directory = directory
        self.display = display or directory
        self.loader = loader
        self.repo = repo  # set: `display` is the directory relative to the repository root
        self._cache: dict[str, dict[str, Any] | None] = {}
        self._texts: dict[str, str] = {}

    @classmethod
    def builtin(cls) -> Catalog:
        return cls(BUILTIN_DIR, display="built-in catalog")

    @classmethod
    def from_directory(cls, directory: str, display: str | None = None) -> Catalog:
        if not os.path.isdir(directory):
            raise FleetError("catalog directory does not exist", display or directory)
        return cls(directory, display=display or directory)

    @classmethod
    def in_repository(cls, repo: Repo, relative: str, what: str = "catalog") -> Catalog:
        """The catalog directory `relative` of the fleet repository `repo`."""
        real = repo.path(relative, what)
        if not os.path.isdir(real):
            raise FleetError("catalog directory does not exist", relative)
        return cls(real, display=relative.rstrip("/"), repo=repo)

    def path_of(self, name: str) -> str:
        return os.path.join(self.directory, f"{name}.yaml")

    def display_path(self, name: str) -> str:
        if self.directory == BUILTIN_DIR:
            return f"<built-in catalog>/{name}.yaml"
        return os.path.join(self.display or self.directory, f"{name}.yaml")

    def get(self, name: str) -> dict[str, Any] | None:
        """The catalog `name`, or None when there is no such file."""
        if name not in self._cache:
            if not _is_catalog_name(name):
                raise FleetError(
                    f"mergeValues: {name!r} is not a catalog name", keypath=("mergeValues",)
                )
            path = self.path_of(name)
            if self.directory == BUILTIN_DIR:
                self._cache[name] = _builtin_json(path[: -len(".yaml")] + ".json")
            elif self.repo is not None:
                self._cache[name] = self._from_repository(name)
            elif os.path.isfile(path):
                self._cache[name] = self.loader(path, self.display_path(name))
            else:
                self._cache[name] = None
        return self._cache[name]

    def _from_repository(self, name: str) -> dict[str, Any] | None:
        assert self.repo is not None
        relative = self.display_path(name)
        if not self.repo.exists(relative, "catalog file"):
            return None
        source = ValueSource.from_bytes(self.repo.read(relative, "catalog file"), relative)
        self._texts[name] = source.text
        return source.data

    def source(self, name: str) -> ValueSource | None:
        """The catalog `name` with its text, for the lines of messages; None when there is
        no such catalog or its file cannot be read."""
        entries = self.get(name)
        if entries is None:
            return None
        if name in self._texts:
            return ValueSource(self.display_path(name), self._texts[name], entries)
        try:
            with open(self.path_of(name), encoding="utf-8") as handle:
                return ValueSource(self.display_path(name), handle.read(), entries)
        except OSError:
            return None

    def names(self) -> list[str]:
        if not os.path.isdir(self.directory):
            return []
        return sorted(entry[:-5] for entry in os.listdir(self.directory) if entry.endswith(".yaml"))


def _is_catalog_name(name: str) -> bool:
    """A name that can only mean a file of the catalog directory: one path segment, no
    control character (a NUL would reach the file system), not hidden, not over-long."""
    return (
        0 < len(name) <= 200
        and not name.startswith(".")
        and not any(char in name for char in "/\\")
        and name.isprintable()
    )


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
