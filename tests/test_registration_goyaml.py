"""goyaml.to_yaml against text Helm's own `toYaml` produced (helm-python-sdk 0.2.2, recorded)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cmp_plugin.errors import FleetError
from cmp_plugin.goyaml import reads_as_string, sorted_keys, to_yaml

# Recorded from `toYaml` in Helm's engine for these values.
HELM_RECORDED = [
    (
        {
            "a_b": "1", "aB": "x", "a10": "y", "a2": "z", "Zed": "q", "_u": "u", "e": "",
            "f": "false", "long": "word " * 30, "ml": "line1\nline2\n",
        },
        "_u: u\nZed: q\na_b: \"1\"\na2: z\na10: \"y\"\naB: x\ne: \"\"\nf: \"false\"\n"
        "long: 'word word word word word word word word word word word word word word word\n"
        "  word word word word word word word word word word word word word word word '\n"
        "ml: |\n  line1\n  line2",
    ),
    ({"k": "\U0001f680"}, 'k: "\\U0001F680"'),
    ({"k": "a\tb"}, 'k: "a\\tb"'),
    ({"-": 1}, "'-': 1"),
    ({"@": 2**63, "k1": "',#é1e3"}, "'@': 9223372036854776000\nk1: ''',#é1e3'"),
    ({"x": [], "y": {}, "z": None, "b": True, "f": 0.5, "g": 1e21, "h": 1e-07},
     'b: true\nf: 0.5\ng: 1e+21\nh: 1e-07\nx: []\n"y": {}\nz: null'),
    ({"a": [{"b": 1, "c": [2, 3]}, [4]]}, "a:\n- b: 1\n  c:\n  - 2\n  - 3\n- - 4"),
    ({"1e400": "\n", "* a ": ["a"]}, "'* a ':\n- a\n1e400: |2+\n"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "text"), HELM_RECORDED)
def test_to_yaml_matches_helm(value: dict, text: str) -> None:
    assert to_yaml(value) == text


# Recorded from go-yaml v2 (gopkg.in/yaml.v2 2.4, Helm's path: json.Marshal, yaml.Unmarshal of
# that JSON, yaml.Marshal). Go's `unicode.IsDigit` is not Python's `isdigit` (`²`), and Go adds
# `rune - '0'` for another script's digit (`٣` sorts after 10); U+2028/U+2029 are written as
# they are in quoted and literal scalars; a value that starts with a BOM has every character
# escaped (go-yaml's `is_bom` looks at the first character only); a key is simple up to 128
# UTF-8 bytes, not characters.
GO_YAML_RECORDED = [
    ({"²": 1, "1": 2, "x٣": 3, "x2": 4, "x10": 5}, '²: 1\n"1": 2\nx2: 4\nx10: 5\nx٣: 3'),
    ({"k": "a\u2028b", "l": "\u2029x\n"}, "k: 'a\u2028  b'\nl: |2\n\u2029  x"),
    ({"m": "line\u2028one\ntwo\n"}, "m: |\n  line\u2028  one\n  two"),
    (
        {"\ufeffb": "\ufeffa b", "c": "a\ufeffb"},
        '"\\uFEFF\\x62": "\\uFEFF\\x61\\x20\\x62"\nc: "a\\uFEFFb"',
    ),
    (
        {"é" * 65: 1, "e" * 128: 2, "ü" * 64: 3},
        f"{'e' * 128}: 2\n? {'é' * 65}\n: 1\n{'ü' * 64}: 3",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("value", "text"), GO_YAML_RECORDED)
def test_to_yaml_matches_go_yaml(value: dict, text: str) -> None:
    assert to_yaml(value) == text


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
string_trees = st.recursive(
    texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(texts, string_trees, max_size=4))
def test_any_strings_give_well_formed_yaml(data: dict) -> None:
    # go-yaml's text is not always read back equal (it writes the key `<<` and the value `=`
    # plain), but it is always well-formed YAML, and any key can be sorted.
    yaml.compose(to_yaml(data), Loader=yaml.SafeLoader)


@pytest.mark.parametrize(
    ("text", "plain"),
    [("true", False), ("y", False), ("On", False), ("~", False), ("", False), ("123", False),
     ("0x1F", False), ("1_000", False), ("1e3", False), (".5", False), ("2024-01-02", False),
     ("1:20", False), ("08", False), ("abc", True), ("1.2.3", True), ("2024-13-02", True),
     ("NaN", True), ("<secret-arn>", True)],
)  # fmt: skip
def test_which_strings_read_back_as_strings(text: str, plain: bool) -> None:
    assert reads_as_string(text) is plain


def test_key_order_is_go_yaml_natural_order() -> None:
    # Recorded from Helm. (go-yaml's order is not transitive for keys such as a10/a1b/a2, where
    # Helm's own output changes from run to run; argocd-fleet's is at least deterministic.)
    keys = ["aB", "a_b", "a10", "a2", "Zed", "_u", "x9", "x10", "a1_"]
    assert sorted_keys(dict.fromkeys(keys)) == [
        "_u", "Zed", "a_b", "a1_", "a2", "a10", "aB", "x9", "x10"
    ]  # fmt: skip


def test_values_json_cannot_hold_are_refused() -> None:
    with pytest.raises(FleetError, match="NaN"):
        to_yaml({"x": float("nan")})
