"""The `generate` job, shared by the human CLI and the Argo CD plugin entry point.

No click and no heavy imports here: this module is on the plugin's start-up path.
`chart_mode` is the drop-in for `helm template` of the application-sets chart; fleet mode
lives in `fleet.render` and is reached through the same two entry points.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .chart.catalog import Catalog
from .chart.render import Rendered, combine, render
from .errors import FleetError, Warn
from .limits import OutputBudget
from .sources import ValueSource, locate
from .strvals import parse_into


def chart_mode(
    sources: Sequence[ValueSource],
    sets: Sequence[tuple[str, bool]] = (),
    catalog: Catalog | None = None,
    warn: Warn | None = None,
    budget: OutputBudget | None = None,
) -> Rendered:
    catalog = catalog or Catalog.builtin()
    values = combine(sources, sets)
    try:
        return render(values, catalog, warn, budget)
    except FleetError as err:
        given = [*catalog_sources(values, catalog), *sources, *set_sources(sets)]
        raise locate(err, given) from None


def set_sources(sets: Sequence[tuple[str, bool]]) -> list[ValueSource]:
    """Each `--set`/`--set-string` expression as a source with no lines, named after its flag.

    Laid over the files in the order they apply, so that a value a flag sets is blamed on
    the flag and not on the file line it replaced. Built only when an error needs a place.
    """
    found = []
    for expression, as_string in sets:
        tree: dict[str, Any] = {}
        parse_into(expression, tree, as_string=as_string)
        flag = "--set-string" if as_string else "--set"
        found.append(ValueSource(display=f"{flag} {expression}", text="", data=tree, first_line=-1))
    return found


def catalog_sources(values: dict[str, Any], catalog: Catalog) -> list[ValueSource]:
    """The catalogs `values` selects, as sources (only built when an error needs a line)."""
    selected = values.get("mergeValues")
    if not isinstance(selected, dict):
        return []
    found = []
    for name in sorted(selected, reverse=True):  # the earliest catalog wins a conflict
        try:
            source = catalog.source(name)
        except FleetError:
            continue
        if source is not None:
            found.append(source)
    return found
