"""The results of one benchmark run: rows of medians, ratios to the floor, the target checks.

Every ratio compares medians taken in the same run on the same machine (the cases are
interleaved run by run), which is what the README's performance targets are stated in. This module
decides nothing about how the figures were taken and prints nothing; `format_table` and
`as_json` give the two ways they are shown.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .cases import CLI_CHART, FLOOR, HELM_CHART, PLUGIN_CHART, PLUGIN_FLEET
from .measure import MIB, Measurement
from .scale import SMALL_FLEET, diff_name, plugin_folders_name, preview_name, validate_name

# The README's performance targets (its Performance table). The limits in seconds and MiB
# are stated for a size (clusters, with 60 components and 3 releases), the ratios for any.
PLUGIN_CHART_MAX = 1.6
PLUGIN_VS_HELM_MIN = 2.0
PLUGIN_FLEET_MAX = 1.8
CLI_CHART_MAX = 2.2
STATED_SHAPE = (60, 3)  # components, releases of the fleets the limits are stated for
PREVIEW_LIMITS = {2000: (5.0, 300.0), 10000: (10.0, 1024.0)}  # clusters -> (s, MiB)
PREVIEW_DOUBLING_MAX = 2.1  # 2N clusters at most 2.1x the time of N
VALIDATE_LIMIT = (2000, 3.0)  # clusters, s: a pre-commit hook
DIFF_LIMIT = (2000, 6.0)  # clusters, s: one component's version changed
PLUGIN_TREE_MAX = 1.1  # the plugin in an N-cluster tree / in a tree of SMALL_FLEET clusters
Shape = tuple[int, int, int]  # clusters, components, releases


@dataclass
class Row:
    name: str
    description: str
    command: str = ""
    measurement: Measurement | None = None
    unavailable: str = ""

    @property
    def median(self) -> float | None:
        return self.measurement.median if self.measurement else None


@dataclass(frozen=True)
class Check:
    target: str
    measured: str
    ok: bool | None  # None: not measurable in this run
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "ok", False: "MISSED", None: "n/a"}[self.ok]


@dataclass
class Results:
    runs: int
    machine: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    preview_shapes: list[Shape] = field(default_factory=list)
    check_shape: Shape | None = None  # the fleet validate and diff ran on
    plugin_shape: Shape | None = None  # the large tree the plugin ran in

    def row(self, name: str) -> Row | None:
        return next((row for row in self.rows if row.name == name), None)

    def median(self, name: str) -> float | None:
        row = self.row(name)
        return row.median if row else None

    def ratio(self, name: str) -> float | None:
        """The median of `name` over the floor's median."""
        return _divide(self.median(name), self.median(FLOOR))

    def cpu_ratio(self, name: str) -> float | None:
        """The median CPU time of `name` over the floor's."""
        row, floor = self.row(name), self.row(FLOOR)
        if not (row and row.measurement and floor and floor.measurement):
            return None
        return _divide(row.measurement.cpu_median, floor.measurement.cpu_median)

    def checks(self) -> list[Check]:
        return [
            _at_most("plugin chart mode", self.ratio(PLUGIN_CHART), PLUGIN_CHART_MAX, "x floor"),
            _at_least(
                "Helm time / plugin chart mode",
                _divide(self.median(HELM_CHART), self.median(PLUGIN_CHART)),
                PLUGIN_VS_HELM_MIN,
                "x",
            ),
            _at_most("plugin fleet mode", self.ratio(PLUGIN_FLEET), PLUGIN_FLEET_MAX, "x floor"),
            _at_most("CLI generate", self.ratio(CLI_CHART), CLI_CHART_MAX, "x floor"),
            *self._preview_checks(),
            *self._review_checks(),
            *self._plugin_tree_checks(),
        ]

    def _preview_checks(self) -> list[Check]:
        checks = []
        limited = [shape for shape in self.preview_shapes if shape[0] in PREVIEW_LIMITS]
        if not limited and self.preview_shapes:  # a quick run: shown, not judged
            limited = [self.preview_shapes[0]]
        for shape in limited:
            clusters = shape[0] if shape[0] in PREVIEW_LIMITS else min(PREVIEW_LIMITS)
            seconds, mib = PREVIEW_LIMITS[clusters]
            measurement = self._measurement(preview_name(shape[0]))
            what = f"preview {_size(shape)}"
            checks += _stated(
                shape,
                clusters,
                _under(f"{what} time", measurement and measurement.median, seconds, " s"),
                _under(f"{what} peak RSS", measurement and measurement.peak_rss / MIB, mib, " MiB"),
            )
        counts = [shape[0] for shape in self.preview_shapes]
        for small in counts:
            if 2 * small in counts:
                ratio = _divide(
                    self.median(preview_name(2 * small)), self.median(preview_name(small))
                )
                checks.append(
                    _at_most(
                        f"preview {2 * small} / {small} clusters", ratio, PREVIEW_DOUBLING_MAX, "x"
                    )
                )
        return checks

    def _review_checks(self) -> list[Check]:
        shape = self.check_shape
        if shape is None:
            return []
        checks = []
        for name, (clusters, limit) in (
            (validate_name(shape[0]), VALIDATE_LIMIT),
            (diff_name(shape[0]), DIFF_LIMIT),
        ):
            what = f"{name.split()[0]} {_size(shape)} time"
            check = _under(what, self.median(name), limit, " s")
            checks += _stated(shape, clusters, check)
        return checks

    def _plugin_tree_checks(self) -> list[Check]:
        """The plugin's cost must not grow with the tree around its cluster. Its ratio to the
        floor is the one of its request (a hub of 60 components and 3 releases costs more
        than `e2e-hub-addons`, which PLUGIN_FLEET_MAX is stated for): the check is that the
        same request costs the same in a tree of N cluster folders as in one of SMALL_FLEET."""
        if self.plugin_shape is None:
            return []
        large = plugin_folders_name(self.plugin_shape[0])
        return [
            _at_most(
                f"plugin in {self.plugin_shape[0]} / {SMALL_FLEET} cluster folders",
                _divide(self.median(large), self.median(plugin_folders_name(SMALL_FLEET))),
                PLUGIN_TREE_MAX,
                "x",
            ),
        ]

    def _measurement(self, name: str) -> Measurement | None:
        row = self.row(name)
        return row.measurement if row else None


