"""Go's `time` layouts, for sprig's date functions.

A Go layout is a reference time written the way the result should look: `2006-01-02` gives
`2024-05-01`, `Jan _2 15:04:05.000 MST` gives `May  1 10:00:00.000 UTC`. This module splits a
layout into its elements exactly as Go's `nextStdChunk` does (so `January` is a month but
`Janus` is text, `_2006` is `_` then a year) and formats a wall clock with them as
`Time.Format` does (`timeparse.py` reads text with them). Calendar arithmetic is proleptic
Gregorian on plain integers, for any year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

# Layout elements, by the text that stands for them in a layout (the longest match wins).
_PREFIXED = {
    "J": ("January", "Jan"),
    "M": ("Monday", "Mon", "MST"),
    "-": ("-070000", "-07:00:00", "-0700", "-07:00", "-07"),
    "Z": ("Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"),
}
ZONES = {"Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"} | set(_PREFIXED["-"])


def next_chunk(layout: str) -> tuple[str, str, str]:
    """Go's nextStdChunk: (literal prefix, element or "", rest of the layout)."""
    for i, ch in enumerate(layout):
        element = _element_at(layout, i, ch)
        if element:
            start = i + 1 if element == "2006" and ch == "_" else i
            return layout[:start], element, layout[start + len(element) :]
    return layout, "", ""


def _element_at(layout: str, i: int, ch: str) -> str:
    rest = layout[i:]
    if ch in _PREFIXED:
        for name in _PREFIXED[ch]:
            if rest.startswith(name):
                if name in ("Jan", "Mon") and rest[3:4].islower() and rest[3:4].isascii():
                    continue  # `Janus`, `Monet`: text
                return name
        return ""
    if ch == "0":
        if rest[1:2] in tuple("123456") and rest[1:2]:
            return rest[:2]
        return "002" if rest.startswith("002") else ""
    if ch == "1":
        return "15" if rest.startswith("15") else "1"
    if ch == "2":
        return "2006" if rest.startswith("2006") else "2"
    if ch == "_":
        if rest.startswith("_2"):
            return "2006" if rest.startswith("_2006") else "_2"
        return "__2" if rest.startswith("__2") else ""
    if ch in "345":
        return ch
    if ch in "Pp" and rest[1:2] == ("M" if ch == "P" else "m"):
        return rest[:2]
    if ch in ".," and rest[1:2] in ("0", "9"):
        digits = re.match(r"0+|9+", rest[1:])
        end = 1 + len(digits.group())  # type: ignore[union-attr]
        if not rest[end : end + 1].isdigit() or not rest[end : end + 1].isascii():
            return rest[:end]
    return ""


# --------------------------------------------------------------------------------------------
# calendar


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True, slots=True)
class Civil:
    """A wall clock reading: seconds since 1970-01-01 00:00 on the local clock, nanoseconds,
    and the zone's offset east of UTC (None: unknown) and abbreviation (None: unknown)."""

    seconds: int
    nanos: int
    offset: int | None
    zone: str | None


def _int(value: int, width: int) -> str:
    """Go's appendInt: a minus sign, then the digits zero-padded to `width`."""
    return ("-" if value < 0 else "") + str(abs(value)).zfill(width)


def format_civil(civil: Civil, layout: str) -> str:
    """Go's Time.Format; raises LookupError("zone") for a zone element of an unknown zone."""
    out: list[str] = []
    days, clock = divmod(civil.seconds, 86400)
    year, month, day = civil_from_days(days)
    yday = days - days_from_civil(year, 1, 1) + 1
    while layout:
        prefix, element, layout = next_chunk(layout)
        out.append(prefix)
        if element:
            out.append(_format_element(element, civil, year, month, day, yday, days, clock))
    return "".join(out)


def _format_element(
    element: str, civil: Civil, year: int, month: int, day: int, yday: int, days: int, clock: int
) -> str:
    hour, minute, second = clock // 3600, clock // 60 % 60, clock % 60
    hour12 = hour % 12 or 12
    simple = {
        "2006": lambda: _int(year, 4),
        "06": lambda: _int(abs(year) % 100, 2),
        "January": lambda: LONG_MONTHS[month - 1],
        "Jan": lambda: LONG_MONTHS[month - 1][:3],
        "1": lambda: str(month),
        "01": lambda: _int(month, 2),
        "Monday": lambda: LONG_DAYS[(days + 4) % 7],
        "Mon": lambda: LONG_DAYS[(days + 4) % 7][:3],
        "2": lambda: str(day),
        "_2": lambda: str(day).rjust(2),
        "02": lambda: _int(day, 2),
        "__2": lambda: str(yday).rjust(3),
        "002": lambda: _int(yday, 3),
        "15": lambda: _int(hour, 2),
        "3": lambda: str(hour12),
        "03": lambda: _int(hour12, 2),
        "4": lambda: str(minute),
        "04": lambda: _int(minute, 2),
        "5": lambda: str(second),
        "05": lambda: _int(second, 2),
        "PM": lambda: "PM" if hour >= 12 else "AM",
        "pm": lambda: "pm" if hour >= 12 else "am",
    }
    if element in simple:
        return simple[element]()
    if element[0] in ".,":
        return _format_fraction(element, civil.nanos)
    if civil.offset is None or (element == "MST" and civil.zone is None):
        raise LookupError("zone")
    if element == "MST":
        return civil.zone or _format_offset("-0700", civil.offset)
    return _format_offset(element, civil.offset)


def _format_fraction(element: str, nanos: int) -> str:
    digits = str(nanos).zfill(9)[: min(len(element) - 1, 9)]
    if element[1] == "9":
        digits = digits.rstrip("0")
        if not digits:
            return ""
    return element[0] + digits


def _format_offset(element: str, offset: int) -> str:
    """Go's zone elements, with its truncating integer division (as in Go's own code)."""
    if offset == 0 and element.startswith("Z"):
        return "Z"
    minutes = abs(offset) // 60 * (-1 if offset < 0 else 1)
    seconds = offset
    sign = "+"
    if minutes < 0:
        sign, minutes, seconds = "-", -minutes, -seconds
    text = sign + _int(minutes // 60, 2)
    colon = ":" if ":" in element else ""
    if element not in ("-07", "Z07"):
        text += colon + _int(minutes % 60, 2)
    if element.endswith(("0000", ":00:00")):
        text += colon + _int(abs(seconds) % 60 * (-1 if seconds < 0 else 1), 2)
    return text
