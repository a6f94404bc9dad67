"""sprig's arithmetic: `add`, `add1`, `sub`, `div`, `mod`, `mul`, `max`/`biggest`, `min`,
`floor`, `ceil`, `round`, `addf`, `add1f`, `subf`, `divf`, `mulf`, `maxf`, `minf`, `until`,
`untilStep`, `seq`, `randInt`.

The integer functions convert every argument with cast.ToInt64 (a float64 parameter is
truncated toward zero, `"08"` is 0, `"0x10"` is 16) and compute in int64: results are `int64`,
overflow wraps around, division and modulo truncate toward zero, and dividing by zero is Go's
panic. The `f` functions go through shopspring/decimal: each operand is the shortest decimal
of its float64, sums and products are exact, a quotient is rounded to 16 decimal places (half
away from zero), and the result is the nearest float64, so `addf 0.1 0.2` is `0.3`.
`round` is sprig's own (`math.Pow`, `Modf`, then `Ceil` or `Floor`); `math.Pow` is ported
from Go because its results differ from C's `pow` in the last bit for some exponents.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable
from typing import Any

from ..values import GoError, GoSlice, Int64, NotKnowable
from .convert import go_sprint, to_float64, to_int64, wrap_int64
from .registry import ANY, gofunc

DIVIDE_BY_ZERO = "runtime error: integer divide by zero"
MAX_ELEMENTS = 1_000_000  # a longer `until` is not worth building to preview it


# --------------------------------------------------------------------------------------------
# int64


def go_div(a: int, b: int) -> Int64:
    if b == 0:
        raise GoError(DIVIDE_BY_ZERO)
    quotient = abs(a) // abs(b)
    return wrap_int64(quotient if (a < 0) == (b < 0) else -quotient)


def go_mod(a: int, b: int) -> Int64:
    if b == 0:
        raise GoError(DIVIDE_BY_ZERO)
    remainder = abs(a) % abs(b)
    return wrap_int64(-remainder if a < 0 else remainder)


@gofunc("add1", ANY, result="int64")
def _add1(value: Any) -> Int64:
    return wrap_int64(to_int64(value) + 1)


@gofunc("add", variadic=ANY, result="int64")
def _add(*values: Any) -> Int64:
    return wrap_int64(sum(to_int64(value) for value in values))


@gofunc("sub", ANY, ANY, result="int64")
def _sub(a: Any, b: Any) -> Int64:
    return wrap_int64(to_int64(a) - to_int64(b))


@gofunc("div", ANY, ANY, result="int64")
def _div(a: Any, b: Any) -> Int64:
    return go_div(to_int64(a), to_int64(b))


@gofunc("mod", ANY, ANY, result="int64")
def _mod(a: Any, b: Any) -> Int64:
    return go_mod(to_int64(a), to_int64(b))


@gofunc("mul", ANY, variadic=ANY, result="int64")
def _mul(first: Any, *values: Any) -> Int64:
    product = to_int64(first)
    for value in values:
        product = wrap_int64(product * to_int64(value))
    return Int64(product)


def _max(first: Any, *values: Any) -> Int64:
    return Int64(max([to_int64(first), *(to_int64(value) for value in values)]))


gofunc("max", ANY, variadic=ANY, result="int64")(_max)
gofunc("biggest", ANY, variadic=ANY, result="int64")(_max)


@gofunc("min", ANY, variadic=ANY, result="int64")
def _min(first: Any, *values: Any) -> Int64:
    return Int64(min([to_int64(first), *(to_int64(value) for value in values)]))


@gofunc("randInt", "int", "int", result="int", knowable=False)
def _rand_int(low: int, high: int) -> int:
    if high - low <= 0:
        raise GoError("invalid argument to Intn")
    raise NotKnowable("randInt returns a random number")


# --------------------------------------------------------------------------------------------
# float64


def go_floor(x: float) -> float:
    return x if x == 0 or not math.isfinite(x) else float(math.floor(x))


def go_ceil(x: float) -> float:
    return -go_floor(-x)  # as Go computes it: Ceil(-0.5) is -0


def go_max(a: float, b: float) -> float:
    """Go's math.Max: NaN wins over everything but +Inf, and +0 over -0."""
    if (math.isinf(a) and a > 0) or (math.isinf(b) and b > 0):
        return math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == 0 and b == 0:
        return a if math.copysign(1, a) > 0 else b
    return a if a > b else b


def go_min(a: float, b: float) -> float:
    """Go's math.Min: NaN wins over everything but -Inf, and -0 over +0."""
    if (math.isinf(a) and a < 0) or (math.isinf(b) and b < 0):
        return -math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == 0 and b == 0:
        return a if math.copysign(1, a) < 0 else b
    return a if a < b else b


def go_pow10(exponent: float) -> float:
    """Go's `math.Pow(10, y)` for the integral `y` sprig's `round` passes."""
    if exponent == 0:
        return 1.0
    if exponent == 1:
        return 10.0
    if math.isnan(exponent):
        return math.nan
    if math.isinf(exponent):
        return math.inf if exponent > 0 else 0.0
    whole = int(abs(exponent))
    a1, ae = 1.0, 0
    x1, xe = math.frexp(10.0)
    while whole:
        if xe < -(1 << 12) or xe > (1 << 12):  # overflow: Ldexp saturates below
            ae += xe
            break
        if whole & 1:
            a1 *= x1
            ae += xe
        x1 *= x1
        xe <<= 1
        if x1 < 0.5:
            x1 += x1
            xe -= 1
        whole >>= 1
    if exponent < 0:
        a1, ae = 1 / a1, -ae
    try:
        return math.ldexp(a1, ae)
    except OverflowError:
        return math.inf


