"""Go's `text/template` execution rules (exec.go), used by the code `compiling` generates.

- Fields: `.a.b` looks each name up in a map; a missing key is an error under
  `missingkey=error`, the map's zero value under `zero` (`""` in a `map[string]string`, nil in
  a `map[string]interface {}`), else a missing value that prints `<no value>`; a field of a
  missing value is missing again (an error under `error`), a field of nil or of a non-map is
  an error. A `GoObject` answers with its method, then its field.
- Arguments: an argument is converted to its parameter's Go type as Go's `evalArg` and
  `validateType` do: a constant to the parameter's kind (`3.0` is a valid int, `"3"` is not),
  a value must be assignable (a `map[string]string` is not a `map[string]interface {}`), a
  missing value becomes the zero value of a nilable type and is an error otherwise.
- Calls: a function's error or panic ends the template (`error calling NAME: ...`); a
  function whose result is not fixed (`now`) cannot be known offline.
- Truth, `range` (slices, maps in key order, integers), printing.

Errors carry Go's prefix `template: base:LINE:COL: executing "NAME" at <EXPR>: `; each call
site passes a `Site`: that prefix and the expression as written. A value the preview was not
given (`Unknown`) raises `NotKnowable` naming the expression that needed it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .functions.registry import ANY, GoFunction
from .literals import Number
from .nodes import Bool, Nil, NumberLit, String
from .printing import format_value, print_value
from .values import (
    MISSING,
    NAMED_INTS,
    GoError,
    GoObject,
    GoSlice,
    GoStringMap,
    Int64,
    NotKnowable,
    RandomOrder,
    Unknown,
    type_name,
)

RAW = "reflect.Value"  # a builtin's parameter: the value as it is, missing or nil included
Site = tuple[str, str]  # (Go's error prefix, the expression as written)

_INTS = ("int", "int8", "int16", "int32", "int64")
_UINTS = ("uint", "uint8", "uint16", "uint32", "uint64", "uintptr")
_EXACT: dict[str, type] = {
    "string": str,
    "int": int,
    "int64": Int64,
    "float64": float,
    "bool": bool,
    "complex128": complex,
}


def fail(site: Site, message: str) -> NoReturn:
    raise GoError(site[0] + message, message)


def unknowable(site: Site, reason: str) -> NoReturn:
    raise NotKnowable(f"{site[1]}: {reason}")


# --------------------------------------------------------------------------------------------
# types


def nilable(typ: str) -> bool:
    """Go's `canBeNil`: interfaces, maps, slices, pointers, functions, channels."""
    return typ in (ANY, RAW, "error") or typ.startswith(("map[", "[]", "*", "func", "chan "))


def zero(typ: str) -> Any:
    """The zero value of a nilable type, as a function body receives it."""
    return MISSING if typ == RAW else None


def assignable(value: Any, typ: str) -> bool:
    exact = _EXACT.get(typ)
    if exact is not None:
        return value.__class__ is exact
    if typ == "map[string]interface {}":
        return isinstance(value, dict) and not isinstance(value, GoStringMap)
    if typ == "map[string]string":
        return isinstance(value, GoStringMap)
    if typ == "[]interface {}":
        return isinstance(value, list) and not isinstance(value, GoSlice)
    if typ.startswith("[]"):
        return isinstance(value, GoSlice) and value.elem == typ[2:]
    return isinstance(value, GoObject) and value.go_type == typ


def validate(value: Any, typ: str, site: Site) -> Any:
    """Go's `validateType`: `value` as an argument of type `typ`."""
    if value is MISSING:
        if nilable(typ):
            return zero(typ)
        fail(site, f"invalid value; expected {typ}")
    if typ == RAW:
        return value
    if isinstance(value, Unknown):
        unknowable(site, value.reason)
    if typ == ANY:
        return value
    if value is None:
        fail(site, f"wrong type for value; expected {typ}; got interface {{}}")
    if assignable(value, typ):
        return value
    fail(site, f"wrong type for value; expected {typ}; got {type_name(value)}")


def validate_piped(value: Any, typ: str, site: Site) -> Any:
    """A value piped from the previous command: a nil interface arrives as a missing value."""
    return validate(MISSING if value is None else value, typ, site)


def unwrap(value: Any) -> Any:
    """A pipeline's result: Go drops the interface around it, so nil becomes missing."""
    return MISSING if value is None else value


# --------------------------------------------------------------------------------------------
# constants


