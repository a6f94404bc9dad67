"""The manifest emitter: whatever it writes, a YAML loader reads back as the same data.

"The same data" for PyYAML (the pure and the libyaml loader) and for go-yaml v2, which Argo CD
and kubectl read manifests with: the scalars go-yaml reads as booleans or numbers where
PyYAML reads strings were checked with go-yaml v2 and v3 themselves.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cmp_harness import run_plugin, string
from cmp_plugin.chart.render import render
from cmp_plugin.emit import document
from cmp_plugin.stream import write_stream
from cmp_plugin.yamlio import load_mapping
from helpers import cases

TRICKY = [
    "", "true", "yes", "No", "on", "null", "~", "1.0", "0x1F", "1_000", "2024-01-01", ".inf",
    "x: y", "a #b", "- a", "-x", "?", ":", "@x", "`x`", "'q'", '"q"', "it's", "{{ .name }}",
    "[a]", "$values/a/b.yaml", "<<", "=", " lead", "trail ", "tab\there", "line1\nline2\n",
    "l1\nl2", "trail\n\n", "\n", "\x7f", "a\x85b", "\u2028", "\ufeff", "\x00", "😀", "é",
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY, ids=repr)
def test_strings_round_trip(text: str) -> None:
    data = {"key": text, text or "empty": [text, {"nested": text}]}
    assert yaml.safe_load(document(data)) == data


@pytest.mark.parametrize("case", cases("chart"), ids=lambda p: p.name)
def test_every_golden_output_round_trips(case) -> None:
    objects = render(load_mapping(str(case / "values.yaml"))).objects
    assert list(yaml.safe_load_all(write_stream(objects))) == objects


def test_layout_is_block_style_sorted_and_indentless() -> None:
    text = document({"spec": {"b": [{"z": 1, "x": [2]}], "a": "multi\nline\n", "c": {}}})
    assert text == (
        "spec:\n  a: |\n    multi\n    line\n  b:\n  - x:\n    - 2\n    z: 1\n  c: {}\n"
    )


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
)  # fmt: skip
trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), trees, max_size=5))
def test_random_trees_round_trip(data) -> None:
    assert yaml.safe_load(document(data)) == data


# Strings whose first line is empty or starts with a blank: a literal block needs an
# indentation indicator (`|2`), else the reader takes the indentation of the first non-empty
# line and the string reads back changed, or the document does not parse at all.
LEADING = [
    "\n  x", "\n  x\ny", "\n\n   deep\nshallow\n", " lead\nnext", "\tlead\nnext", "\n#c\n",
    "x\n  y\n\n", "\n- a\n  - b", "a\n---\nb\n...\n", "\n\n", "a\n\n\n", "\u2028\nx",
]  # fmt: skip


@pytest.mark.parametrize("text", LEADING, ids=repr)
def test_multi_line_strings_round_trip_in_maps_and_lists(text: str) -> None:
    data = {"k": text, "list": [text, [text], {"k": text}], text: {text: text}}
    written = document(data)
    assert yaml.safe_load(written) == data
    assert yaml.load(written, Loader=yaml.CSafeLoader) == data


def test_a_block_with_a_blank_first_line_says_its_indentation() -> None:
    assert document({"k": "\n  x"}) == "k: |2-\n\n    x\n"
    assert document({"k": ["  x\n"]}) == "k:\n- |2\n    x\n"


def test_a_document_that_is_one_string_is_quoted() -> None:
    assert yaml.safe_load(document("a\nb")) == "a\nb"
    assert document("a\nb") == '"a\\nb"\n'


def test_a_key_past_the_implicit_key_limit_is_written_explicitly() -> None:
    data = {"k" * 1100: {"a": 1}, "short": ["x" * 1100]}
    written = document(data)
    assert written.startswith("? " + "k" * 1100 + "\n:\n  a: 1\n")
    assert yaml.safe_load(written) == data
    nested = [{"x" * 2000: "v", "b": "w"}]
    assert yaml.safe_load(document(nested)) == nested


# Plain for PyYAML but a boolean or a number for go-yaml v2 (what Argo CD reads manifests
# with): `y`/`n`, exponents without a dot, 0o/0B/0X prefixes, leading zeros, `+.5`; and a
# date without zero padding, a timestamp for go-yaml v3.
GO_YAML_NOT_STRINGS = [
    "y", "Y", "n", "N", "1e3", "1E3", "1e+3", "0e0", "0o17", "0O17", "0X1F", "0B101", "08",
    "+.5", "2024-1-1",
]  # fmt: skip


@pytest.mark.parametrize("text", GO_YAML_NOT_STRINGS)
def test_strings_go_yaml_reads_otherwise_are_quoted(text: str) -> None:
    assert document({"zz": text, text: [text]}) == f"'{text}':\n- '{text}'\nzz: '{text}'\n"


# Arbitrary Unicode, and strings built from the pieces that matter to YAML's syntax.
PIECES = [
    " ", "  ", "\n", "\n\n", "\t", "#", " #", "- ", ": ", ":", "'", '"', "\\", "?", "|", ">",
    "&", "*", "!", "%", "@", "`", "{", "[", ",", "---", "...", "\u2028", "\u2029", "\r", "\r\n",
    "\x85", "\ufeff", "\x00", "\x1b", "true", "y", "1", "~", "<<", "=", "a", "b c", "é", "😀",
]  # fmt: skip
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)))
tricky_text = st.lists(
    st.sampled_from(PIECES) | st.characters(blacklist_categories=("Cs",)), max_size=12
).map("".join)
any_text = tricky_text | unicode_text
string_trees = st.recursive(
    any_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(any_text, string_trees, max_size=4))
@example({"": [], " ": "\n #"})
@example({"k": "\n  x\ny", "\n  x": ["\n  x"]})
def test_arbitrary_strings_round_trip_as_keys_and_values(data) -> None:
    written = write_stream([data, data])
    assert list(yaml.safe_load_all(written)) == [data, data]
    assert list(yaml.load_all(written, Loader=yaml.CSafeLoader)) == [data, data]


def test_the_plugin_writes_tricky_strings_that_read_back_unchanged(tmp_path) -> None:
    """`output: yaml` through the plugin, as argocd-cmp-server runs it: a component's
    `valuesObject` carries the strings, as values and as keys, into the ApplicationSet."""
    strings = [*LEADING, *GO_YAML_NOT_STRINGS, *TRICKY, "a\r\nb", "\u2029x\n", "k" * 1100]
    values_object = {
        "values": strings,
        "keys": {text: index for index, text in enumerate(strings)},
        "nested": [{"text": text, text: [text]} for text in strings],
    }
    component = {
        "enabled": True,
        "chartRepository": "https://charts.example.com",
        "defaultVersion": "1.0.0",
        "namespace": "web",
        "valuesObject": values_object,
    }
    values = {"useSelectors": "false", "useVersionSelectors": "false", "web": component}
    (tmp_path / "repo").mkdir()
    # Every scalar double-quoted: PyYAML's plain style writes `y` or `0o17` as they are, which
    # go-yaml, and so the plugin, read as a boolean and a number.
    text = yaml.safe_dump(values, default_style='"')
    parameters = [string("values", text), string("output", "yaml")]
    run = run_plugin(tmp_path / "repo", ".", parameters)
    assert run.returncode == 0, run.stderr
    (appset,) = yaml.safe_load_all(run.stdout)
    written = appset["spec"]["template"]["spec"]["sources"][1]["helm"]["valuesObject"]
    assert {key: written[key] for key in values_object} == values_object