@gofunc("floor", ANY, result="float64")
def _floor(value: Any) -> float:
    return go_floor(to_float64(value))


@gofunc("ceil", ANY, result="float64")
def _ceil(value: Any) -> float:
    return go_ceil(to_float64(value))


@gofunc("round", ANY, "int", variadic="float64", result="float64")
def _round(value: Any, places: int, *round_on: float) -> float:
    threshold = round_on[0] if round_on else 0.5
    scale = go_pow10(float(places))
    digit = scale * to_float64(value)
    fraction = math.nan if math.isinf(digit) else math.modf(digit)[0]
    rounded = go_ceil(digit) if fraction >= threshold else go_floor(digit)
    return go_fdiv(rounded, scale)


def go_fdiv(a: float, b: float) -> float:
    """IEEE division, which Go does and Python refuses for a zero divisor."""
    if b:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1, b)


@gofunc("maxf", ANY, variadic=ANY, result="float64")
def _maxf(first: Any, *values: Any) -> float:
    best = to_float64(first)
    for value in values:
        best = go_max(best, to_float64(value))
    return best


@gofunc("minf", ANY, variadic=ANY, result="float64")
def _minf(first: Any, *values: Any) -> float:
    best = to_float64(first)
    for value in values:
        best = go_min(best, to_float64(value))
    return best


# --------------------------------------------------------------------------------------------
# shopspring/decimal

_EXACT = decimal.Context(prec=5000, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _decimal(value: Any) -> decimal.Decimal:
    """decimal.NewFromFloat(cast.ToFloat64(value)): the float's shortest decimal."""
    number = to_float64(value)
    if not math.isfinite(number):
        raise GoError(f"Cannot create a Decimal from {go_sprint(number)}")
    return decimal.Decimal(repr(number)) if number else decimal.Decimal(0)


def _quotient(a: decimal.Decimal, b: decimal.Decimal) -> decimal.Decimal:
    """Decimal.Div: the quotient rounded to 16 places, half away from zero."""
    if not b:
        raise GoError("decimal division by 0")
    sa, da, ea = a.as_tuple()
    sb, db, eb = b.as_tuple()
    assert isinstance(ea, int) and isinstance(eb, int)  # finite: made from float64s
    numerator = int("".join(map(str, da))) * 10 ** max(ea - eb + 16, 0)
    denominator = int("".join(map(str, db))) * 10 ** max(eb - ea - 16, 0)
    whole, remainder = divmod(numerator, denominator)
    if 2 * remainder >= denominator:
        whole += 1
    digits = tuple(int(d) for d in str(whole))
    return decimal.Decimal((sa ^ sb, digits, -16))


def _decimal_op(first: Any, rest: tuple[Any, ...], op: Callable[..., decimal.Decimal]) -> float:
    result = _decimal(first)
    for value in rest:
        result = op(result, _decimal(value))
    return float(result) or 0.0  # a decimal has no negative zero


def _decimal_add(a: decimal.Decimal, b: decimal.Decimal) -> decimal.Decimal:
    return _EXACT.add(a, b)


@gofunc("add1f", ANY, result="float64")
def _add1f(value: Any) -> float:
    return _decimal_op(value, (1,), _decimal_add)


@gofunc("addf", variadic=ANY, result="float64")
def _addf(*values: Any) -> float:
    return _decimal_op(0.0, values, _decimal_add)


@gofunc("subf", ANY, variadic=ANY, result="float64")
def _subf(first: Any, *values: Any) -> float:
    return _decimal_op(first, values, _EXACT.subtract)


@gofunc("mulf", ANY, variadic=ANY, result="float64")
def _mulf(first: Any, *values: Any) -> float:
    return _decimal_op(first, values, _EXACT.multiply)


@gofunc("divf", ANY, variadic=ANY, result="float64")
def _divf(first: Any, *values: Any) -> float:
    return _decimal_op(first, values, _quotient)


# --------------------------------------------------------------------------------------------
# sequences


def until_step(start: int, stop: int, step: int) -> list[int]:
    """sprig's untilStep: counts from start toward stop (excluded) by step; wrong way: []."""
    if (stop < start and step >= 0) or (stop >= start and step <= 0):
        return []
    count = len(range(start, stop, step))
    if count > MAX_ELEMENTS:
        raise NotKnowable(f"a sequence of {count} numbers is too long to evaluate here")
    return list(range(start, stop, step))


@gofunc("until", "int", result="[]int")
def _until(count: int) -> GoSlice:
    return GoSlice(until_step(0, count, -1 if count < 0 else 1), "int")


@gofunc("untilStep", "int", "int", "int", result="[]int")
def _until_step(start: int, stop: int, step: int) -> GoSlice:
    return GoSlice(until_step(start, stop, step), "int")


def _seq_numbers(params: tuple[int, ...]) -> list[int]:
    if len(params) == 1:
        end = params[0]
        step = -1 if end < 1 else 1
        return until_step(1, wrap_int64(end + step), step)
    if len(params) == 2:
        start, end = params
        step = -1 if end < start else 1
        return until_step(start, wrap_int64(end + step), step)
    if len(params) == 3:
        start, step, end = params
        increment = 1
        if end < start:
            increment = -1
            if step > 0:
                return []
        return until_step(start, wrap_int64(end + increment), step)
    return []


@gofunc("seq", variadic="int", result="string")
def _seq(*params: int) -> str:
    return " ".join(str(number) for number in _seq_numbers(params))
