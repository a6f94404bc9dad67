"""sprig's arithmetic and date functions, called directly.

Expected values are real Go's (the go-template-oracle, recorded in
tests/data/conformance/argocd-templates/functions-b.json). Whatever depends on the clock or on
the controller's local time zone must be not knowable rather than guessed.
"""

from __future__ import annotations

import math

import pytest

from cmp_plugin.gotemplate.functions import dates, jsonfn, numeric  # noqa: F401
from cmp_plugin.gotemplate.functions.goduration import format_duration, parse_duration
from cmp_plugin.gotemplate.functions.golayout import next_chunk
from cmp_plugin.gotemplate.functions.registry import FUNCTIONS
from cmp_plugin.gotemplate.values import GoError, Int64, NotKnowable


def call(name: str, *args: object) -> object:
    return FUNCTIONS[name].body(*args)


# --------------------------------------------------------------------------------------------
# integers


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("add", (1, 2.9, "3"), 6),
        ("add", (), 0),
        ("add", ("08", "010", "0x10"), 24),
        ("add1", (-7.9,), -6),
        ("sub", (1, 2.0), -1),
        ("div", (7, 2), 3),
        ("div", (-7, 2), -3),  # toward zero
        ("mod", (-7, 2), -1),
        ("mod", (7, -2), 1),
        ("mul", (2, 3, 4.5), 24),
        ("max", (1, 5, 3), 5),
        ("biggest", (2,), 2),
        ("min", (4, -2.5), -2),
        ("add", (9223372036854775807, 1), -9223372036854775808),
        ("mul", (9223372036854775807, 2), -2),
        ("div", (-9223372036854775808, -1), -9223372036854775808),
        ("mod", (-9223372036854775808, -1), 0),
        ("sub", (1e21, 0), -9223372036854775808),
    ],
)
def test_int64_arithmetic(name: str, args: tuple, expected: int) -> None:
    result = call(name, *args)
    assert result == expected
    assert type(result) is Int64


@pytest.mark.parametrize(("name", "args"), [("div", (1, 0)), ("mod", (1, 0)), ("div", (1, "x"))])
def test_integer_division_by_zero_panics(name: str, args: tuple) -> None:
    with pytest.raises(GoError, match="integer divide by zero"):
        call(name, *args)


# --------------------------------------------------------------------------------------------
# floats


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (
        a == b and math.copysign(1, a) == math.copysign(1, b)
    )


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("floor", (2.5,), 2.0),
        ("ceil", (2.5,), 3.0),
        ("floor", (-0.5,), -1.0),
        ("ceil", (-0.5,), -0.0),
        ("floor", ("2.7",), 2.0),
        ("floor", (-math.inf,), -math.inf),
        ("round", (2.345, 2), 2.35),
        ("round", (-2.5, 0), -3.0),
        ("round", (2.5, 0), 3.0),
        ("round", (1.955, 2), 1.96),
        ("round", (123.456, -1), 120.0),
        ("round", (5.5, 0, 0.6), 5.0),
        ("round", (1.0, 400), math.nan),
        ("round", (1.0, -400), math.nan),
        ("round", (-0.4, 0), -1.0),
        ("round", (0.1, 20), 0.1),
        ("addf", (0.1, 0.2), 0.3),
        ("addf", (), 0.0),
        ("add1f", (2.5,), 3.5),
        ("subf", (1, 0.9), 0.1),
        ("mulf", (1.1, 1.1), 1.21),
        ("divf", (10, 3), 3.3333333333333335),
        ("divf", (2, 3), 0.6666666666666667),
        ("divf", (-2, 3), -0.6666666666666667),
        ("divf", (1, 3, 3), 0.1111111111111111),
        ("mulf", (-1, 0), 0.0),  # no negative zero in a decimal
        ("divf", (1e300, 1e-300), math.inf),
        ("mulf", (0.1, 3), 0.3),
        ("addf", ("1.5", True, None), 2.5),
        ("maxf", (1, 2.5, -3), 2.5),
        ("minf", (1, 2.5, -3), -3.0),
        ("maxf", (math.nan, 1), math.nan),
        ("minf", (0, -0.0), -0.0),
        ("maxf", (-0.0, 0), 0.0),
        ("minf", (-math.inf, math.nan), -math.inf),
        ("maxf", (math.inf, math.nan), math.inf),
    ],
)
def test_float_functions(name: str, args: tuple, expected: float) -> None:
    result = call(name, *args)
    assert type(result) is float
    assert _same(result, expected), result


