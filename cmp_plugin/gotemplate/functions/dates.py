"""sprig's date functions: `now`, `date`, `dateInZone`/`date_in_zone`, `htmlDate`,
`htmlDateInZone`, `dateModify`/`date_modify`, `mustDateModify`/`must_date_modify`, `toDate`,
`mustToDate`, `unixEpoch`, `ago`, `duration`, `durationRound`.

What a preview can know: formatting a fixed instant in a named zone (`dateInZone "2006-01-02"
1700000000 "Europe/Paris"`, IANA zones from the system's tz database; an unknown zone is UTC,
as in Go) and durations (`duration "95"` is `1m35s`). What it cannot: anything read from the
clock (`now`, `ago`, a `date` of a value that is not a time or an integer, which sprig replaces
by the current time), and anything in the controller's local zone (`date` and `htmlDate` format
in it, `toDate` parses in it), since Argo CD's process may run with any `TZ`. Those end the
evaluation as not knowable, with the reason. `toDate` keeps what it does know: a text with a
`Z` or an offset is a fixed instant; one without is a local wall clock, which `date` (local
again) can still format. A preview assumes that wall clock exists in the local zone (not in a
daylight-saving gap). A time's methods (`.Year`, `.Sub`...) are in `timemethods`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from ..values import GoError, GoObject, Int64, NamedInt, NilPointer, NotKnowable, Uint64
from .convert import NumError, parse_int, wrap_int64
from .goduration import DurationError, format_duration, parse_duration
from .golayout import Civil, days_from_civil, format_civil, next_chunk
from .registry import ANY, GoFunction, gofunc
from .timeparse import ParseError, parse_layout

NS = 1_000_000_000
LOCAL_ZONE = "the zone of Argo CD's controller (its TZ)"
CLOCK = "the current time"
ZERO_TIME = days_from_civil(1, 1, 1) * 86400 * NS  # Go's time.Time{}, in ns since 1970


class GoTime(GoObject):
    """A Go `time.Time`, with what is known of it: the instant (ns since 1970, UTC), the wall
    clock in its own location (ns since 1970 on that clock), the offset and abbreviation of
    its zone, and whether its location is the controller's local one."""

    __slots__ = ("in_local", "instant", "offset", "wall", "zone")
    go_type: ClassVar[str] = "time.Time"

    def __init__(
        self,
        instant: int | None,
        wall: int | None,
        offset: int | None,
        zone: str | None,
        in_local: bool = False,
    ) -> None:
        self.instant, self.wall, self.offset, self.zone = instant, wall, offset, zone
        self.in_local = in_local

    @classmethod
    def utc(cls, instant: int) -> GoTime:
        return cls(instant, instant, 0, "UTC")

    def civil(self) -> Civil:
        """Its wall clock in its own location."""
        if self.wall is None:
            raise NotKnowable(LOCAL_ZONE)
        return Civil(self.wall // NS, self.wall % NS, self.offset, self.zone)

    def known_instant(self) -> int:
        if self.instant is None:
            raise NotKnowable(LOCAL_ZONE)
        return self.instant

    def add(self, nanos: int) -> GoTime:
        if self.zone == "UTC" and self.offset == 0 and self.instant is not None:
            return GoTime.utc(self.instant + nanos)
        # A local zone may change its offset in between; only the instant stays known.
        return GoTime(self.known_instant() + nanos, None, None, None)

    def go_format(self) -> str:
        return format_known(self.civil(), "2006-01-02 15:04:05.999999999 -0700 MST")

    def go_struct(self) -> list[tuple[str, Any]]:
        """time.Time's `wall`, `ext`, `loc` as a time without a monotonic reading holds them:
        the nanoseconds, the seconds since January 1 of year 1, the location; only a UTC
        time's location is known (nil), another's is a pointer, printed as its address."""
        if self.zone != "UTC" or self.in_local or self.instant is None:
            raise NotKnowable("the address of a time's location")
        seconds, nanos = divmod(self.instant, NS)
        return [
            ("wall", Uint64(nanos)),
            ("ext", Int64(seconds + 62135596800)),
            ("loc", NilPointer("*time.Location", "UTC")),
        ]

    def go_string(self) -> str:
        from .timemethods import go_string  # timemethods builds on this module

        return go_string(self)

    def go_json_value(self) -> str:
        civil = self.civil()
        year = format_known(civil, "2006")
        if not 0 <= int(year) <= 9999:
            raise GoError("Time.MarshalJSON: year outside of range [0,9999]")
        return format_known(civil, "2006-01-02T15:04:05.999999999Z07:00")

    def go_equal(self, other: Any) -> bool:
        """reflect.DeepEqual compares location pointers: known only for two UTC times."""
        if self.zone == other.zone == "UTC" and self.instant is not None:
            return self.instant == other.instant
        raise NotKnowable(LOCAL_ZONE)

    def go_method(self, name: str) -> GoFunction | None:
        from .timemethods import time_method  # it builds on this module

        return time_method(self, name)


def format_known(civil: Civil, layout: str) -> str:
    try:
        return format_civil(civil, layout)
    except LookupError:
        raise NotKnowable(LOCAL_ZONE) from None


# --------------------------------------------------------------------------------------------
# zones


def _zone_civil(t: GoTime, zone: str) -> Civil:
    """`t.In(LoadLocation(zone))`'s wall clock: "" and unknown names are UTC, as in Go."""
    if zone == "Local":
        if t.in_local:
            return t.civil()
        raise NotKnowable(LOCAL_ZONE)
    instant = t.known_instant()
    seconds, nanos = divmod(instant, NS)
    try:
        location = ZoneInfo(zone) if zone not in ("", "UTC") else None
    except Exception:  # Go's LoadLocation failed: sprig falls back to UTC
        location = None
    if location is None:
        return Civil(seconds, nanos, 0, "UTC")
    try:
        local = datetime.fromtimestamp(seconds, UTC).astimezone(location)
    except (OverflowError, ValueError, OSError):
        raise NotKnowable(f"a time in {zone} outside the years 1-9999") from None
    offset = int(local.utcoffset().total_seconds())  # type: ignore[union-attr]
    return Civil(seconds + offset, nanos, offset, local.tzname())


def _time_of(value: Any) -> GoTime:
    """The time sprig's dateInZone makes of its argument: times and integers (seconds since
    1970) are used, anything else is replaced by the current time."""
    if isinstance(value, GoTime):
        return value
    if _plain_int(value):
        return GoTime(int(value) * NS, None, None, None, in_local=False)
    raise NotKnowable(CLOCK)


def _plain_int(value: Any) -> bool:
    """An int or int64 as sprig's type switches take it: not a bool, not a named type
    (time.Duration)."""
    return isinstance(value, int) and not isinstance(value, bool | NamedInt)


def date_in_zone(layout: str, value: Any, zone: str) -> str:
    if not next_chunk(layout)[1]:
        return layout  # no element: the text is the same whatever the time
    return format_known(_zone_civil(_time_of(value), zone), layout)


# --------------------------------------------------------------------------------------------
# parsing


def to_date(layout: str, text: str) -> GoTime:
    """time.ParseInLocation(layout, text, time.Local), as far as it is known."""
    parsed = parse_layout(layout, text)
    days = days_from_civil(parsed.year, parsed.month, parsed.day)
    clock = (parsed.hour * 60 + parsed.minute) * 60 + parsed.second
    wall = (days * 86400 + clock) * NS + parsed.nanos
    if parsed.utc:
        return GoTime.utc(wall)
    if parsed.offset is not None:  # in Local if its offset matches, else in a fixed zone
        instant = wall - parsed.offset * NS
        return GoTime(instant, wall, parsed.offset, parsed.name or None)
    if parsed.name:  # Local's offset for that abbreviation, or a fixed zone
        return GoTime(None, wall, None, parsed.name)
    return GoTime(None, wall, None, None, in_local=True)


# --------------------------------------------------------------------------------------------
# registered functions


@gofunc("now", result="time.Time", knowable=False)
def _now() -> GoTime:
    raise NotKnowable(CLOCK)


def _date(layout: str, value: Any) -> str:
    return date_in_zone(layout, value, "Local")


gofunc("date", "string", ANY, result="string")(_date)


@gofunc("htmlDate", ANY, result="string")
def _html_date(value: Any) -> str:
    return date_in_zone("2006-01-02", value, "Local")


@gofunc("htmlDateInZone", ANY, "string", result="string")
def _html_date_in_zone(value: Any, zone: str) -> str:
    return date_in_zone("2006-01-02", value, zone)


gofunc("dateInZone", "string", ANY, "string", result="string")(date_in_zone)
gofunc("date_in_zone", "string", ANY, "string", result="string")(date_in_zone)


def _date_modify(change: str, t: GoTime) -> GoTime:
    try:
        return t.add(parse_duration(change))
    except DurationError:
        return t


def _must_date_modify(change: str, t: GoTime) -> GoTime:
    try:
        return t.add(parse_duration(change))
    except DurationError as exc:
        raise GoError(str(exc)) from None


for _name in ("dateModify", "date_modify"):
    gofunc(_name, "string", "time.Time", result="time.Time")(_date_modify)
for _name in ("mustDateModify", "must_date_modify"):
    gofunc(_name, "string", "time.Time", error=True, result="time.Time")(_must_date_modify)


@gofunc("toDate", "string", "string", result="time.Time")
def _to_date(layout: str, text: str) -> GoTime:
    try:
        return to_date(layout, text)
    except ParseError:
        return GoTime.utc(ZERO_TIME)


@gofunc("mustToDate", "string", "string", error=True, result="time.Time")
def _must_to_date(layout: str, text: str) -> GoTime:
    try:
        return to_date(layout, text)
    except ParseError as exc:
        raise GoError(str(exc)) from None


@gofunc("unixEpoch", "time.Time", result="string")
def _unix_epoch(t: GoTime) -> str:
    return str(t.known_instant() // NS)


@gofunc("ago", ANY, result="string")
def _ago(value: Any) -> str:
    if isinstance(value, GoTime) or _plain_int(value):
        raise NotKnowable(CLOCK)
    return "0s"  # sprig measures the time since now: zero, rounded to the second


@gofunc("duration", ANY, result="string")
def _duration(value: Any) -> str:
    seconds = 0
    if isinstance(value, str):
        try:
            seconds = parse_int(value, 10, 64)
        except NumError as exc:
            seconds = int(exc.value)  # sprig ignores the error, not the clamped value
    elif isinstance(value, Int64):
        seconds = int(value)
    return format_duration(wrap_int64(seconds * NS))


_ROUND_UNITS = (
    (365 * 24 * 3600 * NS, "y"),
    (30 * 24 * 3600 * NS, "mo"),
    (24 * 3600 * NS, "d"),
    (3600 * NS, "h"),
    (60 * NS, "m"),
    (NS, "s"),
)


@gofunc("durationRound", ANY, result="string")
def _duration_round(value: Any) -> str:
    nanos = 0
    if isinstance(value, str):
        try:
            nanos = parse_duration(value)
        except DurationError:
            nanos = 0
    elif isinstance(value, Int64):
        nanos = int(value)
    elif isinstance(value, GoTime):
        raise NotKnowable(CLOCK)
    magnitude = abs(nanos)
    for unit, suffix in _ROUND_UNITS:
        if magnitude > unit:
            return f"{magnitude // unit}{suffix}"
    return "0s"
