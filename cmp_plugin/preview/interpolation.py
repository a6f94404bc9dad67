"""Generator specs rendered with another generator's parameters, and post-selector input.

The matrix generator renders its second generator's whole spec with each parameter set of
the first (`InterpolateGenerator`, Argo CD's `RenderGeneratorParams`) before running it:
every string and every mapping key, at any depth (list elements, selectors, git paths,
`elementsYaml`, a nested matrix or merge, even the generator's own `template`), under the
ApplicationSet's `goTemplateOptions`. One exception: the `values` of a generator (a
clusters, git, scmProvider, pullRequest, plugin or clusterDecisionResource generator, the
second one or one nested in it) are rendered under `missingkey=error`, and a value naming a
key the first generator does not have is kept as written, for the generator to render with
its own parameters. An error anywhere fails the matrix. An empty parameter set renders
nothing.

A generator's `selector` (a post-selector) keeps the parameter sets whose flattened form
matches it: nested keys joined with `.` (list items by index), each value printed with
Go's `%v` (`flatten_params`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..gotemplate import GoStringMap, Outcome, compile_template
from ..gotext import format_float
from .params import GeneratorError, GeneratorUnsupported, TypedList

# The generator types with a `Values map[string]string` field (`getFilteredGeneratorTypes`).
VALUES_KINDS = frozenset(
    ("clusters", "git", "scmProvider", "pullRequest", "plugin", "clusterDecisionResource")
)
COMBINING = frozenset(("matrix", "merge"))
_MISSING_KEY_ERRORS = ("map has no entry for key", "can't evaluate field")


def interpolate_generator(
    spec: Mapping[str, Any], params: Mapping[str, Any], missingkey: str, where: str = ""
) -> dict[str, Any]:
    """The generator `spec` rendered with `params` (the matrix's first parameter set).

    Argo CD renders the typed generator: the `values` of every generator that has them are
    pre-resolved (`_pre_resolve`), at any depth; a matrix or merge nested in it has no
    `template` and a list generator no `values` (dropped, never rendered); list elements and
    everything else are rendered string by string, keys included. Raises `GeneratorError` as
    Argo CD fails the matrix, `GeneratorUnsupported` when a string cannot be evaluated offline.
    """
    rendered: dict[str, Any] = {}
    for kind, body in spec.items():
        if body is None:
            continue
        path = f"{where}.{kind}" if where else kind
        key = _string(str(kind), params, missingkey, path)
        if not isinstance(body, Mapping):
            rendered[key] = _render(body, params, missingkey, path)
            continue
        dropped = {"template"} if kind in COMBINING else {"values"} if kind == "list" else set()
        parts: dict[str, Any] = {}
        for field, value in body.items():
            if field in dropped or value is None:
                continue
            inner = f"{path}.{field}"
            if field == "values" and kind in VALUES_KINDS:
                parts[field] = _pre_resolve(value, params, inner)
            elif field == "generators" and kind in COMBINING and isinstance(value, list):
                parts[field] = [
                    interpolate_generator(g, params, missingkey, f"{inner}[{i}]")
                    if isinstance(g, Mapping)
                    else g
                    for i, g in enumerate(value)
                ]
            else:
                parts[_string(str(field), params, missingkey, inner)] = _render(
                    value, params, missingkey, inner
                )
        rendered[key] = parts
    return rendered


def _render(value: Any, params: Mapping[str, Any], missingkey: str, where: str) -> Any:
    if isinstance(value, str):
        return _string(value, params, missingkey, where)
    if isinstance(value, Mapping):
        return {
            _string(str(key), params, missingkey, where): _render(
                item, params, missingkey, f"{where}.{key}"
            )
            for key, item in value.items()
            if item is not None  # a null member is dropped, as Go's walk does
        }
    if isinstance(value, list):
        return [_render(item, params, missingkey, f"{where}[{i}]") for i, item in enumerate(value)]
    return value


def _string(text: str, params: Mapping[str, Any], missingkey: str, where: str) -> str:
    if "{{" not in text:
        return text
    result = compile_template(text, missingkey).render(params)
    if result.outcome is Outcome.ERROR:
        raise GeneratorError(
            f"failed to replace parameters in generator: {where}: {result.message}"
        )
    if result.outcome is Outcome.UNEVALUATED:
        raise GeneratorUnsupported(
            f"{where} rendered with the first generator's parameters: {result.message}"
        )
    return result.text


def _pre_resolve(values: Any, params: Mapping[str, Any], where: str) -> Any:
    """The second generator's own `values`: rendered under `missingkey=error`, a value that
    names a key the first generator lacks kept as written (keys are not rendered)."""
    if not isinstance(values, Mapping):
        return values  # the generator reports it
    resolved: dict[str, Any] = {}
    for key, value in values.items():
        if not isinstance(value, str) or "{{" not in value:
            resolved[key] = value
            continue
        result = compile_template(value, "error").render(params)
        if result.outcome is Outcome.OK:
            resolved[key] = result.text
        elif result.outcome is Outcome.ERROR and any(
            m in result.message for m in _MISSING_KEY_ERRORS
        ):
            resolved[key] = value
        elif result.outcome is Outcome.ERROR:
            raise GeneratorError(
                f"failed to replace parameters in generator: failed to pre-resolve Values key "
                f"{key!r}: {result.message}"
            )
        else:
            raise GeneratorUnsupported(f"{where}.{key}: {result.message}")
    return resolved


# --------------------------------------------------------------------------------------------
# post-selectors


def flatten_params(params: Mapping[str, Any]) -> dict[str, str]:
    """`flattenParameters`: the labels a post-selector matches a parameter set with.

    Mappings reached through mappings from the top are walked (`normalizeMapForFlatten`
    turns their `map[string]string`s into `map[string]any`); lists are walked item by item,
    but a `map[string]string` inside a list, like a `[]string`, is one value.
    """
    flat: dict[str, str] = {}
    _flatten(params, "", flat, normalized=True)
    return flat


def _flatten(value: Any, prefix: str, flat: dict[str, str], normalized: bool) -> None:
    if isinstance(value, Mapping) and (normalized or not isinstance(value, GoStringMap)):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), flat, normalized)
    elif isinstance(value, list) and not isinstance(value, TypedList):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}.{index}" if prefix else str(index), flat, False)
    else:
        flat[prefix] = go_v(value)


def go_v(value: Any) -> str:
    """Go's `fmt.Sprintf("%v", value)` for parameter values."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, list):
        return "[" + " ".join(go_v(item) for item in value) + "]"
    if isinstance(value, Mapping):
        items = sorted(value.items())
        return "map[" + " ".join(f"{key}:{go_v(item)}" for key, item in items) + "]"
    return str(value)
