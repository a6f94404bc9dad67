"""The cluster generator, as `applicationset/generators/cluster.go` runs it.

Clusters are prepared once for a whole preview (`prepare_clusters`), each as the cluster
secret the generator reads:

- `name` and `nameNormalized` come from the secret's `data.name`, `""` when it has none;
  `server` from `data.server`; `project` from `data.project`, `""` when absent;
- `metadata.labels` and `metadata.annotations` are `map[string]string`, each set only when
  non-empty (so `.metadata.labels.x` fails on a secret without labels);
- the generator lists the secrets its selector matches (plus
  `argocd.argoproj.io/secret-type: cluster`), then keys them by `name`: of secrets sharing a
  name (every secret without one shares `""`), one is kept, and which one is not defined;
- an empty selector (no `matchLabels`, no `matchExpressions`) also yields the local
  `in-cluster` (`server: https://kubernetes.default.svc`, `project: ""`, no metadata) unless
  a selected secret has that server;
- `values` are rendered with each cluster's own parameters; `flatList: true` gives one
  parameter set `{clusters: [...]}` holding all of them (even when there are none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..fleet.clusterparams import PreviewCluster
from .params import (
    Generator,
    GeneratorContext,
    GeneratorError,
    ParamSet,
    TypedList,
    values_renderer,
    with_values,
)
from .selectors import SelectorError, cluster_generator_selector

IN_CLUSTER_NAME = "in-cluster"
IN_CLUSTER_SERVER = "https://kubernetes.default.svc"


def clusters_generator(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    raw_selector = body.get("selector") or {}
    if not isinstance(raw_selector, Mapping):
        raise GeneratorError("clusters.selector must be a label selector (a mapping)")
    try:
        selector = cluster_generator_selector(raw_selector)
    except SelectorError as err:
        raise GeneratorError(
            f"error getting cluster secrets: error converting label selector: {err.message}"
        ) from None
    # Local clusters have no secret and so no labels: a selector that asks for any skips them.
    ignore_local = bool(raw_selector.get("matchLabels") or raw_selector.get("matchExpressions"))
    values = values_renderer(body.get("values"), context)
    flat = bool(body.get("flatList"))

    def generate(clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
        selected = _keyed_by_name([c for c in clusters if selector.matches(c.labels)])
        result = [
            with_values(cluster.params, values, cluster.name, cluster.server_known, notes)
            for cluster, notes in selected
        ]
        if not ignore_local and not any(c.server == IN_CLUSTER_SERVER for c, _ in selected):
            local = {
                "name": IN_CLUSTER_NAME,
                "nameNormalized": IN_CLUSTER_NAME,
                "server": IN_CLUSTER_SERVER,
                "project": "",
            }
            result.append(with_values(local, values, IN_CLUSTER_NAME))
        if flat:
            return [_flat_list(result)]
        return result

    return generate


def _keyed_by_name(
    clusters: list[PreviewCluster],
) -> list[tuple[PreviewCluster, tuple[str, ...]]]:
    """`getSecretsByClusterName`: one secret per `data.name`, with a note where several
    shared it (the preview keeps the last one given; Argo CD keeps one, which is not defined)."""
    by_key: dict[str, list[PreviewCluster]] = {}
    for cluster in clusters:
        by_key.setdefault(cluster.key, []).append(cluster)
    result = []
    for key, sharing in by_key.items():
        kept = sharing[-1]
        notes: tuple[str, ...] = ()
        if len(sharing) > 1:
            names = ", ".join(c.name for c in sharing)
            notes = (
                f"the cluster secrets {names} all have the name {key!r}: Argo CD's cluster "
                f"generator keeps one of them (which one is not defined); the preview keeps "
                f"{kept.name}",
            )
        result.append((kept, notes))
    return result


def _flat_list(param_sets: list[ParamSet]) -> ParamSet:
    """`flatList: true`: one parameter set whose `clusters` lists every cluster's parameters."""
    problems: list[str] = []
    for param_set in param_sets:
        problems.extend(p for p in param_set.problems if p not in problems)
    return ParamSet(
        {"clusters": TypedList(dict(p.params) for p in param_sets)},
        None,
        all(p.server_known for p in param_sets),
        tuple(problems),
    )
