"""The manifest emitter: whatever it writes, a YAML 1.1 loader reads back as the same data."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cmp_plugin.chart.render import render
from cmp_plugin.emit import document
from cmp_plugin.yamlio import dump_stream, load_mapping
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
    assert list(yaml.safe_load_all(dump_stream(objects))) == objects


def test_layout_is_block_style_sorted_and_indentless() -> None:
    text = document({"spec": {"b": [{"y": 1, "x": [2]}], "a": "multi\nline\n", "c": {}}})
    assert text == (
        "spec:\n  a: |\n    multi\n    line\n  b:\n  - x:\n    - 2\n    y: 1\n  c: {}\n"
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
