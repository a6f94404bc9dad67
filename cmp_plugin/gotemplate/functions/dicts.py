"""sprig's dictionary functions: `dict`, `get`, `set`, `unset`, `hasKey`, `pluck`, `keys`,
`values`, `pick`, `omit`, `merge`, `mergeOverwrite` (and `must` forms), `dig`.

Their Go parameters are `map[string]interface {}`, so the executor refuses a
`map[string]string` (cluster labels and annotations, generator `values`) before the call, with
Go's "wrong type for value; expected map[string]interface {}; got map[string]string". A
missing map arrives as Go's nil map (`None` here): reading it finds nothing, `set` panics.
`set`, `unset` and `merge` change the map they are given, as Go's do.

`keys` and `values` follow Go's map iteration, whose order is random: their order is not
knowable (see `convert.RandomOrder`), though `keys ... | sortAlpha` is.

`merge` and `mergeOverwrite` are mergo's (dario.cat/mergo 1.0, Argo CD's): a key missing or
empty in the destination takes the source's value; nested maps merge; a nil source value is
skipped (`merge`) or copied (`mergeOverwrite`); a list is replaced whole. One difference from
mergo 0.3 (the oracle's): `mergeOverwrite` replaces a non-empty scalar by a map, where 0.3
kept the scalar. Copying a `map[string]interface {}` value into a nested `map[string]string`
panics in Go (reflect: not assignable), and so fails here.
"""

from __future__ import annotations

from typing import Any

from ..values import MISSING, GoError, GoSlice, GoStringMap, NotKnowable, Unknown, type_name
from .convert import NilMap, RandomOrderList, RandomOrderStrings, strval
from .defaults import is_empty
from .registry import ANY, gofunc

MAP = "map[string]interface {}"


def _map(value: Any) -> dict:
    """A map parameter: Go's nil map (a missing value) reads as empty."""
    return NilMap() if value is None or value is MISSING else value


@gofunc("dict", variadic=ANY, result=MAP)
def _dict(*pairs: Any) -> dict:
    made: dict[str, Any] = {}
    for i in range(0, len(pairs), 2):
        made[strval(pairs[i])] = pairs[i + 1] if i + 1 < len(pairs) else ""
    return made


@gofunc("get", MAP, "string")
def _get(d: Any, key: str) -> Any:
    return _map(d).get(key, "")


@gofunc("set", MAP, "string", ANY, result=MAP)
def _set(d: Any, key: str, value: Any) -> dict:
    d = _map(d)
    if isinstance(d, NilMap):
        raise GoError("assignment to entry in nil map")
    d[key] = value
    return d


@gofunc("unset", MAP, "string", result=MAP)
def _unset(d: Any, key: str) -> dict:
    d = _map(d)
    d.pop(key, None)
    return d


@gofunc("hasKey", MAP, "string", result="bool")
def _has_key(d: Any, key: str) -> bool:
    return key in _map(d)


@gofunc("pluck", "string", variadic=MAP, result="[]interface {}")
def _pluck(key: str, *dicts: Any) -> list[Any]:
    return [d[key] for d in map(_map, dicts) if key in d]


@gofunc("keys", variadic=MAP, result="[]string")
def _keys(*dicts: Any) -> list[str]:
    found = [key for d in map(_map, dicts) for key in d]
    if any(len(_map(d)) > 1 for d in dicts):
        return RandomOrderStrings(found, "string")
    return GoSlice(found, "string")


@gofunc("values", MAP, result="[]interface {}")
def _values(d: Any) -> list[Any]:
    d = _map(d)
    return RandomOrderList(d.values()) if len(d) > 1 else list(d.values())


@gofunc("pick", MAP, variadic="string", result=MAP)
def _pick(d: Any, *keys: str) -> dict:
    d = _map(d)
    return {key: d[key] for key in keys if key in d}


@gofunc("omit", MAP, variadic="string", result=MAP)
def _omit(d: Any, *keys: str) -> dict:
    return {key: item for key, item in _map(d).items() if key not in keys}


# --------------------------------------------------------------------------------------------
# mergo


def _not_assignable(go_type: str = "interface {}") -> GoError:
    """reflect's panic when mergo copies a `map[string]interface {}` value into a
    `map[string]string`: the value's static type is `interface {}`, whatever it holds."""
    return GoError(
        f"reflect.Value.SetMapIndex: value of type {go_type} is not assignable to type string"
    )


def mergo(dst: dict, src: dict, overwrite: bool) -> None:
    """mergo's deepMerge of map `src` into map `dst` (changed in place)."""
    into_strings = isinstance(dst, GoStringMap) and not isinstance(src, GoStringMap)
    for key in list(src):  # Go snapshots the keys (`merge $d $d` is allowed)
        value = src[key]
        present = key in dst
        current = dst.get(key)
        for side in (value, current):
            if isinstance(side, Unknown):
                raise NotKnowable(side.reason)
        if value is None:
            if overwrite:
                if into_strings:
                    raise _not_assignable()
                dst[key] = None
            continue
        if into_strings and isinstance(value, list):
            if present:  # mergo asks whether the destination's string is a nil slice
                raise GoError("reflect: call of reflect.Value.IsNil on string Value")
            raise _not_assignable(type_name(value))
        if isinstance(value, dict) and isinstance(current, dict):
            mergo(current, value, overwrite)
        if present and not is_empty(current):
            if isinstance(value, list) and not overwrite:
                continue
            if isinstance(value, dict) and isinstance(current, dict):
                continue
        if overwrite or not present or is_empty(current):
            if into_strings:
                raise _not_assignable()
            dst[key] = value


def _merge(dst: Any, sources: tuple[Any, ...], overwrite: bool) -> dict:
    merged = _map(dst)
    for src in sources:
        src = _map(src)
        if isinstance(merged, NilMap) and not isinstance(src, NilMap):
            merged = {}  # mergo makes a map for a nil destination
        mergo(merged, src, overwrite)
    return merged


@gofunc("merge", MAP, variadic=MAP)
def _merge_fn(dst: Any, *sources: Any) -> dict:
    return _merge(dst, sources, overwrite=False)


@gofunc("mustMerge", MAP, variadic=MAP, error=True)
def _must_merge(dst: Any, *sources: Any) -> dict:
    return _merge(dst, sources, overwrite=False)


@gofunc("mergeOverwrite", MAP, variadic=MAP)
def _merge_overwrite(dst: Any, *sources: Any) -> dict:
    return _merge(dst, sources, overwrite=True)


@gofunc("mustMergeOverwrite", MAP, variadic=MAP, error=True)
def _must_merge_overwrite(dst: Any, *sources: Any) -> dict:
    return _merge(dst, sources, overwrite=True)


# --------------------------------------------------------------------------------------------
# dig


def _assert(value: Any, want: str) -> Any:
    """Go's type assertion `value.(want)`, which panics on another dynamic type."""
    if value is None or value is MISSING:
        raise GoError(f"interface conversion: interface {{}} is nil, not {want}")
    if type_name(value) != want:
        raise GoError(f"interface conversion: interface {{}} is {type_name(value)}, not {want}")
    return value


@gofunc("dig", variadic=ANY, error=True)
def _dig(*args: Any) -> Any:
    if len(args) < 3:
        raise GoError("dig needs at least three arguments")
    d = _assert(args[-1], MAP)
    fallback = args[-2]
    keys = [_assert(key, "string") for key in args[:-2]]
    for i, key in enumerate(keys):
        if key not in d:
            return fallback
        if i == len(keys) - 1:
            return d[key]
        d = _assert(d[key], MAP)
    return fallback  # not reached: there is always a key
