"""sprig's list functions: `list`/`tuple`, `first`, `rest`, `last`, `initial`, `append`/`push`,
`prepend`, `concat`, `reverse`, `uniq`, `without`, `has`, `slice`, `sortAlpha`, `chunk`,
`compact`, and their `must` forms.

sprig reaches list elements through reflection, so any Go slice works (`[]string` from
`splitList` or `keys`, `[]int` from `until`), and the result is a `[]interface {}` except for
`slice` (the input's own type) and `sortAlpha` (`[]string`). Go's quirks are kept: a nil list
is a nil-pointer panic, not an empty list (sprig asks the type of nil); `rest` and `initial` of
an empty list return a nil slice (`toJson` writes `null`); `has` of a nil list is false; the
`must` forms fail exactly where the plain ones panic. sprig's `slice` replaces Go's builtin of
that name (a function map entry takes precedence over a builtin), so `slice "abc" 1 2` fails.
"""

from __future__ import annotations

import math
from typing import Any

from ..values import MISSING, GoError, GoSlice, NotKnowable, Unknown
from .convert import NilList, RandomOrder, RandomOrderList, ordered, strslice, strval, to_int
from .defaults import is_empty
from .reflection import deep_equal, kind_name
from .registry import ANY, gofunc

NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference"


def _items(value: Any, failure: str) -> list[Any]:
    """The elements of a Go slice, or the error sprig gives for another kind of value."""
    if value is None or value is MISSING:
        raise GoError(NIL_DEREFERENCE)  # reflect.TypeOf(nil).Kind()
    if isinstance(value, list):
        return value
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    raise GoError(failure.format(kind=kind_name(value)))


def _like(source: Any, items: list[Any]) -> list[Any]:
    """A `[]interface {}` of `items`, whose order is random if the source's was."""
    if isinstance(source, RandomOrder) and len(items) > 1:
        return RandomOrderList(items)
    return items


def _contains(haystack: list[Any], needle: Any) -> bool:
    return any(deep_equal(needle, item) for item in haystack)


def _register(name: str, *params: str, variadic: str | None = None, result: str = ANY) -> Any:
    """Register a body as sprig's `name` and `mustName` (the same Go failure either way)."""
    must = "must" + name[0].upper() + name[1:]

    def both(body: Any) -> Any:
        gofunc(name, *params, variadic=variadic, result=result)(body)
        gofunc(must, *params, variadic=variadic, error=True, result=result)(body)
        return body

    return both


@gofunc("list", variadic=ANY, result="[]interface {}")
def _list(*items: Any) -> list[Any]:
    return list(items)


@gofunc("tuple", variadic=ANY, result="[]interface {}")
def _tuple(*items: Any) -> list[Any]:
    return list(items)


@_register("push", ANY, ANY, result="[]interface {}")
def _push(items: Any, value: Any) -> list[Any]:
    return _like(items, [*_items(items, "Cannot push on type {kind}"), value])


@gofunc("append", ANY, ANY, result="[]interface {}")
def _append(items: Any, value: Any) -> list[Any]:
    return _push(items, value)


@gofunc("mustAppend", ANY, ANY, error=True, result="[]interface {}")
def _must_append(items: Any, value: Any) -> list[Any]:
    return _push(items, value)


@_register("prepend", ANY, ANY, result="[]interface {}")
def _prepend(items: Any, value: Any) -> list[Any]:
    return _like(items, [value, *_items(items, "Cannot prepend on type {kind}")])


@_register("first", ANY)
def _first(items: Any) -> Any:
    found = ordered(_items(items, "Cannot find first on type {kind}"))
    return found[0] if found else None


@_register("last", ANY)
def _last(items: Any) -> Any:
    found = ordered(_items(items, "Cannot find last on type {kind}"))
    return found[-1] if found else None


@_register("rest", ANY, result="[]interface {}")
def _rest(items: Any) -> list[Any]:
    found = _items(items, "Cannot find rest on type {kind}")
    return _like(found, found[1:]) if found else NilList()


