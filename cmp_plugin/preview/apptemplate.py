"""The Application template of an ApplicationSet, compiled once, rendered per parameter set.

As Argo CD's `RenderTemplateParams` does, every string of the template and every mapping key
is rendered with the parameter set under the ApplicationSet's `goTemplateOptions`; a
parameter set without any parameter leaves the whole template as written. Then
`templatePatch`, when set, is rendered and applied (`templatepatch.py`). A top-level
generator's own `template` is merged over the ApplicationSet's first (`merge_templates`).

The common case (no templated key, no patch) takes a fast path: all strings rendered by one
function, the reported fields picked by position. Otherwise the Application is built as a
mapping and the fields are read from it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any, TypeGuard

from .. import gotemplate
from ..gotemplate import Outcome, Template, compile_template
from ..k8snames import is_label_value, is_subdomain
from .templatepatch import PatchError, PatchUnsupported, apply_patch, parse_patch

FAILS = "(Argo CD fails this Application)"
FIELDS = ("name", "namespace", "destination", "chart", "path", "repoURL", "targetRevision")
MISSINGKEY_MODES = {"default": "default", "invalid": "default", "zero": "zero", "error": "error"}
RAW_FIELDS = frozenset(("valuesObject",))  # runtime.RawExtension: merged as one value


class TemplateOptionsError(Exception):
    """A `goTemplateOptions` entry Go's `Template.Option` panics on."""


def missingkey_of(options: Any) -> str:
    """The `missingkey` mode of `goTemplateOptions`, the last one winning (Go's order)."""
    mode = "default"
    for option in options or ():
        text = str(option)
        if not text:
            raise TemplateOptionsError("goTemplateOptions: empty option string")
        key, _, value = text.partition("=")
        if key != "missingkey" or value not in MISSINGKEY_MODES:
            raise TemplateOptionsError(f"goTemplateOptions: unrecognized option: {text}")
        mode = MISSINGKEY_MODES[value]
    return mode


def merge_templates(own: Mapping[str, Any], appset: Mapping[str, Any]) -> dict[str, Any]:
    """`mergo.Merge(&generatorTemplate, applicationSetTemplate)`: every field the generator's
    template leaves empty (absent, `""`, `false`, `0`, an empty list or mapping) is taken
    from the ApplicationSet's; mappings merge field by field; a `valuesObject` is one value."""
    result = dict(own)
    for key, value in appset.items():
        current = result.get(key)
        if key in RAW_FIELDS:
            if current is None:
                result[key] = copy.deepcopy(value)
        elif isinstance(current, Mapping) and isinstance(value, Mapping):
            result[key] = merge_templates(current, value)
        elif current is None or current is False or current in ("", 0) or current in ([], {}):
            result[key] = copy.deepcopy(value)
    return result


def component_source(spec: Mapping[str, Any]) -> int | None:
    """The index of the component's own source among `spec.sources` (or 0 for `source`).

    The values `ref` source, the pod-identity chart (recognised by its
    `podIdentityAssociation` values) and the additional resources (after the component's
    source) are not it: it is the first source with a chart or a path that is none of these.
    """
    if spec.get("sources") is None:
        return 0 if isinstance(spec.get("source"), Mapping) else None
    for index, source in enumerate(spec.get("sources") or []):
        if not isinstance(source, Mapping) or not (source.get("chart") or source.get("path")):
            continue
        values_object = (source.get("helm") or {}).get("valuesObject") or {}
        if isinstance(values_object, Mapping) and "podIdentityAssociation" in values_object:
            continue
        return index
    return None


@dataclass(slots=True)
class RenderedApp:
    """The fields the preview reports of one Application (`FIELDS`, in that order, then the
    component source's value files), and how rendering went."""

    fields: tuple[str, ...]
    valueFiles: list[str]
    fails: bool = False
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Slot:
    """A templated string (or mapping key) of the template and where it is."""

    path: str
    source: str
    template: Template


@dataclass(frozen=True, slots=True)
class _Pick:
    """A string of the template: a constant, or the result of slot `index`."""

    constant: str = ""
    index: int = -1


@dataclass(frozen=True, slots=True)
class _Keyed:
    """A mapping whose keys are templated: (key, value) pairs, either may be a `_Pick`."""

    items: tuple[tuple[Any, Any], ...]


