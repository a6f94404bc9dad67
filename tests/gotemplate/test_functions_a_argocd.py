"""Argo CD's template functions (`normalize`, `slugify`, `toYaml`, `fromYaml`, `fromYamlArray`).

Expected values come from Argo CD's own unit tests (applicationset/utils/utils_test.go) and
from tools/argocd-extras-oracle (real Go: text/template, sprig, go-yaml v2 and encoding/json
with Argo CD's functions written after its source), recorded in functions-a.json.
"""

from __future__ import annotations

import pytest

from cmp_plugin.gotemplate.functions import argocd as a
from cmp_plugin.gotemplate.functions.convert import NilList, NilMap
from cmp_plugin.gotemplate.functions.gounicode import from_go_bytes
from cmp_plugin.gotemplate.functions.jsonfn import marshal
from cmp_plugin.gotemplate.values import GoError, GoSlice, GoStringMap

LONG_BRANCH = "feat/a_really+long_pull_request_name_to_test_argo_slugification_and_branch_name_shortening_feature"
NO_DASH = "feat/areallylongpullrequestnametotestargoslugificationandbranchnameshorteningfeature"
TYPED = (
    "d: 2024-01-02\ne: 2024-1-2T3:04:05.500Z\nf: 0x1F\ng: 1_000\nh: 017\n1: one\n1.5: x\n"
    "true: t\nn: ~\nj: 0b101\nk: 08\nl: 1e3\nm: +12\no: !!str 12\np: !!float 1\n"
    "q: 2024-01-02 10:00:00\nr: 2001-12-14t21:59:43.10-05:00\ns: 1.0e+3\nt: 0o17\n"
    "u: 9223372036854775808\nv: Yes\nw: 2024-13-01\nx: .5\nz: 1.5e+400"
)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("spoke-dev_Workload1",), "spoke-dev-workload1"),
        (("--.A_b..c.--",), "a-b..c"),
        (("Größe İstanbul ﬁle",), "gr--e-istanbul--le"),
        (("a" * 252 + ".b",), "a" * 252),
        ((from_go_bytes(b"\xef\xac"),), ""),
    ],
)
def test_normalize(args, expected):
    assert a.normalize(*args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((50, False, LONG_BRANCH), "feat-a-really-long-pull-request-name-to-test-argo"),
        ((53, True, LONG_BRANCH), "feat-a-really-long-pull-request-name-to-test-argo"),
        ((50, True, NO_DASH), "feat"),
        ((50, False, NO_DASH), "feat-areallylongpullrequestnametotestargoslugifica"),
        (("Hub.Cluster_NP",), "hub-cluster-np"),
        ((10, "abc-defgh-ijklmnop"), "abc-defgh"),
        (("ab-" * 30,), "ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab"),
        ((0, False, "abc"), ""),
        ((0, True, "abc"), "abc"),
        ((), ""),
        ((5, True, 3, "abc-defgh"), "abc"),
        (("a..b.-.c",), "a-b-c"),
    ],
)
def test_slugify(args, expected):
    assert a.slugify(*args) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, False, "abc"), "slice bounds out of range [:-1]"),
        ((3.0, "abc"), "interface {} is float64, not int"),
        (("10", "abc"), "interface {} is string, not int"),
        ((3,), "interface {} is int, not string"),
        ((None,), "interface {} is nil, not string"),
    ],
)
def test_slugify_panics(args, message):
    with pytest.raises(GoError) as caught:
        a.slugify(*args)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {"foo": {"bar": {"bool": True, "number": 2.0, "str": "Hello world"}}},
            "foo:\n  bar:\n    bool: true\n    number: 2\n    str: Hello world",
        ),
        (
            {"a": 1e6, "b": 1.5, "c": 1e21, "d": 1e-07, "e": 1e20, "f": -0.0, "g": 123456789.0},
            "a: 1000000\nb: 1.5\nc: 1e+21\nd: 1e-07\ne: 1e+20\nf: 0\ng: 123456789",
        ),
        (GoStringMap({"env": "dev"}), "env: dev"),
        (GoSlice(["x", "y"], "string"), '- x\n- "y"'),
        (["a", None, 2.0, True], "- a\n- null\n- 2\n- true"),
        ("yes", '"yes"'),
        (None, "null"),
        ("a: b", "'a: b'"),
        ({"k": "word " * 12}, "k: 'word word word word word word word word word word word word '"),
        ({"k": "a\nb\n", "j": "x\n"}, "j: |\n  x\nk: |\n  a\n  b"),
        (from_go_bytes(b"\xef\xac"), "\ufffd\ufffd"),
        ({}, "{}"),
        (NilList(), "null"),
    ],
)
def test_to_yaml(value, expected):
    assert a.to_yaml_fn(value) == expected


