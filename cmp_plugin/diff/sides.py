"""One side of a diff: a directory (a materialised revision, the work tree, or a checkout)
previewed as `argocd-fleet preview` previews it.

Both sides take the same options. A file the options name inside the compared tree (`--hub`,
`--values` under `--repo DIR`, or under `--from-dir`/`--to-dir`) is read from each side, so a
change to it shows; a file outside is read as it is, for both. A `--hierarchy` file is
relative to the repository root, so each side reads its own. The hub
defaults to each side's `clusters/hub.yaml`, the bootstrap values to each side's hub
bootstrap, as preview does. Cluster-secret files (`--clusters`) describe the live clusters,
not the repository: they are read once and used for both sides.

Messages name the side: a file of a revision is `REV:path`, of a directory its path; a
side's warnings are collected and given back, not printed, so the command can print each once.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import FleetError, Warn
from ..fleet.cluster import Cluster
from ..preview.appsets import Reuse
from ..preview.fleet import FleetPreview

if TYPE_CHECKING:
    from .revisions import Trees

WORK_TREE = "work tree"  # the label of the to side when --to is not given


@dataclass(frozen=True, slots=True)
class Side:
    """Where one side's files are, and how messages name them (a comparison lists the from
    side first)."""

    label: str  # the revision, "work tree", or the directory as given
    root: str  # the directory previewed
    folder: str = ""  # a directory side: its path as given; a revision side: ""

    def display(self, relative: str) -> str:
        """How messages name the side's file `relative`: `REV:path`, or a path."""
        if not self.folder:
            return f"{self.label}:{relative}"
        return os.path.join(self.folder, relative)

    def relative(self, path: str) -> str | None:
        """`path` relative to this side's root, or None when it is not under it."""
        for root in dict.fromkeys((self.root, os.path.realpath(self.root))):
            if path == root:
                return ""
            if path.startswith(root + os.sep):
                return path[len(root) + 1 :]
        return None


@dataclass(slots=True)
class SideOptions:
    """The options both sides share (see `argocd-fleet diff --help`)."""

    origins: list[str] = field(default_factory=list)  # real paths of the compared trees
    hub: str | None = None
    hub_cluster: Cluster | None = None  # a hub --hub named that no file of a side describes
    clusters: list[Cluster] = field(default_factory=list)  # from --clusters, read once
    groups: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    hierarchy: str | None = None
    versions: str | None = None
    # What the sides share once previewed (ApplicationSets evaluated for the same clusters).
    reuse: Reuse = field(default_factory=Reuse)

    def own(self, path: str, side: Side) -> str:
        """`path`, or its counterpart in `side` when it lies inside a compared tree."""
        real = os.path.realpath(path)
        for origin in self.origins:
            if real == origin or real.startswith(origin + os.sep):
                return os.path.join(side.root, os.path.relpath(real, origin))
        return path

    def outside(self, side: Side) -> set[str]:
        """The files the options name outside the compared trees (read as given)."""
        named = [self.hub, self.hierarchy, *self.values.values()]
        return {path for path in named if path and self.own(path, side) == path}


@dataclass(slots=True)
class Comparison:
    """The two sides, each with the warnings it gave so far (`opened_sides`)."""

    sides: list[tuple[Side, list[str]]]
    origins: list[str]  # real paths of the compared trees (see `SideOptions.own`)
    # Revision sides share one directory: `ready` makes it hold a side's revision.
    trees: Trees | None = None
    commits: dict[str, str] = field(default_factory=dict)  # revision -> commit

    @property
    def labels(self) -> tuple[str, str]:
        return (self.sides[0][0].label, self.sides[1][0].label)

    def ready(self, side: Side, notes: list[str]) -> None:
        """Make the side's files be there, before it is previewed."""
        if self.trees is not None and side.root == self.trees.root:
            self.trees.show(side.label, self.commits[side.label], notes.append)


