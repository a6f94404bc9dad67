"""Writing a fleet preview: a table, JSON, YAML, or a self-contained HTML fleet matrix.

Every writer is deterministic: clusters sorted by name, Applications by name, keys in a fixed
order. JSON writes one cluster per line with the C encoder, so a preview of thousands of
clusters is written in a fraction of a second and still reads (and diffs) line by line.
jinja2 is imported only by the HTML writer.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from typing import Any, TextIO

from ..stream import dump_yaml
from .fleet import ClusterPreview, FleetPreview

FORMATS = ("table", "json", "yaml", "html")
TEMPLATE = "fleet-matrix.html.j2"


def cluster_document(preview: ClusterPreview) -> dict[str, Any]:
    return {
        "name": preview.name,
        "labels": dict(sorted(preview.cluster.labels.items())),
        "applications": [app.to_dict() for app in preview.applications],
    }


def document(preview: FleetPreview) -> dict[str, Any]:
    """The preview as one JSON-shaped mapping: `{clusters: [...], warnings: [...]}`."""
    return {
        "clusters": [cluster_document(cluster) for cluster in preview.clusters],
        "warnings": list(preview.warnings),
    }


def write(preview: FleetPreview, fmt: str, out: TextIO) -> None:
    if fmt == "json":
        for chunk in json_chunks(preview):
            out.write(chunk)
    elif fmt == "yaml":
        out.write(dump_yaml(document(preview)))
    elif fmt == "html":
        out.write(html(preview))
    else:
        out.write(table(preview))


def json_chunks(preview: FleetPreview) -> Iterator[str]:
    """The JSON document, one cluster per line (same data as `document`).

    One `json.dumps` per cluster keeps to the C encoder (an indented dump of a large fleet
    would take seconds) while the output still diffs cluster by cluster.
    """
    dumps = json.dumps
    yield '{"clusters": ['
    for position, cluster in enumerate(preview.clusters):
        yield ",\n  " if position else "\n  "
        yield dumps(cluster_document(cluster), ensure_ascii=False)
    yield "\n]" if preview.clusters else "]"
    yield ', "warnings": ' + dumps(list(preview.warnings), indent=2, ensure_ascii=False) + "}\n"


def counted(number: int, noun: str) -> str:
    """`1 cluster`, `2 clusters` (every noun counted here takes an s)."""
    return f"{number} {noun}{'s' * (number != 1)}"


# --------------------------------------------------------------------------------------------
# table

COLUMNS = ("CLUSTER", "APPLICATION", "RELEASE", "CHART", "VERSION", "NAMESPACE")


def table_rows(preview: FleetPreview) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for cluster in preview.clusters:
        if not cluster.applications:
            rows.append((cluster.name, "(none)", "", "", "", ""))
        for app in cluster.applications:
            mark = " (fails)" if app.fails else " (?)" if app.problems else ""
            rows.append(
                (
                    cluster.name,
                    app.name + mark,
                    app.release,
                    app.chart,
                    app.targetRevision,
                    app.namespace,
                )
            )
    return rows


def table(preview: FleetPreview) -> str:
    rows = [COLUMNS, *table_rows(preview)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    count = sum(len(c.applications) for c in preview.clusters)
    lines.append("")
    lines.append(f"{counted(len(preview.clusters), 'cluster')}, {counted(count, 'Application')}")
    apps = [app for c in preview.clusters for app in c.applications]
    if any(app.fails for app in apps):
        lines.append("(fails) Argo CD cannot render or create this Application (see -o json)")
    if any(app.problems and not app.fails for app in apps):
        lines.append("(?) something was not evaluated and is shown as written (see -o json)")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# HTML fleet matrix


def matrix(preview: FleetPreview) -> dict[str, Any]:
    """Clusters by components: in each cell the versions and releases a cluster runs."""
    components: dict[tuple[str, str], None] = {}
    group_of = preview.group_of
    for cluster in preview.clusters:
        for app in cluster.applications:
            components[(group_of(app), app.component)] = None
    columns = sorted(components)
    position = {column: index for index, column in enumerate(columns)}
    rows: list[dict[str, Any]] = []
    for cluster in preview.clusters:
        cells: list[list[dict[str, str]]] = [[] for _ in columns]
        for app in cluster.applications:
            cells[position[(group_of(app), app.component)]].append(
                {
                    "version": app.targetRevision or "?",
                    "release": app.release,
                    "application": app.name,
                    "chart": app.chart,
                    "problem": "; ".join(app.problems),
                }
            )
        for cell in cells:
            cell.sort(key=lambda entry: (entry["release"], entry["version"], entry["application"]))
        rows.append(
            {
                "name": cluster.name,
                "environment": cluster.cluster.labels.get("environment", ""),
                "count": len(cluster.applications),
                "cells": cells,
            }
        )
    environments = sorted({row["environment"] for row in rows if row["environment"]})
    spans: dict[str, int] = {}
    for group, _ in columns:  # sorted by group: each group's columns are side by side
        spans[group] = spans.get(group, 0) + 1
    return {
        "columns": [{"group": group, "component": component} for group, component in columns],
        "spans": [{"group": group, "columns": count} for group, count in spans.items()],
        "rows": rows,
        "groups": sorted({group for group, _ in columns} | set(preview.groups)),
        "environments": environments,
    }


def html(preview: FleetPreview) -> str:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("cmp_plugin.preview", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["counted"] = counted
    template = environment.get_template(TEMPLATE)
    return template.render(
        hub=preview.hub,
        matrix=matrix(preview),
        warnings=preview.warnings,
        applications=sum(len(c.applications) for c in preview.clusters),
    )


# --------------------------------------------------------------------------------------------
# progress


class ProgressBar:
    """A one-line bar on stderr, drawn only when stderr is a terminal (at most 10 times a s)."""

    def __init__(self, stream: TextIO | None = None, label: str = "preview") -> None:
        self.stream = stream or sys.stderr
        self.label = label
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = width * done // total
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {100 * done // total:3d}% ({done}/{total})")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
