"""`python -m bench`: measure the plugin, the CLI, Helm's engine and the operator tools
(preview, validate, diff) as whole processes.

Each case runs once to warm the caches, check that it works (a case that fails is shown as
not available, with its last line of stderr) and take its peak RSS, then the cases run in
turn, run after run, so that a slow spell of the machine touches all of them alike; the
table shows medians and their ratios to the floor from this one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .cases import FLOOR, ROOT, Case, chart_cases, fleet_case, floor_case
from .measure import Measurement, failure_line, run_once
from .report import Results, Row, as_json, format_table, machine
from .scale import diff_case, plugin_folders_cases, preview_case, validate_case
from .synth import FleetShape

DEFAULT_RUNS = 7
QUICK_RUNS = 3
DEFAULT_PREVIEW_RUNS = 3
COMPONENTS, RELEASES = 60, 3
DEFAULT_PREVIEW_CLUSTERS = (2000, 10000, 20000)
DEFAULT_CHECK_CLUSTERS = 2000  # validate and diff, the pull-request checks
DEFAULT_PLUGIN_CLUSTERS = 10000  # the plugin in a tree of this many cluster folders
QUICK_PREVIEW_CLUSTERS = (200, 400)
QUICK_CHECK_CLUSTERS = 100
QUICK_PLUGIN_CLUSTERS = 400
QUICK_COMPONENTS = 20

Log = Callable[[str], None]


def shape(clusters: int, components: int, releases: int) -> FleetShape:
    """A synthetic fleet: 10 tenants (fewer for tiny fleets) and 3 environments."""
    return FleetShape(
        clusters=clusters,
        components=components,
        releases=releases,
        tenants=max(1, min(10, clusters // 10)),
        environments=3,
    )


def preview_shapes(clusters: Sequence[int], components: int, releases: int) -> list[FleetShape]:
    return [shape(count, components, releases) for count in clusters]


def all_cases(
    workdir: Path,
    previews: list[FleetShape],
    check: FleetShape | None = None,
    plugin: FleetShape | None = None,
) -> list[Case]:
    """Every row, in the table's order; the synthetic fleets are written on the way."""
    cases = [floor_case(), *chart_cases(workdir), fleet_case(workdir)]
    if plugin is not None:
        cases += plugin_folders_cases(workdir, plugin)
    cases += [preview_case(workdir, fleet) for fleet in previews]
    if check is not None:
        cases += [validate_case(workdir, check), diff_case(workdir, check)]
    return cases


