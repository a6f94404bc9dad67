"""sprig's defaults and flow control: `default`, `empty`, `coalesce`, `all`, `any`, `ternary`,
`fail`, `deepCopy`, `mustDeepCopy`.

What sprig calls empty is Go's zero value: nil, a missing value, `false`, `0`, `0.0`, and a
string, map or slice of length 0; a struct (a time) never is. Go evaluates every argument
before the call, so `default` never skips its first argument (the executor sees to that).
Helm's `required` is not in sprig's map, hence not in Argo CD's: it is deliberately absent.
"""

from __future__ import annotations

from typing import Any

from ..values import MISSING, GoError, GoObject, GoSlice, NotKnowable, Unknown
from .registry import ANY, gofunc


def is_empty(value: Any) -> bool:
    """sprig's `empty` (Go's zero value test)."""
    if value is None or value is MISSING:
        return True
    if isinstance(value, str | dict | list):
        return len(value) == 0
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float | complex):
        return value == 0
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    return False  # a struct (time.Time) or a non-nil pointer


def deep_copy(value: Any) -> Any:
    """copystructure.Copy of a template value: maps and slices copied with their Go types (a
    nil slice stays nil), scalars and times as they are."""
    if isinstance(value, dict):
        return value.__class__((key, deep_copy(item)) for key, item in value.items())
    if isinstance(value, GoSlice):
        return value.__class__((deep_copy(item) for item in value), value.elem)
    if isinstance(value, list):  # keeps a nil slice nil and a random order random
        return value.__class__(deep_copy(item) for item in value)
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    if isinstance(value, GoObject):
        return value.go_deep_copy()
    return value


@gofunc("empty", ANY, result="bool")
def _empty(value: Any) -> bool:
    return is_empty(value)


@gofunc("default", ANY, variadic=ANY)
def _default(fallback: Any, *given: Any) -> Any:
    if not given or is_empty(given[0]):
        return fallback
    return given[0]


@gofunc("coalesce", variadic=ANY)
def _coalesce(*values: Any) -> Any:
    for value in values:
        if not is_empty(value):
            return value
    return None


@gofunc("all", variadic=ANY, result="bool")
def _all(*values: Any) -> bool:
    return not any(is_empty(value) for value in values)


@gofunc("any", variadic=ANY, result="bool")
def _any(*values: Any) -> bool:
    return not all(is_empty(value) for value in values)


@gofunc("ternary", ANY, ANY, "bool")
def _ternary(if_true: Any, if_false: Any, condition: bool) -> Any:
    return if_true if condition else if_false


@gofunc("fail", "string", error=True, result="string")
def _fail(message: str) -> str:
    raise GoError(message)


def _copy_or_panic(value: Any) -> Any:
    if value is None or value is MISSING:  # copystructure asks the type of a nil: a panic
        raise GoError("reflect: call of reflect.Value.Type on zero Value")
    return deep_copy(value)


@gofunc("deepCopy", ANY)
def _deep_copy(value: Any) -> Any:
    return _copy_or_panic(value)


@gofunc("mustDeepCopy", ANY, error=True)
def _must_deep_copy(value: Any) -> Any:
    return _copy_or_panic(value)
