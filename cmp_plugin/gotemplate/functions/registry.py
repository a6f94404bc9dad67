"""Registration of template functions with their Go signatures.

The executor, not the function body, applies Go's calling rules from the signature: the
argument count (with a final variadic parameter), the conversion of each argument to its
parameter type (an untyped number constant converts to `int` or `float64`; a value must be
assignable: `map[string]string` is not a `map[string]interface {}`; a missing value becomes the
zero value of a nilable type and is an error for `string` or `int`), and the result: a body of
a function with an `error` result raises `GoError` for it; a panic is a `GoError` too.

Go type names are written as Go's `reflect` prints them: `"interface {}"`, `"string"`, `"int"`,
`"int64"`, `"float64"`, `"bool"`, `"[]interface {}"`, `"[]string"`, `"map[string]interface {}"`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ANY = "interface {}"


@dataclass(frozen=True, slots=True)
class Signature:
    params: tuple[str, ...]  # Go types of the fixed parameters
    variadic: str | None = None  # element type of a final `...T` parameter
    error: bool = False  # the Go function also returns an error
    result: str = ANY  # Go type of the (first) result, as `typeOf` would print it


@dataclass(frozen=True, slots=True)
class GoFunction:
    name: str
    body: Callable[..., Any]
    signature: Signature
    knowable: bool = True  # False: the result is not fixed (`now`, `randAlpha`, `uuidv4`)


FUNCTIONS: dict[str, GoFunction] = {}


def gofunc(
    name: str,
    *params: str,
    variadic: str | None = None,
    error: bool = False,
    result: str = ANY,
    knowable: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated body as template function `name` with this Go signature."""

    def register(body: Callable[..., Any]) -> Callable[..., Any]:
        if name in FUNCTIONS:
            raise ValueError(f"template function {name!r} registered twice")
        FUNCTIONS[name] = GoFunction(
            name, body, Signature(params, variadic, error, result), knowable
        )
        return body

    return register
