"""sprig's JSON, reflection, default, list and dict functions, called directly.

Expected values are real Go's (the go-template-oracle's answers, also recorded in
tests/data/conformance/argocd-templates/functions-b.json), except two where Argo CD's versions
differ from the oracle's and the test says why (Go 1.22's JSON escapes, mergo 1.0's overwrite).
"""

from __future__ import annotations

import math

import pytest

from cmp_plugin.gotemplate.functions import (  # noqa: F401  (they register)
    convert,
    defaults,
    dicts,
    jsonfn,
    lists,
    numeric,
    reflection,
)
from cmp_plugin.gotemplate.functions.registry import FUNCTIONS
from cmp_plugin.gotemplate.values import GoError, GoSlice, GoStringMap, Int64, NotKnowable

NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference"


def call(name: str, *args: object) -> object:
    return FUNCTIONS[name].body(*args)


# --------------------------------------------------------------------------------------------
# JSON


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.0, "2"),  # not 2.0: Go prints whole float64 numbers without a fraction
        (2.5, "2.5"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (123456789.0, "123456789"),
        (1e300, "1e+300"),
        (-0.0, "-0"),
        (Int64(9223372036854775807), "9223372036854775807"),
        (None, "null"),
        (True, "true"),
        ({"b": 1.0, "a": [1.0, 2.0], "c": None}, '{"a":[1,2],"b":1,"c":null}'),
        (GoStringMap(a="b", e=""), '{"a":"b","e":""}'),
        (GoSlice(["b", "a"]), '["b","a"]'),
        (convert.NilList(), "null"),  # `rest (list)`: a nil slice
        ([], "[]"),
        (convert.NilMap(), "null"),
        ({"annotations": None, "name": "bare"}, '{"annotations":null,"name":"bare"}'),
    ],
)
def test_to_json_writes_what_go_writes(value: object, expected: str) -> None:
    assert call("toJson", value) == expected


def test_to_json_escapes() -> None:
    text = 'a\u2028b\u2029<>&\u0001"\\é\x7f'
    assert call("toJson", text) == '"a\\u2028b\\u2029\\u003c\\u003e\\u0026\\u0001\\"\\\\é\x7f"'
    assert call("toRawJson", text) == '"a\\u2028b\\u2029<>&\\u0001\\"\\\\é\x7f"'
    assert call("toJson", {"<k>": "v"}) == '{"\\u003ck\\u003e":"v"}'
    # Go 1.22 and later (Argo CD's Go 1.26) write \b and \f; the oracle's Go 1.19 does not.
    assert call("toJson", "a\bb\fc") == '"a\\bb\\fc"'
    # invalid UTF-8 (a surrogate-escaped byte) becomes U+FFFD, one per byte
    assert call("toJson", "x\udcff\udcfe") == '"x\\ufffd\\ufffd"'


def test_json_failures() -> None:
    assert call("toJson", math.nan) == ""
    assert call("toPrettyJson", [1.0, math.inf]) == ""
    with pytest.raises(GoError, match="json: unsupported value: NaN"):
        call("mustToJson", math.nan)
    with pytest.raises(GoError, match=r"json: unsupported value: -Inf"):
        call("toRawJson", -math.inf)  # sprig panics here
    cyclic: dict = {}
    cyclic["self"] = cyclic
    with pytest.raises(GoError, match="encountered a cycle"):
        call("mustToJson", cyclic)
    with pytest.raises(GoError, match="complex128"):
        call("mustToJson", 2j)


def test_to_pretty_json_is_marshal_indent() -> None:
    value = {"b": 1.0, "a": [1.0, 2.0], "c": None, "d": {"x": "<"}, "e": [], "f": {}}
    assert call("toPrettyJson", value) == (
        '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1,\n  "c": null,\n'
        '  "d": {\n    "x": "\\u003c"\n  },\n  "e": [],\n  "f": {}\n}'
    )
    assert call("toPrettyJson", "x:{") == '"x:{"'


