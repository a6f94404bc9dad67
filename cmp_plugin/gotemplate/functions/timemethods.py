"""time.Time's methods, as a template calls them on a time from `toDate` or `dateModify`
(`(toDate "2006-01-02" .date).Year`), and `*time.Location`'s.

What a preview can tell: everything about a time whose instant and zone are fixed (a text
parsed with a `Z`: UTC), and its wall clock (`Year`, `Month`, `Format`...) when only that is
known (a text with an offset, or without a zone: Argo CD's local zone, whose offsets are not
known). Comparisons and differences need the instants (`Before`, `Equal`, `Sub`, and
`Compare`, Go 1.20+); `Add`, `Truncate` and `Round` keep a UTC time in UTC (elsewhere only the
instant is known after them); calendar arithmetic (`AddDate`) needs the zone's rules, known
for UTC only; `Location` is `UTC` or `Local` (a text with an offset lives in `Local` or in a
fixed zone, depending on the controller's zone). `Date`, `Clock`, `ISOWeek`, `Zone` and `ZoneBounds` return several values,
which a template cannot call: Go's error. The methods that return `[]byte` (`MarshalJSON`,
`AppendFormat`...) are left unevaluated.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..values import GoError, GoObject, Int64, NotKnowable
from .convert import wrap_int64
from .dates import LOCAL_ZONE, NS, ZERO_TIME, GoTime, format_known
from .golayout import LONG_MONTHS, civil_from_days, days_from_civil
from .gonamed import Month, Weekday, clamp_duration
from .registry import ANY, GoFunction, Signature


class GoLocation(GoObject):
    """A `*time.Location`: UTC or Argo CD's local zone (named `Local`); one object each, as
    Go's `time.UTC` and `time.Local` are single pointers (`eq` compares them)."""

    __slots__ = ("name",)
    go_type: ClassVar[str] = "*time.Location"

    def __init__(self, name: str) -> None:
        self.name = name

    def go_format(self) -> str:
        return self.name

    def go_method(self, name: str) -> GoFunction | None:
        if name == "String":
            return GoFunction(name, lambda: self.name, Signature((), result="string"))
        return None


UTC = GoLocation("UTC")
LOCAL = GoLocation("Local")

# Methods with more than one result: text/template's goodFunc refuses to call them.
_RESULTS = {"Date": 3, "Clock": 3, "ISOWeek": 2, "Zone": 2, "ZoneBounds": 2}
# Methods that return []byte, which the preview does not model.
_BYTES = {
    "AppendBinary",
    "AppendFormat",
    "AppendText",
    "GobEncode",
    "MarshalBinary",
    "MarshalJSON",
    "MarshalText",
}


def time_method(t: GoTime, name: str) -> GoFunction | None:
    """`t`'s method `name` bound to `t`, with its Go signature; None for no such method."""
    table = _methods(t)
    if name in table:
        body, params, result = table[name]
        return GoFunction(name, body, Signature(params, result=result))
    if name in _RESULTS:
        return GoFunction(name, _several_results(name), Signature(()))
    if name in _BYTES:
        return GoFunction(name, _not_evaluated(name, "returns []byte"), Signature((), variadic=ANY))
    return None


