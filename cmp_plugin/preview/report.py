"""Writing a fleet preview: a table, JSON, YAML, or a self-contained HTML fleet matrix.

Every writer is deterministic: clusters sorted by name, Applications by name, keys in a fixed
order. JSON writes one Application per line with the C encoder, so a preview of thousands of
clusters is written in a fraction of a second and still reads (and diffs) line by line.
jinja2 is imported only by the HTML writer.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from typing import Any, TextIO

from ..yamlio import dump_yaml
from .fleet import Application, ClusterPreview, FleetPreview

FORMATS = ("table", "json", "yaml", "html")
TEMPLATE = "fleet-matrix.html.j2"


def application_document(app: Application) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": app.name,
        "applicationSet": app.application_set,
        "release": app.release,
        "chart": app.chart,
        "repoURL": app.repo_url,
        "targetRevision": app.target_revision,
        "namespace": app.namespace,
        "valueFiles": list(app.value_files),
    }
    if app.problems:
        document["problems"] = list(app.problems)
    return document


def cluster_document(preview: ClusterPreview) -> dict[str, Any]:
    return {
        "name": preview.name,
        "labels": dict(sorted(preview.cluster.labels.items())),
        "applications": [application_document(app) for app in preview.applications],
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
    """The JSON document, one Application per line (same data as `document`)."""
    dumps = json.dumps
    yield '{"clusters": ['
    for position, cluster in enumerate(preview.clusters):
        yield ",\n  " if position else "\n  "
        labels = dumps(dict(sorted(cluster.cluster.labels.items())), ensure_ascii=False)
        yield f'{{"name": {dumps(cluster.name, ensure_ascii=False)}, "labels": {labels}, "applications": ['
        for index, app in enumerate(cluster.applications):
            yield ",\n    " if index else "\n    "
            yield dumps(application_document(app), ensure_ascii=False)
        yield "\n  ]}" if cluster.applications else "]}"
    yield "\n]" if preview.clusters else "]"
    yield ', "warnings": ' + dumps(list(preview.warnings), indent=2, ensure_ascii=False) + "}\n"


# --------------------------------------------------------------------------------------------
# table

COLUMNS = ("CLUSTER", "APPLICATION", "RELEASE", "CHART", "VERSION", "NAMESPACE")


def table_rows(preview: FleetPreview) -> list[tuple[str, ...]]:
    rows = []
    for cluster in preview.clusters:
        if not cluster.applications:
            rows.append((cluster.name, "(none)", "", "", "", ""))
        for app in cluster.applications:
            mark = " (!)" if app.problems else ""
            rows.append(
                (
                    cluster.name,
                    app.name + mark,
                    app.release,
                    app.chart,
                    app.target_revision,
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
    lines.append(f"{len(preview.clusters)} clusters, {count} Applications")
    if any(app.problems for c in preview.clusters for app in c.applications):
        lines.append("(!) an expression was not evaluated and is shown as written (see -o json)")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# HTML fleet matrix


def matrix(preview: FleetPreview) -> dict[str, Any]:
    """Clusters by components: in each cell the versions and releases a cluster runs."""
    components: dict[tuple[str, str], None] = {}
    for cluster in preview.clusters:
        for app in cluster.applications:
            components[(app.group, app.component)] = None
    columns = sorted(components)
    position = {column: index for index, column in enumerate(columns)}
    rows = []
    for cluster in preview.clusters:
        cells: list[list[dict[str, str]]] = [[] for _ in columns]
        for app in cluster.applications:
            cells[position[(app.group, app.component)]].append(
                {
                    "version": app.target_revision or "?",
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
    return {
        "columns": [{"group": group, "component": component} for group, component in columns],
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
