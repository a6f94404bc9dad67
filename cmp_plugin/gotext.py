"""How Go templates print values, so that names and strings come out as the chart's do.

Helm reads values through JSON, so every number is a float64 and prints with Go's `%v`
(`1e+06` for a million); `nil` prints as nothing in a template but as `<nil>` through sprig's
`toString`. Only the formatting the chart's output depends on lives here.
"""

from __future__ import annotations

import math
from typing import Any


def format_float(value: float) -> str:
    """Go's `strconv.FormatFloat(v, 'g', -1, 64)`, which `%v` uses for float64.

    The shortest digits that round-trip, in exponent form when the decimal exponent is below
    -4 or at least 6 (`1e+06`, the familiar surprise of large numbers in Helm templates).
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    from decimal import Decimal  # only numbers pay for it (1.4 ms of start-up otherwise)

    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # where the decimal point falls in `text`
    exp10 = point - 1
    prefix = "-" if sign else ""
    if exp10 < -4 or exp10 >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if exp10 < 0 else '+'}{abs(exp10):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{text}"
    if point >= len(text):
        return f"{prefix}{text}{'0' * (point - len(text))}"
    return f"{prefix}{text[:point]}.{text[point:]}"


def go_print(value: Any) -> str:
    """`{{ value }}` in a Helm template: nil prints as the empty string."""
    if value is None:
        return ""
    return to_string(value)


def to_string(value: Any) -> str:
    """sprig `toString`: `%v` formatting, nil as `<nil>`."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return format_float(value)
    if isinstance(value, list):
        return "[" + " ".join(to_string(item) for item in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{to_string(v)}" for k, v in sorted(value.items())) + "]"
    return str(value)


def is_true(value: Any) -> bool:
    """`eq (toString value) "true"`, the chart's test for its flags."""
    return to_string(value) == "true"


def trunc(text: str, length: int) -> str:
    """sprig `trunc`."""
    return text[:length] if length >= 0 else text[length:]


def trim_suffix(text: str, suffix: str) -> str:
    """Go's `strings.TrimSuffix`: removes one occurrence, not a run."""
    return text[: -len(suffix)] if suffix and text.endswith(suffix) else text
