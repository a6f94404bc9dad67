"""`python -m bench`: measure the plugin, the CLI, Helm and preview as whole processes.

Each case runs once to warm the caches, check that it works (a case that fails is shown as
not available, with its last line of stderr) and take its peak RSS, then the cases run in turn, run after run, so
that a slow spell of the machine touches all of them alike; the table shows medians and their
ratios to the floor from this one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .cases import FLOOR, ROOT, Case, all_cases
from .measure import Measurement, failure_line, run_once
from .report import PREVIEW_TARGET_SHAPE, Results, Row, as_json, format_table, machine
from .synth import FleetShape

DEFAULT_RUNS = 7
QUICK_RUNS = 3
DEFAULT_PREVIEW_RUNS = 3
QUICK_PREVIEW = ((200, 400), 20)
DEFAULT_PREVIEW_CLUSTERS = (PREVIEW_TARGET_SHAPE[0], 2 * PREVIEW_TARGET_SHAPE[0])

Log = Callable[[str], None]


def preview_shapes(clusters: Sequence[int], components: int, releases: int) -> list[FleetShape]:
    """The synthetic fleets: 10 tenants (fewer for tiny fleets) and 3 environments."""
    return [
        FleetShape(
            clusters=count,
            components=components,
            releases=releases,
            tenants=max(1, min(10, count // 10)),
            environments=3,
        )
        for count in clusters
    ]


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
        elif case.name != FLOOR and not stdout.strip():
            row.unavailable = "wrote nothing"
        else:
            row.measurement = Measurement(peak_rss=sample.max_rss_bytes)
            active.append((case, row))
    for index in range(max(runs, preview_runs)):
        log(f"run {index + 1}/{max(runs, preview_runs)}")
        for case, row in active:
            wanted = preview_runs if case.name.startswith("preview") else runs
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
        description="Time the plugin, the CLI, Helm's engine and preview as whole processes.",
    )
    parser.add_argument("--runs", type=int, help=f"runs per case (default {DEFAULT_RUNS})")
    parser.add_argument(
        "--preview-runs", type=int, help=f"runs per preview (default {DEFAULT_PREVIEW_RUNS})"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_RUNS} runs, previews of {QUICK_PREVIEW[0][0]} and {QUICK_PREVIEW[0][1]} "
        f"clusters x {QUICK_PREVIEW[1]} components",
    )
    parser.add_argument(
        "--preview-clusters",
        help="comma-separated cluster counts of the synthetic fleets (default 2000,4000)",
    )
    parser.add_argument("--preview-components", type=int, help="components (default 60)")
    parser.add_argument("--preview-releases", type=int, default=PREVIEW_TARGET_SHAPE[2])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--workdir", help="keep the scratch repositories here (reused)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    quick_clusters, quick_components = QUICK_PREVIEW
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else DEFAULT_RUNS
    if args.preview_runs is None:
        args.preview_runs = min(args.runs, DEFAULT_PREVIEW_RUNS)
    if args.preview_clusters is None:
        counts = quick_clusters if args.quick else DEFAULT_PREVIEW_CLUSTERS
        args.preview_clusters = list(counts)
    else:
        try:
            args.preview_clusters = [int(n) for n in args.preview_clusters.split(",") if n]
        except ValueError:
            parser.error("--preview-clusters takes comma-separated integers")
    if args.preview_components is None:
        args.preview_components = quick_components if args.quick else PREVIEW_TARGET_SHAPE[1]
    if args.runs < 1 or args.preview_runs < 0:
        parser.error("--runs must be at least 1")
    return args


def benchmark(args: argparse.Namespace, log: Log) -> Results:
    shapes = preview_shapes(args.preview_clusters, args.preview_components, args.preview_releases)
    scratch = Path(args.workdir or tempfile.mkdtemp(prefix="argocd-fleet-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        log(
            f"setting up in {scratch} (synthetic fleets: {', '.join(map(str, args.preview_clusters))})"
        )
        cases = all_cases(scratch, shapes)
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
        preview_shapes=[(s.clusters, s.components, s.releases) for s in shapes],
    )


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
