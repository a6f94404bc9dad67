"""Values files are read as Helm reads them: every plain scalar and key of
`tests/data/yaml-reads/helm.json`, which helm-python-sdk (Helm's own Go code) answered."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cmp_plugin.errors import FleetError
from cmp_plugin.goyamlrules import resolve_plain
from cmp_plugin.yamlio import load_text
from helpers import TESTS

HELM = json.loads((TESTS / "data/yaml-reads/helm.json").read_text())


def same_number(ours: Any, helm: Any) -> bool:
    """Helm's values are JSON numbers (float64): 1 and 1.0 are the same number there."""
    numbers = (int, float)
    if isinstance(ours, bool) or isinstance(helm, bool):
        return False
    return isinstance(ours, numbers) and isinstance(helm, numbers) and float(ours) == float(helm)


@pytest.mark.parametrize(("text", "helm"), HELM["values"].items(), ids=repr)
def test_a_plain_value_reads_as_helm_reads_it(text: str, helm: dict[str, Any]) -> None:
    if "error" in helm:  # .inf and .nan: JSON has no such number
        with pytest.raises(FleetError, match="not a finite number"):
            load_text(f"k: {text}\n", "values.yaml")
        return
    ours = load_text(f"k: {text}\n", "values.yaml")["k"]
    expected = helm["value"]
    assert (ours == expected and type(ours) is type(expected)) or same_number(ours, expected)


@pytest.mark.parametrize(("text", "helm"), HELM["keys"].items(), ids=repr)
def test_a_plain_key_reads_as_helm_reads_it(text: str, helm: str) -> None:
    if helm.startswith("error"):  # a null key
        with pytest.raises(FleetError, match="mapping key must be a string"):
            load_text(f"{text}: 1\n", "values.yaml")
        return
    assert list(load_text(f"{text}: 1\n", "values.yaml")) == [helm]


def test_keys_that_read_alike_are_duplicates_and_1_is_not_true() -> None:
    """`1` and `yes` are the keys "1" and "true" (in Python, 1 == True would merge them)."""
    assert load_text("1: a\nyes: b\n", "values.yaml") == {"1": "a", "true": "b"}
    with pytest.raises(FleetError, match="duplicate key 'true'"):
        load_text("y: a\nyes: b\n", "values.yaml")


def test_quoted_and_tagged_scalars() -> None:
    text = "a: 'y'\nb: \"1e3\"\nc: !!str 0o17\nd: !!int 0o17\ne: !!float 1\nf: !!bool y\n"
    assert load_text(text, "values.yaml") == {
        "a": "y", "b": "1e3", "c": "0o17", "d": 15, "e": 1.0, "f": True,
    }  # fmt: skip
    with pytest.raises(FleetError, match=r"'1\.5' is not a YAML int"):
        load_text("a: !!int 1.5\n", "values.yaml")


def test_the_writer_and_the_reader_agree() -> None:
    """What `reads_as_string` lets the writers put plain is what the reader reads as that
    string (the writers quote more: timestamps and base-60 numbers for YAML 1.1 readers)."""
    from cmp_plugin.goyamlrules import reads_as_string

    for text in [*HELM["values"], "plain", "a b", "0x1G", "+", "-"]:
        if reads_as_string(text):
            assert resolve_plain(text) == text
