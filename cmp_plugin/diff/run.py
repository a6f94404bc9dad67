"""`argocd-fleet diff` from end to end: open the two sides, preview each, compare them."""

from __future__ import annotations

from typing import NamedTuple

from .compare import FleetDiff, diff_previews
from .sides import SideOptions, opened_sides, preview_side, side_warnings


class DiffRun(NamedTuple):
    result: FleetDiff
    labels: tuple[str, str]  # how the report names the two sides
    warnings: list[str]  # each side's warnings once, named by the side


def diff_fleet(
    repo: str | None,
    from_rev: str | None,
    to_rev: str | None,
    from_dir: str | None,
    to_dir: str | None,
    options: SideOptions,
) -> DiffRun:
    """Two revisions of `repo`, or two directories, previewed with `options` and compared;
    the revisions are materialised only while this runs."""
    with opened_sides(repo, from_rev, to_rev, from_dir, to_dir) as comparison:
        options.origins = comparison.origins
        previews = []
        for side, notes in comparison.sides:
            comparison.ready(side, notes)
            previews.append(preview_side(side, options, notes.append))
        result = diff_previews(*previews)
    return DiffRun(result, comparison.labels, side_warnings(comparison.sides))
