"""Go's `time.ParseDuration` and `Duration.String`, for sprig's `duration`, `durationRound`
and `dateModify` (`-1.5h`, `90m`, `1h30m0s`; units ns, us or µs, ms, s, m, h).
"""

from __future__ import annotations

import re

_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}


class DurationError(ValueError):
    pass


def parse_duration(text: str) -> int:
    """Go's time.ParseDuration, in nanoseconds."""
    original, rest, negative = text, text, False
    invalid = DurationError(f'time: invalid duration "{original}"')
    if rest[:1] in ("-", "+"):
        negative, rest = rest[0] == "-", rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise invalid
    total = 0
    while rest:
        match = re.match(r"([0-9]*)(\.([0-9]*))?", rest)
        whole, fraction = match.group(1), match.group(3)  # type: ignore[union-attr]
        if not whole and not fraction:
            raise invalid
        rest = rest[match.end() :]  # type: ignore[union-attr]
        unit = re.match(r"[^0-9.]*", rest).group()  # type: ignore[union-attr]
        if not unit:
            raise DurationError(f'time: missing unit in duration "{original}"')
        if unit not in _UNITS:
            raise DurationError(f'time: unknown unit "{unit}" in duration "{original}"')
        rest = rest[len(unit) :]
        value = int(whole or "0")
        if value > (1 << 63) // _UNITS[unit]:
            raise invalid
        value *= _UNITS[unit]
        digits, scale = _leading_fraction(fraction or "")
        if digits:
            value += int(float(digits) * (float(_UNITS[unit]) / scale))
            if value > 1 << 63:
                raise invalid
        total += value
        if total > 1 << 63:
            raise invalid
    if not negative and total > (1 << 63) - 1:
        raise invalid
    return -total if negative else total


def _leading_fraction(digits: str) -> tuple[int, float]:
    """Go's leadingFraction: digits past what an int64 holds are ignored."""
    value, scale = 0, 1.0
    for ch in digits:
        following = value * 10 + int(ch)
        if value > ((1 << 63) - 1) // 10 or following > 1 << 63:
            break
        value, scale = following, scale * 10
    return value, scale


def format_duration(nanos: int) -> str:
    """Go's Duration.String: `1h2m3.5s`, `1.5ms`, `0s`."""
    if nanos == 0:
        return "0s"
    sign, u = ("-" if nanos < 0 else ""), abs(nanos)
    if u < 1_000_000_000:
        for limit, unit, precision in ((1_000, "ns", 0), (1_000_000, "\u00b5s", 3)):
            if u < limit:
                return sign + _fraction(u, precision) + unit
        return sign + _fraction(u, 6) + "ms"
    seconds = _fraction(u, 9)
    total_seconds = u // 1_000_000_000
    minutes, hours = total_seconds // 60, total_seconds // 3600
    head = seconds.split(".")[0]
    seconds = str(int(head) % 60) + seconds[len(head) :]
    if not minutes:
        return f"{sign}{seconds}s"
    if not hours:
        return f"{sign}{minutes % 60}m{seconds}s"
    return f"{sign}{hours}h{minutes % 60}m{seconds}s"


def _fraction(value: int, precision: int) -> str:
    """`value / 10**precision` with the fraction's trailing zeros (and point) left out."""
    if not precision:
        return str(value)
    whole, fraction = divmod(value, 10**precision)
    digits = str(fraction).zfill(precision).rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)
