"""The ApplicationSet generators argocd-fleet emits, evaluated as Argo CD evaluates them.

Each generator is compiled once per ApplicationSet and then asked for parameter sets for a
list of prepared clusters. Parameters are Go-template parameters (`goTemplate: true`), built
as `applicationset/generators/*.go` in Argo CD builds them:

- `clusters`: `name`, `nameNormalized`, `server`, `project`, `metadata.labels` and
  `metadata.annotations` (each only when non-empty), `values` rendered with those parameters.
  Its selector gets `argocd.argoproj.io/secret-type: cluster` added; an empty selector also
  yields the local `in-cluster` when no cluster secret has its address.
- `merge`: param sets of the first generator, deep-merged (later wins) with the param sets of
  later generators that have the same `mergeKeys` values; duplicates are an error.
- `matrix`: every pair of the two generators' param sets, deep-merged, the first winning.
- `git` `files`: the repository's own files matching each path (a glob under the repository
  root), each file's object (or each object of a list) plus `path.*`, then `values`.
- `list`: each element.

A cluster without a known `server` (fleet members before registration) still merges with
itself and no other: its merge-key identity includes its name. Anything else (other
generators, `flatList`, post-selectors, git `directories`) is reported as not evaluated.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import FleetError
from ..fleet.paths import read_regular
from ..yamlio import load_text
from .gotemplate import GoStringMap, Outcome, compile_template, sanitize_name
from .selectors import SelectorError, cluster_generator_selector

IN_CLUSTER_NAME = "in-cluster"
IN_CLUSTER_SERVER = "https://kubernetes.default.svc"


class GeneratorError(Exception):
    """Argo CD fails the whole generator (and so the ApplicationSet) with this message."""


class GeneratorUnsupported(Exception):
    """A generator feature the preview does not evaluate; nothing is guessed."""


@dataclass(frozen=True, slots=True)
class PreviewCluster:
    """A cluster secret as the cluster generator reads it, prepared once for all ApplicationSets."""

    name: str
    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    server: str
    server_known: bool
    params: Mapping[str, Any]  # the generator's parameters before `values`


def prepare_cluster(cluster: Any) -> PreviewCluster:
    """From `{name, server?, project?, labels, annotations}`, a secret-like
    `{name, metadata: {labels, annotations}}`, or an object with those attributes."""
    if isinstance(cluster, PreviewCluster):
        return cluster
    if isinstance(cluster, Mapping):
        metadata = cluster.get("metadata") or {}
        name = cluster.get("name", metadata.get("name"))
        labels = cluster.get("labels", metadata.get("labels")) or {}
        annotations = cluster.get("annotations", metadata.get("annotations")) or {}
        server = cluster.get("server") or ""
        project = cluster.get("project") or ""
    else:
        name = getattr(cluster, "name", None)
        labels = getattr(cluster, "labels", None) or {}
        annotations = getattr(cluster, "annotations", None) or {}
        server = getattr(cluster, "server", "") or ""
        project = getattr(cluster, "project", "") or ""
    if not isinstance(name, str) or not name:
        raise FleetError(f"a cluster needs a name (a non-empty string), got {name!r}")
    for what, mapping in (("labels", labels), ("annotations", annotations)):
        if not isinstance(mapping, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise FleetError(f"cluster {name}: {what} must map strings to strings")
    labels_map = GoStringMap(labels)
    annotations_map = GoStringMap(annotations)
    metadata_params: dict[str, Any] = {}
    # Argo CD sets each only when non-empty, so `.metadata.labels.x` fails on a bare secret.
    if annotations_map:
        metadata_params["annotations"] = annotations_map
    if labels_map:
        metadata_params["labels"] = labels_map
    params = {
        "name": name,
        "nameNormalized": sanitize_name(name),
        "server": str(server),
        "project": str(project),
        "metadata": metadata_params,
    }
    return PreviewCluster(name, labels_map, annotations_map, str(server), bool(server), params)


def prepare_clusters(clusters: Iterable[Any]) -> list[PreviewCluster]:
    """Prepared clusters; a later cluster replaces an earlier one of the same name, as the
    cluster generator keys secrets by name."""
    by_name: dict[str, PreviewCluster] = {}
    for cluster in clusters:
        prepared = prepare_cluster(cluster)
        by_name.pop(prepared.name, None)
        by_name[prepared.name] = prepared
    return list(by_name.values())


@dataclass(frozen=True, slots=True)
class ParamSet:
    """One parameter set, the cluster it came from, and what could not be evaluated in it."""

    params: Mapping[str, Any]
    cluster: str | None = None
    server_known: bool = True
    problems: tuple[str, ...] = ()


@dataclass(slots=True)
class GeneratorContext:
    missingkey: str
    repo_root: str | None
    _files: dict[str, list[str]] = field(default_factory=dict)


Generator = Callable[[Sequence[PreviewCluster], ParamSet | None], list[ParamSet]]

_UNSUPPORTED_KINDS = (
    "scmProvider",
    "pullRequest",
    "clusterDecisionResource",
    "plugin",
)


def compile_generator(spec: Mapping[str, Any], context: GeneratorContext) -> Generator:
    """A function from (clusters, outer param set of a matrix) to param sets."""
    if not isinstance(spec, Mapping):
        raise GeneratorError("a generator must be a mapping")
    if spec.get("selector"):
        raise GeneratorUnsupported("a generator's post-selector (generators[].selector)")
    kinds = [key for key in spec if key != "selector"]
    if len(kinds) != 1:
        raise GeneratorError(f"a generator must have exactly one kind, found {kinds}")
    kind = kinds[0]
    body = spec[kind]
    if kind == "clusters":
        return _clusters(body or {}, context)
    if kind == "merge":
        return _merge(body or {}, context)
    if kind == "matrix":
        return _matrix(body or {}, context)
    if kind == "git":
        return _git(body or {}, context)
    if kind == "list":
        return _list(body or {}, context)
    if kind in _UNSUPPORTED_KINDS:
        raise GeneratorUnsupported(f"the {kind} generator")
    raise GeneratorError(f"unknown generator {kind!r}")


# --------------------------------------------------------------------------------------------
# values


def _values_renderer(
    values: Any, context: GeneratorContext
) -> Callable[[Mapping[str, Any]], tuple[GoStringMap | None, tuple[str, ...]]]:
    """`appendTemplatedValues`: each value rendered with the generator's own parameters."""
    if not values:
        return lambda _params: (None, ())
    if not isinstance(values, Mapping):
        raise GeneratorError("values must be a mapping of strings")
    templates = []
    for key, value in values.items():
        if not isinstance(value, str):
            raise GeneratorError(f"values.{key} must be a string")
        templates.append((str(key), compile_template(value, context.missingkey)))
    if all(t.is_constant for _, t in templates):
        constant = GoStringMap((key, t.source) for key, t in templates)
        return lambda _params: (constant, ())

    def render(params: Mapping[str, Any]) -> tuple[GoStringMap | None, tuple[str, ...]]:
        rendered = GoStringMap()
        problems: list[str] = []
        for key, template in templates:
            result = template.render(params)
            if result.outcome is Outcome.ERROR:
                raise GeneratorError(f"values.{key}: {result.message}")
            if result.outcome is Outcome.UNEVALUATED:
                problems.append(f"values.{key}: {result.message} (shown as written)")
            rendered[key] = result.text
        return rendered, tuple(problems)

    return render


