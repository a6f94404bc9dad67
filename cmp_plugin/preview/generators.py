"""The ApplicationSet generators argocd-fleet emits, evaluated as Argo CD evaluates them.

Each generator is compiled once per ApplicationSet and then asked for parameter sets for a
list of prepared clusters. Parameters are Go-template parameters (`goTemplate: true`), built
as `applicationset/generators/*.go` in Argo CD builds them:

- `clusters` (`clustergen.py`) and `git` files (`gitfiles.py`);
- `list`: each of `elements`, then each of `elementsYaml`; the list generator has no
  `values` (the API server drops the field);
- `merge`: param sets of the first generator, deep-merged (later wins) with the param sets of
  later generators that have the same `mergeKeys` values; duplicates are an error;
- `matrix`: for each param set of the first generator, the second generator's spec rendered
  with it (`interpolation.py`), then every pair deep-merged, the first winning;
- a generator's `selector` keeps the param sets whose flattened parameters it matches.

Nesting is Argo CD's: a matrix or merge may hold a matrix or merge whose generators are plain
ones; a generator inside a matrix or merge must set exactly one kind. At the top level each
kind a generator sets runs (`compile_top_level`), with its own `template`.

A cluster without a known `server` (fleet members before registration) still merges with
itself and no other: its merge-key identity includes its name. Anything else (SCM, pull
request, cluster-decision and plugin generators, git `directories`) is reported as not
evaluated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import FleetError
from ..fleet.clusterparams import (  # noqa: F401  (re-exported: the preview's public API)
    PreviewCluster,
    prepare_cluster,
    prepare_clusters,
)
from ..gotemplate import json_like
from ..yamlio import load_text
from .clustergen import (  # noqa: F401  (re-exported: the preview's public API)
    IN_CLUSTER_NAME,
    IN_CLUSTER_SERVER,
    clusters_generator,
)
from .gitfiles import git_generator
from .interpolation import flatten_params, interpolate_generator
from .params import (
    Generator,
    GeneratorContext,
    GeneratorError,
    GeneratorUnsupported,
    ParamSet,
    deep_merge,
    json_kind,
    kinds_of,
    merged_param_set,
    template_free,
)
from .selectors import Selector, SelectorError, compile_selector

KNOWN_KINDS = ("list", "clusters", "git", "matrix", "merge")
UNSUPPORTED_KINDS = ("scmProvider", "pullRequest", "clusterDecisionResource", "plugin")
COMBINING = ("matrix", "merge")
TERMINAL_DEPTH = 2  # generators inside a nested matrix or merge cannot combine


def compile_top_level(
    spec: Mapping[str, Any], context: GeneratorContext
) -> list[tuple[str, Generator, Mapping[str, Any]]]:
    """`(kind, generator, the kind's own template)` for each kind a top-level generator sets
    (Argo CD runs every one of them; the API server drops unknown ones)."""
    if not isinstance(spec, Mapping):
        raise GeneratorError("a generator must be a mapping")
    post = _post_selector(spec)
    result = []
    for kind in _kinds(spec, context, depth=0):
        generator = _selected(_compile_kind(kind, spec[kind], context, 0), post)
        body = spec[kind]
        template = body.get("template") if isinstance(body, Mapping) else None
        result.append((kind, generator, template if isinstance(template, Mapping) else {}))
    return result


def compile_generator(spec: Any, context: GeneratorContext, depth: int = 1) -> Generator:
    """A generator inside a matrix or merge: exactly one kind, its post-selector applied."""
    if not isinstance(spec, Mapping):
        raise GeneratorError("a generator must be a mapping")
    post = _post_selector(spec)
    kinds = _kinds(spec, context, depth)
    if not kinds:
        raise GeneratorError("child generator generated no parameters")
    if len(kinds) > 1:
        raise GeneratorError("found more than one generator in matrix.Generators")
    return _selected(_compile_kind(kinds[0], spec[kinds[0]], context, depth), post)


def _kinds(spec: Mapping[str, Any], context: GeneratorContext, depth: int) -> list[str]:
    kinds = []
    for kind in kinds_of(spec):
        if kind in COMBINING and depth >= TERMINAL_DEPTH:
            context.notes.append(
                f"a {kind} generator nested two levels deep is dropped (Argo CD allows a "
                "matrix or merge inside a matrix or merge, holding plain generators only)"
            )
        elif kind in KNOWN_KINDS or kind in UNSUPPORTED_KINDS:
            kinds.append(kind)
        else:
            context.notes.append(f"unknown generator {kind!r} (the API server drops it)")
    return kinds


def _compile_kind(kind: str, body: Any, context: GeneratorContext, depth: int) -> Generator:
    if kind in UNSUPPORTED_KINDS:
        raise GeneratorUnsupported(f"the {kind} generator")
    if body is None or not isinstance(body, Mapping):
        raise GeneratorError(f"{kind} must be a mapping")
    if kind == "clusters":
        return clusters_generator(body, context)
    if kind == "git":
        return git_generator(body, context)
    if kind == "list":
        return _list(body, context)
    if kind == "merge":
        return _merge(body, context, depth)
    return _matrix(body, context, depth)


# --------------------------------------------------------------------------------------------
# post-selectors


def _post_selector(spec: Mapping[str, Any]) -> Selector | None:
    """The generator's `selector` (Argo CD's own `LabelSelectorAsSelector`: any value)."""
    raw = spec.get("selector")
    if raw is None:
        return None
    try:
        return compile_selector(raw, check_values=False)
    except SelectorError as err:
        raise GeneratorError(f"error parsing label selector: {err.message}") from None


def _selected(generator: Generator, post: Selector | None) -> Generator:
    if post is None:
        return generator

    def generate(clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
        return [p for p in generator(clusters) if post.matches(flatten_params(p.params))]

    return generate


# --------------------------------------------------------------------------------------------
# list


def _list(body: Mapping[str, Any], context: GeneratorContext) -> Generator:
    if body.get("values") is not None:
        context.notes.append(
            "list.values is ignored: the list generator has no values (the API server drops "
            "the field), so .values.* of its elements is missing"
        )
    elements = body.get("elements") or []
    if not isinstance(elements, list):
        raise GeneratorError("list.elements must be a list")
    for element in elements:
        if not isinstance(element, Mapping):
            raise GeneratorError(
                "error unmarshling list element json: cannot unmarshal "
                f"{json_kind(element)} into Go value of type map[string]interface {{}}"
            )
    params = [json_like(element) for element in elements]
    params.extend(_elements_yaml(body.get("elementsYaml")))

    def generate(_clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
        return [ParamSet(dict(p)) for p in params]

    return generate


def _elements_yaml(text: Any) -> list[dict[str, Any]]:
    """`elementsYaml`: a YAML list of objects, appended after `elements`."""
    if not text:
        return []
    if not isinstance(text, str):
        raise GeneratorError("list.elementsYaml must be a string")
    try:
        data = load_text(text, "elementsYaml")
    except FleetError as err:
        raise GeneratorError(f"error unmarshling decoded ElementsYaml {err}") from None
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(item, Mapping) for item in data):
        raise GeneratorError(
            f"error unmarshling decoded ElementsYaml: not a list of objects ({json_kind(data)})"
        )
    return [json_like(item) for item in data]


# --------------------------------------------------------------------------------------------
# merge and matrix


def _child_specs(body: Mapping[str, Any], what: str) -> list[Any]:
    specs = body.get("generators") or []
    if not isinstance(specs, list):
        raise GeneratorError(f"{what}.generators must be a list")
    return specs


def _merge_key(params: ParamSet, keys: Sequence[str]) -> str:
    identity: dict[str, Any] = {key: params.params.get(key) for key in keys}
    if "server" in keys and not params.server_known:
        # Unknown servers are all "", which Argo CD would call duplicates; a real secret has one.
        identity["(cluster without a server)"] = params.cluster
    return json.dumps(identity, sort_keys=True, separators=(",", ":"), default=str)


def _merge(body: Mapping[str, Any], context: GeneratorContext, depth: int) -> Generator:
    specs = _child_specs(body, "merge")
    if len(specs) < 2:
        raise GeneratorError("found less than two generators, Merge requires two or more")
    keys = body.get("mergeKeys") or []
    if not keys:
        raise GeneratorError("no merge keys were specified, Merge requires at least one")
    keys = list(dict.fromkeys(str(k) for k in keys))
    children = [_guarded(spec, context, depth + 1) for spec in specs]

    def by_key(param_sets: list[ParamSet]) -> dict[str, ParamSet]:
        indexed: dict[str, ParamSet] = {}
        for param_set in param_sets:
            key = _merge_key(param_set, keys)
            if key in indexed:
                raise GeneratorError(
                    "the parameters from a generator were not unique by the given mergeKeys, "
                    f"Merge requires all param sets to be unique. Duplicate key was {key}"
                )
            indexed[key] = param_set
        return indexed

    def generate(clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
        generated = []
        for number, child in enumerate(children, start=1):
            try:
                generated.append(child(clusters))
            except GeneratorError as err:
                raise GeneratorError(
                    f"error getting params from generator {number} of {len(children)}: {err}"
                ) from None
        base = by_key(generated[0])
        for param_sets in generated[1:]:
            overrides = by_key(param_sets)
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


def _guarded(spec: Any, context: GeneratorContext, depth: int) -> Generator:
    """A child generator; one Argo CD would fail on fails when it runs, with its message."""
    try:
        generator = compile_generator(spec, context, depth)
    except GeneratorError as err:
        message = f"child generator returned an error on parameter generation: {err}"

        def failing(_clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
            raise GeneratorError(message)

        return failing

    def generate(clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
        try:
            return generator(clusters)
        except GeneratorError as err:
            raise GeneratorError(
                f"child generator returned an error on parameter generation: {err}"
            ) from None

    return generate


def _matrix(body: Mapping[str, Any], context: GeneratorContext, depth: int) -> Generator:
    specs = _child_specs(body, "matrix")
    if len(specs) < 2:
        raise GeneratorError("found less than two generators, Matrix support only two")
    if len(specs) > 2:
        raise GeneratorError("found more than two generators, Matrix support only two")
    first = _guarded(specs[0], context, depth + 1)
    second_spec = specs[1]
    plain_second = _guarded(second_spec, context, depth + 1)
    # Rendering the second spec changes nothing when it holds no template.
    templated = isinstance(second_spec, Mapping) and not template_free(second_spec)

    def second_for(params: Mapping[str, Any]) -> Generator:
        if not templated or not params:
            return plain_second
        post_selector = second_spec.get("selector")
        body = {k: v for k, v in second_spec.items() if k != "selector"}
        try:
            rendered = interpolate_generator(body, params, context.missingkey)
        except GeneratorError as err:
            raise GeneratorError(
                f"child generator returned an error on parameter generation: {err}"
            ) from None
        if post_selector is not None:  # Argo CD filters with the selector as written
            rendered["selector"] = post_selector
        key = json.dumps(rendered, sort_keys=True, default=str)
        generator = context.compiled.get(key)
        if generator is None:
            generator = context.compiled[key] = _guarded(rendered, context, depth + 1)
        return generator

    def generate(clusters: Sequence[PreviewCluster]) -> list[ParamSet]:
        result: list[ParamSet] = []
        try:
            first_sets = first(clusters)
        except GeneratorError as err:
            raise GeneratorError(
                f"error failed to get params for first generator in matrix generator: {err}"
            ) from None
        for a in first_sets:
            try:
                second_sets = second_for(a.params)(clusters)
            except GeneratorError as err:
                raise GeneratorError(
                    f"failed to get params for second generator in the matrix generator: {err}"
                ) from None
            result.extend(merged_param_set(a, b) for b in second_sets)
        return result

    return generate