def ideal_constant(number: Number) -> tuple[bool, Any]:
    """Go's `idealConstant`: (True, value) or (False, error message)."""
    text = number.text
    if number.is_complex:
        return True, number.complex128
    hex_int = (
        len(text) > 2 and text[0] == "0" and text[1] in "xX" and not any(c in text for c in "pP")
    )
    if (
        number.is_float
        and not hex_int
        and not text.startswith("'")
        and any(c in text for c in ".eEpP")
    ):
        return True, number.float64
    if number.is_int:
        return True, number.int64
    return False, f"{text} overflows int"


def literal_arg(node: Any, typ: str) -> tuple[bool, Any]:
    """A constant argument converted to `typ` (Go's `evalArg`): (True, value) or (False, error)."""
    if isinstance(node, Nil):
        if nilable(typ):
            return True, zero(typ)
        return False, f"cannot assign nil to {typ}"
    if typ in (ANY, RAW):
        if isinstance(node, Bool):
            return True, node.value
        if isinstance(node, String):
            return True, node.text
        return ideal_constant(node.number)
    if typ in _INTS or typ in NAMED_INTS:
        if isinstance(node, NumberLit) and node.number.is_int:
            kind = Int64 if typ == "int64" else NAMED_INTS.get(typ, int)
            return True, kind(node.number.int64)
        return False, f"expected integer; found {node}"
    if typ in _UINTS:
        if isinstance(node, NumberLit) and node.number.is_uint:
            return True, node.number.uint64
        return False, f"expected unsigned integer; found {node}"
    if typ in ("float64", "float32"):
        if isinstance(node, NumberLit) and node.number.is_float:
            return True, node.number.float64
        return False, f"expected float; found {node}"
    if typ in ("complex128", "complex64"):
        if isinstance(node, NumberLit) and node.number.is_complex:
            return True, node.number.complex128
        return False, f"expected complex; found {node}"
    if typ == "bool":
        if isinstance(node, Bool):
            return True, node.value
        return False, f"expected bool; found {node}"
    if typ == "string":
        if isinstance(node, String):
            return True, node.text
        return False, f"expected string; found {node}"
    return False, f"can't handle {node} for arg of type {typ}"


# --------------------------------------------------------------------------------------------
# fields