def test_decimal_failures() -> None:
    with pytest.raises(GoError, match="decimal division by 0"):
        call("divf", 1, 0)
    with pytest.raises(GoError, match="Cannot create a Decimal from NaN"):
        call("addf", math.nan, 1)


def test_sequences() -> None:
    assert call("until", 5) == [0, 1, 2, 3, 4] and call("until", 5).elem == "int"
    assert call("until", -3) == [0, -1, -2]
    assert call("untilStep", 0, 10, 3) == [0, 3, 6, 9]
    assert call("untilStep", 10, 0, -3) == [10, 7, 4, 1]
    assert call("untilStep", 0, 10, -1) == [] and call("untilStep", 0, 10, 0) == []
    expected = {(5,): "1 2 3 4 5", (-2,): "1 0 -1 -2", (0,): "1 0", (2, 5): "2 3 4 5"}
    expected |= {(5, 2): "5 4 3 2", (0, 2, 10): "0 2 4 6 8 10", (10, -3, 0): "10 7 4 1"}
    expected |= {(10, 3, 0): "", (0, -1, 10): "", (): "", (1, 2, 3, 4): ""}
    for args, text in expected.items():
        assert call("seq", *args) == text
    with pytest.raises(NotKnowable, match="too long"):
        call("until", 10**9)


def test_rand_int() -> None:
    assert FUNCTIONS["randInt"].knowable is False
    with pytest.raises(GoError, match="invalid argument to Intn"):
        call("randInt", 5, 5)
    with pytest.raises(NotKnowable):
        call("randInt", 1, 5)


# --------------------------------------------------------------------------------------------
# layouts and durations


@pytest.mark.parametrize(
    ("layout", "chunks"),
    [
        ("2006-01-02", [("", "2006"), ("-", "01"), ("-", "02")]),
        ("Janus Monet", [("Janus Monet", "")]),
        ("_2006", [("_", "2006")]),
        ("__2 _2", [("", "__2"), (" ", "_2")]),
        (".000x,99", [("", ".000"), ("x", ",99")]),
        (".01", [(".", "01")]),
        ("-07:00:00Z07", [("", "-07:00:00"), ("", "Z07")]),
    ],
)
def test_layout_elements(layout: str, chunks: list[tuple[str, str]]) -> None:
    found = []
    while layout:
        prefix, element, layout = next_chunk(layout)
        found.append((prefix, element))
    assert found == chunks


def test_date_in_zone_formats_a_fixed_instant() -> None:
    layout = "2006-01-02 15:04:05.000 MST -07:00 Z07:00 Monday Jan January _2 __2 002 3PM pm 06"
    assert call("dateInZone", layout, 1700000000, "Europe/Paris") == (
        "2023-11-14 23:13:20.000 CET +01:00 +01:00 Tuesday Nov November 14 318 318 11PM pm 23"
    )
    assert call("dateInZone", "Mon Jan 2 15:04:05 MST 2006", 0, "America/New_York") == (
        "Wed Dec 31 19:00:00 EST 1969"
    )
    assert call("dateInZone", "2006", 0, "Nope/Zone") == "1970"  # unknown zone: UTC
    assert call("htmlDateInZone", 86400, "Asia/Kolkata") == "1970-01-02"
    assert call("dateInZone", "2006-01-02 MST", -62135596800, "UTC") == "0001-01-01 UTC"
    assert call("dateInZone", "static", 1.5, "UTC") == "static"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("now", ()),
        ("date", ("2006", 0)),  # the controller's zone
        ("htmlDate", (0,)),
        ("dateInZone", ("2006", 1.5, "UTC")),  # not a time: sprig uses the current time
        ("dateInZone", ("2006", 0, "Local")),
        ("ago", (0,)),
    ],
)
def test_clock_and_local_zone_are_not_knowable(name: str, args: tuple) -> None:
    with pytest.raises(NotKnowable):
        call(name, *args)