class CompiledTemplate:
    """An Application template (and `templatePatch`), compiled once."""

    def __init__(self, template: Mapping[str, Any], missingkey: str, patch: str | None) -> None:
        self.missingkey = missingkey
        self.slots: list[_Slot] = []
        self.has_keys = False
        self.tree = self._walk(template, "")
        self._build_app = _builder(_frozen(self.tree))
        self.sources = tuple(slot.source for slot in self.slots)
        self.patch = compile_template(patch, missingkey) if patch else None
        self._fast_all = _fast_tuple([slot.template for slot in self.slots])
        self._pick: Callable[[Sequence[str]], tuple[str, ...]] | None = None
        self._constants: tuple[str, ...] = ()
        self._label_slots: list[int] = []
        self._label_problems: list[str] = []  # constant labels the API server refuses
        self._name_slot = -1
        if not self.has_keys and self.patch is None:
            self._compile_picks(template)

    def _walk(self, node: Any, path: str) -> Any:
        if isinstance(node, str):
            return self._slot(node, path)
        if isinstance(node, Mapping):
            keys = [str(k) for k in node]
            if any("{{" in key for key in keys):
                self.has_keys = True
                return _Keyed(
                    tuple(
                        (
                            self._slot(key, f"{_join(path, key)} (the key)"),
                            self._walk(v, _join(path, key)),
                        )
                        for key, v in zip(keys, node.values(), strict=True)
                    )
                )
            return {
                k: self._walk(v, _join(path, k)) for k, v in zip(keys, node.values(), strict=True)
            }
        if isinstance(node, list):
            return [self._walk(v, f"{path}[{i}]") for i, v in enumerate(node)]
        return node

    def _slot(self, text: str, path: str) -> _Pick:
        if "{{" not in text:  # no action: Go gives the text back
            return _Pick(constant=text)
        self.slots.append(_Slot(path, text, compile_template(text, self.missingkey)))
        return _Pick(index=len(self.slots) - 1)

    # ---------------------------------------------------------------------------------------
    # the fast path: fields picked by position

    def _compile_picks(self, template: Mapping[str, Any]) -> None:
        tree = self.tree
        metadata = tree.get("metadata") or {}
        spec = tree.get("spec") or {}
        labels = metadata.get("labels") or {}
        if isinstance(labels, Mapping):
            self._label_slots = [p.index for p in labels.values() if _is_slot(p)]
            self._label_problems = _constant_label_problems(labels)
        destination = spec.get("destination") or {}
        sources = spec.get("sources") or ([spec["source"]] if spec.get("source") else [])
        main = component_source(template.get("spec") or {})
        source = sources[main] if main is not None else {}
        files = (source.get("helm") or {}).get("valueFiles") or []
        picks = [
            metadata.get("name"),
            destination.get("namespace"),
            destination.get("name"),
            destination.get("server"),
            source.get("chart"),
            source.get("path"),
            source.get("repoURL"),
            source.get("targetRevision"),
            *(f for f in files if isinstance(f, _Pick)),
        ]
        # Constants go after the slots' results, so that every field is one index.
        constants: list[str] = []
        indices: list[int] = []
        for pick in picks:
            if _is_slot(pick):
                indices.append(pick.index)
            else:
                constants.append(pick.constant if isinstance(pick, _Pick) else "")
                indices.append(len(self.slots) + len(constants) - 1)
        self._constants = tuple(constants)
        self._name_slot = picks[0].index if _is_slot(picks[0]) else -1
        self._pick = itemgetter(*indices)  # len(indices) >= 8: it always returns a tuple

    # ---------------------------------------------------------------------------------------

    def render(self, params: Mapping[str, Any]) -> RenderedApp:
        problems: list[str] = []
        unrendered: set[int] = set()  # slots shown as written: nothing to check in them
        fails = False
        if not params:
            results = self.sources  # Argo CD renders nothing for an empty parameter set
        else:
            results, fails = self._render_slots(params, problems, unrendered)
        if self._pick is not None:
            f = self._pick(results + self._constants)
            # destination: its name, else its server (as Argo CD resolves it)
            fields = (f[0], f[1], f[2] or f[3], f[4], f[5], f[6], f[7])
            rendered = RenderedApp(fields, list(f[8:]), fails, problems)
            if not fails:
                rendered.fails = self._check_picked(rendered, results, unrendered)
            return rendered
        app = self._build_app(results)
        if not isinstance(app, dict):
            app = {}
        if self.patch is not None:
            app, failed = self._apply_patch(app, params, problems)
            fails = fails or failed
        rendered = _read_fields(app)
        rendered.fails, rendered.problems = fails, problems
        if not fails:
            skip = {results[i] for i in unrendered}
            rendered.fails = _check_app(app, rendered, skip)
        return rendered

    def _render_slots(
        self, params: Mapping[str, Any], problems: list[str], unrendered: set[int]
    ) -> tuple[tuple[str, ...], bool]:
        if self._fast_all is not None:
            try:
                return self._fast_all(params), False
            except Exception:  # the interpreter decides what went wrong, string by string
                pass
        fails = False
        results = []
        for index, slot in enumerate(self.slots):
            rendered = slot.template.render(params)
            results.append(rendered.text)
            if rendered.outcome is Outcome.ERROR:
                fails = True
                unrendered.add(index)
                problems.append(f"{slot.path}: {rendered.message} {FAILS}")
            elif rendered.outcome is Outcome.UNEVALUATED:
                unrendered.add(index)
                problems.append(f"{slot.path}: {rendered.message} (shown as written)")
        return tuple(results), fails

    def _apply_patch(
        self, app: dict[str, Any], params: Mapping[str, Any], problems: list[str]
    ) -> tuple[dict[str, Any], bool]:
        """The patched Application, and whether Argo CD fails it (then `app` is returned)."""
        assert self.patch is not None
        rendered = self.patch.render(params)
        if rendered.outcome is Outcome.ERROR:
            problems.append(f"templatePatch: {rendered.message} {FAILS}")
            return app, True
        if rendered.outcome is Outcome.UNEVALUATED:
            problems.append(
                f"templatePatch: {rendered.message} (not applied: fields it sets may differ)"
            )
            return app, False
        try:
            return apply_patch(app, parse_patch(rendered.text)), False
        except PatchError as err:
            problems.append(f"templatePatch: {err} {FAILS}")
            return app, True
        except PatchUnsupported as err:
            problems.append(
                f"templatePatch: not evaluated: {err} (not applied: fields it sets may differ)"
            )
            return app, False

    def _check_picked(self, rendered: RenderedApp, results: Sequence[str], skip: set[int]) -> bool:
        """Names and label values the API server would refuse when Argo CD creates the app."""
        fails = bool(self._label_problems)
        rendered.problems.extend(self._label_problems)
        name = rendered.fields[0]
        if self._name_slot >= 0 and self._name_slot not in skip and not is_subdomain(name):
            rendered.problems.append(_bad_name(name))
            fails = True
        for index in self._label_slots:
            if index not in skip and not _valid_label_value(results[index]):
                rendered.problems.append(_bad_label(self.slots[index].path, results[index]))
                fails = True
        return fails