class Fields:
    """Field access under one `missingkey` mode (`default`, `zero` or `error`)."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        slow = self.slow

        # The common chains as plain functions: a lookup in nested maps costs one call.
        def chain1(receiver: Any, a: str, site: Site) -> Any:
            try:
                return receiver[a]
            except Exception:
                return slow(receiver, (a,), site)

        def chain2(receiver: Any, a: str, b: str, site: Site) -> Any:
            try:
                return receiver[a][b]
            except Exception:
                return slow(receiver, (a, b), site)

        def chain3(receiver: Any, a: str, b: str, c: str, site: Site) -> Any:
            try:
                return receiver[a][b][c]
            except Exception:
                return slow(receiver, (a, b, c), site)

        self.chains: tuple[Callable[..., Any], ...] = (chain1, chain2, chain3)

    def chain(self, receiver: Any, names: Sequence[str], site: Site) -> Any:
        value = receiver
        try:
            for name in names:
                value = value[name]
            return value
        except Exception:  # not a plain map lookup all the way: Go's rules decide
            return self.slow(receiver, names, site)

    def slow(self, receiver: Any, names: Sequence[str], site: Site) -> Any:
        for name in names:
            receiver = self.field(receiver, name, site)
        return receiver

    def field(self, receiver: Any, name: str, site: Site) -> Any:
        if receiver is MISSING:
            if self.mode == "error":
                fail(site, f'nil data; no entry for key "{name}"')
            return MISSING
        if receiver is None:
            fail(site, f"nil pointer evaluating interface {{}}.{name}")
        if isinstance(receiver, dict):
            if name in receiver:
                return receiver[name]
            if self.mode == "error":
                fail(site, f'map has no entry for key "{name}"')
            if self.mode == "zero":
                return "" if isinstance(receiver, GoStringMap) else None
            return MISSING
        if isinstance(receiver, GoObject):
            method = receiver.go_method(name)
            if method is not None:
                return call_values(method, (), site)
            fields = receiver.go_fields()
            if name in fields:
                return fields[name]
        if isinstance(receiver, Unknown):
            unknowable(site, receiver.reason)
        fail(site, f"can't evaluate field {name} in type {type_name(receiver)}")

    def with_args(
        self,
        receiver: Any,
        name: str,
        args: Sequence[tuple[Any, Callable[[], Any] | None]],
        final: Any,
        site: Site,
    ) -> Any:
        """The last field of a chain given arguments: only a method takes them."""
        if receiver is MISSING:
            if self.mode == "error":
                fail(site, f'nil data; no entry for key "{name}"')
            return MISSING
        if isinstance(receiver, GoObject):
            method = receiver.go_method(name)
            if method is not None:
                return call_args(method, args, final, site)
            if name in receiver.go_fields():
                fail(site, f"{name} has arguments but cannot be invoked as function")
        if isinstance(receiver, dict):
            fail(site, f"{name} is not a method but has arguments")
        return self.field(receiver, name, site)


def call_args(
    fn: GoFunction,
    args: Sequence[tuple[Any, Callable[[], Any] | None]],
    final: Any,
    site: Site,
) -> Any:
    """Call `fn` with argument nodes evaluated at run time (a method given arguments)."""
    values = []
    types = param_types(fn, len(args) + (final is not _NO_FINAL))
    if types is None:
        fail(site, arity_message(fn, len(args) + (final is not _NO_FINAL)))
    for (node, thunk), typ in zip(args, types, strict=False):
        if thunk is None:
            ok, value = literal_arg(node, typ)
            if not ok:
                fail(site, value)
            values.append(value)
        else:
            values.append(validate(thunk(), typ, site))
    if final is not _NO_FINAL:
        values.append(validate_piped(final, types[-1], site))
    return invoker(fn, site)(*values)


_NO_FINAL = object()


def call_values(fn: GoFunction, values: Sequence[Any], site: Site) -> Any:
    types = param_types(fn, len(values))
    if types is None:
        fail(site, arity_message(fn, len(values)))
    checked = [validate(v, t, site) for v, t in zip(values, types, strict=True)]
    return invoker(fn, site)(*checked)


def param_types(fn: GoFunction, count: int) -> list[str] | None:
    """The parameter type of each of `count` arguments, or None for a wrong count."""
    sig = fn.signature
    fixed = list(sig.params)
    if sig.variadic is None:
        return fixed if count == len(fixed) else None
    if count < len(fixed):
        return None
    return fixed + [sig.variadic] * (count - len(fixed))


def arity_message(fn: GoFunction, count: int) -> str:
    sig = fn.signature
    if sig.variadic is not None:
        return f"wrong number of args for {fn.name}: want at least {len(sig.params)} got {count}"
    return f"wrong number of args for {fn.name}: want {len(sig.params)} got {count}"


def invoker(fn: GoFunction, site: Site) -> Callable[..., Any]:
    """`fn`'s body called as Go calls it: its error or panic becomes the template's error.

    A function whose result is not fixed (`knowable=False`: `now`, `randAlpha`...) is called
    too: its body answers when Go's answer is certain whatever the draw (`randAlpha 0` is
    empty, `randInt 5 5` panics) and raises `NotKnowable` otherwise, named here by the call.
    """
    body, name = fn.body, fn.name
    prefix = f"error calling {name}: "

    def call(*args: Any) -> Any:
        try:
            return body(*args)
        except GoError as err:
            raise GoError(site[0] + prefix + str(err), prefix + str(err)) from None
        except NotKnowable as err:
            raise NotKnowable(f"{site[1]}: {err}") from None

    return call


# --------------------------------------------------------------------------------------------
# truth, range, printing


def truth(value: Any, site: Site) -> bool:
    """Go's `isTrue`: false, 0, nil, missing and empty strings, maps and slices are false."""
    cls = value.__class__
    if cls is bool:
        return value
    if cls is str or cls is dict or cls is list or cls is GoStringMap:
        return len(value) > 0
    if value is None or value is MISSING:
        return False
    if isinstance(value, str | dict | list):
        return len(value) > 0
    if isinstance(value, int | float | complex):
        return value != 0
    if isinstance(value, Unknown):
        unknowable(site, value.reason)
    return True


def range_items(value: Any, variables: int, site: Site) -> Sequence[tuple[Any, Any]]:
    """(index or key, element) pairs a `range` visits; empty when it runs its `else`."""
    if value is MISSING or value is None:
        return ()
    if isinstance(value, list):
        if isinstance(value, RandomOrder) and len(value) > 1:
            unknowable(site, "the order of a map's keys or values (Go's map order is random)")
        return list(enumerate(value))
    if isinstance(value, dict):
        return [(key, value[key]) for key in sorted(value)]
    if isinstance(value, int) and not isinstance(value, bool):
        if variables > 1:
            fail(site, f"can't use {format_value(value)} to iterate over more than one variable")
        kind = value.__class__
        return [(MISSING, kind(i)) for i in range(value)]
    if isinstance(value, Unknown):
        unknowable(site, value.reason)
    fail(site, f"range can't iterate over {format_value(value)}")


def printed(value: Any, site: Site) -> str:
    """What an action writes for a value that is not a string."""
    try:
        return print_value(value)
    except NotKnowable as err:
        unknowable(site, str(err))