@contextmanager
def opened_sides(
    repo: str | None,
    from_rev: str | None,
    to_rev: str | None,
    from_dir: str | None,
    to_dir: str | None,
) -> Iterator[Comparison]:
    """The sides to compare: two revisions of `repo` (`from_rev` HEAD by default, `to_rev` the
    work tree by default), materialised in turn until the block ends (`Comparison.ready`:
    the second from the first, by what changed); or two directories."""
    from . import revisions

    if repo is None:
        if from_dir is None or to_dir is None:
            raise FleetError("two directories to compare are needed")
        for folder in (from_dir, to_dir):
            if not os.path.isdir(folder):
                raise FleetError("directory does not exist", folder)
        yield Comparison(
            [
                (Side(label=from_dir, root=from_dir, folder=from_dir), []),
                (Side(label=to_dir, root=to_dir, folder=to_dir), []),
            ],
            [os.path.realpath(from_dir), os.path.realpath(to_dir)],
        )
        return
    checkout = revisions.locate(repo)
    revisions_asked = [from_rev or "HEAD", to_rev]
    commits = {r: revisions.resolve_commit(checkout, r) for r in revisions_asked if r is not None}
    with revisions.revision_trees(checkout) as trees:
        sides: list[tuple[Side, list[str]]] = []
        for revision in revisions_asked:
            if revision is None:
                sides.append((Side(label=WORK_TREE, root=repo, folder=repo), []))
            else:
                sides.append((Side(label=revision, root=trees.root), []))
        yield Comparison(sides, [os.path.realpath(repo)], trees, commits)


def preview_side(side: Side, options: SideOptions, warn: Warn) -> FleetPreview:
    """The preview of one side; a `FleetError` names the side's file (or the side)."""
    try:
        return _preview(side, options, warn)
    except FleetError as err:
        raise relabel(err, side, options.outside(side)) from None


def _preview(side: Side, options: SideOptions, warn: Warn) -> FleetPreview:
    from ..fleet.clusterfiles import load_hub
    from ..fleet.hierarchy import PRESETS, resolve
    from ..fleet.paths import Repo
    from ..fleet.releases import DEFAULT_VERSIONS
    from ..preview.fleet import PreviewRequest, preview_fleet
    from ..registration.objects import fleet_clusters

    checkout = Repo.at(side.root)
    hub_file = options.own(options.hub, side) if options.hub else None
    hub = options.hub_cluster or load_hub(checkout, hub_file)
    hierarchy = options.hierarchy
    if hierarchy and hierarchy not in PRESETS and os.path.isabs(hierarchy):
        hierarchy = options.own(hierarchy, side)  # else relative to each side's root
    request = PreviewRequest(
        repo=checkout,
        hub=hub,
        clusters=fleet_clusters(checkout, hub, options.clusters, warn),
        groups=list(dict.fromkeys(options.groups)),
        values={group: options.own(path, side) for group, path in options.values.items()},
        hierarchy=resolve(hierarchy, checkout, outside_allowed=True),
        versions=options.versions or DEFAULT_VERSIONS,
        reuse=options.reuse,
    )
    return preview_fleet(request, warn)


def relabel(err: FleetError, side: Side, outside: Collection[str] = ()) -> FleetError:
    """The error with its file named as the side names it, or the side's label in front.

    Preview names the repository's files relative to its root, translated option files by
    their path in the side's root; files in `outside` (options naming files out of the
    compared trees) and errors without a file get the side's label in front instead.
    """
    file = err.file
    relative = None
    if file and file not in outside:
        relative = side.relative(file) if os.path.isabs(file) else file
    if relative is not None:
        err.file = side.display(relative) if relative else side.folder or side.label
    else:
        err.message = f"{side.label}: {err.message}"
    err.message = relabel_text(err.message, side)
    return err


def relabel_text(text: str, side: Side) -> str:
    """`text` with the side's (temporary) root left out of the paths it holds."""
    for root in dict.fromkeys((os.path.realpath(side.root), side.root)):
        text = text.replace(root + os.sep, "")
    return text


def side_warnings(sides: Collection[tuple[Side, list[str]]]) -> list[str]:
    """Each side's warnings once, named by the side (or sides) that gave it, in order."""
    seen: dict[str, list[str]] = {}
    for side, messages in sides:
        for message in messages:
            text = relabel_text(message, side)
            labels = seen.setdefault(text, [])
            if side.label not in labels:
                labels.append(side.label)
    return [f"{', '.join(labels)}: {text}" for text, labels in seen.items()]