# --------------------------------------------------------------------------------------------
# the general path: the Application as a mapping


@dataclass(frozen=True, slots=True)
class _Const:
    """A part of the template without any templated string: built once, shared (never
    changed: the patch builds new mappings along the paths it changes)."""

    value: Any


def _frozen(node: Any) -> Any:
    """`node` with every subtree free of slots replaced by a `_Const` of its value."""
    if isinstance(node, _Pick):
        return node if node.index >= 0 else _Const(node.constant)
    if isinstance(node, _Keyed):
        return _Keyed(tuple((_frozen(k), _frozen(v)) for k, v in node.items))
    children: dict[Any, Any] | list[Any]
    if isinstance(node, dict):
        children = {k: _frozen(v) for k, v in node.items()}
    elif isinstance(node, list):
        children = [_frozen(v) for v in node]
    else:
        return _Const(node)
    values = children.values() if isinstance(children, dict) else children
    if all(isinstance(child, _Const) for child in values):
        return _Const(_build(children, ()))
    return children


def _builder(node: Any) -> Callable[[Sequence[str]], Any]:
    """One Python expression building the Application from the slots' results (a mapping
    literal with the results and the shared constants in place), or `_build` when the
    template is nested too deeply for one."""
    constants: list[Any] = []

    def expression(part: Any) -> str:
        if isinstance(part, _Const):
            constants.append(part.value)
            return f"C[{len(constants) - 1}]"
        if isinstance(part, _Pick):
            return f"r[{part.index}]"
        if isinstance(part, _Keyed):
            return "{" + ", ".join(f"{expression(k)}: {expression(v)}" for k, v in part.items) + "}"
        if isinstance(part, dict):
            return "{" + ", ".join(f"{k!r}: {expression(v)}" for k, v in part.items()) + "}"
        return "[" + ", ".join(expression(v) for v in part) + "]"

    try:
        code = f"lambda r: {expression(node)}"
        return eval(code, {"__builtins__": {}, "C": constants})
    except (RecursionError, SyntaxError, MemoryError):
        return lambda results: _build(node, results)


