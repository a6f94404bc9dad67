"""The pure core of chart mode: values in, ApplicationSets out.

`combine` merges the user's values as Helm does (`-f` files in order, then `--set`); `render`
does what `helm template` of the application-sets chart does, with no I/O of its own: the
chart's defaults (package data) are coalesced under the user's values, the selected catalogs
of the `Catalog` it is handed are merged (`mergeValues`), and one ApplicationSet is built per
enabled component, in key order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..data import chart_defaults
from ..errors import FleetError, Warn
from ..gotext import to_string
from ..limits import OutputBudget
from ..merge import coalesce, deep_copy, merge_files, merge_overwrite, sprig_merge
from ..record import Record, field
from ..sources import ValueSource
from ..strvals import parse_into
from .appset import PodIdentityDefaults, build_application_set
from .catalog import Catalog
from .model import Settings, component_from_values, is_component, is_enabled


class Rendered(Record):
    """What a render produced, and what it noticed on the way (for --explain and lint)."""

    objects: list[dict[str, Any]]
    catalogs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def combine(
    sources: Sequence[ValueSource], sets: Sequence[tuple[str, bool]] = ()
) -> dict[str, Any]:
    """Helm's `-f` files merged in order, then `--set` / `--set-string` expressions."""
    values: dict[str, Any] = {}
    for source in sources:
        merge_files(values, _shallow_tree_copy(source.data))
    for expression, as_string in sets:
        parse_into(expression, values, as_string=as_string)
    return values


def effective_values(
    user_values: dict[str, Any],
    catalog: Catalog,
    warn: Warn | None = None,
) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(values, merged, catalogs): chart defaults + user values, then the catalogs under them.

    `values` is what the chart's global settings are read from; `merged` (catalogs merged
    with sprig `merge`, the values laid over with `mergeOverwrite`) is where the components
    are found.
    """
    values = coalesce(chart_defaults(), user_values)
    merge_values = values.get("mergeValues")
    if not merge_values:
        return values, values, []
    if not isinstance(merge_values, dict):
        raise FleetError(
            "mergeValues: must be a mapping of catalog names", keypath=("mergeValues",)
        )
    imported: dict[str, Any] = {}
    used: list[str] = []
    for name in sorted(merge_values):
        config = merge_values[name]
        if not config:
            continue
        if not isinstance(config, dict):
            raise FleetError(
                f"mergeValues.{name}: must be a mapping such as {{use: true}}",
                keypath=("mergeValues", name),
            )
        if to_string(config.get("use", False) or False) != "true":
            continue
        entries = catalog.get(name)
        if entries is None:
            if warn:
                warn(f"mergeValues.{name}: no catalog named {name!r} in {catalog.display}; ignored")
            continue
        if entries:
            sprig_merge(imported, deep_copy(entries))
        used.append(name)
    return values, merge_overwrite(imported, values), used


def render(
    user_values: dict[str, Any],
    catalog: Catalog | None = None,
    warn: Warn | None = None,
    budget: OutputBudget | None = None,
) -> Rendered:
    """The ApplicationSets of `user_values`. With a `budget`, their number and estimated size
    are counted against the output limits before and while they are built."""
    catalog = catalog or Catalog.builtin()
    values, merged, used = effective_values(user_values, catalog, warn)
    settings = Settings.from_values(values)
    pod_defaults = PodIdentityDefaults(settings)
    if budget is not None:
        budget.expect(sum(1 for entry in merged.values() if _switched_on(entry)), APPSETS)
    objects = []
    for key in sorted(merged):
        entry = merged[key]
        if not is_component(entry) or not is_enabled(key, entry):
            continue
        component = component_from_values(key, entry)
        objects.append(build_application_set(component, settings, pod_defaults))
        if budget is not None:
            budget.charge(objects[-1], APPSETS)
    return Rendered(objects=objects, catalogs=used, values=merged)


APPSETS = "ApplicationSets"


def _switched_on(entry: Any) -> bool:
    """A component that will be rendered (`is_enabled` reports a malformed `enabled` later,
    in key order)."""
    return is_component(entry) and entry["enabled"] in (True, "true")


def _shallow_tree_copy(value: Any) -> Any:
    """Copy the maps of a tree (merging mutates them); leaves and lists are shared."""
    if isinstance(value, dict):
        return {key: _shallow_tree_copy(item) for key, item in value.items()}
    return value