def test_to_yaml_refuses_what_json_cannot_hold():
    with pytest.raises(GoError, match="error marshaling into JSON: json: unsupported value: NaN"):
        a.to_yaml_fn({"x": float("nan")})


@pytest.mark.parametrize(
    ("text", "expected_json"),
    [
        ("hello: world", '{"hello":"world"}'),
        (
            TYPED,
            '{"1":"one","1.5":"x","d":"2024-01-02","e":"2024-1-2T3:04:05.500Z","f":31,'
            '"false":null,"g":1000,"h":15,"j":5,"k":8,"l":1000,"m":12,"o":"12","p":1,'
            '"q":"2024-01-02 10:00:00","r":"2001-12-14t21:59:43.10-05:00","s":1000,"t":15,'
            '"true":"t","u":9223372036854776000,"v":true,"w":"2024-13-01","x":0.5,'
            '"z":"1.5e+400"}',
        ),
        (
            "a: &x {b: 1, c: 2}\nm:\n  b: 0\n  <<: *x\n  d: 4\n",
            '{"a":{"b":1,"c":2},"m":{"b":1,"c":2,"d":4}}',
        ),
        ("a: 1\n---\nb: 2", '{"a":1}'),
        ("a: 1\na: 2", '{"a":2}'),
        ("0.1: a\n1e6: b\n2.5: c", '{"0.1":"a","1e+06":"b","2.5":"c"}'),
        ("a: 1\nb: [x, y]", '{"a":1,"b":["x",true]}'),
    ],
)
def test_from_yaml(text, expected_json):
    assert marshal(a.from_yaml(text)) == expected_json


def test_from_yaml_of_nothing_is_a_nil_map_and_list():
    assert isinstance(a.from_yaml(""), NilMap)
    assert isinstance(a.from_yaml_array(""), NilList)
    assert a.from_yaml_array("- hello world\n- bonjour tout le monde") == [
        "hello world",
        "bonjour tout le monde",
    ]


@pytest.mark.parametrize(
    ("function", "text", "message"),
    [
        (
            a.from_yaml,
            "non\n compliant\n yaml",
            "cannot unmarshal string into Go value of type map[string]interface {}",
        ),
        (
            a.from_yaml_array,
            "non\n compliant\n yaml",
            "cannot unmarshal string into Go value of type []interface {}",
        ),
        (a.from_yaml, "- a", "cannot unmarshal array into Go value of type map"),
        (a.from_yaml, "3", "cannot unmarshal number into Go value of type map"),
        (a.from_yaml_array, "a: 1", "cannot unmarshal object into Go value of type []interface {}"),
        (a.from_yaml, "a: [b", "error converting YAML to JSON: yaml: line 1"),
        (a.from_yaml, "~: a", "unsupported map key of type"),
        (a.from_yaml, "a: .nan", "json: unsupported value: NaN"),
    ],
)
def test_from_yaml_errors(function, text, message):
    with pytest.raises(GoError) as caught:
        function(text)
    assert message in str(caught.value)