def _build(node: Any, results: Sequence[str]) -> Any:
    if isinstance(node, _Const):
        return node.value
    if isinstance(node, _Pick):
        return results[node.index] if node.index >= 0 else node.constant
    if isinstance(node, _Keyed):
        return {_build(k, results): _build(v, results) for k, v in node.items}
    if isinstance(node, dict):
        return {k: _build(v, results) for k, v in node.items()}
    if isinstance(node, list):
        return [_build(v, results) for v in node]
    return node  # a number, a boolean or null


def _read_fields(app: Mapping[str, Any]) -> RenderedApp:
    metadata = _mapping(app.get("metadata"))
    spec = _mapping(app.get("spec"))
    destination = _mapping(spec.get("destination"))
    sources = spec.get("sources") if isinstance(spec.get("sources"), list) else None
    if sources is None:
        sources = [spec["source"]] if isinstance(spec.get("source"), dict) else []
    main = component_source(spec)
    source = _mapping(sources[main]) if main is not None and main < len(sources) else {}
    files = _mapping(source.get("helm")).get("valueFiles") or []
    fields = (
        metadata.get("name"),
        destination.get("namespace"),
        destination.get("name") or destination.get("server"),
        source.get("chart"),
        source.get("path"),
        source.get("repoURL"),
        source.get("targetRevision"),
    )
    return RenderedApp(
        tuple(v if isinstance(v, str) else "" for v in fields),
        [f for f in files if isinstance(f, str)] if isinstance(files, list) else [],
    )


def _check_app(app: Mapping[str, Any], rendered: RenderedApp, skip: set[str]) -> bool:
    fails = False
    name = rendered.fields[0]
    if name not in skip and not is_subdomain(name):
        rendered.problems.append(_bad_name(name))
        fails = True
    labels = _mapping(_mapping(app.get("metadata")).get("labels"))
    for key, value in labels.items():
        if key not in skip and not _is_qualified_name(str(key)):
            rendered.problems.append(_bad_label_key(key))
            fails = True
        if isinstance(value, str) and value not in skip and not _valid_label_value(value):
            rendered.problems.append(_bad_label(f"metadata.labels.{key}", value))
            fails = True
    return fails


def _constant_label_problems(labels: Mapping[str, Any]) -> list[str]:
    problems = []
    for key, pick in labels.items():
        if not _is_qualified_name(str(key)):
            problems.append(_bad_label_key(key))
        if isinstance(pick, _Pick) and not _is_slot(pick) and not _valid_label_value(pick.constant):
            problems.append(_bad_label(f"metadata.labels.{key}", pick.constant))
    return problems


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_slot(pick: Any) -> TypeGuard[_Pick]:
    return isinstance(pick, _Pick) and pick.index >= 0


def _bad_name(name: str) -> str:
    return (
        f"metadata.name: {name!r} is not a valid Kubernetes name "
        "(Argo CD fails to create this Application)"
    )


def _bad_label_key(key: Any) -> str:
    return (
        f"metadata.labels: {key!r} is not a valid label key "
        "(Argo CD fails to create this Application)"
    )


def _bad_label(path: str, value: str) -> str:
    return (
        f"{path}: {value!r} is not a valid label value (Argo CD fails to create this Application)"
    )


@lru_cache(maxsize=65536)
def _valid_label_value(value: str) -> bool:
    return is_label_value(value)


@lru_cache(maxsize=65536)
def _is_qualified_name(key: str) -> bool:
    prefix, slash, name = key.rpartition("/")
    if slash and not (prefix and is_subdomain(prefix)):
        return False
    return bool(name) and is_label_value(name)


def _fast_tuple(templates: Sequence[Template]) -> Callable[[Any], tuple[str, ...]] | None:
    """One function rendering every template for one parameter set (raising on any problem),
    from the engine when it offers one, else each template's own `render_text` in turn."""
    if not templates:
        return lambda _params: ()
    fused = getattr(gotemplate, "compile_fast_tuple", None)
    if fused is not None:
        function = fused(templates)
        if function is not None:
            return function
    renderers = tuple(t.render_text for t in templates)
    return lambda params: tuple(render(params) for render in renderers)
