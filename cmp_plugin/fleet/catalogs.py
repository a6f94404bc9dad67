"""Catalogs that are files: a directory (`--catalog DIR`), or a release's `catalog:` folder.

The chart engine takes a catalog as data (`chart.catalog.Catalog`); here one is built over a
directory of `<name>.yaml` files, each read when the render first selects it. A catalog inside
the fleet repository reads its files through the repository, so a catalog file that is a
symlink leading outside it, or that is not a regular file, is an error naming it.
"""

from __future__ import annotations

import os
from typing import Any

from ..chart.catalog import Catalog
from ..errors import FleetError
from ..sources import ValueSource
from ..yamlio import load_mapping
from .paths import Repo


def catalog_directory(directory: str, display: str | None = None) -> Catalog:
    """The catalogs of `directory` (`--catalog DIR`), named `display` in messages."""
    if not os.path.isdir(directory):
        raise FleetError("catalog directory does not exist", display or directory)
    shown = display or directory

    def entries(name: str) -> dict[str, Any] | None:
        path = os.path.join(directory, f"{name}.yaml")
        if not os.path.isfile(path):
            return None
        return load_mapping(path, os.path.join(shown, f"{name}.yaml"))

    def text(name: str) -> str | None:
        try:
            with open(os.path.join(directory, f"{name}.yaml"), encoding="utf-8") as handle:
                return handle.read()
        except OSError:
            return None

    return Catalog(shown, lambda: _names(directory), entries, text)


def repository_catalog(repo: Repo, relative: str, what: str = "catalog") -> Catalog:
    """The catalog directory `relative` of the fleet repository `repo`."""
    real = repo.path(relative, what)
    if not os.path.isdir(real):
        raise FleetError("catalog directory does not exist", relative)
    display = relative.rstrip("/")
    texts: dict[str, str] = {}

    def entries(name: str) -> dict[str, Any] | None:
        path = os.path.join(display, f"{name}.yaml")
        if not repo.exists(path, "catalog file"):
            return None
        source = ValueSource.from_bytes(repo.read(path, "catalog file"), path)
        texts[name] = source.text
        return source.data

    return Catalog(display, lambda: _names(real), entries, texts.get)


def _names(directory: str) -> list[str]:
    if not os.path.isdir(directory):
        return []
    return sorted(entry[:-5] for entry in os.listdir(directory) if entry.endswith(".yaml"))
