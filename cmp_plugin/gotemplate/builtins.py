"""Go's own template functions (text/template funcs.go): `and`, `or`, `not`, `len`, `index`,
`slice`, `print`, `printf`, `println`, `html`, `js`, `urlquery`, `call` and the comparisons
`eq`, `ne`, `lt`, `le`, `gt`, `ge`.

Most take their arguments as they are (Go's `reflect.Value` parameters, `RAW` here): a
missing value or a nil reaches them, and they follow Go's rules for it (`eq` of nil and a
string is false, `index` of nil is an error). Comparisons accept the basic kinds only: bool,
integers (`int` and `int64` compare by value), floats, complex, strings; an int against a
float is "incompatible types for comparison"; a list or map compares only with nil (`eq`).
`and` and `or` stop at the first argument that decides (Go 1.18): the compiler inlines them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from .execution import RAW
from .functions.registry import ANY, GoFunction, Signature
from .printing import NO_VALUE, sprint, sprintf, sprintln
from .values import (
    MISSING,
    GoError,
    GoObject,
    GoSlice,
    GoStringMap,
    NilContainer,
    NotKnowable,
    RandomOrder,
    Unknown,
    type_name,
)

BUILTINS: dict[str, GoFunction] = {}


def _builtin(
    name: str, *params: str, variadic: str | None = None, error: bool = False, result: str = RAW
):
    def register(body: Any) -> Any:
        BUILTINS[name] = GoFunction(name, body, Signature(params, variadic, error, result))
        return body

    return register


def _concrete(value: Any) -> Any:
    """Go's `indirectInterface`: a nil interface is no value at all."""
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    return MISSING if value is None else value


def _is_nil(value: Any) -> bool:
    return value is MISSING or value is None or isinstance(value, NilContainer)


@_builtin("and", RAW, variadic=RAW)
def _and(first: Any, *rest: Any) -> Any:  # pragma: no cover - the compiler inlines `and`
    raise AssertionError("and is compiled inline")


@_builtin("or", RAW, variadic=RAW)
def _or(first: Any, *rest: Any) -> Any:  # pragma: no cover - the compiler inlines `or`
    raise AssertionError("or is compiled inline")


@_builtin("not", RAW, result="bool")
def _not(value: Any) -> bool:
    from .execution import truth

    return not truth(_concrete(value), ("", ""))


@_builtin("len", RAW, error=True, result="int")
def _len(item: Any) -> int:
    if item is None:
        raise GoError("len of nil pointer")
    item = _concrete(item)
    if isinstance(item, str):
        return len(item.encode("utf-8", "surrogateescape")) if not item.isascii() else len(item)
    if isinstance(item, list | dict):
        return len(item)
    if item is MISSING:
        raise GoError("reflect: call of reflect.Value.Type on zero Value")
    raise GoError(f"len of type {type_name(item)}")


def _index_arg(index: Any, cap: int) -> int:
    if isinstance(index, int) and not isinstance(index, bool):
        if index < 0 or index > cap:
            raise GoError(f"index out of range: {index}")
        return int(index)
    if index is MISSING:
        raise GoError("cannot index slice/array with nil")
    raise GoError(f"cannot index slice/array with type {type_name(index)}")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@_builtin("index", RAW, variadic=RAW, error=True)
def _index(item: Any, *indexes: Any) -> Any:
    item = _concrete(item)
    if item is MISSING:
        raise GoError("index of untyped nil")
    for raw in indexes:
        index = _concrete(raw)
        if item is None:
            raise GoError("index of nil pointer")
        if isinstance(item, Unknown):
            raise NotKnowable(item.reason)
        if isinstance(item, list | str):
            if isinstance(item, RandomOrder) and len(item) > 1:
                raise NotKnowable("the order of a map's keys or values (Go's map order is random)")
            data = item if isinstance(item, list) else _bytes(item)
            position = _index_arg(index, len(data))
            if position == len(data):
                raise GoError("reflect: slice index out of range")
            item = data[position]
        elif isinstance(item, dict):
            if index is MISSING:
                raise GoError("value is nil; should be of type string")
            if index.__class__ is not str:
                raise GoError(f"value has type {type_name(index)}; should be string")
            item = item.get(index, "" if isinstance(item, GoStringMap) else None)
        else:
            raise GoError(f"can't index item of type {type_name(item)}")
    return item


@_builtin("slice", RAW, variadic=RAW, error=True)
def _slice(item: Any, *indexes: Any) -> Any:
    item = _concrete(item)
    if item is MISSING:
        raise GoError("slice of untyped nil")
    if len(indexes) > 3:
        raise GoError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise GoError("cannot 3-index slice a string")
        data: Any = _bytes(item)
    elif isinstance(item, list):
        if indexes and isinstance(item, RandomOrder) and len(item) > 1:
            raise NotKnowable("the order of a map's keys or values (Go's map order is random)")
        data = item
    else:
        raise GoError(f"can't slice item of type {type_name(item)}")
    bounds = [0, len(data)]
    for position, index in enumerate(indexes):
        value = _index_arg(_concrete(index), len(data))
        if position < 2:
            bounds[position] = value
        else:
            bounds.append(value)
    if bounds[0] > bounds[1]:
        raise GoError(f"invalid slice index: {bounds[0]} > {bounds[1]}")
    if len(bounds) == 3 and bounds[1] > bounds[2]:
        raise GoError(f"invalid slice index: {bounds[1]} > {bounds[2]}")
    part = data[bounds[0] : bounds[1]]
    if isinstance(item, str):
        return part.decode("utf-8", "surrogateescape")
    if isinstance(item, GoSlice):
        return GoSlice(part, item.elem)
    return list(part)


