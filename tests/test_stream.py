"""One writer of manifest streams (cmp_plugin/stream.py), three named formats: the plugin's
JSON documents, the CLI's JSON list and YAML are the same objects, and each is refused at the
output limit while it is written."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from cmp_plugin.errors import FleetError
from cmp_plugin.limits import Limits
from cmp_plugin.stream import FORMATS, write_stream

OBJECTS: list[dict[str, Any]] = [
    {"kind": "ApplicationSet", "metadata": {"name": "b"}, "spec": {"x": [1, "ä", None]}},
    {"kind": "ApplicationSet", "metadata": {"name": "a"}, "spec": {"y": "multi\nline"}},
]


def test_the_formats_are_named() -> None:
    assert set(FORMATS) == {"yaml", "json", "json-documents"}


@pytest.mark.parametrize("fmt", ["yaml", "json-documents"])
def test_a_stream_of_documents_reads_back_as_the_objects(fmt: str) -> None:
    text = write_stream(OBJECTS, fmt)
    assert text.startswith("---\n")
    assert list(yaml.safe_load_all(text)) == OBJECTS


def test_the_plugin_s_documents_are_one_json_line_each() -> None:
    lines = write_stream(OBJECTS, "json-documents").splitlines()
    assert lines[0::2] == ["---", "---"]
    assert [json.loads(line) for line in lines[1::2]] == OBJECTS


def test_the_json_list_is_json_s_own_indented_list() -> None:
    expected = json.dumps(OBJECTS, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert write_stream(OBJECTS, "json") == expected
    assert write_stream([], "json") == "[]\n"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_refused_past_the_output_limit(fmt: str) -> None:
    small = Limits(max_output_bytes=300)
    write_stream(OBJECTS[:1], fmt, small)  # within the limit
    many = [OBJECTS[0]] * 5
    with pytest.raises(FleetError, match="ARGOCD_FLEET_MAX_OUTPUT_BYTES"):
        write_stream(iter(many), fmt, small)