def test_to_date() -> None:
    utc = call("toDate", "2006-01-02T15:04:05Z07:00", "2024-05-01T10:00:00Z")
    assert call("unixEpoch", utc) == "1714557600"
    assert utc.go_format() == "2024-05-01 10:00:00 +0000 UTC"
    assert jsonfn.marshal(utc) == '"2024-05-01T10:00:00Z"'
    offset = call("toDate", "2006-01-02T15:04:05Z07:00", "2024-05-01T10:00:00+02:00")
    assert call("unixEpoch", offset) == "1714550400"
    assert call("dateInZone", "15:04 MST", offset, "Europe/London") == "09:00 BST"
    local = call("toDate", "02/01/06 03:04pm", "31/12/99 12:30am")
    assert call("date", "2006-01-02 15:04", local) == "1999-12-31 00:30"  # local in, local out
    for known_only_locally in (lambda: call("unixEpoch", local), local.go_format):
        with pytest.raises(NotKnowable):
            known_only_locally()
    zero = call("toDate", "2006-01-02", "bad")
    assert call("unixEpoch", zero) == "-62135596800"


@pytest.mark.parametrize(
    ("layout", "text", "message"),
    [
        ("2006-01-02", "2024-13-01", ": month out of range"),
        ("2006-01-02", "2024-02-30", ": day out of range"),
        ("2006-01-02", "2024-02-29x", ': extra text: "x"'),
        ("2006-01-02 MST", "2024-05-01 Cet", ': cannot parse "Cet" as "MST"'),
        ("2006-002", "2023-366", ": day-of-year out of range"),
        ("2006-01-002", "2023-02-060", ": day-of-year does not match month"),
        ("2006-01-02T15:04:05-07:00", "2024-05-01T10:00:00Z", ': cannot parse "Z" as "-07:00"'),
    ],
)
def test_must_to_date_errors(layout: str, text: str, message: str) -> None:
    with pytest.raises(GoError, match=message.replace("(", r"\(")):
        call("mustToDate", layout, text)


def test_date_modify() -> None:
    start = call("toDate", "2006-01-02T15:04:05Z07:00", "2024-05-01T10:00:00Z")
    assert call("unixEpoch", call("dateModify", "1h30m", start)) == "1714563000"
    assert call("dateModify", "bogus", start) is start
    with pytest.raises(GoError, match='unknown unit "d"'):
        call("mustDateModify", "1d", start)
    later = call("date_modify", "1µs", start)
    assert jsonfn.marshal(later) == '"2024-05-01T10:00:00.000001Z"'
    local = call("toDate", "2006-01-02", "2024-05-01")
    with pytest.raises(NotKnowable):
        call("dateModify", "24h", local)  # a local zone may change its offset in between


@pytest.mark.parametrize(
    ("text", "nanos"),
    [
        ("1h30m", 5_400_000_000_000),
        ("-1.5h", -5_400_000_000_000),
        ("1.000000000000000000000001h", 3_600_000_000_000),
        (".5us", 500),
        ("2.5\u03bcs", 2500),
        ("0", 0),
        ("+5s", 5_000_000_000),
    ],
)
def test_parse_duration(text: str, nanos: int) -> None:
    assert parse_duration(text) == nanos


@pytest.mark.parametrize("text", ["", "-", ".s", "1.5", "1d", "3000000h", "1h-1m", "++1s"])
def test_parse_duration_errors(text: str) -> None:
    with pytest.raises(ValueError, match="time: "):
        parse_duration(text)


def test_durations() -> None:
    assert [format_duration(n) for n in (0, 1, 1500, 1_500_000, 5_400_000_000_000)] == [
        "0s",
        "1ns",
        "1.5\u00b5s",
        "1.5ms",
        "1h30m0s",
    ]
    assert call("duration", "95") == "1m35s"
    assert call("duration", 95) == "0s"  # an int is neither a string nor an int64
    assert call("duration", Int64(95)) == "1m35s"
    assert call("duration", "99999999999999999999") == "-1s"  # clamped, then wrapped
    assert call("duration", Int64(-9223372036854775808)) == "0s"
    rounded = ["2h", "3h", "0s", "1s", "1y", "1mo", "1m", "0s"]  # "1s" is not more than 1s
    for text, expected in zip(
        ["2h10m", "-3h", "bad", "1.5s", "8760h1s", "750h", "90s", "1s"],
        rounded,
        strict=True,
    ):
        assert call("durationRound", text) == expected
    assert call("durationRound", Int64(1000)) == "0s"
    assert call("ago", "x") == "0s"
