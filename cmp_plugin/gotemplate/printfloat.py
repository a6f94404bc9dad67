"""Go's `fmt` verbs for a float64 (`%e %E %f %F %g %G %x %X %b` and `%v`), with the `#` flag's
rules; `printf` and the printing of values build on these."""

from __future__ import annotations

import math

from ..gotext import format_float


def format_float_verb(value: float, verb: str, prec: int) -> str:
    """Go's `strconv.FormatFloat(value, verb, prec, 64)` for the verbs `fmt` passes."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    lower = verb.lower()
    if lower == "g" and prec < 0:
        text = format_float(value)
    elif lower == "g":
        text = format(value, f".{max(prec, 1)}g")
    elif lower in ("e", "f"):
        text = format(value, f".{prec if prec >= 0 else 6}{lower}")
    elif lower == "x":
        text = _hex_float(value, prec)
    else:  # "b": decimal mantissa and binary exponent
        mantissa, exponent = math.frexp(abs(value))
        bits = int(mantissa * (1 << 53))
        text = ("-" if math.copysign(1, value) < 0 else "") + f"{bits}p{exponent - 53:+d}"
        if value == 0:
            text = text.replace("0p-53", "0p-1074")
    return text.upper() if verb.isupper() else text


def _hex_float(value: float, prec: int) -> str:
    """Go's `%x` of a float64: `0x1.8p+01`."""
    sign = "-" if math.copysign(1, value) < 0 else ""
    if value == 0:
        mantissa, exponent = "0", 0
    else:
        text = float.hex(abs(value))  # '0x1.8000000000000p+1'
        head, _, exp = text[2:].partition("p")
        mantissa, exponent = head.rstrip("0").rstrip("."), int(exp)
        if mantissa.startswith("0"):  # a subnormal: normalise the leading digit to 1
            number = int(head.replace(".", ""), 16)
            shift = number.bit_length() - 1
            exponent -= 52 - shift
            fraction = number - (1 << shift)
            digits = f"{fraction << (52 - shift):013x}".rstrip("0")
            mantissa = "1" + ("." + digits if digits else "")
    if prec >= 0:
        whole, _, frac = mantissa.partition(".")
        bits = int(whole + frac.ljust(prec, "0")[: max(prec, len(frac))] or "0", 16)
        if len(frac) > prec:  # round half to even on the dropped hex digits
            scale = 16 ** (len(frac) - prec)
            number = int(whole + frac, 16)
            bits, rest = divmod(number, scale)
            if rest * 2 > scale or (rest * 2 == scale and bits % 2):
                bits += 1
            if bits >= 2 * 16**prec:
                bits //= 2
                exponent += 1
        digits = f"{bits:0{prec + 1}x}"
        mantissa = digits[0] + ("." + digits[1:] if prec > 0 else "")
    return f"{sign}0x{mantissa}p{exponent:+03d}"


def sharp_float(num: str, verb: str, prec: int) -> str:
    """The `#` flag: keep a decimal point and, for %g, the trailing zeros."""
    digits = 0
    if verb in "vgGx":
        digits = 6 if prec == -1 else prec
    tail = ""
    for marker in ("e", "E", "p", "P"):
        if marker in num and not (marker in "eE" and verb in "xX"):
            num, tail = num[: num.index(marker)], num[num.index(marker) :]
            break
    significant = num.lstrip("0.").replace(".", "")
    digits -= len(significant) if num.strip("0.") else 0
    if "." not in num:
        if num == "0":
            digits -= 1
        num += "."
    return num + "0" * max(digits, 0) + tail
