"""`templatePatch` applied to a rendered Application, as Argo CD's `applyTemplatePatch` does.

For each Application, Argo CD renders `spec.templatePatch` (a string) as a Go template with the
parameter set (even an empty one), reads it as JSON when it starts with `{`, as YAML
otherwise, unmarshals it into an `Application` (a value of the wrong type fails), and applies
it as a Kubernetes strategic merge patch on the `Application` type:

- mappings merge key by key; `null` deletes a key; `$patch: replace` replaces a mapping with
  the rest of it, `$patch: delete` empties it;
- lists are replaced (no field of an Application the preview reads has a merge strategy);
- inside `helm.valuesObject` (a `RawExtension`, which has no fields), a mapping or list that
  both sides hold cannot be merged: the patch fails;
- `spec.project` is kept as the template gives it.

Any failure makes Argo CD fail that Application. Other `$`-directives (`$retainKeys`,
`$setElementOrder/…`, `$deleteFromPrimitiveList/…`) are not evaluated; the patch's types are
checked for the fields the preview reads and the objects holding them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import FleetError
from ..yamlio import load_text
from .params import json_kind

DIRECTIVE = "$patch"
RAW_EXTENSIONS = frozenset(("valuesObject",))  # runtime.RawExtension fields of a source


class PatchError(Exception):
    """Argo CD fails the Application: the patch does not parse, type-check or apply."""


class PatchUnsupported(Exception):
    """A strategic-merge directive the preview does not evaluate."""


def parse_patch(text: str) -> Any:
    """`ConvertYAMLToJSON` then `json.Unmarshal` into an Application: the patch as data.

    The result is shared (cached by text): `apply_patch` never changes it.
    """
    cached = _PARSED.get(text)
    if cached is None:
        try:
            cached = (_parse(text), None)
        except PatchError as err:
            cached = (None, err)
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[text] = cached
    data, error = cached
    if error is not None:
        raise error
    return data


_PARSED: dict[str, tuple[Any, PatchError | None]] = {}
_PARSED_LIMIT = 8192


def _parse(text: str) -> Any:
    if text.strip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise PatchError(f"invalid templatePatch: {err.msg} (line {err.lineno})") from None
    else:
        try:
            data = load_text(text, "templatePatch")
        except FleetError as err:
            raise PatchError(f"error while converting templatePatch to json: {err}") from None
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise PatchError(
            f"invalid templatePatch: cannot unmarshal {json_kind(data)} into an Application"
        )
    _check(data, _APPLICATION, "")
    return data


def apply_patch(app: Mapping[str, Any], patch: Any) -> dict[str, Any]:
    """The Application `app` (a rendered template) with the parsed `patch` applied, as a new
    mapping (neither is changed); `spec.project` stays the template's."""
    if patch is None:
        return dict(app)
    spec = app.get("spec")
    project = spec.get("project") if isinstance(spec, Mapping) else None
    merged = _merge_map(app, patch, raw=False, path="")
    spec = merged.get("spec")
    if isinstance(spec, dict) and spec is not app.get("spec"):
        if project is None:
            spec.pop("project", None)
        else:
            spec["project"] = project
    return merged


# --------------------------------------------------------------------------------------------
# strategic merge


def _merge_map(original: Mapping[str, Any], patch: Mapping[str, Any], raw: bool, path: str) -> dict:
    """`mergeMap`: a new mapping, `patch` merged into `original` (neither is changed)."""
    if DIRECTIVE in patch:
        directive = patch[DIRECTIVE]
        if directive == "replace":
            rest = _without_directives({k: v for k, v in patch.items() if k != DIRECTIVE})
            return rest if isinstance(rest, dict) else {}
        if directive == "delete":
            return {}
        raise PatchError(f"unknown patch type: {directive} in map at {path or 'the root'}")
    for key in patch:
        if key.startswith("$"):
            raise PatchUnsupported(f"the strategic-merge directive {key!r} at {path or 'the root'}")
    merged = dict(original)
    for key, value in patch.items():
        where = f"{path}.{key}" if path else key
        current = merged.get(key)
        if value is None:
            merged.pop(key, None)
        elif key not in merged or type(current) is not type(value):
            kept = _without_directives(_without_nulls(value))
            if kept is _DROPPED:
                merged.pop(key, None)
            else:
                merged[key] = kept
        elif isinstance(value, (dict, list)) and raw:
            raise PatchError(
                "unable to find api field in struct RawExtension for the json field "
                f"{key!r} ({where})"
            )
        elif isinstance(value, dict) and isinstance(current, dict):  # same type, as above
            merged[key] = _merge_map(current, value, key in RAW_EXTENSIONS, where)
        else:
            merged[key] = value  # a scalar, or a list: no list the preview reads merges
    return merged


_DROPPED = object()


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _without_directives(value: Any) -> Any:
    """`removeDirectives`: a mapping holding `$patch` is dropped where it stands."""
    if isinstance(value, dict):
        if DIRECTIVE in value:
            return _DROPPED
        kept = {k: _without_directives(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not _DROPPED}
    if isinstance(value, list):
        items = [_without_directives(v) for v in value]
        return [v for v in items if v is not _DROPPED]
    return value


# --------------------------------------------------------------------------------------------
# types: what json.Unmarshal into an Application would refuse


STRING, STRINGS, STRING_MAP, ANY = "string", "strings", "string map", "any"
_SOURCE: dict[str, Any] = {
    "repoURL": STRING,
    "path": STRING,
    "chart": STRING,
    "targetRevision": STRING,
    "ref": STRING,
    "name": STRING,
    "helm": {
        "valueFiles": STRINGS,
        "values": STRING,
        "valuesObject": ANY,
        "releaseName": STRING,
        "version": STRING,
        "namespace": STRING,
    },
}
_APPLICATION: dict[str, Any] = {
    "metadata": {
        "name": STRING,
        "namespace": STRING,
        "labels": STRING_MAP,
        "annotations": STRING_MAP,
        "finalizers": STRINGS,
    },
    "spec": {
        "project": STRING,
        "destination": {"name": STRING, "server": STRING, "namespace": STRING},
        "source": _SOURCE,
        "sources": [_SOURCE],
    },
}


def _check(value: Any, shape: Any, path: str) -> None:
    if value is None or shape == ANY:
        return
    if shape == STRING:
        _want(isinstance(value, str), value, "a string", path)
    elif shape == STRINGS:
        _want(isinstance(value, list), value, "a list of strings", path)
        for index, item in enumerate(value):
            _check(item, STRING, f"{path}[{index}]")
    elif shape == STRING_MAP:
        _want(isinstance(value, Mapping), value, "a mapping of strings", path)
        for key, item in value.items():
            _check(item, STRING, f"{path}.{key}")
    elif isinstance(shape, list):
        _want(isinstance(value, list), value, "a list", path)
        for index, item in enumerate(value):
            _check(item, shape[0], f"{path}[{index}]")
    else:
        _want(isinstance(value, Mapping), value, "a mapping", path)
        for key, item in value.items():
            if key in shape:
                _check(item, shape[key], f"{path}.{key}" if path else key)


def _want(ok: bool, value: Any, what: str, path: str) -> None:
    if not ok:
        raise PatchError(
            f"invalid templatePatch: cannot unmarshal {json_kind(value)} into {path}, {what}"
        )