@_register("initial", ANY, result="[]interface {}")
def _initial(items: Any) -> list[Any]:
    found = _items(items, "Cannot find initial on type {kind}")
    return _like(found, found[:-1]) if found else NilList()


@_register("reverse", ANY, result="[]interface {}")
def _reverse(items: Any) -> list[Any]:
    found = _items(items, "Cannot find reverse on type {kind}")
    return _like(found, found[::-1])


@_register("compact", ANY, result="[]interface {}")
def _compact(items: Any) -> list[Any]:
    found = _items(items, "Cannot compact on type {kind}")
    return _like(found, [item for item in found if not is_empty(item)])


@_register("uniq", ANY, result="[]interface {}")
def _uniq(items: Any) -> list[Any]:
    found = _items(items, "Cannot find uniq on type {kind}")
    unique: list[Any] = []
    for item in found:
        if not _contains(unique, item):
            unique.append(item)
    return _like(found, unique)


@_register("without", ANY, variadic=ANY, result="[]interface {}")
def _without(items: Any, *omit: Any) -> list[Any]:
    found = _items(items, "Cannot find without on type {kind}")
    return _like(found, [item for item in found if not _contains(list(omit), item)])


@_register("has", ANY, ANY, result="bool")
def _has(needle: Any, haystack: Any) -> bool:
    if haystack is None or haystack is MISSING:
        return False
    return _contains(_items(haystack, "Cannot find has on type {kind}"), needle)


@_register("slice", ANY, variadic=ANY)
def _slice(items: Any, *indices: Any) -> Any:
    found = _items(items, "list should be type of slice or array but {kind}")
    if not found:
        return None
    start = to_int(indices[0]) if indices else 0
    end = to_int(indices[1]) if len(indices) >= 2 else len(found)
    if not 0 <= start <= end <= len(found):
        raise GoError("reflect.Value.Slice: slice index out of bounds")
    if 0 < end - start < len(found):
        ordered(found)  # which elements a part holds depends on the order
    if isinstance(found, GoSlice):
        return found.__class__(found[start:end], found.elem)
    return _like(found, found[start:end])


@gofunc("concat", variadic=ANY)
def _concat(*lists: Any) -> list[Any]:
    joined: list[Any] = []
    for items in lists:
        joined.extend(_items(items, "Cannot concat type {kind} as list"))
    if not joined:
        return NilList()  # Go appended nothing to a nil slice
    random = any(isinstance(items, RandomOrder) and len(items) > 1 for items in lists)
    return RandomOrderList(joined) if random else joined


@gofunc("sortAlpha", ANY, result="[]string")
def _sort_alpha(items: Any) -> GoSlice:
    if isinstance(items, list):
        return GoSlice(sorted(strslice(items), key=_go_bytes), "string")
    return GoSlice([strval(items)], "string")


def _go_bytes(text: str) -> bytes:
    """Go orders strings by their bytes."""
    return text.encode("utf-8", "surrogateescape")


def _chunk_count(length: int, size: int) -> int:
    """sprig's float arithmetic for the number of chunks, with Go's conversion of +-Inf."""
    if size == 0:
        return -(1 << 63)  # (l-1)/0 is an infinity; int(infinity) on amd64
    return int(math.floor(float(length - 1) / float(size)) + 1)


@_register("chunk", "int", ANY, result="[][]interface {}")
def _chunk(size: int, items: Any) -> GoSlice:
    found = ordered(_items(items, "Cannot chunk type {kind}"))
    count = _chunk_count(len(found), size)
    if count < 0:
        raise GoError("runtime error: makeslice: len out of range")
    chunks = GoSlice([], "[]interface {}")
    for i in range(count):
        width = size
        if i == count - 1:
            width = int(math.fmod(len(found), size)) or size
        if width < 0:
            raise GoError("runtime error: makeslice: len out of range")
        chunks.append(list(found[i * size : i * size + width]))
    return chunks