def test_from_json() -> None:
    text = '{"a":[1,2.5,"x",null,true],"b":{},"c":"<&>"}'
    assert call("fromJson", text) == {"a": [1.0, 2.5, "x", None, True], "b": {}, "c": "<&>"}
    assert type(call("fromJson", "12345678901234567890")) is float
    for bad in ("[1,2", "", "NaN", "01", "[1,]", '{"a":1}x'):
        assert call("fromJson", bad) is None
        with pytest.raises(GoError):
            call("mustFromJson", bad)
    # a number too big for a float64: nil in its place, and an error for mustFromJson
    assert call("fromJson", '{"a":1e400,"b":2}') == {"a": None, "b": 2.0}
    with pytest.raises(GoError, match="cannot unmarshal number 1e400"):
        call("mustFromJson", '{"a":1e400}')
    assert call("fromJson", '"\\ud800x\\ud83d\\ude00"') == "\ufffdx\U0001f600"
    assert call("fromJson", '{"a":1,"a":2}') == {"a": 2.0}


# --------------------------------------------------------------------------------------------
# reflection and defaults


@pytest.mark.parametrize(
    ("value", "type_", "kind"),
    [
        (2.0, "float64", "float64"),
        (GoStringMap(), "map[string]string", "map"),
        (GoSlice(["a"]), "[]string", "slice"),
        ([1.0], "[]interface {}", "slice"),
        ({}, "map[string]interface {}", "map"),
        (None, "<nil>", "invalid"),
        (1, "int", "int"),
        (Int64(1), "int64", "int64"),
        ("x", "string", "string"),
        (True, "bool", "bool"),
        (GoSlice([], "[]interface {}"), "[][]interface {}", "slice"),
    ],
)
def test_type_and_kind(value: object, type_: str, kind: str) -> None:
    assert call("typeOf", value) == type_
    assert call("kindOf", value) == kind
    assert call("typeIs", type_, value)
    assert call("kindIs", kind, value)


def test_type_is_like_accepts_a_pointer_of_the_type_only() -> None:
    assert call("typeIsLike", "string", "x")
    assert not call("typeIsLike", "*string", "x")


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ([3.0, 1.0], [3.0, 1.0], True),
        ([3.0, 1.0], [3, 1], False),  # float64 and int differ
        (1, 1.0, False),
        (True, 1, False),
        (Int64(1), 1, False),
        (math.nan, math.nan, False),
        (None, None, True),
        (convert.NilList(), [], False),  # nil and empty slices differ
        (convert.NilMap(), {}, False),
        (GoSlice(["b"]), ["b"], False),
        (GoStringMap(a="b"), {"a": "b"}, False),
        ({"a": [1.0]}, {"a": [1.0]}, True),
    ],
)
def test_deep_equal(a: object, b: object, equal: bool) -> None:
    assert call("deepEqual", a, b) is equal


def test_deep_equal_of_go_structs() -> None:
    from cmp_plugin.gotemplate.functions import dates, semver  # noqa: F401

    parse = FUNCTIONS["toDate"].body
    assert call("deepEqual", parse("2006 MST", "2024 UTC"), parse("2006 MST", "2024 UTC"))
    assert not call("deepEqual", parse("2006 MST", "2024 UTC"), parse("2006 MST", "2025 UTC"))
    assert call("deepEqual", parse("2006", "x"), parse("2006 MST", "0001 UTC"))  # zero time
    version = FUNCTIONS["semver"].body
    # Go compares every field, the unexported `original` included (`v1.2.3` != `1.2.3`)
    assert call("deepEqual", version("1.2.3"), version("1.2.3"))
    assert not call("deepEqual", version("v1.2.3"), version("1.2.3"))


def test_deep_equal_of_the_same_slice_holding_nan() -> None:
    same = [math.nan]
    assert call("deepEqual", same, same)


