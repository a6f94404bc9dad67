"""Go values as the template engine sees them: which Python object stands for which Go type.

Argo CD renders ApplicationSet templates with parameters decoded from JSON and from cluster
secrets, so a small set of Go types is all a template meets; sprig's functions add a few more.

| Go                         | Python                               |
| -------------------------- | ------------------------------------ |
| nil (untyped, or a nil interface) | `None`                        |
| invalid `reflect.Value` (a missing key under `missingkey=default`) | `MISSING` |
| `string`                   | `str`                                |
| `bool`                     | `bool`                               |
| `int`                      | `int` (never a `bool`)               |
| `int64`                    | `Int64` (sprig's arithmetic returns it) |
| `float64`                  | `float` (every number decoded from JSON or YAML parameters) |
| `map[string]interface {}`  | `dict`                               |
| `map[string]string`        | `GoStringMap` (cluster labels, annotations, generator `values`) |
| `[]interface {}`           | `list`                               |
| `[]T` for another `T`      | `GoSlice` with `elem` naming `T` (`[]string` from `splitList`, `[]int` from `until`) |
| `complex128` (a literal such as `2i`) | `complex`                     |
| a named Go type with fields or methods (`*semver.Version`) | a `GoObject` subclass |
| a named integer type with a `String` method (`time.Month`, `time.Duration`) | a `NamedInt` subclass |
| a value the preview was not given | `Unknown(reason)`             |

A Go string is a sequence of bytes; a `str` stands for one. Bytes that are not UTF-8 (a `trunc`
inside a multi-byte character, say) are kept as lone surrogates U+DC80-U+DCFF, one per byte
(Python's `surrogateescape`): `s.encode("utf-8", "surrogateescape")` gives the Go bytes. When the
rendered text leaves the engine each such byte becomes U+FFFD, as Argo CD's JSON encoding of
the Application does.

Nil: a missing value (`MISSING`) and a nil interface (`None`) differ only where Go's do: a field
of `MISSING` is `MISSING` again (or an error under `missingkey=error`), a field of `None` is an
error; a pipeline's result turns `None` into `MISSING`. A function body never sees `MISSING`:
a parameter of type `interface {}` gets `None`, a map or slice parameter gets `None` (Go's nil
map or slice), any other type is an error before the call.

`GoError` is what a function's Go `error` result, or its panic, becomes: the template fails and
Argo CD fails the Application. `NotKnowable` ends an evaluation whose answer cannot be known
offline (an `Unknown` reached a function or printing, or a function such as `now` or
`randAlpha` whose result is not fixed).
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final

if TYPE_CHECKING:  # pragma: no cover
    from .functions.registry import GoFunction


class GoStringMap(dict):
    """A Go `map[string]string`: `index` of a missing key gives `""`, and sprig's functions
    that want a `map[string]interface {}` (`get`, `hasKey`, `keys`, ...) refuse it."""

    __slots__ = ()


class GoSlice(list):
    """A Go slice of a concrete element type (`[]string`, `[]int`); `[]interface {}` is a list."""

    __slots__ = ("elem",)

    def __init__(self, items: Any = (), elem: str = "string") -> None:
        super().__init__(items)
        self.elem = elem


class RandomOrder(abc.ABC):  # noqa: B024 - a marker: lists that carry it are classes of their own
    """A slice filled by iterating a Go map (sprig's `keys`, `values`): Go's map order is
    random, so with two elements or more its order cannot be known (its contents can)."""

    __slots__ = ()

    if TYPE_CHECKING:  # what the lists that carry the marker have

        def __len__(self) -> int: ...
        def __iter__(self) -> Iterator[Any]: ...


class NilContainer(abc.ABC):  # noqa: B024 - a marker, as RandomOrder
    """A Go nil slice or nil map (`rest (list)`): empty, and equal to nil for `eq`."""

    __slots__ = ()


def ordered(value: Any) -> Any:
    """`value`, unless its order is random (`RandomOrder` with 2+ elements): NotKnowable."""
    if isinstance(value, RandomOrder) and len(value) > 1:
        raise NotKnowable("the order of a map's keys or values (Go's map order is random)")
    return value


class Int64(int):
    """A Go `int64` (sprig's `add`, `int64`, `max`...); prints and compares as an int."""

    __slots__ = ()


class Uint64(int):
    """A Go `uint64` (a semantic version's `.Major`): `%T` and `kindOf` say so."""

    __slots__ = ()


class NilPointer:
    """A nil pointer inside a struct `fmt` prints (a UTC time's `*time.Location`), with its
    type and what its `String` method answers for nil, if it has one."""

    __slots__ = ("go_type", "string")

    def __init__(self, go_type: str, string: str | None = None) -> None:
        self.go_type, self.string = go_type, string


class GoObject:
    """A value of a named Go type (a struct, or a pointer to one) that templates may reach:
    `(semver "1.2.3").Major`. Subclasses name the type and expose what Go would."""

    __slots__ = ()
    go_type: ClassVar[str] = "struct {}"  # as `%T` prints it, e.g. `*semver.Version`

    def go_fields(self) -> Mapping[str, Any]:
        """The exported fields, by name (`.Field` reads them)."""
        return {}

    def go_method(self, name: str) -> GoFunction | None:
        """The exported method `name` bound to this value, with its Go signature, or None."""
        return None

    def go_format(self) -> str:
        """`%v`: its `String()` when the type has one, else Go's struct rendering."""
        fields = " ".join(_format_field(v) for v in self.go_fields().values())
        return ("&{" if self.go_type.startswith("*") else "{") + fields + "}"

    def go_struct(self) -> list[tuple[str, Any]]:
        """Every field, unexported ones included, as `(name, value)`: what `fmt` prints for
        a verb no `String` method serves (`printf "%d"`, `%#v`)."""
        raise NotKnowable(f"the inner fields of a {self.go_type}")

    def go_string(self) -> str | None:
        """Its `GoString()` (`%#v`), if the type has that method."""
        return None

    def go_deep_copy(self) -> Any:
        """What copystructure's Copy makes of it (sprig's `deepCopy`)."""
        return self


class NamedInt(int, GoObject):
    """A value of a named Go integer type with a `String` method (`time.Month`,
    `time.Weekday`, `time.Duration`): an integer to arithmetic, comparisons and
    `printf "%d"`, its `String()` (`go_format`) where Go prints it (`{{ x }}`, `%v`, `%s`).
    Subclasses name the type, its kind and its `String`."""

    __slots__ = ()
    kind: ClassVar[str] = "int"  # as reflect's Kind prints it: "int" or "int64"


# The named integer types, by Go name, so that a constant argument converts to one
# (`.t.Add 1000`); the function modules that define one register it here.
NAMED_INTS: dict[str, type[NamedInt]] = {}


def _format_field(value: Any) -> str:
    from .printing import format_value  # printing imports this module

    return format_value(value)


class _Missing:
    """Go's invalid `reflect.Value`: a missing map key under `missingkey=default`/`invalid`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


MISSING: Final = _Missing()


class Unknown:
    """A parameter the preview was not given (a cluster secret's data, say), with the reason."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"


class GoError(Exception):
    """The template fails here, as Go's would; the message reads like Go's.

    `core` is the message without Go's location prefix (`template: base:1:3: executing
    "base" at <.x>: `): what went wrong, for a report that already says where.
    """

    def __init__(self, message: str, core: str | None = None) -> None:
        super().__init__(message)
        self.core = message if core is None else core


class NotKnowable(Exception):
    """The answer depends on what cannot be known offline; the message names what."""


def type_name(value: Any) -> str:
    """The Go type of `value` as `reflect` prints it (`%T`); `<nil>` for nil."""
    cls = value.__class__
    name = _TYPE_NAMES.get(cls)
    if name is not None:
        return name
    if isinstance(value, GoObject):
        return value.go_type
    if isinstance(value, GoSlice):
        return "[]" + value.elem
    if isinstance(value, GoStringMap):
        return "map[string]string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Int64):
        return "int64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    return cls.__name__  # pragma: no cover - every value of the model is listed above


_TYPE_NAMES: dict[type, str] = {
    str: "string",
    bool: "bool",
    int: "int",
    Int64: "int64",
    Uint64: "uint64",
    float: "float64",
    complex: "complex128",
    dict: "map[string]interface {}",
    GoStringMap: "map[string]string",
    list: "[]interface {}",
    type(None): "<nil>",
    _Missing: "<nil>",
}


def json_like(value: Any) -> Any:
    """What Go sees after `encoding/json` or sigs.k8s.io/yaml: string keys, every number a
    float64, nulls kept (a list element `{a: null}` has the key `a`, nil)."""
    if isinstance(value, Mapping):
        return {str(k): json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_like(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value
    return str(value)