def measure(
    cases: list[Case], runs: int, preview_runs: int, log: Log = lambda _: None
) -> list[Row]:
    """Rows in the order of `cases`: each available case warmed up, then sampled in turn."""
    rows = [Row(case.name, case.description) for case in cases]
    active: list[tuple[Case, Row]] = []
    for case, row in zip(cases, rows, strict=True):
        if case.command is None:
            row.unavailable = case.unavailable
            continue
        row.command = case.command.display()
        log(f"warm-up: {case.name}")
        sample, stdout = run_once(case.command, keep_stdout=True, memory=True)
        if sample.returncode != 0:
            row.unavailable = failure_line(sample)
        elif case.name != FLOOR and not case.quiet_ok and not stdout.strip():
            row.unavailable = "wrote nothing"
        else:
            row.measurement = Measurement(peak_rss=sample.max_rss_bytes)
            active.append((case, row))
    for index in range(max(runs, preview_runs)):
        log(f"run {index + 1}/{max(runs, preview_runs)}")
        for case, row in active:
            wanted = preview_runs if case.long else runs
            if index >= wanted or row.measurement is None:
                continue
            assert case.command is not None
            sample, _ = run_once(case.command)
            if sample.returncode != 0:
                row.measurement, row.unavailable = None, failure_line(sample)
            else:
                row.measurement.samples.append(sample)
    return rows


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Time the plugin, the CLI, Helm's engine, preview, validate and diff.",
    )
    parser.add_argument("--runs", type=int, help=f"runs per case (default {DEFAULT_RUNS})")
    parser.add_argument(
        "--preview-runs",
        type=int,
        help=f"runs of each preview, validate and diff (default {DEFAULT_PREVIEW_RUNS})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_RUNS} runs (1 of the tools), fleets of {_listed(QUICK_PREVIEW_CLUSTERS)} "
        f"clusters x {QUICK_COMPONENTS} components",
    )
    parser.add_argument(
        "--preview-clusters",
        help="comma-separated cluster counts of the previewed fleets "
        f"(default {_listed(DEFAULT_PREVIEW_CLUSTERS)})",
    )
    parser.add_argument(
        "--check-clusters",
        type=int,
        help=f"clusters of the fleet validate and diff run on (default {DEFAULT_CHECK_CLUSTERS}; "
        "0: none)",
    )
    parser.add_argument(
        "--plugin-clusters",
        type=int,
        help="cluster folders of the tree the plugin runs in, beside a small one "
        f"(default {DEFAULT_PLUGIN_CLUSTERS}; 0: none)",
    )
    parser.add_argument("--preview-components", type=int, help=f"components (default {COMPONENTS})")
    parser.add_argument("--preview-releases", type=int, default=RELEASES)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--workdir", help="keep the scratch repositories here (reused)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else DEFAULT_RUNS
    if args.preview_runs is None:
        args.preview_runs = 1 if args.quick else min(args.runs, DEFAULT_PREVIEW_RUNS)
    if args.preview_clusters is None:
        counts = QUICK_PREVIEW_CLUSTERS if args.quick else DEFAULT_PREVIEW_CLUSTERS
        args.preview_clusters = list(counts)
    else:
        try:
            args.preview_clusters = [int(n) for n in args.preview_clusters.split(",") if n]
        except ValueError:
            parser.error("--preview-clusters takes comma-separated integers")
    if args.check_clusters is None:
        args.check_clusters = QUICK_CHECK_CLUSTERS if args.quick else DEFAULT_CHECK_CLUSTERS
    if args.plugin_clusters is None:
        args.plugin_clusters = QUICK_PLUGIN_CLUSTERS if args.quick else DEFAULT_PLUGIN_CLUSTERS
    if args.preview_components is None:
        args.preview_components = QUICK_COMPONENTS if args.quick else COMPONENTS
    if args.runs < 1 or args.preview_runs < 0:
        parser.error("--runs must be at least 1")
    if args.check_clusters < 0 or args.plugin_clusters < 0:
        parser.error("--check-clusters and --plugin-clusters take a count (0: none)")
    return args


def _listed(counts: Sequence[int]) -> str:
    return ", ".join(str(count) for count in counts)


def benchmark(args: argparse.Namespace, log: Log) -> Results:
    dimensions = (args.preview_components, args.preview_releases)
    previews = preview_shapes(args.preview_clusters, *dimensions)
    check = shape(args.check_clusters, *dimensions) if args.check_clusters else None
    plugin = shape(args.plugin_clusters, *dimensions) if args.plugin_clusters else None
    scratch = Path(args.workdir or tempfile.mkdtemp(prefix="argocd-fleet-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        log(f"setting up in {scratch} (synthetic fleets of {_listed(args.preview_clusters)})")
        cases = all_cases(scratch, previews, check, plugin)
        rows = measure(cases, args.runs, args.preview_runs, log)
        for row in rows:
            row.command = row.command.replace(str(scratch), "$WORK").replace(str(ROOT), ".")
    finally:
        if not args.workdir:
            shutil.rmtree(scratch, ignore_errors=True)
    return Results(
        runs=args.runs,
        machine=machine(),
        rows=rows,
        preview_shapes=[_dimensions(s) for s in previews],
        check_shape=_dimensions(check) if check else None,
        plugin_shape=_dimensions(plugin) if plugin else None,
    )


def _dimensions(fleet: FleetShape) -> tuple[int, int, int]:
    return (fleet.clusters, fleet.components, fleet.releases)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)

    def log(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    results = benchmark(args, log)
    if args.json:
        print(json.dumps(as_json(results), indent=2))
    else:
        sys.stdout.write(format_table(results))
    missed = [check for check in results.checks() if check.ok is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