@pytest.mark.parametrize(
    "value", [None, "", 0, 0.0, -0.0, False, [], {}, GoStringMap(), convert.NilList()]
)
def test_empty_values(value: object) -> None:
    assert call("empty", value)
    assert call("default", "d", value) == "d"


@pytest.mark.parametrize("value", ["x", 1, 2.5, math.nan, True, [None], {"a": None}])
def test_non_empty_values(value: object) -> None:
    assert not call("empty", value)
    assert call("default", "d", value) is value


def test_defaults_flow() -> None:
    assert call("default", "d") == "d"
    assert call("default", "d", "x", "y") == "x"
    assert call("coalesce", "", 0, None, 2.0) == 2.0
    assert call("coalesce") is None
    assert call("all") is True and call("any") is False
    assert call("all", 1.0, "") is False and call("any", 0, "", 1) is True
    assert call("ternary", "y", "n", False) == "n"
    with pytest.raises(GoError, match=r"^boom$"):
        call("fail", "boom")


def test_deep_copy() -> None:
    original = {"k": {"x": 1.0}, "l": GoStringMap(a="b"), "n": convert.NilList()}
    copied = call("deepCopy", original)
    assert copied == original and copied["k"] is not original["k"]
    assert type(copied["l"]) is GoStringMap and type(copied["n"]) is convert.NilList
    with pytest.raises(GoError, match="zero Value"):
        call("deepCopy", None)
    with pytest.raises(GoError, match="zero Value"):
        call("mustDeepCopy", None)


# --------------------------------------------------------------------------------------------
# lists


def test_list_functions() -> None:
    numbers, strings = [3.0, 1.0, 2.0], GoSlice(["b", "a"])
    assert call("list") == [] and call("tuple", 1, "a") == [1, "a"]
    assert call("first", strings) == "b" and call("last", numbers) == 2.0
    assert call("first", []) is None
    assert call("rest", strings) == ["a"] and type(call("rest", strings)) is list
    assert type(call("rest", [])) is convert.NilList
    assert type(call("initial", [1])) is list and call("initial", numbers) == [3.0, 1.0]
    assert call("append", strings, "c") == ["b", "a", "c"]
    assert call("prepend", numbers, 0) == [0, 3.0, 1.0, 2.0]
    assert call("reverse", strings) == ["a", "b"]
    assert call("uniq", [1, 1.0, 1, "1", 1]) == [1, 1.0, "1"]
    assert call("without", numbers, 1.0, 3) == [3.0, 2.0]
    assert call("compact", [0, "", None, 1, [], "a", False, {}, 0.0]) == [1, "a"]
    assert call("has", 1.0, numbers) and not call("has", 1, numbers)
    assert call("has", 1, None) is False


def test_slice_keeps_the_slice_type() -> None:
    assert call("slice", [3.0, 1.0, 2.0], "1", 2.9) == [1.0]
    part = call("slice", GoSlice(["b", "a"]), 1)
    assert part == ["a"] and type(part) is GoSlice and part.elem == "string"
    assert call("slice", []) is None
    with pytest.raises(GoError, match="slice index out of bounds"):
        call("slice", [1.0], 0, 4)
    with pytest.raises(GoError, match="but string"):
        call("slice", "abc", 1, 2)  # sprig's slice, not Go's builtin


def test_concat_chunk_sort() -> None:
    assert call("concat", [3.0], GoSlice(["b"])) == [3.0, "b"]
    assert type(call("concat")) is convert.NilList
    assert type(call("concat", [], [])) is convert.NilList
    assert call("chunk", 2, [3.0, 1.0, 2.0]) == [[3.0, 1.0], [2.0]]
    assert call("chunk", 2, []) == [] and call("chunk", 2, []).elem == "[]interface {}"
    for size, items in ((0, [1.0]), (-1, [1.0]), (-5, [])):
        with pytest.raises(GoError, match="makeslice: len out of range"):
            call("chunk", size, items)
    assert call("sortAlpha", ["b", None, "a", 1.5, "B", "é", "z"]) == [
        "1.5",
        "B",
        "a",
        "b",
        "z",
        "é",
    ]
    assert call("sortAlpha", None) == ["<nil>"]
    assert call("sortAlpha", GoStringMap(a="b")) == ["map[a:b]"]