def _size(shape: Shape) -> str:
    return "x".join(str(n) for n in shape)


def _stated(shape: Shape, clusters: int, *checks: Check) -> list[Check]:
    """The checks, judged only at the size their limits are stated for."""
    stated = (clusters, *STATED_SHAPE)
    if shape == stated:
        return list(checks)
    note = f"limit stated for {_size(stated)}"
    return [Check(c.target, c.measured, None, note) if c.ok is not None else c for c in checks]


def _divide(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def _compare(
    target: str,
    value: float | None,
    limit: float,
    unit: str,
    passes: Callable[[float, float], bool],
) -> Check:
    if value is None:
        return Check(target, "not available", None)
    return Check(target, f"{value:.2f}{unit}", passes(value, limit))


def _at_most(what: str, value: float | None, limit: float, unit: str) -> Check:
    return _compare(f"{what} <= {limit:g}{unit}", value, limit, unit, lambda v, lim: v <= lim)


def _under(what: str, value: float | None, limit: float, unit: str) -> Check:
    return _compare(f"{what} < {limit:g}{unit}", value, limit, unit, lambda v, lim: v < lim)


def _at_least(what: str, value: float | None, limit: float, unit: str) -> Check:
    return _compare(f"{what} >= {limit:g}{unit}", value, limit, unit, lambda v, lim: v >= lim)


def machine() -> dict[str, str]:
    """nproc, the CPU model and the Python that ran the benchmark."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpus": str(os.cpu_count() or 0),
        "cpu": model,
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(terse=True),
        "load": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def format_table(results: Results) -> str:
    """The human table: one row per case (wall-time medians, ratios, CPU, memory), the targets."""
    m = results.machine
    lines = [
        f"argocd-fleet benchmark: {results.runs} run(s) per case, medians of wall time; "
        f"{m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, load {m.get('load', '?')}",
        "",
        f"{'case':<16} {'median':>10} {'min':>10} {'x floor':>8} {'cpu':>10} {'x floor':>8} "
        f"{'peak RSS':>10}  command",
    ]
    for row in results.rows:
        if row.measurement is None:
            lines.append(f"{row.name:<16} {'not available':>13}  ({row.unavailable})")
            continue
        measured = row.measurement
        ratio = results.ratio(row.name) or 0.0
        cpu_ratio = results.cpu_ratio(row.name) or 0.0
        lines.append(
            f"{row.name:<16} {_ms(measured.median):>10} {_ms(measured.minimum):>10} "
            f"{ratio:>7.2f}x {_ms(measured.cpu_median):>10} {cpu_ratio:>7.2f}x "
            f"{measured.peak_rss / MIB:>6.1f} MiB  {row.command}"
        )
    lines += ["", f"{'target (wall-time medians)':<54} {'measured':>12}  verdict"]
    for check in results.checks():
        note = f" ({check.note})" if check.note else ""
        lines.append(f"{check.target:<54} {check.measured:>12}  {check.verdict}{note}")
    return "\n".join(lines) + "\n"


def as_json(results: Results) -> dict[str, Any]:
    """The machine-readable results: medians in seconds, memory in bytes."""
    rows = []
    for row in results.rows:
        entry: dict[str, Any] = {
            "name": row.name,
            "description": row.description,
            "command": row.command,
            "available": row.measurement is not None,
        }
        if row.measurement is None:
            entry["reason"] = row.unavailable
        else:
            entry.update(
                {
                    "median_s": row.measurement.median,
                    "min_s": row.measurement.minimum,
                    "max_s": row.measurement.maximum,
                    "cpu_median_s": row.measurement.cpu_median,
                    "cpu_ratio_to_floor": results.cpu_ratio(row.name),
                    "samples_s": [sample.seconds for sample in row.measurement.samples],
                    "peak_rss_bytes": row.measurement.peak_rss,
                    "ratio_to_floor": results.ratio(row.name),
                }
            )
        rows.append(entry)
    return {
        "runs": results.runs,
        "machine": results.machine,
        "preview_shapes": [list(shape) for shape in results.preview_shapes],
        "check_shape": list(results.check_shape) if results.check_shape else None,
        "plugin_shape": list(results.plugin_shape) if results.plugin_shape else None,
        "cases": rows,
        "checks": [
            {"target": c.target, "measured": c.measured, "ok": c.ok, "note": c.note}
            for c in results.checks()
        ],
    }