# --------------------------------------------------------------------------------------------
# clusters


def _clusters(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    if body.get("flatList"):
        raise GeneratorUnsupported("the cluster generator's flatList")
    raw_selector = body.get("selector") or {}
    if "{{" in json.dumps(raw_selector):
        raise GeneratorUnsupported("a templated cluster selector")
    try:
        selector = cluster_generator_selector(raw_selector)
    except SelectorError as err:
        raise GeneratorError(f"error converting label selector: {err.message}") from None
    ignore_local = bool(raw_selector.get("matchLabels") or raw_selector.get("matchExpressions"))
    values = _values_renderer(body.get("values"), context)

    def generate(clusters: Sequence[PreviewCluster], _outer: ParamSet | None) -> list[ParamSet]:
        result: list[ParamSet] = []
        for cluster in clusters:
            if not selector.matches(cluster.labels):
                continue
            result.append(_with_values(cluster.params, values, cluster.name, cluster.server_known))
        if not ignore_local and not any(c.server == IN_CLUSTER_SERVER for c in clusters):
            local = {
                "name": IN_CLUSTER_NAME,
                "nameNormalized": IN_CLUSTER_NAME,
                "server": IN_CLUSTER_SERVER,
                "project": "",
            }
            result.append(_with_values(local, values, IN_CLUSTER_NAME, True))
        return result

    return generate


def _with_values(
    base: Mapping[str, Any],
    values: Callable[[Mapping[str, Any]], tuple[GoStringMap | None, tuple[str, ...]]],
    cluster: str | None,
    server_known: bool,
) -> ParamSet:
    rendered, problems = values(base)
    params = dict(base)
    if rendered is not None:
        params["values"] = rendered
    return ParamSet(params, cluster, server_known, problems)


# --------------------------------------------------------------------------------------------
# merge and matrix


def deep_merge(dst: Mapping[str, Any], src: Mapping[str, Any]) -> dict[str, Any]:
    """`mergo.Merge(&dst, src, mergo.WithOverride)` on parameter maps, without mutating either.

    Maps merge key by key; any other value of `src` (an empty string or nil included) replaces
    the one of `dst`. The result keeps `dst`'s map type (a `GoStringMap` stays one).
    """
    merged = type(dst)(dst) if isinstance(dst, dict) else dict(dst)
    for key, value in src.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged


def _children(body: Mapping[str, Any], what: str, context: GeneratorContext) -> list[Generator]:
    specs = body.get("generators") or []
    if not isinstance(specs, list):
        raise GeneratorError(f"{what}.generators must be a list")
    return [compile_generator(spec, context) for spec in specs]


def _merge_key(params: ParamSet, keys: Sequence[str]) -> str:
    identity: dict[str, Any] = {key: params.params.get(key) for key in keys}
    if "server" in keys and not params.server_known:
        # Unknown servers are all "", which Argo CD would call duplicates; a real secret has one.
        identity["(cluster without a server)"] = params.cluster
    return json.dumps(identity, sort_keys=True, default=str)


def _merge(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    children = _children(body, "merge", context)
    if len(children) < 2:
        raise GeneratorError("found less than two generators, Merge requires two or more")
    keys = body.get("mergeKeys") or []
    if not keys:
        raise GeneratorError("no merge keys were specified, Merge requires at least one")
    keys = list(dict.fromkeys(str(k) for k in keys))

    def by_key(param_sets: list[ParamSet]) -> dict[str, ParamSet]:
        indexed: dict[str, ParamSet] = {}
        for param_set in param_sets:
            key = _merge_key(param_set, keys)
            if key in indexed:
                raise GeneratorError(f"found duplicate key when merging. Duplicate key was {key}")
            indexed[key] = param_set
        return indexed

    def generate(clusters: Sequence[PreviewCluster], outer: ParamSet | None) -> list[ParamSet]:
        base = by_key(children[0](clusters, outer))
        for child in children[1:]:
            overrides = by_key(child(clusters, outer))
            for key, param_set in base.items():
                override = overrides.get(key)
                if override is not None:
                    base[key] = ParamSet(
                        deep_merge(param_set.params, override.params),
                        param_set.cluster,
                        param_set.server_known,
                        param_set.problems + override.problems,
                    )
        return list(base.values())

    return generate


def _matrix(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    children = _children(body, "matrix", context)
    if len(children) < 2:
        raise GeneratorError("found less than two generators, Matrix requires two")
    if len(children) > 2:
        raise GeneratorError("found more than two generators, Matrix support only two")
    first, second = children

    def generate(clusters: Sequence[PreviewCluster], outer: ParamSet | None) -> list[ParamSet]:
        result: list[ParamSet] = []
        for a in first(clusters, outer):
            for b in second(clusters, a):
                result.append(
                    ParamSet(
                        deep_merge(deep_merge({}, b.params), a.params),
                        a.cluster or b.cluster,
                        a.server_known and b.server_known,
                        a.problems + b.problems,
                    )
                )
        return result

    return generate


# --------------------------------------------------------------------------------------------
# list and git files


def _list(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    if body.get("elementsYaml"):
        raise GeneratorUnsupported("the list generator's elementsYaml")
    elements = body.get("elements") or []
    if not isinstance(elements, list) or not all(isinstance(e, Mapping) for e in elements):
        raise GeneratorError("list.elements must be a list of mappings")
    values = _values_renderer(body.get("values"), context)

    def generate(_clusters: Sequence[PreviewCluster], _outer: ParamSet | None) -> list[ParamSet]:
        return [_with_values(_json_like(element), values, None, True) for element in elements]

    return generate


def _git(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    if body.get("directories"):
        raise GeneratorUnsupported("the git directories generator")
    files = body.get("files") or []
    if not isinstance(files, list) or not files:
        raise GeneratorError("the git generator needs files (or directories)")
    if context.repo_root is None:
        raise GeneratorUnsupported("the git files generator without a repository to read")
    includes = [f for f in files if isinstance(f, Mapping) and not f.get("exclude")]
    excludes = [f for f in files if isinstance(f, Mapping) and f.get("exclude")]
    patterns = [
        (compile_template(str(f.get("path", "")), context.missingkey), bool(f.get("exclude")))
        for f in includes + excludes
    ]
    prefix = str(body.get("pathParamPrefix") or "")
    values = _values_renderer(body.get("values"), context)
    root = os.path.realpath(context.repo_root)
    parsed: dict[str, list[dict[str, Any]]] = {}

    def generate(_clusters: Sequence[PreviewCluster], outer: ParamSet | None) -> list[ParamSet]:
        selected: set[str] = set()
        removed: set[str] = set()
        for template, exclude in patterns:
            pattern = template.source
            if not template.is_constant:
                rendered = template.render(outer.params if outer else {})
                if not rendered.ok:
                    raise GeneratorUnsupported(f"git files path {pattern!r}: {rendered.message}")
                pattern = rendered.text
            (removed if exclude else selected).update(_glob(root, pattern, context))
        result: list[ParamSet] = []
        for path in sorted(selected - removed):
            if path not in parsed:
                parsed[path] = _file_params(root, path, prefix)
            for params in parsed[path]:
                result.append(_with_values(params, values, None, True))
        return result

    return generate


def _glob(root: str, pattern: str, context: GeneratorContext) -> list[str]:
    """Repository-relative files matching `pattern` (`*` within a folder, `**` across)."""
    cached = context._files.get(pattern)
    if cached is not None:
        return cached
    if not pattern or pattern.startswith("/") or ".." in pattern.split("/") or "\\" in pattern:
        raise GeneratorError(f"git files path {pattern!r} must stay inside the repository")
    found: list[str] = []
    for relative in glob.glob(pattern, root_dir=root, recursive=True, include_hidden=True):
        relative = relative.replace(os.sep, "/")
        if relative.startswith(".git/"):
            continue
        full = os.path.realpath(os.path.join(root, relative))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            continue
        found.append(relative)
    found.sort()
    context._files[pattern] = found
    return found


def _file_params(root: str, path: str, prefix: str) -> list[dict[str, Any]]:
    """`generateParamsFromGitFile`: one param set per object of the file, plus `path.*`."""
    try:
        data = load_text(read_regular(os.path.join(root, path), path), path)
    except FleetError as err:
        raise GeneratorError(f"unable to process file {path!r}: {err}") from None
    if data is None:
        objects: list[Any] = [{}]
    elif isinstance(data, Mapping):
        objects = [data]
    elif isinstance(data, list) and all(isinstance(item, Mapping) for item in data):
        objects = data
    else:
        raise GeneratorError(f"unable to process file {path!r}: not an object or a list of them")
    directory = os.path.dirname(path) or "."
    basename = os.path.basename(directory)
    filename = os.path.basename(path)
    path_params = {
        "path": directory,
        "basename": basename,
        "filename": filename,
        "basenameNormalized": sanitize_name(basename),
        "filenameNormalized": sanitize_name(filename),
        "segments": directory.split("/"),
    }
    result = []
    for item in objects:
        params = _json_like(item)
        if prefix:
            params[prefix] = {"path": dict(path_params)}
        else:
            params["path"] = dict(path_params)
        result.append(params)
    return result


def _json_like(value: Any) -> Any:
    """What Go sees after sigs.k8s.io/yaml: string keys, and every number a float64."""
    if isinstance(value, Mapping):
        return {str(k): _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value
    return str(value)
