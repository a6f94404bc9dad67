"""Go's `time.Parse` for sprig's `toDate`: reads text with a Go layout (`golayout.py`).

The civil fields and whatever zone the text names (`Z`, `UTC`, an offset, an abbreviation)
are returned as read; which location that means is the caller's business, since `toDate`
parses in the controller's local zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .golayout import LONG_DAYS, LONG_MONTHS, ZONES, days_in, is_leap, next_chunk

_DAYS_BEFORE = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365)
_ZONE_WIDTHS = {"-07:00": 6, "Z07:00": 6, "-07": 3, "Z07": 3, "-07:00:00": 9, "Z07:00:00": 9}


class ParseError(ValueError):
    """Go's time.ParseError, with its message."""

    def __init__(self, layout: str, value: str, element: str, rest: str, message: str) -> None:
        if not message:
            message = f' as "{layout}": cannot parse "{rest}" as "{element}"'
        super().__init__(f'parsing time "{value}"{message}')


class _Bad(Exception):
    """Go's errBad: the element does not match the text."""


@dataclass(slots=True)
class Parsed:
    """What time.Parse read: civil fields, and the zone: `utc`, an `offset` (seconds east, with
    its `name` when one was read too), a `name` alone, or nothing (the default location)."""

    year: int = 0
    month: int = -1
    day: int = -1
    yday: int = -1
    hour: int = 0
    minute: int = 0
    second: int = 0
    nanos: int = 0
    utc: bool = False
    offset: int | None = None
    name: str = ""
    meridian: str = ""  # "AM" or "PM", applied to the hour once everything is read


def _digit(text: str, i: int) -> bool:
    return i < len(text) and "0" <= text[i] <= "9"


def _getnum(text: str, fixed: bool) -> tuple[int, str]:
    if not _digit(text, 0) or (fixed and not _digit(text, 1)):
        raise _Bad
    if not _digit(text, 1):
        return int(text[0]), text[1:]
    return int(text[:2]), text[2:]


def _getnum3(text: str, fixed: bool) -> tuple[int, str]:
    n = 0
    while n < 3 and _digit(text, n):
        n += 1
    if n == 0 or (fixed and n != 3):
        raise _Bad
    return int(text[:n]), text[n:]


def _atoi(text: str) -> int:
    """time's atoi: an optional sign, then digits only (none at all reads as 0)."""
    sign = -1 if text[:1] == "-" else 1
    digits = text[1:] if text[:1] in ("-", "+") else text
    if digits and (not digits.isascii() or not digits.isdigit() or int(digits) > 1 << 63):
        raise _Bad
    return sign * int(digits or "0")


def _lookup(names: list[str], text: str) -> tuple[int, str]:
    for i, name in enumerate(names):
        if text[: len(name)].lower() == name.lower() and text[: len(name)].isascii():
            return i, text[len(name) :]
    raise _Bad


def _skip(text: str, prefix: str) -> str:
    while prefix:
        if prefix[0] == " ":
            if text and text[0] != " ":
                raise _Bad
            prefix, text = prefix.lstrip(" "), text.lstrip(" ")
            continue
        if not text or text[0] != prefix[0]:
            raise _Bad
        prefix, text = prefix[1:], text[1:]
    return text


def _zone_name_length(text: str) -> int:
    """time's parseTimeZone: how much of `text` is a zone abbreviation (0: none)."""
    if len(text) < 3:
        return 0
    if text[:4] in ("ChST", "MeST"):
        return 4
    if text[:3] == "GMT":
        return 3 + _signed_offset_length(text[3:])
    if text[0] in "+-":
        return _signed_offset_length(text)
    upper = len(re.match(r"[A-Z]{0,6}", text).group())  # type: ignore[union-attr]
    if upper == 3 or (upper == 4 and (text[3] == "T" or text[:4] == "WITA")):
        return upper
    return 5 if upper == 5 and text[4] == "T" else 0


def _signed_offset_length(text: str) -> int:
    match = re.match(r"[+-]([0-9]+)", text)
    return len(match.group()) if match and int(match.group(1)) <= 23 else 0


def _nanoseconds(text: str, width: int) -> int:
    if text[:1] not in (".", ","):
        raise _Bad
    width = min(width, 10)
    nanos = _atoi(text[1:width])
    if nanos < 0:
        raise LookupError("fractional second")
    return nanos * 10 ** (10 - width)


def parse_layout(layout: str, value: str) -> Parsed:
    """Go's time.Parse reading of `value` with `layout` (the zone is interpreted by the caller)."""
    parsed, rest, remaining = Parsed(), value, layout
    while True:
        prefix, element, remaining = next_chunk(remaining)
        try:
            rest = _skip(rest, prefix)
        except _Bad:
            raise ParseError(layout, value, prefix, rest, "") from None
        if not element:
            if rest:
                raise ParseError(layout, value, "", rest, f': extra text: "{rest}"')
            break
        try:
            rest = _parse_element(element, rest, remaining, parsed)
        except _Bad:
            raise ParseError(layout, value, element, rest, "") from None
        except LookupError as out_of_range:
            raise ParseError(
                layout, value, element, rest, f": {out_of_range} out of range"
            ) from None
    _resolve_date(parsed, layout, value)
    return parsed


