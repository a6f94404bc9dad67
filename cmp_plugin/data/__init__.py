"""The built-in data, read from the package: the chart's defaults, its catalogs, the CRD shapes.

The chart engine (`chart/`) reads no file itself: what it needs of the package's data comes
from here, and a fleet's own catalogs come from `fleet.catalogs`. The plugin starts on every
refresh of every Application, so the data is read pre-parsed as JSON (`python -m
cmp_plugin.data.build` writes the copies; the YAML files stay the source), each file once per
process, and the YAML text only when a message needs its lines. os.path, not pathlib: pathlib
costs the plugin ~10 ms of import.
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any

from ..errors import FleetError

DATA_DIR = os.path.dirname(os.path.abspath(__file__))
CATALOG_DIR = os.path.join(DATA_DIR, "catalog")
CHART_VALUES = os.path.join(DATA_DIR, "chart-values.yaml")
CRD_SHAPES = os.path.join(DATA_DIR, "crd-shapes.json")


@functools.cache
def chart_defaults() -> dict[str, Any]:
    """The chart's `values.yaml` (callers never mutate it)."""
    return _json(_json_copy(CHART_VALUES)) or {}


def chart_defaults_text() -> str:
    """The text of the chart's `values.yaml`, for the lines of `explain`."""
    with open(CHART_VALUES, encoding="utf-8") as handle:
        return handle.read()


@functools.cache
def crd_shapes() -> dict[str, Any]:
    """The reduced CRD schemas of the values copied as they are (`chart.crdshape`)."""
    return _json(CRD_SHAPES) or {}


def catalog_names() -> list[str]:
    """The built-in catalogs, by name."""
    return sorted(entry[:-5] for entry in os.listdir(CATALOG_DIR) if entry.endswith(".yaml"))


def catalog(name: str) -> dict[str, Any] | None:
    """The built-in catalog `name`, or None when there is none."""
    return _json(_json_copy(os.path.join(CATALOG_DIR, f"{name}.yaml")))


def catalog_text(name: str) -> str | None:
    """The YAML text of the built-in catalog `name` (for lines), or None."""
    try:
        with open(os.path.join(CATALOG_DIR, f"{name}.yaml"), encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return None


def _json_copy(yaml_path: str) -> str:
    return yaml_path[: -len(".yaml")] + ".json"


def _json(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return None
    if not isinstance(data, dict):
        raise FleetError("the top level must be a mapping", path, 1)
    return data
