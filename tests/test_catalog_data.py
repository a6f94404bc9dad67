"""The built-in catalog ships pre-parsed as JSON; it must say exactly what the YAML says."""

from __future__ import annotations

import json

import pytest

from cmp_plugin.data import build
from cmp_plugin.yamlio import load_text

SOURCES = build.sources()


def test_every_catalog_of_the_chart_is_built_in() -> None:
    names = {path.stem for path in SOURCES}
    assert {"chart-values", "ack", "addons", "fleetBootstrap", "monitoring", "resources"} <= names


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_json_copy_matches_yaml(source) -> None:
    from_yaml = load_text(source.read_text(encoding="utf-8"), source.name) or {}
    from_json = json.loads(build.json_copy(source).read_text(encoding="utf-8"))
    assert from_json == from_yaml, f"run: python -m cmp_plugin.data.build ({source.name} changed)"
