"""The hub's ApplicationSets of one group, evaluated for the whole fleet.

Each ApplicationSet is evaluated on its own: its cluster selectors pick the clusters (through
a `ClusterIndex` of label values), its compiled templates render their Applications
(`applications.compile_application_set`), and what it has to say becomes notes, in order.
That independence lets a large group be split into shares worked at once
(`batch.in_workers`): the ApplicationSets are dealt to the shares by the number of clusters
their selectors may pick, a worker sends its Applications back as plain tuples, and the
results are put back in the order of the ApplicationSets. A preview is therefore the same,
byte for byte and warning for warning, with one process or several.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from ..batch import in_workers, worker_count
from ..fleet.cluster import Cluster
from ..fleet.clusterparams import PreviewCluster
from ..fleet.paths import Repo
from ..gotemplate.values import Unknown
from .applications import PreviewApp, compile_application_set
from .selectors import Selector, SelectorError, cluster_generator_selector

# Below this many clusters to evaluate (summed over a group's ApplicationSets), a group is
# evaluated in this process: a worker costs ~10-20 ms to fork and to send back, and 20,000
# Applications take ~0.4 s to evaluate.
PARALLEL_MINIMUM = 20_000

_APP_FIELDS = tuple(field.name for field in fields(PreviewApp))
_as_tuple = attrgetter(*_APP_FIELDS)


@dataclass(slots=True)
class Evaluated:
    """What one ApplicationSet gives: its Applications and its notes, in the order said."""

    applications: list[PreviewApp]
    notes: list[str]


class ClusterIndex:
    """Clusters bucketed by label value, so a selector visits only clusters that can match.

    A selector with an equality or `In` requirement needs one of a few values of one key; the
    clusters holding them are found in the buckets of that key, and the smallest candidate
    set is then checked requirement by requirement. The cost is linear in the fleet.
    """

    def __init__(self, clusters: list[Cluster]) -> None:
        self.clusters = clusters
        self._buckets: dict[str, dict[str, list[int]]] = {}
        for position, cluster in enumerate(clusters):
            for key, value in cluster.labels.items():
                self._buckets.setdefault(key, {}).setdefault(value, []).append(position)

    def select(self, selector: Selector) -> list[int]:
        """Positions (in fleet order) of the clusters the selector matches."""
        requirements = selector.requirements
        if requirements is None:
            return []
        candidates: Iterable[int] | None = None
        smallest = len(self.clusters) + 1
        for requirement in requirements:
            if requirement.operator not in ("=", "In"):
                continue
            buckets = self._buckets.get(requirement.key, {})
            size = sum(len(buckets.get(value, ())) for value in requirement.values)
            if size < smallest:
                smallest = size
                candidates = sorted(
                    position for value in requirement.values for position in buckets.get(value, ())
                )
        if candidates is None:
            candidates = range(len(self.clusters))
        clusters = self.clusters
        return [p for p in candidates if selector.matches(clusters[p].labels)]

    def estimate(self, selector: Selector) -> int:
        """How many clusters `select` will check (its smallest candidate set), cheaply."""
        if selector.requirements is None:
            return 0
        sizes = [
            sum(len(self._buckets.get(r.key, {}).get(value, ())) for value in r.values)
            for r in selector.requirements
            if r.operator in ("=", "In")
        ]
        return min(sizes, default=len(self.clusters))


def cluster_selectors(appset: dict[str, Any]) -> list[Selector] | None:
    """The compiled selectors of the appset's cluster generators (at any depth).

    None when a generator is not a cluster generator nested only in matrix/merge generators
    with them (such an ApplicationSet is evaluated for every cluster).
    """
    spec = appset.get("spec") or {}
    selectors: list[Selector] = []

    def walk(generators: Any) -> bool:
        for generator in generators if isinstance(generators, list) else []:
            if not isinstance(generator, dict):
                return False
            if "clusters" in generator:
                clusters = generator.get("clusters") or {}
                try:
                    selectors.append(cluster_generator_selector(clusters.get("selector")))
                except SelectorError:
                    return False
            for combined in ("matrix", "merge"):
                if combined in generator:
                    inner = generator.get(combined) or {}
                    if not walk(inner.get("generators")):
                        return False
        return True

    if not walk(spec.get("generators")) or not selectors:
        return None
    return selectors


# --------------------------------------------------------------------------------------------
# one ApplicationSet


def evaluate_appset(
    appset: dict[str, Any], index: ClusterIndex, prepared: list[PreviewCluster], repo: Repo
) -> Evaluated:
    """Each Application the appset creates (`PreviewApp.cluster` says for which cluster)."""
    picked = _picked(appset, index, prepared)
    if isinstance(picked, range):
        candidates = prepared
    elif not picked:
        return Evaluated([], [])
    else:
        candidates = [prepared[position] for position in picked]
    result = compile_application_set(appset, repo.root).preview(candidates)
    notes = [
        f"ApplicationSet {result.name}: {message} (Argo CD fails this ApplicationSet)"
        for message in result.errors
    ]
    notes += [f"ApplicationSet {result.name}: {m}" for m in result.unevaluated + result.notes]
    if result.blocked and not result.errors:
        notes.append(
            f"ApplicationSet {result.name}: an Application fails to render, so Argo CD "
            "reconciles none of this ApplicationSet's Applications"
        )
    component = result.component or _component(appset)
    reported: set[str] = set()
    for app in result.applications:
        if not app.component:
            app.component = component
        for problem in app.problems:
            if problem not in reported:
                reported.add(problem)
                notes.append(f"ApplicationSet {result.name}: {problem}")
    return Evaluated(result.applications, notes)


def _component(appset: dict[str, Any]) -> str:
    template = (appset.get("spec") or {}).get("template") or {}
    labels = (template.get("metadata") or {}).get("labels") or {}
    component = labels.get("component")
    if isinstance(component, str) and component and "{{" not in component:
        return component
    return str((appset.get("metadata") or {}).get("name", ""))


# --------------------------------------------------------------------------------------------
# every ApplicationSet of a group


def evaluate_appsets(
    appsets: list[dict[str, Any]],
    index: ClusterIndex,
    prepared: list[PreviewCluster],
    repo: Repo,
    workers: int = 0,
    done: Callable[[int], None] = lambda _count: None,
    reuse: Reuse | None = None,
) -> Iterator[Evaluated]:
    """Each appset's `Evaluated`, in order; an exception is raised where it arose.

    `workers`: 1 for this process only; N for N processes; 0 for `batch.worker_count()`
    when the group is large enough to gain by it. `done(count)` hears how many are done.
    With `reuse`, an appset evaluated before for the same clusters is not evaluated again.
    """
    keys = reuse.keys(appsets, index, prepared) if reuse else [None] * len(appsets)
    known = {p: reuse.get(key) for p, key in enumerate(keys) if reuse and reuse.has(key)}
    todo = [position for position in range(len(appsets)) if position not in known]
    fresh = _evaluated(appsets, todo, index, prepared, repo, workers, done)
    for position, key in enumerate(keys):
        if position in known:
            yield known[position]
            continue
        evaluated = next(fresh)
        if reuse and key is not None:
            reuse.put(key, evaluated)
        yield evaluated
    done(len(appsets))


def _evaluated(
    appsets: list[dict[str, Any]],
    todo: list[int],
    index: ClusterIndex,
    prepared: list[PreviewCluster],
    repo: Repo,
    workers: int,
    done: Callable[[int], None],
) -> Iterator[Evaluated]:
    """The `Evaluated` of the appsets at the positions `todo`, in order."""
    shares = _shares([appsets[p] for p in todo], index, len(prepared), workers)
    if len(shares) < 2:
        for count, position in enumerate(todo, start=1):
            yield evaluate_appset(appsets[position], index, prepared, repo)
            done(count)
        return
    parent = os.getpid()

    def work(share: list[int]) -> list[Any]:
        """(position, `Evaluated`) of each appset of the share, in order, or in a worker
        (position, Applications as tuples, notes); stopping at an exception, kept in place of
        the entry for the parent to raise."""
        entries: list[Any] = []
        for count, position in enumerate(share, start=1):
            try:
                evaluated = evaluate_appset(appsets[todo[position]], index, prepared, repo)
            except Exception as err:  # raised in order, by the loop below
                entries.append((position, err))
                break
            if os.getpid() != parent:  # what a worker sends back: plain tuples
                tuples = [_as_tuple(app) for app in evaluated.applications]
                entries.append((position, tuples, evaluated.notes))
                continue
            entries.append((position, evaluated))
            done(min(len(todo), count * len(shares)))  # the workers' progress is alike
        return entries

    by_position: dict[int, Any] = {}
    for entries in in_workers(work, shares):
        by_position.update((entry[0], entry) for entry in entries)
    for position in range(len(todo)):
        entry = by_position[position]
        if len(entry) == 3:
            yield Evaluated([PreviewApp(*values) for values in entry[1]], entry[2])
        elif isinstance(entry[1], Evaluated):
            yield entry[1]
        else:
            raise entry[1]


def _shares(
    appsets: list[dict[str, Any]], index: ClusterIndex, fleet: int, workers: int
) -> list[list[int]]:
    """The appsets' positions dealt to the workers, each share in order; one share when one
    process will do. The largest are dealt first, each to the least loaded share."""
    count = workers or worker_count()
    if count < 2 or len(appsets) < 2:
        return [list(range(len(appsets)))]
    costs = [_cost(appset, index, fleet) for appset in appsets]
    if not workers and sum(costs) < PARALLEL_MINIMUM:
        return [list(range(len(appsets)))]
    count = min(count, len(appsets))
    loads = [0] * count
    shares: list[list[int]] = [[] for _ in range(count)]
    for position in sorted(range(len(appsets)), key=lambda p: (-costs[p], p)):
        lightest = loads.index(min(loads))
        shares[lightest].append(position)
        loads[lightest] += costs[position] + 1
    return [sorted(share) for share in shares if share]


def _cost(appset: dict[str, Any], index: ClusterIndex, fleet: int) -> int:
    selectors = cluster_selectors(appset)
    if selectors is None:
        return fleet
    return sum(index.estimate(selector) for selector in selectors)


# --------------------------------------------------------------------------------------------
# reuse across previews


class Reuse:
    """ApplicationSets evaluated once for two previews of nearly the same fleet (`diff`).

    What an ApplicationSet gives depends only on itself and on the clusters its selectors
    pick, when its generators read nothing else: cluster and list generators, nested in
    matrix and merge generators (a git generator reads the repository: it is evaluated each
    time). Results are kept by (the ApplicationSet as JSON, the clusters it picks as JSON, in
    order), so the second side of a diff evaluates only the ApplicationSets that changed or
    whose clusters did. The two previews then share Application objects; nothing changes a
    `PreviewApp` once it is made.
    """

    def __init__(self) -> None:
        self._results: dict[tuple[str, tuple[str, ...]], Evaluated] = {}

    def keys(
        self, appsets: list[dict[str, Any]], index: ClusterIndex, prepared: list[PreviewCluster]
    ) -> list[tuple[str, tuple[str, ...]] | None]:
        """The key of each appset for these clusters; None for one that reads more."""
        clusters: list[str] | None = None
        keys: list[tuple[str, tuple[str, ...]] | None] = []
        for appset in appsets:
            text = _as_json(appset) if _pure(appset) else None
            if text is None:
                keys.append(None)
                continue
            if clusters is None:  # everything a generator reads of each cluster
                clusters = [
                    json.dumps(
                        [c.name, c.key, c.server, c.server_known, c.params], default=_unknown
                    )
                    for c in prepared
                ]
            keys.append((text, tuple(clusters[p] for p in _picked(appset, index, prepared))))
        return keys

    def has(self, key: tuple[str, tuple[str, ...]] | None) -> bool:
        return key is not None and key in self._results

    def get(self, key: tuple[str, tuple[str, ...]] | None) -> Evaluated:
        assert key is not None
        return self._results[key]

    def put(self, key: tuple[str, tuple[str, ...]], evaluated: Evaluated) -> None:
        self._results[key] = evaluated


def _picked(
    appset: dict[str, Any], index: ClusterIndex, prepared: list[PreviewCluster]
) -> Iterable[int]:
    """The positions of the clusters `evaluate_appset` evaluates the appset for."""
    selectors = cluster_selectors(appset)
    if selectors is None:
        return range(len(prepared))
    chosen: set[int] = set()
    for selector in selectors:
        chosen.update(index.select(selector))
    return sorted(chosen)


PURE_GENERATORS = frozenset(("clusters", "list", "matrix", "merge"))


def _pure(appset: dict[str, Any]) -> bool:
    """Whether the appset's generators read nothing but the clusters and themselves."""

    def pure(generators: Any) -> bool:
        if not isinstance(generators, list):
            return generators is None
        for generator in generators:
            if not isinstance(generator, dict):
                return False
            kinds = [key for key in generator if key not in ("selector", "template")]
            if any(kind not in PURE_GENERATORS for kind in kinds):
                return False
            for combined in ("matrix", "merge"):
                inner = generator.get(combined)
                if inner is not None and not (
                    isinstance(inner, dict) and pure(inner.get("generators"))
                ):
                    return False
        return True

    return pure((appset.get("spec") or {}).get("generators"))


def _unknown(value: Any) -> Any:
    """A parameter the preview was not given (a fleet member's server before it is
    registered), in a form no JSON value of a cluster takes."""
    if isinstance(value, Unknown):
        return {"\u0000unknown": value.reason}
    raise TypeError(f"{type(value).__name__} has no JSON form")


def _as_json(appset: dict[str, Any]) -> str | None:
    """The appset in its own key order (the order its templates are walked in); None when a
    value has no JSON form (no key then: it is evaluated each time)."""
    try:
        return json.dumps(appset, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
