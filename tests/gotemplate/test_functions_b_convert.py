"""sprig's conversions and the Go strconv / spf13/cast rules under them, called directly.

Expected values are real Go's (the go-template-oracle; the same answers are recorded in
tests/data/conformance/argocd-templates/functions-b.json, which the conformance runner plays
through the whole engine).
"""

from __future__ import annotations

import math

import pytest

from cmp_plugin.gotemplate.functions import convert, numeric  # noqa: F401  (they register)
from cmp_plugin.gotemplate.functions.registry import FUNCTIONS
from cmp_plugin.gotemplate.values import GoSlice, GoStringMap, Int64, NotKnowable, Unknown


def call(name: str, *args: object) -> object:
    return FUNCTIONS[name].body(*args)


@pytest.mark.parametrize(
    ("text", "int64", "atoi", "float64"),
    [
        ("08", 0, 8, 8.0),  # base 0: a leading 0 is octal, and 8 is no octal digit
        ("010", 8, 10, 10.0),
        ("0x1F", 31, 0, 0.0),
        ("0o17", 15, 0, 0.0),
        ("0b101", 5, 0, 0.0),
        ("1_000", 1000, 0, 1000.0),
        ("0_7", 7, 0, 7.0),
        ("_1", 0, 0, 0.0),
        ("1__0", 0, 0, 0.0),
        ("12.00", 12, 0, 12.0),  # cast trims a zero decimal part
        ("12.", 0, 0, 12.0),
        ("12.50", 0, 0, 12.5),
        (".0", 0, 0, 0.0),
        ("+5", 5, 5, 5.0),
        ("-0x10", -16, 0, 0.0),
        (" 5", 0, 0, 0.0),
        ("5 ", 0, 0, 0.0),
        ("1e3", 0, 0, 1000.0),
        ("", 0, 0, 0.0),
        ("9223372036854775807", 9223372036854775807, 9223372036854775807, 9.223372036854776e18),
        ("9223372036854775808", 0, 9223372036854775807, 9.223372036854776e18),
        ("-9223372036854775809", 0, -9223372036854775808, -9.223372036854776e18),
        ("99999999999999999999x", 0, 9223372036854775807, 0.0),
        ("1e400", 0, 0, 0.0),  # ParseFloat's range error: cast gives 0, not +Inf
        ("0x1p-2", 0, 0, 0.25),
        ("0x1", 1, 0, 0.0),  # a hex float needs its p exponent
        ("1_0.5", 0, 0, 10.5),
        ("\u0661", 0, 0, 0.0),  # an Arabic-Indic digit is no digit to Go
    ],
)
def test_strings_convert_as_go_does(text: str, int64: int, atoi: int, float64: float) -> None:
    assert call("int64", text) == int64
    assert type(call("int64", text)) is Int64
    assert call("atoi", text) == atoi
    assert call("float64", text) == float64


@pytest.mark.parametrize("text", ["inf", "+Inf", "-infinity", "INF"])
def test_infinities_parse(text: str) -> None:
    assert math.isinf(call("float64", text))


@pytest.mark.parametrize("text", ["nan", "NaN"])
def test_nan_parses_but_not_with_a_sign(text: str) -> None:
    assert math.isnan(call("float64", text))
    assert call("float64", "+" + text) == 0.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.0, 2),
        (-7.9, -7),  # truncated toward zero
        (2.5, 2),
        (True, 1),
        (False, 0),
        (None, 0),
        ([3, 1], 0),
        ({"a": 1}, 0),
        (1e21, -9223372036854775808),  # amd64's conversion of an out-of-range float
        (math.nan, -9223372036854775808),
        (Int64(5), 5),
        (7, 7),
    ],
)
def test_cast_to_int64(value: object, expected: int) -> None:
    assert call("int64", value) == expected
    assert call("int", value) == expected
    assert type(call("int", value)) is int


def test_cast_of_an_unknown_is_not_knowable() -> None:
    with pytest.raises(NotKnowable):
        convert.to_int64(Unknown("a secret's data"))
    with pytest.raises(NotKnowable):
        convert.to_float64(Unknown("a secret's data"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0777", 511), (777, 511), (2.0, 2), ("9", 0), ("-17", -15), (None, 0), ("0o7", 0)],
)
def test_to_decimal_reads_the_printed_value_as_octal(value: object, expected: int) -> None:
    assert call("toDecimal", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.0, "2"),
        (123456789.0, "1.23456789e+08"),
        ({"b": 1, "a": [1, 2], "c": None}, "map[a:[1 2] b:1 c:<nil>]"),
        (None, "<nil>"),
        (GoStringMap(a="b"), "map[a:b]"),
        (True, "true"),
        (GoSlice(["b", "a"]), "[b a]"),
        (1e21, "1e+21"),
    ],
)
def test_to_string_is_go_percent_v(value: object, expected: str) -> None:
    assert call("toString", value) == expected


def test_to_strings() -> None:
    mixed = [1.0, "a", None, True, {"k": "v"}, []]
    assert call("toStrings", mixed) == ["1", "a", "true", "map[k:v]", "[]"]  # nil dropped
    assert call("toStrings", None) == []
    assert call("toStrings", GoStringMap(a="b", e="")) == ["map[a:b e:]"]
    assert call("toStrings", "x") == ["x"]
    strings = GoSlice(["b", "a"])
    assert call("toStrings", strings) is strings
    assert convert.strslice([3.0]).elem == "string"


def test_int64_arithmetic_wraps() -> None:
    assert convert.wrap_int64(9223372036854775807 + 1) == -9223372036854775808
    assert convert.wrap_int64(-9223372036854775808 - 1) == 9223372036854775807


def test_parse_int_errors_carry_the_clamped_value() -> None:
    with pytest.raises(convert.NumError) as error:
        convert.parse_int("99999999999999999999", 10)
    assert error.value.kind == "range"
    assert error.value.value == 9223372036854775807
    with pytest.raises(convert.NumError, match='parsing "0x": invalid syntax'):
        convert.parse_int("0x")
    assert convert.parse_int("0") == 0


def test_random_order_refuses_to_be_printed() -> None:
    keys = convert.RandomOrderStrings(["b", "a"], "string")
    with pytest.raises(NotKnowable, match="random"):
        convert.go_sprint(keys)
    with pytest.raises(NotKnowable):
        convert.go_sprint({"k": convert.RandomOrderList([1, 2])})
    assert convert.go_sprint(convert.RandomOrderStrings(["a"], "string")) == "[a]"
    assert convert.go_sprint(convert.NilList()) == "[]"