# --------------------------------------------------------------------------------------------
# comparisons


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, complex):
        return "complex"
    if isinstance(value, str):
        return "string"
    return "invalid"


def _less_strings(a: str, b: str) -> bool:
    if a.isascii() and b.isascii():
        return a < b
    return _bytes(a) < _bytes(b)


def _equal(first: Any, k1: str, other: Any) -> bool:
    other = _concrete(other)
    k2 = _kind(other)
    if k1 != k2:
        if first is not MISSING and other is not MISSING:
            raise GoError(f"incompatible types for comparison: {_type(first)} and {_type(other)}")
        return False
    if k1 != "invalid":
        return bool(first == other)
    if first is not MISSING and other is not MISSING and _kind_of(first) != _kind_of(other):
        raise GoError(
            f"non-comparable types {_plain(first)}: {_type(first)}, {_type(other)}: {_plain(other)}"
        )
    if _is_nil(first) or _is_nil(other):
        return _is_nil(first) == _is_nil(other)
    if isinstance(other, list | dict):
        raise GoError(f"non-comparable type {_plain(other)}: {_type(other)}")
    return first is other


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "slice"
    return "ptr" if isinstance(value, GoObject) else "other"


def _type(value: Any) -> str:
    return "<nil>" if value is MISSING else type_name(value)


def _plain(value: Any) -> str:
    from .printing import format_value

    return format_value(value)


@_builtin("eq", RAW, variadic=RAW, error=True, result="bool")
def _eq(first: Any, *others: Any) -> bool:
    first = _concrete(first)
    if not others:
        raise GoError("missing argument for comparison")
    k1 = _kind(first)
    return any(_equal(first, k1, other) for other in others)


@_builtin("ne", RAW, RAW, error=True, result="bool")
def _ne(first: Any, second: Any) -> bool:
    return not _eq(first, second)


@_builtin("lt", RAW, RAW, error=True, result="bool")
def _lt(first: Any, second: Any) -> bool:
    first, second = _concrete(first), _concrete(second)
    k1, k2 = _kind(first), _kind(second)
    if k1 == "invalid" or k2 == "invalid":
        raise GoError("invalid type for comparison")
    if k1 != k2:
        raise GoError(f"incompatible types for comparison: {_type(first)} and {_type(second)}")
    if k1 in ("bool", "complex"):
        raise GoError("invalid type for comparison")
    if k1 == "string":
        return _less_strings(first, second)
    return bool(first < second)


@_builtin("le", RAW, RAW, error=True, result="bool")
def _le(first: Any, second: Any) -> bool:
    return _lt(first, second) or _eq(first, second)


@_builtin("gt", RAW, RAW, error=True, result="bool")
def _gt(first: Any, second: Any) -> bool:
    return not _le(first, second)


@_builtin("ge", RAW, RAW, error=True, result="bool")
def _ge(first: Any, second: Any) -> bool:
    return not _lt(first, second)


# --------------------------------------------------------------------------------------------
# printing and escaping

_builtin("print", variadic=ANY, result="string")(sprint)
_builtin("println", variadic=ANY, result="string")(sprintln)
_builtin("printf", "string", variadic=ANY, result="string")(sprintf)


def _eval_args(args: tuple[Any, ...]) -> str:
    """Go's `evalArgs`: like `print`, but nil prints `<no value>` as in an action."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return sprint(*(NO_VALUE if a is None else a for a in args))


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_JS = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
}


@_builtin("html", variadic=ANY, result="string")
def _html(*args: Any) -> str:
    return "".join(_HTML.get(ch, ch) for ch in _eval_args(args))


def _js_char(ch: str) -> str:
    if ch in _JS:
        return _JS[ch]
    code = ord(ch)
    if code < 0x20:
        return f"\\u00{code:02X}"
    if code < 0x80 or ch.isprintable() or 0xDC80 <= code <= 0xDCFF:
        return ch  # a byte that is not UTF-8 passes through, as in Go
    return f"\\u{code:04X}"


@_builtin("js", variadic=ANY, result="string")
def _js(*args: Any) -> str:
    return "".join(_js_char(ch) for ch in _eval_args(args))


@_builtin("urlquery", variadic=ANY, result="string")
def _urlquery(*args: Any) -> str:
    return quote_plus(_bytes(_eval_args(args)), safe="-_.~")


@_builtin("call", RAW, variadic=RAW, error=True)
def _call(fn: Any, *args: Any) -> Any:
    fn = _concrete(fn)
    if fn is MISSING:
        raise GoError("call of nil")
    raise GoError(f"non-function of type {type_name(fn)}")
