"""The blast-radius guard of `argocd-fleet diff`: limits a change must stay within in CI.

- `--max-clusters N`: at most N clusters whose Applications change (added, removed or
  changed); a cluster whose labels change but whose Applications do not is not counted;
- `--max-removed N`: at most N Applications removed;
- `--protect LABEL=VALUE` (repeatable): no Application removed on a cluster carrying that
  label, on either side of the diff (a label change that drops a cluster out of `prod`
  removes Applications from a `prod` cluster).

An Application is *removed* when the change deletes it from its cluster and adds nothing of
the same component there. A version bump renames the Application (the chart's names end
with the version), and a cluster moved to another release gets the same component from
another ApplicationSet: Argo CD deletes the old Application and creates the new one, but the
component stays deployed. Those are *replaced*, reported as such, and not counted as
removed, so that a routine upgrade of production passes `--protect environment=prod`.

Pure: a `FleetDiff` and the `Limits` in, a `Verdict` out. The command exits `EXIT_TRIPPED`
when a limit is exceeded; every report format says which one, and by how much.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import UsageError
from ..preview.applications import PreviewApp
from .compare import ClusterDiff, FleetDiff

# The exit status of a tripped guard: distinct from 1 (bad input, or a difference with
# --exit-code), 2 (usage) and 3 (internal error), so a pipeline can tell them apart.
EXIT_TRIPPED = 4
SHOWN_CLUSTERS = 5  # cluster names a message lists before "and N more"


@dataclass(frozen=True, slots=True)
class Protect:
    """`--protect LABEL=VALUE`: no Application removed on clusters labelled so."""

    label: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Protect:
        label, sep, value = text.partition("=")
        if not sep or not label.strip():
            raise UsageError(f"--protect {text!r}: give LABEL=VALUE, e.g. environment=prod")
        return cls(label.strip(), value.strip())

    def covers(self, cluster: ClusterDiff) -> bool:
        """The cluster carries the label on either side."""
        sides = (cluster.labels_before, cluster.labels_after)
        return any(labels.get(self.label) == self.value for labels in sides)

    def __str__(self) -> str:
        return f"{self.label}={self.value}"


@dataclass(frozen=True, slots=True)
class Limits:
    max_clusters: int | None = None
    max_removed: int | None = None
    protect: tuple[Protect, ...] = ()

    @classmethod
    def parse(
        cls, max_clusters: int | None, max_removed: int | None, protect: tuple[str, ...]
    ) -> Limits:
        rules = tuple(dict.fromkeys(Protect.parse(text) for text in protect))
        return cls(max_clusters, max_removed, rules)

    @property
    def given(self) -> bool:
        return self.max_clusters is not None or self.max_removed is not None or bool(self.protect)


@dataclass(frozen=True, slots=True)
class Check:
    """One limit measured against the change."""

    limit: str  # as given on the command line: "--max-removed 3"
    allowed: int
    count: int
    noun: str  # what `count` counts, singular: "Application removed"
    plural: str
    clusters: list[str] = field(default_factory=list)  # where the counted things are

    @property
    def over(self) -> int:
        return max(0, self.count - self.allowed)

    @property
    def tripped(self) -> bool:
        return self.count > self.allowed

    def describe(self, quote: Callable[[str], str] = str) -> str:
        """`--max-removed 0: 2 Applications removed (spoke-prod-1), 2 over the limit`;
        `quote` shows the limit and the cluster names (the Markdown report quotes them)."""
        what = f"{self.count} {self.noun if self.count == 1 else self.plural}"
        where = f" ({some([quote(name) for name in self.clusters])})" if self.clusters else ""
        verdict = f"{self.over} over the limit" if self.tripped else "within the limit"
        return f"{quote(self.limit)}: {what}{where}, {verdict}"


@dataclass(slots=True)
class Verdict:
    checks: list[Check] = field(default_factory=list)
    replaced: int = 0  # Applications replaced (not counted as removed)

    @property
    def tripped(self) -> list[Check]:
        return [check for check in self.checks if check.tripped]

    def heading(self) -> str:
        """`Blast radius: 1 of 3 limits exceeded`, or `Blast radius: within the limits`."""
        if not self.tripped:
            return "Blast radius: within the limits"
        count = len(self.checks)
        return (
            f"Blast radius: {len(self.tripped)} of {count} limit{'s' if count > 1 else ''} exceeded"
        )

    def replacements(self) -> str:
        """Why a replaced Application is not counted, when there are some."""
        if not self.replaced:
            return ""
        one = self.replaced == 1
        return (
            f"{self.replaced} removed Application{'' if one else 's'} {'is' if one else 'are'} "
            "replaced by another version or release of the same component on the same cluster: "
            "not counted as removed"
        )


def check(diff: FleetDiff, limits: Limits) -> Verdict:
    """Each limit given, measured against `diff`."""
    removed = {cluster.name: len(removals(cluster)) for cluster in diff.clusters}
    verdict = Verdict(replaced=sum(len(c.removed) for c in diff.clusters) - sum(removed.values()))
    if limits.max_clusters is not None:
        touched = [cluster.name for cluster in diff.clusters if cluster.applications_differ]
        verdict.checks.append(
            Check(
                f"--max-clusters {limits.max_clusters}",
                limits.max_clusters,
                len(touched),
                "cluster with changed Applications",
                "clusters with changed Applications",
                touched,
            )
        )
    if limits.max_removed is not None:
        verdict.checks.append(
            Check(
                f"--max-removed {limits.max_removed}",
                limits.max_removed,
                sum(removed.values()),
                "Application removed",
                "Applications removed",
                [name for name, count in removed.items() if count],
            )
        )
    for rule in limits.protect:
        protected = [c.name for c in diff.clusters if removed[c.name] and rule.covers(c)]
        verdict.checks.append(
            Check(
                f"--protect {rule}",
                0,
                sum(removed[name] for name in protected),
                "Application removed on a protected cluster",
                "Applications removed on protected clusters",
                protected,
            )
        )
    return verdict


def removals(cluster: ClusterDiff) -> list[PreviewApp]:
    """The cluster's removed Applications that no added Application of their component replaces."""
    added = Counter(_component(app) for app in cluster.added)
    result = []
    for app in cluster.removed:
        key = _component(app)
        if added[key]:
            added[key] -= 1
        else:
            result.append(app)
    return result


def exit_status(verdict: Verdict, exit_code: bool, equal: bool) -> int:
    """`EXIT_TRIPPED` when a limit is exceeded, else 1 for a difference under --exit-code."""
    if verdict.tripped:
        return EXIT_TRIPPED
    return 1 if exit_code and not equal else 0


def some(names: list[str], shown: int = SHOWN_CLUSTERS) -> str:
    """`a, b, c and 4 more`."""
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" and {len(names) - shown} more"


def _component(app: PreviewApp) -> str:
    return app.component or app.applicationSet
