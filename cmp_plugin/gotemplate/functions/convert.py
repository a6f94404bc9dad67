"""Conversions as sprig makes them: `toString`, `toStrings`, `atoi`, `int`, `int64`, `float64`,
`toDecimal`, and the helpers the other function modules share.

sprig converts numbers with spf13/cast (`ToInt64`, `ToInt`, `ToFloat64`), errors ignored: a
value cast cannot convert becomes 0. Strings go through Go's `strconv`, whose syntax differs
from Python's (`ParseInt` with base 0 reads `0x1f`, `0o17`, `0b101` and `017` as octal, `08`
is an error; no spaces; underscores only between digits), so it is reproduced here. A float64
converts to an integer as Go does on amd64: truncated toward zero, and NaN or a value out of
the int64 range becomes -9223372036854775808.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..printing import format_value
from ..values import MISSING, GoSlice, Int64, NamedInt, NotKnowable, Unknown
from .registry import ANY, gofunc

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1


class NilList(list):
    """A Go nil `[]interface {}` (`rest (list)`): prints `[]`, but `toJson` gives `null`."""

    __slots__ = ()


class NilMap(dict):
    """A Go nil `map[string]interface {}` (`unset` of a missing map): `toJson` gives `null`."""

    __slots__ = ()


class RandomOrder:
    """A slice filled by iterating a Go map (`keys`, `values`): Go's order is random, so its
    order is not knowable; its contents are (`sortAlpha`, `len`, `has` are fine)."""

    __slots__ = ()

    if TYPE_CHECKING:  # what the lists that carry the marker have

        def __len__(self) -> int: ...
        def __iter__(self) -> Iterator[Any]: ...


class RandomOrderList(RandomOrder, list):
    __slots__ = ()


class RandomOrderStrings(RandomOrder, GoSlice):
    __slots__ = ()


def ordered(value: Any) -> Any:
    """`value`, unless its order is random (two elements or more from a map): NotKnowable."""
    if isinstance(value, RandomOrder) and len(value) > 1:
        raise NotKnowable("the order of a map's keys or values (Go's map order is random)")
    return value


class NumError(ValueError):
    """strconv's error: `syntax` (not a number) or `range` (value is the clamped result)."""

    def __init__(self, func: str, text: str, kind: str, value: int | float = 0) -> None:
        reason = "invalid syntax" if kind == "syntax" else "value out of range"
        super().__init__(f'strconv.{func}: parsing "{text}": {reason}')
        self.kind = kind
        self.value = value


def wrap_int64(value: int) -> Int64:
    """Go's int64 arithmetic wraps around on overflow."""
    return Int64((value + (1 << 63)) % (1 << 64) - (1 << 63))


def float_to_int64(value: float) -> int:
    """Go's `int64(f)` on amd64: truncation, and the "integer indefinite" when out of range."""
    if math.isnan(value) or not -(2.0**63) <= value < 2.0**63:
        return INT64_MIN
    return int(value)


# --------------------------------------------------------------------------------------------
# Go's strconv


def underscore_ok(text: str) -> bool:
    """strconv's rule: an underscore only between digits, or between a base prefix and a digit."""
    if text[:1] in "+-" and text:
        text = text[1:]
    saw, i, hexa = "^", 0, False
    if len(text) >= 2 and text[0] == "0" and text[1].lower() in "box":
        i, saw, hexa = 2, "0", text[1].lower() == "x"
    for ch in text[i:]:
        if ch.isascii() and (ch.isdigit() or (hexa and ch.lower() in "abcdef")):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
    return saw != "_"


def _parse_uint(text: str, base: int, bits: int, func: str, whole: str) -> int:
    if not text:
        raise NumError(func, whole, "syntax")
    base0 = base == 0
    if base0:
        base = 10
        if text[0] == "0":
            prefix = text[1:2].lower()
            if len(text) >= 3 and prefix in ("b", "o", "x"):
                base, text = {"b": 2, "o": 8, "x": 16}[prefix], text[2:]
            else:
                base, text = 8, text[1:]
    limit = 1 << bits
    value, underscores = 0, False
    for ch in text:
        if ch == "_" and base0:
            underscores = True
            continue
        digit = int(ch, 36) if ch.isascii() and ch.isalnum() else 99
        if digit >= base:
            raise NumError(func, whole, "syntax")
        value = value * base + digit
        if value >= limit:
            raise NumError(func, whole, "range", limit - 1)
    if underscores and not underscore_ok(whole):
        raise NumError(func, whole, "syntax")
    return value


def parse_int(text: str, base: int = 0, bits: int = 64, func: str = "ParseInt") -> int:
    """Go's `strconv.ParseInt`; `NumError.value` holds the clamped value of a range error."""
    if not text:
        raise NumError(func, text, "syntax")
    body, negative = text, False
    if text[0] in "+-":
        body, negative = text[1:], text[0] == "-"
    try:
        magnitude = _parse_uint(body, base, bits, func, text)
    except NumError as exc:
        if exc.kind != "range":
            raise
        magnitude = 1 << bits  # clamped below
    cutoff = 1 << (bits - 1)
    if not negative and magnitude >= cutoff:
        raise NumError(func, text, "range", cutoff - 1)
    if negative and magnitude > cutoff:
        raise NumError(func, text, "range", -cutoff)
    return -magnitude if negative else magnitude