@pytest.mark.parametrize(
    "name", ["first", "last", "rest", "initial", "reverse", "compact", "uniq", "slice", "chunk"]
)
def test_a_nil_list_is_a_nil_pointer_panic(name: str) -> None:
    args = (2, None) if name == "chunk" else (None,)
    with pytest.raises(GoError, match=NIL_DEREFERENCE):
        call(name, *args)
    with pytest.raises(GoError, match=NIL_DEREFERENCE):
        call("must" + name[0].upper() + name[1:], *args)


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("mustFirst", (1,), "Cannot find first on type int"),
        ("mustLast", ({},), "Cannot find last on type map"),
        ("rest", (1.5,), "Cannot find rest on type float64"),
        ("reverse", (True,), "Cannot find reverse on type bool"),
        ("mustCompact", (GoStringMap(),), "Cannot compact on type map"),
        ("has", (1, "x"), "Cannot find has on type string"),
        ("mustAppend", ("x", 1), "Cannot push on type string"),
        ("concat", ([1.0], "x"), "Cannot concat type string as list"),
    ],
)
def test_not_a_list(name: str, args: tuple, message: str) -> None:
    with pytest.raises(GoError, match=f"^{message}$"):
        call(name, *args)


def test_random_order_of_keys_and_values() -> None:
    keys = call("keys", {"b": 1, "a": 2})
    assert sorted(keys) == ["a", "b"]
    assert call("sortAlpha", keys) == ["a", "b"]  # the order is known again
    assert call("has", "a", keys)
    for name in ("first", "last", "toJson", "toString"):
        with pytest.raises(NotKnowable, match="random"):
            call(name, keys)
    assert isinstance(call("rest", keys), convert.RandomOrder) is False  # one element left
    assert isinstance(call("reverse", keys), convert.RandomOrder)
    assert call("keys", {"b": 1}, {"a": 2}) == ["b", "a"]  # one key each: order known
    assert call("values", {"b": 1}) == [1]


# --------------------------------------------------------------------------------------------
# dicts


def test_dict_functions() -> None:
    assert call("dict", "a") == {"a": ""}
    assert call("dict", 1, 2, None, 3) == {"1": 2, "<nil>": 3}
    m = {"b": 1.0, "a": [1.0, 2.0], "c": None}
    assert call("get", m, "zz") == "" and call("get", m, "c") is None
    assert call("hasKey", m, "c") and not call("hasKey", None, "c")
    assert call("pick", m, "a", "zz") == {"a": [1.0, 2.0]}
    assert call("omit", m, "a", "zz") == {"b": 1.0, "c": None}
    assert call("pluck", "b", m, {"b": 2}, {}) == [1.0, 2]
    assert call("get", None, "a") == "" and call("pick", None, "a") == {}


def test_set_and_unset_change_the_map() -> None:
    d = {"a": 1}
    assert call("set", d, "b", 2) is d and d == {"a": 1, "b": 2}
    assert call("unset", d, "a") is d and d == {"b": 2}
    assert type(call("unset", None, "a")) is convert.NilMap
    with pytest.raises(GoError, match="assignment to entry in nil map"):
        call("set", None, "a", 1)


def test_dig() -> None:
    m = {"d": {"x": "<"}, "b": 1.0}
    assert call("dig", "d", "x", "def", m) == "<"
    assert call("dig", "d", "y", "def", m) == "def"
    with pytest.raises(GoError, match="is float64, not map"):
        call("dig", "b", "x", "def", m)
    with pytest.raises(GoError, match="is map\\[string\\]string, not map"):
        call("dig", "a", "d", GoStringMap(a="b"))
    with pytest.raises(GoError, match="is nil, not map"):
        call("dig", "a", "d", None)
    with pytest.raises(GoError, match="is int, not string"):
        call("dig", 1, "d", {})
    with pytest.raises(GoError, match="at least three"):
        call("dig", "a", {})


