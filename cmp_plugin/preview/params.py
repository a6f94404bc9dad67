"""Parameter sets, and what every generator of the preview shares.

A generator yields `ParamSet`s: the Go-template parameters Argo CD's generator would give
(`map[string]any`), the cluster they came from, and anything the preview could not evaluate
in them. Values follow Go's types as Argo CD builds them: labels, annotations and `values`
are `map[string]string` (`GoStringMap`), numbers read from JSON or YAML are float64.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..gotemplate import GoStringMap, Outcome, compile_template

if TYPE_CHECKING:
    from ..fleet.clusterparams import PreviewCluster


class GeneratorError(Exception):
    """Argo CD fails the whole generator (and so the ApplicationSet) with this message."""


class GeneratorUnsupported(Exception):
    """A generator feature the preview does not evaluate; nothing is guessed."""


@dataclass(frozen=True, slots=True)
class ParamSet:
    """One parameter set, the cluster it came from, and what could not be evaluated in it."""

    params: Mapping[str, Any]
    cluster: str | None = None
    server_known: bool = True
    problems: tuple[str, ...] = ()


@dataclass(slots=True)
class GeneratorContext:
    """What the generators of one ApplicationSet share: the template options, the
    repository the git generator reads, and caches."""

    missingkey: str
    repo_root: str | None
    files: dict[str, list[str]] = field(default_factory=dict)  # git glob -> files
    compiled: dict[str, Any] = field(default_factory=dict)  # interpolated spec -> generator
    notes: list[str] = field(default_factory=list)  # what Argo CD does silently


class TypedList(list):
    """A typed Go slice (`[]string` for the git generator's `path.segments`,
    `[]map[string]any` for a flat list's `clusters`), not a `[]interface{}`: templates see a
    list, but a post-selector's flattening keeps it whole (`%v`: `[a b]`)."""

    __slots__ = ()


Generator = Callable[[Sequence["PreviewCluster"]], list[ParamSet]]
ValuesRenderer = Callable[[Mapping[str, Any]], tuple[GoStringMap | None, tuple[str, ...]]]


def values_renderer(values: Any, context: GeneratorContext) -> ValuesRenderer:
    """`appendTemplatedValues`: each value rendered with the generator's own parameters.

    The result replaces any `values` the parameters had; an empty `values` adds nothing.
    """
    if not values:
        return lambda _params: (None, ())
    if not isinstance(values, Mapping):
        raise GeneratorError("values must be a mapping of strings")
    for key, value in values.items():
        if not isinstance(value, str):
            raise GeneratorError(f"values.{key} must be a string")
    if all("{{" not in value for value in values.values()):  # nothing to render
        constant = GoStringMap((str(key), value) for key, value in values.items())
        return lambda _params: (constant, ())
    templates = [
        (str(key), compile_template(value, context.missingkey)) for key, value in values.items()
    ]

    def render(params: Mapping[str, Any]) -> tuple[GoStringMap | None, tuple[str, ...]]:
        rendered = GoStringMap()
        problems: list[str] = []
        for key, template in templates:
            result = template.render(params)
            if result.outcome is Outcome.ERROR:
                raise GeneratorError(f"failed to replace templated string: {result.message}")
            if result.outcome is Outcome.UNEVALUATED:
                problems.append(f"values.{key}: {result.message} (shown as written)")
            rendered[key] = result.text
        return rendered, tuple(problems)

    return render


def with_values(
    base: Mapping[str, Any],
    values: ValuesRenderer,
    cluster: str | None,
    server_known: bool = True,
    problems: tuple[str, ...] = (),
) -> ParamSet:
    rendered, value_problems = values(base)
    params = dict(base)
    if rendered is not None:
        params["values"] = rendered
    return ParamSet(params, cluster, server_known, problems + value_problems)


def deep_merge(dst: Mapping[str, Any], src: Mapping[str, Any]) -> dict[str, Any]:
    """`mergo.Merge(&dst, src, mergo.WithOverride)` on parameter maps, without mutating either.

    Maps merge key by key; any other value of `src` (an empty string or nil included) replaces
    the one of `dst`, and so does a map of `src` where `dst` has no map. The result keeps
    `dst`'s map type (a `GoStringMap` stays one).
    """
    merged = type(dst)(dst) if isinstance(dst, dict) else dict(dst)
    for key, value in src.items():
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping) and current:
            merged[key] = deep_merge(current, value)
        else:
            merged[key] = value
    return merged


def merged_param_set(first: ParamSet, second: ParamSet) -> ParamSet:
    """The matrix generator's pair: the second's parameters, the first's merged over them."""
    return ParamSet(
        deep_merge(dict(second.params), first.params),
        first.cluster or second.cluster,
        first.server_known and second.server_known,
        first.problems + second.problems,
    )


def kinds_of(spec: Mapping[str, Any]) -> list[str]:
    """The generator kinds a generator mapping sets (a null one is unset, as in Go)."""
    return [key for key, value in spec.items() if key != "selector" and value is not None]


def template_free(value: Any) -> bool:
    """Whether no string (or mapping key) of `value` holds a template action."""
    if isinstance(value, str):
        return "{{" not in value
    if isinstance(value, Mapping):
        return all(template_free(k) and template_free(v) for k, v in value.items())
    if isinstance(value, list):
        return all(template_free(v) for v in value)
    return True


def describe(kinds: Sequence[str]) -> str:
    return ", ".join(kinds) or "none"


def json_kind(value: Any) -> str:
    """What Go's `encoding/json` calls a decoded value in its "cannot unmarshal" errors."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, Mapping) else "null"
