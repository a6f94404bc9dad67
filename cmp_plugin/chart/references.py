"""Generator values an ApplicationSet's templates read but no generator sets.

The chart's templates read per-component values from the cluster generator's `values`
(`{{ .values.addonChartVersion }}`, `{{ .values.chart }}`). A component whose values lack
one of them (no `defaultVersion`, say, because no catalog was merged) still renders, but
Argo CD then fails the ApplicationSet (`missingkey=error`, the chart's default) or writes
`<no value>` into the Application. `generate` warns about each such field; the plugin
does not look (its output is what Argo CD will report on).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

ACTION = re.compile(r"\{\{(.*?)\}\}", re.S)
VALUE = re.compile(r"(?<![\w$])\.values\.([A-Za-z_]\w*)")


def unset_values(appset: dict[str, Any]) -> list[str]:
    """One message per template field that reads a generator value no generator sets."""
    spec = _map(appset.get("spec"))
    offered: set[str] = set()
    if not _cluster_values(spec.get("generators"), offered):
        return []  # a git (or other) generator may bring `values` of its own: cannot tell
    strict = "missingkey=error" in (spec.get("goTemplateOptions") or [])
    outcome = (
        "Argo CD fails to render this ApplicationSet (missingkey=error)"
        if strict
        else 'Argo CD writes "<no value>" there'
    )
    name = (appset.get("metadata") or {}).get("name", "?")
    readers: dict[str, list[str]] = {}  # unset key -> the fields that read it
    for where, text in _template_strings(spec):
        for key in sorted({m for a in ACTION.findall(text) for m in VALUE.findall(a)}):
            if key not in offered:
                readers.setdefault(key, []).append(where)
    return [
        f"ApplicationSet {name}: {' and '.join(fields)} read{'s' * (len(fields) == 1)} "
        f".values.{key}, which no generator sets: {outcome}"
        for key, fields in sorted(readers.items())
    ]


def _cluster_values(generators: Any, keys: set[str]) -> bool:
    """Add the keys of the cluster generators' `values` (inside matrix and merge generators
    too) to `keys`; False when another generator takes part, whose parameters are unknown."""
    for generator in generators if isinstance(generators, list) else []:
        if not isinstance(generator, dict):
            return False
        for kind, body in generator.items():
            if kind in ("matrix", "merge") and isinstance(body, dict):
                if not _cluster_values(body.get("generators"), keys):
                    return False
            elif kind == "clusters":
                values = body.get("values") if isinstance(body, dict) else None
                keys.update(str(key) for key in values or {})
            elif kind != "selector":  # a generator's own post-selector
                return False
    return True


def _template_strings(spec: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field path, text) of every string of the template and the template patch."""
    if isinstance(spec.get("templatePatch"), str):
        yield "spec.templatePatch", spec["templatePatch"]
    yield from _strings(spec.get("template"), "spec.template")


def _strings(node: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, f"{path}[{index}]")


def _map(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one (a document may hold anything)."""
    return value if isinstance(value, dict) else {}
