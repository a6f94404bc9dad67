"""Go's reflection as sprig exposes it: `typeOf`, `typeIs`, `typeIsLike`, `kindOf`, `kindIs`,
`deepEqual`, and the type names, kinds and `reflect.DeepEqual` other modules share.

`typeOf` prints Go's `%T` (`map[string]string` for cluster labels, `float64` for every JSON
number, `[]interface {}` for `list`); `deepEqual` is `reflect.DeepEqual`, which compares
types before values, so `1` (an int literal) and `1.0` (a float64 parameter) differ.
"""

from __future__ import annotations

from typing import Any

from ..values import MISSING, GoObject, NamedInt, NotKnowable, type_name
from .convert import NilList, NilMap, RandomOrder
from .registry import ANY, gofunc


def kind_name(value: Any) -> str:
    """Go's `reflect.Value.Kind().String()`: `invalid` for nil, `map`, `slice`, `struct`..."""
    if isinstance(value, NamedInt):
        return value.kind
    name = type_name(value)
    if name == "<nil>":
        return "invalid"
    if name.startswith("map["):
        return "map"
    if name.startswith("[]"):
        return "slice"
    if name.startswith("*"):
        return "ptr"
    if name in ("string", "bool", "int", "int64", "uint64", "float64", "complex128"):
        return name
    return "struct"


def is_nil(value: Any) -> bool:
    return value is None or value is MISSING


def deep_equal(a: Any, b: Any) -> bool:
    """`reflect.DeepEqual`: same dynamic types, then equal values (NaN is not equal to itself,
    a nil slice is not an empty one, the very same map or slice is equal to itself)."""
    if is_nil(a) or is_nil(b):
        return is_nil(a) and is_nil(b)
    if type_name(a) != type_name(b):
        return False
    if isinstance(a, list):
        if a is b:
            return True
        if isinstance(a, NilList) != isinstance(b, NilList) or len(a) != len(b):
            return False
        if len(a) > 1 and (isinstance(a, RandomOrder) or isinstance(b, RandomOrder)):
            raise NotKnowable("the order of a map's keys or values (Go's map order is random)")
        return all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        if a is b:
            return True
        if isinstance(a, NilMap) != isinstance(b, NilMap) or len(a) != len(b):
            return False
        return all(key in b and deep_equal(item, b[key]) for key, item in a.items())
    if hasattr(a, "go_equal"):
        return bool(a.go_equal(b))
    if isinstance(a, NamedInt):
        return int(a) == int(b)
    if isinstance(a, GoObject) and a is b:  # the same pointer
        return True
    if isinstance(a, GoObject):  # every field, unexported ones included (NotKnowable if
        # the model does not hold them)
        return all(
            deep_equal(x, y) for (_, x), (_, y) in zip(a.go_struct(), b.go_struct(), strict=True)
        )
    return bool(a == b)


@gofunc("typeOf", ANY, result="string")
def _type_of(value: Any) -> str:
    return type_name(value)


@gofunc("typeIs", "string", ANY, result="bool")
def _type_is(target: str, value: Any) -> bool:
    return target == type_name(value)


@gofunc("typeIsLike", "string", ANY, result="bool")
def _type_is_like(target: str, value: Any) -> bool:
    name = type_name(value)
    return name in (target, "*" + target)


@gofunc("kindOf", ANY, result="string")
def _kind_of(value: Any) -> str:
    return kind_name(value)


@gofunc("kindIs", "string", ANY, result="bool")
def _kind_is(target: str, value: Any) -> bool:
    return target == kind_name(value)


@gofunc("deepEqual", ANY, ANY, result="bool")
def _deep_equal(a: Any, b: Any) -> bool:
    return deep_equal(a, b)