def _methods(t: GoTime) -> dict[str, tuple[Any, tuple[str, ...], str]]:
    def civil_field(layout: str) -> Any:
        return lambda: int(format_known(t.civil(), layout))

    return {
        "Format": (lambda layout: format_known(t.civil(), layout), ("string",), "string"),
        "String": (t.go_format, (), "string"),
        "GoString": (lambda: go_string(t), (), "string"),
        "Unix": (lambda: Int64(t.known_instant() // NS), (), "int64"),
        "UnixMilli": (lambda: Int64(t.known_instant() // 1_000_000), (), "int64"),
        "UnixMicro": (lambda: Int64(t.known_instant() // 1_000), (), "int64"),
        "UnixNano": (lambda: wrap_int64(t.known_instant()), (), "int64"),
        "UTC": (lambda: GoTime.utc(t.known_instant()), (), "time.Time"),
        "Local": (lambda: _in(t, LOCAL), (), "time.Time"),
        "In": (lambda loc: _in(t, loc), ("*time.Location",), "time.Time"),
        "Location": (lambda: _location(t), (), "*time.Location"),
        "IsZero": (lambda: t.known_instant() == ZERO_TIME, (), "bool"),
        "IsDST": (lambda: _utc_only(t, "IsDST") and False, (), "bool"),
        "Year": (civil_field("2006"), (), "int"),
        "Day": (civil_field("2"), (), "int"),
        "Hour": (civil_field("15"), (), "int"),
        "Minute": (civil_field("4"), (), "int"),
        "Second": (civil_field("5"), (), "int"),
        "YearDay": (civil_field("002"), (), "int"),
        "Month": (lambda: Month(int(format_known(t.civil(), "1"))), (), "time.Month"),
        "Weekday": (lambda: Weekday((t.civil().seconds // 86400 + 4) % 7), (), "time.Weekday"),
        "Nanosecond": (lambda: t.civil().nanos, (), "int"),
        "Before": (lambda u: t.known_instant() < u.known_instant(), ("time.Time",), "bool"),
        "After": (lambda u: t.known_instant() > u.known_instant(), ("time.Time",), "bool"),
        "Equal": (lambda u: t.known_instant() == u.known_instant(), ("time.Time",), "bool"),
        "Compare": (
            lambda u: _compare(t.known_instant(), u.known_instant()),
            ("time.Time",),
            "int",
        ),
        "AddDate": (lambda y, m, d: _add_date(t, y, m, d), ("int", "int", "int"), "time.Time"),
        "Add": (lambda d: t.add(int(d)), ("time.Duration",), "time.Time"),
        "Sub": (lambda u: clamp_duration(t.known_instant() - u.known_instant()), *_TIME_DUR),
        "Truncate": (lambda d: _truncate(t, d, False), ("time.Duration",), "time.Time"),
        "Round": (lambda d: _truncate(t, d, True), ("time.Duration",), "time.Time"),
    }


_TIME_DUR = (("time.Time",), "time.Duration")


def _truncate(t: GoTime, d: int, rounding: bool) -> GoTime:
    """Time.Truncate and Round: to a multiple of `d` since the zero time (year 1, UTC),
    whatever the zone; halfway rounds up."""
    if d <= 0:
        return t
    rest = (t.known_instant() - ZERO_TIME) % d
    if rounding and rest + rest >= d:
        return t.add(d - rest)
    return t.add(-rest)


def _compare(a: int, b: int) -> int:
    return (a > b) - (a < b)


def _utc_only(t: GoTime, what: str) -> bool:
    if t.zone == "UTC" and t.offset == 0 and t.instant is not None:
        return True
    raise NotKnowable(f"{what} of a time outside UTC: {LOCAL_ZONE}")


def _location(t: GoTime) -> GoLocation:
    if t.in_local:
        return LOCAL
    _utc_only(t, "the location")
    return UTC


def _in(t: GoTime, loc: GoLocation | None) -> GoTime:
    if loc is None:
        raise GoError("time: missing Location in call to Time.In")
    if loc is UTC:
        return GoTime.utc(t.known_instant())
    if t.in_local:
        return t
    return GoTime(t.known_instant(), None, None, None, in_local=True)


def _add_date(t: GoTime, years: int, months: int, days: int) -> GoTime:
    """Go's AddDate: Date(y+years, m+months, d+days, clock, loc), normalized (Oct 31 + 1
    month is Dec 1)."""
    _utc_only(t, "AddDate")
    civil = t.civil()
    day_number, clock = divmod(civil.seconds, 86400)
    year, month, day = civil_from_days(day_number)
    carry, month0 = divmod(month - 1 + months, 12)
    start = days_from_civil(year + years + carry, month0 + 1, 1) + day - 1 + days
    return GoTime.utc((start * 86400 + clock) * NS + civil.nanos)


def go_string(t: GoTime) -> str:
    """Go's Time.GoString: `time.Date(2024, time.March, 5, 10, 0, 0, 0, time.UTC)`."""
    if t.in_local:
        where = "time.Local"
    else:
        _utc_only(t, "GoString")
        where = "time.UTC"
    civil = t.civil()
    day_number, clock = divmod(civil.seconds, 86400)
    year, month, day = civil_from_days(day_number)
    hour, minute, second = clock // 3600, clock // 60 % 60, clock % 60
    fields = f"{year}, time.{LONG_MONTHS[month - 1]}, {day}, {hour}, {minute}, {second}"
    return f"time.Date({fields}, {civil.nanos}, {where})"


def _several_results(name: str) -> Any:
    def body() -> Any:
        raise GoError(f'can\'t call method/function "{name}" with {_RESULTS[name]} results')

    return body


def _not_evaluated(name: str, why: str) -> Any:
    def body(*_: Any) -> Any:
        raise NotKnowable(f"time.Time's {name} {why}, which the preview does not model")

    return body