def atoi(text: str) -> int:
    """Go's `strconv.Atoi` as sprig's `atoi` uses it: 0 for bad syntax, clamped when too big."""
    try:
        return parse_int(text, 10, 64, "Atoi")
    except NumError as exc:
        return int(exc.value)


_DEC_FLOAT = re.compile(r"[+-]?(?=\.?[0-9])[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?")
_HEX_FLOAT = re.compile(
    r"[+-]?0[xX](?=\.?[0-9a-fA-F])[0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?[pP][+-]?[0-9_]+"
)
_SPECIAL = re.compile(r"[+-]?(inf|infinity)|nan", re.IGNORECASE)


def parse_float(text: str) -> float:
    """Go's `strconv.ParseFloat(s, 64)`: Go's syntax, and a range error past the largest float."""
    if _SPECIAL.fullmatch(text):
        lowered = text.lower()
        return math.nan if lowered == "nan" else -math.inf if text[0] == "-" else math.inf
    hexa = _HEX_FLOAT.fullmatch(text)
    if not hexa and not _DEC_FLOAT.fullmatch(text):
        raise NumError("ParseFloat", text, "syntax")
    if "_" in text and not underscore_ok(text):
        raise NumError("ParseFloat", text, "syntax")
    plain = text.replace("_", "")
    value = float.fromhex(plain) if hexa else float(plain)
    if math.isinf(value):
        raise NumError("ParseFloat", text, "range", value)
    return value


def _trim_zero_decimal(text: str) -> str:
    """cast's trimZeroDecimal: `"12.00"` -> `"12"`, anything else unchanged."""
    found_zero = False
    for i in range(len(text), 0, -1):
        ch = text[i - 1]
        if ch == ".":
            if found_zero:
                return text[: i - 1]
        elif ch == "0":
            found_zero = True
        else:
            return text
    return text


# --------------------------------------------------------------------------------------------
# spf13/cast, errors swallowed as sprig does


def _cast_named(value: NamedInt) -> int:
    """cast's toInt knows time.Month and time.Weekday; another named type (time.Duration) is
    an error, which sprig reads as 0."""
    return int(value) if value.go_type in ("time.Month", "time.Weekday") else 0


def to_int64(value: Any) -> Int64:
    """cast.ToInt64: ints as they are, float64 truncated, strings by ParseInt base 0, bools 0/1,
    anything else (nil, maps, lists, bad strings) 0."""
    if isinstance(value, bool):
        return Int64(int(value))
    if isinstance(value, int):
        return Int64(_cast_named(value) if isinstance(value, NamedInt) else value)
    if isinstance(value, float):
        return Int64(float_to_int64(value))
    if isinstance(value, str):
        try:
            return Int64(parse_int(_trim_zero_decimal(value), 0, 64))
        except NumError:
            return Int64(0)
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    return Int64(0)


def to_int(value: Any) -> int:
    """cast.ToInt (Go's int is 64 bits wide where Argo CD runs)."""
    return int(to_int64(value))


def to_float64(value: Any) -> float:
    """cast.ToFloat64: numbers, strings by ParseFloat, bools 0/1, anything else 0."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, NamedInt):
        return float(_cast_named(value))
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return parse_float(value)
        except NumError:
            return 0.0
    if isinstance(value, Unknown):
        raise NotKnowable(value.reason)
    return 0.0


# --------------------------------------------------------------------------------------------
# strings


def go_sprint(value: Any) -> str:
    """`fmt.Sprint(v)`, i.e. `%v` (the engine's printing), refusing a random order inside."""
    if value.__class__ is not str:
        _check_order(value)
    return format_value(value)


def _check_order(value: Any) -> None:
    if isinstance(value, list):
        for item in ordered(value):
            _check_order(item)
    elif isinstance(value, dict):
        for item in value.values():
            _check_order(item)


def strval(value: Any) -> str:
    """sprig's strval (`toString`): a string as is, a Stringer (time) its String(), else `%v`."""
    if value.__class__ is str:
        return value
    return go_sprint(value)


def strslice(value: Any) -> GoSlice:
    """sprig's strslice (`toStrings`, and `join`'s list): each element's strval, nils dropped."""
    if value is None or value is MISSING:
        return GoSlice([], "string")
    if isinstance(value, GoSlice) and value.elem == "string":
        return value
    if isinstance(value, RandomOrder):
        return RandomOrderStrings((strval(item) for item in value if item is not None), "string")
    if isinstance(value, list):
        return GoSlice((strval(item) for item in value if item is not None), "string")
    return GoSlice([strval(value)], "string")


# --------------------------------------------------------------------------------------------
# registered functions


@gofunc("toString", ANY, result="string")
def _to_string(value: Any) -> str:
    return strval(value)


@gofunc("toStrings", ANY, result="[]string")
def _to_strings(value: Any) -> GoSlice:
    return strslice(value)


@gofunc("atoi", "string", result="int")
def _atoi(text: str) -> int:
    return atoi(text)


@gofunc("int", ANY, result="int")
def _int(value: Any) -> int:
    return to_int(value)


@gofunc("int64", ANY, result="int64")
def _int64(value: Any) -> Int64:
    return to_int64(value)


@gofunc("float64", ANY, result="float64")
def _float64(value: Any) -> float:
    return to_float64(value)


@gofunc("toDecimal", ANY, result="int64")
def _to_decimal(value: Any) -> Int64:
    """Reads the value's `%v` text as an octal number ("0755" -> 493); 0 when it is not one."""
    try:
        return Int64(parse_int(go_sprint(value), 8, 64))
    except NumError:
        return Int64(0)
