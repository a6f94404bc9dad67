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

from .cases import CLI_CHART, FLOOR, HELM_CHART, PLUGIN_CHART, PLUGIN_FLEET, preview_name
from .measure import MIB, Measurement

# The README's performance targets (its Performance table), and the size the absolute
# preview limits are stated for.
PLUGIN_CHART_MAX = 1.6
PLUGIN_VS_HELM_MIN = 2.0
PLUGIN_FLEET_MAX = 1.8
CLI_CHART_MAX = 2.2
PREVIEW_SECONDS_MAX = 5.0
PREVIEW_MIB_MAX = 300.0
PREVIEW_SCALING_MAX = 1.1  # per doubling: 4,000 clusters at most 2.2x the time of 2,000
PREVIEW_TARGET_SHAPE = (2000, 60, 3)


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
    preview_shapes: list[tuple[int, int, int]] = field(default_factory=list)

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
        ]

    def _preview_checks(self) -> list[Check]:
        if not self.preview_shapes:
            return []
        first = self.preview_shapes[0]
        row = self.row(preview_name(first[0]))
        size = "x".join(str(n) for n in first)
        at_target = first == PREVIEW_TARGET_SHAPE
        note = "" if at_target else "limit stated for 2000x60x3"
        measurement = row.measurement if row else None
        seconds = measurement.median if measurement else None
        mib = measurement.peak_rss / MIB if measurement else None
        time_check = _under(f"preview {size} time", seconds, PREVIEW_SECONDS_MAX, " s")
        memory_check = _under(f"preview {size} peak RSS", mib, PREVIEW_MIB_MAX, " MiB")
        checks = [_scope(time_check, at_target, note), _scope(memory_check, at_target, note)]
        if len(self.preview_shapes) > 1:
            second = self.preview_shapes[1]
            limit = PREVIEW_SCALING_MAX * second[0] / first[0]
            ratio = _divide(self.median(preview_name(second[0])), seconds)
            checks.append(_at_most(f"preview {second[0]} / {first[0]} clusters", ratio, limit, "x"))
        return checks


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


def _scope(check: Check, applies: bool, note: str) -> Check:
    if applies or check.ok is None:
        return check
    return Check(check.target, check.measured, None, note)


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
        f"{'case':<14} {'median':>10} {'min':>10} {'x floor':>8} {'cpu':>10} {'x floor':>8} "
        f"{'peak RSS':>10}  command",
    ]
    for row in results.rows:
        if row.measurement is None:
            lines.append(f"{row.name:<14} {'not available':>13}  ({row.unavailable})")
            continue
        measured = row.measurement
        ratio = results.ratio(row.name) or 0.0
        cpu_ratio = results.cpu_ratio(row.name) or 0.0
        lines.append(
            f"{row.name:<14} {_ms(measured.median):>10} {_ms(measured.minimum):>10} "
            f"{ratio:>7.2f}x {_ms(measured.cpu_median):>10} {cpu_ratio:>7.2f}x "
            f"{measured.peak_rss / MIB:>6.1f} MiB  {row.command}"
        )
    lines += ["", f"{'target (wall-time medians)':<46} {'measured':>12}  verdict"]
    for check in results.checks():
        note = f" ({check.note})" if check.note else ""
        lines.append(f"{check.target:<46} {check.measured:>12}  {check.verdict}{note}")
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
        "cases": rows,
        "checks": [
            {"target": c.target, "measured": c.measured, "ok": c.ok, "note": c.note}
            for c in results.checks()
        ],
    }