def test_merge_is_mergo() -> None:
    merged = call(
        "merge", {"a": 1, "b": "", "n": {"x": 1}}, {"a": 2, "b": "x", "c": None, "n": {"y": 3}}
    )
    assert merged == {"a": 1, "b": "x", "n": {"x": 1, "y": 3}}  # a nil source value is skipped
    assert call("merge", {"a": [1]}, {"a": [2]}) == {"a": [1]}
    assert call("mergeOverwrite", {"a": [1]}, {"a": [2]}) == {"a": [2]}
    assert call("mergeOverwrite", {"a": 1, "b": "x"}, {"a": 0, "b": None}) == {"a": 0, "b": None}
    assert call("merge", {"a": 0}, {"a": []}) == {"a": []}
    assert call("merge", {"a": {"x": 1}}, {"a": "s"}) == {"a": {"x": 1}}
    assert call("mergeOverwrite", {"a": {"x": 1}}, {"a": "s"}) == {"a": "s"}
    # dario.cat/mergo 1.0 (Argo CD's): a map replaces a scalar under overwrite (0.3 kept it)
    assert call("mergeOverwrite", {"a": "s"}, {"a": {"x": 1}}) == {"a": {"x": 1}}
    assert call("merge", {"a": "s"}, {"a": {"x": 1}}) == {"a": "s"}


def test_merge_changes_and_returns_the_destination() -> None:
    d = {"a": 1}
    assert call("merge", d, {"b": 2}) is d and d == {"a": 1, "b": 2}
    assert call("merge", None, {"a": 1}) == {"a": 1}
    assert type(call("merge", None, None)) is convert.NilMap
    same = {"a": 1, "n": {"x": 1}}
    assert call("merge", same, same) == {"a": 1, "n": {"x": 1}}


def test_merge_into_a_nested_string_map() -> None:
    labels = GoStringMap(a="b", e="")
    assert call("merge", {"l": labels}, {"l": GoStringMap(a="c", n="m")}) == {
        "l": {"a": "b", "e": "", "n": "m"}
    }
    assert call("merge", {"l": GoStringMap(a="b")}, {"l": {"a": "z", "zz": None}}) == {
        "l": {"a": "b"}
    }
    for source in ({"q": "r"}, {"e": "z"}):  # a set from an interface map panics in reflect
        with pytest.raises(GoError, match="not assignable to type string"):
            call("merge", {"l": GoStringMap(a="b", e="")}, {"l": source})
    with pytest.raises(GoError, match="IsNil on string Value"):
        call("merge", {"l": GoStringMap(a="b")}, {"l": {"a": [1]}})
    with pytest.raises(GoError, match="not assignable"):
        call("mergeOverwrite", {"l": GoStringMap(a="b")}, {"l": {"zz": None}})


def test_mergo_reuses_the_charts_semantics_for_json_values() -> None:
    from cmp_plugin.merge import merge_overwrite, sprig_merge

    dst, src = {"a": {"x": 1}, "b": [1], "c": "", "d": False}, {"a": {"y": 2}, "b": [2], "d": True}
    expected = sprig_merge(convert_copy(dst), convert_copy(src))
    got = convert_copy(dst)
    dicts.mergo(got, convert_copy(src), overwrite=False)
    assert got == expected
    expected = merge_overwrite(convert_copy(dst), convert_copy(src))
    got = convert_copy(dst)
    dicts.mergo(got, convert_copy(src), overwrite=True)
    assert got == expected


def convert_copy(value: dict) -> dict:
    return jsonfn.unmarshal(jsonfn.marshal(value))[0]