def _parse_element(element: str, text: str, layout_rest: str, parsed: Parsed) -> str:
    if element in ("06", "2006"):
        if len(text) < len(element) or (element == "2006" and not _digit(text, 0)):
            raise _Bad
        parsed.year = _atoi(text[: len(element)])
        if element == "06":
            parsed.year += 1900 if parsed.year >= 69 else 2000
        return text[len(element) :]
    if element in ("Jan", "January"):
        names = LONG_MONTHS if element == "January" else [m[:3] for m in LONG_MONTHS]
        index, text = _lookup(names, text)
        parsed.month = index + 1
        return text
    if element in ("1", "01"):
        parsed.month, text = _getnum(text, element == "01")
        if not 1 <= parsed.month <= 12:
            raise LookupError("month")
        return text
    if element in ("Mon", "Monday"):
        return _lookup(LONG_DAYS if element == "Monday" else [d[:3] for d in LONG_DAYS], text)[1]
    if element in ("2", "_2", "02"):
        if element == "_2" and text[:1] == " ":
            text = text[1:]
        parsed.day, text = _getnum(text, element == "02")
        return text
    if element in ("__2", "002"):
        if element == "__2":
            text = text[2:] if text[:2] == "  " else text[1:] if text[:1] == " " else text
        parsed.yday, text = _getnum3(text, element == "002")
        return text
    return _parse_clock(element, text, layout_rest, parsed)


def _parse_clock(element: str, text: str, layout_rest: str, parsed: Parsed) -> str:
    limits = {"15": (24, "hour"), "3": (13, "hour"), "03": (13, "hour")}
    limits |= {"4": (60, "minute"), "04": (60, "minute"), "5": (60, "second"), "05": (60, "second")}
    if element in limits:
        number, text = _getnum(text, element.startswith("0"))
        limit, field = limits[element]
        if number >= limit:
            raise LookupError(field)
        setattr(parsed, {"hour": "hour", "minute": "minute", "second": "second"}[field], number)
        if field == "second" and len(text) >= 2 and text[0] in ".," and _digit(text, 1):
            following = next_chunk(layout_rest)[1]
            if following[:1] not in (".", ","):  # a fraction the layout does not ask for
                width = len(re.match(r"[.,][0-9]*", text).group())  # type: ignore[union-attr]
                parsed.nanos = _nanoseconds(text, width)
                text = text[width:]
        return text
    if element in ("PM", "pm"):
        if text[:2] not in (element, element.replace("P", "A").replace("p", "a")):
            raise _Bad
        parsed.meridian = text[:2].upper()
        return text[2:]
    if element in ZONES:
        return _parse_offset(element, text, parsed)
    if element == "MST":
        if text[:3] == "UTC":
            parsed.utc = True
            return text[3:]
        length = _zone_name_length(text)
        if not length:
            raise _Bad
        parsed.name = text[:length]
        return text[length:]
    return _parse_fraction(element, text, parsed)


def _parse_offset(element: str, text: str, parsed: Parsed) -> str:
    if element in ("Z0700", "Z07", "Z07:00") and text[:1] == "Z":
        parsed.utc = True
        return text[1:]
    width = _ZONE_WIDTHS.get(element, 7 if element.endswith("0000") else 5)
    if len(text) < width:
        raise _Bad
    if ":" in element and (text[3] != ":" or (width == 9 and text[6] != ":")):
        raise _Bad
    hours, minutes, seconds = {
        3: (text[1:3], "00", "00"),
        5: (text[1:3], text[3:5], "00"),
        6: (text[1:3], text[4:6], "00"),
        7: (text[1:3], text[3:5], text[5:7]),
        9: (text[1:3], text[4:6], text[7:9]),
    }[width]
    offset = (_atoi(hours) * 60 + _atoi(minutes)) * 60 + _atoi(seconds)
    if text[0] not in "+-":
        raise _Bad
    parsed.offset = -offset if text[0] == "-" else offset
    return text[width:]


def _parse_fraction(element: str, text: str, parsed: Parsed) -> str:
    if element[1] == "0":  # exactly as many digits as the layout has
        if len(text) < len(element):
            raise _Bad
        parsed.nanos = _nanoseconds(text, len(element))
        return text[len(element) :]
    if len(text) < 2 or text[0] not in ".," or not _digit(text, 1):
        return text  # an optional fraction that is not there
    width = 1
    while width < 10 and _digit(text, width):
        width += 1
    parsed.nanos = _nanoseconds(text, width)
    return text[width:]


def _resolve_date(parsed: Parsed, layout: str, value: str) -> None:
    if parsed.meridian == "PM" and parsed.hour < 12:
        parsed.hour += 12
    elif parsed.meridian == "AM" and parsed.hour == 12:
        parsed.hour = 0
    if parsed.yday >= 0:
        _resolve_year_day(parsed, layout, value)
    else:
        parsed.month = 1 if parsed.month < 0 else parsed.month
        parsed.day = 1 if parsed.day < 0 else parsed.day
    if not 1 <= parsed.day <= days_in(parsed.month, parsed.year):
        raise ParseError(layout, value, "", "", ": day out of range")


def _resolve_year_day(parsed: Parsed, layout: str, value: str) -> None:
    yday, month, day = parsed.yday, 0, 0
    if is_leap(parsed.year):
        if yday == 31 + 29:
            month, day = 2, 29
        elif yday > 31 + 29:
            yday -= 1
    if not 1 <= yday <= 365:
        raise ParseError(layout, value, "", "", ": day-of-year out of range")
    if not month:
        month = (yday - 1) // 31 + 1
        if _DAYS_BEFORE[month] < yday:
            month += 1
        day = yday - _DAYS_BEFORE[month - 1]
    if parsed.month >= 0 and parsed.month != month:
        raise ParseError(layout, value, "", "", ": day-of-year does not match month")
    if parsed.day >= 0 and parsed.day != day:
        raise ParseError(layout, value, "", "", ": day-of-year does not match day")
    parsed.month, parsed.day = month, day
