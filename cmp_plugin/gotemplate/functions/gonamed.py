"""Go's named integer types of package time that a template meets: `time.Month` and
`time.Weekday` (from a time's `Month` and `Weekday`) and `time.Duration` (from `Sub`, and the
argument of `Add`, `Truncate` and `Round`, where a constant such as `3600000000000` converts to
one). Each prints as its `String` (`March`, `Tuesday`, `1h0m0s`), counts as an integer in
comparisons and `printf "%d"`, and has Go's methods (`(.u.Sub .t).Hours`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..values import NAMED_INTS, Int64, NamedInt
from .goduration import format_duration
from .golayout import LONG_DAYS, LONG_MONTHS
from .registry import GoFunction, Signature

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
_HOUR, _MINUTE, _SECOND = 3_600_000_000_000, 60_000_000_000, 1_000_000_000


def _out_of_range(type_name: str, value: int) -> str:
    """Go's `%!Month(13)`: the value read as a uint64."""
    return f"%!{type_name}({value % (1 << 64)})"


class Month(NamedInt):
    __slots__ = ()
    go_type: ClassVar[str] = "time.Month"

    def go_format(self) -> str:
        return LONG_MONTHS[self - 1] if 1 <= self <= 12 else _out_of_range("Month", self)

    def go_method(self, name: str) -> GoFunction | None:
        return _string_method(self, name)


class Weekday(NamedInt):
    __slots__ = ()
    go_type: ClassVar[str] = "time.Weekday"

    def go_format(self) -> str:
        return LONG_DAYS[self] if 0 <= self <= 6 else _out_of_range("Weekday", self)

    def go_method(self, name: str) -> GoFunction | None:
        return _string_method(self, name)


class Duration(NamedInt):
    """A `time.Duration`: nanoseconds in an int64."""

    __slots__ = ()
    go_type: ClassVar[str] = "time.Duration"
    kind: ClassVar[str] = "int64"

    def go_format(self) -> str:
        return format_duration(int(self))

    def go_method(self, name: str) -> GoFunction | None:
        methods: dict[str, tuple[Any, tuple[str, ...], str]] = {
            "String": (self.go_format, (), "string"),
            "Hours": (lambda: _float_units(self, _HOUR), (), "float64"),
            "Minutes": (lambda: _float_units(self, _MINUTE), (), "float64"),
            "Seconds": (lambda: _float_units(self, _SECOND), (), "float64"),
            "Milliseconds": (lambda: Int64(_quo(self, 1_000_000)), (), "int64"),
            "Microseconds": (lambda: Int64(_quo(self, 1_000)), (), "int64"),
            "Nanoseconds": (lambda: Int64(self), (), "int64"),
            "Abs": (lambda: Duration(INT64_MAX if self == INT64_MIN else abs(self)), (), ""),
            "Truncate": (lambda m: _truncate(self, m), ("time.Duration",), ""),
            "Round": (lambda m: _round(self, m), ("time.Duration",), ""),
        }
        if name not in methods:
            return None
        body, params, result = methods[name]
        return GoFunction(name, body, Signature(params, result=result or "time.Duration"))


NAMED_INTS.update({"time.Month": Month, "time.Weekday": Weekday, "time.Duration": Duration})


def _string_method(value: NamedInt, name: str) -> GoFunction | None:
    if name == "String":
        return GoFunction(name, value.go_format, Signature((), result="string"))
    return None


def clamp_duration(nanos: int) -> Duration:
    """Time.Sub's result: the difference, or the nearest Duration when it does not fit."""
    return Duration(min(max(nanos, INT64_MIN), INT64_MAX))


def _quo(a: int, b: int) -> int:
    """Go's integer division, truncated toward zero."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _rem(a: int, b: int) -> int:
    """Go's `%`: the sign of the dividend."""
    return a - b * _quo(a, b)


def _float_units(d: int, unit: int) -> float:
    """Duration.Hours, Minutes, Seconds: whole units plus the rest, as Go computes them."""
    return float(_quo(d, unit)) + float(_rem(d, unit)) / unit


def _truncate(d: Duration, m: int) -> Duration:
    return d if m <= 0 else Duration(d - _rem(d, m))


def _round(d: Duration, m: int) -> Duration:
    """Duration.Round: halfway away from zero, saturating at the ends of int64."""
    if m <= 0:
        return d
    r = _rem(d, m)
    if d < 0:
        r = -r
        if r + r < m:
            return Duration(d + r)
        return Duration(d - m + r) if d - m + r >= INT64_MIN else Duration(INT64_MIN)
    if r + r < m:
        return Duration(d - r)
    return Duration(d + m - r) if d + m - r <= INT64_MAX else Duration(INT64_MAX)
