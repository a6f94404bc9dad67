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
| a value the preview was not given | `Unknown(reason)`             |

`GoError` is what a function's Go `error` result, or its panic, becomes: the template fails and
Argo CD fails the Application. `NotKnowable` ends an evaluation whose answer cannot be known
offline (an `Unknown` reached a function or printing, or a function such as `now` or
`randAlpha` whose result is not fixed).
"""

from __future__ import annotations

from typing import Any, Final


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


class Int64(int):
    """A Go `int64` (sprig's `add`, `int64`, `max`...); prints and compares as an int."""

    __slots__ = ()


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
    """The template fails here, as Go's would; the message reads like Go's."""


class NotKnowable(Exception):
    """The answer depends on what cannot be known offline; the message names what."""
